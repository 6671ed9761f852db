"""Organisations (the tenants) and their departments."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lokaal_avg.core.db import LONG_TEXT_MAX, Base, TimestampMixin, VersionedMixin

# An information security plan older than this, or an audit older than this, is due again.
PLAN_MAX_AGE = timedelta(days=3 * 365)
AUDIT_MAX_AGE = timedelta(days=365)


class OrganisationKind(StrEnum):
    MUNICIPALITY = "gemeente"
    OCMW = "ocmw"
    AGB = "agb"
    POLICE_ZONE = "politiezone"
    INTERMUNICIPAL = "igs"
    PROVINCE = "provincie"


ORGANISATION_KIND_LABELS = {
    OrganisationKind.MUNICIPALITY: _l("Gemeente"),
    OrganisationKind.OCMW: _l("OCMW"),
    OrganisationKind.AGB: _l("Autonoom gemeentebedrijf"),
    OrganisationKind.POLICE_ZONE: _l("Politiezone"),
    OrganisationKind.INTERMUNICIPAL: _l("Intergemeentelijk samenwerkingsverband"),
    OrganisationKind.PROVINCE: _l("Provincie"),
}


class Authority(StrEnum):
    VTC = "vtc"
    GBA = "gba"


AUTHORITY_LABELS = {
    Authority.VTC: _l("Vlaamse Toezichtcommissie (VTC)"),
    Authority.GBA: _l("Gegevensbeschermingsautoriteit (GBA)"),
}


class Organisation(VersionedMixin, TimestampMixin, Base):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default=OrganisationKind.MUNICIPALITY)
    kbo_number: Mapped[str | None] = mapped_column(String(12))
    street: Mapped[str | None] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(10))
    city: Mapped[str | None] = mapped_column(String(100))
    website: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(50))
    supervisory_authority: Mapped[str] = mapped_column(String(3), default=Authority.VTC)
    # Working language (an interface language code): the default for its dossiers and new members.
    language: Mapped[str] = mapped_column(String(10), default="nl_BE", server_default="nl_BE")
    dpo_name: Mapped[str | None] = mapped_column(String(200))
    dpo_email: Mapped[str | None] = mapped_column(String(200))
    dpo_phone: Mapped[str | None] = mapped_column(String(50))
    dpo_appointed_on: Mapped[date | None]
    security_plan_date: Mapped[date | None]
    last_security_audit_date: Mapped[date | None]
    notes: Mapped[str | None] = mapped_column(String(LONG_TEXT_MAX))
    # Deactivated by the platform administrator: kept and readable, nothing can change any more.
    active: Mapped[bool] = mapped_column(default=True)
    # Beheerders and functionarissen must sign in with a second factor.
    require_two_factor: Mapped[bool] = mapped_column(default=False)

    departments: Mapped[list[Department]] = relationship(
        back_populates="organisation", order_by="Department.name", cascade="all, delete-orphan"
    )

    def __str__(self) -> str:
        return self.name

    @property
    def is_government(self) -> bool:
        # Every organisation type we serve is a public authority (Art. 6(1) last sentence).
        return True

    @property
    def kind_label(self) -> str:
        return str(ORGANISATION_KIND_LABELS.get(OrganisationKind(self.kind), self.kind))

    @property
    def authority_label(self) -> str:
        return str(AUTHORITY_LABELS[Authority(self.supervisory_authority)])

    @property
    def address_line(self) -> str:
        place = " ".join(p for p in (self.postal_code, self.city) if p)
        return ", ".join(p for p in (self.street, place) if p)


class Department(Base):
    __tablename__ = "department"
    __table_args__ = (UniqueConstraint("organisation_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))

    organisation: Mapped[Organisation] = relationship(back_populates="departments")

    def __str__(self) -> str:
        return self.name
