"""The scheduler for real: committed database, jobs in worker threads and on Redis, two schedulers at once.

Like tests/jobs/test_job_modes.py these tests use an app on a database of their own (temporary
SQLite file, or a fresh PostgreSQL database with LOKAAL_AVG_TEST_DATABASE_URL) and Redis from
LOKAAL_AVG_TEST_REDIS_URL; without Redis they fail.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from rq import Queue, SimpleWorker
from sqlalchemy import func, select

from lokaal_avg import worker
from lokaal_avg.channels import services as channels
from lokaal_avg.core.extensions import db
from lokaal_avg.jobs import runner
from lokaal_avg.jobs.models import Job
from lokaal_avg.organisations import services as organisations
from lokaal_avg.scanning.models import Scan
from lokaal_avg.scheduler.models import ScheduleSlot
from lokaal_avg.scheduler.services import run_due
from tests.jobs.test_job_modes import REDIS_URL
from tests.scanning_app.site import contact_page

ROOT = Path(__file__).resolve().parents[2]


def make_world(app, site, base: str, orgs: int = 2, per_org: int = 3) -> list[int]:
    """Organisations with web channels on the local site; returns the channel ids."""
    ids = []
    with app.app_context():
        for o in range(orgs):
            org = organisations.create_organisation(
                f"planner{o}", f"Gemeente Planner {o}", departments=("Burgerzaken",)
            )
            for n in range(per_org):
                url = site.page(f"{base}/{o}/{n}", contact_page(), delay=0.2)
                data = {"name": f"Formulier {n}", "kind": "webformulier", "url": url}
                ids.append(channels.create_channel(org, None, data).id)
        db.session.commit()
    return ids


def jobs_per_slot(app) -> Counter:
    with app.app_context():
        rows = db.session.execute(select(Job.kind, Job.organisation_id, Job.params)).all()
        db.session.remove()
    counts = Counter()
    for kind, org_id, params in rows:
        counts[f"scan:{params['channel_ids'][0]}" if kind == "scan_channels" else f"register:{org_id}"] += 1
    return counts


def wait_until_finished(app, timeout: float = 60) -> list[Job]:
    deadline = time.monotonic() + timeout
    while True:
        with app.app_context():
            jobs = db.session.scalars(select(Job)).all()
            db.session.expunge_all()
            db.session.remove()
        if all(j.finished for j in jobs) or time.monotonic() > deadline:
            return jobs
        time.sleep(0.2)


def environment(app, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": "job-tests",
        "LOKAAL_AVG_SCAN_ALLOW_PRIVATE": "1",
        **extra,
    }


def test_two_schedulers_in_threads_start_each_due_task_once(committed_app, site, unique_path):
    committed_app.config.update(JOBS_MODE="thread", SCHEDULER_MAX_RUNNING=20, SCHEDULER_MAX_RUNNING_PER_ORG=10)
    channel_ids = make_world(committed_app, site, unique_path)
    barrier = threading.Barrier(2)
    errors = []

    def scheduler(name: str) -> None:
        with committed_app.app_context():
            try:
                barrier.wait()
                for _ in range(3):
                    run_due(holder=name)
            except Exception as exc:  # reported below, in the test's thread
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=scheduler, args=(f"planner-{n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    jobs = wait_until_finished(committed_app)
    assert [j.state for j in jobs] == ["klaar"] * 8, [j.message for j in jobs]
    counts = jobs_per_slot(committed_app)
    assert set(counts.values()) == {1} and len(counts) == 8  # 6 scans and 2 register checks, each once
    with committed_app.app_context():
        scanned = Counter(db.session.scalars(select(Scan.channel_id)))
        slots = db.session.scalars(select(ScheduleSlot)).all()
        assert scanned == dict.fromkeys(channel_ids, 1)
        assert all(s.last_job_id and s.next_run_at > s.last_started_at for s in slots)
        db.session.remove()


def test_two_run_due_commands_at_once_respect_the_limits_and_jobs_run_on_redis(
    committed_app,
    redis_connection,
    site,
    unique_path,
    monkeypatch,
):
    queue = Queue(runner.QUEUE_NAME, connection=redis_connection)
    queue.empty()  # leftovers of earlier runs point at databases that are gone
    make_world(committed_app, site, unique_path)
    env = environment(
        committed_app,
        LOKAAL_AVG_JOBS_MODE="rq",
        LOKAAL_AVG_SCHEDULER_MAX_RUNNING="5",
        LOKAAL_AVG_SCHEDULER_MAX_RUNNING_PER_ORG="3",
    )
    command = [sys.executable, "-m", "flask", "--app", "app", "run-due"]
    processes = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    counts = jobs_per_slot(committed_app)
    # Five may be unfinished at once (the jobs wait in the queue), at most three per organisation: never more,
    # whichever of the two commands started them, and no task twice.
    assert sum(counts.values()) == 5 and set(counts.values()) == {1}
    with committed_app.app_context():
        per_org = dict(
            db.session.execute(select(Job.organisation_id, func.count()).group_by(Job.organisation_id)).all()
        )
        db.session.remove()
    assert sorted(per_org.values()) == [2, 3]
    assert queue.count == 5

    # A worker on Redis runs them; the next round starts the three that had to wait.
    monkeypatch.setattr(worker, "_app", None)
    for name, value in env.items():
        if name.startswith(("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "LOKAAL_AVG_")):
            monkeypatch.setenv(name, value)
    try:
        SimpleWorker([queue], connection=redis_connection).work(burst=True)
        assert [j.state for j in wait_until_finished(committed_app)] == ["klaar"] * 5
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        assert "3 gestart" in done.stdout
        SimpleWorker([queue], connection=redis_connection).work(burst=True)
    finally:
        queue.empty()
        if worker._app is not None:
            with worker._app.app_context():
                db.engine.dispose()
    jobs = wait_until_finished(committed_app)
    assert [j.state for j in jobs] == ["klaar"] * 8
    assert set(jobs_per_slot(committed_app).values()) == {1}


def test_scheduler_loop_starts_due_scans_and_stops_cleanly_on_sigterm(committed_app, site, unique_path):
    channel_ids = make_world(committed_app, site, unique_path, orgs=1, per_org=1)
    env = environment(committed_app, LOKAAL_AVG_JOBS_MODE="thread")
    process = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "app", "scheduler", "--interval", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        scanned = []
        while not scanned and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.3)
            with committed_app.app_context():
                scanned = db.session.scalars(select(Scan.channel_id)).all()
                db.session.remove()
        assert scanned == channel_ids
        time.sleep(1.5)  # at least one more round, which must not scan again
        process.send_signal(signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, stderr
    assert "Planner gestart" in stdout and "Planner gestopt." in stdout
    assert stdout.count("Planner:") >= 2
    assert set(jobs_per_slot(committed_app).values()) == {1}
