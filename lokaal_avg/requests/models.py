"""Requests of data subjects exercising their rights (Art. 12-22 GDPR).

Only what the log needs about the requester: a reference and a contact, removed after the
retention period by `flask --app app purge`.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lokaal_avg.accounts.models import User
from lokaal_avg.core.db import Base, TimestampMixin, UTCDateTime
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.register.models import ProcessingActivity

# Art. 15, 16, 17, 18, 20, 21, 22
KINDS = ("inzage", "rectificatie", "wissing", "beperking", "overdraagbaarheid", "bezwaar", "geautomatiseerd")
STATES = ("open", "beantwoord", "geweigerd")
# Grounds of a refusal (Art. 12(4)-(6), 17(3), 20, 21, 23).
REFUSAL_GROUNDS = ("ongegrond_buitensporig", "identiteit", "recht_geldt_niet", "wettelijke_beperking", "andere")

subject_request_activity = Table(
    "subject_request_activity",
    Base.metadata,
    Column("request_id", ForeignKey("subject_request.id", ondelete="CASCADE"), primary_key=True),
    Column("activity_id", ForeignKey("processing_activity.id", ondelete="CASCADE"), primary_key=True),
)


class SubjectRequest(TimestampMixin, Base):
    __tablename__ = "subject_request"
    __table_args__ = (UniqueConstraint("organisation_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    number: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20))
    received_on: Mapped[date]
    received_via: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str | None] = mapped_column(Text)
    requester_reference: Mapped[str | None] = mapped_column(String(100))
    requester_contact: Mapped[str | None] = mapped_column(String(300))
    identity_verified_on: Mapped[date | None]
    identity_verification: Mapped[str | None] = mapped_column(String(300))
    handler_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    # One month; three when extended (Art. 12(3)), moved to the next working day (Reg. 1182/71).
    due_on: Mapped[date] = mapped_column(index=True)
    extended_on: Mapped[date | None]
    extension_reason: Mapped[str | None] = mapped_column(Text)
    extension_told_on: Mapped[date | None]

    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    answered_on: Mapped[date | None]
    answer: Mapped[str | None] = mapped_column(Text)
    refusal_ground: Mapped[str | None] = mapped_column(String(30))
    refusal_reason: Mapped[str | None] = mapped_column(Text)

    purge_after: Mapped[date | None] = mapped_column(index=True)
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship()
    handler: Mapped[User | None] = relationship(foreign_keys=[handler_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    activities: Mapped[list[ProcessingActivity]] = relationship(
        secondary=subject_request_activity, order_by=ProcessingActivity.name
    )

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"VZ-{self.number:03d}"

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    def overdue(self, today: date) -> bool:
        return self.is_open and self.due_on < today
