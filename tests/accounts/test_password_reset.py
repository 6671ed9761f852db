"""Forgotten password: one answer for every address, a single-use link for an hour, sessions end."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from lokaal_avg.accounts.models import AccountToken
from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db
from tests.conftest import TEST_PASSWORD
from tests.fixtures.accounts import link_in, wait_for_mail

NEW_PASSWORD = "koffie op het gemeentehuis"


def _ask(client, email: str):
    return client.post("/wachtwoord-vergeten", data={"email": email})


def test_the_answer_is_the_same_whether_or_not_the_address_exists(app, client, create_user, smtp_server):
    user = create_user(email="bestaat@gemeente.be")
    existing, unknown = _ask(client, user.email), _ask(client, "niemand@gemeente.be")
    assert existing.status_code == unknown.status_code == 302
    assert existing.headers["Location"] == unknown.headers["Location"]
    assert existing.get_data() == unknown.get_data()
    page = client.get(existing.headers["Location"]).get_data(as_text=True)
    assert "Als er een account bestaat voor dit adres" in page
    wait_for_mail(smtp_server, user.email)
    [message] = smtp_server.received  # only the existing account gets a mail
    assert "bestaat@gemeente.be" in message["To"]


def test_a_mail_failure_reveals_nothing_either(client, create_user, no_smtp_server):
    user = create_user()
    response = _ask(client, user.email)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "kon niet verstuurd worden" not in page


def test_the_link_sets_a_new_password_once_and_ends_every_session(app, client, login, create_user, smtp_server):
    user = create_user(email="vergeetachtig@gemeente.be")
    login(user)
    other_browser = app.test_client()
    _ask(other_browser, user.email)
    [message] = wait_for_mail(smtp_server, user.email)
    assert message["Subject"] == "Nieuw wachtwoord voor lokaal_avg"
    link = link_in(smtp_server.text(message), "/wachtwoord-herstellen/")
    assert f'href="http://lokaal-avg.test{link}"' in smtp_server.html(message)
    form = other_browser.get(link)
    assert form.status_code == 200 and "vergeetachtig@gemeente.be" in form.get_data(as_text=True)
    weak = other_browser.post(link, data={"new_password": "wachtwoord123", "confirm": "wachtwoord123"})
    assert "veelgebruikte of gelekte" in weak.get_data(as_text=True)
    done = other_browser.post(link, data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD}, follow_redirects=True)
    assert "Uw wachtwoord is gewijzigd. Al uw sessies zijn afgemeld" in done.get_data(as_text=True)
    # The session that was open elsewhere is over; the old password is gone; the link is used up.
    assert client.get("/profiel").status_code == 302
    assert client.post("/login", data={"email": user.email, "password": TEST_PASSWORD}).status_code == 200
    assert client.post("/login", data={"email": user.email, "password": NEW_PASSWORD}).status_code == 302
    reused = other_browser.get(link)
    assert reused.status_code == 404 and "Deze link werkt niet (meer)" in reused.get_data(as_text=True)
    assert (
        other_browser.post(link, data={"new_password": "nog een ander wachtwoord", "confirm": "x"}).status_code == 404
    )


def test_an_expired_link_fails(app, client, create_user, smtp_server):
    user = create_user()
    _ask(client, user.email)
    link = link_in(smtp_server.text(wait_for_mail(smtp_server, user.email)[0]), "/wachtwoord-herstellen/")
    with app.app_context():
        db.session.execute(update(AccountToken).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    assert client.get(link).status_code == 404


def test_a_newer_request_does_not_revive_and_mails_are_limited(app, client, create_user, smtp_server):
    user = create_user()
    for _ in range(5):
        assert _ask(client, user.email).status_code == 302
    assert len(wait_for_mail(smtp_server, user.email, count=3)) == 3  # no mail bombing through the form
    assert client.get("/wachtwoord-herstellen/verzonnen-token").status_code == 404
