"""The rhythm of a meeting series and the attendance figures: plain Python, no Django.

Why in local wall time: a stand-up held at 9:00 stays at 9:00 across the change to summer
time, so the dates are stepped on naive local times and the caller makes them aware in the
site's time zone. docs/meetings.md states the rules.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

ONCE, WEEKLY, BIWEEKLY, MONTHLY = "once", "weekly", "biweekly", "monthly"
MAX_OCCURRENCES = 200


def weekday_rank(day: dt.date) -> int:
    """Which occurrence of its weekday `day` is in its month: 1 for the first Tuesday..."""
    return (day.day - 1) // 7 + 1


def nth_weekday(year: int, month: int, weekday: int, rank: int) -> dt.date:
    """The `rank`-th `weekday` (0 = Monday) of a month, or the last one when the month has
    fewer (the 5th Tuesday of a month with four becomes its last Tuesday)."""
    first = dt.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    day = 1 + offset + 7 * (rank - 1)
    last_day = calendar.monthrange(year, month)[1]
    while day > last_day:
        day -= 7
    return dt.date(year, month, day)


def _nth_start(first: dt.datetime, recurrence: str, index: int) -> dt.datetime:
    if recurrence == WEEKLY:
        return first + dt.timedelta(weeks=index)
    if recurrence == BIWEEKLY:
        return first + dt.timedelta(weeks=2 * index)
    if recurrence == MONTHLY:
        month0 = first.month - 1 + index
        year, month = first.year + month0 // 12, month0 % 12 + 1
        day = nth_weekday(year, month, first.weekday(), weekday_rank(first.date()))
        return dt.datetime.combine(day, first.time())
    raise ValueError(f"unknown recurrence {recurrence!r}")


def series_starts(
    first: dt.datetime,
    recurrence: str,
    *,
    occurrences: int | None = None,
    until: dt.date | None = None,
) -> list[dt.datetime]:
    """The start of every meeting of a series, from `first` on.

    Weekly and every-two-weeks series keep the weekday and time; a monthly series keeps the
    weekday and its rank in the month (the 2nd Tuesday), falling back to the last such weekday
    in months without a 5th one. The series stops after `occurrences` meetings or on `until`
    (inclusive), whichever comes first; never more than MAX_OCCURRENCES.
    """
    if recurrence == ONCE:
        return [first]
    if occurrences is None and until is None:
        raise ValueError("a recurring series needs a number of occurrences or an end date")
    limit = min(occurrences or MAX_OCCURRENCES, MAX_OCCURRENCES)
    starts: list[dt.datetime] = []
    for index in range(limit):
        start = _nth_start(first, recurrence, index)
        if until is not None and start.date() > until:
            break
        starts.append(start)
    return starts


def attendance_rate(statuses: Iterable[str]) -> float | None:
    """Share of the recorded attendances that were present, in %: present ÷ (present + absent
    + excused). Invitations not yet answered (the meeting was not recorded) do not count;
    None when nothing was recorded."""
    present = recorded = 0
    for status in statuses:
        if status == "invited":
            continue
        recorded += 1
        present += status == "present"
    return None if recorded == 0 else 100.0 * present / recorded
