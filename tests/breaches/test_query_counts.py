"""The breach and request pages issue a fixed number of SQL statements, whatever the number of rows."""

from __future__ import annotations

from datetime import timedelta

from lokaal_avg.accounts import members
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.requests.deadlines import belgian_today


def fill(app, org, count, make_breach, make_request, create_activity, create_processor) -> tuple[int, int]:
    activity = create_activity(org, department="Burgerzaken", name="Bevolking")
    other = create_activity(org, department="Vrije tijd", name="Speelplein")
    processor = create_processor(org, name="Leverancier")
    breach_id = request_id = 0
    for i in range(count):
        breach_id = make_breach(
            org, title=f"Lek {i}", activities=[activity.id, other.id], processors=[processor.id], subjects_estimate=i
        )
        request_id = make_request(
            org,
            kind="inzage" if i % 2 else "wissing",
            received_on=belgian_today() - timedelta(days=25 + 10 * (i % 3)),  # due soon and overdue
            activities=[activity.id, other.id],
        )
    return breach_id, request_id


def page_queries(client, count_queries, url: str) -> int:
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200, url
    return counter.count


def test_breach_and_request_pages_do_not_grow(
    app,
    client,
    login,
    create_org,
    create_user,
    count_queries,
    make_breach,
    make_request,
    create_activity,
    create_processor,
):
    small, large = create_org(), create_org()
    small_ids = fill(app, small, 3, make_breach, make_request, create_activity, create_processor)
    large_ids = fill(app, large, 30, make_breach, make_request, create_activity, create_processor)
    for role, departments in (("functionaris", []), ("medewerker", ["Burgerzaken"])):
        user = create_user(org=small, role=role, departments=tuple(departments))
        with app.app_context():
            fresh = db.session.get(Organisation, large.id)
            depts = [d for d in fresh.departments if d.name in departments]
            members.add_member(fresh, None, user.email, None, role, depts)
            db.session.commit()
        login(user)
        for path in (
            "/datalekken/?toon=alle",
            "/verzoeken/?toon=alle",
            "/verzoeken/opvolging",
            "/verzoeken/cijfers",
        ):
            assert page_queries(client, count_queries, f"/o/{small.slug}{path}") == page_queries(
                client, count_queries, f"/o/{large.slug}{path}"
            ), (role, path)
        assert page_queries(client, count_queries, f"/o/{small.slug}/datalekken/{small_ids[0]}") == page_queries(
            client, count_queries, f"/o/{large.slug}/datalekken/{large_ids[0]}"
        ), role
        assert page_queries(client, count_queries, f"/o/{small.slug}/verzoeken/{small_ids[1]}") == page_queries(
            client, count_queries, f"/o/{large.slug}/verzoeken/{large_ids[1]}"
        ), role
        client.post("/logout")
