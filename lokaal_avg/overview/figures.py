"""The dashboard's figures (in the spirit of the i-monitor), composed from each feature's figures,
and their daily snapshots for the trends.

Every figure comes from a fixed number of grouped queries, so the home page costs the same for a
small municipality and a large one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lokaal_avg.core.db import today
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.overview.models import MetricSnapshot
from lokaal_avg.register.queries import RegisterSummary, register_summaries
from lokaal_avg.remediation import queries
from lokaal_avg.scanning.figures import ChannelFigures, channel_figures

log = logging.getLogger(__name__)

HISTORY_DAYS = 90


@dataclass
class DashboardFigures:
    register: RegisterSummary
    channels: ChannelFigures
    findings: queries.FindingCounts
    actions: queries.ActionCounts
    dpo_appointed: bool
    security_plan_date: date | None
    last_audit_date: date | None
    extra: dict[str, Any] = field(default_factory=dict)


def dashboard_figures(org: Organisation, summary: RegisterSummary | None = None) -> DashboardFigures:
    summary = summary or register_summaries([org.id])[org.id]
    return DashboardFigures(
        register=summary,
        channels=channel_figures(org.id),
        findings=queries.finding_counts([org.id])[org.id],
        actions=queries.action_counts([org.id])[org.id],
        dpo_appointed=bool(org.dpo_name),
        security_plan_date=org.security_plan_date,
        last_audit_date=org.last_security_audit_date,
    )


def snapshot_values(f: DashboardFigures) -> dict[str, Any]:
    """The figures kept per day (plain JSON)."""
    values: dict[str, Any] = {
        "register_score": f.register.score,
        "approved_share": f.register.approved_share,
        "activities": f.register.total,
        "incomplete": f.register.incomplete,
        "channels_web": f.channels.web,
        "channels_scanned": f.channels.scanned,
        "channels_https": f.channels.https,
        "channels_ok": f.channels.without_critical,
        "https_share": f.channels.https_share,
        "ok_share": f.channels.ok_share,
        "actions_open": f.actions.open,
        "actions_overdue": f.actions.overdue,
        "actions_unverified": f.actions.unverified,
        "actions_done": f.actions.done,
    }
    for severity, n in f.findings.open_by_severity.items():
        values[f"findings_{severity}"] = n
    return values


def history(org_id: int, days: int = HISTORY_DAYS) -> list[MetricSnapshot]:
    return list(
        db.session.scalars(
            select(MetricSnapshot)
            .where(MetricSnapshot.organisation_id == org_id, MetricSnapshot.day > today() - timedelta(days=days))
            .order_by(MetricSnapshot.day)
        )
    )


def store(org_id: int, day: date, values: dict[str, Any], existing: MetricSnapshot | None = None) -> MetricSnapshot:
    if existing is None:
        existing = MetricSnapshot(organisation_id=org_id, day=day)
        db.session.add(existing)
    existing.metrics = values
    db.session.flush()
    return existing


def history_with_today(org: Organisation, figures: DashboardFigures) -> list[MetricSnapshot]:
    """The trend history; today's snapshot is taken the first time someone looks (once a day)."""
    snapshots = history(org.id)
    if snapshots and snapshots[-1].day == today():
        return snapshots
    try:
        with db.session.begin_nested():
            snapshots.append(store(org.id, today(), snapshot_values(figures)))
    except IntegrityError:  # another request took today's snapshot a moment ago
        log.info("snapshot for %s taken concurrently", org.slug)
    return snapshots


def take_snapshot(org: Organisation) -> MetricSnapshot:
    """Today's figures, replacing a snapshot taken earlier today (the CLI, for cron)."""
    existing = db.session.scalars(
        select(MetricSnapshot).where(MetricSnapshot.organisation_id == org.id, MetricSnapshot.day == today())
    ).first()
    return store(org.id, today(), snapshot_values(dashboard_figures(org)), existing)
