"""Three interface languages: Dutch first, French (fr-BE) and English, chosen per user or by the browser."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("header", "lang", "button"),
    [
        ("fr-BE,fr;q=0.9,nl;q=0.5", "fr-BE", "Se connecter"),
        ("fr-FR", "fr-BE", "Se connecter"),
        ("en-GB,en;q=0.8", "en", "Log in"),
        ("nl-BE", "nl-BE", "Aanmelden"),
        ("de-DE", "nl-BE", "Aanmelden"),
    ],
)
def test_the_login_page_follows_the_browser(client, header, lang, button):
    page = client.get("/login", headers={"Accept-Language": header}).get_data(as_text=True)
    assert f'<html lang="{lang}">' in page
    assert button in page


def test_a_choice_on_the_login_page_beats_the_browser(client):
    client.post("/taal/nl_BE")
    page = client.get("/login", headers={"Accept-Language": "fr-BE"}).get_data(as_text=True)
    assert '<html lang="nl-BE">' in page
    client.post("/taal/fr_BE")
    page = client.get("/login", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Se connecter" in page and "Mot de passe" in page
    assert client.post("/taal/de").status_code == 404


def test_wrong_password_is_refused_in_french(client, create_user):
    user = create_user()
    response = client.post(
        "/login", data={"email": user.email, "password": "faux"}, headers={"Accept-Language": "fr-BE"}
    )
    assert "Adresse e-mail inconnue ou mot de passe erroné." in response.get_data(as_text=True)


def test_a_user_chooses_french_in_the_profile_and_keeps_it(client, login, create_org, create_user, create_activity):
    org = create_org()
    user = create_user(org=org, role="beheerder")
    create_activity(org, name="Bibliotheek", department="Vrije tijd")
    login(user)
    profile = client.get("/profiel").get_data(as_text=True)
    assert 'value="fr_BE"' in profile and "Français" in profile

    client.post("/profiel", data={"name": user.name, "locale": "fr_BE", "save_profile": "1"})
    page = client.get(f"/o/{org.slug}/register/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="fr-BE">' in page
    assert "Registre des activités de traitement" in page
    assert "Bibliotheek" in page  # what users typed stays as typed
    # French plural rule: 0 and 1 take the singular.
    assert "1 traitement trouvé." in page

    client.post("/logout")
    login(user)
    assert '<html lang="fr-BE">' in client.get("/profiel").get_data(as_text=True)

    client.post("/profiel", data={"name": user.name, "locale": "en", "save_profile": "1"})
    assert "Register of processing activities" in client.get(f"/o/{org.slug}/register/").get_data(as_text=True)


def test_an_unknown_language_is_refused_in_the_profile(client, login, create_user):
    user = create_user()
    login(user)
    response = client.post("/profiel", data={"name": user.name, "locale": "de", "save_profile": "1"})
    assert response.status_code == 200
    assert "Uw profiel is bewaard." not in response.get_data(as_text=True)
