"""Calendar keys: month arithmetic on dates as integer comparisons, for the polars back-end.

The key of a date is ``(year * 12 + month) * 32 + day``. Keys order like dates, and "d plus n months" is
``key(d) + 32 n`` *before* the month-end rule (:mod:`migralex.engine.dates`); the rule costs nothing on the
comparisons the engine makes, because no real date lies between the unclamped key and the date the rule
picks:

* ``round_up``: ``add_months(x, n) <= D`` exactly when ``key(x) + 32 n <= key(D)``;
* ``round_down``: the same with ``month_end_key(D)``, the key of ``D`` whose day reads as 31 when ``D`` is
  the last day of its month;
* ``add_months(x, n) < D`` is ``add_months(x, n) <= D - 1 day``; and ``whole_months_between(x, D)``, the
  largest ``n`` with ``add_months(x, n) <= D``, is ``(K(D) - key(x)) // 32`` (``K`` the key of the rule).

All of this holds for negative ``n`` too. Keys are read from a table rather than computed from the calendar
fields (one memory gather instead of polars' ``dt.year/month/day`` or ``dt.offset_by``, which cost 10-30
times as much per row). The table holds one Gregorian cycle of 400 years, the 146,097 days from
1970-01-01 (polars' day 0) to 2369-12-31 (:data:`TABLE_FIRST`, :data:`CYCLE_DAYS`), built once per process;
the calendar repeats every 400 years (and keys advance by :data:`CYCLE_KEYS`), so any other date is read at
its place in the cycle plus whole cycles: ``table[day % CYCLE_DAYS] + (day // CYCLE_DAYS) * CYCLE_KEYS``,
on polars' own ``Int32`` day numbers (measured about twice as fast as the same on ``Int64``, and no
overflow is possible). Every date polars can hold gets its exact key, with no range check, branch or
error. Keys are ``Int64`` (a date in year 5,000,000 still fits).
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

import numpy as np
import polars as pl

from migralex.engine.dates import MonthEnd

#: days in one Gregorian cycle (400 years); the calendar repeats after it
CYCLE_DAYS = 146_097
#: how far keys advance over one cycle (400 years of 12 months of 32 key units)
CYCLE_KEYS = 400 * 12 * 32
#: key units in a month
MONTH = 32
#: the first day of the table: polars' day 0
TABLE_FIRST = date(1970, 1, 1)


def date_key(d: date) -> int:
    """The key of one date (a reference for the tables and the tests)."""
    return (d.year * 12 + d.month) * MONTH + d.day


def _calendar_fields(day_numbers: np.ndarray[Any, Any]) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Per day number (days since 1970-01-01): its month counted from 1970-01 and its day of the month,
    Int64, from numpy's calendar."""
    days = day_numbers.astype("datetime64[D]")
    months = days.astype("datetime64[M]")
    day = (days - months.astype("datetime64[D]")).astype(np.int64) + 1
    return months.astype(np.int64), day


@cache
def key_table(month_end: MonthEnd = "round_up", days_before: int = 0) -> pl.Series:
    """Entry ``i``: the key of ``TABLE_FIRST + i - days_before`` days, Int64 (~1.2 MB, built once).

    ``month_end="round_down"`` gives month-end keys (the last day of a month reads as day 31).
    """
    months, day = _calendar_fields(np.arange(-days_before, CYCLE_DAYS - days_before + 1))
    month_no = months + 1970 * 12 + 1  # year * 12 + month
    key = month_no * MONTH + day
    if month_end == "round_down":
        last_of_month = np.append(day[1:] == 1, False)  # the next day is a 1st
        key = np.where(last_of_month, month_no * MONTH + 31, key)
    return pl.Series("key", key[:-1], dtype=pl.Int64)


def pl_date_key(d: pl.Expr, month_end: MonthEnd = "round_up", *, days_before: int = 0) -> pl.Expr:
    """The key of a date column (of the day ``days_before`` days earlier), null where the date is.

    ``month_end="round_down"`` gives the month-end key (the last day of a month reads as day 31).
    """
    day = d.to_physical()  # Int32 days since 1970-01-01
    cycles = (day // CYCLE_DAYS).cast(pl.Int64) * CYCLE_KEYS
    return pl.lit(key_table(month_end, days_before)).gather(day % CYCLE_DAYS) + cycles


#: months in one cycle
CYCLE_MONTHS = 400 * 12


@cache
def _day_tables() -> tuple[pl.Series, pl.Series]:
    """Per day of the cycle: its month (counted from 1970-01) and its day of the month, Int64."""
    months, day = _calendar_fields(np.arange(0, CYCLE_DAYS))
    return pl.Series(months), pl.Series(day)


@cache
def _month_tables() -> tuple[pl.Series, pl.Series]:
    """Per month of the cycle (from 1970-01): the day number of its 1st and its length, Int64."""
    firsts = np.arange(0, CYCLE_MONTHS + 1).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    return pl.Series(firsts[:-1]), pl.Series(np.diff(firsts))


def pl_add_months(d: pl.Expr, months: pl.Expr | int, month_end: MonthEnd) -> pl.Expr:
    """Vectorised :func:`~migralex.engine.dates.add_months`: the target month and the day from tables.

    The date's month and day are read from the cycle's day tables, the target month's first day and
    length from its month tables (each extended by whole cycles, like the keys); a day past the month's
    end becomes its last day (``round_down``) or the next month's 1st (``round_up``: one day further).
    Null where ``d`` or ``months`` is, or where the result is beyond polars' dates.
    """
    day = d.to_physical()
    month_of, day_of = _day_tables()
    first_of, length_of = _month_tables()
    day_in_cycle, cycles = day % CYCLE_DAYS, (day // CYCLE_DAYS).cast(pl.Int64)
    target = pl.lit(month_of).gather(day_in_cycle) + cycles * CYCLE_MONTHS + months
    month_in_cycle, month_cycles = target % CYCLE_MONTHS, target // CYCLE_MONTHS
    first = pl.lit(first_of).gather(month_in_cycle) + month_cycles * CYCLE_DAYS
    last_day = pl.lit(length_of).gather(month_in_cycle)
    if month_end == "round_up":
        last_day = last_day + 1  # the day after the month's last: the next month's 1st
    dom = pl.lit(day_of).gather(day_in_cycle)
    shifted = first + pl.when(dom <= last_day).then(dom).otherwise(last_day) - 1
    return shifted.cast(pl.Int32, strict=False).cast(pl.Date)
