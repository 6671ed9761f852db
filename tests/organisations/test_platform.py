"""The platform administrator: create-admin, organisations, first invitations, deactivation."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lokaal_avg import create_app
from lokaal_avg.accounts.models import Membership, User
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Organisation
from tests.conftest import TEST_PASSWORD
from tests.fixtures.accounts import link_in, totp_code
from tests.organisations.test_invitations import PASSWORD

ADMIN_PASSWORD = "sleutelbos van de beheerder"


@pytest.fixture
def platform_admin(app, runner, enable_two_factor, client, sign_in):
    """A platform administrator made with the command, signed in with a second factor."""
    result = runner.invoke(
        args=["create-admin", "--email", "platform@lokaal-avg.be", "--name", "Paula Platform"],
        input=f"{ADMIN_PASSWORD}\n{ADMIN_PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "Platformbeheerder platform@lokaal-avg.be aangemaakt." in result.output
    with app.app_context():
        admin = db.session.scalars(select(User).where(User.email == "platform@lokaal-avg.be")).one()
    secret = enable_two_factor(admin)
    assert sign_in(admin.email, ADMIN_PASSWORD, code=totp_code(secret)).status_code == 302
    return admin


def test_create_admin_refuses_a_weak_password(runner):
    result = runner.invoke(args=["create-admin", "--email", "a@b.be", "--password", "qwerty123456"])
    assert result.exit_code != 0 and "veelgebruikte of gelekte" in result.output


def test_a_platform_administrator_must_set_up_two_factor_first(app, runner, client, sign_in):
    runner.invoke(args=["create-admin", "--email", "nieuw-platform@lokaal-avg.be", "--password", ADMIN_PASSWORD])
    sign_in("nieuw-platform@lokaal-avg.be", ADMIN_PASSWORD)
    response = client.get("/platform/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/profiel/tweestapsverificatie")


def test_a_municipality_starts_from_the_platform_screen(app, client, platform_admin, smtp_server):
    form = client.get("/platform/organisaties/nieuw").get_data(as_text=True)
    assert "Intergemeentelijk samenwerkingsverband" in form and "Politiezone" in form
    bad = client.post(
        "/platform/organisaties/nieuw",
        data={
            "name": "Gemeente Startegem",
            "slug": "startegem",
            "kind": "gemeente",
            "kbo_number": "0123.456.789",
            "supervisory_authority": "vtc",
            "invite_email": "it@startegem.be",
            "invite_role": "beheerder",
        },
    )
    assert bad.status_code == 200 and "geen geldig ondernemingsnummer" in bad.get_data(as_text=True)
    made = client.post(
        "/platform/organisaties/nieuw",
        data={
            "name": "Gemeente Startegem",
            "slug": "startegem",
            "kind": "ocmw",
            "kbo_number": "0123456749",
            "supervisory_authority": "gba",
            "invite_email": "it@startegem.be",
            "invite_role": "beheerder",
        },
        follow_redirects=True,
    )
    page = made.get_data(as_text=True)
    assert "Gemeente Startegem aangemaakt; uitnodiging verstuurd naar it@startegem.be." in page
    assert "0123.456.749" in page and "Gegevensbeschermingsautoriteit (GBA)" in page
    assert "Gemeente Startegem" in client.get("/platform/").get_data(as_text=True)
    # The platform administrator is no member: the register stays closed.
    assert client.get("/o/startegem/").status_code == 404
    assert client.get("/o/startegem/register/").status_code == 404
    # The invited beheerder starts.
    link = link_in(smtp_server.text(smtp_server.to("it@startegem.be")[0]), "/uitnodiging/")
    beheerder = app.test_client()
    beheerder.post(link, data={"name": "Ivo IT", "new_password": PASSWORD, "confirm": PASSWORD})
    assert beheerder.get("/o/startegem/leden").status_code == 200
    with app.app_context():
        org = db.session.scalars(select(Organisation).where(Organisation.slug == "startegem")).one()
        assert (org.kind, org.supervisory_authority) == ("ocmw", "gba")


def test_a_deactivated_organisation_is_kept_and_read_only(
    app, client, platform_admin, create_org, create_user, create_activity
):
    org = create_org()
    member = create_user(org=org, role="beheerder")
    create_activity(org, name="Bevolkingsregister")
    with app.app_context():
        org_id = db.session.get(Organisation, org.id).id
    assert "deactiveren?" in client.get(f"/platform/organisaties/{org_id}/deactiveren").get_data(as_text=True)
    client.post(f"/platform/organisaties/{org_id}/deactiveren")
    client.post("/logout")
    staff = app.test_client()
    staff.post("/login", data={"email": member.email, "password": TEST_PASSWORD})
    page = staff.get(f"/o/{org.slug}/register/").get_data(as_text=True)
    assert "Bevolkingsregister" in page and "Deze organisatie is gedeactiveerd" in page
    refused = staff.post(f"/o/{org.slug}/diensten", data={"dept-name": "Nieuwe dienst"})
    assert refused.status_code == 403 and "niets wijzigen" in refused.get_data(as_text=True)
    refused = staff.post(f"/o/{org.slug}/leden/uitnodigen", data={"email": "x@y.be", "role": "lezer"})
    assert refused.status_code == 403


def test_deactivating_an_account_ends_its_sessions_and_keeps_its_name(
    app, client, platform_admin, create_org, create_user
):
    org = create_org()
    leaver = create_user(org=org, role="beheerder", name="Vera Vertrokken", email="vera@gemeente.be")
    colleague = create_user(org=org, role="beheerder")
    browser = app.test_client()
    browser.post("/login", data={"email": leaver.email, "password": TEST_PASSWORD})
    browser.post(f"/o/{org.slug}/diensten", data={"dept-name": "Archief"})
    assert browser.get("/profiel").status_code == 200
    found = client.get("/platform/accounts?q=vera").get_data(as_text=True)
    assert "vera@gemeente.be" in found
    log = client.get(f"/platform/accounts/{leaver.id}").get_data(as_text=True)
    assert "sign_in" in log and "Beveiligingslog" in log
    client.post(f"/platform/accounts/{leaver.id}/deactiveren")
    assert browser.get("/profiel").status_code == 302  # the open session ended at once
    assert browser.post("/login", data={"email": leaver.email, "password": TEST_PASSWORD}).status_code == 200
    other = app.test_client()
    other.post("/login", data={"email": colleague.email, "password": TEST_PASSWORD})
    assert "Vera Vertrokken" in other.get(f"/o/{org.slug}/audit/").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, leaver.id).active is False
        assert db.session.scalars(select(Membership).where(Membership.user_id == leaver.id)).first() is not None
    client.post(f"/platform/accounts/{leaver.id}/heractiveren")
    assert browser.post("/login", data={"email": leaver.email, "password": TEST_PASSWORD}).status_code == 302


def platform_rules():
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x", "ARGON2_PROFILE": "CHEAPEST"})
    return [
        pytest.param(rule.rule, method, id=f"{method} {rule.rule}")
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/platform")
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
    ]


@pytest.mark.parametrize(("rule", "method"), platform_rules())
def test_platform_screens_do_not_exist_for_others(client, login, create_org, create_user, rule, method):
    org = create_org()
    login(create_user(org=org, role="beheerder"))
    path = rule.replace("<int:org_id>", str(org.id)).replace("<int:invitation_id>", "1").replace("<int:user_id>", "1")
    response = client.get(path) if method == "GET" else client.post(path, data={})
    assert response.status_code == 404


def test_create_org_command_creates_and_invites(app, runner, smtp_server):
    result = runner.invoke(
        args=[
            "create-org",
            "--slug",
            "cliegem",
            "--name",
            "Gemeente Cliegem",
            "--kbo",
            "0123.456.749",
            "--invite",
            "dpo@cliegem.be",
            "--role",
            "functionaris",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Uitnodiging als functionaris verstuurd naar dpo@cliegem.be." in result.output
    [message] = smtp_server.to("dpo@cliegem.be")
    assert "/uitnodiging/" in smtp_server.text(message)
    bad = runner.invoke(args=["create-org", "--slug", "x", "--name", "X", "--kbo", "0123.456.789"])
    assert bad.exit_code != 0 and "geen geldig ondernemingsnummer" in bad.output


def test_the_demo_platform_administrator_signs_in_without_a_second_factor(app, client, create_user, sign_in):
    from lokaal_avg.accounts import services as accounts

    staff = create_user()
    with app.app_context():
        accounts.load_demo([db.session.get(User, staff.id)], TEST_PASSWORD)
        accounts.load_demo([], TEST_PASSWORD)  # idempotent
        db.session.commit()
    assert sign_in("platform@lokaal-avg.be", TEST_PASSWORD).status_code == 302
    assert client.get("/").headers["Location"].endswith("/platform/")
    assert client.get("/platform/").status_code == 200
    with app.app_context():
        assert db.session.get(User, staff.id).two_factor_exempt
