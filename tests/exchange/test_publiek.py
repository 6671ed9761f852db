"""The public register: published on request, citizen fields only, cached, in the reader's language."""

from __future__ import annotations

import json

from sqlalchemy import select

from lokaal_avg.audit.models import AuditEntry
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.publiek.services import CITIZEN_FIELDS
from lokaal_avg.register.models import ProcessingActivity
from tests.fixtures.dossiers import build_register

INTERNAL = {
    "security_measures": "Toegang enkel met eID voor bevoegde ambtenaren",
    "dpia_decision": "DPIA afgerond in 2024",
    "description": "Interne omschrijving X7",
    "responsible_person": "Jan Janssens",
    "systems": "Toepassing SecretSys",
    "recipients_details": "Interne toelichting Q9",
}


def _published_org(app, client, login, create_org, create_user):
    org = create_org(slug="open", departments=("Burgerzaken", "Vrije tijd"), dpo_email="dpo@open.be")
    dpo = create_user(org=org, role="functionaris", name="Fien Functionaris")
    with app.app_context():
        fresh = db.session.get(Organisation, org.id)
        fixture = build_register(fresh)
        activity = db.session.get(ProcessingActivity, fixture.activity_ids["complete"])
        for key, value in INTERNAL.items():
            setattr(activity, key, value)
        db.session.commit()
    login(dpo)
    assert client.get("/publiek/open/").status_code == 404  # not published yet
    assert client.post("/o/open/publicatie/publiceren").status_code == 302
    return org, fixture


def test_public_register_shows_only_citizen_fields(app, client, login, create_org, create_user):
    _published_org(app, client, login, create_org, create_user)
    client.post("/logout")
    response = client.get("/publiek/open/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Bevolkingsregister bijhouden" in page and "Wet van 19 juli 1991" in page
    assert "dpo@open.be" in page and "Uw rechten" in page
    assert "Speelpleinwerking" not in page  # not approved
    for field, value in INTERNAL.items():
        assert value not in page, field
    assert "Fien Functionaris" not in page  # no staff names, the DPO's address only
    document = json.loads(client.get("/publiek/open/register.json").get_data(as_text=True))
    assert [tuple(a) for a in document["activities"]] == [CITIZEN_FIELDS]
    raw = json.dumps(document) + client.get("/publiek/open/register.jsonld").get_data(as_text=True)
    for value in [*INTERNAL.values(), "Fien Functionaris", "Loketwerk NV", "TechnicalOrganisationalMeasure"]:
        assert value not in raw


def test_caching_headers_and_conditional_requests(app, client, login, create_org, create_user):
    _published_org(app, client, login, create_org, create_user)
    first = client.get("/publiek/open/")
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    assert "public" in first.headers["Cache-Control"] and "max-age=300" in first.headers["Cache-Control"]
    again = client.get("/publiek/open/", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    english = client.get("/publiek/open/", headers={"Accept-Language": "en"})
    assert english.headers["ETag"] != first.headers["ETag"]
    assert '<html lang="en">' in english.get_data(as_text=True)


def test_leave_one_activity_out_and_unpublish_are_audited(app, client, login, create_org, create_user):
    _org, fixture = _published_org(app, client, login, create_org, create_user)
    activity_id = fixture.activity_ids["complete"]
    assert client.post(f"/o/open/publicatie/{activity_id}/zichtbaarheid").status_code == 302
    assert "Bevolkingsregister bijhouden" not in client.get("/publiek/open/").get_data(as_text=True)
    client.post("/o/open/publicatie/publiceren")
    assert client.get("/publiek/open/register.json").status_code == 404
    with app.app_context():
        actions = set(db.session.scalars(select(AuditEntry.action).where(AuditEntry.organisation_id == _org.id)))
    assert {"publish", "publication", "unpublish"} <= actions


def test_only_beheerder_and_functionaris_manage_publication(client, login, create_org, create_user):
    org = create_org()
    login(create_user(org=org, role="lezer"))
    assert client.get(f"/o/{org.slug}/publicatie/").status_code == 403
    assert client.post(f"/o/{org.slug}/publicatie/publiceren").status_code == 403
    assert client.get("/publiek/onbestaand/").status_code == 404


def test_dashboard_figures_and_demo(app, create_org):
    from lokaal_avg.publiek import services

    org = create_org(slug="demo-open")
    with app.app_context():
        fresh = db.session.get(Organisation, org.id)
        fixture = build_register(fresh)
        assert services.dashboard_figures(fresh) == services.PublicationFigures(False, 1, 0)
        services.load_demo(fresh, None)
        services.load_demo(fresh, None)  # idempotent
        activity = db.session.get(ProcessingActivity, fixture.activity_ids["complete"])
        services.set_excluded(fresh, None, activity, True)
        assert services.dashboard_figures(fresh) == services.PublicationFigures(True, 0, 1)


def test_public_page_query_count_does_not_grow_with_the_register(
    app, client, login, create_org, create_user, create_activity, count_queries
):
    _published_org(app, client, login, create_org, create_user)
    client.post("/logout")
    with count_queries() as few:
        client.get("/publiek/open/")
    org = create_org(slug="open2")  # a second organisation must not change anything either
    with app.app_context():
        fresh = db.session.get(Organisation, _org_id(app, "open"))
        for n in range(15):
            activity = ProcessingActivity(
                organisation_id=fresh.id,
                name=f"Extra {n}",
                status="goedgekeurd",
                purposes="Doel",
                collection_channels=[],
                dpia_criteria=[],
            )
            db.session.add(activity)
        db.session.commit()
    assert org.slug == "open2"
    with count_queries() as many:
        page = client.get("/publiek/open/").get_data(as_text=True)
    assert "Extra 14" in page
    assert many.count == few.count


def _org_id(app, slug: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Organisation.id).where(Organisation.slug == slug))
