"""Creation forms create once: double clicks, back-and-resubmit and parallel posts give one record."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from lokaal_avg.breaches.models import Breach
from lokaal_avg.channels.models import Channel
from lokaal_avg.core.extensions import db
from lokaal_avg.processors.models import Processor
from lokaal_avg.register.models import ProcessingActivity
from lokaal_avg.remediation.models import Action
from lokaal_avg.requests.models import SubjectRequest
from tests.integrity.browser import form_values, submit
from tests.integrity.conftest import signed_in_client

ALREADY_SENT = "Dit formulier was al verstuurd"


def count(app, model: type, org_id: int) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(model.organisation_id == org_id))


def creation_cases(slug: str, activity_id: int) -> list[tuple[str, type, dict]]:
    return [
        (f"/o/{slug}/register/nieuw", ProcessingActivity, {"name": "Inschrijving sportkamp", "reference": "V-77"}),
        (f"/o/{slug}/verwerkers/nieuw", Processor, {"name": "Sportsoft BV"}),
        (
            f"/o/{slug}/kanalen/nieuw",
            Channel,
            {
                "name": "Inschrijfformulier",
                "kind": "webformulier",
                "url": "https://example.invalid/in",
                "activities": [str(activity_id)],
            },
        ),
        (f"/o/{slug}/acties/nieuw", Action, {"title": "Privacyverklaring aanvullen"}),
        (
            f"/o/{slug}/datalekken/nieuw",
            Breach,
            {
                "title": "Mail naar verkeerde ontvanger",
                "description": "Lijst met adressen verstuurd.",
                "kinds": ["vertrouwelijkheid"],
            },
        ),
        (f"/o/{slug}/verzoeken/nieuw", SubjectRequest, {"summary": "Vraagt inzage in zijn dossier."}),
    ]


@pytest.fixture
def beheerder(client, login, create_org, create_user, create_activity):
    org = create_org()
    login(create_user(org=org, role="beheerder"))
    return org, create_activity(org, name="Bestaande verwerking")


@pytest.mark.parametrize("case", range(6))
def test_double_click_and_back_and_resubmit_create_one_record(app, client, beheerder, case):
    org, activity = beheerder
    url, model, values = creation_cases(org.slug, activity.id)[case]
    before = count(app, model, org.id)
    page = client.get(url).get_data(as_text=True)
    first = submit(client, url, page, values)
    assert first.status_code == 302
    # The same page sent again: a double click, or back in the browser and submit.
    for _ in range(2):
        again = submit(client, url, page, values)
        assert again.status_code == 302
        assert again.location == first.location
    assert count(app, model, org.id) == before + 1
    assert ALREADY_SENT in client.get(first.location).get_data(as_text=True)


def test_a_fresh_form_creates_again(app, client, beheerder):
    """Only the same page is a duplicate: opening the form anew is a deliberate second record."""
    org, _activity = beheerder
    url = f"/o/{org.slug}/verwerkers/nieuw"
    before = count(app, Processor, org.id)
    assert submit(client, url, changes={"name": "Eerste BV"}).status_code == 302
    assert submit(client, url, changes={"name": "Tweede BV"}).status_code == 302
    assert count(app, Processor, org.id) == before + 2


def test_a_refused_form_keeps_its_token_usable(app, client, beheerder):
    org, _activity = beheerder
    url = f"/o/{org.slug}/register/nieuw"
    page = client.get(url).get_data(as_text=True)
    refused = submit(client, url, page, {"name": ""})
    assert refused.status_code == 200
    before = count(app, ProcessingActivity, org.id)
    assert submit(client, url, refused.get_data(as_text=True), {"name": "Na correctie"}).status_code == 302
    assert count(app, ProcessingActivity, org.id) == before + 1


@pytest.mark.slow
@pytest.mark.parametrize("case", range(4))
def test_parallel_submissions_give_one_record_and_no_500(committed_app, committed_team, case):
    slug, org_id, email = committed_team
    app = committed_app
    with app.app_context():
        from lokaal_avg.organisations.models import Organisation
        from lokaal_avg.register import services as register

        activity = register.create_activity(db.session.get(Organisation, org_id), None, {"name": "Basis"})
        db.session.commit()
        activity_id = activity.id
    url, model, values = creation_cases(slug, activity_id)[case]
    before = count(app, model, org_id)
    clients = [signed_in_client(app, email) for _ in range(6)]
    token = form_values(clients[0].get(url).get_data(as_text=True))["form_token"]
    statuses: list[int] = []
    start = threading.Barrier(len(clients))

    def post(client) -> None:
        data = form_values(client.get(url).get_data(as_text=True))
        data["form_token"] = token  # the same page, sent from several tabs at once
        for name, value in values.items():
            data.setlist(name, value if isinstance(value, list) else [value])
        start.wait()
        statuses.append(client.post(url, data=data, csrf=False).status_code)

    threads = [threading.Thread(target=post, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert statuses == [302] * len(clients)
    assert count(app, model, org_id) == before + 1
