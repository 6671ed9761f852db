"""Per-object permissions for the register."""

from __future__ import annotations

from lokaal_avg.accounts.models import Membership
from lokaal_avg.core.roles import Role
from lokaal_avg.register.models import ProcessingActivity, Status


def can_create(membership: Membership) -> bool:
    """Beheerder and functionaris anywhere; a medewerker within their departments."""
    if membership.role in (Role.ADMIN, Role.DPO):
        return True
    return membership.role == Role.STAFF and bool(membership.departments)


def can_edit(membership: Membership, activity: ProcessingActivity) -> bool:
    """Ended entries are read-only; medewerkers edit their own departments only."""
    if activity.status == Status.ENDED:
        return False
    if membership.role in (Role.ADMIN, Role.DPO):
        return True
    if membership.role == Role.STAFF:
        return activity.department_id in {d.id for d in membership.departments}
    return False


def can_submit(membership: Membership, activity: ProcessingActivity) -> bool:
    return activity.status == Status.DRAFT and can_edit(membership, activity)


def can_approve(membership: Membership, activity: ProcessingActivity) -> bool:
    """Only the functionaris approves (DOMAIN.md)."""
    return membership.role == Role.DPO and activity.status in (Status.DRAFT, Status.REVIEW)


def can_send_back(membership: Membership, activity: ProcessingActivity) -> bool:
    return membership.role == Role.DPO and activity.status in (Status.REVIEW, Status.APPROVED)


def can_mark_reviewed(membership: Membership, activity: ProcessingActivity) -> bool:
    return membership.role == Role.DPO and activity.status == Status.APPROVED


def can_end(membership: Membership, activity: ProcessingActivity) -> bool:
    return membership.role in (Role.ADMIN, Role.DPO) and activity.status != Status.ENDED


def can_manage_lists(membership: Membership) -> bool:
    return membership.role in (Role.ADMIN, Role.DPO)
