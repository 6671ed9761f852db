"""The breach register (datalekken, Art. 33(5) GDPR): every incident, notified or not, stays here."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lokaal_avg.accounts.models import User
from lokaal_avg.channels.models import Channel
from lokaal_avg.core.db import Base, TimestampMixin, UTCDateTime
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.processors.models import Processor
from lokaal_avg.register.models import DataCategory, ProcessingActivity, SubjectCategory
from lokaal_avg.remediation.models import Action

KINDS = ("vertrouwelijkheid", "integriteit", "beschikbaarheid")
RISK_LEVELS = ("geen", "risico", "hoog")
# Art. 34(3): when telling every person is not required although the risk is high.
SUBJECT_EXCEPTIONS = ("onleesbaar", "maatregelen", "onevenredig")
# Art. 33(1): "where feasible, not later than 72 hours after having become aware of it".
NOTIFICATION_WINDOW = timedelta(hours=72)


def _link(name: str, target: str) -> Table:
    return Table(
        name,
        Base.metadata,
        Column("breach_id", ForeignKey("breach.id", ondelete="CASCADE"), primary_key=True),
        Column(f"{target}_id", ForeignKey(f"{target}.id", ondelete="CASCADE"), primary_key=True),
    )


breach_activity = _link("breach_activity", "processing_activity")
breach_channel = _link("breach_channel", "channel")
breach_processor = _link("breach_processor", "processor")
breach_data_category = _link("breach_data_category", "data_category")
breach_subject_category = _link("breach_subject_category", "subject_category")
# Actions made from a breach; the link lives here so that remediation never needs to know breaches.
breach_action = _link("breach_action", "action")


class Breach(TimestampMixin, Base):
    __tablename__ = "breach"
    __table_args__ = (UniqueConstraint("organisation_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    number: Mapped[int]  # 1, 2, 3 ... per organisation: the register's own reference
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    discovered_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    discovered_by: Mapped[str] = mapped_column(String(200))
    occurred_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    subjects_estimate: Mapped[int | None]
    records_estimate: Mapped[int | None]
    consequences: Mapped[str | None] = mapped_column(Text)
    measures: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    # The guided risk assessment and what it decided (Art. 33(1), 34(1) and 34(3)).
    risk_level: Mapped[str | None] = mapped_column(String(10))
    assessment: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    risk_reasoning: Mapped[str | None] = mapped_column(Text)
    assessed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    assessed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    notify_authority: Mapped[bool | None]
    inform_subjects: Mapped[bool | None]
    subjects_exception: Mapped[str | None] = mapped_column(String(20))

    # Notification to the supervisory authority (Art. 33) and to the people concerned (Art. 34).
    authority_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    authority_reference: Mapped[str | None] = mapped_column(String(100))
    notification_language: Mapped[str | None] = mapped_column(String(2))
    notification_text: Mapped[str | None] = mapped_column(Text)
    delay_reasons: Mapped[str | None] = mapped_column(Text)
    subjects_informed_on: Mapped[date | None]
    subjects_informed_how: Mapped[str | None] = mapped_column(Text)

    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closure_note: Mapped[str | None] = mapped_column(Text)

    # When each e-mail alert went out: each is sent once, whoever runs the alert job.
    alert_created_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    alert_24h_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    alert_4h_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    assessed_by: Mapped[User | None] = relationship(foreign_keys=[assessed_by_id])
    activities: Mapped[list[ProcessingActivity]] = relationship(
        secondary=breach_activity, order_by=ProcessingActivity.name
    )
    channels: Mapped[list[Channel]] = relationship(secondary=breach_channel, order_by=Channel.name)
    processors: Mapped[list[Processor]] = relationship(secondary=breach_processor, order_by=Processor.name)
    data_categories: Mapped[list[DataCategory]] = relationship(
        secondary=breach_data_category, order_by=DataCategory.name
    )
    subject_categories: Mapped[list[SubjectCategory]] = relationship(
        secondary=breach_subject_category, order_by=SubjectCategory.name
    )
    actions: Mapped[list[Action]] = relationship(secondary=breach_action, order_by=Action.id)

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        return f"DL-{self.number:03d}"

    @property
    def deadline(self) -> datetime:
        """72 hours of real time after discovery (a DST change shifts the clock time, not the span)."""
        return self.discovered_at + NOTIFICATION_WINDOW

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def clock_running(self) -> bool:
        """Still possibly owed to the authority: not closed, not notified, not assessed as no risk."""
        return not self.is_closed and self.authority_notified_at is None and self.notify_authority is not False

    @property
    def notified_late(self) -> bool:
        return self.authority_notified_at is not None and self.authority_notified_at > self.deadline
