"""Calendar keys: the batch evaluator's month arithmetic with a decision date per row is exact everywhere.

With a date per row the polars back-end compares integer calendar keys read from a table of one 400-year
cycle (``backends/date_keys.py``) instead of shifting dates. The single-case evaluator (``engine/dates.py``)
is the reference: on dates across the whole range Python can hold, inside and outside the table's years,
on 29 February and month ends, under both month-end rules, for shifts back and forth, with a parameter that
changes the number of years from row to row, and with unknown dates.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from itertools import product
from typing import Any

import numpy as np
import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from migralex.engine import (
    FactType,
    Program,
    add_months,
    add_years,
    assess,
    days_between,
    decision_date,
    evaluate_frame,
    fact,
    param,
    whole_months_between,
    whole_years_between,
)
from migralex.engine import dates as calendar_rules
from migralex.engine.backends.date_keys import CYCLE_DAYS, TABLE_FIRST, date_key, pl_date_key
from migralex.engine.batch import compile_scenarios
from migralex.engine.expressions import Const
from migralex.engine.layering import Scenario

from .comparisons import SOURCE, Shape, comparison_program

X = fact("p.x", FactType.DATE, "A date")
Y = fact("p.y", FactType.DATE, "Another date")
N = fact("p.n", FactType.INT, "A number of months")
YEARS = param("t.years")
RULES: tuple[calendar_rules.MonthEnd, ...] = calendar_rules.MONTH_END_RULES
SHIFTS = (-13, -1, 0, 1, 12, 24, 288)
PARAMS = {
    "t.years": {
        "label": "Years",
        "type": "int",
        "values": [
            {"from": "1000-01-01", "value": 3, "status": "in_force", "source": SOURCE},
            {"from": "2000-01-01", "value": 24, "status": "in_force", "source": SOURCE},
            {"from": "2022-03-01", "value": -2, "status": "in_force", "source": SOURCE},
        ],
    }
}
TABLE_LAST = TABLE_FIRST + timedelta(days=CYCLE_DAYS - 1)
EDGES = [TABLE_FIRST, TABLE_FIRST - timedelta(days=1), TABLE_LAST, TABLE_LAST + timedelta(days=1)]
#: 29 February (leap years in and out of the table, 1600 and 2000 too), month ends, the table's edges
TRICKY = [
    *(date(y, 2, 29) for y in (1600, 1796, 1904, 2000, 2024, 2096, 2204, 2400, 4000, 9904)),
    *(date(y, m, d) for y in (1700, 1900, 2023, 2100, 2201) for m, d in ((1, 31), (2, 28), (3, 31), (4, 30))),
    *EDGES,
]


def _shapes() -> list[Shape]:
    shapes: list[Shape] = []
    for rule in RULES:
        for n in SHIFTS:
            shapes.append((f"m{n}_{rule}".replace("-", "neg"), add_months(X, n, rule), decision_date()))
        shapes.append((f"xy_{rule}", add_months(X, 13, rule), Y))
        shapes.append((f"y_{rule}", add_years(X, YEARS, rule), decision_date()))
        for k in (-13, 0, 13):
            name = f"wm{k}_{rule}".replace("-", "neg")
            shapes.append((name, whole_months_between(X, decision_date(), rule), Const(k)))
        shapes.append((f"wy_{rule}", whole_years_between(X, decision_date(), rule), YEARS))
        # two spans: no shortcut applies, the spans themselves are computed
        shapes.append((f"spans_{rule}", whole_months_between(X, Y, rule), whole_months_between(Y, X, rule)))
        # shifted dates as values: by a number of months read from a fact, and then counted in days
        shapes.append((f"n_{rule}", add_months(X, N, rule), decision_date()))
        for k in (-1, 0, 1):
            name = f"days{k}_{rule}".replace("-", "neg")
            shapes.append((name, days_between(add_months(X, 13, rule), Y), Const(k)))
            shapes.append((f"n{name}", days_between(add_months(X, N, rule), Y), Const(k)))
    return shapes


@cache
def _program() -> Program:
    return comparison_program("t.keys", _shapes(), PARAMS)


Row = tuple[date | None, date | None, date, int | None]


def _disagreements(rows: list[Row]) -> list[tuple[Any, ...]]:
    """Every (node, row) on which the batch and the single-case evaluator differ."""
    program = _program()
    frame = pl.DataFrame(
        {
            "p.x": [r[0] for r in rows],
            "p.y": [r[1] for r in rows],
            "decision_date": [r[2] for r in rows],
            "p.n": [r[3] for r in rows],
        },
        schema={"p.x": pl.Date, "p.y": pl.Date, "decision_date": pl.Date, "p.n": pl.Int64},
    )
    batch = evaluate_frame(program, frame, date_column="decision_date").rows(named=True)
    wrong: list[tuple[Any, ...]] = []
    for (x, y, d, n), got in zip(rows, batch, strict=True):
        decision = assess(program, {"p.x": x, "p.y": y, "p.n": n}, d)
        for r in decision.all_results():
            if r.node.id != "t.root" and got[r.node.id] != r.value:
                wrong.append((r.node.id, x, y, d, got[r.node.id], r.value))
    return wrong


# x stays 50 years clear of the ends of Python's calendar, so that every shift in the rules is a date
anywhere = st.dates(min_value=date(50, 1, 1), max_value=date(9950, 12, 31))
starts = st.one_of(anywhere, st.sampled_from(TRICKY))


@st.composite
def near(draw: st.DrawFn, x: date) -> date:
    """A date within a few days of ``x`` shifted by one of the rules' spans, or anywhere at all."""
    if draw(st.booleans()):
        return draw(st.one_of(anywhere, st.sampled_from(TRICKY)))
    months = draw(st.sampled_from([*SHIFTS, 13, -13 * 12, 3 * 12, 24 * 12, 25 * 12, -2 * 12]))
    rule = draw(st.sampled_from(RULES))
    return calendar_rules.add_months(x, months, rule) + timedelta(days=draw(st.integers(-3, 3)))


@st.composite
def rows(draw: st.DrawFn) -> Row:
    x = draw(starts)
    y = draw(st.one_of(st.none(), near(x)))
    n = draw(st.one_of(st.none(), st.sampled_from([*SHIFTS, 13]), st.integers(-300, 300)))
    return (None if draw(st.integers(0, 9)) == 0 else x), y, draw(near(x)), n


@given(st.lists(rows(), min_size=1, max_size=16))
def test_batch_agrees_with_the_single_case_evaluator_on_any_dates(cases: list[Row]) -> None:
    assert _disagreements(cases) == []


def _around_shifts(xs: list[date]) -> list[Row]:
    """Each date, with dates a day either side of it shifted by the rules' spans (as D and as y)."""
    cases: list[Row] = []
    for x in xs:
        for months, shift in product((0, 1, 13, 24 * 12, -13), (-1, 0, 1)):
            for rule in RULES:
                d = calendar_rules.add_months(x, months, rule) + timedelta(days=shift)
                cases.append((x, d, d, months))
    return cases


def test_month_ends_and_29_february_are_exact() -> None:
    xs = [date(2000, 1, 31), date(2023, 1, 30), date(2024, 2, 29), date(2023, 3, 31), date(2023, 8, 31)]
    assert _disagreements(_around_shifts(xs)) == []


def test_a_population_entirely_outside_the_table_is_exact() -> None:
    xs = [date(60, 1, 31), date(1500, 2, 28), date(1696, 2, 29), date(2404, 2, 29), date(9940, 8, 31)]
    cases = _around_shifts(xs)
    assert all(not TABLE_FIRST <= d <= TABLE_LAST for _, _, d, _ in cases)
    assert _disagreements(cases + _around_shifts(EDGES)) == []


def test_keys_are_exact_for_every_date_polars_can_hold() -> None:
    """Far outside Python's years too (numpy's calendar is the reference there), and unknown stays unknown."""
    days = np.array([-(2**31), -(10**9), -719_163, -1, 0, 59, 10**6, 2_932_896, 10**9, 2**31 - 1])
    days = np.concatenate([days, np.arange(-1_000_000, 1_000_000, 997)])
    frame = pl.DataFrame({"d": pl.Series(days.astype(np.int32)).cast(pl.Date)})

    def numpy_keys(day_numbers: np.ndarray) -> np.ndarray:
        d = day_numbers.astype("datetime64[D]")
        months = d.astype("datetime64[M]")
        day = (d - months.astype("datetime64[D]")).astype(np.int64) + 1
        return (months.astype(np.int64) + 1970 * 12 + 1) * 32 + day

    keys = frame.select(
        k=pl_date_key(pl.col("d")),
        before=pl_date_key(pl.col("d"), days_before=1),
        end=pl_date_key(pl.col("d"), "round_down"),
    )
    assert np.array_equal(keys["k"].to_numpy(), numpy_keys(days))
    assert np.array_equal(keys["before"].to_numpy(), numpy_keys(days - 1))
    last_of_month = numpy_keys(days + 1) % 32 == 1
    month_end = np.where(last_of_month, numpy_keys(days) // 32 * 32 + 31, numpy_keys(days))
    assert np.array_equal(keys["end"].to_numpy(), month_end)
    unknown = pl.DataFrame({"d": [None]}, schema={"d": pl.Date}).select(pl_date_key(pl.col("d")).alias("k"))
    assert unknown["k"].to_list() == [None]
    assert date_key(date(2024, 2, 29)) == (2024 * 12 + 2) * 32 + 29


def test_per_row_shifts_do_no_calendar_arithmetic() -> None:
    """The per-row comparisons read keys from the table: no ``offset_by`` (or calendar field) per row."""
    (compiler,) = compile_scenarios(_program(), [Scenario("baseline")], on=None, date_column="decision_date")
    plan = " ".join(str(e) for layer in compiler.layers() for e in layer)
    assert "gather" in plan
    for calendar_op in ("offset_by", "dt.year", "dt.month", "dt.day"):
        assert calendar_op not in plan
