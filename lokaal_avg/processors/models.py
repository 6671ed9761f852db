"""Processors (verwerkers) and their Art. 28 processing agreements."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from lokaal_avg.core.db import LONG_TEXT_MAX, Base, TimestampMixin, VersionedMixin, today

AGREEMENT_WARNING_DAYS = 60


class Processor(VersionedMixin, TimestampMixin, Base):
    __tablename__ = "processor"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kbo_number: Mapped[str | None] = mapped_column(String(12))
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(200))
    contact_phone: Mapped[str | None] = mapped_column(String(50))
    services: Mapped[str | None] = mapped_column(String(LONG_TEXT_MAX))
    # "eu" or "derde_land"; a third country needs safeguards (Art. 44-49).
    location: Mapped[str] = mapped_column(String(20), default="eu")
    third_country_details: Mapped[str | None] = mapped_column(String(LONG_TEXT_MAX))
    # Structured like an activity's transfers (core/transfers.py).
    third_countries: Mapped[list[str]] = mapped_column(JSON, default=list)
    transfer_mechanism: Mapped[str | None] = mapped_column(String(40))
    transfer_document: Mapped[str | None] = mapped_column(String(300))
    agreement_signed_on: Mapped[date | None]
    agreement_expires_on: Mapped[date | None]
    agreement_reference: Mapped[str | None] = mapped_column(String(200))

    def __str__(self) -> str:
        return self.name

    @property
    def agreement_state(self) -> str:
        """'ontbreekt', 'verlopen', 'verloopt_binnenkort' or 'geldig'."""
        if self.agreement_signed_on is None:
            return "ontbreekt"
        if self.agreement_expires_on is None:
            return "geldig"
        if self.agreement_expires_on < today():
            return "verlopen"
        if self.agreement_expires_on < today() + timedelta(days=AGREEMENT_WARNING_DAYS):
            return "verloopt_binnenkort"
        return "geldig"
