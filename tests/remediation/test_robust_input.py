"""Hostile or odd input in the action plan gets a clear answer, never a crash."""

from __future__ import annotations


def test_line_breaks_in_a_title_become_one_line(app, client, login, create_org, create_user):
    from sqlalchemy import select

    from lokaal_avg.core.extensions import db
    from lokaal_avg.remediation.models import Action

    org = create_org()
    login(create_user(org=org, role="functionaris"))
    response = client.post(
        f"/o/{org.slug}/acties/nieuw", data={"title": "Hallo\r\nBcc: iemand@example.be", "priority": "midden"}
    )
    assert response.status_code in (200, 302)
    with app.app_context():
        titles = db.session.scalars(select(Action.title).where(Action.organisation_id == org.id)).all()
    assert titles == ["Hallo Bcc: iemand@example.be"]


def test_unicode_digits_in_filters_are_ignored(client, login, create_org, create_user):
    org = create_org()
    login(create_user(org=org, role="beheerder"))
    for query in ("dienst=%C2%B2", "toegewezen=%C2%B2"):
        assert client.get(f"/o/{org.slug}/acties/?{query}").status_code == 200


def test_medewerker_does_not_see_another_departments_action_on_the_finding_page(
    app, client, login, create_org, create_user, remediation_objects
):
    org = create_org()
    staff = create_user(org=org, role="medewerker", departments=("Burgerzaken",))
    ids = remediation_objects(org)  # an action of no department, assigned to nobody
    login(staff)
    page = client.get(f"/o/{org.slug}/acties/bevindingen/{ids['finding_id']}").get_data(as_text=True)
    assert "Er loopt een actie voor deze bevinding, bij een andere dienst." in page
    assert f"/acties/{ids['action_id']}" not in page
