"""Read-side queries of the action plan and the findings, with their eager loads declared once.

Every list is filtered and paged in SQL and loads what its rows show with joins, so a page costs
the same number of statements whether the plan holds ten actions or five hundred.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from math import ceil
from typing import Any

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import joinedload

from lokaal_avg.accounts.models import Membership, User
from lokaal_avg.core.db import today
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Department
from lokaal_avg.remediation import policy
from lokaal_avg.remediation.models import (
    ACTION_STATES,
    OPEN_ACTION_STATES,
    PRIORITIES,
    SEVERITIES,
    Action,
    Finding,
)

ACTION_LOADS = (
    joinedload(Action.organisation),
    joinedload(Action.assignee),
    joinedload(Action.department),
    joinedload(Action.activity),
    joinedload(Action.channel),
    joinedload(Action.processor),
    joinedload(Action.finding),
)
FINDING_LOADS = (
    joinedload(Finding.activity),
    joinedload(Finding.channel),
    joinedload(Finding.processor),
    joinedload(Finding.action),
)

STATUS_FILTERS = ("lopend", "te_verifieren", "alle", *ACTION_STATES)
SORTS = ("deadline", "prioriteit", "status", "titel", "toegewezen", "dienst", "aangemaakt")


def overdue_clause():
    return (Action.due_date < today()) & Action.status.in_(OPEN_ACTION_STATES)


def _order(values: tuple[str, ...], column) -> Any:
    return case({v: i for i, v in enumerate(values)}, value=column, else_=len(values))


@dataclass
class ActionFilters:
    """The plan's filters, read from and written back to the query string."""

    q: str = ""
    status: str = "lopend"
    priority: str = ""
    department: str = ""  # a department id, "geen" or ""
    assignee: str = ""  # a user id, "niemand", "mij" or ""
    overdue: bool = False
    source: str = ""  # "scan", "register", "manueel" or ""
    sort: str = "deadline"
    direction: str = "asc"

    @classmethod
    def from_args(cls, args: Mapping[str, str], **defaults: Any) -> ActionFilters:
        f = cls(**defaults)
        f.q = (args.get("q") or "").strip()[:100]
        f.status = args.get("status") if args.get("status") in STATUS_FILTERS else f.status
        f.priority = args.get("prioriteit") if args.get("prioriteit") in PRIORITIES else ""
        department = args.get("dienst") or ""
        f.department = department if department == "geen" or _is_id(department) else ""
        assignee = args.get("toegewezen") or f.assignee
        f.assignee = assignee if assignee in ("niemand", "mij") or _is_id(assignee) else ""
        f.overdue = args.get("te_laat") == "1"
        f.source = args.get("bron") if args.get("bron") in ("scan", "register", "manueel") else ""
        f.sort = args.get("sort") if args.get("sort") in SORTS else f.sort
        f.direction = "desc" if args.get("dir") == "desc" else "asc"
        return f

    def as_args(self) -> dict[str, str]:
        """Non-default values as query arguments, for links, pagination and the export."""
        values = {
            "q": self.q,
            "status": self.status if self.status != "lopend" else "",
            "prioriteit": self.priority,
            "dienst": self.department,
            "toegewezen": self.assignee,
            "te_laat": "1" if self.overdue else "",
            "bron": self.source,
            "sort": self.sort if self.sort != "deadline" else "",
            "dir": "desc" if self.direction == "desc" else "",
        }
        return {k: v for k, v in values.items() if v}


def filtered_actions(org_id: int, membership: Membership, f: ActionFilters) -> Select[tuple[Action]]:
    """The plan's actions that membership may see, filtered; no order, no loads."""
    stmt = select(Action).where(Action.organisation_id == org_id, policy.visible_actions(membership))
    if f.q:
        like = f"%{f.q}%"
        stmt = stmt.where(or_(Action.title.ilike(like), Action.description.ilike(like)))
    if f.status == "lopend":
        stmt = stmt.where(Action.status.in_(OPEN_ACTION_STATES))
    elif f.status == "te_verifieren":
        stmt = stmt.where(Action.status == "uitgevoerd")
    elif f.status != "alle":
        stmt = stmt.where(Action.status == f.status)
    if f.priority:
        stmt = stmt.where(Action.priority == f.priority)
    if f.department == "geen":
        stmt = stmt.where(Action.department_id.is_(None))
    elif f.department:
        stmt = stmt.where(Action.department_id == int(f.department))
    if f.assignee == "niemand":
        stmt = stmt.where(Action.assignee_id.is_(None))
    elif f.assignee == "mij":
        stmt = stmt.where(Action.assignee_id == membership.user_id)
    elif f.assignee:
        stmt = stmt.where(Action.assignee_id == int(f.assignee))
    if f.overdue:
        stmt = stmt.where(overdue_clause())
    if f.source == "manueel":
        stmt = stmt.where(Action.finding_id.is_(None))
    elif f.source:
        stmt = stmt.where(Action.finding_id.in_(select(Finding.id).where(Finding.source == f.source)))
    return stmt


def ordered(stmt: Select[tuple[Action]], f: ActionFilters) -> Select[tuple[Action]]:
    assignee_name = select(User.name).where(User.id == Action.assignee_id).scalar_subquery()
    department_name = select(Department.name).where(Department.id == Action.department_id).scalar_subquery()
    keys = {
        "deadline": [Action.due_date.is_(None), Action.due_date],
        "prioriteit": [_order(PRIORITIES, Action.priority), Action.due_date],
        "status": [_order(ACTION_STATES, Action.status), Action.due_date],
        "titel": [func.lower(Action.title)],
        "toegewezen": [assignee_name.is_(None), func.lower(assignee_name)],
        "dienst": [department_name.is_(None), func.lower(department_name)],
        "aangemaakt": [Action.created_at],
    }[f.sort]
    if f.direction == "desc":
        keys = [k.desc() for k in keys]
    return stmt.order_by(*keys, Action.id.desc() if f.direction == "desc" else Action.id)


@dataclass
class Page:
    items: list[Any]
    total: int
    page: int
    pages: int


def _is_id(value: str) -> bool:
    """A query-string id the database can hold (32-bit); anything else is ignored."""
    return value.isascii() and value.isdigit() and len(value) <= 9


def paginate(stmt: Select, page: int, per_page: int, *loads: Any) -> Page:
    """One count and one select with joins, whatever the size of the list."""
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    pages = max(ceil(total / per_page), 1)
    page = min(max(page, 1), pages)
    items = db.session.scalars(stmt.options(*loads).limit(per_page).offset((page - 1) * per_page)).unique().all()
    return Page(list(items), total, page, pages)


# --- counts for headers, the dashboard and the portfolio -----------------------------------------


@dataclass
class ActionCounts:
    by_status: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
    unassigned: int = 0
    unverified: int = 0  # closed by hand, no check confirmed it yet

    @property
    def open(self) -> int:
        return sum(self.by_status.get(s, 0) for s in OPEN_ACTION_STATES)

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def done(self) -> int:
        return sum(self.by_status.get(s, 0) for s in ("uitgevoerd", "geverifieerd", "niet_van_toepassing"))


def _count_columns():
    is_open = Action.status.in_(OPEN_ACTION_STATES)
    return (
        func.count(Action.id),
        func.sum(case((overdue_clause(), 1), else_=0)),
        func.sum(case((is_open & Action.assignee_id.is_(None), 1), else_=0)),
        func.sum(case((Action.closed_unverified.is_(True) & (Action.status == "uitgevoerd"), 1), else_=0)),
    )


def action_counts(org_ids: list[int], visible=None) -> dict[int, ActionCounts]:
    """Per organisation, in one statement."""
    counts = {org_id: ActionCounts() for org_id in org_ids}
    if not org_ids:
        return counts
    stmt = select(Action.organisation_id, Action.status, *_count_columns()).where(Action.organisation_id.in_(org_ids))
    if visible is not None:
        stmt = stmt.where(visible)
    for org_id, status, n, overdue, unassigned, unverified in db.session.execute(
        stmt.group_by(Action.organisation_id, Action.status)
    ):
        c = counts[org_id]
        c.by_status[status] = n
        c.overdue += overdue or 0
        c.unassigned += unassigned or 0
        c.unverified += unverified or 0
    return counts


def department_counts(org_id: int, visible) -> dict[int | None, ActionCounts]:
    """Per department (None: no department), in one statement."""
    counts: dict[int | None, ActionCounts] = defaultdict(ActionCounts)
    stmt = (
        select(Action.department_id, Action.status, *_count_columns())
        .where(Action.organisation_id == org_id, visible)
        .group_by(Action.department_id, Action.status)
    )
    for department_id, status, n, overdue, unassigned, unverified in db.session.execute(stmt):
        c = counts[department_id]
        c.by_status[status] = n
        c.overdue += overdue or 0
        c.unassigned += unassigned or 0
        c.unverified += unverified or 0
    return dict(counts)


@dataclass
class FindingCounts:
    open_by_severity: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SEVERITIES, 0))
    without_action: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SEVERITIES, 0))
    resolved: int = 0

    @property
    def open(self) -> int:
        return sum(self.open_by_severity.values())


def finding_counts(org_ids: list[int]) -> dict[int, FindingCounts]:
    counts = {org_id: FindingCounts() for org_id in org_ids}
    if not org_ids:
        return counts
    stmt = (
        select(
            Finding.organisation_id,
            Finding.severity,
            Finding.resolved,
            func.count(Finding.id),
            func.sum(case((Action.id.is_(None), 1), else_=0)),
        )
        .outerjoin(Action, Action.finding_id == Finding.id)
        .where(Finding.organisation_id.in_(org_ids))
        .group_by(Finding.organisation_id, Finding.severity, Finding.resolved)
    )
    for org_id, severity, resolved, n, without in db.session.execute(stmt):
        c = counts[org_id]
        if resolved:
            c.resolved += n
        else:
            c.open_by_severity[severity] = c.open_by_severity.get(severity, 0) + n
            c.without_action[severity] = c.without_action.get(severity, 0) + (without or 0)
    return counts


# --- findings ------------------------------------------------------------------------------------


@dataclass
class FindingFilters:
    state: str = "open"  # "open", "opgelost", "alle"
    severity: str = ""
    source: str = ""
    without_action: bool = False

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> FindingFilters:
        return cls(
            state=args.get("staat") if args.get("staat") in ("open", "opgelost", "alle") else "open",
            severity=args.get("ernst") if args.get("ernst") in SEVERITIES else "",
            source=args.get("bron") if args.get("bron") in ("scan", "register") else "",
            without_action=args.get("zonder_actie") == "1",
        )

    def as_args(self) -> dict[str, str]:
        values = {
            "staat": self.state if self.state != "open" else "",
            "ernst": self.severity,
            "bron": self.source,
            "zonder_actie": "1" if self.without_action else "",
        }
        return {k: v for k, v in values.items() if v}


def filtered_findings(org_id: int, f: FindingFilters) -> Select[tuple[Finding]]:
    stmt = select(Finding).where(Finding.organisation_id == org_id)
    if f.state == "open":
        stmt = stmt.where(Finding.resolved.is_(False))
    elif f.state == "opgelost":
        stmt = stmt.where(Finding.resolved.is_(True))
    if f.severity:
        stmt = stmt.where(Finding.severity == f.severity)
    if f.source:
        stmt = stmt.where(Finding.source == f.source)
    if f.without_action:
        stmt = stmt.where(~select(Action.id).where(Action.finding_id == Finding.id).exists())
    return stmt.order_by(
        Finding.resolved, _order(SEVERITIES, Finding.severity), Finding.first_seen_at.desc(), Finding.id
    )


def actions_of_activity(activity_id: int, membership: Membership) -> list[Action]:
    """The actions about one register entry that membership may see, open ones first (its "Acties" block)."""
    return list(
        db.session.scalars(
            select(Action)
            .where(
                Action.activity_id == activity_id,
                Action.organisation_id == membership.organisation_id,
                policy.visible_actions(membership),
            )
            .options(joinedload(Action.assignee), joinedload(Action.organisation))
            .order_by(Action.status.in_(OPEN_ACTION_STATES).desc(), Action.due_date, Action.id)
        )
    )
