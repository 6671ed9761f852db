"""The register of processing activities (Art. 30 GDPR) and its managed lists."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from flask_babel import gettext
from sqlalchemy import JSON, Column, ForeignKey, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lokaal_avg.accounts.models import User
from lokaal_avg.core.db import LONG_TEXT_MAX, Base, TimestampMixin, UTCDateTime, VersionedMixin, utcnow
from lokaal_avg.organisations.models import Department
from lokaal_avg.processors.models import Processor


class Status(StrEnum):
    DRAFT = "concept"
    REVIEW = "ter_review"
    APPROVED = "goedgekeurd"
    ENDED = "beeindigd"


class _ListItem(VersionedMixin):
    """Shared columns of the per-organisation lists (codes come from the catalogue)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    code: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(LONG_TEXT_MAX))

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language: the seeded lists are in the message catalogue; typed names stay."""
        return gettext(self.name) if self.name else ""

    @property
    def display_description(self) -> str:
        return gettext(self.description) if self.description else ""


class DataCategory(_ListItem, Base):
    __tablename__ = "data_category"
    __table_args__ = (UniqueConstraint("organisation_id", "code"),)

    special: Mapped[bool] = mapped_column(default=False)
    criminal: Mapped[bool] = mapped_column(default=False)
    national_number: Mapped[bool] = mapped_column(default=False)


class SubjectCategory(_ListItem, Base):
    __tablename__ = "subject_category"
    __table_args__ = (UniqueConstraint("organisation_id", "code"),)


class RecipientCategory(_ListItem, Base):
    __tablename__ = "recipient_category"
    __table_args__ = (UniqueConstraint("organisation_id", "code"),)


def _link_table(name: str, target: str) -> Table:
    return Table(
        name,
        Base.metadata,
        Column("activity_id", ForeignKey("processing_activity.id", ondelete="CASCADE"), primary_key=True),
        Column(f"{target}_id", ForeignKey(f"{target}.id", ondelete="CASCADE"), primary_key=True),
    )


activity_data_category = _link_table("activity_data_category", "data_category")
activity_subject_category = _link_table("activity_subject_category", "subject_category")
activity_recipient_category = _link_table("activity_recipient_category", "recipient_category")
activity_processor = _link_table("activity_processor", "processor")


class ProcessingActivity(VersionedMixin, TimestampMixin, Base):
    __tablename__ = "processing_activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)
    reference: Mapped[str | None] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(LONG_TEXT_MAX))
    responsible_person: Mapped[str | None] = mapped_column(String(200))
    catalogue_code: Mapped[str | None] = mapped_column(String(20))

    # Art. 30(1)(a): role and joint controllers (the organisation and DPO come from Organisation)
    role: Mapped[str] = mapped_column(String(30), default="verwerkingsverantwoordelijke")
    joint_controllers: Mapped[str | None] = mapped_column(String(LONG_TEXT_MAX))
    # Art. 30(1)(b) and Art. 6
    purposes: Mapped[str | None] = mapped_column(String(LONG_TEXT_MAX))
    legal_basis: Mapped[str | None] = mapped_column(String(1))
    legal_reference: Mapped[str | None] = mapped_column(String(LONG_TEXT_MAX))
    special_category_exception: Mapped[str | None] = mapped_column(String(LONG_TEXT_MAX))
    criminal_data_basis: Mapped[str | None] = mapped_column(String(LONG_TEXT_MAX))
    national_number_basis: Mapped[str | None] = mapped_column(String(LONG_TEXT_MAX))
    # Art. 30(1)(c)
    minors: Mapped[bool] = mapped_column(default=False)
    source: Mapped[str | None] = mapped_column(String(LONG_TEXT_MAX))
    collection_channels: Mapped[list[str]] = mapped_column(JSON, default=list)
    estimated_subjects: Mapped[str | None] = mapped_column(String(20))
    # Art. 30(1)(d)-(e); None = not answered yet, which counts as missing
    recipients_details: Mapped[str | None] = mapped_column(String(LONG_TEXT_MAX))
    third_country_transfers: Mapped[bool | None]
    # Art. 44-49: where to (ISO 3166 codes) and on which mechanism (core/transfers.py), with the document.
    transfer_countries: Mapped[list[str]] = mapped_column(JSON, default=list)
    transfer_mechanism: Mapped[str | None] = mapped_column(String(40))
    transfer_document: Mapped[str | None] = mapped_column(String(300))
    transfer_details: Mapped[str | None] = mapped_column(String(LONG_TEXT_MAX))  # free explanation beside the structure
    # Art. 30(1)(f): the general period, and one per data category where they differ ({category id: text}).
    retention: Mapped[str | None] = mapped_column(String(LONG_TEXT_MAX))
    retention_by_category: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    retention_end_action: Mapped[str | None] = mapped_column(String(20))
    security_measures: Mapped[str | None] = mapped_column(String(LONG_TEXT_MAX))
    systems: Mapped[str | None] = mapped_column(String(LONG_TEXT_MAX))
    # DPIA screening: the nine criteria of the European guidelines
    dpia_criteria: Mapped[list[str]] = mapped_column(JSON, default=list)
    dpia_status: Mapped[str | None] = mapped_column(String(20))
    dpia_decision: Mapped[str | None] = mapped_column(String(LONG_TEXT_MAX))
    # Lifecycle
    status: Mapped[str] = mapped_column(String(20), default=Status.DRAFT, index=True)
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    last_reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_date: Mapped[date | None]
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("processing_activity.id"))

    department: Mapped[Department | None] = relationship()
    approved_by: Mapped[User | None] = relationship()
    replaced_by: Mapped[ProcessingActivity | None] = relationship(remote_side=[id])
    data_categories: Mapped[list[DataCategory]] = relationship(
        secondary=activity_data_category, order_by=DataCategory.name
    )
    subject_categories: Mapped[list[SubjectCategory]] = relationship(
        secondary=activity_subject_category, order_by=SubjectCategory.name
    )
    recipient_categories: Mapped[list[RecipientCategory]] = relationship(
        secondary=activity_recipient_category, order_by=RecipientCategory.name
    )
    processors: Mapped[list[Processor]] = relationship(secondary=activity_processor, order_by=Processor.name)

    def __str__(self) -> str:
        return f"{self.reference} {self.name}" if self.reference else self.name

    @property
    def category_retention(self) -> list[tuple[DataCategory, str]]:
        """(category, period) for the entry's own categories that have a period of their own."""
        periods = self.retention_by_category or {}
        return [(c, periods[str(c.id)]) for c in self.data_categories if periods.get(str(c.id))]

    @property
    def status_enum(self) -> Status:
        return Status(self.status)
