"""What the dashboard, the dossier and the demo get from the DPIA package; pages that do not grow in queries."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from lokaal_avg.accounts import members
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Organisation
from tests.fixtures.dpia import LIKELY, RISK

HIGH_RESIDUAL = {**RISK, "residual_likelihood": 4, "residual_severity": 4}
CONTENT = {"description": "Beschrijving", "necessity": "Nodig", "proportionality": "Evenredig"}


def test_dashboard_figures_and_dossier_section(app, create_org, create_user, create_activity, make_dpia):
    from lokaal_avg.dpia import services
    from lokaal_avg.dpia.models import Dpia
    from lokaal_avg.dpia.queries import dashboard_figures, dossier_section

    org = create_org()
    dpo = create_user(org=org, role="functionaris")
    create_activity(org, name="Nog te starten", dpia_criteria=LIKELY)
    create_activity(org, name="Geen DPIA nodig", dpia_criteria=["grote_schaal"])
    approved = make_dpia(
        org,
        create_activity(org, name="Afgerond", dpia_criteria=LIKELY),
        risks=[RISK],
        advice_by=dpo,
        decided_by=dpo,
        **CONTENT,
    )
    make_dpia(org, create_activity(org, name="Lopend", dpia_criteria=LIKELY), risks=[HIGH_RESIDUAL], **CONTENT)
    with app.test_request_context():
        fresh = db.session.get(Organisation, org.id)
        figures = dashboard_figures(fresh)
        assert (figures.needed, figures.in_progress, figures.approved) == (1, 1, 1)
        assert (figures.review_due, figures.consultation_pending) == (0, 1)
        # The review date of the version in force passes: it is due (a day in Brussels).
        dpia = db.session.get(Dpia, approved)
        dpia.approved.review_on = date.today() - timedelta(days=1)
        db.session.flush()
        assert dashboard_figures(fresh).review_due == 1
        # A draft after approval: the dossier still shows the approved version.
        services.update_content(fresh, None, dpia, {**CONTENT, "necessity": "Gewijzigd"})
        section = {s.activity: s for s in dossier_section(fresh)}
        db.session.commit()
    done, running = section["Afgerond"], section["Lopend"]
    assert (done.version, done.status, done.decision, done.review_due) == (1, "goedgekeurd", "doorgaan", True)
    assert (done.highest_level, done.highest_residual, done.consultation_needed) == ("hoog", "midden", False)
    assert (running.status, running.consultation_needed, running.highest_residual) == ("concept", True, "hoog")
    assert str(done.heat_map).startswith("<svg") and 'role="img"' in str(done.residual_heat_map)
    assert done.risks[0].title == RISK["title"] and done.risks[0].measures == RISK["measures"]

    import json

    from lokaal_avg.dpia.queries import export_records

    with app.test_request_context():
        records = json.loads(json.dumps(export_records(db.session.get(Organisation, org.id))))
    exported = {r["activity"]["name"]: r for r in records}
    assert exported["Afgerond"]["version_in_force"] == 1
    assert [v["status"] for v in exported["Afgerond"]["versions"]] == ["goedgekeurd", "concept"]
    assert exported["Afgerond"]["versions"][1]["necessity"] == "Gewijzigd"
    lopend = exported["Lopend"]["versions"][0]
    assert lopend["prior_consultation_needed"] is True and lopend["risks"][0]["residual_level"] == "hoog"


def test_demo_dpias_for_the_demo_municipality(app):
    from lokaal_avg.accounts.models import User
    from lokaal_avg.demo.municipalities import load_demo as load_platform_demo
    from lokaal_avg.dpia.models import Dpia
    from lokaal_avg.dpia.services import load_demo

    with app.test_request_context():
        if db.session.scalar(select(Organisation).where(Organisation.slug == "voorbeeldegem")) is None:
            load_platform_demo("demo-wachtwoord-voor-tests")
        org = db.session.scalar(select(Organisation).where(Organisation.slug == "voorbeeldegem"))
        users = {
            "dpo": db.session.scalar(select(User).where(User.email == "dpo@voorbeeldegem.be")),
            "admin": db.session.scalar(select(User).where(User.email == "beheerder@voorbeeldegem.be")),
        }
        load_demo(org, users)  # the demo loaded them already: nothing more
        assert load_demo(org, users) == []  # idempotent
        dpias = db.session.scalars(select(Dpia).where(Dpia.organisation_id == org.id)).all()
        assert sorted(d.current.status for d in dpias) == ["concept", "goedgekeurd"]


def test_dpia_pages_do_not_grow_in_queries(
    app, client, login, create_org, create_user, create_activity, make_dpia, count_queries
):
    small, large = create_org(), create_org()
    for org, n in ((small, 1), (large, 8)):
        for i in range(n):
            make_dpia(org, create_activity(org, name=f"Verwerking {i}", dpia_criteria=LIKELY), risks=[RISK, RISK])
        create_activity(org, name="Nog te starten", dpia_criteria=LIKELY)
    user = create_user(org=small, role="functionaris")
    with app.app_context():
        members.add_member(db.session.get(Organisation, large.id), None, user.email, None, "functionaris", [])
        db.session.commit()
    login(user)
    counts = []
    for org in (small, large):
        with count_queries() as counter:
            assert client.get(f"/o/{org.slug}/dpia/").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]


def test_dossier_section_renders_heat_maps_into_a_pdf(app, create_org, create_user, create_activity, make_dpia):
    import io

    from flask import render_template_string
    from pypdf import PdfReader
    from weasyprint import HTML

    from lokaal_avg.dpia.queries import dossier_section

    org = create_org()
    dpo = create_user(org=org, role="functionaris")
    activity = create_activity(org, name="Camerabewaking", dpia_criteria=LIKELY)
    make_dpia(org, activity, risks=[RISK], advice_by=dpo, decided_by=dpo, **CONTENT)
    with app.test_request_context():
        summaries = dossier_section(db.session.get(Organisation, org.id))
        html = render_template_string(
            '<html lang="nl"><body>{% include "dpia/_dossier_section.html" %}</body></html>',
            dpia_summaries=summaries,
        )
    assert "Camerabewaking" in html and html.count("<svg") == 2
    pdf = HTML(string=html).write_pdf()
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
    # The heat maps are drawn into the PDF, axis labels and all, not left out as unknown markup.
    assert "Camerabewaking" in text and "Waarschijnlijkheid" in text and "aanzienlijk" in text
    assert "Onrechtmatige toegang tot camerabeelden hoog risico" in text, text
