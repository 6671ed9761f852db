"""Two-factor sign-in: setting it up from the profile, signing in, recovery codes, switching off."""

from __future__ import annotations

import re

from lokaal_avg.accounts.models import User
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Organisation
from tests.conftest import TEST_PASSWORD
from tests.fixtures.accounts import totp_code


def set_up_through_the_screen(client) -> tuple[str, list[str]]:
    """Do what a user does: read the key from the page, type the app's code, keep the codes."""
    page = client.get("/profiel/tweestapsverificatie").get_data(as_text=True)
    assert "<svg" in page  # the QR code is drawn inline, no third party involved
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page).group(1)
    response = client.post("/profiel/tweestapsverificatie/bevestigen", data={"setup-code": totp_code(secret, -1)})
    assert response.status_code == 200, response.get_data(as_text=True)
    codes = re.findall(r"<li>([a-z2-9]{5}-[a-z2-9]{5})</li>", response.get_data(as_text=True))
    return secret, codes


def test_set_up_then_sign_in_with_a_code(app, client, login, create_user, sign_in, audit_actions):
    user = create_user()
    login(user)
    secret, codes = set_up_through_the_screen(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    client.post("/logout")
    first = sign_in(user.email, TEST_PASSWORD)
    assert first.headers["Location"].endswith("/login/tweede-stap")
    assert client.get("/profiel").status_code == 302  # not signed in before the second step
    wrong = client.post("/login/tweede-stap", data={"code": "000000"})
    assert "Deze code klopt niet" in wrong.get_data(as_text=True)
    assert client.post("/login/tweede-stap", data={"code": totp_code(secret)}).status_code == 302
    assert client.get("/profiel").status_code == 200
    assert {"two_factor_enabled", "sign_in_failed", "sign_in"} <= {a for a, _addr in audit_actions(user.name)} | {
        a for a, _addr in audit_actions(user.email)
    }


def test_a_code_works_once(app, client, create_user, enable_two_factor, sign_in):
    user = create_user()
    secret = enable_two_factor(user)
    code = totp_code(secret)
    assert sign_in(user.email, TEST_PASSWORD, code=code).status_code == 302
    client.post("/logout")
    replay = sign_in(user.email, TEST_PASSWORD, code=code)
    assert replay.status_code == 200 and "werd al gebruikt" in replay.get_data(as_text=True)


def test_a_recovery_code_works_once(app, client, login, create_user, sign_in):
    user = create_user()
    login(user)
    _secret, codes = set_up_through_the_screen(client)
    client.post("/logout")
    assert sign_in(user.email, TEST_PASSWORD, code=codes[0].upper()).status_code == 302
    assert "Nog 9 herstelcodes." in client.get("/profiel").get_data(as_text=True)
    client.post("/logout")
    assert sign_in(user.email, TEST_PASSWORD, code=codes[0]).status_code == 200


def test_five_wrong_codes_end_the_attempt(client, create_user, enable_two_factor, sign_in):
    user = create_user()
    enable_two_factor(user)
    sign_in(user.email, TEST_PASSWORD)
    for _ in range(4):
        client.post("/login/tweede-stap", data={"code": "123456"})
    last = client.post("/login/tweede-stap", data={"code": "123456"}, follow_redirects=True)
    assert "Te veel verkeerde codes. Meld u opnieuw aan." in last.get_data(as_text=True)
    assert client.get("/login/tweede-stap").headers["Location"].endswith("/login")


def test_switching_off_needs_the_password_and_a_current_code(app, client, create_user, enable_two_factor, sign_in):
    user = create_user()
    secret = enable_two_factor(user)
    sign_in(user.email, TEST_PASSWORD, code=totp_code(secret))
    refused = client.post(
        "/profiel/tweestapsverificatie/uitschakelen", data={"off-password": "fout", "off-code": totp_code(secret, 1)}
    )
    assert refused.status_code == 400 and "Het wachtwoord of de code klopt niet." in refused.get_data(as_text=True)
    refused = client.post(
        "/profiel/tweestapsverificatie/uitschakelen", data={"off-password": TEST_PASSWORD, "off-code": "111111"}
    )
    assert refused.status_code == 400
    done = client.post(
        "/profiel/tweestapsverificatie/uitschakelen",
        data={"off-password": TEST_PASSWORD, "off-code": totp_code(secret, 1)},
    )
    assert done.status_code == 302
    with app.app_context():
        assert not db.session.get(User, user.id).has_two_factor


def test_new_recovery_codes_replace_the_old_ones(app, client, login, create_user, sign_in):
    user = create_user()
    login(user)
    secret, old = set_up_through_the_screen(client)
    response = client.post("/profiel/tweestapsverificatie/herstelcodes", data={"renew-code": totp_code(secret)})
    new = re.findall(r"<li>([a-z2-9]{5}-[a-z2-9]{5})</li>", response.get_data(as_text=True))
    assert len(new) == 10 and not set(new) & set(old)
    client.post("/logout")
    assert sign_in(user.email, TEST_PASSWORD, code=old[0]).status_code == 200
    client.post("/logout")


def test_an_organisation_can_require_it_for_beheerders_and_functionarissen(
    app, client, login, create_org, create_user, sign_in
):
    org = create_org()
    admin = create_user(org=org, role="beheerder")
    reader = create_user(org=org, role="lezer")
    login(admin)
    client.post(f"/o/{org.slug}/leden/tweestapsverificatie", data={"policy-require_two_factor": "y"})
    with app.app_context():
        assert db.session.get(Organisation, org.id).require_two_factor
    # At once, without waiting for a new sign-in: the organisation's pages wait for the setup.
    assert client.get(f"/o/{org.slug}/register/").headers["Location"].endswith("/profiel/tweestapsverificatie")
    client.post("/logout")
    # The beheerder signs in with a password and is sent to the setup; nothing else opens until done.
    sign_in(admin.email, TEST_PASSWORD)
    blocked = client.get(f"/o/{org.slug}/register/")
    assert blocked.status_code == 302 and blocked.headers["Location"].endswith("/profiel/tweestapsverificatie")
    assert "verplicht" in client.get("/profiel/tweestapsverificatie").get_data(as_text=True)
    set_up_through_the_screen(client)
    assert client.get(f"/o/{org.slug}/register/").status_code == 200
    # Required, so it cannot be switched off.
    refused = client.post("/profiel/tweestapsverificatie/uitschakelen", data={"off-password": TEST_PASSWORD})
    assert refused.status_code == 403
    client.post("/logout")
    # A lezer is not concerned.
    sign_in(reader.email, TEST_PASSWORD)
    assert client.get(f"/o/{org.slug}/register/").status_code == 200


def test_demo_accounts_may_skip_it(app, client, create_org, create_user, sign_in):
    org = create_org(require_two_factor=True)
    admin = create_user(org=org, role="beheerder")
    with app.app_context():
        db.session.get(User, admin.id).two_factor_exempt = True
        db.session.commit()
    sign_in(admin.email, TEST_PASSWORD)
    assert client.get(f"/o/{org.slug}/register/").status_code == 200
