"""The verifier on small programs whose answer is known: dead conditions, conflicts, gaps, unsupported."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from migralex.engine import (
    FactType,
    ParameterSet,
    Program,
    RulePack,
    add_years,
    age_on,
    all_of,
    any_of,
    assess,
    cite,
    condition,
    decision_date,
    fact,
    param,
    unless,
)
from migralex.engine import expressions as ex
from migralex.engine.lists import sum_items
from migralex.engine.nodes import Node
from migralex.verify.checks import coverage_gaps, intervals, program_checks
from migralex.verify.translate import SUPPORTED_KINDS

SRC = cite("Test Act § 1", "https://example.org/test")
AGE = fact("t.age", FactType.INT, "Age", minimum=0, maximum=120)
BORN = fact("t.born", FactType.DATE, "Date of birth")
A = fact("t.a", FactType.BOOL, "A")
B = fact("t.b", FactType.BOOL, "B")


def value(v: Any, start: str, end: str | None = None) -> dict[str, Any]:
    out = {
        "from": start,
        "value": v,
        "status": "in_force",
        "source": {"citation": "Test Act § 2", "url": "https://x"},
    }
    if end:
        out["until"] = end
    return out


PARAMS = {"t.min_age": {"label": "Minimum age", "type": "int", "values": [value(18, "2000-01-01")]}}


def pack(root: Node, params: dict[str, Any] = PARAMS) -> Program:
    program = Program("t.p", "Test", "test", root, SRC)
    RulePack("t", "Test", "0", ParameterSet.from_mapping(params), {"t.p": program}, Path(__file__).parent)
    return program


def keys(program: Program) -> set[str]:
    findings, _ = program_checks(program)
    return {f"{f.check}: {f.subject}" for f in findings}


def test_the_supported_expression_kinds_are_listed() -> None:
    assert {k.__name__ for k in SUPPORTED_KINDS} == {
        "Const", "FactRef", "Param", "DecisionDate", "Compare", "Arith", "Extreme", "AllOf", "AnyOf", "Not",
        "Recorded", "AtLeast", "IfThenElse", "IsIn", "SetContains", "SetIntersects", "WholeMonths",
        "AddMonths", "DaysBetween", "Node",
    }  # fmt: skip
    # every expression class of the engine is either supported or reported as not checked
    kinds = {c for c in vars(ex).values() if isinstance(c, type) and issubclass(c, ex.Expr)}
    assert kinds - set(SUPPORTED_KINDS) <= {ex.Expr, ex.ItemRef, ex.Round, ex._Junction}


def test_a_threshold_no_fact_value_can_reach_is_a_dead_condition() -> None:
    # age is declared 0-120, so "age over 130" can never be true
    old = condition("t.old", "Older than the oldest person", SRC, AGE > 130)
    program = pack(condition("t.root", "Root", SRC, any_of(old, param("t.min_age") <= AGE)))
    assert keys(program) == {"never true: t.old"}


def test_a_live_program_has_no_findings() -> None:
    adult = condition(
        "t.adult", "An adult on the decision date", SRC, age_on(BORN, decision_date()) >= param("t.min_age")
    )
    assert keys(pack(condition("t.root", "Root", SRC, all_of(adult, A)))) == set()


def test_two_exceptions_of_one_priority_that_can_both_apply_are_a_conflict() -> None:
    root = condition(
        "t.root", "Root", SRC, param("t.min_age") <= AGE,
        unless=[unless("t.x1", "X1", SRC, A, False), unless("t.x2", "X2", SRC, B, True)],
    )  # fmt: skip
    program = pack(root)
    findings, _ = program_checks(program)
    (conflict,) = [f for f in findings if f.check == "exception conflict"]
    assert conflict.subject == "t.root@1"
    # the engine agrees: with both facts true, assessing raises the conflict
    import pytest

    from migralex.engine import ExceptionConflictError

    with pytest.raises(ExceptionConflictError):
        assess(program, {"t.age": 30, "t.a": True, "t.b": True}, date(2025, 1, 1))


def test_a_condition_after_its_parameter_expires_is_unknown_and_the_gap_is_a_date_range() -> None:
    values = [value(18, "2000-01-01", "2010-01-01"), value(21, "2015-01-01")]
    params = {"t.min_age": {"label": "Minimum age", "type": "int", "values": values}}
    program = pack(condition("t.root", "Root", SRC, param("t.min_age") <= AGE), params)
    assert [(lo.year, hi.year) for lo, hi in intervals(program)][:3] == [
        (2000, 2009),
        (2010, 2014),
        (2015, 2100),
    ]
    (gap,) = coverage_gaps(program)
    assert gap.subject == "t.min_age 2010-01-01..2014-12-31"


def test_a_branch_a_regime_switch_rules_out_is_not_a_gap() -> None:
    """A rule that reads a rung parameter only while a boolean regime parameter is true (the Danish step
    ladder until LOV 755/2025) has no gap after the rung parameter ends; before its start it has."""
    params = {
        "t.ladder": {
            "label": "Ladder",
            "type": "bool",
            "values": [value(True, "2000-01-01", "2010-01-01"), value(False, "2010-01-01")],
        },
        "t.rung_age": {"label": "Rung age", "type": "int", "values": [value(18, "2005-01-01", "2010-01-01")]},
        "t.min_age": {"label": "Minimum age", "type": "int", "values": [value(21, "2010-01-01")]},
    }
    expr = ex.if_(param("t.ladder"), param("t.rung_age") <= AGE, param("t.min_age") <= AGE)
    program = pack(condition("t.root", "Root", SRC, expr), params)
    assert [g.subject for g in coverage_gaps(program)] == ["t.rung_age 2000-01-01..2004-12-31"]


def test_an_unsupported_kind_is_reported_not_treated_as_true() -> None:
    assets = ex.fact_list("t.assets", "Assets", item={"value": FactType.INT})
    rich = condition("t.rich", "Has assets worth 100", SRC, sum_items(assets, assets.item("value")) >= 100)
    program = pack(condition("t.root", "Root", SRC, all_of(rich, A)))
    findings, info = program_checks(program)
    assert info["unsupported"] == ["Aggregate"]
    # over-approximated, so no condition is called dead because of it
    assert findings == []


def test_add_years_matches_the_engine_on_29_february() -> None:
    # born 29 Feb 2008, round_up: 18 on 1 March 2026, not on 28 February
    eighteen = condition("t.eighteen", "Eighteen", SRC, add_years(BORN, 18, "round_up") <= decision_date())
    program = pack(condition("t.root", "Root", SRC, eighteen))
    import z3

    from migralex.verify.translate import Translation

    tr = Translation(program, None, date(2026, 2, 28), date(2026, 2, 28))
    born = tr.facts["t.born"]
    s = z3.Solver()
    s.add(
        *tr.constraints, born.known, born.value.y == 2008, born.value.m == 2, born.value.d == 29, tr.root.true
    )
    assert s.check() == z3.unsat
    assert assess(program, {"t.born": date(2008, 2, 29)}, date(2026, 2, 28)).outcome == "ineligible"
