"""Running the scanner for channels and storing what it found.

The network work (the engine) runs in a thread pool of SCAN_CONCURRENCY threads and touches
no database; every database write happens in the caller's thread (the job or the command),
one channel at a time as its scan completes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import format_datetime
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lokaal_avg.accounts.models import User
from lokaal_avg.audit import services as audit
from lokaal_avg.channels.models import Channel, ChannelField
from lokaal_avg.channels.scan_fields import FieldChanges, sync_scan_fields
from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.register.models import ProcessingActivity
from lokaal_avg.remediation.findings import SyncResult
from lokaal_avg.remediation.models import Finding
from lokaal_avg.scanner import ScanResult, ScanSettings, scan_url
from lokaal_avg.scanner.result import status_message
from lokaal_avg.scanning import gaps
from lokaal_avg.scanning.models import Scan
from lokaal_avg.scanning.targets import scan_target

log = logging.getLogger(__name__)

DEFAULT_CONCURRENCY = 4
SEVERITY_COLUMNS = {"kritiek": "critical", "hoog": "high", "midden": "medium", "laag": "low"}
# Everything the gap analysis reads of a channel, loaded up front.
CHANNEL_LOADS = (
    selectinload(Channel.activities).selectinload(ProcessingActivity.data_categories),
    selectinload(Channel.fields).selectinload(ChannelField.data_category),
    selectinload(Channel.vendor),
)

OnScanned = Callable[[int, int, Channel, Scan], None]


def scan_settings() -> ScanSettings:
    """Engine settings from the configuration (the SSRF guard is lifted only by SCAN_ALLOW_PRIVATE)."""
    config = current_app.config
    return ScanSettings(allow_private=bool(config["SCAN_ALLOW_PRIVATE"]), verify_ca=config.get("SCAN_VERIFY_CA"))


def concurrency() -> int:
    return max(1, int(current_app.config.get("SCAN_CONCURRENCY", DEFAULT_CONCURRENCY)))


def run_engine(url: str, settings: ScanSettings) -> dict[str, Any]:
    """One scan as its stable JSON form. Thread-safe: no Flask, no database."""
    try:
        return scan_url(url, settings).to_dict()
    except Exception:  # the engine never raises; this guards the job against a bug all the same
        log.exception("scan of %s failed unexpectedly", url)
        now = utcnow().replace(microsecond=0).isoformat()
        return ScanResult(url, "internal_error", status_message("internal_error"), now).to_dict()


def scannable_channels(org_ids: Iterable[int], channel_ids: list[int] | None = None) -> list[Channel]:
    """Active channels with a web address, of these organisations (optionally only these ids)."""
    stmt = (
        select(Channel)
        .where(Channel.organisation_id.in_(list(org_ids)), Channel.active.is_(True))
        .options(*CHANNEL_LOADS)
        .order_by(Channel.organisation_id, Channel.name)
    )
    if channel_ids is not None:
        stmt = stmt.where(Channel.id.in_(channel_ids))
    return [c for c in db.session.scalars(stmt) if c.scannable]


def scan_channels(
    channels: list[Channel],
    actor: User | None = None,
    job_id: int | None = None,
    on_scanned: OnScanned | None = None,
    note: str | None = None,
    on_started: Callable[[], None] | None = None,
    on_skipped: Callable[[Channel, str], None] | None = None,
) -> list[Scan]:
    """Scan channels with bounded concurrency and store each result as soon as it is in.

    on_started runs once every scan is under way and before the first wait; a job or command
    commits there, so that no database transaction (on SQLite: no write lock) stays open while
    the network work runs. A channel that cannot be scanned (see targets.py) is skipped and
    reported through on_skipped with the reason.
    """
    settings = scan_settings()
    targets = {}
    for channel in channels:
        target = scan_target(channel)
        if target.refusal:
            if on_skipped is not None:
                on_skipped(channel, target.refusal)
            continue
        targets[channel] = target
    if not targets:
        return []
    organisations = {
        o.id: o
        for o in db.session.scalars(
            select(Organisation).where(Organisation.id.in_({c.organisation_id for c in targets}))
        )
    }
    scans: list[Scan] = []
    workers = min(concurrency(), len(targets))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="lokaal-avg-scan") as pool:
        # Only plain values cross into the pool; ORM objects stay in this thread.
        futures = {
            pool.submit(run_engine, target.url, target.settings or settings): channel
            for channel, target in targets.items()
        }
        if on_started is not None:
            on_started()
        for done, future in enumerate(as_completed(futures), start=1):
            channel = futures[future]
            target = targets[channel]
            org = organisations[channel.organisation_id]
            scan = record_scan(org, channel, future.result(), actor, job_id, target.note or note, demo=target.demo)
            scans.append(scan)
            if on_scanned is not None:
                on_scanned(done, len(targets), channel, scan)
    return scans


def record_scan(
    org: Organisation,
    channel: Channel,
    result: dict[str, Any],
    actor: User | None = None,
    job_id: int | None = None,
    note: str | None = None,
    demo: bool = False,
) -> Scan:
    """Store a scan of the channel, take its fields over as suggestions and update the findings.

    ``demo``: the result comes from the demo's locally served copy of the page (demo evidence).
    """
    previous = gaps.latest_scan(channel)
    scan = _new_scan(org, channel, result, job_id, note)
    scan.demo = demo
    db.session.add(scan)
    db.session.flush()
    fields = sync_scan_fields(org, channel, result) if scan.conclusive else FieldChanges()
    # The same note goes with verified and with reopened actions, so it says what was checked, not the verdict.
    evidence = _("Scan #%(id)s van %(when)s (%(url)s).", id=scan.id, when=_moment(scan), url=scan.url)
    synced = gaps.check_channel(org, channel, scan=scan, note=evidence)
    scan.changes = summarise(previous, scan, synced, fields)
    audit.record(
        org,
        actor,
        "scan",
        channel,
        {"scan": [None, scan.id], "status": [None, scan.status], "url": [None, scan.url]},
    )
    db.session.flush()
    return scan


def _new_scan(org: Organisation, channel: Channel, result: dict[str, Any], job_id: int | None, note: str | None):
    started = _parse_moment(result.get("scanned_at"))
    counts = dict.fromkeys(SEVERITY_COLUMNS.values(), 0)
    for finding in result.get("findings", []):
        column = SEVERITY_COLUMNS.get(finding.get("severity"))
        if column:
            counts[column] += 1
    final_url = result.get("final_url")
    certificate = result.get("certificate") or {}
    return Scan(
        organisation_id=org.id,
        channel_id=channel.id,
        job_id=job_id,
        url=(result.get("url") or channel.url or "")[:2000],
        final_url=final_url[:2000] if final_url else None,
        status=result.get("status", "internal_error"),
        started_at=started,
        finished_at=started + timedelta(milliseconds=result.get("duration_ms") or 0),
        https_ok=bool(final_url.startswith("https://") and certificate.get("valid")) if final_url else None,
        note=note,
        changes={},
        result=result,
        **counts,
    )


def _parse_moment(value: str | None) -> datetime:
    try:
        moment = datetime.fromisoformat(value) if value else None
    except ValueError:
        moment = None
    return moment if moment is not None and moment.tzinfo is not None else utcnow()


def _moment(scan: Scan) -> str:
    return format_datetime(scan.started_at, "d MMM yyyy HH:mm")


def _brief(finding: Finding) -> dict[str, Any]:
    return {"code": finding.code, "key": finding.key, "severity": finding.severity, "title": finding.title}


def summarise(previous: Scan | None, scan: Scan, synced: SyncResult, fields: FieldChanges) -> dict[str, Any]:
    """What changed with this scan, kept with it so that the scan page can show it later."""
    return {
        "previous_scan_id": previous.id if previous else None,
        "conclusive": scan.conclusive,
        "new": [_brief(f) for f in synced.new],
        "reopened": [_brief(f) for f in synced.reopened],
        "resolved": [_brief(f) for f in synced.resolved],
        **fields.as_dict(),
    }
