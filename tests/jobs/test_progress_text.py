"""A job's progress only goes forward, and its text reads as one sentence ("Klaar: 47 pagina's.")."""

from __future__ import annotations

import pytest

from lokaal_avg.core.extensions import db
from lokaal_avg.jobs import runner
from lokaal_avg.jobs.models import Job
from lokaal_avg.jobs.views import status_text


@pytest.fixture
def growing_job():
    """A handler whose estimate of the total grows while it works, as a dossier's page count does."""
    seen: list[int] = []

    @runner.job_handler("test_growing_total")
    def handler(job, progress):
        for done, total in [(0, 10), (8, 10), (9, 20), (15, 20), (16, 40), (40, 40)]:
            progress(done, total, None)
            seen.append(job.percent)
        return {"summary": "Klaar: 40 pagina's."}

    yield seen
    runner.HANDLERS.pop("test_growing_total")


def test_percent_never_goes_back_when_the_total_grows(app, growing_job):
    with app.app_context():
        job = runner.enqueue("test_growing_total", {})
        assert growing_job == sorted(growing_job), growing_job
        assert growing_job[-1] == 100
        assert job.state == "klaar"
        assert status_text(job) == "Klaar: 40 pagina's."


def test_status_sentences(app):
    with app.test_request_context():
        job = Job(kind="x", params={}, state="bezig", progress_done=3, progress_total=7, message="Contact gescand.")
        assert status_text(job) == "Bezig: 3 van 7. Contact gescand."
        job.state, job.result = "klaar", {}
        assert status_text(job) == "Klaar. Contact gescand."  # no summary: the last message follows
        job.message = None
        assert status_text(job) == "Klaar."
        job.state = "wachtend"
        assert status_text(job) == "In de wachtrij…"


def test_status_json_carries_the_same_sentence_as_the_page(app, client, login, create_org, create_user):
    org = create_org(slug="taaktekst")
    login(create_user(org=org, role="beheerder"))
    with app.app_context():
        job = Job(kind="x", params={}, organisation_id=org.id, state="bezig", progress_done=1, progress_total=4)
        db.session.add(job)
        db.session.commit()
        job_id = job.id
    data = client.get(f"/taken/{job_id}.json").get_json()
    assert data["text"] == "Bezig: 1 van 4."
    assert data["text"] in client.get(f"/taken/{job_id}").get_data(as_text=True)
