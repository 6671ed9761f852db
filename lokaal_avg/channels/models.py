"""Channels (kanalen): where personal data enters, and the fields each one collects."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lokaal_avg.core.db import LONG_TEXT_MAX, Base, TimestampMixin, VersionedMixin
from lokaal_avg.organisations.models import Department
from lokaal_avg.processors.models import Processor
from lokaal_avg.register.models import DataCategory, ProcessingActivity

channel_activity = Table(
    "channel_activity",
    Base.metadata,
    Column("channel_id", ForeignKey("channel.id", ondelete="CASCADE"), primary_key=True),
    Column("activity_id", ForeignKey("processing_activity.id", ondelete="CASCADE"), primary_key=True),
)

# kind: one of register.choices.CHANNEL_TYPES (webformulier, e_loket, email, papier, telefoon, balie, app)
AUTHENTICATION_METHODS = ("geen", "eid_itsme", "eigen_account")
# How often the scheduler scans the channel; "handmatig": only when someone starts a scan.
SCAN_FREQUENCIES = ("dagelijks", "wekelijks", "maandelijks", "handmatig")
DEFAULT_SCAN_FREQUENCY = "wekelijks"


class Channel(VersionedMixin, TimestampMixin, Base):
    __tablename__ = "channel"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    url: Mapped[str | None] = mapped_column(String(2000))
    vendor_id: Mapped[int | None] = mapped_column(ForeignKey("processor.id"), index=True)
    authentication: Mapped[str] = mapped_column(String(20), default="geen")
    description: Mapped[str | None] = mapped_column(String(LONG_TEXT_MAX))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    scan_frequency: Mapped[str] = mapped_column(
        String(20), default=DEFAULT_SCAN_FREQUENCY, server_default=DEFAULT_SCAN_FREQUENCY
    )

    vendor: Mapped[Processor | None] = relationship()
    department: Mapped[Department | None] = relationship()
    activities: Mapped[list[ProcessingActivity]] = relationship(
        secondary=channel_activity, order_by=ProcessingActivity.name
    )
    fields: Mapped[list[ChannelField]] = relationship(
        back_populates="channel", cascade="all, delete-orphan", order_by="ChannelField.position"
    )

    def __str__(self) -> str:
        return self.name

    @property
    def active_activities(self) -> list[ProcessingActivity]:
        """Linked activities that are not ended: only these can justify what the channel collects."""
        return [a for a in self.activities if a.status != "beeindigd"]

    @property
    def scannable(self) -> bool:
        return bool(self.url) and self.url.startswith(("http://", "https://"))


class ChannelField(Base):
    """A field a channel collects, mapped to a data category by hand or from a scan."""

    __tablename__ = "channel_field"
    __table_args__ = (UniqueConstraint("channel_id", "field_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("channel.id", ondelete="CASCADE"), index=True)
    # Stable identity across re-scans: "<form index>:<name or id>" for scanned fields, free for manual ones.
    field_key: Mapped[str] = mapped_column(String(300))
    label: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(default=0)
    data_category_id: Mapped[int | None] = mapped_column(ForeignKey("data_category.id", ondelete="SET NULL"))
    # "manueel" (entered by hand) or "scan" (detected); a detected mapping counts once confirmed.
    source: Mapped[str] = mapped_column(String(10), default="manueel")
    detected_category: Mapped[str | None] = mapped_column(String(60))
    detection_method: Mapped[str | None] = mapped_column(String(40))
    confirmed: Mapped[bool] = mapped_column(default=True)
    still_present: Mapped[bool] = mapped_column(default=True)

    channel: Mapped[Channel] = relationship(back_populates="fields")
    data_category: Mapped[DataCategory | None] = relationship()

    def __str__(self) -> str:
        return self.label

    @property
    def suggestion(self) -> bool:
        """A mapping detected by a scan that nobody has confirmed or corrected yet."""
        return self.source == "scan" and not self.confirmed
