"""先锋榜 Pioneer Board GUI (PySide6). Talks to app.services only, never to the database directly."""
