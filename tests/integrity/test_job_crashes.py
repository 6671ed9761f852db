"""Jobs survive crashes: kill -9 a worker in the middle of a dossier or a scan, on RQ with Redis
and in-process (a separate process running the application), and the job ends failed with a
reason, a retry succeeds, and new dossiers and scans are not blocked.

Runs against a database it commits to (tests/integrity/conftest.py) and the machine's Redis
(LOKAAL_AVG_TEST_REDIS_URL); without Redis these tests fail, they are never skipped.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from redis import Redis
from rq import Queue

from lokaal_avg.channels import services as channels
from lokaal_avg.core.extensions import db
from lokaal_avg.dossiers.jobs import JOB_KIND as DOSSIER
from lokaal_avg.jobs import runner
from lokaal_avg.jobs.models import Job
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.register import services as register
from lokaal_avg.scanning.jobs import SCAN_CHANNELS
from tests.integrity.conftest import signed_in_client
from tests.scanning_app.site import contact_page

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("LOKAAL_AVG_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
STALE_SECONDS = 3


@pytest.fixture
def crash_app(committed_app, committed_team, redis_queue):
    committed_app.config.update(REDIS_URL=REDIS_URL, JOB_STALE_SECONDS=STALE_SECONDS, JOB_QUEUE_GRACE_SECONDS=600)
    return committed_app


@pytest.fixture
def redis_queue():
    connection = Redis.from_url(REDIS_URL)
    connection.ping()  # no Redis: the test fails here, loudly
    queue = Queue(runner.QUEUE_NAME, connection=connection)
    queue.empty()  # leftovers of earlier runs point at databases that are gone
    yield queue
    queue.empty()
    connection.close()


def environment(app) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": "integrity-tests",
        "LOKAAL_AVG_SCAN_ALLOW_PRIVATE": "1",
        "LOKAAL_AVG_SCAN_CRAWL_DELAY": "0",
        "LOKAAL_AVG_JOB_HEARTBEAT_SECONDS": "0.5",
    }


def job_of(app, job_id: int) -> Job:
    with app.app_context():
        job = db.session.get(Job, job_id)
        db.session.expunge(job)
        return job


def wait_for(app, job_id: int, states: tuple[str, ...], seconds: float = 90) -> Job:
    deadline = time.monotonic() + seconds
    job = job_of(app, job_id)
    while job.state not in states and time.monotonic() < deadline:
        time.sleep(0.05)
        job = job_of(app, job_id)
    assert job.state in states, f"job {job_id} is {job.state}: {job.message}"
    return job


def slow_work(app, org_id: int, kind: str, site, unique_path: str) -> dict:
    """Params of a job that takes long enough to be killed in the middle."""
    with app.app_context():
        org = db.session.get(Organisation, org_id)
        if kind == SCAN_CHANNELS:
            url = site.page(unique_path, contact_page(), delay=30)  # the scanner waits for this page
            channel = channels.create_channel(
                org, None, {"name": "Traag formulier", "kind": "webformulier", "url": url}
            )
            db.session.commit()
            return {"channel_ids": [channel.id], "title": "Scan", "result_url": "/"}
        for n in range(30):  # a dossier of some size: rendering takes seconds
            register.create_activity(org, None, {"name": f"Verwerking {n}", "purposes": "Dienstverlening. " * 50})
        db.session.commit()
        return {"scope": "organisatie", "department_id": None, "activity_id": None, "title": "Dossier maken"}


def start_killable(app, kind: str, org_id: int, params: dict, mode: str) -> tuple[subprocess.Popen, int]:
    """Start the job in a process of its own: an RQ worker, or the application with thread jobs."""
    if mode == "rq":
        with app.app_context():
            app.config["JOBS_MODE"] = "rq"
            job = runner.enqueue(kind, params, org_id)
            db.session.commit()
            job_id = job.id
        command = [sys.executable, "-m", "flask", "--app", "app", "worker"]
    else:
        command = [sys.executable, "-m", "tests.integrity.inprocess_app", kind, str(org_id), json.dumps(params)]
    process = subprocess.Popen(  # its own session: kill -9 takes the RQ work horse down with it
        command, cwd=ROOT, env=environment(app), stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    if mode != "rq":
        job_id = int(process.stdout.readline())
    return process, job_id


def descendants(pid: int) -> list[int]:
    """Child processes, also those that left the session (RQ's work horse calls setsid)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, stack = [], [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def kill_9(process: subprocess.Popen) -> None:
    """The machine dies under the worker: the worker and every process it started, at once."""
    for pid in descendants(process.pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(10)
    process.stdout.close()
    process.stderr.close()


def run_queue_once(app) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "worker", "--burst"],
        cwd=ROOT,
        env=environment(app),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["rq", "thread"])
@pytest.mark.parametrize("kind", [DOSSIER, SCAN_CHANNELS])
def test_killed_worker_job_fails_retry_succeeds_nothing_blocked(
    crash_app, committed_team, site, unique_path, mode, kind
):
    app = crash_app
    slug, org_id, email = committed_team
    params = slow_work(app, org_id, kind, site, unique_path)
    process, job_id = start_killable(app, kind, org_id, params, mode)
    try:
        wait_for(app, job_id, ("bezig",))
        time.sleep(0.3)
    finally:
        kill_9(process)
    assert job_of(app, job_id).state == "bezig"  # the dead runner left it there

    # While its heartbeat is recent the job counts as running; once silent it is recovered.
    time.sleep(STALE_SECONDS + 1)
    browser = signed_in_client(app, email)
    page = browser.get(f"/taken/{job_id}").get_data(as_text=True)
    failed = job_of(app, job_id)
    assert failed.state == "mislukt", (failed.runner, failed.heartbeat_at, failed.started_at, runner.utcnow())
    assert "De taak werd onderbroken" in failed.message and "De taak werd onderbroken" in page
    assert "Opnieuw starten" in page

    # Retry from the job's page; it runs to the end this time.
    if kind == SCAN_CHANNELS:
        site.page(unique_path, contact_page())  # the page answers at once now
    app.config["JOBS_MODE"] = mode
    retried = browser.post(f"/taken/{job_id}/opnieuw", data={})
    assert retried.status_code == 302
    retry_id = int(retried.location.split("/taken/")[1].split("?")[0])
    if mode == "rq":
        run_queue_once(app)
    again = wait_for(app, retry_id, ("klaar", "mislukt"), seconds=240)
    assert again.state == "klaar", again.message
    assert again.retry_of_id == job_id

    # Nothing else is blocked: a new dossier or scan starts (in eager mode, to keep the test short).
    app.config["JOBS_MODE"] = "eager"
    if kind == DOSSIER:
        started = browser.post(f"/o/{slug}/dossiers/", data={"scope": "organisatie"})
    else:
        started = browser.post(f"/o/{slug}/kanalen/{params['channel_ids'][0]}/scannen", data={})
    assert started.status_code == 302 and "/taken/" in started.location
    newest = int(started.location.split("/taken/")[1].split("?")[0])
    assert newest not in (job_id, retry_id)
    assert job_of(app, newest).state == "klaar"


def test_a_queued_job_whose_queue_lost_it_is_noticed(crash_app, committed_team, redis_queue):
    app = crash_app
    _slug, org_id, email = committed_team
    with app.app_context():
        app.config["JOBS_MODE"] = "rq"
        job = runner.enqueue(DOSSIER, {"scope": "organisatie", "title": "Dossier maken"}, org_id)
        db.session.commit()
        job_id = job.id
    assert redis_queue.count == 1
    redis_queue.empty()  # Redis restarted without its data, or the queue was cleared
    browser = signed_in_client(app, email)
    assert "ze staat niet meer in de wachtrij" in browser.get(f"/taken/{job_id}").get_data(as_text=True)
    assert job_of(app, job_id).state == "mislukt"


def test_jobs_command_lists_and_recovers(crash_app, committed_team):
    app = crash_app
    _slug, org_id, _email = committed_team
    with app.app_context():
        job = Job(kind=DOSSIER, organisation_id=org_id, params={}, state="bezig", runner="rq:elders:123")
        job.started_at = job.heartbeat_at = runner.utcnow() - runner_timedelta(STALE_SECONDS + 5)
        db.session.add(job)
        db.session.commit()
        job_id = job.id
    cli = app.test_cli_runner()
    listing = cli.invoke(args=["jobs"])
    assert f"{job_id:>6}" in listing.output and "VASTGELOPEN" in listing.output
    recovered = cli.invoke(args=["jobs", "--recover"])
    assert f"Taak {job_id} (dossier) als mislukt gemarkeerd" in recovered.output
    assert job_of(app, job_id).state == "mislukt"
    assert "Geen lopende of wachtende taken." in cli.invoke(args=["jobs"]).output


def runner_timedelta(seconds: float):
    from datetime import timedelta

    return timedelta(seconds=seconds)
