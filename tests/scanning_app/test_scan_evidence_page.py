"""The scan page shows the evidence an authority can check, and hands out the page as received."""

from __future__ import annotations

import hashlib

from lokaal_avg.core.extensions import db
from lokaal_avg.scanning.models import Scan
from tests.scanning_app.site import contact_page
from tests.scanning_app.test_scan_flow import latest_id, scan_now


def test_scan_page_shows_evidence_and_the_copy_matches_its_hash(
    app, client, login, create_org, create_user, create_channel, site, unique_path
):
    url = site.page(unique_path, contact_page(action="https://forms.vendor-elders.example/verwerk", tracker=True))
    org = create_org()
    channel = create_channel(org, url=url)
    login(create_user(org=org, role="beheerder"))
    scan_now(client, org, channel)
    with app.app_context():
        scan_id = latest_id(channel.id)
        stored = db.session.get(Scan, scan_id).result
    page = client.get(f"/o/{org.slug}/scans/{scan_id}").get_data(as_text=True)
    body = stored["evidence"]["body"]
    assert "Bewijs: wat de scanner opvroeg en ontving" in page
    assert body["sha256"] in page and "127.0.0.1" in page
    assert stored["evidence"]["scanner_version"] in page
    assert "forms.vendor-elders.example" in page and "ontvangt de ingevulde gegevens" in page
    assert "Versie van de trackerlijst" in page
    download = client.get(f"/o/{org.slug}/scans/{scan_id}/pagina")
    assert download.status_code == 200 and download.mimetype == "application/octet-stream"
    assert "attachment" in download.headers["Content-Disposition"]
    assert hashlib.sha256(download.data).hexdigest() == body["sha256"]


def test_page_copy_of_another_organisation_is_not_found(
    app, client, login, create_org, create_user, create_channel, site, unique_path
):
    url = site.page(unique_path, contact_page())
    owner, other = create_org(), create_org()
    channel = create_channel(owner, url=url)
    login(create_user(org=owner, role="beheerder"))
    scan_now(client, owner, channel)
    with app.app_context():
        scan_id = latest_id(channel.id)
    client.post("/logout")
    login(create_user(org=other, role="beheerder"))
    assert client.get(f"/o/{other.slug}/scans/{scan_id}/pagina").status_code == 404
