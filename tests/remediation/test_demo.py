"""The demo: a plausible action plan for Voorbeeldegem, worked through over six weeks."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from lokaal_avg.accounts.models import User
from lokaal_avg.core.extensions import db
from lokaal_avg.demo import remediation as demo
from lokaal_avg.demo.municipalities import load_demo
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.overview.models import MetricSnapshot
from lokaal_avg.remediation.models import Action

EMAILS = {
    "dpo": "dpo@voorbeeldegem.be",
    "admin": "beheerder@voorbeeldegem.be",
    "staff": "medewerker@voorbeeldegem.be",
    "reader": "lezer@voorbeeldegem.be",
    "admin2": "beheerder@andersveld.be",
}


def test_demo_action_plan(app, client, login):
    with app.app_context():
        load_demo("demo-wachtwoord-lang")
        org = db.session.scalars(select(Organisation).where(Organisation.slug == "voorbeeldegem")).one()
        users = {k: db.session.scalars(select(User).where(User.email == e)).one() for k, e in EMAILS.items()}
        demo.populate(org, users)
        demo.populate(org, users)  # a second run changes nothing
        db.session.commit()
        actions = list(db.session.scalars(select(Action).where(Action.organisation_id == org.id)))
        statuses = {a.status for a in actions}
        assert {
            "open",
            "in_uitvoering",
            "wacht_op_derde",
            "uitgevoerd",
            "geverifieerd",
            "niet_van_toepassing",
        } <= statuses
        assert len(actions) >= 10
        assert any(
            a.due_date < date.today() and a.status in ("open", "in_uitvoering", "wacht_op_derde") for a in actions
        )
        nvt = next(a for a in actions if a.status == "niet_van_toepassing")
        assert "niet verlengd" in nvt.justification
        verified = next(a for a in actions if a.status == "geverifieerd")
        assert verified.verification_evidence["kind"] == "register"
        assert {a.assignee_id for a in actions} >= {users["dpo"].id, users["admin"].id, users["staff"].id}
        assert sum(len(a.comments) for a in actions) >= 4
        snapshots = list(
            db.session.scalars(
                select(MetricSnapshot).where(MetricSnapshot.organisation_id == org.id).order_by(MetricSnapshot.day)
            )
        )
        assert len(snapshots) == demo.WEEKS * 7 + 1 and snapshots[-1].day == date.today()
        opened = [s.metrics["actions_open"] for s in snapshots]
        assert opened[0] < max(opened) and len(set(opened)) > 3  # actions were made over the weeks
        scores = [s.metrics["register_score"] for s in snapshots]
        assert scores == sorted(scores) and scores[0] < scores[-1]  # the register improved
        slug = org.slug
    client.post("/login", data={"email": EMAILS["staff"], "password": "demo-wachtwoord-lang"})
    mine = client.get(f"/o/{slug}/acties/mijn").get_data(as_text=True)
    assert "Loketmedewerkers Burgerzaken opleiden" in mine and "te laat" in mine
    home = client.get(f"/o/{slug}/").get_data(as_text=True)
    assert home.count("<svg") >= 3
