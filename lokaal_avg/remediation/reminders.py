"""The daily reminder: one e-mail per person with their actions overdue or due within a week."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from lokaal_avg.accounts.models import Membership, User
from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.remediation.models import OPEN_ACTION_STATES, Action, ReminderDigest

HORIZON = timedelta(days=7)


@dataclass
class Batch:
    user: User
    groups: list[tuple[Organisation, list[Action]]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(actions) for _org, actions in self.groups)


def batches(day: date, org: Organisation | None = None) -> list[Batch]:
    """Per assignee: their open actions due by day + 7 (overdue ones included), per organisation.

    Only organisations the person still belongs to; blocked accounts get nothing.
    """
    still_member = (
        select(Membership.id)
        .where(Membership.user_id == Action.assignee_id, Membership.organisation_id == Action.organisation_id)
        .exists()
    )
    stmt = (
        select(Action)
        .join(Action.assignee)
        .where(
            Action.status.in_(OPEN_ACTION_STATES),
            Action.due_date.is_not(None),
            Action.due_date <= day + HORIZON,
            User.active.is_(True),
            still_member,
        )
        .options(joinedload(Action.assignee), joinedload(Action.organisation))
        .order_by(Action.assignee_id, Action.organisation_id, Action.due_date, Action.id)
    )
    if org is not None:
        stmt = stmt.where(Action.organisation_id == org.id)
    result: dict[int, Batch] = {}
    for action in db.session.scalars(stmt).unique():
        batch = result.setdefault(action.assignee_id, Batch(action.assignee))
        if not batch.groups or batch.groups[-1][0].id != action.organisation_id:
            batch.groups.append((action.organisation, []))
        batch.groups[-1][1].append(action)
    return sorted(result.values(), key=lambda b: b.user.name.lower())


def already_sent(user: User, day: date) -> bool:
    return (
        db.session.scalar(select(ReminderDigest.id).where(ReminderDigest.user_id == user.id, ReminderDigest.day == day))
        is not None
    )


def record_sent(user: User, day: date, count: int) -> None:
    digest = db.session.scalars(
        select(ReminderDigest).where(ReminderDigest.user_id == user.id, ReminderDigest.day == day)
    ).first()
    if digest is None:
        digest = ReminderDigest(user_id=user.id, day=day)
        db.session.add(digest)
    digest.action_count = count
    digest.sent_at = utcnow()
    db.session.flush()
