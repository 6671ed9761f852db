"""Stored texts follow the reader: findings, actions made from them, jobs, e-mails and the seeded lists."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lokaal_avg.accounts.models import User
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.remediation.finding_texts import scan_text
from lokaal_avg.remediation.models import Finding
from lokaal_avg.remediation.register_checks import run_register_check
from lokaal_avg.scanner.texts import FINDING_TEXTS
from tests.remediation.helpers import WELL_RUN, actions_of


def speak(app, user, locale: str) -> None:
    with app.app_context():
        db.session.get(User, user.id).locale = locale
        db.session.commit()


@pytest.fixture
def checked(app, create_org, create_user, create_activity):
    """An organisation whose register check found an incomplete entry, with a French DPO and an English admin."""
    org = create_org(slug="talen", **WELL_RUN)
    dpo = create_user(org=org, role="functionaris", name="Fanny DPO", email="fanny@talen.be")
    admin = create_user(org=org, role="beheerder", name="Eddie Admin", email="eddie@talen.be")
    speak(app, dpo, "fr_BE")
    speak(app, admin, "en")
    create_activity(org, name="Bibliotheek")
    with app.app_context():
        run_register_check(db.session.get(Organisation, org.id))
        db.session.commit()
        [finding] = db.session.scalars(
            select(Finding).where(Finding.organisation_id == org.id, Finding.code == "register_incomplete")
        )
    return org, dpo, admin, finding


def test_a_finding_is_stored_in_dutch_and_shown_in_the_readers_language(app, client, login, checked):
    org, dpo, admin, finding = checked
    assert finding.title == "Bibliotheek: verplichte registervelden ontbreken"  # the Dutch text stays beside it
    login(dpo)
    page = client.get(f"/o/{org.slug}/acties/bevindingen/{finding.id}").get_data(as_text=True)
    assert "Bibliotheek : des champs obligatoires du registre manquent" in page
    assert "Complétez dans la fiche :" in page and "Finalités" in page
    assert "verplichte registervelden ontbreken" not in page and "Vul in de fiche aan" not in page
    client.post("/logout")
    login(admin)
    page = client.get(f"/o/{org.slug}/acties/bevindingen/").get_data(as_text=True)
    assert "Bibliotheek: mandatory register fields are missing" in page


def test_an_action_from_a_finding_follows_the_reader_until_someone_edits_it(app, client, login, checked):
    org, dpo, _admin, finding = checked
    login(dpo)
    client.post(f"/o/{org.slug}/acties/bevindingen/{finding.id}/actie")
    with app.app_context():
        [action] = actions_of(org.id)
    assert action.title == "Bibliotheek: verplichte registervelden ontbreken"
    page = client.get(f"/o/{org.slug}/acties/{action.id}").get_data(as_text=True)
    assert "Bibliotheek : des champs obligatoires du registre manquent" in page
    assert "Que faire :" in page and "Pourquoi :" in page

    client.post(
        f"/o/{org.slug}/acties/{action.id}/bewerken",
        data={"title": "Fiche Bibliotheek aanvullen", "priority": "midden", "description": "Zelf getypt."},
    )
    page = client.get(f"/o/{org.slug}/acties/{action.id}").get_data(as_text=True)
    assert "Fiche Bibliotheek aanvullen" in page and "Zelf getypt." in page  # typed text stays as typed


def test_the_assignee_is_mailed_in_their_own_language(app, client, login, checked, smtp_server):
    org, dpo, admin, finding = checked
    login(dpo)  # the DPO works in French, the assignee reads English
    client.post(f"/o/{org.slug}/acties/bevindingen/{finding.id}/actie")
    with app.app_context():
        [action] = actions_of(org.id)
    client.post(
        f"/o/{org.slug}/acties/{action.id}/bewerken",
        data={"title": action.title, "description": action.description, "priority": "midden", "assignee_id": admin.id},
    )
    [message] = smtp_server.to("eddie@talen.be")
    assert message["Subject"] == "Action for you: Bibliotheek: mandatory register fields are missing"
    text = smtp_server.text(message)
    assert "Fanny DPO has assigned you an action at" in text
    assert "What to do:" in text


def test_scanner_sentences_are_translated_from_their_templates(app):
    values = {"name": "Google Analytics", "company": "Google", "country": "VS", "days": "12", "not_after": "2027-01-01"}
    with app.test_request_context(headers={"Accept-Language": "fr-BE"}):
        for code, (_severity, *texts) in FINDING_TEXTS.items():
            for part, template in zip(("title", "risk", "fix"), texts, strict=True):
                dutch = template.format_map(
                    {**values, "missing": "Secure", "headers": "Referrer-Policy"}
                    | {"categories": "e-mailadres", "tokens": "email"}
                )
                french = scan_text(code, part, dutch)
                assert french != dutch, (code, part)
        french = scan_text("tracker_on_form_page", "title", "Google Analytics op een pagina met een formulier")
        assert french == "Google Analytics sur une page avec un formulaire"
        # A sentence the engine no longer writes is shown as stored.
        assert scan_text("hsts_missing", "title", "Iets anders") == "Iets anders"


def test_seeded_lists_speak_the_readers_language(app, client, login, checked):
    org, dpo, admin, _finding = checked
    login(dpo)
    page = client.get(f"/o/{org.slug}/lijsten/").get_data(as_text=True)
    assert "Données d&#39;identification" in page and "Habitants" in page and "Services internes" in page
    assert "Identificatiegegevens" not in page
    client.post("/logout")
    login(admin)
    page = client.get(f"/o/{org.slug}/lijsten/").get_data(as_text=True)
    assert "Identification data" in page and "Residents" in page


def test_the_verification_note_follows_the_reader(app, client, login, checked):
    from lokaal_avg.register import services as register
    from lokaal_avg.register.models import ProcessingActivity
    from tests.remediation.helpers import complete

    org, dpo, _admin, finding = checked
    login(dpo)
    client.post(f"/o/{org.slug}/acties/bevindingen/{finding.id}/actie")
    with app.app_context():
        fresh = db.session.get(Organisation, org.id)
        activity = db.session.get(ProcessingActivity, finding.activity_id)
        register.update_activity(fresh, None, None, activity, complete(org.id))
        run_register_check(fresh)
        db.session.commit()
        [action] = actions_of(org.id)
    assert action.status == "geverifieerd"
    page = client.get(f"/o/{org.slug}/acties/{action.id}").get_data(as_text=True)
    verification = page[page.index('id="bewijs-kop"') :].split("</section>")[0]
    assert "le problème ne se présente plus." in verification
    assert "het probleem komt niet meer voor" not in verification  # (the audit trail below keeps the record)


def test_scan_status_messages_are_translated_with_their_detail(app):
    from lokaal_avg.remediation.finding_texts import scan_status_text
    from lokaal_avg.scanner.result import status_message

    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert scan_status_text(status_message("ok")) == "The page was fetched and analysed."
        assert scan_status_text(status_message("http_error", 503, "Service Unavailable")) == (
            "The server responded with an error code (HTTP 503). (Service Unavailable)"
        )
        assert scan_status_text("Iets anders") == "Iets anders"
