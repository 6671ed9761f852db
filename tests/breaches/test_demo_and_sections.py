"""Demo data through the public services, and the functions the dashboard and the dossier call."""

from __future__ import annotations

from lokaal_avg.accounts.models import User
from lokaal_avg.breaches import queries as breach_queries
from lokaal_avg.breaches import samples as breach_samples
from lokaal_avg.core.extensions import db
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
    with app.app_context():
        from lokaal_avg.breaches.models import Breach

        first = db.session.scalars(db.select(Breach).where(Breach.organisation_id == org.id, Breach.number == 1)).one()
        first_id = first.id
    printable = client.get(f"/o/{org.slug}/datalekken/{first_id}/melding/afdruk").get_data(as_text=True)
    assert "Vlaamse Toezichtcommissie" in printable
    assert "Redenen voor de melding na 72 uur" not in printable  # notified after 30 hours: in time


def test_dossier_sections_render_from_the_data_functions(app, create_org, create_user, create_activity, make_breach):
    from flask import render_template_string

    org = create_org(slug="dossiergem")
    dpo = create_user(org=org, role="functionaris")
    own = create_activity(org, department="Burgerzaken", name="Burgerzaken-verwerking")
    make_breach(org, dpo, title="Lek in burgerzaken", activities=[own.id], subjects_estimate=12)
    make_breach(org, dpo, title="Lek elders")
    with app.test_request_context():
        fresh = db.session.get(Organisation, org.id)
        rows = breach_queries.dossier_section(fresh)
        department_rows = breach_queries.dossier_section(fresh, activity_ids={own.id})
        html = render_template_string(
            '{% set number = 8 %}{% include "breaches/_dossier_section.html" %}'
            '{% set number = 9 %}{% include "requests/_dossier_section.html" %}',
            breach_rows=rows,
            request_summary=request_queries.dossier_section(fresh),
        )
    assert [r.title for r in department_rows] == ["Lek in burgerzaken"]
    assert "8. Register van datalekken" in html and "DL-002" in html and "niet gemeld" in html
    assert "9. Verzoeken van betrokkenen" in html and "Inzage (Art. 15)" in html
