"""The dashboard's daily snapshots, kept for the trend charts."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lokaal_avg.core.db import Base


class MetricSnapshot(Base):
    """The dashboard's figures of one day, for the trend charts."""

    __tablename__ = "metric_snapshot"
    __table_args__ = (UniqueConstraint("organisation_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    day: Mapped[date]
    metrics: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
