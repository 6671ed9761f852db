"""Who may do what in the breach register.

- beheerder and functionaris record, assess, notify, close and reopen every breach;
- a medewerker records breaches and completes the facts of those they can see: the ones they
  recorded and those touching an activity of their departments;
- a lezer reads everything and changes nothing.
Nobody deletes a breach (Art. 33(5): every breach stays documented).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, exists, or_, select, true

from lokaal_avg.accounts.models import Membership
from lokaal_avg.breaches.models import Breach, breach_activity
from lokaal_avg.core.roles import Role
from lokaal_avg.register.models import ProcessingActivity

MANAGERS = (Role.ADMIN, Role.DPO)


def _department_ids(membership: Membership) -> set[int]:
    return {d.id for d in membership.departments}


def can_record(membership: Membership) -> bool:
    return membership.role in (*MANAGERS, Role.STAFF)


def can_decide(membership: Membership) -> bool:
    """Assess the risk, notify, inform, close, reopen and make actions: the DPO's and beheerder's work."""
    return membership.role in MANAGERS


def can_view(membership: Membership, breach: Breach) -> bool:
    if membership.role != Role.STAFF:
        return True
    if breach.created_by_id == membership.user_id:
        return True
    own = _department_ids(membership)
    return any(a.department_id in own for a in breach.activities)


def can_edit(membership: Membership, breach: Breach) -> bool:
    if membership.role in MANAGERS:
        return not breach.is_closed
    return membership.role == Role.STAFF and not breach.is_closed and can_view(membership, breach)


def visible_breaches(membership: Membership) -> ColumnElement[bool]:
    """can_view as a WHERE clause for lists and figures."""
    if membership.role != Role.STAFF:
        return true()
    mine = Breach.created_by_id == membership.user_id
    own = _department_ids(membership)
    if not own:
        return mine
    touches_department = exists(
        select(breach_activity.c.breach_id)
        .join(ProcessingActivity, ProcessingActivity.id == breach_activity.c.processing_activity_id)
        .where(breach_activity.c.breach_id == Breach.id, ProcessingActivity.department_id.in_(own))
    )
    return or_(mine, touches_department)
