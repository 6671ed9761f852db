"""The demo channels of Gemeente Voorbeeldegem: realistic, linked, with real (local) scans and findings."""

from __future__ import annotations

from sqlalchemy import func, select

from lokaal_avg.accounts.models import User
from lokaal_avg.channels.models import Channel
from lokaal_avg.core.extensions import db
from lokaal_avg.demo import channels as demo
from lokaal_avg.demo.municipalities import load_demo
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.remediation.models import Finding
from lokaal_avg.scanning.models import Scan

USERS = {
    "dpo": "dpo@voorbeeldegem.be",
    "admin": "beheerder@voorbeeldegem.be",
    "staff": "medewerker@voorbeeldegem.be",
    "reader": "lezer@voorbeeldegem.be",
    "admin2": "beheerder@andersveld.be",
}


def test_demo_channels(app, client):
    with app.app_context():
        load_demo("demo-wachtwoord-voor-tests")
        org = db.session.scalars(select(Organisation).where(Organisation.slug == "voorbeeldegem")).one()
        users = {key: db.session.scalars(select(User).where(User.email == email)).one() for key, email in USERS.items()}
        # load_demo() already ran the channel part; running it again changes nothing.
        assert demo.populate(org, users) == []
        db.session.commit()
        channels = db.session.scalars(select(Channel).where(Channel.organisation_id == org.id)).all()
        assert len(channels) == 10
        assert {c.kind for c in channels} == {"webformulier", "e_loket", "email", "balie", "telefoon"}
        by_name = {c.name: c for c in channels}
        eloket = by_name["E-loket attesten en uittreksels"]
        assert eloket.vendor.name == "Loketwerk NV" and eloket.authentication == "eid_itsme"
        assert [a.catalogue_code for a in eloket.activities] == ["BZ-06"]
        scans = db.session.scalars(select(Scan).where(Scan.organisation_id == org.id)).all()
        assert len(scans) == 3 and all(
            s.note and s.url.startswith(("http://127.0.0.1", "https://127.0.0.1")) for s in scans
        )
        assert all(s.status == "ok" for s in scans), [s.result["status_message"] for s in scans]
        secure = db.session.scalars(select(Scan).where(Scan.channel_id == eloket.id)).one()
        assert secure.https_ok and secure.critical == secure.high == 0
        findings = {
            (f.channel.name, f.code)
            for f in db.session.scalars(
                select(Finding).where(
                    Finding.organisation_id == org.id, Finding.resolved.is_(False), Finding.channel_id.is_not(None)
                )
            )
        }
        assert ("Nieuwsbrief", "no_activity") in findings
        assert ("Contactformulier website", "form_posts_http") in findings
        assert ("Contactformulier website", "tracker_on_form_page") in findings
        assert ("Meldpunt openbaar domein", "tracker_on_form_page") in findings  # the embedded Google map
        assert ("Afsprakenmodule", "national_number_without_basis") in findings
        assert ("Afsprakenmodule", "category_undeclared") in findings
        assert not any(
            name == "E-loket attesten en uittreksels" and code != "category_undeclared" for name, code in findings
        )
        contact = by_name["Contactformulier website"]
        assert any(f.suggestion for f in contact.fields)  # left open to show the confirmation workflow
        assert not any(f.suggestion for f in by_name["Meldpunt openbaar domein"].fields)
        slug, contact_id, scan_id = org.slug, contact.id, secure.id
    client.post("/login", data={"email": USERS["reader"], "password": "demo-wachtwoord-voor-tests"})
    listing = client.get(f"/o/{slug}/kanalen/").get_data(as_text=True)
    assert listing.count("nog niet gescand") == 4  # the web channels without a demo page
    page = client.get(f"/o/{slug}/kanalen/{contact_id}").get_data(as_text=True)
    assert "velden gevonden door een scan" not in page  # a lezer sees no confirmation form
    assert "demo" in page
    shown = client.get(f"/o/{slug}/scans/{scan_id}").get_data(as_text=True)
    assert "Demobewijs" in shown and "alleen binnen de demo" in shown  # the demo CA is never simply "geldig"
    assert "Opgehaald adres:</span> https://127.0.0.1:" in shown  # the address really fetched
    assert "https://eloket.voorbeeldegem.be/attesten" in shown  # ... next to the channel's own address


def test_demo_channels_can_be_scanned_again(app, client):
    """Re-scanning a demo channel scans its rebuilt page again, or says why it cannot."""
    with app.app_context():
        load_demo("demo-wachtwoord-voor-tests")
        org = db.session.scalars(select(Organisation).where(Organisation.slug == "voorbeeldegem")).one()
        by_name = {c.name: c.id for c in db.session.scalars(select(Channel).where(Channel.organisation_id == org.id))}
        db.session.commit()
    client.post("/login", data={"email": USERS["dpo"], "password": "demo-wachtwoord-voor-tests"})
    for name in ("E-loket attesten en uittreksels", "Contactformulier website", "Meldpunt openbaar domein"):
        job_page = client.post(f"/o/voorbeeldegem/kanalen/{by_name[name]}/scannen", follow_redirects=True)
        assert job_page.status_code == 200
        with app.app_context():
            latest = db.session.scalars(
                select(Scan).where(Scan.channel_id == by_name[name]).order_by(Scan.id.desc())
            ).first()
            assert latest.demo and latest.status == "ok", latest.result["status_message"]
            assert latest.url.startswith(("http://127.0.0.1:", "https://127.0.0.1:"))
            assert latest.result["evidence"]["page_ip"] == "127.0.0.1"
    with app.app_context():
        before = db.session.scalar(select(func.count(Scan.id)))
    refused = client.post(f"/o/voorbeeldegem/kanalen/{by_name['Afsprakenmodule']}/scannen", follow_redirects=True)
    text = refused.get_data(as_text=True)
    assert "verzonnen adres" in text and "domeinnaam onbekend" not in text
    with app.app_context():
        assert db.session.scalar(select(func.count(Scan.id))) == before  # nothing failed, nothing stored
    everything = client.post("/o/voorbeeldegem/kanalen/scannen", follow_redirects=True).get_data(as_text=True)
    assert "3 kanalen gescand" in everything and "niet gescand" in everything
