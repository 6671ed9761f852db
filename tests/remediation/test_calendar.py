"""The personal iCalendar feed: a secret URL, valid RFC 5545, revocable."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import select

from lokaal_avg.accounts.models import User
from lokaal_avg.core.extensions import db
from lokaal_avg.remediation import calendar
from lokaal_avg.remediation.models import Action


def feed_url(html: str) -> str:
    return re.search(r'id="feed" type="text" readonly value="([^"]+)"', html).group(1)


def unfold(body: str) -> list[str]:
    """RFC 5545 3.1: a CRLF followed by one space or tab continues the previous line."""
    return re.sub(r"\r\n[ \t]", "", body).split("\r\n")


def parse_events(body: str) -> list[dict[str, str]]:
    lines = unfold(body)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    events, current = [], None
    for line in lines[1:-2]:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name] = value
    assert current is None
    return events


def test_feed_lists_open_actions_and_revoking_it_gives_404(app, client, login, create_org, create_user, make_action):
    org = create_org(slug="agendagem", name="Gemeente Agendagem")
    user = create_user(org=org, role="medewerker", departments=("Burgerzaken",), name="Sara")
    long_title = "Verwerkersovereenkomst; bijlage, met ‘komma’s’ en een héél lange titel " * 2
    due = date.today() + timedelta(days=5)
    make_action(org, title=long_title.strip(), assignee_id=user.id, due_date=due)
    make_action(org, title="Zonder deadline voor iemand anders", due_date=due)
    done = make_action(org, title="Al geverifieerd", assignee_id=user.id, due_date=due)
    with app.app_context():
        db.session.get(Action, done).status = "geverifieerd"
        db.session.commit()
    login(user)
    profile = client.get("/profiel").get_data(as_text=True)
    assert "Agendalink maken" in profile
    url = feed_url(client.post("/profiel/agenda").get_data(as_text=True))
    assert url.startswith("http://lokaal-avg.test/agenda/") and url.endswith(".ics")
    with app.app_context():
        stored = db.session.get(User, user.id).calendar_token
        assert stored and stored not in url  # only a hash is kept

    client.post("/logout")
    response = client.get(url.replace("http://lokaal-avg.test", ""))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.get_data(as_text=True)
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert "\n" not in body.replace("\r\n", "")
    [event] = parse_events(body)
    assert event["DTSTART;VALUE=DATE"] == due.strftime("%Y%m%d")
    assert event["DTEND;VALUE=DATE"] == (due + timedelta(days=1)).strftime("%Y%m%d")
    assert re.fullmatch(r"\d{8}T\d{6}Z", event["DTSTAMP"])
    assert event["UID"].startswith("actie-")
    assert event["SUMMARY"].startswith("Deadline: Verwerkersovereenkomst\\; bijlage\\, met ‘komma’s’")
    assert "/o/agendagem/acties/" in event["URL"]
    assert "Gemeente Agendagem" in event["CATEGORIES"]

    login(user)
    client.post("/profiel/agenda/intrekken")
    assert client.get(url.replace("http://lokaal-avg.test", "")).status_code == 404
    assert "Agendalink maken" in client.get("/profiel").get_data(as_text=True)


def test_a_new_link_replaces_the_old_one(client, login, create_org, create_user):
    org = create_org()
    user = create_user(org=org)
    login(user)
    first = feed_url(client.post("/profiel/agenda").get_data(as_text=True)).replace("http://lokaal-avg.test", "")
    page = client.post("/profiel/agenda")
    assert page.headers["Cache-Control"] == "no-store"
    second = feed_url(page.get_data(as_text=True)).replace("http://lokaal-avg.test", "")
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    assert client.get("/agenda/verzonnen.ics").status_code == 404


def test_the_feed_shows_only_organisations_the_person_still_belongs_to(
    app, client, create_org, create_user, make_action
):
    from lokaal_avg.accounts.models import Membership

    org = create_org()
    user = create_user(org=org, role="beheerder")
    make_action(org, title="Geheim na vertrek", assignee_id=user.id, due_date=date.today())
    with app.app_context():
        token = calendar.issue_token(db.session.get(User, user.id))
        db.session.delete(db.session.scalars(select(Membership).where(Membership.user_id == user.id)).one())
        db.session.commit()
    body = client.get(f"/agenda/{token}.ics").get_data(as_text=True)
    assert "Geheim na vertrek" not in body and parse_events(body) == []


def test_folding_never_splits_a_character():
    line = "SUMMARY:" + "é" * 100
    folded = calendar.fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line
    assert calendar.escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"
