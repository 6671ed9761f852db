"""DPIA records (Art. 35 GDPR): one per processing activity, kept as numbered versions.

A version holds the Art. 35(7) content, the DPO's advice (Art. 35(2)) and the controller's
decision. Once decided the version is frozen: changing anything afterwards starts a new
version (a copy), so what was approved stays readable exactly as it was approved.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lokaal_avg.accounts.models import User
from lokaal_avg.core.db import Base, TimestampMixin, UTCDateTime
from lokaal_avg.register.models import ProcessingActivity

DRAFT = "concept"
APPROVED = "goedgekeurd"
VERSION_STATES = (DRAFT, APPROVED)
# The controller's decision; "raadpleging" = proceed only after prior consultation (Art. 36).
DECISIONS = ("doorgaan", "raadpleging", "niet_doorgaan")


class Dpia(TimestampMixin, Base):
    __tablename__ = "dpia"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("processing_activity.id"), unique=True)

    activity: Mapped[ProcessingActivity] = relationship()
    versions: Mapped[list[DpiaVersion]] = relationship(
        back_populates="dpia", order_by="DpiaVersion.number", cascade="all, delete-orphan"
    )

    def __str__(self) -> str:
        return f"DPIA {self.activity.name}"

    @property
    def current(self) -> DpiaVersion:
        return self.versions[-1]

    @property
    def approved(self) -> DpiaVersion | None:
        """The newest approved version (the one in force), if any."""
        return next((v for v in reversed(self.versions) if v.status == APPROVED), None)


class DpiaVersion(Base):
    __tablename__ = "dpia_version"
    __table_args__ = (UniqueConstraint("dpia_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    dpia_id: Mapped[int] = mapped_column(ForeignKey("dpia.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(String(20), default=DRAFT)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    # Art. 35(7)(a): systematic description of the processing and its purposes.
    description: Mapped[str | None] = mapped_column(Text)
    purposes: Mapped[str | None] = mapped_column(Text)
    # Art. 35(7)(b): necessity and proportionality.
    necessity: Mapped[str | None] = mapped_column(Text)
    proportionality: Mapped[str | None] = mapped_column(Text)
    # Art. 35(2): the DPO's advice.
    dpo_advice: Mapped[str | None] = mapped_column(Text)
    dpo_advice_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    dpo_advice_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The controller's decision.
    decision: Mapped[str | None] = mapped_column(String(20))
    decision_reasons: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Art. 36: prior consultation of the supervisory authority.
    consultation_sent_on: Mapped[date | None]
    consultation_reference: Mapped[str | None] = mapped_column(String(100))
    consultation_outcome: Mapped[str | None] = mapped_column(Text)
    review_on: Mapped[date | None]

    dpia: Mapped[Dpia] = relationship(back_populates="versions")
    risks: Mapped[list[DpiaRisk]] = relationship(
        back_populates="version", order_by="DpiaRisk.position", cascade="all, delete-orphan"
    )
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    dpo_advice_by: Mapped[User | None] = relationship(foreign_keys=[dpo_advice_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    def __str__(self) -> str:
        return f"DPIA {self.dpia.activity.name} v{self.number}"

    @property
    def frozen(self) -> bool:
        return self.status == APPROVED


class DpiaRisk(Base):
    """A risk to people's rights and freedoms, scored 1-4 for likelihood and severity, before and after measures."""

    __tablename__ = "dpia_risk"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("dpia_version.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=1)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    likelihood: Mapped[int] = mapped_column(default=1)
    severity: Mapped[int] = mapped_column(default=1)
    measures: Mapped[str | None] = mapped_column(Text)
    residual_likelihood: Mapped[int] = mapped_column(default=1)
    residual_severity: Mapped[int] = mapped_column(default=1)

    version: Mapped[DpiaVersion] = relationship(back_populates="risks")

    def __str__(self) -> str:
        return self.title
