"""Signing in and out, and what a stranger can see."""

from __future__ import annotations

from sqlalchemy import select

from lokaal_avg.accounts.models import User
from lokaal_avg.core.extensions import db


def test_login_wrong_password_is_refused_in_dutch(client, create_user):
    user = create_user()
    response = client.post("/login", data={"email": user.email, "password": "verkeerd"})
    assert response.status_code == 200
    assert "Onbekend e-mailadres of verkeerd wachtwoord." in response.get_data(as_text=True)


def test_password_is_stored_as_argon2_hash(app, create_user):
    user = create_user()
    with app.app_context():
        stored = db.session.scalar(select(User.password_hash).where(User.id == user.id))
    assert stored.startswith("$argon2id$")


def test_login_is_case_insensitive_on_email_and_redirects_only_locally(client, create_user, create_org):
    org = create_org()
    user = create_user(org=org, email="Anna@Example.be")
    response = client.post(
        "/login?next=https://evil.example/",
        data={"email": "ANNA@example.be", "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/")
    assert "evil" not in response.headers["Location"]
    assert client.get(f"/o/{org.slug}/").status_code == 200
    assert user.email == "anna@example.be"


def test_anonymous_user_is_sent_to_login(client, create_org):
    org = create_org()
    response = client.get(f"/o/{org.slug}/register/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_blocked_account_cannot_log_in(app, client, create_user):
    user = create_user()
    with app.app_context():
        db.session.get(User, user.id).active = False
        db.session.commit()
    response = client.post("/login", data={"email": user.email, "password": "correct horse battery staple"})
    assert response.status_code == 200


def test_change_password_requires_current_one(client, login, create_user):
    user = create_user()
    login(user)
    bad = client.post(
        "/profiel/wachtwoord",
        data={
            "pw-current_password": "fout",
            "pw-new_password": "lente in het stadhuis",
            "pw-confirm": "lente in het stadhuis",
        },
    )
    assert "Het huidige wachtwoord klopt niet." in bad.get_data(as_text=True)
    good = client.post(
        "/profiel/wachtwoord",
        data={
            "pw-current_password": "correct horse battery staple",
            "pw-new_password": "een nieuw lang wachtwoord",
            "pw-confirm": "een nieuw lang wachtwoord",
        },
    )
    assert good.status_code == 302
    client.post("/logout")
    ok = client.post("/login", data={"email": user.email, "password": "een nieuw lang wachtwoord"})
    assert ok.status_code == 302


def test_five_wrong_passwords_lock_the_account_from_that_address_for_a_while(client, create_user):
    user = create_user()
    for _attempt in range(5):
        client.post("/login", data={"email": user.email, "password": "fout"})
    locked = client.post("/login", data={"email": user.email, "password": "correct horse battery staple"})
    assert locked.status_code == 429
    assert "Te veel mislukte pogingen" in locked.get_data(as_text=True)
