"""The working views (plan, mine, per department, portfolio), exports, and their fixed query counts."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from lokaal_avg.accounts import members
from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.processors.models import Processor
from lokaal_avg.remediation.models import Action, ActionComment, Finding
from tests.remediation.helpers import WELL_RUN

STATES = ("open", "in_uitvoering", "wacht_op_derde", "uitgevoerd", "geverifieerd", "niet_van_toepassing")


def fill_plan(app, org, users, count: int, start: int = 0) -> None:
    """count actions of every kind: with and without finding, assignee, department, processor, comment."""
    with app.app_context():
        fresh = db.session.get(Organisation, org.id)
        departments = [d.id for d in fresh.departments]
        processor = Processor(organisation_id=org.id, name="Leverancier")
        db.session.add(processor)
        db.session.flush()
        now = utcnow()
        for i in range(start, start + count):
            finding = None
            if i % 2:
                finding = Finding(
                    organisation_id=org.id,
                    fingerprint=f"register:organisation:c:{i}",
                    source="register",
                    code="c",
                    key=str(i),
                    severity=("kritiek", "hoog", "midden", "laag")[i % 4],
                    title=f"Bevinding {i}",
                    processor_id=processor.id,
                    evidence={},
                    first_seen_at=now,
                    last_seen_at=now,
                )
                db.session.add(finding)
                db.session.flush()
            action = Action(
                organisation_id=org.id,
                title=f"Actie {i:03d}",
                priority=("hoog", "midden", "laag")[i % 3],
                status=STATES[i % len(STATES)],
                due_date=date.today() + timedelta(days=i % 40 - 20),
                assignee_id=users[i % len(users)].id if i % 5 else None,
                department_id=departments[i % len(departments)],
                finding_id=finding.id if finding else None,
                processor_id=processor.id if i % 3 == 0 else None,
                closed_unverified=STATES[i % len(STATES)] == "uitgevoerd",
                verification_evidence={},
            )
            db.session.add(action)
            db.session.flush()
            if i % 4 == 0:
                db.session.add(
                    ActionComment(organisation_id=org.id, action_id=action.id, author_id=users[0].id, body="x")
                )
        db.session.commit()


@pytest.fixture
def two_sizes(app, create_org, create_user):
    """The same four people in a small and a large organisation."""
    small, large = create_org(**WELL_RUN), create_org(**WELL_RUN)
    dpo = create_user(org=small, role="functionaris", name="Lies")
    staff = create_user(org=small, role="medewerker", departments=("Burgerzaken",), name="Sara")
    admin = create_user(org=small, role="beheerder", name="Koen")
    with app.app_context():
        for user, role, depts in (
            (dpo, "functionaris", []),
            (staff, "medewerker", ["Burgerzaken"]),
            (admin, "beheerder", []),
        ):
            fresh = db.session.get(Organisation, large.id)
            members.add_member(fresh, None, user.email, None, role, [d for d in fresh.departments if d.name in depts])
        db.session.commit()
    fill_plan(app, small, [dpo, staff, admin], 10)
    fill_plan(app, large, [dpo, staff, admin], 500)
    return {"small": small, "large": large, "dpo": dpo, "staff": staff}


def queries_of(client, count_queries, url: str) -> int:
    client.get(url)  # warm: the stale register check and the day's snapshot run once
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200, url
    return counter.count


PAGES = (
    "/acties/",
    "/acties/?status=alle&sort=toegewezen&dir=desc&page=2",
    "/acties/?status=alle&te_laat=1&prioriteit=hoog&bron=register",
    "/acties/mijn?status=alle",
    "/acties/diensten",
    "/acties/bevindingen/",
    "/acties/bevindingen/?staat=alle&ernst=hoog&zonder_actie=1",
    "/acties/export.csv?status=alle",
    "/acties/export.xlsx?status=alle",
    "/",
)


@pytest.mark.parametrize("role", ["dpo", "staff"])
def test_lists_cost_the_same_statements_for_10_and_500_actions(client, login, count_queries, two_sizes, role):
    login(two_sizes[role])
    for page in PAGES:
        small = queries_of(client, count_queries, f"/o/{two_sizes['small'].slug}{page}")
        large = queries_of(client, count_queries, f"/o/{two_sizes['large'].slug}{page}")
        assert small == large, page
    for page in ("/acties/", "/portfolio/acties", "/portfolio"):
        if role == "dpo" or page == "/acties/":
            assert queries_of(client, count_queries, page) > 0


def test_personal_pages_do_not_grow_with_the_plan(app, client, login, count_queries, create_org, create_user):
    org = create_org(**WELL_RUN)
    dpo = create_user(org=org, role="functionaris")
    login(dpo)
    fill_plan(app, org, [dpo], 10)
    before = {p: queries_of(client, count_queries, p) for p in ("/acties/", "/portfolio/acties", "/portfolio")}
    fill_plan(app, org, [dpo], 300, start=10)
    after = {p: queries_of(client, count_queries, p) for p in before}
    assert before == after


def test_filters_sorting_and_pagination(app, client, login, create_org, create_user, make_action):
    org = create_org(**WELL_RUN)
    dpo = create_user(org=org, role="functionaris", name="Lies")
    staff = create_user(org=org, role="medewerker", departments=("Burgerzaken",), name="Sara")
    fill_plan(app, org, [dpo, staff], 120)
    login(dpo)
    base = f"/o/{org.slug}/acties/"
    first = client.get(f"{base}?status=alle").get_data(as_text=True)
    assert "120 acties gevonden" in first and 'aria-label="Paginering"' in first
    last_page = client.get(f"{base}?status=alle&page=3").get_data(as_text=True)
    assert last_page.count('href="/o/' + org.slug + "/acties/") >= 20
    by_title = client.get(f"{base}?status=alle&sort=titel&dir=desc").get_data(as_text=True)
    assert by_title.index("Actie 119") < by_title.index("Actie 118")
    overdue = client.get(f"{base}?te_laat=1").get_data(as_text=True)
    with app.app_context():
        expected = [
            a.title
            for a in db.session.scalars(db.select(Action).where(Action.organisation_id == org.id))
            if a.due_date < date.today() and a.status in ("open", "in_uitvoering", "wacht_op_derde")
        ]
    assert f"{len(expected)} acties gevonden" in overdue
    mine = client.get(f"{base}?status=alle&toegewezen={staff.id}").get_data(as_text=True)
    with app.app_context():
        sara = db.session.scalar(db.select(db.func.count()).select_from(Action).where(Action.assignee_id == staff.id))
    assert f"{sara} acties gevonden" in mine
    nobody = client.get(f"{base}?status=alle&toegewezen=niemand").get_data(as_text=True)
    assert "24 acties gevonden" in nobody  # every fifth
    departments = client.get(f"/o/{org.slug}/acties/diensten").get_data(as_text=True)
    assert "Burgerzaken" in departments and "Vrije tijd" in departments


def test_csv_export_opens_in_excel_nl_be(app, client, login, create_org, create_user, make_action):
    org = create_org(**WELL_RUN)
    dpo = create_user(org=org, role="functionaris")
    make_action(org, title="=SOM(A1:A9) is geen formule", priority="hoog", due_date=date(2027, 1, 31))
    make_action(org, title="Laag en later", priority="laag")
    login(dpo)
    response = client.get(f"/o/{org.slug}/acties/export.csv?prioriteit=hoog")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Nr.", "Titel", "Omschrijving"]
    assert len(rows) == 2  # the filter applies to the export
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Titel"] == "'=SOM(A1:A9) is geen formule"
    assert (row["Deadline"], row["Prioriteit"], row["Status"]) == ("2027-01-31", "Hoog", "Open")
    assert client.get(f"/o/{org.slug}/acties/export.pdf").status_code == 404


def test_xlsx_export_has_a_header_widths_and_real_dates(app, client, login, create_org, create_user, make_action):
    org = create_org(**WELL_RUN)
    dpo = create_user(org=org, role="functionaris")
    make_action(org, title="=1+1", due_date=date(2027, 2, 1), assignee_id=dpo.id)
    login(dpo)
    response = client.get(f"/o/{org.slug}/acties/export.xlsx")
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    assert sheet.title == "Actieplan"
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["Nr.", "Titel"] and all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    values = dict(zip(header, list(sheet[2]), strict=True))
    assert values["Titel"].value == "=1+1" and values["Titel"].data_type == "s"
    assert values["Deadline"].is_date and values["Deadline"].value.date() == date(2027, 2, 1)
    assert sheet.column_dimensions["B"].width == 50


def test_staff_export_holds_only_what_they_may_see(app, client, login, create_org, create_user, make_action):
    org = create_org(**WELL_RUN)
    staff = create_user(org=org, role="medewerker", departments=("Burgerzaken",))
    make_action(org, title="Van mij", assignee_id=staff.id)
    make_action(org, title="Niet van mij")
    login(staff)
    body = client.get(f"/o/{org.slug}/acties/export.csv").get_data().decode("utf-8-sig")
    assert "Van mij" in body and "Niet van mij" not in body


def test_portfolio_and_my_actions_across_organisations(app, client, login, create_org, create_user, make_action):
    first, second = create_org(slug="eerste", name="Gemeente Eerste"), create_org(slug="tweede", name="OCMW Tweede")
    dpo = create_user(org=first, role="functionaris", name="Lies")
    staff = create_user(org=first, role="beheerder", name="Koen")
    with app.app_context():
        members.add_member(db.session.get(Organisation, second.id), None, dpo.email, None, "functionaris", [])
        db.session.commit()
    make_action(first, title="Eerste te laat", assignee_id=dpo.id, due_date=date.today() - timedelta(days=3))
    make_action(second, title="Tweede voor Lies", assignee_id=dpo.id)
    make_action(second, title="Tweede van niemand", due_date=date.today() - timedelta(days=1))
    login(dpo)
    portfolio = client.get("/portfolio/acties").get_data(as_text=True)
    assert "Gemeente Eerste" in portfolio and "OCMW Tweede" in portfolio
    assert "Eerste te laat" in portfolio and "Tweede van niemand" in portfolio
    register_portfolio = client.get("/portfolio").get_data(as_text=True)
    assert "Lopende acties" in register_portfolio and "/portfolio/acties" in register_portfolio
    everywhere = client.get("/acties/").get_data(as_text=True)
    assert "Eerste te laat" in everywhere and "Tweede voor Lies" in everywhere
    assert "Tweede van niemand" not in everywhere
    client.post("/logout")
    login(staff)
    assert client.get("/portfolio/acties").status_code == 404  # not a functionaris anywhere
    assert "Eerste te laat" not in client.get("/acties/").get_data(as_text=True)


def test_register_entry_shows_its_actions(app, client, login, create_org, create_user, create_activity, make_action):
    org = create_org(**WELL_RUN)
    dpo = create_user(org=org, role="functionaris")
    activity = create_activity(org, name="Bibliotheek", department="Vrije tijd")
    make_action(org, title="Bewaartermijn bibliotheek bepalen", activity_id=activity.id, assignee_id=dpo.id)
    login(dpo)
    page = client.get(f"/o/{org.slug}/register/{activity.id}").get_data(as_text=True)
    assert "Bewaartermijn bibliotheek bepalen" in page and f"/acties/nieuw?activity_id={activity.id}" in page


def test_pages_are_self_contained_and_every_field_is_labelled(app, client, login, create_org, create_user, make_action):
    import re

    org = create_org(**WELL_RUN)
    dpo = create_user(org=org, role="functionaris")
    action_id = make_action(org, title="Iets", assignee_id=dpo.id)
    login(dpo)
    base = f"/o/{org.slug}/acties"
    pages = [
        f"{base}/",
        f"{base}/mijn",
        f"{base}/diensten",
        f"{base}/bevindingen/",
        f"{base}/nieuw",
        f"{base}/{action_id}",
        f"{base}/{action_id}/bewerken",
        "/acties/",
        "/portfolio/acties",
        "/profiel",
        f"/o/{org.slug}/",
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        html = response.get_data(as_text=True)
        for url in re.findall(r'(?:src|href|action)="([^"]+)"', html):
            assert not url.startswith(("http:", "https:", "//")), (page, url)
        assert " style=" not in html and "<script>" not in html, page
        ids = re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html)
        labelled = set(re.findall(r'<label[^>]*for="([^"]+)"', html))
        assert not [i for i in ids if i not in labelled and not i.endswith("csrf_token")], page
