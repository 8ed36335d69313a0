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
1800-01-01 to 2199-12-31 (:data:`TABLE_FIRST`, :data:`CYCLE_DAYS`), built once per process; the calendar
repeats every 400 years (and its keys advance by :data:`CYCLE_KEYS`), so a date outside the table is read at
its place in the cycle plus whole cycles: every date polars can hold gets its exact key, with no branch and
no error. Keys are ``Int64`` (a date in year 5,000,000 still fits).
"""

from __future__ import annotations

from datetime import date
from functools import cache

import numpy as np
import polars as pl

from migralex.engine.dates import MonthEnd

#: days in one Gregorian cycle (400 years); the calendar repeats after it
CYCLE_DAYS = 146_097
#: how far keys advance over one cycle (400 years of 12 months of 32 key units)
CYCLE_KEYS = 400 * 12 * 32
#: key units in a month
MONTH = 32
#: the first day of the table
TABLE_FIRST = date(1800, 1, 1)
_FIRST_DAY = (TABLE_FIRST - date(1970, 1, 1)).days  # polars dates count days from 1970-01-01


def date_key(d: date) -> int:
    """The key of one date (a reference for the tables and the tests)."""
    return (d.year * 12 + d.month) * MONTH + d.day


@cache
def key_tables() -> dict[MonthEnd, pl.Series]:
    """The keys of the cycle's days (``round_up``) and their month-end keys (``round_down``), Int64.

    Built once per process (~2.3 MB); entry ``i`` is the key of ``TABLE_FIRST + i days``.
    """
    days = np.arange(_FIRST_DAY, _FIRST_DAY + CYCLE_DAYS + 1).astype("datetime64[D]")
    months = days.astype("datetime64[M]")
    month_no = months.astype(np.int64) + 1970 * 12 + 1  # year * 12 + month
    day = (days - months.astype("datetime64[D]")).astype(np.int64) + 1
    key = month_no * MONTH + day
    last_of_month = np.append(day[1:] == 1, False)  # the next day is a 1st
    down = np.where(last_of_month, month_no * MONTH + 31, key)
    return {
        "round_up": pl.Series("key", key[:-1], dtype=pl.Int64),
        "round_down": pl.Series("key", down[:-1], dtype=pl.Int64),
    }


def pl_date_key(d: pl.Expr, month_end: MonthEnd = "round_up", *, days_before: int = 0) -> pl.Expr:
    """The key of a date column (of the day ``days_before`` days earlier), null where the date is.

    ``month_end="round_down"`` gives the month-end key (the last day of a month reads as day 31).
    """
    i = d.to_physical().cast(pl.Int64) - (_FIRST_DAY + days_before)
    return pl.lit(key_tables()[month_end]).gather(i % CYCLE_DAYS) + (i // CYCLE_DAYS) * CYCLE_KEYS
