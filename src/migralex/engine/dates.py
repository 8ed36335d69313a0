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


def pl_add_months(d: pl.Expr, months: pl.Expr, month_end: MonthEnd) -> pl.Expr:
    """Vectorised :func:`add_months`."""
    total = d.dt.year().cast(pl.Int64) * 12 + (d.dt.month().cast(pl.Int64) - 1) + months.cast(pl.Int64)
    year = total.floordiv(12)
    month = total.mod(12) + 1
    first = pl.date(year, month, 1)
    dim = first.dt.month_end().dt.day().cast(pl.Int64)
    day = d.dt.day().cast(pl.Int64)
    clamped = pl.date(year, month, pl.min_horizontal(day, dim))
    if month_end == "round_down":
        return clamped
    return pl.when(day > dim).then(clamped + pl.duration(days=1)).otherwise(clamped)


def pl_whole_months_between(start: pl.Expr, end: pl.Expr, month_end: MonthEnd) -> pl.Expr:
    """Vectorised :func:`whole_months_between`."""
    n = (end.dt.year().cast(pl.Int64) - start.dt.year().cast(pl.Int64)) * 12 + (
        end.dt.month().cast(pl.Int64) - start.dt.month().cast(pl.Int64)
    )
    return n - (pl_add_months(start, n, month_end) > end).cast(pl.Int64)


def pl_whole_years_between(start: pl.Expr, end: pl.Expr, month_end: MonthEnd) -> pl.Expr:
    """Vectorised :func:`whole_years_between`."""
    return pl_whole_months_between(start, end, month_end).floordiv(12)
