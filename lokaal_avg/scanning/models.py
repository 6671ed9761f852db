"""Stored scans: the JSON result of the engine (see docs/scan-json.md) per channel."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lokaal_avg.channels.models import Channel
from lokaal_avg.core.db import Base, UTCDateTime, utcnow


class Scan(Base):
    __tablename__ = "scan"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    channel_id: Mapped[int | None] = mapped_column(ForeignKey("channel.id", ondelete="CASCADE"), index=True)
    job_id: Mapped[int | None] = mapped_column(ForeignKey("job.id", ondelete="SET NULL"))
    url: Mapped[str] = mapped_column(String(2000))
    final_url: Mapped[str | None] = mapped_column(String(2000))
    status: Mapped[str] = mapped_column(String(40))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Severity counts of the scan's own findings, for lists without loading the JSON.
    critical: Mapped[int] = mapped_column(default=0)
    high: Mapped[int] = mapped_column(default=0)
    medium: Mapped[int] = mapped_column(default=0)
    low: Mapped[int] = mapped_column(default=0)
    # The page ended on https with a valid certificate; None when the scan never reached the page.
    https_ok: Mapped[bool | None]
    # A label shown with the scan, e.g. for the demo's scans of locally served pages.
    note: Mapped[str | None] = mapped_column(String(300))
    # A scan of the demo's rebuilt pages on 127.0.0.1: demo evidence, its certificate comes from
    # the demo's own throw-away authority and proves nothing about a real website.
    demo: Mapped[bool] = mapped_column(default=False, server_default=false())
    # What this scan changed, computed when it was stored: findings new/resolved/reopened (engine
    # and register gaps alike) and fields added/removed. See scanning/services.py.
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    channel: Mapped[Channel | None] = relationship()

    @property
    def conclusive(self) -> bool:
        """Only a fully analysed page can show that a problem is gone (see services.engine_inputs)."""
        return self.status == "ok"
