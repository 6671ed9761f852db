"""What a re-check means for the actions: verify fixed problems, reopen returning ones."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from lokaal_avg.core.db import utcnow
from lokaal_avg.extensions import db
from lokaal_avg.remediation.models import Action

if TYPE_CHECKING:
    from lokaal_avg.remediation.findings import SyncResult

CLOSED_BY_HAND = ("uitgevoerd", "geverifieerd")


def apply_to_actions(org_id: int, result: SyncResult, evidence_note: str = "") -> list[Action]:
    """Verify the actions of resolved findings and reopen those of returning ones.

    Returns the reopened actions (their assignees are told).
    """
    now = utcnow()
    by_finding = _actions_for([f.id for f in result.resolved + result.reopened])
    for finding in result.resolved:
        action = by_finding.get(finding.id)
        if action is None or action.status in ("geverifieerd", "niet_van_toepassing"):
            continue
        action.status = "geverifieerd"
        action.verified_at = now
        action.closed_unverified = False
        action.verification_evidence = {
            "note": evidence_note,
            "finding": finding.code,
            "key": finding.key,
            "checked_at": now.isoformat(),
        }
    reopened = []
    for finding in result.reopened:
        action = by_finding.get(finding.id)
        if action is None or action.status not in CLOSED_BY_HAND:
            continue
        action.status = "open"
        action.verified_at = None
        action.reopened_count += 1
        action.verification_evidence = {
            "note": evidence_note,
            "reopened_at": now.isoformat(),
            "evidence": finding.evidence,
        }
        reopened.append(action)
    db.session.flush()
    return reopened


def _actions_for(finding_ids: list[int]) -> dict[int, Action]:
    if not finding_ids:
        return {}
    actions = db.session.scalars(select(Action).where(Action.finding_id.in_(finding_ids)))
    return {a.finding_id: a for a in actions}
