"""Adding months: the month length comes from a table, checked against the calendar module on every day of
eight years (two leap days) and shifts back and forth across year ends, under both month-end rules."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest

from migralex.engine.dates import MONTH_END_RULES, MonthEnd, add_months


def calendar_add_months(d: date, months: int, month_end: MonthEnd) -> date:
    """The rule written with :func:`calendar.monthrange`."""
    year, month = divmod(d.year * 12 + d.month - 1 + months, 12)
    days = calendar.monthrange(year, month + 1)[1]
    if d.day <= days:
        return date(year, month + 1, d.day)
    last = date(year, month + 1, days)
    return last if month_end == "round_down" else last + timedelta(days=1)


@pytest.mark.parametrize("month_end", MONTH_END_RULES)
def test_add_months_agrees_with_the_calendar_module(month_end: MonthEnd) -> None:
    start = date(1999, 1, 1)
    for offset in range(8 * 366):
        d = start + timedelta(days=offset)
        for months in (-25, -12, -1, 1, 2, 11, 12, 13, 24, 36, 48):
            assert add_months(d, months, month_end) == calendar_add_months(d, months, month_end), (d, months)
