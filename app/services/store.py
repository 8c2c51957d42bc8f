"""The open data store as the GUI and the CLI hold it: the one handle they pass to every service."""

from __future__ import annotations

from app.db.database import Database, DatabaseLockedError, SchemaTooNewError

__all__ = ["Database", "DatabaseLockedError", "SchemaTooNewError"]
