"""Command-line entry points: demo data and user creation."""

from __future__ import annotations

from sqlalchemy import func, select

from lokaal_avg.accounts.models import Membership, User
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.register.models import ProcessingActivity


def test_demo_is_idempotent_and_realistic(app, runner, monkeypatch):
    monkeypatch.setenv("LOKAAL_AVG_DEMO_PASSWORD", "een demo wachtwoord")
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "dpo@voorbeeldegem.be" in first.output
    assert "een demo wachtwoord" in first.output
    second = runner.invoke(args=["demo"])
    assert "al geladen" in second.output
    with app.app_context():
        org = db.session.scalars(select(Organisation).where(Organisation.slug == "voorbeeldegem")).one()
        statuses = dict(
            db.session.execute(
                select(ProcessingActivity.status, func.count())
                .where(ProcessingActivity.organisation_id == org.id)
                .group_by(ProcessingActivity.status)
            ).all()
        )
        assert sum(statuses.values()) >= 25
        assert {"concept", "ter_review", "goedgekeurd", "beeindigd"} <= set(statuses)
        assert db.session.scalar(select(func.count()).select_from(Organisation)) == 2
        dpo = db.session.scalars(select(User).where(User.email == "dpo@voorbeeldegem.be")).one()
        assert {m.role for m in dpo.memberships} == {"functionaris"}
        assert len(dpo.memberships) == 2


def test_create_user_with_role(app, runner, create_org):
    org = create_org(slug="cligem")
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "Nieuw@Cligem.be",
            "--name",
            "Nieuwe Collega",
            "--org",
            "cligem",
            "--role",
            "medewerker",
            "--department",
            "Burgerzaken",
            "--password",
            "lang genoeg wachtwoord",
        ]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalars(select(User).where(User.email == "nieuw@cligem.be")).one()
        membership = db.session.scalars(select(Membership).where(Membership.user_id == user.id)).one()
        assert membership.organisation_id == org.id
        assert [d.name for d in membership.departments] == ["Burgerzaken"]


def test_create_user_refuses_short_password_and_unknown_org(runner):
    short = runner.invoke(args=["create-user", "--email", "a@b.be", "--name", "A", "--password", "kort"])
    assert short.exit_code != 0
    assert "minstens 12 tekens" in short.output
    unknown = runner.invoke(
        args=[
            "create-user",
            "--email",
            "a@b.be",
            "--name",
            "A",
            "--org",
            "bestaatniet",
            "--password",
            "lang genoeg wachtwoord",
        ]
    )
    assert unknown.exit_code != 0
    assert "Onbekende organisatie" in unknown.output
