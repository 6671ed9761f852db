"""Scanning a channel from the UI against real pages on 127.0.0.1: scan, suggestions, findings, re-scans."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from lokaal_avg.channels.models import Channel, ChannelField
from lokaal_avg.core.extensions import db
from lokaal_avg.core.messages import render
from lokaal_avg.jobs.models import Job
from lokaal_avg.remediation.models import Action, Finding
from lokaal_avg.scanning.models import Scan
from tests.fixtures.channels import category_id
from tests.scanning_app.site import contact_page


def scan_now(client, org, channel) -> str:
    """Press 'Nu scannen' (eager jobs in tests) and return the job page."""
    response = client.post(f"/o/{org.slug}/kanalen/{channel.id}/scannen")
    assert response.status_code == 302 and "/taken/" in response.headers["Location"]
    return client.get(response.headers["Location"]).get_data(as_text=True)


def latest_id(channel_id: int) -> int:
    return db.session.scalar(select(func.max(Scan.id)).where(Scan.channel_id == channel_id))


def open_codes(channel_id: int) -> set[str]:
    return set(
        db.session.scalars(select(Finding.code).where(Finding.channel_id == channel_id, Finding.resolved.is_(False)))
    )


def test_scanning_a_form_page_stores_scan_suggestions_and_findings(
    app, client, login, create_org, create_user, create_channel, create_activity, site, unique_path
):
    url = site.page(unique_path, contact_page(action="http://127.0.0.1:9/verwerk", tracker=True))
    org = create_org()
    with app.app_context():
        ident = category_id(org.id, "identificatie")
    activity = create_activity(org, name="Contactformulieren", data_categories=[ident])
    channel = create_channel(org, url=url, activities=[activity.id])
    login(create_user(org=org, role="beheerder"))
    job_page = scan_now(client, org, channel)
    assert "Klaar." in job_page and "Resultaat bekijken" in job_page
    with app.app_context():
        job = db.session.scalars(select(Job).where(Job.organisation_id == org.id)).one()
        assert job.kind == "scan_channels" and job.state == "klaar"
        scan = db.session.scalars(select(Scan).where(Scan.channel_id == channel.id)).one()
        assert scan.status == "ok" and scan.job_id == job.id and scan.https_ok is False
        assert scan.critical >= 2  # no https, and the form posts over http
        fields = {
            f.label: f for f in db.session.scalars(select(ChannelField).where(ChannelField.channel_id == channel.id))
        }
        assert set(fields) == {"Voornaam", "Familienaam", "E-mailadres", "Rijksregisternummer", "Uw vraag"}
        email = fields["E-mailadres"]
        assert (email.source, email.confirmed, email.detected_category, email.detection_method) == (
            "scan",
            False,
            "contact",
            "type",
        )
        assert email.data_category.code == "contact"
        codes = open_codes(channel.id)
        # The scanner's findings ...
        assert {"no_https", "form_posts_http", "tracker_on_form_page", "autocomplete_missing"} <= codes
        # ... and the register gaps, from the detected (not yet confirmed) fields.
        assert {"category_undeclared", "national_number_without_basis"} <= codes
        assert all(
            f.scan_id == scan.id for f in db.session.scalars(select(Finding).where(Finding.channel_id == channel.id))
        )
    # The result page links from the job page.
    result = client.get(f"/o/{org.slug}/kanalen/{channel.id}/laatste-scan")
    assert result.headers["Location"].endswith(f"/scans/{scan.id}")


def test_confirming_and_correcting_suggestions(
    app, client, login, create_org, create_user, create_channel, site, unique_path
):
    url = site.page(unique_path, contact_page())
    org = create_org()
    channel = create_channel(org, url=url)
    login(create_user(org=org, role="functionaris"))
    scan_now(client, org, channel)
    page = client.get(f"/o/{org.slug}/kanalen/{channel.id}").get_data(as_text=True)
    assert "velden gevonden door een scan" in page and "Bevestigen zoals gekozen" in page
    with app.app_context():
        fields = {
            f.label: f for f in db.session.scalars(select(ChannelField).where(ChannelField.channel_id == channel.id))
        }
        choices = {f"categorie-{f.id}": f.data_category_id or 0 for f in fields.values()}
        # Correct two: the question is free text, the national number field "is really" an identity document.
        choices[f"categorie-{fields['Uw vraag'].id}"] = 0
        document = category_id(org.id, "identiteitsdocument")
        choices[f"categorie-{fields['Rijksregisternummer'].id}"] = document
    response = client.post(f"/o/{org.slug}/kanalen/{channel.id}/velden/bevestigen", data=choices)
    assert response.status_code == 302
    with app.app_context():
        fields = {
            f.label: f for f in db.session.scalars(select(ChannelField).where(ChannelField.channel_id == channel.id))
        }
        assert all(f.confirmed for f in fields.values())
        assert fields["Uw vraag"].data_category_id is None
        assert fields["Rijksregisternummer"].data_category_id == document
        assert fields["Rijksregisternummer"].detected_category == "rijksregisternummer"  # what the scanner said stays
        assert fields["Voornaam"].data_category.code == "identificatie"
    # A later scan does not overwrite a confirmed choice.
    scan_now(client, org, channel)
    with app.app_context():
        field = db.session.get(ChannelField, fields["Rijksregisternummer"].id)
        assert field.data_category_id == document and field.confirmed
    page = client.get(f"/o/{org.slug}/kanalen/{channel.id}").get_data(as_text=True)
    assert "Bevestigen zoals gekozen" not in page


def test_a_category_outside_the_organisation_is_refused(
    app, client, login, create_org, create_user, create_channel, site, unique_path
):
    url = site.page(unique_path, contact_page())
    org, other = create_org(), create_org()
    channel = create_channel(org, url=url)
    login(create_user(org=org, role="beheerder"))
    scan_now(client, org, channel)
    with app.app_context():
        field = db.session.scalars(select(ChannelField).where(ChannelField.channel_id == channel.id)).first()
        foreign = category_id(other.id, "contact")
    response = client.post(
        f"/o/{org.slug}/kanalen/{channel.id}/velden/bevestigen", data={f"categorie-{field.id}": foreign}
    )
    assert response.status_code == 400


def test_rescan_of_the_fixed_page_resolves_findings_verifies_the_action_and_shows_what_changed(
    app, client, login, create_org, create_user, create_channel, site, unique_path
):
    url = site.page(unique_path, contact_page(action="http://127.0.0.1:9/verwerk", tracker=True))
    org = create_org()
    channel = create_channel(org, url=url)
    login(create_user(org=org, role="beheerder"))
    scan_now(client, org, channel)
    with app.app_context():
        insecure = db.session.scalars(
            select(Finding).where(Finding.channel_id == channel.id, Finding.code == "form_posts_http")
        ).one()
        action = Action(
            organisation_id=org.id,
            title="Formulier via https laten versturen",
            finding_id=insecure.id,
            channel_id=channel.id,
            status="uitgevoerd",
        )
        db.session.add(action)
        db.session.commit()
        action_id, finding_id = action.id, insecure.id
    # The webmaster fixes the form: https action, no tracker, autocomplete tokens; one field removed, one added.
    fixed = contact_page(action="https://127.0.0.1:9/verwerk", autocomplete=True).replace(
        '<label for="rr">Rijksregisternummer</label><input id="rr" name="rijksregisternummer">',
        '<label for="gsm">Gsm-nummer</label><input id="gsm" name="gsm" type="tel" autocomplete="tel">',
    )
    site.page(unique_path, fixed)
    scan_now(client, org, channel)
    with app.app_context():
        assert db.session.get(Finding, finding_id).resolved
        action = db.session.get(Action, action_id)
        assert action.status == "geverifieerd" and action.verified_at is not None
        assert render(action.verification_evidence["note"]).startswith(f"Scan #{latest_id(channel.id)} van ")
        assert action.verification_evidence["finding"] == "form_posts_http"
        codes = open_codes(channel.id)
        assert "form_posts_http" not in codes and "tracker_on_form_page" not in codes
        assert "no_https" in codes  # the loopback site still has no TLS
        gone = db.session.scalars(
            select(ChannelField).where(
                ChannelField.channel_id == channel.id, ChannelField.label == "Rijksregisternummer"
            )
        ).one()
        assert gone.still_present is False
        latest = db.session.scalars(select(Scan).where(Scan.channel_id == channel.id).order_by(Scan.id.desc())).first()
    page = client.get(f"/o/{org.slug}/scans/{latest.id}").get_data(as_text=True)
    changed = page[page.index("Wat is er veranderd") : page.index('id="bevindingen"')]
    assert "Opgeloste bevindingen" in changed
    assert "Formulier verstuurt persoonsgegevens onversleuteld (http)" in changed
    assert "Google Tag Manager" in changed or "googletagmanager" in changed.lower()
    assert "Velden die verdwenen zijn" in changed and "Rijksregisternummer" in changed
    assert "Nieuwe velden op het formulier" in changed and "Gsm-nummer" in changed
    channel_page = client.get(f"/o/{org.slug}/kanalen/{channel.id}").get_data(as_text=True)
    assert "niet meer aanwezig bij de laatste scan" in channel_page
    # The old form comes back: the same finding reopens, and so does its action.
    site.page(unique_path, contact_page(action="http://127.0.0.1:9/verwerk"))
    scan_now(client, org, channel)
    with app.app_context():
        assert not db.session.get(Finding, finding_id).resolved
        assert db.session.get(Action, action_id).status == "open"
        latest = db.session.get(Scan, latest_id(channel.id))
    page = client.get(f"/o/{org.slug}/scans/{latest.id}").get_data(as_text=True)
    assert "Teruggekeerde bevindingen" in page and "Velden die terug zijn" in page


def test_many_rescans_never_duplicate_findings(
    app, client, login, create_org, create_user, create_channel, site, unique_path
):
    url = site.page(unique_path, contact_page(action="http://127.0.0.1:9/verwerk", tracker=True))
    org = create_org()
    channel = create_channel(org, url=url)
    login(create_user(org=org, role="beheerder"))
    scan_now(client, org, channel)
    with app.app_context():
        first = db.session.scalar(select(func.count()).select_from(Finding).where(Finding.channel_id == channel.id))
    for _ in range(4):
        scan_now(client, org, channel)
    with app.app_context():
        total = db.session.scalar(select(func.count()).select_from(Finding).where(Finding.channel_id == channel.id))
        fields = db.session.scalar(
            select(func.count()).select_from(ChannelField).where(ChannelField.channel_id == channel.id)
        )
        scans = db.session.scalars(select(Scan).where(Scan.channel_id == channel.id).order_by(Scan.id)).all()
    assert total == first and fields == 5 and len(scans) == 5
    assert scans[-1].changes["new"] == [] and scans[-1].changes["resolved"] == []
    page = client.get(f"/o/{org.slug}/scans/{scans[-1].id}").get_data(as_text=True)
    assert "Niets veranderd" in page


def test_a_failed_scan_resolves_nothing(app, client, login, create_org, create_user, create_channel, site, unique_path):
    url = site.page(unique_path, contact_page(action="http://127.0.0.1:9/verwerk"))
    org = create_org()
    channel = create_channel(org, url=url)
    login(create_user(org=org, role="beheerder"))
    scan_now(client, org, channel)
    with app.app_context():
        before = open_codes(channel.id)
    assert "form_posts_http" in before
    site.page(unique_path, "<h1>Onderhoud</h1>", status=503)  # the site is down for maintenance
    scan_now(client, org, channel)
    with app.app_context():
        after = open_codes(channel.id)
        fields = db.session.scalars(select(ChannelField).where(ChannelField.channel_id == channel.id)).all()
    assert before <= after  # nothing "fixed" by a maintenance page
    assert "scan_failed" in after
    assert all(f.still_present for f in fields)
    page = client.get(f"/o/{org.slug}/kanalen/{channel.id}/laatste-scan", follow_redirects=True).get_data(as_text=True)
    assert "niet volledig geanalyseerd" in page and "HTTP 503" in page


def test_scan_result_page_shows_the_evidence_in_dutch(
    app, client, login, create_org, create_user, create_channel, site, unique_path
):
    page_html = contact_page(action="http://127.0.0.1:9/verwerk", tracker=True)
    url = site.page(
        unique_path,
        page_html,
        headers=[("Set-Cookie", "sessie=geheim123; Path=/"), ("X-Frame-Options", "DENY")],
    )
    org = create_org()
    channel = create_channel(org, url=url)
    login(create_user(org=org, role="lezer"))
    with app.app_context():
        from lokaal_avg.organisations.models import Organisation
        from lokaal_avg.scanning.services import record_scan, run_engine, scan_settings

        fresh = db.session.get(Organisation, org.id)
        scan = record_scan(fresh, db.session.get(Channel, channel.id), run_engine(url, scan_settings()))
        db.session.commit()
    page = client.get(f"/o/{org.slug}/scans/{scan.id}").get_data(as_text=True)
    for text in (
        "er werd geen JavaScript uitgevoerd",
        "HTTPS beschikbaar",
        "Het http-adres stuurt door naar https",
        "HSTS (Strict-Transport-Security)",
        "Doorverwijzingen",
        "Geen certificaat",
        "Formulier 1",
        "verstuurt onversleuteld (http)",
        "http://127.0.0.1:9/verwerk",
        "POST",
        "Rijksregisternummer of INSZ",  # the organisation's name of the detected category
        "herkend aan het veldtype",
        "ontbreekt</span> — voorstel <code>given-name</code>",
        "WCAG 1.3.5",
        "www.googletagmanager.com",
        "Google Tag Manager",
        "<code>sessie</code>",
        "Content-Security-Policy",
        "<code>DENY</code>",
        "Dit is de eerste scan van dit kanaal",
        "Wat te doen:",
    ):
        assert text in page, text
    assert "geheim123" not in page  # cookie values are never stored or shown
    assert re.search(r"badge text-bg-danger\">Kritiek</span>", page)
    raw = client.get(f"/o/{org.slug}/scans/{scan.id}.json")
    assert raw.mimetype == "application/json" and raw.json["url"] == url


def test_https_page_with_a_trusted_certificate(
    app, client, login, create_org, create_user, create_channel, tls_site, trust_test_ca, unique_path
):
    url = tls_site.page(
        unique_path,
        contact_page(autocomplete=True),
        headers=[("Strict-Transport-Security", "max-age=31536000; includeSubDomains")],
    )
    org = create_org()
    channel = create_channel(org, url=url)
    login(create_user(org=org, role="beheerder"))
    scan_now(client, org, channel)
    with app.app_context():
        scan = db.session.scalars(select(Scan).where(Scan.channel_id == channel.id)).one()
        assert scan.https_ok is True
        codes = open_codes(channel.id)
    assert "no_https" not in codes and "cert_invalid" not in codes and "hsts_missing" not in codes
    listing = client.get(f"/o/{org.slug}/kanalen/").get_data(as_text=True)
    assert 'badge text-bg-success">ja' in listing
    page = client.get(f"/o/{org.slug}/scans/{scan.id}").get_data(as_text=True)
    assert "Uitgegeven door" in page and "Testing CA" in page and "TLSv1" in page
    assert re.search(r"\(nog \d+ dagen\)", page)
    assert "31536000 seconden (365 dagen)" in page


def test_editing_a_suggestion_by_hand_confirms_it(
    app, client, login, create_org, create_user, create_channel, site, unique_path
):
    url = site.page(unique_path, contact_page())
    org = create_org()
    channel = create_channel(org, url=url)
    login(create_user(org=org, role="beheerder"))
    scan_now(client, org, channel)
    with app.app_context():
        field = db.session.scalars(
            select(ChannelField).where(ChannelField.channel_id == channel.id, ChannelField.label == "Uw vraag")
        ).one()
    form = client.get(f"/o/{org.slug}/kanalen/{channel.id}/velden/{field.id}/bewerken").get_data(as_text=True)
    assert "De scanner stelde voor:" in form and "Vrije tekst en bijlagen" in form
    client.post(
        f"/o/{org.slug}/kanalen/{channel.id}/velden/{field.id}/bewerken",
        data={"label": "Uw vraag of opmerking", "data_category_id": field.data_category_id},
    )
    with app.app_context():
        field = db.session.get(ChannelField, field.id)
        assert field.confirmed and field.label == "Uw vraag of opmerking"
    scan_now(client, org, channel)  # the scanner's label does not overwrite the user's
    with app.app_context():
        assert db.session.get(ChannelField, field.id).label == "Uw vraag of opmerking"
