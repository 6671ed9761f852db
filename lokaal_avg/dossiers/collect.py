"""Everything a dossier shows, gathered once with declared eager loads.

The PDF templates and the machine-readable export both read this one structure, so the
document and its embedded JSON cannot disagree. Nothing here renders or writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from lokaal_avg.accounts.models import User
from lokaal_avg.channels.models import Channel, ChannelField, channel_activity
from lokaal_avg.core.extensions import db
from lokaal_avg.core.severity import SEVERITIES
from lokaal_avg.dossiers import changelog
from lokaal_avg.dossiers.content import ActivityView, ChannelView, ProcessorView
from lokaal_avg.dossiers.figures import Figures, compute_figures
from lokaal_avg.dossiers.models import Dossier
from lokaal_avg.dossiers.scans import ScanEvidence
from lokaal_avg.dossiers.scope import DEPARTMENT, ORGANISATION, DossierScope
from lokaal_avg.organisations.models import Department, Organisation
from lokaal_avg.processors.models import Processor
from lokaal_avg.register import rules
from lokaal_avg.register.models import ProcessingActivity
from lokaal_avg.register.queries import ACTIVITY_LOADS, is_in_register
from lokaal_avg.remediation.contradictions import contradictions, facts_of
from lokaal_avg.remediation.models import OPEN_ACTION_STATES, Action, Finding
from lokaal_avg.scanning.models import Scan

# Without a previous dossier, the action plan shows what was closed in the last year.
CLOSED_ACTIONS_WINDOW = timedelta(days=365)


@dataclass
class DossierData:
    org: Organisation
    scope: DossierScope
    department: Department | None
    sheet_activity: ActivityView | None
    generated_at: datetime
    version: int
    previous: Dossier | None
    author: User | None
    activities: list[ActivityView]
    ended: list[ActivityView]
    channels: list[ChannelView]
    processors: list[ProcessorView]
    findings: list[Finding]
    open_actions: list[Action]
    closed_actions: list[Action]
    changes: changelog.ChangeLog
    figures: Figures
    # The language the PDF is written in (nl_BE, fr_BE or en); the JSON attachment does not depend on it.
    language: str = "nl_BE"
    # The audit chain's last link when the dossier was made: (number, hash); see audit.chain.
    audit_head: tuple[int, str] | None = None

    @cached_property
    def actions_by_finding(self) -> dict[int, Action]:
        # From the findings themselves, not from the action lists: those only hold what is open or
        # was closed since the previous dossier, and a finding's action may have closed long before.
        return {f.id: f.action for f in self.findings if f.action is not None}

    @property
    def since(self) -> datetime | None:
        return self.previous.created_at if self.previous else None

    @property
    def title(self) -> str:
        """The document title (PDF metadata, the list of dossiers), in the dossier's language."""
        with force_locale(self.language):
            if self.sheet_activity is not None:
                return _("Registerfiche %(name)s", name=str(self.sheet_activity.activity))
            if self.department is not None:
                return _("AVG-dossier %(org)s, dienst %(dept)s", org=self.org.name, dept=self.department.name)
            return _("AVG-dossier %(org)s", org=self.org.name)

    def groups(self) -> list[tuple[str | None, list[ActivityView]]]:
        """Active entries per department, in register order (entries without a department last)."""
        grouped: dict[str | None, list[ActivityView]] = {}
        for view in self.activities:
            dept = view.activity.department
            grouped.setdefault(dept.name if dept else None, []).append(view)
        return sorted(grouped.items(), key=lambda item: (item[0] is None, (item[0] or "").lower()))


def _activity_order(a: ProcessingActivity) -> tuple:
    return ((a.department.name.lower() if a.department else "~"), (a.reference or "~").lower(), a.name.lower())


def scoped_activities(org: Organisation, scope: DossierScope) -> list[ProcessingActivity]:
    stmt = (
        select(ProcessingActivity)
        .where(ProcessingActivity.organisation_id == org.id)
        .options(
            *ACTIVITY_LOADS, selectinload(ProcessingActivity.approved_by), selectinload(ProcessingActivity.replaced_by)
        )
    )
    if scope.kind == DEPARTMENT:
        stmt = stmt.where(ProcessingActivity.department_id == scope.department_id)
    elif scope.is_sheet:
        stmt = stmt.where(ProcessingActivity.id == scope.activity_id)
    return sorted(db.session.scalars(stmt), key=_activity_order)


def _channels(org: Organisation, scope: DossierScope, activity_ids: set[int]) -> list[Channel]:
    stmt: Select = (
        select(Channel)
        .where(Channel.organisation_id == org.id, Channel.active.is_(True))
        .options(
            selectinload(Channel.vendor),
            selectinload(Channel.activities),
            selectinload(Channel.fields).selectinload(ChannelField.data_category),
        )
        .order_by(Channel.name, Channel.id)
    )
    if scope.kind != ORGANISATION:
        linked = select(channel_activity.c.channel_id).where(channel_activity.c.activity_id.in_(activity_ids))
        condition = Channel.id.in_(linked)
        if scope.kind == DEPARTMENT:
            condition = or_(condition, Channel.department_id == scope.department_id)
        stmt = stmt.where(condition)
    return list(db.session.scalars(stmt))


def latest_scans(org: Organisation, channel_ids: list[int]) -> dict[int, Scan]:
    """The most recent finished scan of each channel (one query, whatever the number of channels)."""
    if not channel_ids:
        return {}
    newest = (
        select(func.max(Scan.id))
        .where(Scan.organisation_id == org.id, Scan.channel_id.in_(channel_ids), Scan.finished_at.is_not(None))
        .group_by(Scan.channel_id)
    )
    return {scan.channel_id: scan for scan in db.session.scalars(select(Scan).where(Scan.id.in_(newest)))}


def _processors(
    org: Organisation, scope: DossierScope, activities: list[ProcessingActivity], channels: list[Channel]
) -> list[ProcessorView]:
    stmt = select(Processor).where(Processor.organisation_id == org.id).order_by(Processor.name, Processor.id)
    if scope.kind != ORGANISATION:
        ids = {p.id for a in activities for p in a.processors} | {c.vendor_id for c in channels if c.vendor_id}
        stmt = stmt.where(Processor.id.in_(ids))
    users: dict[int, list[ProcessingActivity]] = {}
    for activity in activities:
        for processor in activity.processors:
            users.setdefault(processor.id, []).append(activity)
    vendors: dict[int, list[Channel]] = {}
    for channel in channels:
        if channel.vendor_id:
            vendors.setdefault(channel.vendor_id, []).append(channel)
    return [ProcessorView(p, users.get(p.id, []), vendors.get(p.id, [])) for p in db.session.scalars(stmt)]


def _findings(org: Organisation, scope: DossierScope, ids: dict[str, set[int]]) -> list[Finding]:
    stmt = (
        select(Finding)
        .where(Finding.organisation_id == org.id, Finding.resolved.is_(False))
        .options(
            selectinload(Finding.channel),
            selectinload(Finding.activity),
            selectinload(Finding.processor),
            selectinload(Finding.action).selectinload(Action.assignee),
        )
    )
    if scope.kind != ORGANISATION:
        stmt = stmt.where(
            or_(
                Finding.activity_id.in_(ids["activity"]),
                Finding.channel_id.in_(ids["channel"]),
                Finding.processor_id.in_(ids["processor"]),
            )
        )
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(db.session.scalars(stmt), key=lambda f: (rank.get(f.severity, 9), f.first_seen_at, f.id))


def _actions(
    org: Organisation, scope: DossierScope, ids: dict[str, set[int]], closed_after: datetime
) -> tuple[list[Action], list[Action]]:
    stmt = (
        select(Action)
        .where(Action.organisation_id == org.id)
        .where(or_(Action.status.in_(OPEN_ACTION_STATES), Action.updated_at > closed_after))
        .options(
            selectinload(Action.assignee),
            selectinload(Action.finding),
            selectinload(Action.activity),
            selectinload(Action.channel),
            selectinload(Action.processor),
            selectinload(Action.department),
        )
    )
    if scope.kind != ORGANISATION:
        conditions: list[Any] = [
            Action.activity_id.in_(ids["activity"]),
            Action.channel_id.in_(ids["channel"]),
            Action.processor_id.in_(ids["processor"]),
            Action.finding_id.in_(ids["finding"]),
        ]
        if scope.kind == DEPARTMENT:
            conditions.append(Action.department_id == scope.department_id)
        stmt = stmt.where(or_(*conditions))
    actions = list(db.session.scalars(stmt))
    priority = {"hoog": 0, "midden": 1, "laag": 2}
    open_ = sorted(
        (a for a in actions if a.status in OPEN_ACTION_STATES),
        key=lambda a: (a.due_date is None, a.due_date or date.max, priority.get(a.priority, 3), a.id),
    )
    closed = sorted((a for a in actions if a.status not in OPEN_ACTION_STATES), key=lambda a: (a.updated_at, a.id))
    return open_, closed


def _link_channels(views: list[ActivityView], channels: list[Channel], scans: dict[int, Scan]) -> None:
    feeding: dict[int, list[Channel]] = {}
    for channel in channels:
        for linked in channel.activities:
            feeding.setdefault(linked.id, []).append(channel)
    for view in views:
        view.channels = feeding.get(view.activity.id, [])
        facts = [facts_of(c, *_scan_of(scans.get(c.id))) for c in view.channels]
        view.contradictions = contradictions(view.activity, facts)


def _scan_of(scan: Scan | None) -> tuple[int | None, dict[str, Any] | None]:
    return (scan.id, scan.result) if scan is not None else (None, None)


def _channel_views(channels: list[Channel], scans: dict[int, Scan], findings: list[Finding]) -> list[ChannelView]:
    per_channel: dict[int, list[Finding]] = {}
    for finding in findings:
        if finding.channel_id:
            per_channel.setdefault(finding.channel_id, []).append(finding)
    return [ChannelView(c, ScanEvidence.of(scans.get(c.id)), per_channel.get(c.id, [])) for c in channels]


def collect(
    org: Organisation,
    scope: DossierScope,
    generated_at: datetime,
    version: int,
    previous: Dossier | None = None,
    author: User | None = None,
    language: str = "nl_BE",
) -> DossierData:
    """Gather the dossier's content for scope as it stands at generated_at (labels in the dossier's language)."""
    with force_locale(language):
        return _collect(org, scope, generated_at, version, previous, author, language)


def _collect(
    org: Organisation,
    scope: DossierScope,
    generated_at: datetime,
    version: int,
    previous: Dossier | None,
    author: User | None,
    language: str,
) -> DossierData:
    activities = scoped_activities(org, scope)
    views = [ActivityView(a, rules.completeness(a), rules.warnings(a, org.is_government)) for a in activities]
    channels = _channels(org, scope, {a.id for a in activities})
    scans = latest_scans(org, [c.id for c in channels])
    _link_channels(views, channels, scans)
    processors = _processors(org, scope, activities, channels)
    ids = {
        "activity": {a.id for a in activities},
        "channel": {c.id for c in channels},
        "processor": {p.processor.id for p in processors},
    }
    findings = _findings(org, scope, ids)
    ids["finding"] = {f.id for f in findings}
    since = previous.created_at if previous else None
    open_actions, closed_actions = _actions(org, scope, ids, since or generated_at - CLOSED_ACTIONS_WINDOW)
    ids["action"] = {a.id for a in open_actions + closed_actions}
    channel_views = _channel_views(channels, scans, findings)
    department = db.session.get(Department, scope.department_id) if scope.department_id else None
    active = [v for v in views if is_in_register(v.activity)]
    ended = [v for v in views if not is_in_register(v.activity)]
    changes = changelog.changes_between(org, scope, since, generated_at, ids)
    figures = compute_figures(org, active, ended, channel_views, processors, findings, open_actions, generated_at)
    return DossierData(
        org=org,
        scope=scope,
        department=department,
        sheet_activity=views[0] if scope.is_sheet and views else None,
        generated_at=generated_at,
        version=version,
        previous=previous,
        author=author,
        activities=active,
        ended=ended,
        channels=channel_views,
        processors=processors,
        findings=findings,
        open_actions=open_actions,
        closed_actions=closed_actions,
        changes=changes,
        figures=figures,
        language=language,
    )
