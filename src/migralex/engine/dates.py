"""Date arithmetic with explicit rounding, shared by both evaluators.

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

import polars as pl

MonthEnd = Literal["round_down", "round_up"]
MONTH_END_RULES: tuple[MonthEnd, ...] = ("round_down", "round_up")


def add_months(d: date, months: int, month_end: MonthEnd) -> date:
    """``d`` plus a number of months (may be negative), with the month-end rule for missing days."""
    total = d.year * 12 + (d.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    dim = calendar.monthrange(year, month)[1]
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


# --- the same, as polars expressions -------------------------------------------------------------
# Derived from the definitions above, then simplified so that polars does little work per row:
# ``add_months(start, n0)`` lands in ``end``'s month, so "is it after ``end``?" only compares days.


def pl_add_months(d: pl.Expr, months: pl.Expr | int, month_end: MonthEnd) -> pl.Expr:
    """Vectorised :func:`add_months` (polars clamps to the month end, which is ``round_down``)."""
    by = f"{months}mo" if isinstance(months, int) else pl.format("{}mo", months)
    shifted = d.dt.offset_by(by)
    if month_end == "round_down":
        return shifted
    return pl.when(d.dt.day() > shifted.dt.day()).then(shifted + pl.duration(days=1)).otherwise(shifted)


def pl_whole_months_between(start: pl.Expr, end: pl.Expr, month_end: MonthEnd) -> pl.Expr:
    """Vectorised :func:`whole_months_between`."""
    n = (end.dt.year().cast(pl.Int32) - start.dt.year().cast(pl.Int32)) * 12 + (
        end.dt.month().cast(pl.Int32) - start.dt.month().cast(pl.Int32)
    )
    later_day = start.dt.day() > end.dt.day()
    if month_end == "round_down":
        # a start day past the end of a short month lands on its last day, which is not after ``end``
        later_day = later_day & (end.dt.day() < end.dt.days_in_month())
    return (n - later_day.cast(pl.Int32)).cast(pl.Int64)


def pl_whole_years_between(start: pl.Expr, end: pl.Expr, month_end: MonthEnd) -> pl.Expr:
    """Vectorised :func:`whole_years_between`."""
    return pl_whole_months_between(start, end, month_end).floordiv(12)
