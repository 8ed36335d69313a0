"""Property tests: the single-case and the batch evaluators agree on random cases, missing facts included."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from migralex.engine import Program, assess, evaluate_frame
from migralex.engine.values import Value
from migralex.rules.registry import get_program

from .toy import build_pack

TOY = build_pack().programs["toy.eligible"]

dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2029, 12, 31))
leapish = st.sampled_from([date(2000, 2, 29), date(2004, 2, 29), date(2001, 1, 31), date(2003, 3, 31)])
decision_dates = st.one_of(
    st.dates(min_value=date(1997, 1, 1), max_value=date(2029, 12, 31)),
    st.sampled_from([date(2023, 2, 28), date(2024, 2, 29), date(2021, 3, 1)]),
)
money = st.decimals(
    min_value=Decimal("-1000"), max_value=Decimal("100000"), places=2, allow_nan=False, allow_infinity=False
)


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A value or unknown."""
    return st.one_of(st.none(), strategy)


toy_facts = st.fixed_dictionaries(
    {
        "person.birth_date": maybe(st.one_of(dates, leapish)),
        "person.arrival_date": maybe(st.one_of(dates, leapish)),
        "person.income": maybe(money),
        "person.status": maybe(st.sampled_from(["a", "b", "c"])),
        "person.tags": maybe(st.frozensets(st.sampled_from(["x", "y", "z"]))),
        "person.working": maybe(st.booleans()),
        "person.children": maybe(st.integers(0, 6)),
        "person.hardship": maybe(st.booleans()),
        "person.override": maybe(st.booleans()),
        "person.veto": maybe(st.booleans()),
        "person.sentences": maybe(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "months": maybe(st.integers(0, 40)),
                        "suspended": maybe(st.booleans()),
                        "on": maybe(dates),
                        "fine": maybe(money),
                    }
                ).map(lambda d: MappingProxyType(dict(d))),
                max_size=4,
            ).map(tuple)
        ),
    }
)


def frame_of(program: Program, rows: list[dict[str, Value]]) -> pl.DataFrame:
    specs = program.fact_specs()
    return pl.DataFrame(
        {fid: [s.column_value(r.get(fid)) for r in rows] for fid, s in specs.items()},
        schema={fid: s.polars_dtype() for fid, s in specs.items()},
    )


def norm(v: Any) -> Any:
    if isinstance(v, Decimal):
        return v.normalize()
    if isinstance(v, list):
        return frozenset(v)
    return v


def test_toy_reads_a_list_fact() -> None:
    assert TOY.fact_specs()["person.sentences"].type.value == "list"


def check_agree(program: Program, rows: list[dict[str, Value]], days: list[date]) -> None:
    singles = [assess(program, r, d) for r, d in zip(rows, days, strict=True)]
    # per-row decision dates through the date column
    frame = frame_of(program, rows).with_columns(pl.Series("decision_date", days, dtype=pl.Date))
    batch = evaluate_frame(program, frame, date_column="decision_date")
    for i, dec in enumerate(singles):
        rec = batch.row(i, named=True)
        assert rec["outcome"] == dec.outcome, (rows[i], days[i])
        for r in dec.all_results():
            assert norm(rec[r.node.id]) == norm(r.value), (r.node.id, rows[i], days[i])
        for name, r in dec.outputs.items():
            assert norm(rec[name]) == norm(r.value), (name, rows[i])
    # one fixed decision date as a literal (date comparisons are rewritten to thresholds on this path)
    fixed = evaluate_frame(program, frame_of(program, rows), on=days[0])
    for i, row in enumerate(rows):
        dec = assess(program, row, days[0])
        rec = fixed.row(i, named=True)
        assert rec["outcome"] == dec.outcome
        for r in dec.all_results():
            assert norm(rec[r.node.id]) == norm(r.value), (r.node.id, row, days[0])


@given(st.lists(st.tuples(toy_facts, decision_dates), min_size=1, max_size=12))
def test_toy_evaluators_agree(cases: list[tuple[dict[str, Value], date]]) -> None:
    check_agree(TOY, [c[0] for c in cases], [c[1] for c in cases])


spouse_facts = st.fixed_dictionaries(
    {
        "sponsor.birth_date": maybe(st.one_of(dates, leapish)),
        "applicant.birth_date": maybe(st.one_of(dates, leapish)),
        "sponsor.residence_status": maybe(
            st.sampled_from(["danish_citizen", "permanent_resident", "temporary_protection", "other"])
        ),
        "sponsor.permanent_residence_since": maybe(dates),
        "sponsor.protection_granted_on": maybe(dates),
        "case.exceptional_circumstances": maybe(st.booleans()),
        "case.age_requirement_dispensation": maybe(st.booleans()),
        "sponsor.has_received_public_assistance": maybe(st.booleans()),
        "sponsor.last_public_assistance_date": maybe(dates),
        "sponsor.financial_guarantee_provided": maybe(st.booleans()),
    }
)


@given(
    st.lists(st.tuples(spouse_facts, st.dates(date(2018, 7, 1), date(2026, 12, 31))), min_size=1, max_size=8)
)
def test_dk_spouse_evaluators_agree(cases: list[tuple[dict[str, Value], date]]) -> None:
    program = get_program("dk.family_reunification.spouse")
    specs = program.fact_specs()
    rows = [{k: v for k, v in c[0].items() if k in specs} for c in cases]
    check_agree(program, rows, [c[1] for c in cases])
