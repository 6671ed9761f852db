"""Reading DPIAs: the overview list, the dashboard figures and the dossier section.

Each loads everything in a fixed number of statements, whatever the number of DPIAs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from flask_babel import to_user_timezone
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db
from lokaal_avg.dpia.heatmap import heat_map
from lokaal_avg.dpia.models import Dpia, DpiaVersion
from lokaal_avg.dpia.scale import highest, level
from lokaal_avg.dpia.services import may_start, prior_consultation_needed
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.register.models import ProcessingActivity, Status
from lokaal_avg.register.queries import activities_of

DPIA_LOADS = (
    selectinload(Dpia.activity).selectinload(ProcessingActivity.department),
    selectinload(Dpia.versions).selectinload(DpiaVersion.risks),
)


def brussels_today() -> date:
    """Review dates are days in Belgium: 23:30 UTC is already tomorrow in Brussels."""
    return to_user_timezone(utcnow()).date()


def dpias_of(org_id: int) -> list[Dpia]:
    stmt = select(Dpia).where(Dpia.organisation_id == org_id).options(*DPIA_LOADS)
    return sorted(db.session.scalars(stmt), key=lambda d: d.activity.name.lower())


def activities_needing_dpia(org_id: int, existing: list[Dpia]) -> list[ProcessingActivity]:
    """Active entries whose screening says a DPIA is likely and that have no DPIA record yet."""
    covered = {d.activity_id for d in existing}
    activities = db.session.scalars(activities_of(org_id).where(ProcessingActivity.status != Status.ENDED))
    return sorted((a for a in activities if a.id not in covered and may_start(a)), key=lambda a: a.name.lower())


def review_due(dpia: Dpia, today: date | None = None) -> bool:
    approved = dpia.approved
    return approved is not None and approved.review_on is not None and approved.review_on <= (today or brussels_today())


@dataclass(frozen=True)
class DpiaFigures:
    """What the dashboard shows about DPIAs."""

    needed: int  # the screening says likely, no DPIA record yet
    in_progress: int  # the current version is a draft
    approved: int  # a decided version is in force
    review_due: int  # the review date of the version in force has come
    consultation_pending: int  # high residual risk and the authority not consulted yet


def dashboard_figures(org: Organisation) -> DpiaFigures:
    dpias = dpias_of(org.id)
    today = brussels_today()
    return DpiaFigures(
        needed=len(activities_needing_dpia(org.id, dpias)),
        in_progress=sum(1 for d in dpias if not d.current.frozen),
        approved=sum(1 for d in dpias if d.approved is not None),
        review_due=sum(1 for d in dpias if review_due(d, today)),
        consultation_pending=sum(
            1 for d in dpias if prior_consultation_needed(d.current) and d.current.consultation_sent_on is None
        ),
    )


@dataclass
class RiskLine:
    title: str
    level: str
    residual_level: str
    measures: str | None


@dataclass
class DpiaSummary:
    """One DPIA for the dossier: the version in force (or the draft when none is decided yet)."""

    activity: str
    reference: str | None
    version: int
    status: str
    decision: str | None
    decided_at: object
    advice_given: bool
    highest_level: str | None
    highest_residual: str | None
    consultation_needed: bool
    consultation_sent_on: date | None
    review_on: date | None
    review_due: bool
    heat_map: Markup
    residual_heat_map: Markup
    risks: list[RiskLine] = field(default_factory=list)


def dossier_section(org: Organisation) -> list[DpiaSummary]:
    today = brussels_today()
    return [_summary(d, today) for d in dpias_of(org.id)]


def _summary(dpia: Dpia, today: date) -> DpiaSummary:
    version = dpia.approved or dpia.current
    risks = version.risks
    element = f"dpia-{dpia.id}-v{version.number}"
    return DpiaSummary(
        activity=dpia.activity.name,
        reference=dpia.activity.reference,
        version=version.number,
        status=version.status,
        decision=version.decision,
        decided_at=version.decided_at,
        advice_given=bool(version.dpo_advice),
        highest_level=highest(level(r.likelihood, r.severity) for r in risks),
        highest_residual=highest(level(r.residual_likelihood, r.residual_severity) for r in risks),
        consultation_needed=prior_consultation_needed(version),
        consultation_sent_on=version.consultation_sent_on,
        review_on=version.review_on,
        review_due=review_due(dpia, today),
        heat_map=heat_map(((r.likelihood, r.severity) for r in risks), _("Risico's vóór maatregelen"), element),
        residual_heat_map=heat_map(
            ((r.residual_likelihood, r.residual_severity) for r in risks),
            _("Restrisico's na maatregelen"),
            f"{element}-rest",
        ),
        risks=[
            RiskLine(
                r.title, level(r.likelihood, r.severity), level(r.residual_likelihood, r.residual_severity), r.measures
            )
            for r in risks
        ],
    )


def export_records(org: Organisation) -> list[dict]:
    """Every DPIA with all its versions as plain JSON-able data (for a JSON export or the dossier attachment)."""
    return [
        {
            "activity": {"id": d.activity.id, "name": d.activity.name, "reference": d.activity.reference},
            "version_in_force": d.approved.number if d.approved else None,
            "versions": [_version_record(v) for v in d.versions],
        }
        for d in dpias_of(org.id)
    ]


def _version_record(version: DpiaVersion) -> dict:
    def moment(value):
        return value.isoformat(timespec="seconds") if value else None

    return {
        "number": version.number,
        "status": version.status,
        "created_at": moment(version.created_at),
        "description": version.description,
        "purposes": version.purposes,
        "necessity": version.necessity,
        "proportionality": version.proportionality,
        "risks": [
            {
                "title": r.title,
                "description": r.description,
                "likelihood": r.likelihood,
                "severity": r.severity,
                "level": level(r.likelihood, r.severity),
                "measures": r.measures,
                "residual_likelihood": r.residual_likelihood,
                "residual_severity": r.residual_severity,
                "residual_level": level(r.residual_likelihood, r.residual_severity),
            }
            for r in version.risks
        ],
        "dpo_advice": version.dpo_advice,
        "dpo_advice_at": moment(version.dpo_advice_at),
        "decision": version.decision,
        "decision_reasons": version.decision_reasons,
        "decided_at": moment(version.decided_at),
        "prior_consultation_needed": prior_consultation_needed(version),
        "consultation_sent_on": version.consultation_sent_on.isoformat() if version.consultation_sent_on else None,
        "consultation_reference": version.consultation_reference,
        "consultation_outcome": version.consultation_outcome,
        "review_on": version.review_on.isoformat() if version.review_on else None,
    }
