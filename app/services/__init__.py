"""Use cases, one transaction each, taking and returning plain dataclasses (never live ORM objects)."""
