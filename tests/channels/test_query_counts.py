"""The channel list issues a fixed number of SQL statements, whatever the number of channels."""

from __future__ import annotations

from lokaal_avg.accounts import members
from lokaal_avg.channels import services
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.register import services as register
from lokaal_avg.scanning.services import record_scan, run_engine, scan_settings
from tests.scanning_app.site import contact_page


def fill(app, org, count: int, scan_result: dict) -> None:
    """count channels, each with a vendor, a department, an activity, a stored scan and findings."""
    with app.app_context():
        fresh = db.session.get(Organisation, org.id)
        from lokaal_avg.processors import services as processors

        vendor = processors.create_processor(fresh, None, {"name": "Loketwerk NV"})
        activity = register.create_activity(fresh, None, {"name": "Contactformulieren"})
        for n in range(count):
            channel = services.create_channel(
                fresh,
                None,
                {
                    "name": f"Formulier {n:02d}",
                    "kind": "webformulier",
                    "url": scan_result["url"],
                    "vendor_id": vendor.id,
                    "department_id": fresh.departments[n % 2].id,
                    "activities": [activity.id],
                },
            )
            record_scan(fresh, channel, scan_result)
        db.session.commit()


def statements(client, count_queries, url: str) -> int:
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200
    return counter.count


def test_channel_list_query_count_does_not_grow(app, client, login, create_org, create_user, count_queries, site):
    url = site.page("/query-count-form", contact_page(action="http://127.0.0.1:9/x", tracker=True))
    with app.app_context():
        result = run_engine(url, scan_settings())  # one real scan, stored for every channel
    small, large = create_org(), create_org()
    fill(app, small, 3, result)
    fill(app, large, 60, result)
    user = create_user(org=small, role="functionaris")
    with app.app_context():
        members.add_member(db.session.get(Organisation, large.id), None, user.email, None, "functionaris", [])
        db.session.commit()
    login(user)
    for path in ("/kanalen/", "/kanalen/?inactief=1&soort=webformulier"):
        few = statements(client, count_queries, f"/o/{small.slug}{path}")
        many = statements(client, count_queries, f"/o/{large.slug}{path}")
        assert few == many, path
        assert few <= 15, path  # session, membership, the inventory and its four side queries
    page = client.get(f"/o/{large.slug}/kanalen/").get_data(as_text=True)
    assert page.count("Formulier ") >= 60
