"""Compile-time rewriting of date comparisons against a fixed decision date into one date comparison.

``age_on(birth, decision_date()) >= 24`` needs calendar arithmetic on every row; with a fixed decision date
it is the same as ``birth <= T`` for one threshold date ``T`` computed here, exactly, from the same
definitions (:mod:`migralex.engine.dates`). Both shapes below are monotone in the row's date, so a
threshold exists:

* ``add_months(d, m) OP D``  (``m`` and ``D`` fixed)
* ``whole_months_between(x, E) // p OP k``  (``E`` and ``k`` fixed), since ``whole_months >= j*p`` is
  ``add_months(x, j*p) <= E`` by definition.

The result is a :class:`DateWindow` each batch back-end (polars, Spark) turns into its own comparison. The
property tests check this path (fixed date) against the single-case evaluator.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from migralex.engine.dates import MonthEnd, add_months

DAY = timedelta(days=1)
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}


@dataclass(frozen=True)
class DateWindow:
    """``after < x <= upto`` (a missing bound is no bound), or its negation; unknown where ``x`` is."""

    after: date | None
    upto: date | None
    negate: bool = False


def last_date_at_most(months: int, bound: date, month_end: MonthEnd) -> date:
    """The latest date ``b`` with ``add_months(b, months) <= bound``."""
    b = add_months(bound, -months, "round_down")
    while add_months(b + DAY, months, month_end) <= bound:
        b += DAY
    while add_months(b, months, month_end) > bound:
        b -= DAY
    return b


def shifted_window(months: int, month_end: MonthEnd, op: str, bound: date) -> DateWindow:
    """``add_months(x, months) OP bound`` as a window on ``x``."""
    le = last_date_at_most(months, bound, month_end)  # f(x) <= bound  <=>  x <= le
    lt = last_date_at_most(months, bound - DAY, month_end)  # f(x) < bound  <=>  x <= lt
    return {
        "<=": DateWindow(None, le),
        "<": DateWindow(None, lt),
        ">": DateWindow(le, None),
        ">=": DateWindow(lt, None),
        "==": DateWindow(lt, le),
        "!=": DateWindow(lt, le, negate=True),
    }[op]


def whole_months_window(end: date, per: int, month_end: MonthEnd, op: str, k: int) -> DateWindow:
    """``whole_months_between(x, end) // per OP k`` as a window on ``x``."""

    def at_least(j: int) -> date:  # whole months >= j*per  <=>  x <= this date
        return last_date_at_most(j * per, end, month_end)

    if op == ">=":
        return DateWindow(None, at_least(k))
    if op == ">":
        return DateWindow(None, at_least(k + 1))
    if op == "<":
        return DateWindow(at_least(k), None)
    if op == "<=":
        return DateWindow(at_least(k + 1), None)
    return DateWindow(at_least(k + 1), at_least(k), negate=op == "!=")


def flip(op: str) -> str:
    """The operator with its sides swapped (``a < b`` is ``b > a``)."""
    return _FLIP[op]
