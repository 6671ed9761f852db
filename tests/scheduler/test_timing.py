"""Next runs are computed in Brussels time: the same hour on the clock across daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from lokaal_avg.scheduler.timing import next_after


@pytest.mark.parametrize(
    ("start", "frequency", "expected"),
    [
        # Saturday 28 March 2026 10:00 CET; summer time starts on Sunday 29 March: next Saturday 10:00 CEST.
        (datetime(2026, 3, 28, 9, 0, tzinfo=UTC), "wekelijks", datetime(2026, 4, 4, 8, 0, tzinfo=UTC)),
        # Saturday 24 October 2026 10:00 CEST; winter time on Sunday 25 October: next Saturday 10:00 CET.
        (datetime(2026, 10, 24, 8, 0, tzinfo=UTC), "wekelijks", datetime(2026, 10, 31, 9, 0, tzinfo=UTC)),
        # Daily over the night of the change: 23 hours later, still 03:30 on the clock.
        (datetime(2026, 3, 28, 2, 30, tzinfo=UTC), "dagelijks", datetime(2026, 3, 29, 1, 30, tzinfo=UTC)),
        # 02:30 on 29 March does not exist in Brussels: it runs in the hour after (03:30 CEST).
        (datetime(2026, 3, 28, 1, 30, tzinfo=UTC), "dagelijks", datetime(2026, 3, 29, 1, 30, tzinfo=UTC)),
        # A month after 31 January is the last day of February, same clock time.
        (datetime(2027, 1, 31, 7, 0, tzinfo=UTC), "maandelijks", datetime(2027, 2, 28, 7, 0, tzinfo=UTC)),
        (datetime(2026, 12, 15, 7, 0, tzinfo=UTC), "maandelijks", datetime(2027, 1, 15, 7, 0, tzinfo=UTC)),
    ],
)
def test_next_run_keeps_the_brussels_clock_time(start, frequency, expected):
    assert next_after(start, frequency) == expected


def test_manual_frequency_has_no_next_run():
    assert next_after(datetime(2026, 3, 28, 9, 0, tzinfo=UTC), "handmatig") is None
