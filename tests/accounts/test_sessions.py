"""Sessions end on the server: a copied cookie dies after logout, password change, reset, deactivation."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from lokaal_avg.accounts.models import User, UserSession
from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db
from tests.conftest import TEST_PASSWORD

COOKIE = "lokaal_avg_session"
NEW_PASSWORD = "fietsen langs de schelde"


def copy_cookie(app, source, target) -> None:
    """What a thief with the cookie value does: put it in another browser."""
    domain = app.config["SERVER_NAME"]
    target.set_cookie(COOKIE, source.get_cookie(COOKIE, domain=domain).value, domain=domain)


def signed_in(client) -> bool:
    return client.get("/profiel").status_code == 200


def test_a_copied_cookie_is_dead_after_logout(app, client, login, create_user):
    user = create_user()
    login(user)
    thief = app.test_client()
    copy_cookie(app, client, thief)
    assert signed_in(thief)  # the copy works while the session lives...
    client.post("/logout")
    assert not signed_in(client)
    response = thief.get("/profiel")
    assert response.status_code == 302 and "/login" in response.headers["Location"]  # ...and dies with it


def test_a_password_change_ends_every_other_session(app, client, login, create_user):
    user = create_user()
    login(user)
    laptop = app.test_client()
    laptop.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    thief = app.test_client()
    copy_cookie(app, laptop, thief)
    assert signed_in(laptop) and signed_in(thief)
    response = client.post(
        "/profiel/wachtwoord",
        data={"pw-current_password": TEST_PASSWORD, "pw-new_password": NEW_PASSWORD, "pw-confirm": NEW_PASSWORD},
        follow_redirects=True,
    )
    assert "Uw wachtwoord is gewijzigd. 1 andere sessie is afgemeld." in response.get_data(as_text=True)
    assert signed_in(client)  # this browser stays signed in
    assert not signed_in(laptop) and not signed_in(thief)


def test_a_password_change_needs_the_current_password_and_a_strong_new_one(client, login, create_user):
    login(create_user())
    wrong = client.post(
        "/profiel/wachtwoord",
        data={"pw-current_password": "fout", "pw-new_password": NEW_PASSWORD, "pw-confirm": NEW_PASSWORD},
    )
    assert wrong.status_code == 400 and "Het huidige wachtwoord klopt niet." in wrong.get_data(as_text=True)
    for weak, message in (("kort", "minstens 12 tekens"), ("qwerty123456", "veelgebruikte of gelekte")):
        response = client.post(
            "/profiel/wachtwoord",
            data={"pw-current_password": TEST_PASSWORD, "pw-new_password": weak, "pw-confirm": weak},
        )
        assert response.status_code == 400 and message in response.get_data(as_text=True)


def _age_sessions(app, user, **changes) -> None:
    with app.app_context():
        db.session.execute(update(UserSession).where(UserSession.user_id == user.id).values(**changes))
        db.session.commit()


def test_a_session_ends_after_the_idle_time(app, client, login, create_user):
    user = create_user()
    login(user)
    _age_sessions(app, user, last_seen_at=utcnow() - timedelta(minutes=29))
    assert signed_in(client)
    _age_sessions(app, user, last_seen_at=utcnow() - timedelta(minutes=31))
    assert not signed_in(client)


def test_the_idle_time_is_configurable(app, client, login, create_user):
    user = create_user()
    login(user)
    _age_sessions(app, user, last_seen_at=utcnow() - timedelta(minutes=20))
    app.config["SESSION_IDLE_MINUTES"] = 15
    try:
        assert not signed_in(client)
    finally:
        app.config["SESSION_IDLE_MINUTES"] = 30


def test_activity_keeps_a_session_alive_but_not_beyond_twelve_hours(app, client, login, create_user):
    user = create_user()
    login(user)
    _age_sessions(app, user, created_at=utcnow() - timedelta(hours=11, minutes=50), last_seen_at=utcnow())
    assert signed_in(client)
    _age_sessions(app, user, created_at=utcnow() - timedelta(hours=12, minutes=1), last_seen_at=utcnow())
    assert not signed_in(client)


def test_the_session_row_records_the_address_and_ends_on_logout(app, client, create_user):
    user = create_user()
    client.post(
        "/login", data={"email": user.email, "password": TEST_PASSWORD}, environ_base={"REMOTE_ADDR": "192.0.2.44"}
    )
    client.post("/logout")
    with app.app_context():
        row = db.session.scalars(select(UserSession).where(UserSession.user_id == user.id)).one()
        assert row.address == "192.0.2.44" and row.ended_at is not None
        assert db.session.get(User, user.id).last_login_at is not None


def test_the_owner_is_told_by_mail_when_the_password_changes(app, client, login, create_user, smtp_server):
    from tests.fixtures.accounts import link_in, wait_for_mail

    user = create_user(email="eigenaar@gemeente.be")
    login(user)
    client.post(
        "/profiel/wachtwoord",
        data={"pw-current_password": TEST_PASSWORD, "pw-new_password": NEW_PASSWORD, "pw-confirm": NEW_PASSWORD},
    )
    [message] = wait_for_mail(smtp_server, user.email)
    assert message["Subject"] == "Wijziging aan uw aanmelding bij lokaal_avg"
    text = smtp_server.text(message)
    assert "Het wachtwoord van uw account werd gewijzigd." in text
    assert link_in(text, "/wachtwoord-vergeten") == "/wachtwoord-vergeten"
