"""Read-side queries of the register, with their eager loads declared once."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.orm import selectinload

from lokaal_avg.extensions import db
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
