"""Bad or odd input on the breach pages: a clear Dutch answer, never a 500, nothing stored lost."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from lokaal_avg.breaches.models import Breach
from lokaal_avg.core.extensions import db


@pytest.fixture
def setting(create_org, create_user):
    org, other = create_org(slug="robuust"), create_org(slug="anderen")
    return org, other, create_user(org=org, role="functionaris")


def base(**extra):
    return {"title": "Lek", "description": "Iets", "kinds": ["integriteit"], "discovered_by": "Ik", **extra}


@pytest.mark.parametrize(
    ("local", "utc"),
    [
        ("2026-03-29T02:30", datetime(2026, 3, 29, 1, 30, tzinfo=UTC)),  # does not exist (clocks jump 2:00 -> 3:00)
        ("2026-10-25T02:30", datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),  # happens twice: the first one (summer time)
    ],
)
def test_times_around_the_daylight_saving_change_are_accepted(app, client, login, setting, local, utc):
    org, _other, dpo = setting
    login(dpo)
    response = client.post(f"/o/{org.slug}/datalekken/nieuw", data=base(discovered_at=local))
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalars(select(Breach.discovered_at)).one() == utc


def test_foreign_ids_huge_numbers_and_garbage_are_refused(app, client, login, setting, create_activity, make_breach):
    org, other, dpo = setting
    foreign = create_activity(other, name="Van een ander")
    breach_id = make_breach(org, title="Bestaand lek", subjects_estimate=7)
    login(dpo)
    for data in (
        base(discovered_at="2026-01-05T10:00", activities=[foreign.id]),
        base(discovered_at="2026-01-05T10:00", subjects_estimate="99999999999999999999"),
        base(discovered_at="gisteren"),
        base(discovered_at="2026-01-05T10:00", kinds=["iets"]),
        base(discovered_at="2026-01-05T10:00", title="   "),
    ):
        response = client.post(f"/o/{org.slug}/datalekken/{breach_id}/bewerken", data=data)
        assert response.status_code == 200, data
        page = response.get_data(as_text=True)
        assert "invalid-feedback" in page or "alert-danger" in page, data
    with app.app_context():
        breach = db.session.get(Breach, breach_id)
        assert (breach.title, breach.subjects_estimate, breach.activities) == ("Bestaand lek", 7, [])
    assert client.get(f"/o/{org.slug}/datalekken/?toon=<script>&page=99999999999999999999").status_code == 200
    assert client.get(f"/o/{org.slug}/datalekken/99999999999999999999").status_code == 404


def test_a_notification_before_the_discovery_is_refused(app, client, login, setting, make_breach):
    org, _other, dpo = setting
    breach_id = make_breach(org, discovered_at=datetime(2026, 5, 4, 8, 0, tzinfo=UTC))
    login(dpo)
    response = client.post(
        f"/o/{org.slug}/datalekken/{breach_id}/melding",
        data={"notified_at": "2026-05-01T10:00", "language": "nl", "text": "Melding"},
    )
    assert "De melding kan niet vóór de ontdekking liggen." in response.get_data(as_text=True)
    response = client.post(
        f"/o/{org.slug}/datalekken/{breach_id}/risico", data={"reasoning": "x", "level": "hoog", "exception": "raar"}
    )
    assert response.status_code == 200
    with app.app_context():
        assert db.session.get(Breach, breach_id).risk_level is None


def test_the_service_refuses_an_incomplete_record(app, setting):
    from lokaal_avg.breaches import services
    from lokaal_avg.organisations.models import Organisation

    org, _other, _dpo = setting
    moment = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
    with app.app_context():
        fresh = db.session.get(Organisation, org.id)
        for data in (
            {"title": "Lek", "discovered_at": moment, "discovered_by": "Ik", "description": "Iets"},
            {"title": "Lek", "discovered_at": moment, "kinds": ["integriteit"], "description": "  "},
        ):
            with pytest.raises(services.BreachError):
                services.create_breach(fresh, None, data)
        assert db.session.scalar(select(db.func.count()).select_from(Breach)) == 0
