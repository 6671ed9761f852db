"""The register pages issue a fixed number of SQL statements, whatever the register's size."""

from __future__ import annotations

from sqlalchemy import select

from lokaal_avg.accounts import members
from lokaal_avg.catalogue import services as catalogue
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.processors.models import Processor
from lokaal_avg.register import services as register


def fill_register(app, org, count: int) -> int:
    """count realistic entries (catalogue templates, cycled) with lists and a processor each."""
    with app.app_context():
        fresh = db.session.get(Organisation, org.id)
        processor = Processor(organisation_id=org.id, name="Leverancier")
        db.session.add(processor)
        db.session.flush()
        templates = catalogue.load_activities()
        last = None
        for i in range(count):
            data = catalogue.activity_data_from_template(fresh, templates[i % len(templates)])
            data["catalogue_code"] = None
            data["processors"] = [processor.id]
            last = register.create_activity(fresh, None, data)
        db.session.commit()
        return last.id


def page_queries(client, count_queries, url: str) -> int:
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200
    return counter.count


def test_register_list_and_detail_query_count_does_not_grow(app, client, login, create_org, create_user, count_queries):
    small, large = create_org(), create_org()
    small_id = fill_register(app, small, 5)
    large_id = fill_register(app, large, 200)
    user = create_user(org=small, role="functionaris")
    with app.app_context():
        members.add_member(db.session.get(Organisation, large.id), None, user.email, None, "functionaris", [])
        db.session.commit()
    login(user)
    for path in ("/register/", "/register/?sort=volledigheid&incomplete=1", "/"):
        assert page_queries(client, count_queries, f"/o/{small.slug}{path}") == page_queries(
            client, count_queries, f"/o/{large.slug}{path}"
        ), path
    assert page_queries(client, count_queries, f"/o/{small.slug}/register/{small_id}") == page_queries(
        client, count_queries, f"/o/{large.slug}/register/{large_id}"
    )
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Processor)) >= 2
