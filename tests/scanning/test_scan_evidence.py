"""Evidence an authority can check: hashes, a copy, addresses, headers, certificates, versions.

All against real servers on 127.0.0.1 (tests/scanning/conftest.py).
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import resource
import zlib

import pytest

from lokaal_avg.scanner import scan_url
from lokaal_avg.scanner.evidence import restore_copy
from lokaal_avg.scanner.result import SCANNER_VERSION, ScanResult

PAGE = """<!DOCTYPE html><html lang="nl"><head><title>Contact</title>
<script src="https://www.googletagmanager.com/gtag/js?id=G-1"></script></head><body>
<form method="post" action="https://forms.example-vendor.com/submit">
<label for="n">Naam</label><input id="n" name="naam">
<label for="e">E-mail</label><input id="e" name="email" type="email">
<label for="m">Uw vraag</label><textarea id="m" name="vraag"></textarea>
</form></body></html>"""


@pytest.fixture(scope="module")
def stacked_bomb() -> bytes:
    """gzip inside gzip: a few hundred bytes on the wire, 64 MiB after the second layer."""
    inner = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    layer = b"".join(inner.compress(b"\0" * (1 << 22)) for _ in range(16)) + inner.flush()
    return gzip.compress(layer, 9)


def test_page_evidence_can_be_checked_against_its_hash(https_server, settings, unique_path):
    url = https_server.route(unique_path, PAGE, headers=[("Set-Cookie", "SESSIE=geheim123; Secure; HttpOnly")])
    result = scan_url(url, settings)
    evidence = result.evidence
    assert evidence["scanner_version"] == SCANNER_VERSION
    body = evidence["body"]
    copy = restore_copy(body)
    assert copy == PAGE.encode()
    assert hashlib.sha256(copy).hexdigest() == body["sha256"] == body["wire_sha256"]
    assert evidence["page_ip"] == "127.0.0.1"
    page_request = next(r for r in evidence["requests"] if r["url"] == url)
    assert page_request["ip"] == "127.0.0.1" and page_request["status"] == 200
    headers = dict(page_request["headers"])
    assert headers["content-type"].startswith("text/html") and "server" in headers
    assert headers["set-cookie"].startswith("SESSIE=…") and "geheim123" not in str(result.to_dict())
    # The http:// probe of an https address is listed too.
    assert any(r["url"].startswith("http://") for r in evidence["requests"])


def test_certificate_fingerprint_serial_and_chain(https_server, settings, unique_path):
    result = scan_url(https_server.route(unique_path, PAGE), settings)
    cert = result.certificate
    assert cert["valid"] is True
    assert len(cert["sha256_fingerprint"].split(":")) == 32
    assert cert["serial_number"] and ":" in cert["serial_number"]
    assert cert["chain"] and cert["chain"][0]["sha256_fingerprint"] == cert["sha256_fingerprint"]
    assert cert["chain"][0]["subject"] == cert["subject"]


def test_form_posting_to_a_third_party_names_what_it_sends(https_server, settings, unique_path):
    result = scan_url(https_server.route(unique_path, PAGE), settings)
    form = result.forms[0]
    assert form.third_party_host == "forms.example-vendor.com"
    assert form.sent_categories == ["contact", "identificatie", "vrije_tekst"]
    finding = next(f for f in result.findings if f.code == "third_party_on_form_page" and "example-vendor" in f.key)
    assert finding.evidence["sent_categories"] == ["contact", "identificatie", "vrije_tekst"]
    tracker = next(p for p in result.third_parties if p.tracker)
    assert tracker.tracker_list_version == result.evidence["tracker_list_version"]
    assert result.evidence["tracker_list_version"].startswith("2026-")


def test_stored_form_survives_a_round_trip(https_server, settings, unique_path):
    result = scan_url(https_server.route(unique_path, PAGE), settings)
    again = ScanResult.from_dict(result.to_dict())
    assert again.evidence == result.evidence and again.forms[0].sent_categories == result.forms[0].sent_categories


def test_stacked_gzip_is_limited_across_layers(http_server, settings, unique_path, stacked_bomb):
    assert len(stacked_bomb) < 17_000
    url = http_server.route(unique_path, stacked_bomb, headers=[("Content-Encoding", "gzip, gzip")])
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = scan_url(url, dataclasses.replace(settings, max_bytes=1_000_000))
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert result.status == "too_large"
    assert grown_kib < 40_000  # 64 MiB decoded would show here; the budget keeps it near 1 MB


def test_stacked_gzip_within_the_limit_is_read(http_server, settings, unique_path):
    body = gzip.compress(gzip.compress(PAGE.encode()))
    url = http_server.route(unique_path, body, headers=[("Content-Encoding", "gzip, gzip")])
    result = scan_url(url, settings)
    assert result.status == "ok" and len(result.forms[0].fields) == 3
    assert result.evidence["body"]["wire_sha256"] == hashlib.sha256(body).hexdigest()
    assert result.evidence["body"]["sha256"] == hashlib.sha256(PAGE.encode()).hexdigest()


def test_unknown_encoding_is_a_clear_error(http_server, settings, unique_path):
    url = http_server.route(unique_path, b"xx", headers=[("Content-Encoding", "zstd-unknown")])
    result = scan_url(url, settings)
    assert result.status == "connect_error" and "onbekende compressie" in result.status_message


def test_page_nested_too_deeply_is_reported_not_ok(http_server, settings, unique_path):
    page = "<html><body>" + "<div>" * 400 + "<form><input name=voornaam></form>" + "</div>" * 400 + "</body></html>"
    result = scan_url(http_server.route(unique_path, page), settings)
    assert result.status == "incomplete"
    assert "te diep genest" in result.status_message
