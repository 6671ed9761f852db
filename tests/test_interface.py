"""What every page promises: Dutch first, English on request, no third-party requests, safe headers."""

from __future__ import annotations

import re

import pytest


@pytest.fixture
def member(client, login, create_org, create_user, create_activity):
    org = create_org()
    user = create_user(org=org, role="beheerder")
    create_activity(org, name="Bibliotheek", department="Vrije tijd")
    login(user)
    return org


PAGES = ["/", "/register/", "/catalogus/", "/verwerkers/", "/lijsten/", "/leden", "/instellingen", "/audit/"]


@pytest.mark.parametrize("page", PAGES)
def test_pages_load_nothing_from_third_parties(client, member, page):
    response = client.get(f"/o/{member.slug}{page}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for url in re.findall(r'(?:src|href|action)="([^"]+)"', html):
        assert not url.startswith(("http:", "https:", "//")), url
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_every_field_has_a_label(client, member):
    html = client.get(f"/o/{member.slug}/register/nieuw").get_data(as_text=True)
    ids = re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html)
    labelled = set(re.findall(r'<label[^>]*for="([^"]+)"', html))
    unlabelled = [i for i in ids if i not in labelled and i != "csrf_token"]
    assert not unlabelled


def test_dutch_is_the_default_and_english_is_selectable(client, member):
    page = client.get(f"/o/{member.slug}/register/").get_data(as_text=True)
    assert '<html lang="nl-BE">' in page
    assert "Verwerkingsregister" in page
    client.post("/profiel", data={"name": "Gebruiker", "locale": "en", "save_profile": "1"})
    page = client.get(f"/o/{member.slug}/register/").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Register of processing activities" in page


def test_language_choice_on_the_login_page(client):
    client.post("/taal/en")
    page = client.get("/login").get_data(as_text=True)
    assert "Log in" in page


def test_healthz_is_json_without_login(client):
    response = client.get("/healthz")
    assert response.is_json
    assert response.get_json()["database"] == "ok"
