"""Actions: made by hand or from findings, assigned within the organisation, worked through, verified."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lokaal_avg.accounts.models import User
from lokaal_avg.audit.models import AuditEntry
from lokaal_avg.channels.models import Channel
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.remediation import services
from lokaal_avg.remediation.findings import FindingInput, Scope, sync_findings
from lokaal_avg.remediation.models import Action, Finding
from tests.remediation.helpers import WELL_RUN, actions_of


@pytest.fixture
def team(create_org, create_user):
    org = create_org(**WELL_RUN)
    return {
        "org": org,
        "dpo": create_user(org=org, role="functionaris", name="Lies DPO"),
        "admin": create_user(org=org, role="beheerder", name="Koen Beheer"),
        "staff": create_user(org=org, role="medewerker", departments=("Burgerzaken",), name="Sara Burgerzaken"),
        "other_staff": create_user(org=org, role="medewerker", departments=("Vrije tijd",), name="Tom Vrije Tijd"),
        "reader": create_user(org=org, role="lezer", name="Marc Lezer"),
    }


def scan_finding(app, org, channel_name="Contactformulier", code="no_https", present=True) -> int:
    """A scan of a channel that reports (or no longer reports) one problem; returns the finding id."""
    with app.app_context():
        channel = db.session.scalars(
            select(Channel).where(Channel.organisation_id == org.id, Channel.name == channel_name)
        ).first()
        if channel is None:
            channel = Channel(organisation_id=org.id, name=channel_name, kind="webformulier", url="http://x.example")
            db.session.add(channel)
            db.session.flush()
        found = (
            [
                FindingInput(
                    code,
                    "kritiek",
                    "Geen HTTPS",
                    "Gegevens leesbaar onderweg",
                    "Zet HTTPS aan",
                    key="x.example",
                    channel_id=channel.id,
                )
            ]
            if present
            else []
        )
        sync_findings(org.id, Scope("scan", channel.id), found, evidence_note="Scan van het kanaal")
        db.session.commit()
        return db.session.scalars(select(Finding.id).where(Finding.channel_id == channel.id)).first()


def test_create_by_hand_with_the_due_date_of_its_priority(app, client, login, team):
    org = team["org"]
    login(team["dpo"])
    form = client.get(f"/o/{org.slug}/acties/nieuw").get_data(as_text=True)
    assert "hoog 30 dagen, midden 90 dagen, laag 180 dagen" in form
    assert "Marc Lezer" not in form  # a lezer cannot work on an action
    response = client.post(
        f"/o/{org.slug}/acties/nieuw",
        data={"title": "Privacyverklaring website herschrijven", "priority": "hoog", "assignee_id": team["dpo"].id},
    )
    assert response.status_code == 302
    with app.app_context():
        action = actions_of(org.id)[0]
        assert action.due_date == date.today() + timedelta(days=30)
        assert (action.status, action.assignee_id, action.created_by_id) == ("open", team["dpo"].id, team["dpo"].id)
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.target_type == "Action")).one()
        assert entry.action == "create" and entry.changes["title"][1] == "Privacyverklaring website herschrijven"


def test_an_assignee_from_another_organisation_is_impossible(app, client, login, team, create_org, create_user):
    org = team["org"]
    other = create_org(slug="elders")
    stranger = create_user(org=other, role="beheerder", name="Vreemde Eend")
    login(team["admin"])
    response = client.post(
        f"/o/{org.slug}/acties/nieuw", data={"title": "Iets", "priority": "laag", "assignee_id": stranger.id}
    )
    assert response.status_code == 200  # the form comes back with an error
    assert "Vreemde Eend" not in response.get_data(as_text=True)
    with app.app_context():
        assert actions_of(org.id) == []
    action_id = client.post(f"/o/{org.slug}/acties/nieuw", data={"title": "Iets", "priority": "laag"}).location
    assert action_id
    with app.app_context():
        action = actions_of(org.id)[0]
        fresh = db.session.get(Organisation, org.id)
        actor = db.session.get(User, team["admin"].id)
        # The service refuses too, whatever a form lets through: edit and bulk alike.
        with pytest.raises(services.ActionError):
            services.update_action(fresh, actor, action, {"assignee_id": stranger.id})
        with pytest.raises(services.ActionError):
            services.create_action(fresh, actor, {"title": "x", "assignee_id": team["reader"].id})
        with pytest.raises(services.ActionError):
            services.actions_from_findings(fresh, actor, "hoog", assignee_id=stranger.id)
    response = client.post(
        f"/o/{org.slug}/acties/{action.id}/bewerken",
        data={"title": "Iets", "priority": "laag", "assignee_id": stranger.id},
    )
    assert response.status_code == 200
    with app.app_context():
        assert db.session.get(Action, action.id).assignee_id is None


def test_links_to_another_organisations_objects_are_refused(app, team, create_org, create_activity):
    other = create_org(slug="buren")
    foreign = create_activity(other, name="Van de buren")
    with app.app_context(), pytest.raises(services.ActionError):
        services.create_action(
            db.session.get(Organisation, team["org"].id), None, {"title": "x", "activity_id": foreign.id}
        )


def test_one_click_per_finding_never_twice(app, client, login, team):
    org = team["org"]
    finding_id = scan_finding(app, org)
    login(team["dpo"])
    first = client.post(f"/o/{org.slug}/acties/bevindingen/{finding_id}/actie")
    assert first.status_code == 302 and "/bewerken" in first.location
    second = client.post(f"/o/{org.slug}/acties/bevindingen/{finding_id}/actie", follow_redirects=True)
    assert "Voor deze bevinding bestond al een actie" in second.get_data(as_text=True)
    with app.app_context():
        actions = actions_of(org.id)
        assert len(actions) == 1
        action = actions[0]
        assert (action.finding_id, action.priority) == (finding_id, "hoog")
        assert action.title == "Contactformulier: Geen HTTPS"  # a scan finding's action names its channel
        assert "Zet HTTPS aan" in action.description
        assert action.channel_id is not None
        # The database refuses a second action for the same finding, even past the service.
        with pytest.raises(IntegrityError), db.session.begin_nested():
            db.session.add(Action(organisation_id=org.id, title="dubbel", finding_id=finding_id))
            db.session.flush()


def test_bulk_per_severity_skips_findings_that_have_an_action(app, client, login, team):
    org = team["org"]
    with app.app_context():
        sync_findings(
            org.id,
            Scope("register"),
            [
                FindingInput(f"c{i}", "hoog" if i < 3 else "laag", f"Probleem {i}", "r", "f", key=str(i))
                for i in range(5)
            ],
        )
        db.session.commit()
        first = db.session.scalars(select(Finding).where(Finding.code == "c0")).one()
        services.action_from_finding(db.session.get(Organisation, org.id), None, first)
        db.session.commit()
    login(team["admin"])
    response = client.post(
        f"/o/{org.slug}/acties/bevindingen/bulk",
        data={"bulk-severity": "hoog", "bulk-source": "", "bulk-assignee_id": team["staff"].id},
        follow_redirects=True,
    )
    assert "2 acties aangemaakt" in response.get_data(as_text=True)
    again = client.post(
        f"/o/{org.slug}/acties/bevindingen/bulk",
        data={"bulk-severity": "hoog", "bulk-source": "", "bulk-assignee_id": 0},
        follow_redirects=True,
    )
    assert "hebben al een actie" in again.get_data(as_text=True)
    with app.app_context():
        actions = actions_of(org.id)
        assert [a.title for a in actions] == ["Probleem 0", "Probleem 1", "Probleem 2"]
        assert [a.assignee_id for a in actions] == [None, team["staff"].id, team["staff"].id]


def test_status_flow_and_niet_van_toepassing_needs_a_justification(app, client, login, team, make_action):
    org = team["org"]
    action_id = make_action(org, title="Cookiebanner nakijken")
    login(team["dpo"])
    url = f"/o/{org.slug}/acties/{action_id}"
    for status in ("in_uitvoering", "wacht_op_derde"):
        client.post(f"{url}/status", data={"status-status": status, "status-note": ""})
        with app.app_context():
            assert db.session.get(Action, action_id).status == status
    refused = client.post(
        f"{url}/status", data={"status-status": "niet_van_toepassing", "status-note": " "}, follow_redirects=True
    )
    assert "Leg uit waarom" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Action, action_id).status == "wacht_op_derde"
    client.post(f"{url}/status", data={"status-status": "niet_van_toepassing", "status-note": "Geen cookies meer."})
    with app.app_context():
        action = db.session.get(Action, action_id)
        assert (action.status, action.justification) == ("niet_van_toepassing", "Geen cookies meer.")
    page = client.get(url).get_data(as_text=True)
    assert "Waarom niet van toepassing" in page and "Geen cookies meer." in page
    assert page.count("status gewijzigd") == 3  # the history, from the audit trail


def test_manual_action_is_verified_by_hand_but_a_finding_action_is_not(app, client, login, team, make_action):
    org = team["org"]
    manual = make_action(org, title="Register voorstellen aan het college")
    finding_id = scan_finding(app, org)
    with app.app_context():
        from_finding, _ = services.action_from_finding(
            db.session.get(Organisation, org.id), None, db.session.get(Finding, finding_id)
        )
        db.session.commit()
        from_finding_id = from_finding.id
    login(team["dpo"])
    assert 'value="geverifieerd"' in client.get(f"/o/{org.slug}/acties/{manual}").get_data(as_text=True)
    assert 'value="geverifieerd"' not in client.get(f"/o/{org.slug}/acties/{from_finding_id}").get_data(as_text=True)
    client.post(
        f"/o/{org.slug}/acties/{manual}/status", data={"status-status": "geverifieerd", "status-note": "Gedaan op 3/3"}
    )
    with app.app_context():
        action = db.session.get(Action, manual)
        assert action.status == "geverifieerd" and action.verification_evidence["kind"] == "manueel"
    assert "Nagekeken door Lies DPO" in client.get(f"/o/{org.slug}/acties/{manual}").get_data(as_text=True)


def test_closing_a_scan_action_by_hand_stays_unverified_until_a_scan_confirms(app, client, login, team):
    org = team["org"]
    finding_id = scan_finding(app, org)
    with app.app_context():
        action, _ = services.action_from_finding(
            db.session.get(Organisation, org.id),
            None,
            db.session.get(Finding, finding_id),
            assignee_id=team["staff"].id,
            notify=False,
        )
        db.session.commit()
        action_id = action.id
    login(team["staff"])
    response = client.post(
        f"/o/{org.slug}/acties/{action_id}/status", data={"status-status": "uitgevoerd"}, follow_redirects=True
    )
    assert "volgende scan" in response.get_data(as_text=True)
    with app.app_context():
        action = db.session.get(Action, action_id)
        assert (action.status, action.closed_unverified) == ("uitgevoerd", True)
    waiting = client.get(f"/o/{org.slug}/acties/?status=te_verifieren").get_data(as_text=True)
    assert "Geen HTTPS" in waiting and "niet geverifieerd" in waiting
    assert "niet geverifieerd" in client.get(f"/o/{org.slug}/acties/{action_id}").get_data(as_text=True)
    scan_finding(app, org, present=False)  # the next scan no longer sees it
    with app.app_context():
        action = db.session.get(Action, action_id)
        assert (action.status, action.closed_unverified) == ("geverifieerd", False)
        assert action.verification_evidence["note"] == "Scan van het kanaal"
    page = client.get(f"/o/{org.slug}/acties/{action_id}").get_data(as_text=True)
    assert "Verificatie" in page and "Scan van het kanaal" in page and "no_https" in page
    scan_finding(app, org, present=True)  # and it comes back
    with app.app_context():
        action = db.session.get(Action, action_id)
        assert (action.status, action.reopened_count) == ("open", 1)


def test_closing_a_register_action_whose_problem_is_fixed_verifies_it_at_once(
    app, client, login, team, create_activity
):
    from lokaal_avg.register import services as register
    from lokaal_avg.register.models import ProcessingActivity
    from lokaal_avg.remediation.register_checks import run_register_check
    from tests.remediation.helpers import complete

    org = team["org"]
    with app.app_context():
        data = complete(org.id, security_measures=None)
    activity = create_activity(org, name="Zonder maatregelen", department="Burgerzaken", **data)
    with app.app_context():
        fresh = db.session.get(Organisation, org.id)
        run_register_check(fresh)
        finding = db.session.scalars(select(Finding).where(Finding.code == "register_incomplete")).one()
        action, _ = services.action_from_finding(fresh, None, finding)
        register.update_activity(
            fresh, None, None, db.session.get(ProcessingActivity, activity.id), {"security_measures": "Versleuteling"}
        )
        db.session.commit()
        action_id = action.id
    login(team["admin"])
    response = client.post(
        f"/o/{org.slug}/acties/{action_id}/status", data={"status-status": "uitgevoerd"}, follow_redirects=True
    )
    assert "de actie is geverifieerd" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Action, action_id).status == "geverifieerd"


def test_what_each_role_may_do(app, client, login, team, make_action):
    org = team["org"]
    with app.app_context():
        burgerzaken = next(d.id for d in db.session.get(Organisation, org.id).departments if d.name == "Burgerzaken")
    mine = make_action(org, title="Van Sara", assignee_id=team["staff"].id)
    department = make_action(org, title="Van Burgerzaken", department_id=burgerzaken)
    elsewhere = make_action(org, title="Van Vrije tijd", assignee_id=team["other_staff"].id)
    base = f"/o/{org.slug}/acties"

    login(team["staff"])
    assert client.get(f"{base}/{mine}").status_code == 200
    assert client.get(f"{base}/{department}").status_code == 200  # their department's: readable
    assert client.get(f"{base}/{elsewhere}").status_code == 403
    plan = client.get(f"{base}/?status=alle").get_data(as_text=True)
    assert "Van Sara" in plan and "Van Burgerzaken" in plan and "Van Vrije tijd" not in plan
    assert client.post(f"{base}/{mine}/status", data={"status-status": "in_uitvoering"}).status_code == 302
    assert (
        client.post(f"{base}/{mine}/opmerking", data={"comment-body": "Bezig met de leverancier."}).status_code == 302
    )
    refused = client.post(
        f"{base}/{mine}/status",
        data={"status-status": "niet_van_toepassing", "status-note": "nee"},
        follow_redirects=True,
    )
    assert "Kies een geldige status" in refused.get_data(as_text=True)
    assert client.post(f"{base}/{department}/status", data={"status-status": "in_uitvoering"}).status_code == 403
    assert client.post(f"{base}/{department}/opmerking", data={"comment-body": "x"}).status_code == 403
    assert client.get(f"{base}/{mine}/bewerken").status_code == 403
    assert client.get(f"{base}/nieuw").status_code == 403
    with app.app_context():
        action = db.session.get(Action, mine)
        assert action.status == "in_uitvoering"
        assert [c.body for c in action.comments] == ["Bezig met de leverancier."]
    client.post("/logout")

    login(team["reader"])
    assert client.get(f"{base}/{elsewhere}").status_code == 200
    for path in (
        f"{base}/{mine}/status",
        f"{base}/{mine}/opmerking",
        f"{base}/nieuw",
        f"{base}/{mine}/bewerken",
        f"{base}/bevindingen/bulk",
    ):
        assert (
            client.post(path, data={"status-status": "open", "comment-body": "x", "title": "x"}).status_code == 403
        ), path
    client.post("/logout")

    login(team["admin"])
    response = client.post(
        f"{base}/{elsewhere}/bewerken",
        data={"title": "Van Vrije tijd", "priority": "hoog", "assignee_id": team["admin"].id},
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Action, elsewhere).assignee_id == team["admin"].id


def test_editing_an_action_whose_assignee_left_asks_for_someone_else(app, client, login, team, make_action):
    from lokaal_avg.accounts.models import Membership

    org = team["org"]
    action_id = make_action(org, title="Van iemand die vertrok", assignee_id=team["other_staff"].id)
    with app.app_context():
        db.session.delete(
            db.session.scalars(select(Membership).where(Membership.user_id == team["other_staff"].id)).one()
        )
        db.session.commit()
    login(team["dpo"])
    url = f"/o/{org.slug}/acties/{action_id}/bewerken"
    form = client.get(url).get_data(as_text=True)
    assert "Tom Vrije Tijd (kan geen acties meer uitvoeren)" in form
    response = client.post(
        url, data={"title": "Nieuwe titel", "priority": "midden", "assignee_id": team["other_staff"].id}
    )
    assert "kan in deze organisatie geen acties uitvoeren" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Action, action_id).title == "Van iemand die vertrok"
