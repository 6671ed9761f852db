"""One job mechanism for scans and dossiers.

A job is a database row (state, progress, result) plus a handler registered by name. Where
it runs depends on JOBS_MODE:

- "eager": inline, in the caller's session (tests; the caller commits);
- "thread": in-process worker threads, each with its own app context and session (default);
- "rq": on RQ workers through Redis (REDIS_URL), so several machines can share the work.

Handlers report progress through a callback; in thread and rq mode each report commits, so
the progress bar and partial results are visible while the job runs.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from flask import Flask, current_app
from sqlalchemy import event

from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db
from lokaal_avg.core.messages import Message, deferred_gettext, dumps, to_json
from lokaal_avg.jobs.models import Job

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str | None], None]
Handler = Callable[[Job, Progress], dict[str, Any] | None]

HANDLERS: dict[str, Handler] = {}
QUEUE_NAME = "lokaal_avg"
THREAD_WORKERS = 2
_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


class JobError(Exception):
    """A failure with a message for the user (a core.messages Message, or Dutch text); others get a generic one."""


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        HANDLERS[kind] = handler
        return handler

    return register


def enqueue(
    kind: str, params: dict[str, Any], organisation_id: int | None = None, created_by_id: int | None = None
) -> Job:
    """Create the job row and start it once the current transaction has committed."""
    if kind not in HANDLERS:
        raise KeyError(f"unknown job kind {kind}")
    mode = current_app.config["JOBS_MODE"]
    job = Job(kind=kind, params=to_json(params), organisation_id=organisation_id, created_by_id=created_by_id)
    # Where it waits, so that a queue or process that disappears can be noticed (jobs.health).
    job.runner = f"rq:{RQ_ID_PREFIX}{uuid.uuid4().hex}" if mode == "rq" else runner_label("thread")
    db.session.add(job)
    db.session.flush()
    if mode == "eager":
        run_job(job, commit=False)
    else:
        _dispatch_after_commit(job.id, mode, job.runner)
    return job


RQ_ID_PREFIX = "lokaal_avg-"
UNDISPATCHED = "lokaal_avg_undispatched_jobs"  # key in the session's info


def runner_label(kind: str) -> str:
    """Who runs a job: the kind of runner, the machine and the process."""
    return f"{kind}:{socket.gethostname()}:{os.getpid()}"


def _dispatch_after_commit(job_id: int, mode: str, runner: str) -> None:
    # The worker must see the committed row; a rolled-back request starts nothing.
    app = current_app._get_current_object()
    session = db.session()
    # Until its transaction commits the job is in no queue yet: jobs.health must not take it for lost.
    session.info.setdefault(UNDISPATCHED, set()).add(job_id)

    @event.listens_for(session, "after_commit", once=True)
    def dispatch(_session) -> None:
        _session.info.get(UNDISPATCHED, set()).discard(job_id)
        if mode == "rq":
            _rq_queue(app).enqueue(
                RQ_ENTRY, job_id, job_timeout=app.config.get("JOB_TIMEOUT", 3600), job_id=runner.removeprefix("rq:")
            )
        else:
            _thread_executor().submit(run_in_app, app, job_id)


def _thread_executor() -> ThreadPoolExecutor:
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=THREAD_WORKERS, thread_name_prefix="lokaal-avg-job")
        return _executor


def _rq_queue(app: Flask):
    from redis import Redis
    from rq import Queue

    return Queue(QUEUE_NAME, connection=Redis.from_url(app.config["REDIS_URL"]))


# What an RQ worker runs, named by path: the entry builds the application, which sits above this package.
RQ_ENTRY = "lokaal_avg.worker.rq_entry"


def run_in_app(app: Flask, job_id: int) -> None:
    with app.app_context():
        try:
            job = db.session.get(Job, job_id)
            if job is None:
                log.warning("job %s disappeared before it ran", job_id)
                return
            if job.state != "wachtend":  # delivered twice (RQ may retry): run it once
                log.warning("job %s is %s already; not running it again", job_id, job.state)
                return
            run_job(job, commit=True)
        except Exception:  # in a worker thread nobody else would ever see it
            log.exception("job %s could not be run or recorded", job_id)
            raise
        finally:
            db.session.remove()


def never_backwards(job: Job, done: int, total: int) -> int:
    """`done`, raised where needed so the bar never moves back when a handler's total grows.

    A dossier estimates its page count and corrects it while laying out; a user watching the
    bar should see it only go forward. The count shown then runs a little ahead of the work.
    """
    if not (total and job.progress_total) or done * job.progress_total >= job.progress_done * total:
        return done
    return min(total, -(-job.progress_done * total // job.progress_total))  # ceiling division


def run_job(job: Job, commit: bool) -> None:
    """Run the handler, recording state, progress and the outcome on the job row."""
    handler = HANDLERS[job.kind]
    job.state, job.started_at = "bezig", utcnow()
    job.heartbeat_at = job.started_at
    job.runner = runner_label("rq" if _in_rq_worker() else "thread") if commit else "eager"
    _save(commit)

    def progress(done: int, total: int, message: Message | str | None = None) -> None:
        job.progress_done, job.progress_total = never_backwards(job, done, total), total
        job.heartbeat_at = utcnow()
        if message is not None:
            job.message = dumps(message)  # shown in the reader's language
        _save(commit)

    heartbeat = Heartbeat(db.engine, job.id, current_app.config["JOB_HEARTBEAT_SECONDS"]) if commit else None
    try:
        if heartbeat:
            heartbeat.start()
        result = handler(job, progress) or {}
    except Exception as exc:  # a job never takes its worker down
        if commit:
            db.session.rollback()
        log.exception("job %s (%s) failed", job.id, job.kind)
        job.state = "mislukt"
        job.message = dumps(exc.args[0] if isinstance(exc, JobError) and exc.args else _generic_failure())
    else:
        job.state, job.result = "klaar", to_json(result)
    finally:
        if heartbeat:
            heartbeat.stop()
    job.finished_at = utcnow()
    _save(commit)


def _generic_failure() -> Message:
    return deferred_gettext("De taak is onverwacht mislukt. De fout werd gelogd; probeer het later opnieuw.")


def _in_rq_worker() -> bool:
    try:
        from rq import get_current_job
    except ImportError:
        return False
    return get_current_job() is not None


class Heartbeat:
    """Beats for a running job on a connection of its own, also while the handler waits on the
    network or renders a PDF without reporting progress; a job whose beats stop is recovered."""

    def __init__(self, engine, job_id: int, interval: float) -> None:
        self.engine, self.job_id, self.interval = engine, job_id, interval
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-job-{job_id}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=self.interval + 20)

    def _run(self) -> None:
        from sqlalchemy import update

        while not self._stopped.wait(self.interval):
            try:
                with self.engine.begin() as connection:
                    connection.execute(
                        update(Job).where(Job.id == self.job_id, Job.state == "bezig").values(heartbeat_at=utcnow())
                    )
            except Exception:  # a busy database skips one beat; the next one counts
                log.warning("heartbeat of job %s skipped", self.job_id, exc_info=True)


def _save(commit: bool) -> None:
    if commit:
        db.session.commit()
    else:
        db.session.flush()
