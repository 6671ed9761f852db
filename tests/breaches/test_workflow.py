"""A breach from recording to closure: risk assessment, notification, people told, actions, findings."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from lokaal_avg.audit.models import AuditEntry
from lokaal_avg.breaches import queries
from lokaal_avg.breaches.models import Breach
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.remediation.models import Action


@pytest.fixture
def org(create_org):
    return create_org(
        slug="lekstad",
        name="Gemeente Lekstad",
        dpo_name="Lies DPO",
        dpo_email="dpo@lekstad.be",
        kbo_number="0207.501.010",
    )


@pytest.fixture
def dpo(org, create_user):
    return create_user(org=org, role="functionaris", name="Lies DPO")


def local(moment: datetime) -> str:
    from lokaal_avg.breaches.clock import to_local

    return to_local(moment).strftime("%Y-%m-%dT%H:%M")


def assess(client, org, breach_id, **answers):
    data = {
        "onleesbaar": "nee",
        "ingeperkt": "nee",
        "gevoelig": "nee",
        "kwetsbaar": "nee",
        "kwaadwillig": "nee",
        "grote_schaal": "nee",
        "gevolgen": "beperkt",
        "level": "",
        "exception": "",
        "reasoning": "Afgewogen met de dienst.",
        **answers,
    }
    return client.post(f"/o/{org.slug}/datalekken/{breach_id}/risico", data=data, follow_redirects=True)


def test_high_risk_breach_from_assessment_to_closure(app, client, login, org, dpo, make_breach, create_activity):
    activity = create_activity(org, department="Burgerzaken", name="Bevolkingsregister", legal_basis="e")
    breach_id = make_breach(org, dpo, title="Hack van het e-loket", activities=[activity.id], subjects_estimate=2500)
    login(dpo)
    # The assessment page pre-fills what the register knows, and suggests a level.
    page = client.get(f"/o/{org.slug}/datalekken/{breach_id}/risico").get_data(as_text=True)
    assert re.search(r'<input checked[^>]*id="grote_schaal-0"', page)  # 2500 people: large scale, "ja"
    assert "Het gaat om veel mensen of veel gegevens." in page  # and the suggestion says why
    # Reasoning is required: nothing is stored without it.
    response = assess(client, org, breach_id, reasoning="")
    assert "Schrijf uw redenering op." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Breach, breach_id).risk_level is None
    page = assess(client, org, breach_id, kwaadwillig="ja", gevoelig="ja", gevolgen="ernstig").get_data(as_text=True)
    assert "Risicobeoordeling bewaard." in page
    assert "Hoog risico" in page and "Melden aan de Vlaamse Toezichtcommissie (VTC) (Art. 33 AVG)." in page
    assert "De betrokkenen verwittigen" in page
    with app.app_context():
        breach = db.session.get(Breach, breach_id)
        assert (breach.risk_level, breach.notify_authority, breach.inform_subjects) == ("hoog", True, True)
        assert breach.assessment["suggestie"] == "hoog" and breach.assessment["gevolgen"] == "ernstig"
    # Cannot close while the authority still waits.
    page = client.post(f"/o/{org.slug}/datalekken/{breach_id}/afsluiten", follow_redirects=True).get_data(as_text=True)
    assert "moet nog gemeld worden aan de toezichthouder" in page
    # The notification text is pre-filled from the record, in Dutch for the VTC.
    form = client.get(f"/o/{org.slug}/datalekken/{breach_id}/melding").get_data(as_text=True)
    for expected in (
        "Melding van een inbreuk",
        "Gemeente Lekstad",
        "0207.501.010",
        "Lies DPO",
        "dpo@lekstad.be",
        "Hack van het e-loket",
        "Bevolkingsregister",
        "Geschat aantal betrokkenen: 2500",
    ):
        assert expected in form, expected
    with app.app_context():
        from lokaal_avg.breaches.notification import draft

        text = draft(db.session.get(Breach, breach_id), "nl")
    response = client.post(
        f"/o/{org.slug}/datalekken/{breach_id}/melding",
        data={
            "notified_at": local(datetime.now(UTC) - timedelta(minutes=5)),
            "reference": "VTC-2026-17",
            "language": "nl",
            "text": text,
        },
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "De melding aan de toezichthouder is geregistreerd." in page and "VTC-2026-17" in page
    printable = client.get(f"/o/{org.slug}/datalekken/{breach_id}/melding/afdruk").get_data(as_text=True)
    assert "Hack van het e-loket" in printable and 'lang="nl-BE"' in printable and "<nav" not in printable
    # People told; an action in the action plan; then closure. The breach stays in the register.
    client.post(
        f"/o/{org.slug}/datalekken/{breach_id}/betrokkenen",
        data={"inform-informed_on": datetime.now().date().isoformat(), "inform-how": "Brief aan elke inwoner."},
    )
    client.post(
        f"/o/{org.slug}/datalekken/{breach_id}/actie",
        data={"action-title": "Wachtwoorden e-loket resetten", "action-priority": "hoog", "action-assignee_id": 0},
    )
    with app.app_context():
        action = db.session.scalars(select(Action).where(Action.organisation_id == org.id)).one()
        assert action.title == "Wachtwoorden e-loket resetten" and action.activity_id == activity.id
    plan = client.get(f"/o/{org.slug}/acties/").get_data(as_text=True)
    assert "Wachtwoorden e-loket resetten" in plan
    page = client.post(
        f"/o/{org.slug}/datalekken/{breach_id}/afsluiten", data={"close-note": "Lek gedicht."}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Datalek afgesloten. Het blijft in het register." in page
    assert "Wachtwoorden e-loket resetten" in page and "Brief aan elke inwoner." in page
    assert "Hack van het e-loket" not in client.get(f"/o/{org.slug}/datalekken/").get_data(as_text=True)
    assert "Hack van het e-loket" in client.get(f"/o/{org.slug}/datalekken/?toon=alle").get_data(as_text=True)
    with app.app_context():
        actions = db.session.scalars(
            select(AuditEntry.action).where(AuditEntry.target_type == "Breach", AuditEntry.target_id == breach_id)
        ).all()
    assert sorted(actions) == ["action", "assess", "close", "create", "inform", "notify"]


def test_a_late_notification_asks_for_the_reasons(app, client, login, org, dpo, make_breach):
    breach_id = make_breach(org, dpo, discovered_at=datetime.now(UTC) - timedelta(days=5))
    login(dpo)
    assess(client, org, breach_id, gevolgen="aanzienlijk")
    form = client.get(f"/o/{org.slug}/datalekken/{breach_id}/melding").get_data(as_text=True)
    assert "7. Redenen voor de melding na 72 uur" in form
    data = {"notified_at": local(datetime.now(UTC) - timedelta(hours=1)), "language": "nl", "text": "Melding."}
    page = client.post(f"/o/{org.slug}/datalekken/{breach_id}/melding", data=data).get_data(as_text=True)
    assert "vermeld de redenen voor de vertraging" in page
    with app.app_context():
        assert db.session.get(Breach, breach_id).authority_notified_at is None
    data["delay_reasons"] = "Het lek werd pas na het weekend volledig begrepen."
    page = client.post(f"/o/{org.slug}/datalekken/{breach_id}/melding", data=data, follow_redirects=True).get_data(
        as_text=True
    )
    assert "na 72 uur" in page and "pas na het weekend" in page


def test_the_gba_gets_a_french_notification_on_request(app, client, login, create_org, create_user, make_breach):
    org = create_org(slug="gbagem", supervisory_authority="gba", dpo_name="Luc DPO")
    dpo = create_user(org=org, role="functionaris")
    breach_id = make_breach(org, dpo, title="Fuite de données")
    login(dpo)
    page = client.get(f"/o/{org.slug}/datalekken/{breach_id}/melding?taal=fr").get_data(as_text=True)
    assert "Notification d&#39;une violation" in page and "Autorité de protection des données" in page
    printable = client.get(f"/o/{org.slug}/datalekken/{breach_id}/melding/afdruk?taal=fr").get_data(as_text=True)
    assert 'lang="fr-BE"' in printable and "atteinte à la confidentialité" in printable


def test_no_risk_means_no_notification_but_the_breach_stays(app, client, login, org, dpo, make_breach):
    breach_id = make_breach(org, dpo, title="Versleutelde laptop gestolen")
    login(dpo)
    page = assess(client, org, breach_id, onleesbaar="ja", reasoning="Schijf volledig versleuteld.").get_data(
        as_text=True
    )
    assert "Geen risico" in page and "melding niet nodig" in page
    page = client.post(f"/o/{org.slug}/datalekken/{breach_id}/afsluiten", follow_redirects=True).get_data(as_text=True)
    assert "Datalek afgesloten" in page
    with app.app_context():
        figures = queries.dashboard_figures(db.session.get(Organisation, org.id))
        rows = queries.dossier_section(db.session.get(Organisation, org.id))
    assert figures.open == 0 and figures.this_year >= 1 and figures.to_notify == 0
    assert [(r.reference, r.risk_level, r.notified_at, r.closed) for r in rows] == [("DL-001", "geen", None, True)]


def test_open_findings_of_a_linked_channel_are_shown(app, client, login, org, dpo, make_breach):
    from lokaal_avg.channels import services as channels
    from lokaal_avg.remediation.findings import FindingInput, Scope, sync_findings

    with app.app_context():
        fresh = db.session.get(Organisation, org.id)
        channel = channels.create_channel(fresh, None, {"name": "Contactformulier", "kind": "webformulier"})
        sync_findings(
            org.id,
            Scope("scan", channel_id=channel.id),
            [
                FindingInput(
                    "form_action_http", "kritiek", "Formulier post over http://", "r", "f", channel_id=channel.id
                )
            ],
        )
        db.session.commit()
        channel_id = channel.id
    breach_id = make_breach(org, dpo, channels=[channel_id])
    login(dpo)
    page = client.get(f"/o/{org.slug}/datalekken/{breach_id}").get_data(as_text=True)
    assert "Open bevindingen op de betrokken kanalen" in page and "Formulier post over http://" in page


def test_roles_medewerker_sees_own_departments_and_lezer_only_reads(
    app, client, login, org, dpo, create_user, create_activity, make_breach
):
    burgerzaken = create_activity(org, department="Burgerzaken", name="Identiteitskaarten")
    vrije_tijd = create_activity(org, department="Vrije tijd", name="Speelpleinwerking")
    own = make_breach(org, dpo, title="Lek bij burgerzaken", activities=[burgerzaken.id])
    other = make_breach(org, dpo, title="Lek bij vrije tijd", activities=[vrije_tijd.id])
    staff = create_user(org=org, role="medewerker", departments=("Burgerzaken",))
    login(staff)
    listing = client.get(f"/o/{org.slug}/datalekken/?toon=alle").get_data(as_text=True)
    assert "Lek bij burgerzaken" in listing and "Lek bij vrije tijd" not in listing
    assert client.get(f"/o/{org.slug}/datalekken/{other}").status_code == 404
    assert client.get(f"/o/{org.slug}/datalekken/{own}/bewerken").status_code == 200
    assert client.get(f"/o/{org.slug}/datalekken/{own}/risico").status_code == 403  # the DPO's judgement
    reader = create_user(org=org, role="lezer")
    client.post("/logout")
    login(reader)
    assert "Lek bij vrije tijd" in client.get(f"/o/{org.slug}/datalekken/?toon=alle").get_data(as_text=True)
    assert client.get(f"/o/{org.slug}/datalekken/nieuw").status_code == 403
    assert client.post(f"/o/{org.slug}/datalekken/{own}/afsluiten").status_code == 403
    assert client.get(f"/o/{org.slug}/datalekken/{own}/melding/afdruk").status_code == 200


def test_nobody_can_delete_a_breach(app):
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("breaches.")]
    assert rules and not any("DELETE" in r.methods or "verwijder" in r.rule for r in rules)
