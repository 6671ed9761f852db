"""When a recurring task is due next, in Belgian local time.

"Every day" and "every week" mean the same time on the clock in Brussels, also across a
daylight-saving change (a week is then 167 or 169 hours). A local time that does not exist
(the hour skipped in spring) falls in the hour after, as zoneinfo resolves it.
"""

from __future__ import annotations

import calendar
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Europe/Brussels"
STEPS = {"dagelijks": timedelta(days=1), "wekelijks": timedelta(days=7)}


def next_after(moment: datetime, frequency: str, timezone: str = DEFAULT_TIMEZONE) -> datetime | None:
    """The next due moment (UTC) after a run started at moment; None for a manual frequency."""
    zone = ZoneInfo(timezone)
    wall = moment.astimezone(zone).replace(tzinfo=None)
    if frequency in STEPS:
        wall += STEPS[frequency]
    elif frequency == "maandelijks":
        wall = _add_month(wall)
    else:
        return None
    return wall.replace(tzinfo=zone).astimezone(UTC)


def _add_month(wall: datetime) -> datetime:
    year, month = (wall.year + 1, 1) if wall.month == 12 else (wall.year, wall.month + 1)
    day = min(wall.day, calendar.monthrange(year, month)[1])  # 31 January -> 28/29 February
    return wall.replace(year=year, month=month, day=day)
