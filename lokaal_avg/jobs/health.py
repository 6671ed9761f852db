"""Jobs survive crashes: a job whose runner stopped beating, or that waits in a queue nobody
serves any more, is marked failed with the reason, so it blocks nothing and can be retried.

Checked where it matters: on the job's own page, before a new dossier or scan is refused as
"already running", and by `flask --app app jobs --recover`.
"""

from __future__ import annotations

import logging
import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db
from lokaal_avg.jobs import runner as job_runner
from lokaal_avg.jobs.models import Job
from lokaal_avg.jobs.runner import HANDLERS, enqueue

log = logging.getLogger(__name__)

UNFINISHED = ("wachtend", "bezig")
RQ_GONE_STATES = {"failed", "stopped", "canceled"}


@dataclass(frozen=True)
class Recovered:
    job_id: int
    kind: str
    reason: str


def recover_stale_jobs(organisation_id: int | None = None, now: datetime | None = None) -> list[Recovered]:
    """Mark the unfinished jobs (of one organisation, or all) whose runner is gone as failed; flushes."""
    stmt = select(Job).where(Job.state.in_(UNFINISHED)).order_by(Job.id)
    if organisation_id is not None:
        stmt = stmt.where(Job.organisation_id == organisation_id)
    recovered = []
    for job in db.session.scalars(stmt):
        outcome = recover_job(job, now)
        if outcome is not None:
            recovered.append(outcome)
    return recovered


def recover_job(job: Job, now: datetime | None = None) -> Recovered | None:
    """Fail this job if its runner is gone; None when it is fine (or finished)."""
    now = now or utcnow()
    if job.state == "bezig":
        reason = _silent_runner(job, now)
    elif job.state == "wachtend":
        # One made in this very transaction (a scheduler round starting several) is not dispatched yet.
        undispatched = db.session().info.get(job_runner.UNDISPATCHED, set())
        reason = None if job.id in undispatched else _abandoned_in_queue(job, now)
    else:
        return None
    if reason is None:
        return None
    job.state, job.message, job.finished_at = "mislukt", reason, now
    db.session.flush()
    log.warning("job %s (%s) recovered as failed: %s", job.id, job.kind, reason)
    return Recovered(job.id, job.kind, reason)


def retry(job: Job, actor_id: int | None) -> Job:
    """A new job with the same task; the failed one stays as it was, for the record."""
    if job.state != "mislukt" or job.kind not in HANDLERS:
        raise ValueError("only a failed job of a known kind can be retried")
    again = enqueue(job.kind, dict(job.params), job.organisation_id, actor_id)
    again.retry_of_id = job.id
    db.session.flush()
    return again


def is_stuck(job: Job, now: datetime | None = None) -> bool:
    """Whether the job's runner is gone, without changing anything (for listings)."""
    now = now or utcnow()
    if job.state == "bezig":
        return _silent_runner(job, now) is not None
    if job.state == "wachtend":
        return _abandoned_in_queue(job, now) is not None
    return False


def _silent_runner(job: Job, now: datetime) -> str | None:
    if job.runner == "eager":
        return None
    last_sign = job.heartbeat_at or job.started_at or job.created_at
    if last_sign > now - timedelta(seconds=current_app.config["JOB_STALE_SECONDS"]):
        return None
    return _(
        "De taak werd onderbroken: wie ze uitvoerde (%(runner)s) gaf sinds %(time)s geen teken van leven meer, "
        "bijvoorbeeld doordat de server of de worker herstartte. Er werd niets half bewaard; start ze opnieuw.",
        runner=job.runner or "?",
        time=_moment(last_sign),
    )


def _abandoned_in_queue(job: Job, now: datetime) -> str | None:
    runner = job.runner or ""
    waited_long = job.created_at < now - timedelta(seconds=current_app.config["JOB_QUEUE_GRACE_SECONDS"])
    if runner.startswith("thread:"):
        # It waits in the memory of the process that made it: while that process lives, a busy
        # pool of worker threads is no reason to give up; only the job timeout is.
        given_up = job.created_at < now - timedelta(seconds=current_app.config.get("JOB_TIMEOUT", 3600))
        problem = _dispatcher_gone(runner) or (_("niemand nam ze op") if given_up else None)
    elif runner.startswith("rq:"):
        problem = _rq_problem(runner.removeprefix("rq:"), waited_long)
    else:
        problem = _("niemand nam ze op") if waited_long else None
    if problem is None:
        return None
    return _("De taak is nooit gestart: %(problem)s. Start ze opnieuw.", problem=problem)


def _dispatcher_gone(runner: str) -> str | None:
    """A thread-mode job waits inside the process that made it: gone with that process."""
    _kind, host, pid = [*runner.split(":"), "", ""][:3]
    if host != socket.gethostname() or not pid.isdigit():
        return None
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return _("het serverproces dat ze zou uitvoeren is gestopt")
    except PermissionError:  # alive, under another user
        return None
    return None


def _rq_problem(rq_job_id: str, waited_long: bool) -> str | None:
    try:
        from redis import Redis
        from redis.exceptions import RedisError
        from rq import Queue, Worker
        from rq.exceptions import NoSuchJobError
        from rq.job import Job as RQJob
    except ImportError:
        return _("de wachtrij (Redis) is niet beschikbaar")
    url = current_app.config.get("REDIS_URL")
    if not url:
        return _("de wachtrij (Redis) is niet ingesteld") if waited_long else None
    try:
        connection = Redis.from_url(url, socket_timeout=5)
        try:
            status = RQJob.fetch(rq_job_id, connection=connection).get_status(refresh=True)
        except NoSuchJobError:
            return _("ze staat niet meer in de wachtrij")
        if str(getattr(status, "value", status)) in RQ_GONE_STATES:
            return _("de worker die ze nam, stopte ermee")
        queue = Queue(job_runner.QUEUE_NAME, connection=connection)
        if waited_long and not Worker.all(queue=queue):
            _cancel(queue, rq_job_id)
            return _("er draait geen worker voor de wachtrij")
    except RedisError:
        return _("de wachtrij (Redis) is niet bereikbaar") if waited_long else None
    return None


def _cancel(queue, rq_job_id: str) -> None:
    # A worker that starts later must not run a job we reported as failed (it would skip it anyway).
    queue.remove(rq_job_id)


def _moment(value: datetime) -> str:
    return value.strftime("%d/%m/%Y %H:%M:%S UTC")
