"""The 72-hour clock of a breach, read in Belgian time.

The deadline is 72 hours of elapsed time after discovery (Art. 33(1)); weekends count. Times
are stored in UTC and entered and shown in Europe/Brussels, so a breach discovered on Friday
27 March 2026 at 10:00 (winter time) must be notified by Monday 30 March at 11:00 (summer time).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from lokaal_avg.breaches.models import Breach
from lokaal_avg.core.db import utcnow

BRUSSELS = ZoneInfo("Europe/Brussels")
# The alerts: at creation, and when this much time is left.
ALERT_THRESHOLDS = (("alert_24h_at", timedelta(hours=24)), ("alert_4h_at", timedelta(hours=4)))


def from_local(value: datetime) -> datetime:
    """A wall-clock time typed in Belgium (naive) as an aware UTC moment."""
    if value.tzinfo is not None:
        return value.astimezone(UTC)
    return value.replace(tzinfo=BRUSSELS).astimezone(UTC)


def to_local(value: datetime) -> datetime:
    return value.astimezone(BRUSSELS)


def local_input(value: datetime | None) -> datetime | None:
    """A stored moment as the naive Belgian wall-clock time a datetime-local field shows."""
    return to_local(value).replace(tzinfo=None) if value is not None else None


@dataclass(frozen=True)
class Clock:
    state: str  # lopend, dringend (<24 h), kritiek (<4 h), verstreken, gemeld, niet_nodig, gesloten
    deadline: datetime  # in Brussels time
    remaining: timedelta

    @property
    def badge(self) -> str:
        return {
            "lopend": "primary",
            "dringend": "warning",
            "kritiek": "danger",
            "verstreken": "danger",
            "gemeld": "success",
            "niet_nodig": "secondary",
            "gesloten": "dark",
        }[self.state]

    @property
    def running(self) -> bool:
        return self.state in ("lopend", "dringend", "kritiek", "verstreken")

    @property
    def text(self) -> str:
        if self.state == "gemeld":
            return _("gemeld")
        if self.state == "niet_nodig":
            return _("melding niet nodig")
        if self.state == "gesloten":
            return _("afgesloten")
        hours, minutes = _hours_minutes(abs(self.remaining))
        if self.state == "verstreken":
            return _("%(hours)s u %(minutes)s min over tijd", hours=hours, minutes=minutes)
        return _("nog %(hours)s u %(minutes)s min", hours=hours, minutes=minutes)


def _hours_minutes(span: timedelta) -> tuple[int, int]:
    minutes = int(span.total_seconds() // 60)
    return minutes // 60, minutes % 60


def clock(breach: Breach, now: datetime | None = None) -> Clock:
    now = now or utcnow()
    remaining = breach.deadline - now
    deadline = to_local(breach.deadline)
    if breach.authority_notified_at is not None:
        return Clock("gemeld", deadline, breach.deadline - breach.authority_notified_at)
    if breach.notify_authority is False:
        return Clock("niet_nodig", deadline, remaining)
    if breach.is_closed:
        return Clock("gesloten", deadline, remaining)
    if remaining <= timedelta(0):
        state = "verstreken"
    elif remaining <= timedelta(hours=4):
        state = "kritiek"
    elif remaining <= timedelta(hours=24):
        state = "dringend"
    else:
        state = "lopend"
    return Clock(state, deadline, remaining)
