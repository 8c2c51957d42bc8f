"""Models of a township database: the villages merged from their USB packages, and which village owns a row.

Imported by the migrations' env and by app.services.township; a village's own database has them empty.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models import Base, utcnow


class TownshipVillage(Base):
    """One village merged into the township: its stable id is its root organisation's id."""

    __tablename__ = "township_villages"
    village_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    unit_name: Mapped[str] = mapped_column(String(100))
    package_created_at: Mapped[str] = mapped_column(String(40))  # the manifest's ISO time, with its offset
    schema_revision: Mapped[str] = mapped_column(String(200), default="")
    package_name: Mapped[str] = mapped_column(String(255), default="")
    counts: Mapped[str] = mapped_column(Text, default="{}")  # JSON: table → rows in the last package
    digests: Mapped[str] = mapped_column(Text, default="{}")  # JSON: table → SHA-256 of its merged rows
    merged_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class TownshipRow(Base):
    """Which village a merged row came from: a newer package replaces exactly its own rows."""

    __tablename__ = "township_rows"
    table_name: Mapped[str] = mapped_column(String(64), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    village_id: Mapped[str] = mapped_column(String(36))
    __table_args__ = (Index("ix_township_rows_village", "village_id", "table_name"),)
