"""The latest scan results, offered to the register check (remediation) which sits a layer below.

Registered with remediation.contradictions when the scanning blueprint is imported, so that the
check can see which third parties a channel's page loads without importing this package.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from lokaal_avg.core.extensions import db
from lokaal_avg.remediation.contradictions import provide_scan_results
from lokaal_avg.scanning.models import Scan


def latest_results(org_id: int, channel_ids: list[int]) -> dict[int, tuple[int, dict[str, Any]]]:
    """{channel id: (scan id, result)} of each channel's newest finished scan, in two queries."""
    newest = (
        select(func.max(Scan.id))
        .where(Scan.organisation_id == org_id, Scan.channel_id.in_(channel_ids), Scan.finished_at.is_not(None))
        .group_by(Scan.channel_id)
    )
    return {
        scan.channel_id: (scan.id, scan.result or {})
        for scan in db.session.scalars(select(Scan).where(Scan.id.in_(newest)))
    }


provide_scan_results(latest_results)
