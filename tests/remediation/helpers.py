"""Helpers of the remediation tests: complete register entries and quick lookups."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from lokaal_avg.core.extensions import db
from lokaal_avg.register.models import DataCategory, RecipientCategory, SubjectCategory
from lokaal_avg.remediation.models import Action, Finding

# An organisation the register check has nothing to say about at organisation level.
WELL_RUN = {
    "dpo_name": "Lies Vermeulen",
    "security_plan_date": date(2099, 1, 1),
    "last_security_audit_date": date(2099, 1, 1),
}


def ids(model, org_id: int, *codes: str) -> list[int]:
    return list(db.session.scalars(select(model.id).where(model.organisation_id == org_id, model.code.in_(codes))))


def complete(org_id: int, **overrides: Any) -> dict[str, Any]:
    """Data for a register entry with every mandatory Art. 30 field filled in and no rule warning."""
    data = {
        "purposes": "Leners inschrijven en uitleningen opvolgen.",
        "legal_basis": "e",
        "subject_categories": ids(SubjectCategory, org_id, "inwoners"),
        "data_categories": ids(DataCategory, org_id, "identificatie", "contact"),
        "recipient_categories": ids(RecipientCategory, org_id, "interne_diensten"),
        "third_country_transfers": False,
        "retention": "Tot twee jaar na de laatste uitlening.",
        "security_measures": "Toegang per rol, logging, versleutelde back-ups.",
    }
    data.update(overrides)
    return data


def findings_of(org_id: int, **where: Any) -> list[Finding]:
    stmt = select(Finding).where(Finding.organisation_id == org_id).order_by(Finding.id)
    for name, value in where.items():
        stmt = stmt.where(getattr(Finding, name) == value)
    return list(db.session.scalars(stmt))


def actions_of(org_id: int) -> list[Action]:
    return list(db.session.scalars(select(Action).where(Action.organisation_id == org_id).order_by(Action.id)))
