"""Retrying a failed job: only a failed job, only by who may start it, never another organisation's."""

from __future__ import annotations

import pytest

from lokaal_avg.core.extensions import db
from lokaal_avg.jobs.models import Job


@pytest.fixture
def failed_job(app):
    def make(org, user, state: str = "mislukt") -> int:
        with app.app_context():
            job = Job(kind="dossier", organisation_id=org.id, created_by_id=user.id, state=state, params={})
            job.message = "De taak werd onderbroken."
            db.session.add(job)
            db.session.commit()
            return job.id

    return make


def test_a_failed_dossier_is_retried_from_its_page(app, client, login, create_org, create_user, failed_job):
    org = create_org()
    user = create_user(org=org, role="functionaris")
    job_id = failed_job(org, user)
    login(user)
    assert "Opnieuw starten" in client.get(f"/taken/{job_id}").get_data(as_text=True)
    response = client.post(f"/taken/{job_id}/opnieuw")
    assert response.status_code == 302
    with app.app_context():
        again = db.session.get(Job, int(response.location.split("/taken/")[1].split("?")[0]))
        assert again.retry_of_id == job_id and again.state == "klaar"  # eager mode in the suite


def test_retry_is_refused_to_others_and_for_unfinished_jobs(client, login, create_org, create_user, failed_job):
    org, other = create_org(), create_org()
    maker = create_user(org=org, role="beheerder")
    stranger = create_user(org=other, role="beheerder")
    reader = create_user(org=org, role="lezer")
    failed, running = failed_job(org, maker), failed_job(org, maker, state="bezig")
    login(stranger)
    assert client.post(f"/taken/{failed}/opnieuw").status_code == 404
    client.post("/logout")
    login(reader)
    assert "Opnieuw starten" not in client.get(f"/taken/{failed}").get_data(as_text=True)
    assert client.post(f"/taken/{failed}/opnieuw").status_code == 403
    client.post("/logout")
    login(maker)
    assert client.post(f"/taken/{running}/opnieuw").status_code == 409
    assert client.post(f"/taken/{failed}/opnieuw", csrf=False).status_code == 400


def test_a_waiting_in_process_job_fails_only_when_its_process_is_gone(app, create_org):
    """A busy thread pool is no reason to give up; the process that held the job being gone is."""
    import os
    import socket
    import subprocess
    import sys
    from datetime import timedelta

    from lokaal_avg.core.db import utcnow
    from lokaal_avg.jobs import health

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(gone.stdout)
    host = socket.gethostname()
    org = create_org()
    long_ago = utcnow() - timedelta(minutes=30)
    with app.app_context():
        alive = Job(kind="dossier", organisation_id=org.id, params={}, runner=f"thread:{host}:{os.getpid()}")
        dead = Job(kind="dossier", organisation_id=org.id, params={}, runner=f"thread:{host}:{dead_pid}")
        alive.created_at = dead.created_at = long_ago
        db.session.add_all([alive, dead])
        db.session.flush()
        recovered = health.recover_stale_jobs(org.id)
        assert [r.job_id for r in recovered] == [dead.id]
        assert dead.state == "mislukt" and "serverproces" in dead.message
        assert alive.state == "wachtend"
        db.session.rollback()
