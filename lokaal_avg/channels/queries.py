"""Read-side queries of the channel inventory, in a fixed number of statements."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import defer, joinedload, selectinload

from lokaal_avg.channels.labels import SEVERITY_ORDER
from lokaal_avg.channels.models import Channel, ChannelField, channel_activity
from lokaal_avg.extensions import db
from lokaal_avg.register.models import DataCategory, ProcessingActivity
from lokaal_avg.register.queries import in_register
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
    for channel_id, count in _activity_counts(org_id):
        if channel_id in rows:
            rows[channel_id].activity_count = count
    for scan in latest_scans(org_id):
        if scan.channel_id in rows:
            rows[scan.channel_id].last_scan = scan
    for channel_id, severity, count in _open_finding_counts(org_id):
        if channel_id in rows:
            rows[channel_id].open_findings[severity] = count
    return list(rows.values())


def _activity_counts(org_id: int):
    return db.session.execute(
        select(channel_activity.c.channel_id, func.count())
        .join(ProcessingActivity, ProcessingActivity.id == channel_activity.c.activity_id)
        .where(ProcessingActivity.organisation_id == org_id, in_register())
        .group_by(channel_activity.c.channel_id)
    ).all()


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


def load_channel(channel_id: int, org_id: int) -> Channel | None:
    """A channel with everything its page reads."""
    return db.session.scalars(
        select(Channel)
        .where(Channel.id == channel_id, Channel.organisation_id == org_id)
        .options(
            joinedload(Channel.vendor),
            joinedload(Channel.department),
            selectinload(Channel.activities).selectinload(ProcessingActivity.data_categories),
            selectinload(Channel.fields).selectinload(ChannelField.data_category),
        )
        .execution_options(populate_existing=True)
    ).first()


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


def severity_rank(finding) -> int:
    severity = finding.severity if hasattr(finding, "severity") else finding.get("severity")
    return SEVERITY_ORDER.index(severity) if severity in SEVERITY_ORDER else len(SEVERITY_ORDER)


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


def channels_of_activity(activity: ProcessingActivity) -> list[Channel]:
    return list(
        db.session.scalars(
            select(Channel)
            .join(channel_activity, channel_activity.c.channel_id == Channel.id)
            .where(channel_activity.c.activity_id == activity.id, Channel.organisation_id == activity.organisation_id)
            .order_by(Channel.name)
        )
    )


def linkable_channels(org_id: int, exclude: list[Channel]) -> list[Channel]:
    """Active channels of the organisation that are not in exclude."""
    skip = {c.id for c in exclude}
    channels = db.session.scalars(
        select(Channel).where(Channel.organisation_id == org_id, Channel.active.is_(True)).order_by(Channel.name)
    )
    return [c for c in channels if c.id not in skip]


def category_names(org_id: int) -> dict[str, str]:
    """Data category code → the organisation's own name for it."""
    rows = db.session.execute(
        select(DataCategory.code, DataCategory.name).where(DataCategory.organisation_id == org_id)
    )
    return {row.code: row.name for row in rows}
