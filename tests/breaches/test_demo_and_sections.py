"""Demo data through the public services, and the functions the dashboard and the dossier call."""

from __future__ import annotations

from lokaal_avg.accounts.models import User
from lokaal_avg.breaches import queries as breach_queries
from lokaal_avg.breaches import samples as breach_samples
from lokaal_avg.extensions import db
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.requests import queries as request_queries
from lokaal_avg.requests import samples as request_samples


def test_demo_loads_once_and_every_page_shows_it(app, client, login, create_org, create_user, create_activity):
    org = create_org(slug="demogem", dpo_name="Lies Vermeulen")
    dpo = create_user(org=org, role="functionaris")
    staff = create_user(org=org, role="medewerker", departments=("Burgerzaken",))
    create_activity(org, department="Burgerzaken", name="Leefloon en maatschappelijke integratie", legal_basis="c")
    with app.app_context():
        fresh = db.session.get(Organisation, org.id)
        actors = {"dpo": db.session.get(User, dpo.id), "staff": db.session.get(User, staff.id)}
        assert len(breach_samples.load_demo(fresh, actors)) == 3
        assert len(request_samples.load_demo(fresh, actors)) == 4
        db.session.commit()
        assert breach_samples.load_demo(fresh, actors) == [] and request_samples.load_demo(fresh, actors) == []
        breaches = breach_queries.dashboard_figures(fresh)
        requests = request_queries.dashboard_figures(fresh)
        rows = breach_queries.dossier_section(fresh)
        summary = request_queries.dossier_section(fresh)
    assert (breaches.open, breaches.to_notify, breaches.overdue) == (1, 1, 0)
    assert breaches.most_urgent[0][0].title == "Contactformulier stuurde gegevens onversleuteld"
    assert [r.reference for r in rows] == ["DL-001", "DL-002", "DL-003"] and rows[0].authority_reference
    assert requests.open == 3 and requests.overdue == 1 and requests.due_soon >= 1
    assert summary.total == 5 and summary.extended == 1 and summary.by_kind["wissing"]["geweigerd"] == 1
    login(dpo)
    for path in ("datalekken/?toon=alle", "verzoeken/?toon=alle", "verzoeken/opvolging", "verzoeken/cijfers"):
        assert client.get(f"/o/{org.slug}/{path}").status_code == 200, path
    page = client.get(f"/o/{org.slug}/datalekken/?toon=alle").get_data(as_text=True)
    assert "melding niet nodig" in page and "gemeld" in page and "nog 41 u" in page
