"""Operations on organisations and their departments (members: lokaal_avg.accounts.members)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from lokaal_avg.audit import services as audit
from lokaal_avg.audit.services import Actor
from lokaal_avg.core.extensions import db
from lokaal_avg.core.validators import format_kbo
from lokaal_avg.organisations.models import Department, Organisation
from lokaal_avg.organisations.signals import department_usage, organisation_created

ORGANISATION_FIELDS = (
    "name",
    "kind",
    "kbo_number",
    "street",
    "postal_code",
    "city",
    "website",
    "email",
    "phone",
    "supervisory_authority",
    "dpo_name",
    "dpo_email",
    "dpo_phone",
    "dpo_appointed_on",
    "security_plan_date",
    "last_security_audit_date",
)


class OrganisationError(ValueError):
    """A user-facing problem (message in Dutch)."""


def create_organisation(
    slug: str, name: str, actor: Actor | None = None, departments: tuple[str, ...] = (), **details: Any
) -> Organisation:
    """Create an organisation with its departments and the default lists of the catalogue."""
    if db.session.scalars(select(Organisation).where(Organisation.slug == slug)).first():
        raise OrganisationError(_("De korte naam %(slug)s is al in gebruik.", slug=slug))
    org = Organisation(slug=slug, name=name, **details)
    if org.kbo_number:
        org.kbo_number = format_kbo(org.kbo_number)
    db.session.add(org)
    db.session.flush()
    for dept_name in departments:
        db.session.add(Department(organisation_id=org.id, name=dept_name))
    organisation_created.send(org.id)  # the catalogue seeds the default lists
    db.session.flush()
    audit.record(org, actor, "create", org, audit.snapshot(org, ORGANISATION_FIELDS))
    return org


def update_organisation(org: Organisation, actor: Actor, data: Mapping[str, Any]) -> dict:
    data = dict(data)
    if data.get("kbo_number"):
        data["kbo_number"] = format_kbo(data["kbo_number"])
    changes = audit.populate(org, {k: data[k] for k in ORGANISATION_FIELDS if k in data})
    if changes:
        db.session.flush()
        audit.record(org, actor, "update", org, changes)
    return changes


def add_department(org: Organisation, actor: Actor, name: str) -> Department:
    name = name.strip()
    exists = db.session.scalars(
        select(Department).where(Department.organisation_id == org.id, func.lower(Department.name) == name.lower())
    ).first()
    if exists:
        raise OrganisationError(_("Er bestaat al een dienst met die naam."))
    dept = Department(organisation_id=org.id, name=name)
    db.session.add(dept)
    db.session.flush()
    audit.record(org, actor, "create", dept, {"name": [None, name]})
    return dept


def rename_department(org: Organisation, actor: Actor, dept: Department, name: str) -> None:
    name = name.strip()
    clash = db.session.scalars(
        select(Department).where(
            Department.organisation_id == org.id, func.lower(Department.name) == name.lower(), Department.id != dept.id
        )
    ).first()
    if clash:
        raise OrganisationError(_("Er bestaat al een dienst met die naam."))
    changes = audit.populate(dept, {"name": name})
    if changes:
        db.session.flush()
        audit.record(org, actor, "update", dept, changes)


def delete_department(org: Organisation, actor: Actor, dept: Department) -> None:
    """Refused while activities, channels or members still refer to it: nothing may lose its department."""
    # Each feature answers for what it keeps per department (activities, channels, members, ...).
    uses = dict(result for _receiver, result in department_usage.send(org.id, department_id=dept.id))
    in_use = {label: n for label, n in uses.items() if n}
    if in_use:
        summary = ", ".join(f"{n} {label}" for label, n in in_use.items())
        raise OrganisationError(
            _(
                "De dienst %(name)s wordt nog gebruikt (%(uses)s) en kan niet verwijderd worden.",
                name=dept.name,
                uses=summary,
            )
        )
    audit.record(org, actor, "delete", dept, {"name": [dept.name, None]})
    db.session.delete(dept)
    db.session.flush()


def set_active(org: Organisation, actor: Actor, active: bool) -> None:
    """Deactivate (read-only, kept) or reactivate an organisation: the platform administrator's call."""
    changes = audit.populate(org, {"active": active})
    if changes:
        db.session.flush()
        audit.record(org, actor, "organisation_activated" if active else "organisation_deactivated", org, changes)


def set_two_factor_requirement(org: Organisation, actor: Actor, required: bool) -> dict:
    """Whether beheerders and functionarissen must sign in with a second factor."""
    changes = audit.populate(org, {"require_two_factor": required})
    if changes:
        db.session.flush()
        audit.record(org, actor, "update", org, changes)
    return changes
