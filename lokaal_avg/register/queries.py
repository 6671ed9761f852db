"""Read-side queries of the register, with their eager loads declared once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.orm import selectinload

from lokaal_avg.core.extensions import db
from lokaal_avg.register import rules
from lokaal_avg.register.models import ProcessingActivity, Status

# Everything completeness() and warnings() read, loaded in a fixed number of queries.
ACTIVITY_LOADS = (
    selectinload(ProcessingActivity.department),
    selectinload(ProcessingActivity.data_categories),
    selectinload(ProcessingActivity.subject_categories),
    selectinload(ProcessingActivity.recipient_categories),
    selectinload(ProcessingActivity.processors),
)


def in_register() -> ColumnElement[bool]:
    """The one definition of "in the register": every entry that has not ended.

    Ended entries stay readable for five years (and are printed in the dossier's own section),
    but they are no longer part of the register: the dashboard, the list and the dossier all
    count through this criterion or its Python twin is_in_register().
    """
    return ProcessingActivity.status != Status.ENDED


def is_in_register(activity: ProcessingActivity) -> bool:
    return activity.status != Status.ENDED


def register_activities(org_id: int) -> Select[tuple[ProcessingActivity]]:
    """The entries in the register of an organisation, with the loads rules need."""
    return activities_of(org_id).where(in_register())


def activities_of(org_id: int) -> Select[tuple[ProcessingActivity]]:
    return select(ProcessingActivity).where(ProcessingActivity.organisation_id == org_id).options(*ACTIVITY_LOADS)


def search_activities(
    org_id: int, q: str | None = None, department_id: int | None = None, status: str | None = None
) -> Select[tuple[ProcessingActivity]]:
    stmt = activities_of(org_id)
    if q:
        like = f"%{q.strip()}%"
        stmt = stmt.where(
            or_(
                ProcessingActivity.name.ilike(like),
                ProcessingActivity.reference.ilike(like),
                ProcessingActivity.purposes.ilike(like),
                ProcessingActivity.description.ilike(like),
            )
        )
    if department_id:
        stmt = stmt.where(ProcessingActivity.department_id == department_id)
    if status:
        stmt = stmt.where(ProcessingActivity.status == status)
    return stmt


SORT_KEYS = {
    "naam": lambda r: r.activity.name.lower(),
    "referentie": lambda r: (r.activity.reference or "~").lower(),
    "dienst": lambda r: r.activity.department.name.lower() if r.activity.department else "~",
    "status": lambda r: list(Status).index(Status(r.activity.status)),
    "volledigheid": lambda r: r.completeness.score,
    "gewijzigd": lambda r: r.activity.updated_at,
}


@dataclass
class Row:
    activity: ProcessingActivity
    completeness: rules.Completeness
    warnings: list[rules.Warning]


def filtered_rows(org, args: Mapping[str, str], department_id: int | None) -> list[Row]:
    """The register list as filtered and sorted on the register page (also used by its exports)."""
    stmt = search_activities(org.id, args.get("q"), department_id, args.get("status") or None)
    rows = [Row(a, rules.completeness(a), rules.warnings(a, org.is_government)) for a in db.session.scalars(stmt)]
    if args.get("incomplete"):
        rows = [r for r in rows if not r.completeness.mandatory_complete and is_in_register(r.activity)]
    if args.get("dpia"):
        rows = [r for r in rows if any(w.code == "dpia_needed" for w in r.warnings)]
    if args.get("review"):
        rows = [r for r in rows if rules.review_due(r.activity)]
    if not args.get("status") and not args.get("beeindigd"):
        rows = [r for r in rows if is_in_register(r.activity)]
    sort = args.get("sort", "naam")
    rows.sort(key=SORT_KEYS.get(sort, SORT_KEYS["naam"]), reverse=args.get("dir") == "desc")
    return rows


@dataclass
class RegisterSummary:
    total: int = 0  # entries in the register (in_register()); ended ones are counted apart
    ended: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    score: int | None = None
    incomplete: int = 0
    dpia_open: int = 0
    review_due: int = 0

    @property
    def waiting_for_review(self) -> int:
        return self.by_status.get(Status.REVIEW, 0)

    @property
    def approved_share(self) -> int | None:
        return round(100 * self.by_status.get(Status.APPROVED, 0) / self.total) if self.total else None


def register_summaries(org_ids: list[int]) -> dict[int, RegisterSummary]:
    """Figures per organisation for the portfolio and the dashboard."""
    summaries = {org_id: RegisterSummary() for org_id in org_ids}
    if not org_ids:
        return summaries
    activities = db.session.scalars(
        select(ProcessingActivity).where(ProcessingActivity.organisation_id.in_(org_ids)).options(*ACTIVITY_LOADS)
    ).all()
    grouped: dict[int, list[ProcessingActivity]] = {org_id: [] for org_id in org_ids}
    for activity in activities:
        grouped[activity.organisation_id].append(activity)
    for org_id, items in grouped.items():
        summary = summaries[org_id]
        for activity in items:
            summary.by_status[activity.status] = summary.by_status.get(activity.status, 0) + 1
            if not is_in_register(activity):
                summary.ended += 1
                continue
            summary.total += 1
            if not rules.completeness(activity).mandatory_complete:
                summary.incomplete += 1
            if rules.dpia_screening(activity).open:
                summary.dpia_open += 1
            if rules.review_due(activity):
                summary.review_due += 1
        summary.score = rules.register_score(items)
    return summaries
