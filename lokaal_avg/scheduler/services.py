"""Starting what is due: channel scans at each channel's frequency, the register check daily.

run_due() is one round: in a single transaction that starts by taking the scheduler lock
(SchedulerLock; PostgreSQL row lock, SQLite write lock) it brings the slots in line with
the channels and organisations, picks the due slots within the concurrency limits, enqueues
one job per slot through the job runner and records the start. Two schedulers running at the
same time therefore take turns, and the second sees what the first started: a slot whose
job has not finished is never started again.
"""

from __future__ import annotations

import logging
import os
import socket
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from lokaal_avg.channels.models import Channel
from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db
from lokaal_avg.jobs.models import Job
from lokaal_avg.jobs.runner import enqueue
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.scanning.jobs import SCAN_CHANNELS, running_scan
from lokaal_avg.scanning.models import Scan
from lokaal_avg.scheduler.jobs import REGISTER_CHECK
from lokaal_avg.scheduler.models import REGISTER, SCAN, SchedulerLock, ScheduleSlot
from lokaal_avg.scheduler.timing import DEFAULT_TIMEZONE, next_after

log = logging.getLogger(__name__)

REGISTER_FREQUENCY = "dagelijks"
SCHEDULED_KINDS = (SCAN_CHANNELS, REGISTER_CHECK)
DEFAULTS = {"SCHEDULER_MAX_RUNNING": 4, "SCHEDULER_MAX_RUNNING_PER_ORG": 2, "SCHEDULER_INTERVAL": 60}


@dataclass
class Round:
    """What one round of the scheduler did."""

    started: list[tuple[str, int]] = field(default_factory=list)  # (slot key, job id)
    due: int = 0
    busy: int = 0  # due, but its previous job (or a manual scan) is still running
    deferred: int = 0  # due, but a concurrency limit was reached


def setting(name: str) -> int:
    return max(1, int(current_app.config.get(name, DEFAULTS[name])))


def timezone() -> str:
    return current_app.config.get("BABEL_DEFAULT_TIMEZONE") or DEFAULT_TIMEZONE


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def run_due(now: datetime | None = None, holder: str | None = None) -> Round:
    """Start every due task that the limits allow; commits (the jobs are dispatched after the commit)."""
    now = now or utcnow()
    db.session.commit()  # the lock must be the first statement of the claim transaction
    try:
        holder = holder or holder_name()
        _take_lock(now, holder)
        sync_slots(now)
        report = _start_due(now, holder)
    except Exception:
        db.session.rollback()
        raise
    db.session.commit()
    return report


def _take_lock(now: datetime, holder: str) -> None:
    taken = db.session.execute(
        update(SchedulerLock).where(SchedulerLock.id == 1).values(ticked_at=now, holder=holder)
    ).rowcount
    if taken:
        return
    try:  # the very first round on this database creates the row; a concurrent first round may win
        with db.session.begin_nested():
            db.session.add(SchedulerLock(id=1, ticked_at=now, holder=holder))
    except IntegrityError:
        db.session.execute(update(SchedulerLock).where(SchedulerLock.id == 1).values(ticked_at=now, holder=holder))


def sync_slots(now: datetime) -> None:
    """One slot per scannable channel and per organisation, with the next due moment recomputed."""
    slots = {s.key: s for s in db.session.scalars(select(ScheduleSlot))}
    for org_id in db.session.scalars(select(Organisation.id)):
        slot = slots.get(f"{REGISTER}:{org_id}") or _new_slot(REGISTER, org_id, None, now)
        if slot.last_started_at is not None:
            slot.next_run_at = next_after(slot.last_started_at, REGISTER_FREQUENCY, timezone())
    last_scans = dict(
        db.session.execute(select(Scan.channel_id, func.max(Scan.started_at)).group_by(Scan.channel_id)).all()
    )
    for channel in db.session.scalars(select(Channel)):
        key = f"{SCAN}:{channel.id}"
        scheduled = channel.active and channel.scannable and channel.scan_frequency != "handmatig"
        slot = slots.get(key)
        if slot is None and not scheduled:
            continue
        slot = slot or _new_slot(SCAN, channel.organisation_id, channel.id, now)
        slot.next_run_at = _next_scan(slot, channel, last_scans.get(channel.id), now) if scheduled else None
    db.session.flush()


def _new_slot(kind: str, org_id: int, channel_id: int | None, now: datetime) -> ScheduleSlot:
    key = f"{kind}:{channel_id if kind == SCAN else org_id}"
    slot = ScheduleSlot(key=key, kind=kind, organisation_id=org_id, channel_id=channel_id, next_run_at=now)
    db.session.add(slot)
    return slot


def _next_scan(slot: ScheduleSlot, channel: Channel, last_scan: datetime | None, now: datetime) -> datetime:
    """A frequency after the latest scan, whoever started it; a channel never scanned is due now."""
    moments = [m for m in (slot.last_started_at, _aware(last_scan)) if m is not None]
    if not moments:
        return slot.next_run_at or now
    return next_after(max(moments), channel.scan_frequency, timezone())


def _aware(moment: datetime | None) -> datetime | None:
    # An aggregate bypasses the column type: SQLite returns the stored UTC value without its zone.
    if moment is None or moment.tzinfo is not None:
        return moment
    from datetime import UTC

    return moment.replace(tzinfo=UTC)


def running_jobs(now: datetime) -> Counter:
    """Unfinished scan and check jobs per organisation (older than JOB_TIMEOUT: a dead worker, ignored)."""
    since = now - timedelta(seconds=int(current_app.config.get("JOB_TIMEOUT", 3600)))
    rows = db.session.execute(
        select(Job.organisation_id, func.count())
        .where(Job.kind.in_(SCHEDULED_KINDS), Job.state.in_(("wachtend", "bezig")), Job.created_at >= since)
        .group_by(Job.organisation_id)
    )
    return Counter(dict(rows.all()))


def _busy(slot: ScheduleSlot, now: datetime) -> bool:
    since = now - timedelta(seconds=int(current_app.config.get("JOB_TIMEOUT", 3600)))
    job = slot.last_job
    if job is not None and not job.finished and job.created_at >= since:
        return True
    return slot.kind == SCAN and running_scan(slot.organisation_id, slot.channel_id) is not None


def _start_due(now: datetime, holder: str) -> Round:
    report = Round()
    running = running_jobs(now)
    total, limit, per_org = (
        sum(running.values()),
        setting("SCHEDULER_MAX_RUNNING"),
        setting("SCHEDULER_MAX_RUNNING_PER_ORG"),
    )
    due = db.session.scalars(
        select(ScheduleSlot)
        .where(ScheduleSlot.next_run_at.is_not(None), ScheduleSlot.next_run_at <= now)
        .order_by(ScheduleSlot.next_run_at, ScheduleSlot.id)
    ).all()
    report.due = len(due)
    for slot in due:
        if _busy(slot, now):
            report.busy += 1
        elif total >= limit or running[slot.organisation_id] >= per_org:
            report.deferred += 1
        else:
            job = _start(slot, now, holder)
            report.started.append((slot.key, job.id))
            running[slot.organisation_id] += 1
            total += 1
    return report


def _start(slot: ScheduleSlot, now: datetime, holder: str) -> Job:
    org = db.session.get(Organisation, slot.organisation_id)
    urls = current_app.url_map.bind("localhost")
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        if slot.kind == SCAN:
            channel = db.session.get(Channel, slot.channel_id)
            params = {
                "channel_ids": [channel.id],
                "title": _("Geplande scan van %(name)s", name=channel.name),
                "result_url": urls.build("channels.detail", {"org_slug": org.slug, "channel_id": channel.id}),
                "scheduled": True,
            }
            frequency = channel.scan_frequency
        else:
            params = {
                "title": _("Dagelijkse registercontrole"),
                "result_url": urls.build("remediation.findings", {"org_slug": org.slug}),
                "scheduled": True,
            }
            frequency = REGISTER_FREQUENCY
    # The start is recorded before the job runs: in eager mode (tests) it runs inside enqueue.
    slot.last_started_at, slot.next_run_at = now, next_after(now, frequency, timezone())
    slot.started_by = holder
    job = enqueue(SCAN_CHANNELS if slot.kind == SCAN else REGISTER_CHECK, params, organisation_id=org.id)
    slot.last_job_id = job.id
    db.session.flush()
    log.info("scheduler started %s as job %s", slot.key, job.id)
    return job
