"""The 72-hour clock in Belgian time (across daylight-saving changes) and the e-mail alerts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from lokaal_avg.breaches import alerts
from lokaal_avg.breaches.clock import clock, from_local, to_local
from lokaal_avg.breaches.models import Breach
from lokaal_avg.core.extensions import db


@pytest.fixture
def people(create_org, create_user):
    org = create_org(slug="lekgem", dpo_name="Lies DPO")
    return {
        "org": org,
        "dpo": create_user(org=org, role="functionaris", name="Lies DPO", email="lies@lekgem.be"),
        "admin": create_user(org=org, role="beheerder", name="Bert Beheer", email="bert@lekgem.be"),
        "staff": create_user(
            org=org, role="medewerker", departments=("Burgerzaken",), name="Sara Loket", email="sara@lekgem.be"
        ),
        "reader": create_user(org=org, role="lezer", name="Lode Lezer", email="lode@lekgem.be"),
    }


@pytest.mark.parametrize(
    ("discovered", "deadline"),
    [
        # Spring forward (29 March 2026): 72 real hours end an hour later on the clock.
        (datetime(2026, 3, 27, 10, 0), datetime(2026, 3, 30, 11, 0)),
        # Fall back (25 October 2026): an hour earlier on the clock.
        (datetime(2026, 10, 23, 10, 0), datetime(2026, 10, 26, 9, 0)),
        # No change: a weekend counts like any other day.
        (datetime(2026, 6, 5, 16, 30), datetime(2026, 6, 8, 16, 30)),
    ],
)
def test_the_deadline_is_72_real_hours_in_brussels_time(discovered, deadline):
    breach = Breach(discovered_at=from_local(discovered))
    assert to_local(breach.deadline).replace(tzinfo=None) == deadline
    assert breach.deadline - breach.discovered_at == timedelta(hours=72)


def test_clock_states():
    discovered = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
    breach = Breach(discovered_at=discovered)
    assert clock(breach, discovered + timedelta(hours=1)).state == "lopend"
    assert clock(breach, discovered + timedelta(hours=50)).state == "dringend"
    assert clock(breach, discovered + timedelta(hours=69)).state == "kritiek"
    late = clock(breach, discovered + timedelta(hours=75, minutes=5))
    assert late.state == "verstreken" and "3 u 5 min over tijd" in late.text
    breach.notify_authority = False
    assert clock(breach, discovered + timedelta(hours=80)).state == "niet_nodig"


def test_the_form_takes_belgian_time_and_the_pages_show_the_deadline(app, client, login, people, smtp_server):
    org = people["org"]
    login(people["staff"])
    response = client.post(
        f"/o/{org.slug}/datalekken/nieuw",
        data={
            "title": "USB-stick met loonbrieven verloren",
            "description": "Een onversleutelde stick met loonbrieven is zoek.",
            "kinds": ["vertrouwelijkheid", "beschikbaarheid"],
            "discovered_at": "2026-03-27T10:00",
            "discovered_by": "Sara Loket",
        },
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "DL-001 USB-stick met loonbrieven verloren" in page
    assert "27 mrt 2026 10:00" in page and "30 mrt 2026 11:00" in page  # discovery and deadline, Brussels time
    assert "over tijd" in page  # long past by now
    listing = client.get(f"/o/{org.slug}/datalekken/?toon=alle").get_data(as_text=True)
    assert "uiterlijk 30 mrt 2026 11:00" in listing
    with app.app_context():
        stored = db.session.scalars(select(Breach).where(Breach.organisation_id == org.id)).one()
        assert stored.discovered_at == datetime(2026, 3, 27, 9, 0, tzinfo=UTC)
    # The functionaris and the beheerder are told at once; not the medewerker nor the lezer.
    assert sorted(m["To"].addresses[0].addr_spec for m in smtp_server.received) == ["bert@lekgem.be", "lies@lekgem.be"]
    message = smtp_server.to("lies@lekgem.be")[0]
    assert message["Subject"] == "Datalek DL-001 geregistreerd: USB-stick met loonbrieven verloren"
    text = smtp_server.text(message)
    assert "Sara Loket registreerde een datalek bij" in text and "30 mrt 2026 11:00" in text
    assert f"http://lokaal-avg.test/o/{org.slug}/datalekken/" in text


def test_a_discovery_in_the_future_is_refused_and_nothing_is_stored(app, client, login, people):
    login(people["dpo"])
    future = (datetime.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        f"/o/{people['org'].slug}/datalekken/nieuw",
        data={
            "title": "X",
            "description": "Y",
            "kinds": ["integriteit"],
            "discovered_at": future,
            "discovered_by": "Z",
        },
    )
    assert response.status_code == 200
    assert "Het moment van ontdekking ligt in de toekomst." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Breach)) == 0


def _age(app, breach_id: int, hours: float) -> None:
    """Move the discovery back so that the breach is `hours` old."""
    with app.app_context():
        breach = db.session.get(Breach, breach_id)
        breach.discovered_at = datetime.now(UTC) - timedelta(hours=hours)
        db.session.commit()


def test_alerts_at_24_and_4_hours_go_out_once_each(app, people, make_breach, smtp_server):
    breach_id = make_breach(people["org"], title="Phishing op de mailbox")
    _age(app, breach_id, 40)
    with app.app_context():
        assert alerts.send_due_alerts() == 0  # 32 hours left: nothing yet
        _age(app, breach_id, 49)
        assert alerts.send_due_alerts() == 2  # functionaris and beheerder
        assert alerts.send_due_alerts() == 0  # once
    subjects = {m["Subject"] for m in smtp_server.received}
    assert subjects == {"Datalek DL-001: nog 22 u 59 min om te melden"} or all(
        s.startswith("Datalek DL-001: nog 2") for s in subjects
    )
    _age(app, breach_id, 69)
    with app.app_context():
        assert alerts.send_due_alerts() == 2
        assert alerts.send_due_alerts() == 0
    assert len(smtp_server.received) == 4
    assert all("om te melden" in m["Subject"] for m in smtp_server.received)


def test_an_old_breach_gets_only_the_most_urgent_alert(app, people, make_breach, smtp_server, runner):
    breach_id = make_breach(people["org"])
    _age(app, breach_id, 70)
    result = runner.invoke(args=["breach-alerts"])
    assert result.exit_code == 0 and "2 waarschuwing(en) verstuurd" in result.output
    assert len(smtp_server.received) == 2
    with app.app_context():
        breach = db.session.get(Breach, breach_id)
        assert breach.alert_24h_at is not None and breach.alert_4h_at is not None
    assert runner.invoke(args=["breach-alerts"]).output.strip().endswith("0 waarschuwing(en) verstuurd.")


def test_no_alerts_once_notified_or_assessed_without_risk(app, people, make_breach, smtp_server):
    notified = make_breach(people["org"], title="Gemeld")
    no_risk = make_breach(people["org"], title="Zonder risico")
    with app.app_context():
        db.session.get(Breach, notified).authority_notified_at = datetime.now(UTC)
        db.session.get(Breach, no_risk).notify_authority = False
        db.session.commit()
    _age(app, notified, 60)
    _age(app, no_risk, 60)
    with app.app_context():
        assert alerts.send_due_alerts() == 0
    assert smtp_server.received == []


def test_a_failed_alert_is_tried_again(app, people, make_breach, no_smtp_server):
    breach_id = make_breach(people["org"])
    _age(app, breach_id, 50)
    with app.app_context():
        assert alerts.send_due_alerts() == 0
        assert db.session.get(Breach, breach_id).alert_24h_at is None  # claim given back


def test_who_records_the_breach_is_not_mailed_about_it(app, people, make_breach, smtp_server):
    make_breach(people["org"], people["dpo"], notify=True)
    assert [m["To"].addresses[0].addr_spec for m in smtp_server.received] == ["bert@lekgem.be"]


def test_an_external_dpo_without_an_account_gets_the_alert(app, create_org, create_user, make_breach, smtp_server):
    org = create_org(slug="extern", dpo_name="Karel Extern", dpo_email="dpo@intercommunale.be")
    create_user(org=org, role="beheerder", email="beheer@extern.be")
    make_breach(org, notify=True, title="Lek zonder functionaris-account")
    assert sorted(m["To"].addresses[0].addr_spec for m in smtp_server.received) == [
        "beheer@extern.be",
        "dpo@intercommunale.be",
    ]
    message = smtp_server.to("dpo@intercommunale.be")[0]
    assert "Dag Karel Extern" in smtp_server.text(message)
