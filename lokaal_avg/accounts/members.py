"""Members of an organisation: who has which role (and, for a medewerker, which departments).

People join from the screens by invitation (accounts.invitations); add_member gives an existing
account a role directly (command line, demo, tests).
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from lokaal_avg.accounts import services as accounts
from lokaal_avg.accounts.models import Membership, User
from lokaal_avg.audit import services as audit
from lokaal_avg.core.extensions import db
from lokaal_avg.core.roles import Role
from lokaal_avg.organisations.models import Department, Organisation
from lokaal_avg.organisations.services import OrganisationError


class MemberError(OrganisationError):
    """A user-facing problem with a membership (message in Dutch)."""


def add_member(
    org: Organisation, actor: User | None, email: str, name: str | None, role: str, departments: list[Department]
) -> Membership:
    """Give an existing account a role in the organisation (command line, demo, tests).

    People are added from the screens by invitation (accounts.invitations), which lets
    them choose their own password and accept before anything is attached.
    """
    user = accounts.find_user(email)
    if user is None:
        raise MemberError(_("Er is geen account voor %(email)s: nodig deze persoon uit.", email=email))
    if any(m.organisation_id == org.id for m in user.memberships):
        raise MemberError(_("%(name)s is al lid van deze organisatie.", name=user.name))
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
    return membership


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
        raise MemberError(_("Er moet minstens één beheerder overblijven."))


def members_of(org: Organisation) -> list[Membership]:
    return list(
        db.session.scalars(
            select(Membership)
            .where(Membership.organisation_id == org.id)
            .join(Membership.user)
            .options(selectinload(Membership.user), selectinload(Membership.departments))
            .order_by(User.name)
        )
    )
