"""Reading requests: lists, what is due, figures per type and month, the dossier's summary."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from lokaal_avg.accounts.models import Membership, User
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.requests.deadlines import belgian_today
from lokaal_avg.requests.models import KINDS, SubjectRequest
from lokaal_avg.requests.policy import visible_requests

HORIZON = timedelta(days=7)
LIST_LOADS = (selectinload(SubjectRequest.activities), selectinload(SubjectRequest.handler))
FILTERS = ("open", "afgehandeld", "alle")


def listing(org_id: int, membership: Membership, show: str = "open", kind: str | None = None) -> Select:
    stmt = select(SubjectRequest).where(SubjectRequest.organisation_id == org_id, visible_requests(membership))
    if show == "open":
        stmt = stmt.where(SubjectRequest.status == "open")
    elif show == "afgehandeld":
        stmt = stmt.where(SubjectRequest.status != "open")
    if kind in KINDS:
        stmt = stmt.where(SubjectRequest.kind == kind)
    order = (
        (SubjectRequest.due_on, SubjectRequest.id)
        if show == "open"
        else (SubjectRequest.received_on.desc(), SubjectRequest.id.desc())
    )
    return stmt.options(*LIST_LOADS).order_by(*order)


@dataclass
class Due:
    overdue: list[SubjectRequest] = field(default_factory=list)
    soon: list[SubjectRequest] = field(default_factory=list)  # due within 7 days


def due(
    org: Organisation, membership: Membership | None = None, day: date | None = None, handler: User | None = None
) -> Due:
    """Open requests past their deadline, and those due within 7 days; one query."""
    day = day or belgian_today()
    stmt = select(SubjectRequest).where(
        SubjectRequest.organisation_id == org.id,
        SubjectRequest.status == "open",
        SubjectRequest.due_on <= day + HORIZON,
    )
    if membership is not None:
        stmt = stmt.where(visible_requests(membership))
    if handler is not None:
        stmt = stmt.where(SubjectRequest.handler_id == handler.id)
    result = Due()
    for item in db.session.scalars(stmt.options(*LIST_LOADS).order_by(SubjectRequest.due_on, SubjectRequest.id)):
        (result.overdue if item.due_on < day else result.soon).append(item)
    return result


def due_for_user(user: User, day: date | None = None) -> list[tuple[Organisation, Due]]:
    """For the daily digest: per organisation, the open requests this person handles that are due."""
    day = day or belgian_today()
    items = db.session.scalars(
        select(SubjectRequest)
        .join(
            Membership,
            (Membership.organisation_id == SubjectRequest.organisation_id) & (Membership.user_id == user.id),
        )
        .where(
            SubjectRequest.handler_id == user.id,
            SubjectRequest.status == "open",
            SubjectRequest.due_on <= day + HORIZON,
        )
        .options(selectinload(SubjectRequest.organisation))
        .order_by(SubjectRequest.organisation_id, SubjectRequest.due_on, SubjectRequest.id)
    )
    groups: dict[int, tuple[Organisation, Due]] = {}
    for item in items:
        _org, bucket = groups.setdefault(item.organisation_id, (item.organisation, Due()))
        (bucket.overdue if item.due_on < day else bucket.soon).append(item)
    return list(groups.values())


@dataclass
class RequestFigures:
    open: int = 0
    overdue: int = 0
    due_soon: int = 0
    this_year: int = 0
    refused_this_year: int = 0
    answered_in_time_this_year: int = 0
    answered_this_year: int = 0


def dashboard_figures(
    org: Organisation, membership: Membership | None = None, day: date | None = None
) -> RequestFigures:
    """Figures for the dashboard, in one query whatever the number of requests."""
    day = day or belgian_today()
    stmt = select(
        SubjectRequest.status, SubjectRequest.due_on, SubjectRequest.received_on, SubjectRequest.answered_on
    ).where(SubjectRequest.organisation_id == org.id)
    if membership is not None:
        stmt = stmt.where(visible_requests(membership))
    figures = RequestFigures()
    for status, due_on, received_on, answered_on in db.session.execute(stmt):
        if status == "open":
            figures.open += 1
            figures.overdue += due_on < day
            figures.due_soon += day <= due_on <= day + HORIZON
        if received_on.year == day.year:
            figures.this_year += 1
            figures.refused_this_year += status == "geweigerd"
            if answered_on is not None:
                figures.answered_this_year += 1
                figures.answered_in_time_this_year += answered_on <= due_on
    return figures


def month_keys(day: date, months: int) -> list[str]:
    keys, year, month = [], day.year, day.month
    for _ in range(months):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(keys))


def figures_by_month(
    org: Organisation, membership: Membership | None = None, months: int = 12, day: date | None = None
):
    """{(kind, "YYYY-MM"): count} of requests received in the last `months` months, and the month keys."""
    day = day or belgian_today()
    keys = month_keys(day, months)
    start = date(int(keys[0][:4]), int(keys[0][5:]), 1)
    stmt = select(SubjectRequest.kind, SubjectRequest.received_on).where(
        SubjectRequest.organisation_id == org.id, SubjectRequest.received_on >= start
    )
    if membership is not None:
        stmt = stmt.where(visible_requests(membership))
    counts = Counter((kind, f"{received.year:04d}-{received.month:02d}") for kind, received in db.session.execute(stmt))
    return counts, keys


@dataclass
class DossierSummary:
    """The requests summary for the dossier: counts per type and outcome, timeliness, extensions."""

    by_kind: dict[str, dict[str, int]]
    total: int
    answered_in_time: int
    answered_late: int
    extended: int
    open_overdue: int


def dossier_section(org: Organisation, since: date | None = None, day: date | None = None) -> DossierSummary:
    day = day or belgian_today()
    stmt = select(
        SubjectRequest.kind,
        SubjectRequest.status,
        SubjectRequest.due_on,
        SubjectRequest.answered_on,
        SubjectRequest.extended_on,
    ).where(SubjectRequest.organisation_id == org.id)
    if since is not None:
        stmt = stmt.where(SubjectRequest.received_on >= since)
    by_kind = {kind: {"open": 0, "beantwoord": 0, "geweigerd": 0} for kind in KINDS}
    summary = DossierSummary(by_kind, 0, 0, 0, 0, 0)
    for kind, status, due_on, answered_on, extended_on in db.session.execute(stmt):
        by_kind[kind][status] += 1
        summary.total += 1
        summary.extended += extended_on is not None
        if answered_on is not None:
            if answered_on <= due_on:
                summary.answered_in_time += 1
            else:
                summary.answered_late += 1
        elif status == "open" and due_on < day:
            summary.open_overdue += 1
    return summary


def count_by_status(org_id: int, membership: Membership) -> dict[str, int]:
    rows = db.session.execute(
        select(SubjectRequest.status, func.count())
        .where(SubjectRequest.organisation_id == org_id, visible_requests(membership))
        .group_by(SubjectRequest.status)
    )
    return dict(rows.all())
