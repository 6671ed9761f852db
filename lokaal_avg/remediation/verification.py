"""What a re-check means for the actions: verify fixed problems, reopen returning ones.

Both are recorded in the audit trail (actor: the check, so no person) and a reopened action's
assignee gets an e-mail once the check's transaction commits.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from lokaal_avg.audit import services as audit
from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db
from lokaal_avg.core.messages import Message, to_json
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.remediation.finding_input import SyncResult
from lokaal_avg.remediation.models import Action, Finding

CLOSED_BY_HAND = ("uitgevoerd", "geverifieerd")
NOT_VERIFIED_AGAIN = ("geverifieerd", "niet_van_toepassing")


def apply_to_actions(org_id: int, result: SyncResult, evidence_note: str | Message = "") -> list[Action]:
    """Verify the actions of resolved findings and reopen those of returning ones.

    Returns the reopened actions (their assignees are told).
    """
    from lokaal_avg.remediation import notifications

    by_finding = _actions_for([f.id for f in result.resolved + result.reopened])
    if not by_finding:
        return []
    org = db.session.get(Organisation, org_id)
    for finding in result.resolved:
        action = by_finding.get(finding.id)
        if action is not None and action.status not in NOT_VERIFIED_AGAIN:
            verify(org, action, finding, evidence_note)
            result.verified_actions.append(action)
    reopened = []
    for finding in result.reopened:
        action = by_finding.get(finding.id)
        if action is not None and action.status in CLOSED_BY_HAND:
            _reopen(org, action, finding, evidence_note)
            reopened.append(action)
    db.session.flush()
    result.reopened_actions.extend(reopened)
    notifications.notify_reopened(reopened)
    return reopened


def verify(org: Organisation, action: Action, finding: Finding, evidence_note: str | Message = "") -> None:
    """Mark the action verified because the check behind finding no longer sees the problem."""
    now = utcnow()
    old_status = action.status
    action.status = "geverifieerd"
    action.verified_at = now
    action.closed_unverified = False
    action.verification_evidence = {
        "kind": finding.source,
        "note": to_json(evidence_note),  # shown in the reader's language
        "finding": finding.code,
        "key": finding.key,
        "title": finding.title,
        "scan_id": finding.scan_id,
        "last_seen_at": finding.last_seen_at.isoformat() if finding.last_seen_at else None,
        "checked_at": (finding.resolved_at or now).isoformat(),
    }
    audit.record(
        org,
        None,
        "verify",
        action,
        {"status": [old_status, "geverifieerd"], "verified_at": [None, now], "evidence": [None, str(evidence_note)]},
    )


def _reopen(org: Organisation, action: Action, finding: Finding, evidence_note: str | Message) -> None:
    now = utcnow()
    old_status = action.status
    action.status = "open"
    action.verified_at = None
    action.closed_unverified = False
    action.reopened_count += 1
    action.verification_evidence = {
        "kind": finding.source,
        "note": to_json(evidence_note),  # shown in the reader's language
        "reopened_at": now.isoformat(),
        "scan_id": finding.scan_id,
        "evidence": finding.evidence,
    }
    audit.record(
        org,
        None,
        "reopen",
        action,
        {"status": [old_status, "open"], "reopened_count": [action.reopened_count - 1, action.reopened_count]},
    )


def _actions_for(finding_ids: list[int]) -> dict[int, Action]:
    if not finding_ids:
        return {}
    actions = db.session.scalars(
        select(Action)
        .where(Action.finding_id.in_(finding_ids))
        .options(joinedload(Action.assignee), joinedload(Action.organisation))
    )
    return {a.finding_id: a for a in actions}
