"""The dashboard's figures (in the spirit of the i-monitor) and their daily snapshots for trends.

Every figure comes from a fixed number of grouped queries, so the home page costs the same for a
small municipality and a large one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from lokaal_avg.channels.models import Channel
from lokaal_avg.core.db import today
from lokaal_avg.extensions import db
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.register.queries import RegisterSummary, register_summaries
from lokaal_avg.remediation import queries
from lokaal_avg.remediation.models import Finding, MetricSnapshot
from lokaal_avg.scanning.models import Scan

log = logging.getLogger(__name__)

HISTORY_DAYS = 90


@dataclass
class ChannelFigures:
    total: int = 0  # active channels of any kind
    web: int = 0  # with a web address (web form, e-loket, app page)
    scanned: int = 0
    https: int = 0  # latest scan ended on https://
    without_critical: int = 0  # scanned, and no critical problem in the latest scan or open findings

    @property
    def https_share(self) -> int | None:
        return round(100 * self.https / self.scanned) if self.scanned else None

    @property
    def ok_share(self) -> int | None:
        return round(100 * self.without_critical / self.scanned) if self.scanned else None


def channel_figures(org_id: int) -> ChannelFigures:
    """From the channels and their latest finished scan (three statements)."""
    figures = ChannelFigures()
    channels = db.session.execute(
        select(Channel.id, Channel.url).where(Channel.organisation_id == org_id, Channel.active.is_(True))
    ).all()
    figures.total = len(channels)
    web = {cid for cid, url in channels if url and url.startswith(("http://", "https://"))}
    figures.web = len(web)
    if not web:
        return figures
    latest_ids = (
        select(func.max(Scan.id))
        .where(Scan.organisation_id == org_id, Scan.finished_at.is_not(None), Scan.channel_id.is_not(None))
        .group_by(Scan.channel_id)
    )
    latest = db.session.execute(
        select(Scan.channel_id, Scan.url, Scan.final_url, Scan.critical).where(Scan.id.in_(latest_ids))
    ).all()
    critical_open = set(
        db.session.scalars(
            select(Finding.channel_id)
            .where(
                Finding.organisation_id == org_id,
                Finding.channel_id.is_not(None),
                Finding.resolved.is_(False),
                Finding.severity == "kritiek",
            )
            .distinct()
        )
    )
    for channel_id, url, final_url, critical in latest:
        if channel_id not in web:
            continue
        figures.scanned += 1
        if (final_url or url or "").startswith("https://"):
            figures.https += 1
        if not critical and channel_id not in critical_open:
            figures.without_critical += 1
    return figures


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
