"""Organisation-wide and portfolio-wide scans as jobs, bounded concurrency, and exploring a website."""

from __future__ import annotations

from sqlalchemy import select

from lokaal_avg.accounts import members
from lokaal_avg.channels.models import Channel
from lokaal_avg.core.extensions import db
from lokaal_avg.jobs.models import Job
from lokaal_avg.scanning.models import Scan
from tests.scanning_app.site import contact_page


def test_scan_all_channels_of_an_organisation_with_bounded_concurrency(
    app, client, login, create_org, create_user, create_channel, site, unique_path, monkeypatch
):
    monkeypatch.setitem(app.config, "SCAN_CONCURRENCY", 2)
    org = create_org()
    web = [
        create_channel(org, name=f"Formulier {n}", url=site.page(f"{unique_path}/{n}", contact_page(), delay=0.3))
        for n in range(5)
    ]
    create_channel(org, name="Onthaal telefoon", kind="telefoon", url=None)
    retired = create_channel(org, name="Oud formulier", url=site.page(f"{unique_path}/oud", contact_page()))
    login(create_user(org=org, role="functionaris"))
    client.post(f"/o/{org.slug}/kanalen/{retired.id}/deactiveren")
    site.reset_peak()
    response = client.post(f"/o/{org.slug}/kanalen/scannen")
    job_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "5 kanalen gescand" in job_page
    assert site.peak == 2  # never more than SCAN_CONCURRENCY pages fetched at once, and really in parallel
    with app.app_context():
        scanned = set(db.session.scalars(select(Scan.channel_id).where(Scan.organisation_id == org.id)))
        job = db.session.scalars(select(Job).where(Job.organisation_id == org.id)).one()
    assert scanned == {c.id for c in web}
    assert job.state == "klaar" and job.progress_done == job.progress_total == 5
    assert job.result["url"] == f"/o/{org.slug}/kanalen/"
    listing = client.get(f"/o/{org.slug}/kanalen/").get_data(as_text=True)
    assert listing.count("geslaagd") == 5 and "niet scanbaar" in listing


def test_portfolio_scan_covers_only_organisations_the_user_serves_as_functionaris(
    app, client, login, create_org, create_user, create_channel, site, unique_path
):
    from lokaal_avg.organisations.models import Organisation

    served_a, served_b, admin_only = create_org(), create_org(), create_org()
    dpo = create_user(org=served_a, role="functionaris")
    with app.app_context():
        members.add_member(db.session.get(Organisation, served_b.id), None, dpo.email, None, "functionaris", [])
        members.add_member(db.session.get(Organisation, admin_only.id), None, dpo.email, None, "beheerder", [])
        db.session.commit()
    channels = {
        org.id: create_channel(org, url=site.page(f"{unique_path}/{org.slug}", contact_page()))
        for org in (served_a, served_b, admin_only)
    }
    login(dpo)
    assert "Scan alle organisaties" in client.get("/portfolio").get_data(as_text=True)
    response = client.post("/portfolio/scan")
    assert response.status_code == 302
    job_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 kanalen gescand" in job_page
    with app.app_context():
        job = db.session.scalars(select(Job).where(Job.kind == "scan_portfolio")).one()
        scanned = set(db.session.scalars(select(Scan.channel_id)))
    assert job.organisation_id is None and job.created_by_id == dpo.id
    assert scanned == {channels[served_a.id].id, channels[served_b.id].id}
    # Another member of the same organisation does not see this cross-organisation job.
    client.post("/logout")
    login(create_user(org=served_a, role="beheerder"))
    assert client.get(f"/taken/{job.id}").status_code == 404


def test_portfolio_scan_is_for_functionarissen_and_needs_a_csrf_token(client, login, create_org, create_user):
    org = create_org()
    login(create_user(org=org, role="beheerder"))
    assert client.post("/portfolio/scan").status_code == 404
    client.post("/logout")
    login(create_user(org=org, role="functionaris"))
    assert client.post("/portfolio/scan", csrf=False).status_code == 400


def test_scanning_rights_follow_the_channel(client, login, create_org, create_user, create_channel, department_id):
    org = create_org()
    own = create_channel(org, department_id=department_id(org, "Vrije tijd"), url="http://127.0.0.1:9/a")
    other = create_channel(org, department_id=department_id(org, "Burgerzaken"), url="http://127.0.0.1:9/b")
    phone = create_channel(org, kind="telefoon", url=None, department_id=department_id(org, "Vrije tijd"))
    login(create_user(org=org, role="medewerker", departments=("Vrije tijd",)))
    assert client.post(f"/o/{org.slug}/kanalen/{own.id}/scannen").status_code == 302
    assert client.post(f"/o/{org.slug}/kanalen/{other.id}/scannen").status_code == 403
    assert client.post(f"/o/{org.slug}/kanalen/{phone.id}/scannen").status_code == 403  # nothing to scan
    assert client.post(f"/o/{org.slug}/kanalen/scannen").status_code == 403
    assert client.get(f"/o/{org.slug}/kanalen/ontdekken").status_code == 403


def test_exploring_the_website_finds_forms_and_adds_them_as_channels(
    app, client, login, create_org, create_user, site, unique_path, monkeypatch
):
    monkeypatch.setitem(app.config, "SCAN_CRAWL_DELAY", 0)
    base = unique_path
    site.page("/robots.txt", f"User-agent: *\nDisallow: {base}/intern\n", content_type="text/plain")
    start = site.page(
        f"{base}/",
        f'<html><body><a href="{base}/contact">Contact</a> <a href="{base}/over">Over ons</a> '
        f'<a href="{base}/intern">Intranet</a></body></html>',
    )
    contact = site.page(f"{base}/contact", contact_page())
    site.page(f"{base}/over", "<html><body><p>Over de gemeente</p></body></html>")
    site.page(f"{base}/intern", contact_page())
    org = create_org(website=start)
    login(create_user(org=org, role="beheerder"))
    form_page = client.get(f"/o/{org.slug}/kanalen/ontdekken").get_data(as_text=True)
    assert start in form_page  # prefilled with the organisation's website
    response = client.post(
        f"/o/{org.slug}/kanalen/ontdekken", data={"start_url": start, "max_pages": 10, "max_depth": 2}
    )
    job_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Resultaat bekijken" in job_page
    with app.app_context():
        job = db.session.scalars(select(Job).where(Job.kind == "crawl_site")).one()
    result = client.get(f"/o/{org.slug}/kanalen/ontdekken/{job.id}").get_data(as_text=True)
    assert contact in result and "Toevoegen als kanaal" in result
    assert f"{base}/intern" not in result  # robots.txt forbids it
    assert f"{base}/over" not in result  # no form there
    assert "Rijksregisternummer of INSZ" in result
    response = client.post(
        f"/o/{org.slug}/kanalen/ontdekken/{job.id}/toevoegen", data={"url": contact, "name": "Contactformulier"}
    )
    assert response.status_code == 302
    with app.app_context():
        channel = db.session.scalars(select(Channel).where(Channel.organisation_id == org.id)).one()
        assert (channel.name, channel.kind, channel.url) == ("Contactformulier", "webformulier", contact)
    assert "al een kanaal" in client.get(f"/o/{org.slug}/kanalen/ontdekken/{job.id}").get_data(as_text=True)
    # Only pages the crawl found can be added.
    response = client.post(
        f"/o/{org.slug}/kanalen/ontdekken/{job.id}/toevoegen", data={"url": "https://elders.example/"}
    )
    assert response.status_code == 400


def test_a_second_scan_of_a_channel_being_scanned_follows_the_first(
    app, client, login, create_org, create_user, create_channel
):
    org = create_org()
    channel = create_channel(org, url="http://127.0.0.1:9/")
    other = create_channel(org, name="Ander formulier", url="http://127.0.0.1:9/ander")
    user = create_user(org=org, role="beheerder")
    with app.app_context():
        # A scan that a worker has taken but not finished yet.
        busy = Job(organisation_id=org.id, kind="scan_channels", params={"channel_ids": [channel.id]}, state="bezig")
        db.session.add(busy)
        db.session.commit()
    login(user)
    response = client.post(f"/o/{org.slug}/kanalen/{channel.id}/scannen")
    assert response.headers["Location"].startswith(f"/taken/{busy.id}")
    assert client.post(f"/o/{org.slug}/kanalen/scannen").headers["Location"].startswith(f"/taken/{busy.id}")
    # Another channel is not blocked.
    response = client.post(f"/o/{org.slug}/kanalen/{other.id}/scannen")
    assert not response.headers["Location"].startswith(f"/taken/{busy.id}")
