"""Changing the action plan: create (by hand or from findings), edit, assign, status, comments.

Services flush and record every change in the audit trail; the request commits. Permission
checks live in policy.py and are applied by the views; the services enforce what must hold
whoever calls them: links and assignees belong to the organisation, a finding gets one action.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from lokaal_avg.accounts.models import Membership, User
from lokaal_avg.audit import services as audit
from lokaal_avg.channels.models import Channel
from lokaal_avg.core.db import today, utcnow
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Department, Organisation
from lokaal_avg.processors.models import Processor
from lokaal_avg.register.models import ProcessingActivity
from lokaal_avg.remediation import notifications, policy
from lokaal_avg.remediation.choices import DUE_DAYS, SEVERITY_TO_PRIORITY
from lokaal_avg.remediation.models import ACTION_STATES, PRIORITIES, Action, ActionComment, Finding

FIELDS = (
    "title",
    "description",
    "activity_id",
    "channel_id",
    "processor_id",
    "department_id",
    "assignee_id",
    "due_date",
    "priority",
)
LINKS = {
    "activity_id": ProcessingActivity,
    "channel_id": Channel,
    "processor_id": Processor,
    "department_id": Department,
}


class ActionError(ValueError):
    """A user-facing problem (message in Dutch)."""


def default_due_date(priority: str, start: date | None = None) -> date:
    """hoog: 30 days, midden: 90, laag: 180 (shown in the form)."""
    return (start or today()) + timedelta(days=DUE_DAYS.get(priority, DUE_DAYS["midden"]))


def assignable_members(org: Organisation) -> list[Membership]:
    """Members who can work on an action (not the lezers), by name."""
    return list(
        db.session.scalars(
            select(Membership)
            .join(Membership.user)
            .where(
                Membership.organisation_id == org.id,
                Membership.role.in_(policy.ASSIGNABLE_ROLES),
                User.active.is_(True),
            )
            .options(selectinload(Membership.user), selectinload(Membership.departments))
            .order_by(User.name)
        )
    )


def _check_assignee(org: Organisation, user_id: int | None) -> None:
    """An assignee from another organisation (or a lezer) is refused, whatever the form sent."""
    if user_id is None:
        return
    allowed = db.session.scalar(
        select(Membership.id)
        .join(Membership.user)
        .where(
            Membership.organisation_id == org.id,
            Membership.user_id == user_id,
            Membership.role.in_(policy.ASSIGNABLE_ROLES),
            User.active.is_(True),
        )
    )
    if allowed is None:
        raise ActionError(_("Deze persoon kan in deze organisatie geen acties uitvoeren."))


def _clean(org: Organisation, data: Mapping[str, Any]) -> dict[str, Any]:
    values = {k: data[k] for k in FIELDS if k in data}
    for field, model in LINKS.items():
        if values.get(field):
            owner = db.session.scalar(select(model.organisation_id).where(model.id == values[field]))
            if owner != org.id:
                raise ActionError(_("Een gekozen waarde hoort niet bij deze organisatie."))
        elif field in values:
            values[field] = None
    if "assignee_id" in values:
        values["assignee_id"] = values["assignee_id"] or None
        _check_assignee(org, values["assignee_id"])
    if "priority" in values and values["priority"] not in PRIORITIES:
        raise ActionError(_("Onbekende prioriteit."))
    if "title" in values:
        # One line: the title is also an e-mail subject and a calendar summary.
        values["title"] = " ".join((values["title"] or "").split())[:300]
        if not values["title"]:
            raise ActionError(_("Geef de actie een titel."))
    return values


def _department_of(values: Mapping[str, Any]) -> int | None:
    """An action about an activity or channel belongs to that department unless one was chosen."""
    for field, model in (("activity_id", ProcessingActivity), ("channel_id", Channel)):
        if values.get(field):
            department = db.session.scalar(select(model.department_id).where(model.id == values[field]))
            if department:
                return department
    return None


def create_action(
    org: Organisation,
    actor: User | None,
    data: Mapping[str, Any],
    finding: Finding | None = None,
    notify: bool = True,
) -> Action:
    """A new action starts open; without a due date it gets the one of its priority."""
    values = _clean(org, data)
    values.setdefault("priority", "midden")
    if not values.get("due_date"):
        values["due_date"] = default_due_date(values["priority"])
    if not values.get("department_id"):
        values["department_id"] = _department_of(values)
    action = Action(
        organisation_id=org.id,
        status="open",
        created_by_id=actor.id if actor is not None else None,
        finding_id=finding.id if finding is not None else None,
        verification_evidence={},
    )
    changes = audit.populate(action, values)
    if finding is not None:
        changes["finding"] = [None, finding.title]
    db.session.add(action)
    db.session.flush()
    audit.record(org, actor, "create", action, changes)
    if notify and action.assignee_id:
        db.session.expire(action, ["assignee"])
        notifications.notify_assigned(action, actor)
    return action


def update_action(
    org: Organisation, actor: User, action: Action, data: Mapping[str, Any], notify: bool = True
) -> audit.Diff:
    """Edit the plan's fields; a new assignee is told by e-mail."""
    values = _clean(org, data)
    if "due_date" in values and not values["due_date"]:
        values["due_date"] = default_due_date(values.get("priority", action.priority), action.created_at.date())
    changes = audit.populate(action, values)
    if changes:
        db.session.flush()
        audit.record(org, actor, "update", action, changes)
        if notify and "assignee_id" in changes and action.assignee_id:
            db.session.expire(action, ["assignee"])
            notifications.notify_assigned(action, actor)
    return changes


@dataclass
class StatusChange:
    action: Action
    old: str
    verified_now: bool = False  # a check confirmed the fix right away
    awaiting_check: bool = False  # closed by hand; the next check (scan) has to confirm it


def change_status(
    org: Organisation,
    actor: User,
    membership: Membership,
    action: Action,
    status: str,
    note: str | None = None,
) -> StatusChange:
    """Move an action to status; note is required for "niet van toepassing" (the justification).

    Closing a finding's action by hand ("uitgevoerd") is allowed, but it stays "niet geverifieerd"
    until a check no longer sees the problem; for a register finding that check runs right away.
    """
    if status not in ACTION_STATES:
        raise ActionError(_("Onbekende status."))
    if status not in policy.allowed_statuses(membership, action):
        raise ActionError(_("Deze statuswijziging is voor jou niet mogelijk."))
    note = (note or "").strip() or None
    if status == "niet_van_toepassing" and not note:
        raise ActionError(_("Leg uit waarom deze actie niet van toepassing is."))
    outcome = StatusChange(action, action.status)
    values: dict[str, Any] = {"status": status, "closed_unverified": False}
    if status == "niet_van_toepassing":
        values["justification"] = note
    if status == "geverifieerd":  # by hand: only actions without a finding (policy)
        values["verified_at"] = utcnow()
        values["verification_evidence"] = {"kind": "manueel", "by": actor.name, "note": note or ""}
    elif status == "uitgevoerd" and action.finding is not None:
        values["closed_unverified"] = True
    elif action.status == "geverifieerd":
        values["verified_at"] = None
    changes = audit.populate(action, values)
    db.session.flush()
    audit.record(org, actor, "status", action, {**changes, **({"note": [None, note]} if note else {})})
    if note and status != "niet_van_toepassing":
        db.session.add(ActionComment(organisation_id=org.id, action_id=action.id, author_id=actor.id, body=note))
        db.session.flush()
    if action.closed_unverified:
        _confirm_if_possible(org, actor, action, outcome)
    return outcome


def _confirm_if_possible(org: Organisation, actor: User, action: Action, outcome: StatusChange) -> None:
    from lokaal_avg.remediation import register_checks, verification

    finding = action.finding
    if finding.resolved:  # the check already saw it fixed before the action was closed
        verification.verify(org, action, finding, _("Het probleem werd al niet meer gezien sinds deze datum."))
    elif finding.source == "register":
        register_checks.run_register_check(org, actor, "handmatig")
        db.session.refresh(action)
    outcome.verified_now = action.status == "geverifieerd"
    outcome.awaiting_check = action.closed_unverified


def add_comment(org: Organisation, actor: User, action: Action, body: str) -> ActionComment:
    body = (body or "").strip()
    if not body:
        raise ActionError(_("Een lege opmerking wordt niet bewaard."))
    comment = ActionComment(organisation_id=org.id, action_id=action.id, author_id=actor.id, body=body)
    db.session.add(comment)
    db.session.flush()
    audit.record(org, actor, "comment", action, {"comment": [None, body]})
    return comment


# --- from findings -------------------------------------------------------------------------------


def existing_action_for(finding: Finding) -> Action | None:
    return db.session.scalars(select(Action).where(Action.finding_id == finding.id)).first()


def finding_action_data(finding: Finding, assignee_id: int | None = None) -> dict[str, Any]:
    """The action a finding proposes: its title (with the channel), what to do and why, its priority."""
    title = finding.title
    if finding.channel is not None and finding.channel.name not in title:
        title = f"{finding.channel.name}: {title}"  # scan titles name the problem, not the channel
    return {
        "title": title,
        "description": _("Wat te doen: %(fix)s\n\nWaarom: %(risk)s", fix=finding.fix, risk=finding.risk),
        "activity_id": finding.activity_id,
        "channel_id": finding.channel_id,
        "processor_id": finding.processor_id,
        "priority": SEVERITY_TO_PRIORITY.get(finding.severity, "midden"),
        "assignee_id": assignee_id,
    }


def action_from_finding(
    org: Organisation,
    actor: User | None,
    finding: Finding,
    assignee_id: int | None = None,
    notify: bool = True,
    data: Mapping[str, Any] | None = None,
) -> tuple[Action, bool]:
    """The finding's action: (action, True) when made now, (existing action, False) otherwise.

    `data` is what the user changed in the proposed action (finding_action_data) before saving.
    A finding never gets two actions: checked here, and guarded by the unique finding_id for
    two clicks that race.
    """
    existing = existing_action_for(finding)
    if existing is not None:
        return existing, False
    if finding.resolved:
        raise ActionError(_("Deze bevinding is al opgelost; er is geen actie meer nodig."))
    values = {**finding_action_data(finding, assignee_id), **(data or {})}
    try:
        with db.session.begin_nested():
            action = create_action(org, actor, values, finding=finding, notify=notify)
    except IntegrityError:
        existing = existing_action_for(finding)
        if existing is None:
            raise
        return existing, False
    return action, True


def open_findings_without_action(org: Organisation, severity: str, source: str | None = None) -> list[Finding]:
    stmt = (
        select(Finding)
        .outerjoin(Action, Action.finding_id == Finding.id)
        .where(
            Finding.organisation_id == org.id,
            Finding.resolved.is_(False),
            Finding.severity == severity,
            Action.id.is_(None),
        )
        .options(joinedload(Finding.activity), joinedload(Finding.channel))
        .order_by(Finding.first_seen_at, Finding.id)
    )
    if source:
        stmt = stmt.where(Finding.source == source)
    return list(db.session.scalars(stmt))


def actions_from_findings(
    org: Organisation, actor: User | None, severity: str, assignee_id: int | None = None, source: str | None = None
) -> list[Action]:
    """One action for every open finding of severity that has none yet; returns the new ones."""
    _check_assignee(org, assignee_id)
    created = []
    for finding in open_findings_without_action(org, severity, source):
        action, made = action_from_finding(org, actor, finding, assignee_id, notify=False)
        if made:
            created.append(action)
    if created and assignee_id:
        for action in created:
            db.session.expire(action, ["assignee"])
        # One e-mail listing the batch, not one per action.
        notifications.notify_assigned_many(created, actor)
    return created
