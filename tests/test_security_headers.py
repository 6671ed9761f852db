"""Headers, HTTPS behind a proxy, secure cookies, and links that never come from the Host header."""

from __future__ import annotations

import pytest

from lokaal_avg import create_app
from lokaal_avg.core.mail import LOCAL_BASE_URL, external_url


def bare_app(**config):
    return create_app(
        {"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x", "ARGON2_PROFILE": "CHEAPEST", **config}
    )


def test_signed_in_pages_send_the_security_headers(client, login, create_org, create_user):
    org = create_org()
    login(create_user(org=org, role="beheerder"))
    response = client.get(f"/o/{org.slug}/register/")
    headers = response.headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in headers  # plain HTTP: no HSTS
    static = client.get("/static/css/app.css")
    assert static.headers.get("Cache-Control") != "no-store"
    static.close()


def test_behind_a_proxy_https_is_recognised_when_configured():
    trusting = bare_app(PROXY_FIX=1).test_client()
    response = trusting.get("/login", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "192.0.2.1"})
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    # Without ProxyFix the header of any client is not believed.
    naive = bare_app(PROXY_FIX=0).test_client()
    assert "Strict-Transport-Security" not in naive.get("/login", headers={"X-Forwarded-Proto": "https"}).headers


def test_cookies_are_secure_when_the_public_address_is_https(monkeypatch):
    monkeypatch.setenv("LOKAAL_AVG_BASE_URL", "https://avg.voorbeeldegem.be")
    app = bare_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    response = app.test_client().get("/login", base_url="https://avg.voorbeeldegem.be")
    assert "Secure" in response.headers["Set-Cookie"] and "HttpOnly" in response.headers["Set-Cookie"]


def test_production_refuses_to_start_without_a_base_url(monkeypatch):
    monkeypatch.setenv("LOKAAL_AVG_ENV", "production")
    monkeypatch.delenv("LOKAAL_AVG_BASE_URL", raising=False)
    with pytest.raises(RuntimeError, match="LOKAAL_AVG_BASE_URL"):
        bare_app()
    monkeypatch.setenv("LOKAAL_AVG_BASE_URL", "https://avg.voorbeeldegem.be")
    assert bare_app().config["BASE_URL"] == "https://avg.voorbeeldegem.be"


def test_links_in_mail_never_use_the_host_header():
    app = bare_app(BASE_URL="https://avg.voorbeeldegem.be")
    with app.test_request_context("/", base_url="http://evil.example"):
        assert external_url("accounts.reset_password", token="abc") == (
            "https://avg.voorbeeldegem.be/wachtwoord-herstellen/abc"
        )
    local = bare_app(BASE_URL=None)
    with local.test_request_context("/", base_url="http://evil.example"):
        assert external_url("accounts.login").startswith(LOCAL_BASE_URL)
