"""A personal iCalendar feed (RFC 5545) of the due dates of one's actions.

The feed lives at a secret URL so calendar programs can subscribe without logging in. Only a
SHA-256 hash of the secret is stored (User.calendar_token): a leaked database does not leak
working feed URLs, and the URL itself is shown once, when it is made. Making a new one or
revoking it invalidates the old URL at once.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from lokaal_avg.accounts.models import Membership, User
from lokaal_avg.audit import services as audit
from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db
from lokaal_avg.remediation.models import OPEN_ACTION_STATES, Action

PRODID = "-//lokaal_avg//Acties//NL"
MAX_OCTETS = 75


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User) -> str:
    """A new secret for user's feed (the old URL stops working). Returns the secret, shown once."""
    token = secrets.token_urlsafe(32)
    had_one = user.calendar_token is not None
    user.calendar_token = _hash(token)
    db.session.flush()
    audit.record(None, user, "update", user, {"agenda": ["actief" if had_one else None, "nieuwe link"]})
    return token


def revoke_token(user: User) -> bool:
    if user.calendar_token is None:
        return False
    user.calendar_token = None
    db.session.flush()
    audit.record(None, user, "update", user, {"agenda": ["actief", None]})
    return True


def user_for_token(token: str) -> User | None:
    if not token or len(token) > 100:
        return None
    user = db.session.scalars(select(User).where(User.calendar_token == _hash(token))).first()
    return user if user is not None and user.active else None


def actions_for(user: User) -> list[Action]:
    """Open actions with a due date assigned to user, in organisations user still belongs to."""
    member_of = select(Membership.organisation_id).where(Membership.user_id == user.id)
    return list(
        db.session.scalars(
            select(Action)
            .where(
                Action.assignee_id == user.id,
                Action.organisation_id.in_(member_of),
                Action.status.in_(OPEN_ACTION_STATES),
                Action.due_date.is_not(None),
            )
            .options(joinedload(Action.organisation))
            .order_by(Action.due_date, Action.id)
        )
    )


# --- RFC 5545 ------------------------------------------------------------------------------------


@dataclass
class Event:
    uid: str
    day: date
    summary: str
    description: str
    url: str
    categories: list[str]


def escape_text(value: str) -> str:
    """TEXT escaping (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1) without splitting a UTF-8 character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= MAX_OCTETS:
        return line
    parts: list[str] = []
    current, size, limit = [], 0, MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, MAX_OCTETS - 1  # continuation lines start with a space
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def _day_after(day: date) -> date:
    """DTEND is exclusive; on the last day the calendar can hold (stored before dates were checked) stay there."""
    return day + timedelta(days=1) if day < date.max else day


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def render(events: Iterable[Event], name: str, now: datetime | None = None) -> str:
    """The calendar as text: CRLF line ends, folded lines, all-day events."""
    stamp = _stamp(now or utcnow())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        "X-PUBLISHED-TTL:PT1H",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{_day_after(event.day):%Y%m%d}",
            f"SUMMARY:{escape_text(event.summary)}",
            f"DESCRIPTION:{escape_text(event.description)}",
            f"URL:{event.url}",
            f"CATEGORIES:{','.join(escape_text(c) for c in event.categories)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
