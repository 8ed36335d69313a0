"""Date arithmetic with explicit rounding, shared by every evaluator (the batch back-ends vectorise it).

Adding months to a date that does not exist in the target month (31 January + 1 month, 29 February + 1 year)
needs a rule. Catala makes the rule explicit; so do we:

* ``round_down``: the last day of the target month (31 Jan + 1 month = 28/29 Feb; 29 Feb 2024 + 1 year =
  28 Feb 2025). A person born on 29 February then turns a year older on 28 February in common years.
* ``round_up``: the first day of the following month (31 Jan + 1 month = 1 Mar; 29 Feb 2024 + 1 year =
  1 Mar 2025). A person born on 29 February then turns a year older on 1 March in common years.

Whole months (years) between two dates is the largest n such that ``add_months(start, n) <= end``, so the two
functions always agree with each other, in both evaluators.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Literal

MonthEnd = Literal["round_down", "round_up"]
MONTH_END_RULES: tuple[MonthEnd, ...] = ("round_down", "round_up")
#: days in each month of a common year (index 1-12)
_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def add_months(d: date, months: int, month_end: MonthEnd) -> date:
    """``d`` plus a number of months (may be negative), with the month-end rule for missing days."""
    total = d.year * 12 + (d.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    if d.day <= 28:  # every month has the day: no calendar look-up
        return date(year, month, d.day)
    dim = 29 if month == 2 and calendar.isleap(year) else _DAYS_IN_MONTH[month]
    if d.day <= dim:
        return date(year, month, d.day)
    if month_end == "round_down":
        return date(year, month, dim)
    return date(year, month, dim) + timedelta(days=1)


def whole_months_between(start: date, end: date, month_end: MonthEnd) -> int:
    """Completed months from ``start`` to ``end`` (negative when ``end`` is before ``start``)."""
    n = (end.year - start.year) * 12 + (end.month - start.month)
    if add_months(start, n, month_end) > end:
        n -= 1
    return n


def whole_years_between(start: date, end: date, month_end: MonthEnd) -> int:
    """Completed years from ``start`` to ``end``; the age of a person born on ``start`` on ``end``."""
    return whole_months_between(start, end, month_end) // 12
