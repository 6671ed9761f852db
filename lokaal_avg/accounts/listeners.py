"""Memberships answer the organisation's "is this department still in use?" (a medewerker's departments)."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from lokaal_avg.accounts.models import Membership, membership_department
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.signals import department_usage


def connect() -> None:
    department_usage.connect(members_of_department)


def members_of_department(org_id: int, department_id: int) -> tuple[str, int]:
    count = db.session.scalar(
        select(func.count())
        .select_from(membership_department)
        .join(Membership, Membership.id == membership_department.c.membership_id)
        .where(Membership.organisation_id == org_id, membership_department.c.department_id == department_id)
    )
    return _("medewerkers"), count or 0
