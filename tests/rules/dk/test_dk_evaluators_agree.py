"""Property test: for every Danish program, the single-case and the batch evaluators agree on random cases.

Facts are drawn from each program's own fact specs (unknown included), decision dates from the period its
parameters cover; both the per-row date column and a fixed decision date are checked, outputs included.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migralex.engine import FactSpec, FactType, Program, assess, evaluate_frame
from migralex.engine.values import Value
from migralex.rules.registry import get_program, packs

PROGRAMS = sorted(packs()["dk"].programs)
LAST_DATE = date(2026, 12, 31)


def _coverage_start(program: Program) -> date:
    """The first date on which every parameter the program reads has a value (2016 if it reads none)."""
    pack = program.pack
    assert pack is not None
    starts = (min(v.start for v in pack.parameters[pid].values) for pid in program.parameter_ids())
    return max(starts, default=date(2016, 1, 1))


def _value(spec: FactSpec) -> st.SearchStrategy[Any]:
    t = spec.type
    if t is FactType.LIST:  # records with every field, each possibly unknown
        fields = {
            name: st.one_of(st.none(), _value(FactSpec(f"{spec.id}.{name}", f.type, name, codes=f.codes)))
            for name, f in spec.item.items()
        }
        return st.lists(st.fixed_dictionaries(fields).map(MappingProxyType), max_size=4).map(tuple)
    if t is FactType.BOOL:
        return st.booleans()
    if t is FactType.INT:
        return st.one_of(st.integers(0, 60), st.integers(0, 5000))
    if t is FactType.DECIMAL:
        return st.one_of(
            st.decimals(min_value=0, max_value=100, places=1, allow_nan=False, allow_infinity=False),
            st.decimals(min_value=0, max_value=400000, places=2, allow_nan=False, allow_infinity=False),
        )
    if t is FactType.DATE:
        return st.one_of(
            st.dates(date(1950, 1, 1), date(2030, 12, 31)),
            st.dates(date(2010, 1, 1), date(2026, 12, 31)),
            st.sampled_from([date(2000, 2, 29), date(2020, 2, 29), date(2022, 7, 1), date(2024, 7, 1)]),
        )
    if t is FactType.CODE:
        return st.sampled_from(spec.codes)
    return st.frozensets(st.sampled_from(spec.codes))


def _facts(program: Program) -> st.SearchStrategy[dict[str, Value]]:
    return st.fixed_dictionaries(
        {fid: st.one_of(st.none(), _value(spec)) for fid, spec in program.fact_specs().items()}
    )


def _frame(program: Program, rows: list[dict[str, Value]]) -> pl.DataFrame:
    specs = program.fact_specs()
    return pl.DataFrame(
        {fid: [s.column_value(r.get(fid)) for r in rows] for fid, s in specs.items()},
        schema={fid: s.polars_dtype() for fid, s in specs.items()},
    )


def _norm(v: Any) -> Any:
    if isinstance(v, Decimal):
        return v.normalize()
    if isinstance(v, list):
        return frozenset(v)
    return v


def _check(program: Program, rows: list[dict[str, Value]], days: list[date]) -> None:
    singles = [assess(program, r, d) for r, d in zip(rows, days, strict=True)]
    frame = _frame(program, rows).with_columns(pl.Series("decision_date", days, dtype=pl.Date))
    batch = evaluate_frame(program, frame, date_column="decision_date")
    fixed = evaluate_frame(program, _frame(program, rows), on=days[0])
    for i, dec in enumerate(singles):
        rec = batch.row(i, named=True)
        assert rec["outcome"] == dec.outcome, (rows[i], days[i])
        for r in dec.all_results():
            assert _norm(rec[r.node.id]) == _norm(r.value), (r.node.id, rows[i], days[i])
        for name, r in dec.outputs.items():
            assert _norm(rec[name]) == _norm(r.value), (name, rows[i], days[i])
        same_day = assess(program, rows[i], days[0])
        rec0 = fixed.row(i, named=True)
        assert rec0["outcome"] == same_day.outcome, (rows[i], days[0])
        for r in same_day.all_results():
            assert _norm(rec0[r.node.id]) == _norm(r.value), (r.node.id, rows[i], days[0])


@pytest.mark.parametrize("program_id", PROGRAMS)
def test_dk_evaluators_agree(program_id: str) -> None:
    program = get_program(program_id)
    cases = st.lists(
        st.tuples(_facts(program), st.dates(_coverage_start(program), LAST_DATE)), min_size=1, max_size=8
    )

    @settings(max_examples=25, deadline=None)
    @given(cases)
    def agree(drawn: list[tuple[dict[str, Value], date]]) -> None:
        _check(program, [c[0] for c in drawn], [c[1] for c in drawn])

    agree()
