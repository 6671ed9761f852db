"""Who may do what with actions and findings.

- beheerder and functionaris manage the action plan: create, assign, edit, change any status, close;
- a medewerker works on the actions assigned to them (status, comments) and reads the actions of
  their departments;
- a lezer reads everything of the organisation and changes nothing.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_, true

from lokaal_avg.accounts.models import Membership
from lokaal_avg.core.roles import Role
from lokaal_avg.remediation.models import Action

MANAGERS = (Role.ADMIN, Role.DPO)
# Only people who can work on an action can be its assignee; a lezer cannot change anything.
ASSIGNABLE_ROLES = (Role.ADMIN, Role.DPO, Role.STAFF)
# What a medewerker may set on their own action; verifying and "niet van toepassing" are the
# DPO's (or beheerder's) judgement.
STAFF_STATES = ("open", "in_uitvoering", "wacht_op_derde", "uitgevoerd")


def can_manage(membership: Membership) -> bool:
    """Create, assign, edit and close any action; turn findings into actions."""
    return membership.role in MANAGERS


def can_run_check(membership: Membership) -> bool:
    """Run the register check on demand (it only refreshes findings)."""
    return membership.role in (*MANAGERS, Role.STAFF)


def _department_ids(membership: Membership) -> set[int]:
    return {d.id for d in membership.departments}


def can_view(membership: Membership, action: Action) -> bool:
    """Everyone reads, except that a medewerker sees only their own and their departments' actions."""
    if membership.role != Role.STAFF:
        return True
    return action.assignee_id == membership.user_id or action.department_id in _department_ids(membership)


def visible_actions(membership: Membership) -> ColumnElement[bool]:
    """The same rule as can_view, as a WHERE clause for lists and exports."""
    if membership.role != Role.STAFF:
        return true()
    departments = _department_ids(membership)
    mine = Action.assignee_id == membership.user_id
    return or_(mine, Action.department_id.in_(departments)) if departments else mine


def can_work_on(membership: Membership, action: Action) -> bool:
    """Change the status of and comment on an action."""
    if membership.role in MANAGERS:
        return True
    return membership.role == Role.STAFF and action.assignee_id == membership.user_id


def can_comment(membership: Membership, action: Action) -> bool:
    return can_work_on(membership, action)


def can_edit(membership: Membership, action: Action) -> bool:
    """Title, description, assignee, due date, priority: the plan's owners only."""
    return can_manage(membership)


def allowed_statuses(membership: Membership, action: Action) -> list[str]:
    """The statuses this member may move the action to (the current one excluded).

    "geverifieerd" by hand only for an action without a finding: a finding's action is verified by
    the check that no longer sees the problem.
    """
    if not can_work_on(membership, action):
        return []
    if membership.role in MANAGERS:
        states = ["open", "in_uitvoering", "wacht_op_derde", "uitgevoerd", "geverifieerd", "niet_van_toepassing"]
        if action.finding_id is not None:
            states.remove("geverifieerd")
    elif action.status in STAFF_STATES:
        states = list(STAFF_STATES)
    else:  # verified or set aside by the DPO: a medewerker cannot undo that
        states = []
    return [s for s in states if s != action.status]
