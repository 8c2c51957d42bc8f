"""Alembic environment: runs on the connection the program hands over (never on a URL of its own)."""

from alembic import context

from app.db import (
    models_accounts,  # noqa: F401  (logins and roles)
    models_projects,  # noqa: F401  (the 服务项目 tables)
    models_recognition,  # noqa: F401  (the 评选与考核 tables)
    models_service,  # noqa: F401  (the 服务群众 tables, kept in their own module)
    models_township,  # noqa: F401  (a township's merged villages)
)
from app.db.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only for `alembic` on the command line during development
    from sqlalchemy import create_engine

    url = config.get_main_option("sqlalchemy.url") or "sqlite:///dev.sqlite3"
    connection = create_engine(url).connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
