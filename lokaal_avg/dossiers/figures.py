"""The summary figures on the dossier's first pages, computed from the collected content."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from lokaal_avg.core.severity import SEVERITIES
from lokaal_avg.dossiers.content import ActivityView, ChannelView, ProcessorView
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.register import rules
from lokaal_avg.register.models import Status

# The i-monitor asks for a yearly information security audit.
AUDIT_INTERVAL = timedelta(days=365)


@dataclass
class Figures:
    active: int = 0
    ended: int = 0
    score: int | None = None
    mandatory_complete: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    danger_warnings: int = 0
    dpia_likely: int = 0
    dpia_open: int = 0
    review_due: int = 0
    channels: int = 0
    web_channels: int = 0
    https_ok: int = 0
    not_scanned: int = 0
    findings: dict[str, int] = field(default_factory=dict)
    actions_open: int = 0
    actions_overdue: int = 0
    processors: int = 0
    agreements_missing: int = 0
    agreements_expired: int = 0
    audit_overdue: bool = False

    @property
    def approved_share(self) -> int | None:
        return round(100 * self.by_status.get(Status.APPROVED, 0) / self.active) if self.active else None

    @property
    def findings_open(self) -> int:
        return sum(self.findings.values())


def compute_figures(
    org: Organisation,
    active: list[ActivityView],
    ended: list[ActivityView],
    channels: list[ChannelView],
    processors: list[ProcessorView],
    findings: list[Any],
    open_actions: list[Any],
    generated_at: datetime,
) -> Figures:
    """Count what the summary page shows; every figure is also visible in detail further on."""
    day = generated_at.date()
    figures = Figures(active=len(active), ended=len(ended))
    figures.score = rules.register_score([v.activity for v in active])
    for view in active:
        status = view.activity.status
        figures.by_status[status] = figures.by_status.get(status, 0) + 1
        figures.mandatory_complete += view.completeness.mandatory_complete
        figures.danger_warnings += any(w.level == "danger" for w in view.warnings)
        figures.dpia_likely += view.dpia_likely
        figures.dpia_open += view.dpia.open
        figures.review_due += rules.review_due(view.activity, generated_at)
    figures.channels = len(channels)
    for view in channels:
        if not view.channel.scannable:
            continue
        figures.web_channels += 1
        if view.evidence is None:
            figures.not_scanned += 1
        elif view.evidence.served_over_https:
            figures.https_ok += 1
    figures.findings = dict.fromkeys(SEVERITIES, 0)
    for finding in findings:
        figures.findings[finding.severity] = figures.findings.get(finding.severity, 0) + 1
    figures.actions_open = len(open_actions)
    figures.actions_overdue = sum(1 for a in open_actions if a.due_date and a.due_date < day)
    figures.processors = len(processors)
    states = [p.processor.agreement_state for p in processors]
    figures.agreements_missing = states.count("ontbreekt")
    figures.agreements_expired = states.count("verlopen")
    audit: date | None = org.last_security_audit_date
    figures.audit_overdue = audit is None or day - audit > AUDIT_INTERVAL
    return figures
