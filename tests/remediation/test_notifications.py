"""E-mail over real SMTP on loopback: assignment, reopening, the daily digest; failures never break a page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from lokaal_avg.accounts import members
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.register import services as register
from lokaal_avg.register.models import ProcessingActivity
from lokaal_avg.remediation import services
from lokaal_avg.remediation.models import Action, Finding, ReminderDigest
from lokaal_avg.remediation.register_checks import run_register_check
from tests.remediation.helpers import WELL_RUN, actions_of, complete


@pytest.fixture
def people(create_org, create_user):
    org = create_org(slug="mailgem", **WELL_RUN)
    return {
        "org": org,
        "dpo": create_user(org=org, role="functionaris", name="Lies DPO", email="lies@mailgem.be"),
        "staff": create_user(
            org=org, role="medewerker", departments=("Burgerzaken",), name="Sara Loket", email="sara@mailgem.be"
        ),
    }


def test_the_assignee_gets_an_email_with_a_link(app, client, login, people, smtp_server):
    org, staff = people["org"], people["staff"]
    login(people["dpo"])
    response = client.post(
        f"/o/{org.slug}/acties/nieuw",
        data={
            "title": "Contactformulier naar HTTPS",
            "priority": "hoog",
            "assignee_id": staff.id,
            "description": "Het formulier post naar http://.",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        action_id = actions_of(org.id)[0].id
    [message] = smtp_server.to("sara@mailgem.be")
    assert message["Subject"] == "Actie voor jou: Contactformulier naar HTTPS"
    assert message["Auto-Submitted"] == "auto-generated"
    text, html = smtp_server.text(message), smtp_server.html(message)
    link = f"http://lokaal-avg.test/o/{org.slug}/acties/{action_id}"
    assert "Dag Sara Loket" in text and "Lies DPO heeft je een actie toegewezen bij" in text
    assert link in text and f'href="{link}"' in html
    assert (date.today() + timedelta(days=30)).strftime("%Y") in text  # the due date is in it
    # Reassigning tells the new assignee; assigning to yourself sends nothing.
    client.post(
        f"/o/{org.slug}/acties/{action_id}/bewerken",
        data={"title": "Contactformulier naar HTTPS", "priority": "hoog", "assignee_id": people["dpo"].id},
    )
    assert len(smtp_server.received) == 1


def test_a_mail_failure_does_not_break_the_request(app, client, login, people, no_smtp_server):
    org = people["org"]
    login(people["dpo"])
    response = client.post(
        f"/o/{org.slug}/acties/nieuw",
        data={"title": "Iets voor Sara", "priority": "laag", "assignee_id": people["staff"].id},
        follow_redirects=True,
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Actie aangemaakt" in page
    assert "De e-mail aan Sara Loket kon niet verstuurd worden" in page
    with app.app_context():
        assert [a.title for a in actions_of(org.id)] == ["Iets voor Sara"]


def test_a_reopened_action_is_mailed_to_its_assignee(app, people, create_activity, smtp_server):
    org = people["org"]
    with app.app_context():
        data = complete(org.id, retention=None)
    activity = create_activity(org, name="Jeugdwerking", **data)
    with app.app_context():
        fresh = db.session.get(Organisation, org.id)
        run_register_check(fresh)
        finding = db.session.scalars(select(Finding).where(Finding.code == "register_incomplete")).one()
        action, _ = services.action_from_finding(fresh, None, finding, assignee_id=people["staff"].id, notify=False)
        entry = db.session.get(ProcessingActivity, activity.id)
        register.update_activity(fresh, None, None, entry, {"retention": "5 jaar"})
        run_register_check(fresh)
        db.session.commit()
        assert db.session.get(Action, action.id).status == "geverifieerd"
        register.update_activity(fresh, None, None, entry, {"retention": None})
        run_register_check(fresh)
        assert smtp_server.received == []  # not before the commit
        db.session.commit()
    [message] = smtp_server.to("sara@mailgem.be")
    assert message["Subject"] == "Actie heropend: Jeugdwerking: verplichte registervelden ontbreken"
    assert "een nieuwe controle ziet het probleem opnieuw" in smtp_server.text(message)


def test_bulk_assignment_is_one_message(app, client, login, people, smtp_server):
    from lokaal_avg.remediation.findings import FindingInput, Scope, sync_findings

    org = people["org"]
    with app.app_context():
        sync_findings(
            org.id,
            Scope("register"),
            [FindingInput(f"c{i}", "hoog", f"Probleem {i}", "r", "f", key=str(i)) for i in range(3)],
        )
        db.session.commit()
    login(people["dpo"])
    client.post(
        f"/o/{org.slug}/acties/bevindingen/bulk",
        data={"bulk-severity": "hoog", "bulk-source": "", "bulk-assignee_id": people["staff"].id},
    )
    [message] = smtp_server.received
    assert message["Subject"] == "3 acties voor jou"
    assert all(f"Probleem {i}" in smtp_server.text(message) for i in range(3))


def test_send_reminders_sends_one_digest_a_day(app, runner, people, create_org, create_user, make_action, smtp_server):
    org, staff = people["org"], people["staff"]
    second = create_org(slug="tweedegem", name="Gemeente Tweedegem")
    with app.app_context():
        members.add_member(db.session.get(Organisation, second.id), None, staff.email, None, "beheerder", [])
        db.session.commit()
    soon = make_action(org, title="Binnenkort", assignee_id=staff.id, due_date=date.today() + timedelta(days=3))
    make_action(org, title="Te laat", assignee_id=staff.id, due_date=date.today() - timedelta(days=2))
    make_action(org, title="Nog ver weg", assignee_id=staff.id, due_date=date.today() + timedelta(days=40))
    make_action(second, title="Elders bijna", assignee_id=staff.id, due_date=date.today() + timedelta(days=1))
    make_action(org, title="Van Lies", assignee_id=people["dpo"].id, due_date=date.today())
    done = make_action(org, title="Al klaar", assignee_id=staff.id, due_date=date.today())
    with app.app_context():
        db.session.get(Action, done).status = "geverifieerd"
        db.session.commit()

    app.config["BASE_URL"] = "https://avg.mailgem.be"
    try:
        result = runner.invoke(args=["send-reminders"])
    finally:
        app.config.pop("BASE_URL")
    assert result.exit_code == 0, result.output
    assert "2 verstuurd" in result.output
    [digest] = smtp_server.to("sara@mailgem.be")
    text = smtp_server.text(digest)
    assert digest["Subject"] == "Herinnering: 3 acties met een deadline"
    assert "Gemeente Tweedegem" in text and "Elders bijna" in text
    assert "Binnenkort" in text and "Te laat" in text and "(te laat)" in text
    assert "Nog ver weg" not in text and "Al klaar" not in text
    assert f"https://avg.mailgem.be/o/{org.slug}/acties/{soon}" in text
    assert len(smtp_server.to("lies@mailgem.be")) == 1

    again = runner.invoke(args=["send-reminders"])
    assert "0 verstuurd, 2 vandaag al verstuurd" in again.output
    assert len(smtp_server.received) == 2
    forced = runner.invoke(args=["send-reminders", "--force", "--org", org.slug])
    assert "2 verstuurd" in forced.output
    with app.app_context():
        rows = list(db.session.scalars(select(ReminderDigest)))
        assert {r.day for r in rows} == {date.today()} and len(rows) == 2


def test_send_reminders_reports_failures(app, runner, people, make_action, no_smtp_server):
    make_action(people["org"], title="Binnenkort", assignee_id=people["staff"].id, due_date=date.today())
    result = runner.invoke(args=["send-reminders"])
    assert result.exit_code == 1
    assert "Niet verstuurd aan sara@mailgem.be" in result.output
    with app.app_context():
        assert db.session.scalars(select(ReminderDigest)).first() is None  # tomorrow's run tries again
