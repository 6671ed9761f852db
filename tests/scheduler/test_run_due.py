"""Rounds of the scheduler in the suite's app (jobs run inline): what is due starts, within limits, once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from lokaal_avg.accounts import members
from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db
from lokaal_avg.jobs.models import Job
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.remediation import services as remediation
from lokaal_avg.remediation.models import Action, Finding
from lokaal_avg.scanning.models import Scan
from lokaal_avg.scheduler.models import ScheduleSlot
from lokaal_avg.scheduler.services import run_due
from tests.scanning_app.site import contact_page

UNREACHABLE = "http://127.0.0.1:9/formulier"


def scans_of(channel_id: int) -> int:
    return len(db.session.scalars(select(Scan.id).where(Scan.channel_id == channel_id)).all())


def test_verification_and_reopening_happen_without_anyone_clicking(app, create_org, create_channel, site, unique_path):
    org = create_org()
    url = site.page(unique_path, contact_page(tracker=True))
    channel = create_channel(org, name="Contactformulier", url=url)
    start = utcnow()
    with app.app_context():
        report = run_due(now=start)
        assert {key for key, _ in report.started} == {f"scan:{channel.id}", f"register:{org.id}"}
        tracker = db.session.scalars(
            select(Finding).where(Finding.channel_id == channel.id, Finding.code.contains("tracker"))
        ).one()
        action, _ = remediation.action_from_finding(db.session.get(Organisation, org.id), None, tracker)
        db.session.commit()
        action_id = action.id

    site.page(unique_path, contact_page())  # the vendor removes the tracker; nobody tells the application
    with app.app_context():
        assert run_due(now=start + timedelta(hours=2)).started == []  # a week has not passed
        report = run_due(now=start + timedelta(days=7, hours=1))
        assert f"scan:{channel.id}" in {key for key, _ in report.started}
        assert db.session.get(Action, action_id).status == "geverifieerd"
        assert scans_of(channel.id) == 2

    site.page(unique_path, contact_page(tracker=True))  # a new version of the site brings it back
    with app.app_context():
        run_due(now=start + timedelta(days=14, hours=2))
        assert db.session.get(Action, action_id).status == "open"
        assert scans_of(channel.id) == 3


def test_limits_per_organisation_and_in_all_and_a_busy_channel_is_not_started_again(
    app, create_org, create_channel, monkeypatch
):
    monkeypatch.setitem(app.config, "SCHEDULER_MAX_RUNNING", 3)
    monkeypatch.setitem(app.config, "SCHEDULER_MAX_RUNNING_PER_ORG", 2)
    first, second = create_org(), create_org()
    channels = [
        create_channel(org, name=f"Formulier {n}", url=f"{UNREACHABLE}/{n}")
        for org in (first, second)
        for n in range(2)
    ]
    with app.app_context():
        # A scan of the first channel that a worker is running right now (started by hand).
        db.session.add(
            Job(organisation_id=first.id, kind="scan_channels", params={"channel_ids": [channels[0].id]}, state="bezig")
        )
        db.session.commit()
        report = run_due()
        started = {key for key, _ in report.started}
    assert f"scan:{channels[0].id}" not in started and report.busy == 1
    assert len(started) == 2 and report.deferred == 3  # 1 running + 2 started = 3 in all
    per_org = {
        org.id: sum(
            1
            for key in started
            if key.startswith("scan:") and int(key[5:]) in {c.id for c in channels if c.organisation_id == org.id}
        )
        for org in (first, second)
    }
    assert per_org[first.id] <= 1  # the running scan counts for the first organisation's limit of 2


def test_frequency_from_the_channel_form_and_the_planning_page(
    app, client, login, create_org, create_user, create_channel
):
    org = create_org()
    channel = create_channel(org, name="E-loket attesten", kind="e_loket", url=UNREACHABLE)
    create_channel(org, name="Onthaal", kind="telefoon", url=None)
    login(create_user(org=org, role="beheerder"))
    form = client.get(f"/o/{org.slug}/kanalen/{channel.id}/bewerken").get_data(as_text=True)
    assert '<option selected value="wekelijks">' in form  # the default for web channels
    data = {
        "name": "E-loket attesten",
        "kind": "e_loket",
        "url": UNREACHABLE,
        "vendor_id": 0,
        "authentication": "geen",
        "department_id": 0,
        "scan_frequency": "maandelijks",
    }
    assert client.post(f"/o/{org.slug}/kanalen/{channel.id}/bewerken", data=data).status_code == 302
    refused = client.post(f"/o/{org.slug}/kanalen/{channel.id}/bewerken", data={**data, "scan_frequency": "elk uur"})
    assert refused.status_code == 200 and "is-invalid" in refused.get_data(as_text=True)
    planning = client.get(f"/o/{org.slug}/planning/").get_data(as_text=True)
    assert "E-loket attesten" in planning and "Onthaal" not in planning
    assert "Elke maand" in planning and "bij de volgende ronde van de planner" in planning

    start = datetime(2026, 10, 20, 22, 0, tzinfo=UTC)  # Wednesday 21 October, 00:00 in Brussels
    with app.app_context():
        run_due(now=start)
        slot = db.session.scalars(select(ScheduleSlot).where(ScheduleSlot.channel_id == channel.id)).one()
        register = db.session.scalars(select(ScheduleSlot).where(ScheduleSlot.key == f"register:{org.id}")).one()
        assert slot.last_started_at == start and register.last_job.state == "klaar"
        # Daily check: midnight in Brussels again, although winter time started in between... only on the 25th.
        assert register.next_run_at == datetime(2026, 10, 21, 22, 0, tzinfo=UTC)
    planning = client.get(f"/o/{org.slug}/planning/").get_data(as_text=True)
    assert "klaar" in planning

    data["scan_frequency"] = "handmatig"
    client.post(f"/o/{org.slug}/kanalen/{channel.id}/bewerken", data=data)
    with app.app_context():
        started = run_due(now=start + timedelta(days=40)).started
        assert [key for key, _ in started] == [f"register:{org.id}"]  # the channel is scanned on request only
    assert "alleen op vraag" in client.get(f"/o/{org.slug}/planning/").get_data(as_text=True)


def test_register_check_runs_daily_across_the_change_to_winter_time(app, create_org):
    org = create_org()
    saturday = datetime(2026, 10, 24, 4, 0, tzinfo=UTC)  # 06:00 in Brussels (summer time)
    with app.app_context():
        assert run_due(now=saturday).started[0][0] == f"register:{org.id}"
        assert run_due(now=saturday + timedelta(hours=23)).started == []
        slot = db.session.scalars(select(ScheduleSlot).where(ScheduleSlot.key == f"register:{org.id}")).one()
        sunday = slot.next_run_at
        assert sunday == datetime(2026, 10, 25, 5, 0, tzinfo=UTC)  # 06:00 in Brussels (winter time): 25 hours
        assert run_due(now=sunday).started[0][0] == f"register:{org.id}"
        jobs = db.session.scalars(select(Job).where(Job.organisation_id == org.id, Job.kind == "register_check")).all()
    assert [j.state for j in jobs] == ["klaar", "klaar"]
    assert "Register gecontroleerd" in jobs[0].message


def test_planning_page_does_not_grow_in_queries(
    app, client, login, create_org, create_user, create_channel, count_queries, monkeypatch
):
    small, large = create_org(), create_org()
    for org, n in ((small, 1), (large, 6)):
        for i in range(n):
            create_channel(org, name=f"Formulier {i}", url=f"{UNREACHABLE}/{org.slug}/{i}")
    monkeypatch.setitem(app.config, "SCHEDULER_MAX_RUNNING_PER_ORG", 10)
    monkeypatch.setitem(app.config, "SCHEDULER_MAX_RUNNING", 20)
    with app.app_context():
        run_due()
    user = create_user(org=small, role="lezer")
    with app.app_context():
        members.add_member(db.session.get(Organisation, large.id), None, user.email, None, "lezer", [])
        db.session.commit()
    login(user)
    counts = []
    for org in (small, large):
        with count_queries() as counter:
            page = client.get(f"/o/{org.slug}/planning/").get_data(as_text=True)
        counts.append(counter.count)
        assert page.count("klaar") >= 2  # the register check and the scans ran
    assert counts[0] == counts[1]
