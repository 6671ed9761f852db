"""Guessing is throttled per account and per address, without locking the real user out."""

from __future__ import annotations

import re

from tests.conftest import TEST_PASSWORD
from tests.fixtures.accounts import totp_code

ATTACKER = "203.0.113.66"
HOME = "198.51.100.20"


def _without_form_values(page: str) -> str:
    """The page without what differs per request (CSRF token) or what the visitor typed."""
    page = re.sub(r'name="csrf_token"[^>]*>', "", page)
    return re.sub(r'value="[^"]*"', "", page)


def test_fifty_wrong_passwords_from_one_address_do_not_stop_the_user_elsewhere(
    client, app, create_user, enable_two_factor, sign_in, audit_actions
):
    user = create_user(email="schepen@gemeente.be")
    secret = enable_two_factor(user)
    answers = [sign_in(user.email, f"gok nummer {i:02d}!", address=ATTACKER).status_code for i in range(50)]
    assert answers[:5] == [200] * 5 and set(answers[5:]) == {429}
    # Even the right password does not help the attacker's address now...
    assert sign_in(user.email, TEST_PASSWORD, address=ATTACKER).status_code == 429
    # ...but the real user, at home, signs in with password and second factor.
    home = app.test_client()
    response = sign_in(user.email, TEST_PASSWORD, code=totp_code(secret), address=HOME, the_client=home)
    assert response.status_code == 302 and response.headers["Location"].endswith("/")
    assert home.get("/profiel").status_code == 200
    actions = audit_actions("schepen@gemeente.be")
    assert actions.count(("sign_in_failed", ATTACKER)) == 5
    assert ("locked", ATTACKER) in actions


def test_guessing_from_many_addresses_leaves_only_the_second_factor(
    client, app, create_user, enable_two_factor, sign_in
):
    protected, plain = create_user(), create_user()
    secret = enable_two_factor(protected)
    for user in (protected, plain):
        for i in range(50):
            sign_in(user.email, f"gok {i}", address=f"203.0.113.{i // 5 + 1}")
    fresh = app.test_client()
    # Password alone no longer gets in from anywhere: the account is being guessed.
    assert sign_in(plain.email, TEST_PASSWORD, address=HOME, the_client=fresh).status_code == 429
    # With a second factor the owner still gets in.
    response = sign_in(protected.email, TEST_PASSWORD, code=totp_code(secret), address=HOME, the_client=fresh)
    assert response.status_code == 302
    assert fresh.get("/profiel").status_code == 200


def test_one_password_against_many_accounts_is_slowed_down(client, create_user, sign_in):
    users = [create_user() for _ in range(3)]
    for i in range(30):
        sign_in(f"bestaat-niet-{i}@gemeente.be", "Zomer2024!Zomer", address=ATTACKER)
    for user in users:  # the address is blocked, for real accounts too
        assert sign_in(user.email, TEST_PASSWORD, address=ATTACKER).status_code == 429
    assert sign_in(users[0].email, TEST_PASSWORD, address=HOME).status_code == 302


def test_answers_do_not_reveal_which_accounts_exist(client, create_user, sign_in):
    user = create_user(email="bestaat@gemeente.be")
    existing = sign_in(user.email, "verkeerd wachtwoord", address=ATTACKER)
    unknown = sign_in("bestaatniet@gemeente.be", "verkeerd wachtwoord", address=ATTACKER)
    assert existing.status_code == unknown.status_code == 200
    assert _without_form_values(existing.get_data(as_text=True)) == _without_form_values(unknown.get_data(as_text=True))
    for _ in range(5):
        existing = sign_in(user.email, "verkeerd wachtwoord", address=ATTACKER)
        unknown = sign_in("bestaatniet@gemeente.be", "verkeerd wachtwoord", address=ATTACKER)
    assert existing.status_code == unknown.status_code == 429
    assert _without_form_values(existing.get_data(as_text=True)) == _without_form_values(unknown.get_data(as_text=True))


def test_a_deactivated_account_gets_the_same_answer_as_a_wrong_password(app, client, create_user, sign_in):
    from lokaal_avg.accounts.models import User
    from lokaal_avg.core.extensions import db

    user = create_user()
    with app.app_context():
        db.session.get(User, user.id).active = False
        db.session.commit()
    response = sign_in(user.email, TEST_PASSWORD)
    assert response.status_code == 200
    assert "Onbekend e-mailadres of verkeerd wachtwoord." in response.get_data(as_text=True)
