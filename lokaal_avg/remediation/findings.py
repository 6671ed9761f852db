"""Keeping findings in step with reality, without ever duplicating them.

Every check (a channel scan, the register check) reports the complete list of problems it
sees within its scope. sync_findings() compares that list with the stored findings of the
same scope by fingerprint: new problems are added, problems seen again are refreshed, and
problems no longer seen are marked resolved. A resolved problem that comes back is reopened
(the same row, so its action and history stay attached).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update

from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db
from lokaal_avg.core.messages import Message, to_json
from lokaal_avg.remediation.finding_input import FindingInput, Scope, SyncResult
from lokaal_avg.remediation.models import Finding
from lokaal_avg.remediation.verification import apply_to_actions

__all__ = ["FindingInput", "Scope", "SyncResult", "stored_in_scope", "sync_findings"]


def stored_in_scope(org_id: int, scope: Scope, refresh: bool = False) -> list[Finding]:
    stmt = select(Finding).where(Finding.organisation_id == org_id, Finding.source == scope.source)
    if scope.channel_id is not None:
        stmt = stmt.where(Finding.channel_id == scope.channel_id)
    if refresh:  # after the bulk statements below, the session's copies are stale
        stmt = stmt.execution_options(populate_existing=True)
    return list(db.session.scalars(stmt))


def sync_findings(
    org_id: int,
    scope: Scope,
    found: list[FindingInput],
    scan_id: int | None = None,
    evidence_note: str | Message = "",
) -> SyncResult:
    """Bring the stored findings of scope in line with found, then update the actions.

    New, refreshed and resolved findings are written with one bulk INSERT and one bulk UPDATE
    (executemany), so a check costs the same number of statements for five problems or five
    hundred; pages that run a stale check on opening keep a fixed query count.
    """
    now = utcnow()
    stored = {f.fingerprint: f for f in stored_in_scope(org_id, scope)}
    outcome, inserts, updates = _compare(org_id, scope, stored, found, now, scan_id)
    db.session.flush()  # pending changes first: the bulk statements bypass the unit of work
    if inserts:
        db.session.execute(insert(Finding), inserts)
    if updates:
        db.session.execute(update(Finding), updates)
    result = SyncResult()
    if outcome:
        for finding in stored_in_scope(org_id, scope, refresh=True):
            state = outcome.get(finding.fingerprint)
            if state is not None:
                getattr(result, state).append(finding)
    apply_to_actions(org_id, result, evidence_note)
    return result


def _compare(
    org_id: int,
    scope: Scope,
    stored: dict[str, Finding],
    found: list[FindingInput],
    now: datetime,
    scan_id: int | None,
) -> tuple[dict[str, str], list[dict[str, Any]], list[dict[str, Any]]]:
    """What happened to each fingerprint ("new", "reopened", "unchanged", "resolved"), and the rows to write."""
    outcome: dict[str, str] = {}
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for item in found:
        fingerprint = item.fingerprint(scope.source)
        if fingerprint in outcome:  # the same problem twice in one report counts once
            continue
        finding = stored.get(fingerprint)
        values = _values(item, now, scan_id if scan_id is not None or finding is None else finding.scan_id)
        if finding is None:
            outcome[fingerprint] = "new"
            identity = {"organisation_id": org_id, "fingerprint": fingerprint, "source": scope.source}
            inserts.append({**identity, "first_seen_at": now, "created_at": now, **values})
        else:
            outcome[fingerprint] = "reopened" if finding.resolved else "unchanged"
            updates.append({"id": finding.id, **values})
    for fingerprint, finding in stored.items():
        if fingerprint not in outcome and not finding.resolved:
            outcome[fingerprint] = "resolved"
            updates.append({"id": finding.id, **_resolved_values(finding, now, scan_id)})
    return outcome, inserts, updates


def _values(item: FindingInput, now: datetime, scan_id: int | None) -> dict[str, Any]:
    """Every column a check refreshes; the same keys for every row, so one executemany suffices."""
    return {
        "code": item.code,
        "key": item.key[:400],
        "severity": item.severity,
        # The Dutch text in the columns (the check runs in the default locale), the messages beside it.
        "title": str(item.title)[:300],
        "risk": str(item.risk),
        "fix": str(item.fix),
        "texts": item.stored_texts(),
        "evidence": to_json(item.evidence),
        "channel_id": item.channel_id,
        "activity_id": item.activity_id,
        "processor_id": item.processor_id,
        "scan_id": scan_id,
        "last_seen_at": now,
        "resolved": False,
        "resolved_at": None,
        "updated_at": now,
    }


def _resolved_values(finding: Finding, now: datetime, scan_id: int | None) -> dict[str, Any]:
    """A finding no longer seen: keep what it was, mark it resolved (same keys as _values)."""
    return {
        "code": finding.code,
        "key": finding.key,
        "severity": finding.severity,
        "title": finding.title,
        "risk": finding.risk,
        "fix": finding.fix,
        "texts": finding.texts,
        "evidence": finding.evidence,
        "channel_id": finding.channel_id,
        "activity_id": finding.activity_id,
        "processor_id": finding.processor_id,
        "scan_id": scan_id if scan_id is not None else finding.scan_id,
        "last_seen_at": finding.last_seen_at,
        "resolved": True,
        "resolved_at": now,
        "updated_at": now,
    }
