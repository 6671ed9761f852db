"""Background jobs: state and progress live in the database, whoever runs them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lokaal_avg.core.db import Base, UTCDateTime, utcnow
from lokaal_avg.core.messages import render, render_text

JOB_STATES = ("wachtend", "bezig", "klaar", "mislukt")


class Job(Base):
    __tablename__ = "job"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Null for a job that spans organisations (the DPO's portfolio scan); its children carry one.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    kind: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(20), default="wachtend", index=True)
    progress_done: Mapped[int] = mapped_column(default=0)
    progress_total: Mapped[int] = mapped_column(default=0)
    message: Mapped[str | None] = mapped_column(Text)
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Who runs it ("rq:<worker>", "thread:<host>:<pid>") and when it last showed signs of life:
    # a job whose runner stopped beating is recovered as failed (jobs.health).
    runner: Mapped[str | None] = mapped_column(String(200))
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The failed job this one retries.
    retry_of_id: Mapped[int | None] = mapped_column(ForeignKey("job.id"))

    @property
    def percent(self) -> int:
        if self.state == "klaar":
            return 100
        return round(100 * self.progress_done / self.progress_total) if self.progress_total else 0

    @property
    def display_message(self) -> str:
        """The progress or outcome message in the reader's language (stored as a message, see core/messages)."""
        return render_text(self.message)

    @property
    def display_title(self) -> str:
        return render((self.result or {}).get("title") or (self.params or {}).get("title"))

    @property
    def finished(self) -> bool:
        return self.state in ("klaar", "mislukt")
