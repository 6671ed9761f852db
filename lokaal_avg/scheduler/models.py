"""What the scheduler keeps: one slot per recurring task, and one lock row.

A slot is a recurring task (the scan of one channel, or the register check of one
organisation) with its last start, its job and its next due moment. The lock row is updated
at the start of every claim transaction: on PostgreSQL that row lock, on SQLite the database
write lock, makes concurrent schedulers take turns, so the concurrency limits hold and no
slot is started twice.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lokaal_avg.core.db import Base, UTCDateTime
from lokaal_avg.jobs.models import Job

SCAN = "scan"
REGISTER = "register"


class ScheduleSlot(Base):
    __tablename__ = "schedule_slot"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    # "scan:<channel id>" or "register:<organisation id>": unique, so two schedulers cannot both create it.
    key: Mapped[str] = mapped_column(String(60), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    channel_id: Mapped[int | None] = mapped_column(ForeignKey("channel.id", ondelete="CASCADE"), index=True)
    last_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_job_id: Mapped[int | None] = mapped_column(ForeignKey("job.id", ondelete="SET NULL"))
    # None: not scheduled (manual frequency, inactive or unscannable channel).
    next_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    started_by: Mapped[str | None] = mapped_column(String(100))

    last_job: Mapped[Job | None] = relationship()


class SchedulerLock(Base):
    """A single row (id 1) that serialises claims across scheduler processes."""

    __tablename__ = "scheduler_lock"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    holder: Mapped[str | None] = mapped_column(String(100))
