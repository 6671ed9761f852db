"""The register check turns rule violations into findings, idempotently, and verifies actions."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db
from lokaal_avg.core.messages import render
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.processors.models import Processor
from lokaal_avg.register import services as register
from lokaal_avg.register.models import DataCategory, ProcessingActivity
from lokaal_avg.remediation import services
from lokaal_avg.remediation.models import Action, CheckRun, Finding
from lokaal_avg.remediation.register_checks import run_register_check
from tests.remediation.helpers import WELL_RUN, actions_of, complete, findings_of, ids


def check(app, org) -> None:
    with app.app_context():
        run_register_check(db.session.get(Organisation, org.id), None, "handmatig")
        db.session.commit()


def codes(app, org, resolved: bool = False) -> dict[str, list[str]]:
    """{code: [title, ...]} of the open (or resolved) findings."""
    with app.app_context():
        out: dict[str, list[str]] = {}
        for f in findings_of(org.id, resolved=resolved):
            out.setdefault(f.code, []).append(f.title)
        return out


def test_each_register_rule_becomes_a_finding(app, create_org, create_activity, create_processor):
    org = create_org(**WELL_RUN)
    with app.app_context():
        health = ids(DataCategory, org.id, "gezondheid")
        nrn = ids(DataCategory, org.id, "rijksregisternummer")
        criminal = ids(DataCategory, org.id, "strafrechtelijk")
        good = complete(org.id)
        incomplete = {"purposes": "Iets"}
        risky = complete(
            org.id,
            legal_basis="f",
            data_categories=health + nrn + criminal,
            third_country_transfers=True,
            transfer_details=None,
            dpia_criteria=["grote_schaal", "kwetsbare_betrokkenen"],
        )
    create_activity(org, name="In orde", **good)
    create_activity(org, name="Half ingevuld", **incomplete)
    create_activity(org, name="Riskant", **risky)
    check(app, org)
    found = codes(app, org)
    # A transfer without details is also a missing mandatory field (Art. 30.1.e).
    assert sorted(found["register_incomplete"]) == [
        "Half ingevuld: verplichte registervelden ontbreken",
        "Riskant: verplichte registervelden ontbreken",
    ]
    for code in (
        "register_legitimate_interest",
        "register_special_without_exception",
        "register_criminal_without_basis",
        "register_national_number_without_basis",
        "register_transfer_without_safeguards",
        "register_dpia_needed",
    ):
        assert [t.split(":")[0] for t in found[code]] == ["Riskant"], code
    assert not any(t.startswith("In orde") for titles in found.values() for t in titles)
    with app.app_context():
        missing = findings_of(org.id, code="register_incomplete")[0]
        assert "Bewaartermijn" in missing.evidence["missing"]
        assert "Bewaartermijn" in missing.fix


def test_processors_of_active_activities_need_a_valid_agreement(app, create_org, create_activity, create_processor):
    org = create_org(**WELL_RUN)
    unused = create_processor(org, name="Niet gebruikt")
    missing = create_processor(org, name="Zonder overeenkomst")
    expired = create_processor(
        org, name="Verlopen", agreement_signed_on=date(2020, 1, 1), agreement_expires_on=date(2021, 1, 1)
    )
    fine = create_processor(org, name="In orde", agreement_signed_on=date(2020, 1, 1))
    with app.app_context():
        data = complete(org.id, processors=[missing.id, expired.id, fine.id])
    create_activity(org, name="Bibliotheek", **data)
    check(app, org)
    titles = codes(app, org)["processor_agreement"]
    assert sorted(titles) == [
        "Verlopen: verwerkersovereenkomst verlopen",
        "Zonder overeenkomst: geen verwerkersovereenkomst",
    ]
    assert not any(unused.name in t for t in titles)


def test_organisation_basics_and_review_overdue(app, create_org, create_activity, create_user):
    org = create_org(dpo_name=None, security_plan_date=None, last_security_audit_date=date(2000, 1, 1))
    with app.app_context():
        data = complete(org.id)
    activity = create_activity(org, name="Oud goedgekeurd", **data)
    with app.app_context():
        entry = db.session.get(ProcessingActivity, activity.id)
        entry.status = "goedgekeurd"
        entry.status_changed_at = entry.last_reviewed_at = utcnow() - timedelta(days=400)
        db.session.commit()
    check(app, org)
    found = codes(app, org)
    assert {"org_no_dpo", "org_security_plan", "org_security_audit", "register_review_due"} <= set(found)


def test_rerunning_the_check_never_duplicates_findings_or_actions(app, create_org, create_activity):
    org = create_org()
    create_activity(org, name="Onvolledig")
    check(app, org)
    with app.app_context():
        fresh = db.session.get(Organisation, org.id)
        created = services.actions_from_findings(fresh, None, "midden")
        created += services.actions_from_findings(fresh, None, "hoog")
        db.session.commit()
        assert created
        before = (len(findings_of(org.id)), len(actions_of(org.id)))
    for _ in range(3):
        check(app, org)
        with app.app_context():
            again = services.actions_from_findings(db.session.get(Organisation, org.id), None, "hoog")
            db.session.commit()
            assert again == []
    with app.app_context():
        assert (len(findings_of(org.id)), len(actions_of(org.id))) == before
        assert (
            db.session.scalar(select(func.count()).select_from(CheckRun).where(CheckRun.organisation_id == org.id)) == 4
        )
        # every action still points at its own finding
        assert len({a.finding_id for a in actions_of(org.id)}) == len(actions_of(org.id))


def test_fixing_the_register_verifies_the_action_and_breaking_it_again_reopens_it(
    app, create_org, create_activity, create_user
):
    org = create_org(**WELL_RUN)
    admin = create_user(org=org, role="beheerder")
    with app.app_context():
        data = complete(org.id, retention=None)
    activity = create_activity(org, name="Zonder bewaartermijn", **data)
    check(app, org)
    with app.app_context():
        fresh = db.session.get(Organisation, org.id)
        finding = findings_of(org.id, code="register_incomplete")[0]
        action, made = services.action_from_finding(fresh, None, finding)
        assert made
        db.session.commit()
        action_id = action.id
    with app.app_context():
        entry = db.session.get(ProcessingActivity, activity.id)
        register.update_activity(db.session.get(Organisation, org.id), None, None, entry, {"retention": "10 jaar"})
        db.session.commit()
    check(app, org)
    with app.app_context():
        action = db.session.get(Action, action_id)
        assert action.status == "geverifieerd"
        assert action.verified_at is not None
        assert action.verification_evidence["kind"] == "register"
        assert "Registercontrole" in render(action.verification_evidence["note"])
        assert db.session.get(Finding, action.finding_id).resolved
    with app.app_context():
        entry = db.session.get(ProcessingActivity, activity.id)
        register.update_activity(db.session.get(Organisation, org.id), None, None, entry, {"retention": None})
        db.session.commit()
    check(app, org)
    with app.app_context():
        action = db.session.get(Action, action_id)
        assert (action.status, action.reopened_count, action.verified_at) == ("open", 1, None)
        assert len(findings_of(org.id, code="register_incomplete")) == 1  # the same finding came back
    assert admin  # the organisation has a member; nobody was assigned, so nobody is mailed


def test_ended_activities_are_not_checked(app, create_org, create_activity):
    org = create_org(**WELL_RUN)
    activity = create_activity(org, name="Stopgezet")
    check(app, org)
    assert "register_incomplete" in codes(app, org)
    with app.app_context():
        entry = db.session.get(ProcessingActivity, activity.id)
        register.end_activity(db.session.get(Organisation, org.id), None, entry, date.today(), None)
        db.session.commit()
    check(app, org)
    assert "register_incomplete" not in codes(app, org)
    assert "register_incomplete" in codes(app, org, resolved=True)


def test_findings_are_stored_in_dutch_whoever_runs_the_check(
    app, client, login, create_org, create_user, create_activity
):
    org = create_org(**WELL_RUN)
    user = create_user(org=org, role="functionaris")
    create_activity(org, name="Iets")
    login(user)
    client.post("/profiel", data={"name": "Gebruiker", "locale": "en", "save_profile": "1"})
    assert client.post(f"/o/{org.slug}/acties/controleren").status_code == 302
    with app.app_context():
        assert findings_of(org.id)[0].title.endswith("verplichte registervelden ontbreken")


def test_check_button_cli_and_automatic_check(app, client, login, runner, create_org, create_user, create_activity):
    org = create_org(**WELL_RUN)
    other = create_org(slug="anderorg", **WELL_RUN)
    create_activity(org, name="Iets")
    create_activity(other, name="Elders")
    lezer, staff = (
        create_user(org=org, role="lezer"),
        create_user(org=org, role="medewerker", departments=("Burgerzaken",)),
    )

    login(lezer)
    assert client.post(f"/o/{org.slug}/acties/controleren").status_code == 403
    # Opening the findings page runs the (stale) check automatically.
    page = client.get(f"/o/{org.slug}/acties/bevindingen/").get_data(as_text=True)
    assert "Iets: verplichte registervelden ontbreken" in page
    assert "automatisch" in page
    client.get(f"/o/{org.slug}/acties/bevindingen/")  # fresh now: no second run
    with app.app_context():
        assert (
            db.session.scalar(select(func.count()).select_from(CheckRun).where(CheckRun.organisation_id == org.id)) == 1
        )

    client.post("/logout")
    login(staff)
    response = client.post(f"/o/{org.slug}/acties/controleren", follow_redirects=True)
    assert "Register gecontroleerd: 0 nieuwe bevindingen" in response.get_data(as_text=True)

    result = runner.invoke(args=["check-register", "--org", "anderorg"])
    assert result.exit_code == 0, result.output
    assert "anderorg:" in result.output and f"{org.slug}:" not in result.output
    with app.app_context():
        assert findings_of(other.id)
    assert runner.invoke(args=["check-register", "--org", "bestaatniet"]).exit_code != 0


def test_a_check_costs_the_same_statements_for_a_small_and_a_large_register(
    app, create_org, create_activity, count_queries
):
    small, large = create_org(**WELL_RUN), create_org(**WELL_RUN)
    for i in range(3):
        create_activity(small, name=f"Klein {i}")
    with app.app_context():
        for i in range(60):
            register.create_activity(db.session.get(Organisation, large.id), None, {"name": f"Groot {i}"})
        db.session.commit()

    def statements(org) -> int:
        with count_queries() as counter:
            check(app, org)
        return counter.count

    assert statements(small) == statements(large)  # first run: everything new
    assert statements(small) == statements(large)  # re-run: everything seen again
    with app.app_context():
        assert len(findings_of(large.id)) == 60


def test_a_processor_finding_survives_missing_becoming_expired(app, create_org, create_activity, create_processor):
    """One finding whatever the agreement's state, so its action is not 'verified' by a new problem."""
    org = create_org(**WELL_RUN)
    vendor = create_processor(org, name="Leverancier")
    with app.app_context():
        data = complete(org.id, processors=[vendor.id])
    create_activity(org, name="Met leverancier", **data)
    check(app, org)
    with app.app_context():
        processor = db.session.get(Processor, vendor.id)
        processor.agreement_signed_on, processor.agreement_expires_on = date(2019, 1, 1), date(2020, 1, 1)
        db.session.commit()
    check(app, org)
    with app.app_context():
        rows = findings_of(org.id, code="processor_agreement")
        assert len(rows) == 1 and not rows[0].resolved
        assert rows[0].title.endswith("verwerkersovereenkomst verlopen")
