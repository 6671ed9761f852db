"""Operations on organisations, their departments and their members."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from lokaal_avg.accounts import services as accounts
from lokaal_avg.accounts.models import Membership, User
from lokaal_avg.audit import services as audit
from lokaal_avg.core.extensions import db
from lokaal_avg.core.roles import Role
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
    slug: str, name: str, actor: User | None = None, departments: tuple[str, ...] = (), **details: Any
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


def update_organisation(org: Organisation, actor: User, data: Mapping[str, Any]) -> dict:
    data = dict(data)
    if data.get("kbo_number"):
        data["kbo_number"] = format_kbo(data["kbo_number"])
    changes = audit.populate(org, {k: data[k] for k in ORGANISATION_FIELDS if k in data})
    if changes:
        db.session.flush()
        audit.record(org, actor, "update", org, changes)
    return changes


def add_department(org: Organisation, actor: User, name: str) -> Department:
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


def rename_department(org: Organisation, actor: User, dept: Department, name: str) -> None:
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


def delete_department(org: Organisation, actor: User, dept: Department) -> None:
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


def add_member(
    org: Organisation, actor: User | None, email: str, name: str | None, role: str, departments: list[Department]
) -> tuple[Membership, str | None]:
    """Add a person to the organisation; creates the account if needed.

    Returns the membership and, for a new account, the one-time password to hand over.
    """
    user = accounts.find_user(email)
    temporary_password = None
    if user is None:
        if not name:
            raise OrganisationError(_("Deze persoon heeft nog geen account: vul ook de naam in."))
        temporary_password = secrets.token_urlsafe(12)
        user = accounts.create_user(email, name, temporary_password, actor=actor)
    elif any(m.organisation_id == org.id for m in user.memberships):
        raise OrganisationError(_("%(name)s is al lid van deze organisatie.", name=user.name))
    membership = Membership(user=user, organisation=org, role=role)
    membership.departments = departments if role == Role.STAFF else []
    db.session.add(membership)
    db.session.flush()
    audit.record(
        org,
        actor,
        "create",
        membership,
        {
            "user": [None, user.email],
            "role": [None, role],
            "departments": [None, sorted(d.name for d in membership.departments)],
        },
        target_label=f"{user.name} ({role})",
    )
    return membership, temporary_password


def update_membership(
    org: Organisation, actor: User, membership: Membership, role: str, departments: list[Department]
) -> None:
    if membership.role == Role.ADMIN and role != Role.ADMIN:
        _ensure_other_admin(org, membership)
    changes = audit.populate(membership, {"role": role, "departments": departments if role == Role.STAFF else []})
    if changes:
        db.session.flush()
        audit.record(org, actor, "update", membership, changes, target_label=membership.user.name)


def remove_member(org: Organisation, actor: User, membership: Membership) -> None:
    if membership.role == Role.ADMIN:
        _ensure_other_admin(org, membership)
    audit.record(
        org,
        actor,
        "delete",
        membership,
        {"user": [membership.user.email, None], "role": [membership.role, None]},
        target_label=membership.user.name,
    )
    db.session.delete(membership)
    db.session.flush()


def _ensure_other_admin(org: Organisation, membership: Membership) -> None:
    """An organisation always keeps at least one beheerder."""
    admins = db.session.scalar(
        select(func.count())
        .select_from(Membership)
        .where(Membership.organisation_id == org.id, Membership.role == Role.ADMIN, Membership.id != membership.id)
    )
    if not admins:
        raise OrganisationError(_("Er moet minstens één beheerder overblijven."))


def members_of(org: Organisation) -> list[Membership]:
    from sqlalchemy.orm import selectinload

    return list(
        db.session.scalars(
            select(Membership)
            .where(Membership.organisation_id == org.id)
            .join(Membership.user)
            .options(selectinload(Membership.user), selectinload(Membership.departments))
            .order_by(User.name)
        )
    )
