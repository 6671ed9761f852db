"""The stored form of a scan: stable, JSON-serialisable, loadable, deduplicable."""

from __future__ import annotations

import json

from lokaal_avg.scanner import STATUSES, ScanResult, scan_url
from lokaal_avg.scanner.result import STATUS_MESSAGES

TOP_LEVEL_KEYS = [
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


def test_to_dict_is_stable_json_and_round_trips(https_server, settings, unique_path, form_page):
    url = https_server.route(
        unique_path, form_page(action="http://x.voorbeeldegem.be/"), headers=[("Set-Cookie", "a=1")]
    )
    result = scan_url(url, settings)
    data = json.loads(json.dumps(result.to_dict()))
    assert list(data) == TOP_LEVEL_KEYS
    assert data["schema_version"] == 1 and data["javascript_executed"] is False
    assert data["scanned_at"].endswith("+00:00")
    assert set(data["forms"][0]["fields"][0]) >= {
        "name",
        "id",
        "type",
        "tag",
        "label",
        "autocomplete",
        "placeholder",
        "aria_label",
        "kind",
        "category",
        "method",
        "required",
    }
    assert set(data["findings"][0]) == {"code", "severity", "title", "risk", "fix", "key", "evidence"}
    loaded = ScanResult.from_dict(data)
    assert loaded.to_dict() == data
    assert loaded.findings[0].code == result.findings[0].code
    assert loaded.has_personal_data_form


def test_rescan_gives_the_same_finding_identities(http_server, settings, unique_path, form_page):
    url = http_server.route(unique_path, form_page(head='<script src="https://connect.facebook.net/x.js"></script>'))
    first, second = scan_url(url, settings), scan_url(url, settings)
    identities = {(f.code, f.key) for f in first.findings}
    assert identities == {(f.code, f.key) for f in second.findings}
    assert ("tracker_on_form_page", "connect.facebook.net") in identities
    assert all(f.severity in ("kritiek", "hoog", "midden", "laag") for f in first.findings)


def test_every_status_has_a_dutch_message():
    assert set(STATUSES) == set(STATUS_MESSAGES)
    assert "invalid_url" in STATUSES and "blocked_private_address" in STATUSES
