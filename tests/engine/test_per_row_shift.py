"""A date shifted by whole months compared with a per-row decision date: the batch rewrite is exact.

With a date per row, the polars back-end writes ``add_months(x, n) OP D`` and ``whole_months_between(x, D) OP
k`` as comparisons of calendar keys (``backends/date_keys.py``; more in ``test_date_keys.py``). Every
operator, both month-end rules, fixed and parameter (dated) shifts, on month ends, 29 February and the days
around them, in both directions, are checked against the single-case evaluator (``engine/dates.py``).
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from migralex.engine import (
    FactType,
    Program,
    add_months,
    add_years,
    assess,
    decision_date,
    evaluate_frame,
    fact,
    param,
    whole_months_between,
    whole_years_between,
)
from migralex.engine.expressions import Const

from .comparisons import SOURCE, Shape, comparison_program

X = fact("p.x", FactType.DATE, "A date")
YEARS = param("t.years")
PARAMS = {
    "t.years": {
        "label": "Years",
        "type": "int",
        "values": [
            {"from": "2000-01-01", "value": 24, "status": "in_force", "source": SOURCE},
            {"from": "2022-03-01", "value": 25, "status": "in_force", "source": SOURCE},
        ],
    }
}


def _shapes() -> list[Shape]:
    shapes: list[Shape] = []
    for rule in ("round_up", "round_down"):
        for n in (0, 1, 13, 24):
            shapes.append((f"m{n}_{rule}", add_months(X, n, rule), decision_date()))
        shapes.append((f"y_{rule}", add_years(X, YEARS, rule), decision_date()))
        shapes.append((f"wm_{rule}", whole_months_between(X, decision_date(), rule), Const(13)))
        shapes.append((f"wy_{rule}", whole_years_between(X, decision_date(), rule), YEARS))
    return shapes


def _program() -> Program:
    return comparison_program("t.shift", _shapes(), PARAMS, flipped=True)


def _tricky(years: range) -> list[date]:
    out: list[date] = []
    for y in years:
        for m in (1, 2, 3, 6, 12):
            first = date(y, m, 1)
            last = (date(y + 1, 1, 1) if m == 12 else date(y, m + 1, 1)) - timedelta(days=1)
            out += [first, last, last - timedelta(days=1), date(y, m, 15)]
    return out


def test_per_row_shifts_agree_with_the_single_case_evaluator() -> None:
    program = _program()
    xs = _tricky(range(1996, 2001))
    ds = [d for d in _tricky(range(2020, 2025)) if d.month in (2, 3)]
    pairs: list[tuple[date | None, date]] = [
        (x, d) for x in xs for d in ds if abs(d.year - x.year - 24) <= 1 or d.year - x.year < 3
    ]
    pairs += [(x, d) for x in ds for d in ds]
    pairs.append((None, ds[0]))
    frame = pl.DataFrame(
        {"p.x": [p[0] for p in pairs], "decision_date": [p[1] for p in pairs]},
        schema={"p.x": pl.Date, "decision_date": pl.Date},
    )
    batch = evaluate_frame(program, frame, date_column="decision_date")
    ids = [n.id for n in program.nodes() if n.id != "t.root"]
    wrong: list[tuple[object, ...]] = []
    rows = batch.rows(named=True)
    for i, (x, d) in enumerate(pairs):
        values = {r.node.id: r.value for r in assess(program, {"p.x": x}, d).all_results()}
        got = rows[i]
        wrong += [
            (node_id, x, d, got[node_id], values[node_id])
            for node_id in ids
            if got[node_id] != values[node_id]
        ]
    assert wrong == [], wrong[:10]
