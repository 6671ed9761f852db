"""The channel pages' read side: channels with their latest scan and open findings, in a fixed number of statements."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import defer, joinedload

from lokaal_avg.channels.models import Channel
from lokaal_avg.channels.queries import activity_counts
from lokaal_avg.core.extensions import db
from lokaal_avg.core.severity import severity_rank
from lokaal_avg.remediation.models import Finding
from lokaal_avg.scanning.models import Scan


@dataclass
class ChannelRow:
    channel: Channel
    activity_count: int = 0
    last_scan: Scan | None = None
    open_findings: dict[str, int] = field(default_factory=dict)

    @property
    def open_total(self) -> int:
        return sum(self.open_findings.values())


def channel_rows(
    org_id: int, kind: str | None = None, department_id: int | None = None, include_inactive: bool = False
) -> list[ChannelRow]:
    """The inventory: channels with their link count, latest scan and open findings by severity."""
    stmt = (
        select(Channel)
        .where(Channel.organisation_id == org_id)
        .options(joinedload(Channel.vendor), joinedload(Channel.department))
        .order_by(Channel.active.desc(), Channel.name)
    )
    if kind:
        stmt = stmt.where(Channel.kind == kind)
    if department_id:
        stmt = stmt.where(Channel.department_id == department_id)
    if not include_inactive:
        stmt = stmt.where(Channel.active.is_(True))
    rows = {c.id: ChannelRow(c) for c in db.session.scalars(stmt).unique()}
    if not rows:
        return []
    for channel_id, count in activity_counts(org_id):
        if channel_id in rows:
            rows[channel_id].activity_count = count
    for scan in latest_scans(org_id):
        if scan.channel_id in rows:
            rows[scan.channel_id].last_scan = scan
    for channel_id, severity, count in _open_finding_counts(org_id):
        if channel_id in rows:
            rows[channel_id].open_findings[severity] = count
    return list(rows.values())


def latest_scans(org_id: int) -> list[Scan]:
    """The newest scan of every channel of the organisation, without the heavy JSON."""
    newest = (
        select(func.max(Scan.id))
        .where(Scan.organisation_id == org_id, Scan.channel_id.is_not(None))
        .group_by(Scan.channel_id)
    )
    return list(
        db.session.scalars(select(Scan).where(Scan.id.in_(newest)).options(defer(Scan.result), defer(Scan.changes)))
    )


def _open_finding_counts(org_id: int):
    return db.session.execute(
        select(Finding.channel_id, Finding.severity, func.count())
        .where(Finding.organisation_id == org_id, Finding.channel_id.is_not(None), Finding.resolved.is_(False))
        .group_by(Finding.channel_id, Finding.severity)
    ).all()


def channel_findings(channel: Channel) -> tuple[list[Finding], list[Finding]]:
    """(open, recently resolved) findings of a channel, most severe first."""
    findings = db.session.scalars(
        select(Finding)
        .where(Finding.organisation_id == channel.organisation_id, Finding.channel_id == channel.id)
        .order_by(Finding.resolved_at.desc(), Finding.id)
    ).all()
    open_ = sorted((f for f in findings if not f.resolved), key=severity_rank)
    resolved = [f for f in findings if f.resolved][:20]
    return open_, resolved


def channel_scans(channel: Channel, limit: int = 10) -> list[Scan]:
    return list(
        db.session.scalars(
            select(Scan)
            .where(Scan.channel_id == channel.id, Scan.organisation_id == channel.organisation_id)
            .options(defer(Scan.result))
            .order_by(Scan.id.desc())
            .limit(limit)
        )
    )
