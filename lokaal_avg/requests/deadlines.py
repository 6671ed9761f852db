"""Deadlines of requests: one month from receipt, three when extended (Art. 12(3) GDPR).

Counted as Regulation (EEC, Euratom) No 1182/71 counts periods in months: the same date in the
month the period ends, or that month's last day when it has no such date (31 January -> 28 or
29 February); a period ending on a Saturday, Sunday or Belgian public holiday ends on the next
working day. Dates are Belgian calendar days.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays
from dateutil.relativedelta import relativedelta

BRUSSELS = ZoneInfo("Europe/Brussels")
MONTHS = 1
EXTENDED_MONTHS = 3  # one month plus the two of the extension


def belgian_today() -> date:
    """Today's date in Belgium: between midnight and 1 or 2 a.m. it differs from the UTC date."""
    return datetime.now(BRUSSELS).date()


@cache
def _belgian_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("BE", years=year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _belgian_holidays(day.year)


def next_working_day(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def due_date(received_on: date, extended: bool = False) -> date:
    end = received_on + relativedelta(months=EXTENDED_MONTHS if extended else MONTHS)
    return next_working_day(end)
