"""Compile-time rewriting of date comparisons against a fixed decision date into one date comparison.

``age_on(birth, decision_date()) >= 24`` needs calendar arithmetic on every row; with a fixed decision date
it is the same as ``birth <= T`` for one threshold date ``T`` computed here, exactly, from the same
definitions (:mod:`migralex.engine.dates`). Both shapes below are monotone in the row's date, so a
threshold exists:

* ``add_months(d, m) OP D``  (``m`` and ``D`` fixed)
* ``whole_months_between(x, E) // p OP k``  (``E`` and ``k`` fixed), since ``whole_months >= j*p`` is
  ``add_months(x, j*p) <= E`` by definition.

The property tests check this path (fixed date) against the single-case evaluator.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from migralex.engine.dates import MonthEnd, add_months

DAY = timedelta(days=1)
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}


def last_date_at_most(months: int, bound: date, month_end: MonthEnd) -> date:
    """The latest date ``b`` with ``add_months(b, months) <= bound``."""
    b = add_months(bound, -months, "round_down")
    while add_months(b + DAY, months, month_end) <= bound:
        b += DAY
    while add_months(b, months, month_end) > bound:
        b -= DAY
    return b


def shifted_compare(col: pl.Expr, months: int, month_end: MonthEnd, op: str, bound: date) -> pl.Expr:
    """``add_months(col, months) OP bound`` as a plain comparison of ``col``."""
    le = last_date_at_most(months, bound, month_end)  # f(col) <= bound  <=>  col <= le
    lt = last_date_at_most(months, bound - DAY, month_end)  # f(col) < bound  <=>  col <= lt
    if op == "<=":
        return col <= pl.lit(le)
    if op == "<":
        return col <= pl.lit(lt)
    if op == ">":
        return col > pl.lit(le)
    if op == ">=":
        return col > pl.lit(lt)
    equal = (col > pl.lit(lt)) & (col <= pl.lit(le))
    return equal if op == "==" else equal.not_()


def whole_months_compare(col: pl.Expr, end: date, per: int, month_end: MonthEnd, op: str, k: int) -> pl.Expr:
    """``whole_months_between(col, end) // per OP k`` as a plain comparison of ``col``."""

    def at_least(j: int) -> pl.Expr:
        return col <= pl.lit(last_date_at_most(j * per, end, month_end))

    if op == ">=":
        return at_least(k)
    if op == ">":
        return at_least(k + 1)
    if op == "<":
        return at_least(k).not_()
    if op == "<=":
        return at_least(k + 1).not_()
    equal = at_least(k) & at_least(k + 1).not_()
    return equal if op == "==" else equal.not_()


def flip(op: str) -> str:
    """The operator with its sides swapped (``a < b`` is ``b > a``)."""
    return _FLIP[op]
