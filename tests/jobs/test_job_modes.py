"""A scan job really runs in "thread" mode and on a real RQ worker against the machine's Redis.

The suite's usual session is one rolled-back transaction on the test database, which a worker
on another connection (or in another process) cannot see. These tests therefore build an app
of their own on a database they really commit to: a temporary SQLite file, or a temporary
PostgreSQL database when LOKAAL_AVG_TEST_DATABASE_URL is set. Redis: LOKAAL_AVG_TEST_REDIS_URL
(default redis://127.0.0.1:6379/15). Without Redis these tests fail; they are never skipped.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from redis import Redis
from rq import Queue, SimpleWorker
from sqlalchemy import select

from lokaal_avg import create_app, worker
from lokaal_avg.channels import services as channels
from lokaal_avg.channels.models import Channel
from lokaal_avg.core.extensions import db
from lokaal_avg.jobs import runner
from lokaal_avg.jobs.models import Job
from lokaal_avg.organisations import services as organisations
from lokaal_avg.scanning.jobs import SCAN_CHANNELS
from lokaal_avg.scanning.models import Scan
from tests.scanning_app.site import contact_page

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("LOKAAL_AVG_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def committed_app(fresh_database_url, monkeypatch):
    """An app on its own database, with a real (committing) session instead of the suite's rolled-back one."""
    config = {
        "SQLALCHEMY_DATABASE_URI": fresh_database_url,
        "SECRET_KEY": "job-tests",
        "TESTING": True,
        "ARGON2_PROFILE": "CHEAPEST",
        "SCAN_ALLOW_PRIVATE": True,
        "REDIS_URL": REDIS_URL,
    }
    app = create_app(config)
    # Flask-SQLAlchemy's own scoped session (per app context), as in production.
    monkeypatch.setattr(db, "session", db._make_scoped_session({}))
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def make_channel(app, url: str) -> int:
    with app.app_context():
        org = organisations.create_organisation("werkerdorp", "Gemeente Werkerdorp", departments=("Burgerzaken",))
        channel = channels.create_channel(org, None, {"name": "Contactformulier", "kind": "webformulier", "url": url})
        db.session.commit()
        return channel.id


def enqueue_scan(app, channel_id: int) -> int:
    """Enqueue as a view does; the job is dispatched when the transaction commits."""
    with app.app_context():
        channel = db.session.get(Channel, channel_id)
        job = runner.enqueue(
            SCAN_CHANNELS,
            {"channel_ids": [channel_id], "title": "Scan", "result_url": "/"},
            organisation_id=channel.organisation_id,
        )
        assert job.state == "wachtend"
        db.session.commit()
        return job.id


def outcome(app, job_id: int) -> tuple[Job, list[Scan]]:
    with app.app_context():
        job = db.session.get(Job, job_id)
        scans = db.session.scalars(select(Scan).where(Scan.job_id == job_id)).all()
        db.session.expunge_all()
        return job, scans


@pytest.fixture
def redis_connection():
    connection = Redis.from_url(REDIS_URL)
    connection.ping()  # no Redis: the test fails here, loudly
    yield connection
    connection.close()


def test_thread_mode_runs_the_scan_in_the_background(committed_app, site, unique_path):
    committed_app.config["JOBS_MODE"] = "thread"
    channel_id = make_channel(committed_app, site.page(unique_path, contact_page(tracker=True)))
    job_id = enqueue_scan(committed_app, channel_id)
    deadline = time.monotonic() + 30
    job, scans = outcome(committed_app, job_id)
    while not job.finished and time.monotonic() < deadline:
        time.sleep(0.1)
        job, scans = outcome(committed_app, job_id)
    assert job.state == "klaar", job.message
    assert [s.channel_id for s in scans] == [channel_id] and scans[0].status == "ok"
    assert job.progress_done == job.progress_total == 1


def test_rq_mode_runs_the_scan_on_a_real_worker(committed_app, redis_connection, site, unique_path, monkeypatch):
    committed_app.config["JOBS_MODE"] = "rq"
    queue_name = f"lokaal_avg_test_{uuid.uuid4().hex[:8]}"  # a queue of this test alone
    monkeypatch.setattr(runner, "QUEUE_NAME", queue_name)
    # The worker builds its app from the environment, as `flask worker` or `rq worker` would.
    monkeypatch.setattr(worker, "_app", None)
    monkeypatch.setenv("DATABASE_URL", committed_app.config["SQLALCHEMY_DATABASE_URI"])
    monkeypatch.setenv("REDIS_URL", REDIS_URL)
    monkeypatch.setenv("SECRET_KEY", "job-tests")
    monkeypatch.setenv("LOKAAL_AVG_SCAN_ALLOW_PRIVATE", "1")
    queue = Queue(queue_name, connection=redis_connection)
    try:
        channel_id = make_channel(committed_app, site.page(unique_path, contact_page()))
        job_id = enqueue_scan(committed_app, channel_id)
        assert queue.count == 1
        job, _ = outcome(committed_app, job_id)
        assert job.state == "wachtend"  # nothing runs until a worker takes it
        SimpleWorker([queue], connection=redis_connection).work(burst=True)
        job, scans = outcome(committed_app, job_id)
        assert job.state == "klaar", job.message
        assert [s.channel_id for s in scans] == [channel_id]
        assert queue.count == 0
    finally:
        queue.delete(delete_jobs=True)
        if worker._app is not None:
            with worker._app.app_context():
                db.engine.dispose()


def test_flask_worker_command_in_burst_mode(committed_app, redis_connection, site, unique_path):
    """The real command on the real queue (shared with the application's other jobs on this Redis db)."""
    committed_app.config["JOBS_MODE"] = "rq"
    # Leftovers of earlier runs on this Redis database would point at databases that are gone.
    Queue(runner.QUEUE_NAME, connection=redis_connection).empty()
    channel_id = make_channel(committed_app, site.page(unique_path, contact_page()))
    job_id = enqueue_scan(committed_app, channel_id)
    environment = {
        **os.environ,
        "DATABASE_URL": committed_app.config["SQLALCHEMY_DATABASE_URI"],
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": "job-tests",
        "LOKAAL_AVG_SCAN_ALLOW_PRIVATE": "1",
    }
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "worker", "--burst"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    job, scans = outcome(committed_app, job_id)
    assert job.state == "klaar", job.message
    assert [s.channel_id for s in scans] == [channel_id]
