"""Who may do what with a DPIA (roles of DOMAIN.md)."""

from __future__ import annotations

from lokaal_avg.accounts.models import Membership
from lokaal_avg.core.roles import Role
from lokaal_avg.register.models import ProcessingActivity


def _own_department(membership: Membership, activity: ProcessingActivity) -> bool:
    return activity.department_id in {d.id for d in membership.departments}


def can_edit(membership: Membership, activity: ProcessingActivity) -> bool:
    """Content (description, necessity, risks): beheerder and functionaris; a medewerker for own departments."""
    if membership.role in (Role.ADMIN, Role.DPO):
        return True
    return membership.role == Role.STAFF and _own_department(membership, activity)


def can_advise(membership: Membership) -> bool:
    """Art. 35(2): the advice is the DPO's."""
    return membership.role == Role.DPO


def can_decide(membership: Membership) -> bool:
    """The controller decides; in the application the beheerder or the functionaris records it."""
    return membership.role in (Role.ADMIN, Role.DPO)


def can_view(membership: Membership, activity: ProcessingActivity) -> bool:
    """Everyone of the organisation reads DPIAs, except a medewerker outside their own departments."""
    return membership.role != Role.STAFF or _own_department(membership, activity)
