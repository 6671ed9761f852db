"""Transport checks against real loopback servers: HTTPS, certificates, HSTS, redirects."""

from __future__ import annotations

import json

from lokaal_avg.scanner import ScanResult, scan_url


def codes(result: ScanResult) -> set[str]:
    return {f.code for f in result.findings}


def test_valid_https_page_with_hsts(https_server, settings, unique_path, form_page):
    url = https_server.route(
        unique_path,
        form_page(),
        headers=[("Strict-Transport-Security", "max-age=63072000; includeSubDomains; preload")],
    )
    result = scan_url(url, settings)
    assert result.status == "ok", result.status_message
    assert result.https == {"available": True, "error": None}
    cert = result.certificate
    assert cert["valid"] is True and cert["hostname_matches"] is True
    assert cert["tls_version"] in ("TLSv1.2", "TLSv1.3")
    assert cert["days_remaining"] > 300 and "Untrusted" not in cert["issuer"]
    assert result.hsts == {"present": True, "max_age": 63072000, "include_subdomains": True, "preload": True}
    assert not codes(result) & {"cert_invalid", "cert_expiring", "hsts_missing", "hsts_short", "no_https"}
    assert result.javascript_executed is False
    json.dumps(result.to_dict())


def test_https_without_hsts_and_with_short_hsts(https_server, settings, unique_path, form_page):
    missing = scan_url(https_server.route(unique_path + "a", form_page()), settings)
    short = scan_url(
        https_server.route(unique_path + "b", form_page(), headers=[("Strict-Transport-Security", "max-age=3600")]),
        settings,
    )
    assert "hsts_missing" in codes(missing)
    assert "hsts_short" in codes(short) and short.hsts["max_age"] == 3600
    finding = next(f for f in missing.findings if f.code == "hsts_missing")
    assert finding.severity == "midden" and finding.key == "127.0.0.1"


def test_http_redirects_to_https(http_server, https_server, settings, unique_path, form_page):
    target = https_server.route(unique_path, form_page())
    start = http_server.redirect(unique_path, target)
    result = scan_url(start, settings)
    assert result.status == "ok"
    assert result.redirect_to_https is True
    assert result.final_url == target
    assert [hop["status"] for hop in result.redirect_chain] == [301, 200]
    assert result.https["available"] is True
    assert "no_http_redirect" not in codes(result) and "no_https" not in codes(result)


def test_plain_http_site_without_https(http_server, settings, unique_path, form_page):
    result = scan_url(http_server.route(unique_path, form_page()), settings)
    assert result.status == "ok"
    assert result.https["available"] is False and result.https["error"]
    assert result.certificate is None
    assert result.redirect_to_https is False
    assert {"no_https", "no_http_redirect", "form_posts_http"} <= codes(result)
    no_https = next(f for f in result.findings if f.code == "no_https")
    assert no_https.severity == "kritiek" and no_https.title and no_https.risk and no_https.fix


def test_https_page_http_version_not_reachable(https_server, settings, unique_path, form_page):
    # On a non-default port the http version is the same port, which speaks only TLS.
    result = scan_url(https_server.route(unique_path, form_page()), settings)
    assert result.redirect_to_https is None
    assert "no_http_redirect" not in codes(result)


def test_form_posting_to_http_from_https_page(https_server, settings, unique_path, form_page):
    page = form_page(action="http://formulieren.voorbeeldegem.be/post")
    result = scan_url(https_server.route(unique_path, page), settings)
    form = result.forms[0]
    assert form.insecure_action is True
    assert form.resolved_action == "http://formulieren.voorbeeldegem.be/post"
    finding = next(f for f in result.findings if f.code == "form_posts_http")
    assert finding.severity == "kritiek"
    assert finding.key == "http://formulieren.voorbeeldegem.be/post"
    assert finding.evidence["categories"] == ["contact", "identificatie"]


def test_expired_certificate_is_flagged_and_page_still_analysed(servers, settings, unique_path, form_page):
    url = servers["expired"].route(unique_path, form_page())
    result = scan_url(url, settings)
    assert result.status == "ok"
    assert result.certificate["valid"] is False
    assert result.certificate["error_reason"] == "expired"
    assert result.certificate["days_remaining"] < 0
    assert "cert_invalid" in codes(result)
    assert result.forms and result.forms[0].categories == {"identificatie", "contact"}


def test_self_signed_certificate(servers, settings, unique_path, form_page):
    url = servers["self_signed"].route(unique_path, form_page()).replace("127.0.0.1", "localhost")
    result = scan_url(url, settings)
    assert result.status == "ok"
    assert result.certificate["error_reason"] == "self_signed"
    assert result.certificate["subject"] == result.certificate["issuer"] == "CN=localhost"
    assert "cert_invalid" in codes(result)


def test_certificate_for_another_host(servers, settings, unique_path, form_page):
    url = servers["wrong_host"].route(unique_path, form_page()).replace("127.0.0.1", "localhost")
    result = scan_url(url, settings)
    assert result.certificate["error_reason"] == "hostname_mismatch"
    assert result.certificate["hostname_matches"] is False
    finding = next(f for f in result.findings if f.code == "cert_invalid")
    assert finding.evidence["host"] == "localhost" and finding.severity == "kritiek"


def test_certificate_from_untrusted_issuer(servers, settings, unique_path, form_page):
    result = scan_url(servers["untrusted"].route(unique_path, form_page()), settings)
    assert result.certificate["error_reason"] == "untrusted_issuer"
    assert result.certificate["hostname_matches"] is True


def test_certificate_expiring_within_30_days(servers, settings, unique_path, form_page):
    result = scan_url(servers["expiring"].route(unique_path, form_page()), settings)
    assert result.certificate["valid"] is True
    assert 9 <= result.certificate["days_remaining"] <= 10
    finding = next(f for f in result.findings if f.code == "cert_expiring")
    assert finding.severity == "midden" and "10 dagen" in finding.title


def test_mixed_content_active_and_passive(https_server, settings, unique_path, form_page):
    body = (
        '<script src="http://cdn.voorbeeldegem.be/app.js"></script>'
        '<img src="http://127.0.0.1/logo.png"><iframe src="http://kaart.example/embed"></iframe>'
        '<img src="/ok.png">'
    )
    result = scan_url(https_server.route(unique_path, form_page(body=body)), settings)
    assert result.mixed_content["active"] == ["http://cdn.voorbeeldegem.be/app.js", "http://kaart.example/embed"]
    assert result.mixed_content["passive"] == ["http://127.0.0.1/logo.png"]
    severities = {f.code: f.severity for f in result.findings}
    assert severities["mixed_content_active"] == "hoog" and severities["mixed_content_passive"] == "laag"


def test_trackers_and_third_parties_on_form_page(https_server, settings, unique_path, form_page):
    head = (
        '<script async src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>'
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        "<script>(function(){var s=document.createElement('script');"
        "s.src='https://static.hotjar.com/c/hotjar-1.js';})();</script>"
    )
    body = '<img src="https://beelden.leverancier-x.be/banner.png"><a href="https://elders.be/">link</a>'
    result = scan_url(https_server.route(unique_path, form_page(head=head, body=body)), settings)
    parties = {p.host: p for p in result.third_parties}
    assert parties["www.googletagmanager.com"].tracker == "Google Tag Manager"
    assert parties["www.googletagmanager.com"].kinds == ["script"]
    assert parties["fonts.googleapis.com"].tracker == "Google Fonts"
    assert parties["static.hotjar.com"].kinds == ["inline-script"]
    assert parties["beelden.leverancier-x.be"].tracker is None
    assert "elders.be" not in parties  # a link is not a request
    trackers = {f.key for f in result.findings if f.code == "tracker_on_form_page"}
    assert trackers == {"www.googletagmanager.com", "fonts.googleapis.com", "static.hotjar.com"}
    third = [f for f in result.findings if f.code == "third_party_on_form_page"]
    assert [f.key for f in third] == ["beelden.leverancier-x.be"] and third[0].severity == "hoog"


def test_trackers_on_page_without_form_are_recorded_not_flagged(https_server, settings, unique_path):
    page = '<html><script src="https://www.google-analytics.com/analytics.js"></script><p>Nieuws</p></html>'
    result = scan_url(https_server.route(unique_path, page), settings)
    assert result.third_parties[0].tracker == "Google Analytics"
    assert "tracker_on_form_page" not in {f.code for f in result.findings}


def test_cookie_flags(https_server, settings, unique_path, form_page):
    url = https_server.route(
        unique_path,
        form_page(),
        headers=[
            ("Set-Cookie", "SESSIONID=abc; Path=/; Secure; HttpOnly; SameSite=Lax"),
            ("Set-Cookie", "tracking=1; Path=/"),
            ("Set-Cookie", "half=1; Secure; Domain=127.0.0.1"),
        ],
    )
    result = scan_url(url, settings)
    cookies = {c.name: c for c in result.cookies}
    assert cookies["SESSIONID"].secure and cookies["SESSIONID"].httponly and cookies["SESSIONID"].samesite == "Lax"
    assert cookies["half"].domain == "127.0.0.1"
    flagged = {f.key: f.evidence["missing"] for f in result.findings if f.code == "cookie_flags"}
    assert flagged == {"tracking": ["Secure", "HttpOnly", "SameSite"], "half": ["HttpOnly", "SameSite"]}


def test_security_headers(https_server, settings, unique_path, form_page):
    good = scan_url(
        https_server.route(
            unique_path + "good",
            form_page(),
            headers=[
                ("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'"),
                ("X-Content-Type-Options", "nosniff"),
                ("Referrer-Policy", "same-origin"),
            ],
        ),
        settings,
    )
    bad = scan_url(https_server.route(unique_path + "bad", form_page()), settings)
    assert good.headers["frame_ancestors"] is True
    assert good.headers["x-content-type-options"] == "nosniff"
    assert "missing_security_headers" not in codes(good)
    finding = next(f for f in bad.findings if f.code == "missing_security_headers")
    assert finding.severity == "laag" and len(finding.evidence["missing"]) == 4


def test_autocomplete_missing_finding(https_server, settings, unique_path, form_page):
    result = scan_url(https_server.route(unique_path, form_page()), settings)
    form = result.forms[0]
    assert form.fields_without_autocomplete == 2
    finding = next(f for f in result.findings if f.code == "autocomplete_missing")
    assert finding.evidence["fields"] == {"voornaam": "given-name", "email": "email"}
    assert finding.key == form.resolved_action
