"""The beheerder manages the organisation's details and its members."""

from __future__ import annotations

from lokaal_avg.accounts import members
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Organisation


def settings_data(**overrides):
    data = {
        "name": "Gemeente Testegem",
        "kind": "gemeente",
        "supervisory_authority": "vtc",
        "kbo_number": "0123.456.749",
        "dpo_name": "Dirk DPO",
        "security_plan_date": "2025-01-15",
    }
    data.update(overrides)
    return data


def test_kbo_number_with_wrong_check_digits_is_refused(app, client, login, create_org, create_user):
    org = create_org()
    login(create_user(org=org, role="beheerder"))
    response = client.post(f"/o/{org.slug}/instellingen", data=settings_data(kbo_number="0123.456.748"))
    assert response.status_code == 200
    assert "geen geldig ondernemingsnummer" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Organisation, org.id).kbo_number is None


def test_settings_are_saved_and_audited(app, client, login, create_org, create_user):
    org = create_org()
    login(create_user(org=org, role="beheerder"))
    response = client.post(
        f"/o/{org.slug}/instellingen", data=settings_data(kbo_number="0123456749"), follow_redirects=True
    )
    assert "bewaard" in response.get_data(as_text=True)
    with app.app_context():
        saved = db.session.get(Organisation, org.id)
        assert saved.kbo_number == "0123.456.749"
        assert saved.dpo_name == "Dirk DPO"
    log = client.get(f"/o/{org.slug}/audit/").get_data(as_text=True)
    assert "Dirk DPO" in log
    assert "0123.456.749" in log


def test_only_beheerder_reaches_settings_and_members(client, login, create_org, create_user):
    org = create_org()
    for role in ("functionaris", "medewerker", "lezer"):
        login(create_user(org=org, role=role, departments=("Burgerzaken",)))
        assert client.get(f"/o/{org.slug}/instellingen").status_code == 403
        assert client.get(f"/o/{org.slug}/leden").status_code == 403
        client.post("/logout")


def test_medewerker_needs_a_department(client, login, create_org, create_user):
    org = create_org()
    login(create_user(org=org, role="beheerder"))
    response = client.post(f"/o/{org.slug}/leden/uitnodigen", data={"email": "x@testegem.be", "role": "medewerker"})
    assert "Kies minstens één dienst" in response.get_data(as_text=True)


def test_last_beheerder_cannot_be_removed(app, client, login, create_org, create_user):
    org = create_org()
    admin = create_user(org=org, role="beheerder")
    login(admin)
    with app.app_context():
        membership_id = admin_membership(admin)
    response = client.post(f"/o/{org.slug}/leden/{membership_id}/verwijderen", follow_redirects=True)
    assert "minstens één beheerder" in response.get_data(as_text=True)


def admin_membership(user) -> int:
    from sqlalchemy import select

    from lokaal_avg.accounts.models import Membership

    return db.session.scalar(select(Membership.id).where(Membership.user_id == user.id))


def test_department_in_use_cannot_be_deleted(
    app, client, login, create_org, create_user, create_activity, department_id
):
    org = create_org()
    create_activity(org, department="Burgerzaken")
    login(create_user(org=org, role="beheerder"))
    response = client.post(
        f"/o/{org.slug}/diensten/{department_id(org, 'Burgerzaken')}/verwijderen", follow_redirects=True
    )
    assert "kan niet verwijderd worden" in response.get_data(as_text=True)


def test_dpo_portfolio_shows_every_organisation_served(client, login, create_org, create_user, create_activity, app):
    first, second = create_org(name="Gemeente Eerste"), create_org(name="Gemeente Tweede")
    dpo = create_user(org=first, role="functionaris")
    with app.app_context():
        members.add_member(db.session.get(Organisation, second.id), None, dpo.email, None, "functionaris", [])
        db.session.commit()
    activity = create_activity(second)
    login(dpo)
    client.post(f"/o/{second.slug}/register/{activity.id}/status/indienen")
    page = client.get("/portfolio").get_data(as_text=True)
    assert "Gemeente Eerste" in page and "Gemeente Tweede" in page
    assert f"/o/{second.slug}/register/?status=ter_review" in page
    # Switching organisation: the chooser lists both.
    chooser = client.get("/").get_data(as_text=True)
    assert "Gemeente Eerste" in chooser and "Gemeente Tweede" in chooser
