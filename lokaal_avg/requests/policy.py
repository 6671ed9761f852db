"""Who may do what with data-subject requests.

- beheerder and functionaris log and handle every request;
- a medewerker logs requests and handles those they can see: logged by them, assigned to them, or
  concerning an activity of their departments;
- a lezer reads everything and changes nothing.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, exists, or_, select, true

from lokaal_avg.accounts.models import Membership
from lokaal_avg.core.roles import Role
from lokaal_avg.register.models import ProcessingActivity
from lokaal_avg.requests.models import SubjectRequest, subject_request_activity

MANAGERS = (Role.ADMIN, Role.DPO)


def can_log(membership: Membership) -> bool:
    return membership.role in (*MANAGERS, Role.STAFF)


def can_view(membership: Membership, item: SubjectRequest) -> bool:
    if membership.role != Role.STAFF:
        return True
    if membership.user_id in (item.created_by_id, item.handler_id):
        return True
    own = {d.id for d in membership.departments}
    return any(a.department_id in own for a in item.activities)


def can_handle(membership: Membership, item: SubjectRequest) -> bool:
    """Edit, extend, answer or refuse."""
    if membership.role in MANAGERS:
        return True
    return membership.role == Role.STAFF and can_view(membership, item)


def can_reopen(membership: Membership) -> bool:
    return membership.role in MANAGERS


def visible_requests(membership: Membership) -> ColumnElement[bool]:
    if membership.role != Role.STAFF:
        return true()
    mine = or_(SubjectRequest.created_by_id == membership.user_id, SubjectRequest.handler_id == membership.user_id)
    own = {d.id for d in membership.departments}
    if not own:
        return mine
    touches_department = exists(
        select(subject_request_activity.c.request_id)
        .join(ProcessingActivity, ProcessingActivity.id == subject_request_activity.c.activity_id)
        .where(subject_request_activity.c.request_id == SubjectRequest.id, ProcessingActivity.department_id.in_(own))
    )
    return or_(mine, touches_department)
