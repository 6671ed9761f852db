"""Adopting catalogue activities into the register."""

from __future__ import annotations

from sqlalchemy import func, select

from lokaal_avg.core.extensions import db
from lokaal_avg.register.models import ProcessingActivity


def count(app, org) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count()).select_from(ProcessingActivity).where(ProcessingActivity.organisation_id == org.id)
        )


def test_catalogue_lists_forty_activities_marked_as_suggestions(client, login, create_org, create_user):
    org = create_org()
    login(create_user(org=org, role="lezer"))
    page = client.get(f"/o/{org.slug}/catalogus/").get_data(as_text=True)
    assert page.count('name="code"') >= 40 or page.count("form-check-input") >= 40
    assert "suggestie — te verifiëren" in page
    assert "Bevolkings" in page


def test_adopt_several_as_concepts_and_never_twice(app, client, login, create_org, create_user):
    org = create_org(departments=())
    login(create_user(org=org, role="functionaris"))
    response = client.post(
        f"/o/{org.slug}/catalogus/overnemen", data={"code": ["BZ-01", "VT-01"]}, follow_redirects=True
    )
    assert "2 activiteiten overgenomen als concept." in response.get_data(as_text=True)
    assert count(app, org) == 2
    response = client.post(f"/o/{org.slug}/catalogus/overnemen", data={"code": ["BZ-01"]}, follow_redirects=True)
    assert "Al in het register" in response.get_data(as_text=True)
    assert count(app, org) == 2
    with app.app_context():
        adopted = db.session.scalars(
            select(ProcessingActivity).where(
                ProcessingActivity.organisation_id == org.id, ProcessingActivity.catalogue_code == "BZ-01"
            )
        ).one()
        # The template's department is created in the organisation, its lists are linked.
        assert adopted.department.name == "Burgerzaken"
        assert adopted.status == "concept"
        assert adopted.data_categories
        assert "suggestie — te verifiëren" in adopted.retention


def test_medewerker_cannot_adopt(client, login, create_org, create_user, app):
    org = create_org()
    login(create_user(org=org, role="medewerker", departments=("Burgerzaken",)))
    assert client.post(f"/o/{org.slug}/catalogus/overnemen", data={"code": ["BZ-01"]}).status_code == 403
    assert count(app, org) == 0
