"""Whether an organisation publishes its register, and which activities it leaves out."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lokaal_avg.core.db import Base, UTCDateTime, utcnow


class PublicRegister(Base):
    __tablename__ = "public_register"
    __table_args__ = (UniqueConstraint("organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    published: Mapped[bool] = mapped_column(default=False)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __str__(self) -> str:
        return "publiek register"


class PublicExclusion(Base):
    """An approved activity the organisation keeps off its public register."""

    __tablename__ = "public_exclusion"
    __table_args__ = (UniqueConstraint("organisation_id", "activity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("processing_activity.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
