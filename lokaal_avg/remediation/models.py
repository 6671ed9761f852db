"""Findings (bevindingen), actions (acties) with comments, and daily metric snapshots."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lokaal_avg.accounts.models import User
from lokaal_avg.channels.models import Channel
from lokaal_avg.core.db import LONG_TEXT_MAX, Base, TimestampMixin, UTCDateTime, VersionedMixin, utcnow
from lokaal_avg.core.severity import SEVERITIES  # noqa: F401 - findings use the one scale of core
from lokaal_avg.organisations.models import Department, Organisation
from lokaal_avg.processors.models import Processor
from lokaal_avg.register.models import ProcessingActivity
from lokaal_avg.remediation.finding_texts import finding_description, finding_text

PRIORITIES = ("hoog", "midden", "laag")
ACTION_STATES = ("open", "in_uitvoering", "wacht_op_derde", "uitgevoerd", "geverifieerd", "niet_van_toepassing")
OPEN_ACTION_STATES = ("open", "in_uitvoering", "wacht_op_derde")


class Finding(TimestampMixin, Base):
    """A problem found by a scan or a register check; one row per problem, kept across re-checks."""

    __tablename__ = "finding"
    __table_args__ = (UniqueConstraint("organisation_id", "fingerprint"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    # Identity across re-checks: "<source>:<target type>:<target id>:<code>:<key>".
    fingerprint: Mapped[str] = mapped_column(String(500))
    source: Mapped[str] = mapped_column(String(20))  # "scan" or "register"
    code: Mapped[str] = mapped_column(String(60))
    key: Mapped[str] = mapped_column(String(400), default="")
    severity: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(300))
    risk: Mapped[str] = mapped_column(Text, default="")
    fix: Mapped[str] = mapped_column(Text, default="")
    # title/risk/fix as stored messages (core/messages.py), rendered in the reader's language; the
    # columns above keep the Dutch text (search, audit, older rows and the scanner's own findings).
    texts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    channel_id: Mapped[int | None] = mapped_column(ForeignKey("channel.id", ondelete="CASCADE"), index=True)
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("processing_activity.id", ondelete="CASCADE"))
    processor_id: Mapped[int | None] = mapped_column(ForeignKey("processor.id", ondelete="CASCADE"))
    scan_id: Mapped[int | None] = mapped_column(ForeignKey("scan.id", ondelete="SET NULL"))
    resolved: Mapped[bool] = mapped_column(default=False, index=True)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    channel: Mapped[Channel | None] = relationship()
    activity: Mapped[ProcessingActivity | None] = relationship()
    processor: Mapped[Processor | None] = relationship()
    # The action made for this finding, if any (Action.finding_id is unique); read-only from this side.
    action: Mapped[Action | None] = relationship(
        primaryjoin="Finding.id == foreign(Action.finding_id)", viewonly=True, uselist=False
    )

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return finding_text(self, "title")

    @property
    def display_risk(self) -> str:
        return finding_text(self, "risk")

    @property
    def display_fix(self) -> str:
        return finding_text(self, "fix")


class Action(VersionedMixin, TimestampMixin, Base):
    __tablename__ = "action"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(String(LONG_TEXT_MAX))
    # Unique: a finding gets at most one action, however often checks run.
    finding_id: Mapped[int | None] = mapped_column(ForeignKey("finding.id", ondelete="SET NULL"), unique=True)
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("processing_activity.id", ondelete="SET NULL"))
    channel_id: Mapped[int | None] = mapped_column(ForeignKey("channel.id", ondelete="SET NULL"))
    processor_id: Mapped[int | None] = mapped_column(ForeignKey("processor.id", ondelete="SET NULL"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id", ondelete="SET NULL"), index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    due_date: Mapped[date | None]
    priority: Mapped[str] = mapped_column(String(10), default="midden")
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    justification: Mapped[str | None] = mapped_column(String(LONG_TEXT_MAX))
    # Verification: by a later scan or check (automatic), or closed by hand before any check confirmed it.
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verification_evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    closed_unverified: Mapped[bool] = mapped_column(default=False)
    reopened_count: Mapped[int] = mapped_column(default=0)

    organisation: Mapped[Organisation] = relationship()
    finding: Mapped[Finding | None] = relationship()
    activity: Mapped[ProcessingActivity | None] = relationship()
    channel: Mapped[Channel | None] = relationship()
    processor: Mapped[Processor | None] = relationship()
    department: Mapped[Department | None] = relationship()
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    comments: Mapped[list[ActionComment]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="ActionComment.created_at"
    )

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        """The title in the reader's language while it is still the one its finding gave it; as typed otherwise."""
        finding = self.finding
        if finding is None:
            return self.title
        if self.title == finding.title[:300]:
            return finding.display_title
        # Made from a scan finding: "<channel>: <title>" (see services.action_from_finding).
        channel, _sep, rest = self.title.partition(": ")
        if finding.channel is not None and channel == finding.channel.name and rest == finding.title[: len(rest)]:
            return f"{channel}: {finding.display_title}"
        return self.title

    @property
    def display_description(self) -> str | None:
        if self.finding is not None and self.description == finding_description(self.finding, translated=False):
            return finding_description(self.finding)
        return self.description


class ActionComment(Base):
    __tablename__ = "action_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    body: Mapped[str] = mapped_column(String(LONG_TEXT_MAX))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    action: Mapped[Action] = relationship(back_populates="comments")
    author: Mapped[User | None] = relationship()


class CheckRun(Base):
    """One run of the register check: when, why, and what it changed.

    The latest run tells the pages whether the findings are fresh enough or need a new check.
    """

    __tablename__ = "check_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    source: Mapped[str] = mapped_column(String(20), default="register")
    # "handmatig" (button), "automatisch" (a page found the last run too old), "opdrachtregel" (CLI)
    trigger: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    ran_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    new: Mapped[int] = mapped_column(default=0)
    reopened: Mapped[int] = mapped_column(default=0)
    resolved: Mapped[int] = mapped_column(default=0)
    open_count: Mapped[int] = mapped_column(default=0)

    actor: Mapped[User | None] = relationship()


class ReminderDigest(Base):
    """The reminder e-mail a person received on a day; send-reminders sends at most one a day."""

    __tablename__ = "reminder_digest"
    __table_args__ = (UniqueConstraint("user_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    day: Mapped[date]
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    action_count: Mapped[int] = mapped_column(default=0)
