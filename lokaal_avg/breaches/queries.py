"""Reading the breach register: lists with their eager loads, findings of linked channels, the
dashboard's figures and the dossier's section."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from lokaal_avg.accounts.models import Membership
from lokaal_avg.breaches.clock import Clock, clock
from lokaal_avg.breaches.models import Breach, breach_activity
from lokaal_avg.breaches.policy import visible_breaches
from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.remediation.models import Action, Finding

LIST_LOADS = (selectinload(Breach.activities), selectinload(Breach.channels))
DETAIL_LOADS = (
    *LIST_LOADS,
    selectinload(Breach.processors),
    selectinload(Breach.data_categories),
    selectinload(Breach.subject_categories),
    selectinload(Breach.actions).selectinload(Action.assignee),
    selectinload(Breach.created_by),
    selectinload(Breach.assessed_by),
)
FILTERS = ("open", "melden", "afgesloten", "alle")


def listing(org_id: int, membership: Membership, show: str = "open") -> Select[tuple[Breach]]:
    stmt = select(Breach).where(Breach.organisation_id == org_id, visible_breaches(membership))
    if show == "open":
        stmt = stmt.where(Breach.closed_at.is_(None))
    elif show == "melden":
        stmt = stmt.where(
            Breach.closed_at.is_(None), Breach.authority_notified_at.is_(None), Breach.notify_authority.is_not(False)
        )
    elif show == "afgesloten":
        stmt = stmt.where(Breach.closed_at.is_not(None))
    return stmt.options(*LIST_LOADS).order_by(Breach.discovered_at.desc(), Breach.id.desc())


def open_findings_of_channels(breach: Breach) -> list[Finding]:
    """Problems a scan still sees on the channels the breach went through: often the cause."""
    ids = [c.id for c in breach.channels]
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(Finding)
            .where(
                Finding.organisation_id == breach.organisation_id,
                Finding.channel_id.in_(ids),
                Finding.resolved.is_(False),
            )
            .options(selectinload(Finding.channel), selectinload(Finding.action))
            .order_by(Finding.channel_id, Finding.severity, Finding.id)
        )
    )


@dataclass
class BreachFigures:
    """What the dashboard shows about breaches."""

    open: int = 0
    to_notify: int = 0  # clock running: not yet notified and not assessed as no risk
    overdue: int = 0  # clock past 72 hours without notification
    this_year: int = 0
    notified_this_year: int = 0
    most_urgent: list[tuple[Breach, Clock]] = field(default_factory=list)


def dashboard_figures(org: Organisation, membership: Membership | None = None, now: datetime | None = None):
    """Figures for the dashboard, in two queries whatever the register's size."""
    now = now or utcnow()
    stmt = select(Breach).where(Breach.organisation_id == org.id)
    if membership is not None:
        stmt = stmt.where(visible_breaches(membership))
    breaches = list(db.session.scalars(stmt))
    figures = BreachFigures()
    running = []
    for breach in breaches:
        if breach.discovered_at.year == now.year:
            figures.this_year += 1
            figures.notified_this_year += breach.authority_notified_at is not None
        if breach.is_closed:
            continue
        figures.open += 1
        state = clock(breach, now)
        if state.running:
            figures.to_notify += 1
            figures.overdue += state.state == "verstreken"
            running.append((breach, state))
    figures.most_urgent = sorted(running, key=lambda item: item[1].remaining)[:5]
    return figures


@dataclass
class DossierRow:
    reference: str
    title: str
    kinds: list[str]
    discovered_at: datetime
    risk_level: str | None
    notified_at: datetime | None
    authority_reference: str | None
    late: bool
    subjects_informed: bool
    subjects_estimate: int | None
    measures: str | None
    closed: bool


def dossier_section(org: Organisation, activity_ids: set[int] | None = None) -> list[DossierRow]:
    """The whole breach register for the dossier (Art. 33(5)): every breach, notified or not.

    With activity_ids (a department's dossier): only the breaches touching one of those activities.
    """
    stmt = select(Breach).where(Breach.organisation_id == org.id)
    if activity_ids is not None:
        touching = select(breach_activity.c.breach_id).where(breach_activity.c.processing_activity_id.in_(activity_ids))
        stmt = stmt.where(Breach.id.in_(touching))
    rows = db.session.scalars(stmt.order_by(Breach.discovered_at, Breach.id))
    return [
        DossierRow(
            reference=b.reference,
            title=b.title,
            kinds=list(b.kinds or []),
            discovered_at=b.discovered_at,
            risk_level=b.risk_level,
            notified_at=b.authority_notified_at,
            authority_reference=b.authority_reference,
            late=b.notified_late,
            subjects_informed=b.subjects_informed_on is not None,
            subjects_estimate=b.subjects_estimate,
            measures=b.measures,
            closed=b.is_closed,
        )
        for b in rows
    ]
