"""Keeping findings in step with reality, without ever duplicating them.

Every check (a channel scan, the register check) reports the complete list of problems it
sees within its scope. sync_findings() compares that list with the stored findings of the
same scope by fingerprint: new problems are added, problems seen again are refreshed, and
problems no longer seen are marked resolved. A resolved problem that comes back is reopened
(the same row, so its action and history stay attached).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from lokaal_avg.core.db import utcnow
from lokaal_avg.extensions import db
from lokaal_avg.remediation.models import Finding


@dataclass
class FindingInput:
    code: str
    severity: str
    title: str
    risk: str
    fix: str
    key: str = ""
    evidence: dict[str, Any] = field(default_factory=dict)
    channel_id: int | None = None
    activity_id: int | None = None
    processor_id: int | None = None

    def fingerprint(self, source: str) -> str:
        if self.channel_id:
            target = f"channel:{self.channel_id}"
        elif self.activity_id:
            target = f"activity:{self.activity_id}"
        elif self.processor_id:
            target = f"processor:{self.processor_id}"
        else:
            target = "organisation"
        return f"{source}:{target}:{self.code}:{self.key}"[:500]


@dataclass(frozen=True)
class Scope:
    """Which stored findings a check is authoritative for."""

    source: str  # "scan" or "register"
    channel_id: int | None = None  # a scan covers one channel


@dataclass
class SyncResult:
    new: list[Finding] = field(default_factory=list)
    reopened: list[Finding] = field(default_factory=list)
    resolved: list[Finding] = field(default_factory=list)
    unchanged: list[Finding] = field(default_factory=list)


def stored_in_scope(org_id: int, scope: Scope) -> list[Finding]:
    stmt = select(Finding).where(Finding.organisation_id == org_id, Finding.source == scope.source)
    if scope.channel_id is not None:
        stmt = stmt.where(Finding.channel_id == scope.channel_id)
    return list(db.session.scalars(stmt))


def sync_findings(
    org_id: int, scope: Scope, found: list[FindingInput], scan_id: int | None = None, evidence_note: str = ""
) -> SyncResult:
    """Bring the stored findings of scope in line with found, then update the actions."""
    from lokaal_avg.remediation.verification import apply_to_actions

    now = utcnow()
    result = SyncResult()
    stored = {f.fingerprint: f for f in stored_in_scope(org_id, scope)}
    seen: set[str] = set()
    for item in found:
        fingerprint = item.fingerprint(scope.source)
        if fingerprint in seen:  # the same problem twice in one report counts once
            continue
        seen.add(fingerprint)
        finding = stored.get(fingerprint)
        if finding is None:
            finding = Finding(organisation_id=org_id, fingerprint=fingerprint, source=scope.source, first_seen_at=now)
            db.session.add(finding)
            result.new.append(finding)
        elif finding.resolved:
            finding.resolved, finding.resolved_at = False, None
            result.reopened.append(finding)
        else:
            result.unchanged.append(finding)
        _refresh(finding, item, now, scan_id)
    for fingerprint, finding in stored.items():
        if fingerprint not in seen and not finding.resolved:
            finding.resolved, finding.resolved_at = True, now
            if scan_id is not None:
                finding.scan_id = scan_id
            result.resolved.append(finding)
    db.session.flush()
    apply_to_actions(org_id, result, evidence_note)
    return result


def _refresh(finding: Finding, item: FindingInput, now, scan_id: int | None) -> None:
    finding.code, finding.key, finding.severity = item.code, item.key[:400], item.severity
    finding.title, finding.risk, finding.fix = item.title[:300], item.risk, item.fix
    finding.evidence = item.evidence
    finding.channel_id, finding.activity_id, finding.processor_id = item.channel_id, item.activity_id, item.processor_id
    finding.last_seen_at = now
    if scan_id is not None:
        finding.scan_id = scan_id
