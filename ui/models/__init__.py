"""Qt item models over plain service results (never live ORM objects)."""
