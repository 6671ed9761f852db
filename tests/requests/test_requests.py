"""Data-subject requests: deadlines (months, weekends, Belgian holidays), extension, refusal,
which rights apply, follow-up lists, figures, purge and roles."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from lokaal_avg.audit.models import AuditEntry
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.requests import queries
from lokaal_avg.requests.deadlines import belgian_today, due_date
from lokaal_avg.requests.models import SubjectRequest


@pytest.mark.parametrize(
    ("received", "extended", "due"),
    [
        (date(2026, 3, 10), False, date(2026, 4, 10)),  # a Friday: the same date a month later
        (date(2026, 1, 31), False, date(2026, 3, 2)),  # 28 Feb 2026 is a Saturday -> Monday 2 March
        (date(2026, 3, 31), False, date(2026, 4, 30)),  # no 31 April: the month's last day
        (date(2026, 10, 11), False, date(2026, 11, 12)),  # 11 November (Armistice) -> the next working day
        (date(2026, 3, 6), False, date(2026, 4, 7)),  # 6 April 2026 is Easter Monday
        (date(2026, 1, 15), True, date(2026, 4, 15)),  # extended: three months
        (date(2026, 5, 1), True, date(2026, 8, 3)),  # 1 Aug 2026 is a Saturday
    ],
)
def test_the_deadline_follows_months_weekends_and_belgian_holidays(received, extended, due):
    assert due_date(received, extended) == due


@pytest.fixture
def org(create_org):
    return create_org(slug="rechtgem")


@pytest.fixture
def dpo(org, create_user):
    return create_user(org=org, role="functionaris", name="Lies DPO")


def test_a_request_from_logging_to_refusal(app, client, login, org, dpo, create_activity):
    activity = create_activity(org, department="Burgerzaken", name="Bevolkingsregister", legal_basis="e")
    login(dpo)
    received = belgian_today() - timedelta(days=10)
    response = client.post(
        f"/o/{org.slug}/verzoeken/nieuw",
        data={
            "kind": "overdraagbaarheid",
            "received_on": received.isoformat(),
            "received_via": "email",
            "summary": "Wil zijn gegevens in een bestand.",
            "requester_reference": "BZ/2026/88",
            "requester_contact": "jan@example.be",
            "identity_verified_on": received.isoformat(),
            "identity_verification": "eID aan de balie",
            "activities": [activity.id],
            "handler_id": dpo.id,
        },
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "Verzoek VZ-001 geregistreerd; antwoorden uiterlijk op" in page
    # Public task: portability does not apply, and the page says why.
    assert "Overdraagbaarheid geldt alleen bij toestemming of een overeenkomst" in page
    assert "niet van toepassing" in page
    with app.app_context():
        item = db.session.scalars(select(SubjectRequest).where(SubjectRequest.organisation_id == org.id)).one()
        first_due = item.due_on
        assert first_due == due_date(received)
        # The contact is not copied into the audit trail (it is purged later).
        assert "jan@example.be" not in str(db.session.scalars(select(AuditEntry.changes)).all())
    # Extension: the reason and telling the person are required, within the first month.
    base = f"/o/{org.slug}/verzoeken/{item.id}"
    page = client.post(
        f"{base}/verlengen",
        data={"extend-reason": "", "extend-told_on": belgian_today().isoformat()},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Vul de reden en de datum in" in page
    page = client.post(
        f"{base}/verlengen",
        data={
            "extend-reason": "Gegevens uit drie systemen samenbrengen.",
            "extend-told_on": belgian_today().isoformat(),
        },
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Termijn verlengd tot" in page and "verlengd" in page
    with app.app_context():
        assert db.session.get(SubjectRequest, item.id).due_on == due_date(received, extended=True)
    page = client.post(
        f"{base}/verlengen",
        data={"extend-reason": "Nog eens.", "extend-told_on": belgian_today().isoformat()},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "al verlengd" in page
    # Refusal: the reasons are required; the answer names the right to complain and go to court.
    close = {
        "close-outcome": "geweigerd",
        "close-answered_on": belgian_today().isoformat(),
        "close-answer": "Geweigerd.",
    }
    page = client.post(f"{base}/afhandelen", data=close, follow_redirects=True).get_data(as_text=True)
    assert "Een weigering vermeldt de redenen" in page
    close["close-refusal_reason"] = "Verwerking op grond van een taak van algemeen belang (Art. 20 AVG)."
    page = client.post(f"{base}/afhandelen", data=close, follow_redirects=True).get_data(as_text=True)
    assert "Kies de grond van de weigering." in page
    close["close-refusal_ground"] = "recht_geldt_niet"
    page = client.post(f"{base}/afhandelen", data=close, follow_redirects=True).get_data(as_text=True)
    assert "Verzoek afgehandeld." in page and "Geweigerd" in page
    assert "klacht indienen bij de toezichthouder en beroep instellen bij de rechter" in page
    assert "Het recht geldt niet voor deze verwerking" in page
    with app.app_context():
        item = db.session.get(SubjectRequest, item.id)
        assert item.status == "geweigerd" and item.purge_after is not None


def test_extension_must_be_told_within_the_first_month(app, client, login, org, dpo, make_request):
    request_id = make_request(org, dpo, received_on=belgian_today() - timedelta(days=60))
    login(dpo)
    page = client.post(
        f"/o/{org.slug}/verzoeken/{request_id}/verlengen",
        data={"extend-reason": "Complex.", "extend-told_on": belgian_today().isoformat()},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "binnen de eerste maand" in page


def test_followup_lists_overdue_and_due_within_a_week(app, client, login, org, dpo, make_request, create_user):
    late = make_request(org, dpo, kind="wissing", received_on=belgian_today() - timedelta(days=50), handler_id=dpo.id)
    soon = make_request(org, dpo, kind="inzage", received_on=belgian_today() - timedelta(days=27))
    later = make_request(org, dpo, kind="bezwaar", received_on=belgian_today() - timedelta(days=1))
    login(dpo)
    page = client.get(f"/o/{org.slug}/verzoeken/opvolging").get_data(as_text=True)
    overdue_part, soon_part = page.split("Binnen 7 dagen te beantwoorden")
    assert "VZ-001" in overdue_part and "te laat" in overdue_part
    assert "VZ-002" in soon_part and "VZ-003" not in page
    mine = client.get(f"/o/{org.slug}/verzoeken/opvolging?mijn=1").get_data(as_text=True)
    assert "VZ-001" in mine and "VZ-002" not in mine
    with app.app_context():
        fresh = db.session.get(Organisation, org.id)
        due = queries.due(fresh)
        assert [r.id for r in due.overdue] == [late] and [r.id for r in due.soon] == [soon]
        figures = queries.dashboard_figures(fresh)
        assert (figures.open, figures.overdue, figures.due_soon) == (3, 1, 1)
        from lokaal_avg.accounts.models import User

        [(group_org, bucket)] = queries.due_for_user(db.session.get(User, dpo.id))
        assert group_org.id == org.id and [r.id for r in bucket.overdue] == [late] and bucket.soon == []
    assert later


def test_figures_per_type_and_month(app, client, login, org, dpo, make_request):
    today = belgian_today()
    make_request(org, dpo, kind="inzage", received_on=today)
    make_request(org, dpo, kind="inzage", received_on=today)
    make_request(org, dpo, kind="wissing", received_on=today)
    login(dpo)
    page = client.get(f"/o/{org.slug}/verzoeken/cijfers").get_data(as_text=True)
    assert f"{today:%Y-%m}" in page
    row = page.split(">Inzage</th>")[1].split("</tr>")[0]
    assert row.count('<td class="text-end">2</td>') == 1 and '<td class="text-end fw-semibold">2</td>' in row
    with app.app_context():
        counts, months = queries.figures_by_month(db.session.get(Organisation, org.id))
        summary = queries.dossier_section(db.session.get(Organisation, org.id))
    assert counts[("inzage", f"{today:%Y-%m}")] == 2 and len(months) == 12
    assert summary.total == 3 and summary.by_kind["wissing"]["open"] == 1


def test_purge_removes_the_requester_after_the_retention_period(app, client, login, org, dpo, make_request, runner):
    request_id = make_request(
        org,
        dpo,
        received_on=belgian_today() - timedelta(days=500),
        requester_reference="REF-9",
        requester_contact="x@y.be",
    )
    login(dpo)
    client.post(
        f"/o/{org.slug}/verzoeken/{request_id}/afhandelen",
        data={
            "close-outcome": "beantwoord",
            "close-answered_on": (belgian_today() - timedelta(days=400)).isoformat(),
            "close-answer": "Kopie van het dossier bezorgd.",
        },
    )
    recent = make_request(org, dpo, requester_contact="blijft@y.be")
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0 and "gegevens van 1 aanvrager(s) verwijderd" in result.output
    with app.app_context():
        purged, kept = db.session.get(SubjectRequest, request_id), db.session.get(SubjectRequest, recent)
        assert (purged.requester_reference, purged.requester_contact) == (None, None) and purged.purged_at
        assert kept.requester_contact == "blijft@y.be"
    page = client.get(f"/o/{org.slug}/verzoeken/{request_id}").get_data(as_text=True)
    assert "x@y.be" not in page and "bewaartermijn voorbij" in page
    assert "0 aanvrager(s)" in runner.invoke(args=["purge"]).output


def test_roles(app, client, login, org, dpo, create_user, create_activity, make_request):
    own = create_activity(org, department="Burgerzaken", name="Identiteitskaarten")
    other = create_activity(org, department="Vrije tijd", name="Speelplein")
    own_id = make_request(org, dpo, summary="Verzoek burgerzaken", activities=[own.id])
    other_id = make_request(org, dpo, summary="Verzoek vrije tijd", activities=[other.id])
    staff = create_user(org=org, role="medewerker", departments=("Burgerzaken",))
    login(staff)
    listing = client.get(f"/o/{org.slug}/verzoeken/?toon=alle").get_data(as_text=True)
    assert "VZ-001" in listing and "VZ-002" not in listing
    assert client.get(f"/o/{org.slug}/verzoeken/{other_id}").status_code == 404
    assert client.get(f"/o/{org.slug}/verzoeken/{own_id}/bewerken").status_code == 200
    client.post("/logout")
    login(create_user(org=org, role="lezer"))
    assert "VZ-002" in client.get(f"/o/{org.slug}/verzoeken/?toon=alle").get_data(as_text=True)
    assert client.get(f"/o/{org.slug}/verzoeken/nieuw").status_code == 403
    assert client.post(f"/o/{org.slug}/verzoeken/{own_id}/afhandelen").status_code == 403


def test_bad_input_gets_a_dutch_message_not_a_500(app, client, login, org, dpo):
    login(dpo)
    response = client.post(
        f"/o/{org.slug}/verzoeken/nieuw",
        data={
            "kind": "inzage",
            "received_on": (belgian_today() + timedelta(days=3)).isoformat(),
            "received_via": "email",
        },
    )
    assert response.status_code == 200
    assert "De datum van ontvangst ligt in de toekomst." in response.get_data(as_text=True)
    response = client.post(f"/o/{org.slug}/verzoeken/nieuw", data={"kind": "hack", "received_on": "gisteren"})
    assert response.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(SubjectRequest)) == 0


def test_the_digest_section_lists_a_handlers_due_requests(app, org, dpo, make_request, create_user):
    from flask import render_template_string

    from lokaal_avg.accounts.models import User
    from lokaal_avg.requests.reminders import digest_section

    other = create_user(org=org, role="medewerker", departments=("Burgerzaken",))
    make_request(org, dpo, kind="wissing", received_on=belgian_today() - timedelta(days=45), handler_id=dpo.id)
    make_request(org, dpo, kind="inzage", received_on=belgian_today() - timedelta(days=45), handler_id=other.id)
    with app.test_request_context():
        section = digest_section(db.session.get(User, dpo.id), belgian_today())
        assert digest_section(db.session.get(User, dpo.id), belgian_today() - timedelta(days=60)) is None
        text = render_template_string('{% include "emails/_requests_due.txt" %}', request_section=section)
        html = render_template_string('{% include "emails/_requests_due.html" %}', request_section=section)
    assert section.count == 1
    assert "VZ-001 Wissing" in text and "(te laat)" in text and "VZ-002" not in text
    assert f'href="http://lokaal-avg.test/o/{org.slug}/verzoeken/' in html
