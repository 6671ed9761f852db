"""`flask --app app scan URL [--json]` and `flask --app app scan --org SLUG`."""

from __future__ import annotations

import json

from sqlalchemy import select

from lokaal_avg.core.extensions import db
from lokaal_avg.remediation.models import Finding
from lokaal_avg.scanning.models import Scan
from tests.scanning_app.site import contact_page

DOCUMENTED_KEYS = [
    "schema_version",
    "url",
    "final_url",
    "status",
    "status_message",
    "http_status",
    "content_type",
    "scanned_at",
    "duration_ms",
    "https",
    "redirect_to_https",
    "redirect_chain",
    "hsts",
    "certificate",
    "forms",
    "form_count",
    "forms_truncated",
    "mixed_content",
    "third_parties",
    "cookies",
    "headers",
    "findings",
    "javascript_executed",
    "evidence",
]


def test_scan_url_json_is_the_documented_result(runner, site, unique_path):
    url = site.page(unique_path, contact_page(action="http://127.0.0.1:9/verwerk", tracker=True))
    result = runner.invoke(args=["scan", url, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data) == DOCUMENTED_KEYS
    assert data["url"] == url and data["status"] == "ok" and data["javascript_executed"] is False
    form = data["forms"][0]
    assert form["insecure_action"] is True and form["resolved_action"] == "http://127.0.0.1:9/verwerk"
    assert {f["category"] for f in form["fields"]} >= {"identificatie", "contact", "rijksregisternummer"}
    assert {f["code"] for f in data["findings"]} >= {"no_https", "form_posts_http", "tracker_on_form_page"}
    assert data["third_parties"][0]["tracker"] == "Google Tag Manager"


def test_scan_url_prints_a_readable_dutch_summary(runner, site, unique_path):
    url = site.page(unique_path, contact_page(action="http://127.0.0.1:9/verwerk"))
    result = runner.invoke(args=["scan", url])
    assert result.exit_code == 0, result.output
    for text in (
        f"Scan van {url}",
        "Status: geslaagd",
        "HTTPS beschikbaar: nee",
        "HSTS: ontbreekt",
        "Formulier 1: POST http://127.0.0.1:9/verwerk  ONVEILIG: verstuurt via http",
        "Rijksregisternummer: rijksregisternummer",
        "[kritiek] Formulier verstuurt persoonsgegevens onversleuteld (http)",
        "geen JavaScript",
    ):
        assert text in result.output, text


def test_invalid_input_exits_non_zero_with_a_clear_message(runner):
    result = runner.invoke(args=["scan", "ftp://files.example/form"])
    assert result.exit_code == 2 and "Ongeldig adres" in result.output
    result = runner.invoke(args=["scan", "ftp://files.example/form", "--json"])
    assert result.exit_code == 2 and json.loads(result.output)["status"] == "invalid_url"
    result = runner.invoke(args=["scan"])
    assert result.exit_code == 2 and "Geef een webadres" in result.output
    result = runner.invoke(args=["scan", "--org", "bestaat-niet"])
    assert result.exit_code == 2 and "Onbekende organisatie" in result.output
    result = runner.invoke(args=["scan", "https://x.example", "--org", "iets"])
    assert result.exit_code == 2


def test_unreachable_page_exits_1(runner):
    result = runner.invoke(args=["scan", "http://127.0.0.1:9/"])  # discard port: nothing listens
    assert result.exit_code == 1
    assert "geen verbinding" in result.output


def test_the_ssrf_guard_holds_unless_lifted(app, runner, site, unique_path, monkeypatch):
    url = site.page(unique_path, contact_page())
    monkeypatch.setitem(app.config, "SCAN_ALLOW_PRIVATE", False)
    result = runner.invoke(args=["scan", url, "--json"])
    assert result.exit_code == 1 and json.loads(result.output)["status"] == "blocked_private_address"


def test_scan_org_scans_stores_and_reports_progress(app, runner, create_org, create_channel, site, unique_path):
    org = create_org()
    first = create_channel(org, name="Contactformulier", url=site.page(f"{unique_path}/a", contact_page()))
    second = create_channel(org, name="Meldpunt", url=site.page(f"{unique_path}/b", contact_page(tracker=True)))
    create_channel(org, name="Balie", kind="balie", url=None)
    result = runner.invoke(args=["scan", "--org", org.slug])
    assert result.exit_code == 0, result.output
    assert f"{org.name}: 2 kanalen worden gescand" in result.output
    assert "[1/2]" in result.output and "[2/2]" in result.output
    assert "Klaar: 2 kanalen gescand" in result.output
    with app.app_context():
        scans = db.session.scalars(select(Scan).where(Scan.organisation_id == org.id)).all()
        trackers = db.session.scalars(
            select(Finding).where(Finding.channel_id == second.id, Finding.code == "tracker_on_form_page")
        ).all()
    assert {s.channel_id for s in scans} == {first.id, second.id}
    assert len(trackers) == 1


def test_scan_org_without_channels(runner, create_org):
    org = create_org()
    result = runner.invoke(args=["scan", "--org", org.slug])
    assert result.exit_code == 0 and "geen actieve kanalen" in result.output
