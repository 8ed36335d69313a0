"""What to ask next, worked out by incremental trials, is the list the plain search gave (main 48019f6:
every trial a fresh evaluation), fact for fact and in the same order: for every program and reform on no
facts, for every law-readable case with some of its facts taken away, on the toy pack's random sparse
cases, and where evaluating a node ahead of time would raise."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from migralex.engine import (
    FactType,
    ParameterSet,
    Program,
    RulePack,
    all_of,
    any_of_items,
    assess,
    cite,
    condition,
    fact,
    fact_list,
    if_,
    not_,
    unless,
)
from migralex.engine.cases import Case, load_cases
from migralex.engine.dependencies import dependency_index
from migralex.engine.program import Explain
from migralex.engine.values import Value
from migralex.rules.registry import get_program, get_reform, programs, reforms

from .relevance_reference import reference_missing
from .test_properties import TOY, toy_facts

CASES_DIR = Path(__file__).parent.parent / "cases"
CASES: list[Case] = [
    c for f in sorted(CASES_DIR.rglob("*.yaml")) if "appeals" not in f.parent.parts for c in load_cases(f)
]
SRC = cite("Test Act § 1", "https://example.org/test")
EXPLAIN: tuple[Explain, ...] = ("full", "none")


def same_as_reference(program: Program, facts: dict[str, Value], on: date, reform: Any = None) -> None:
    for explain in EXPLAIN:
        fast = assess(program, facts, on, reform, explain=explain).missing_facts
        assert fast == reference_missing(program, facts, on, reform), (program.id, sorted(facts), explain)


@pytest.mark.parametrize("on", [date(2017, 6, 1), date(2025, 3, 1), date(2026, 9, 1)])
@pytest.mark.parametrize("program_id", sorted(programs()))
def test_every_program_on_no_facts(program_id: str, on: date) -> None:
    program = get_program(program_id)
    same_as_reference(program, {}, on)
    for reform in reforms().values():
        if reform.applies_to(program):
            same_as_reference(program, {}, on, reform)


@pytest.mark.parametrize("case", CASES, ids=[c.test_id for c in CASES])
def test_every_case_with_facts_taken_away(case: Case) -> None:
    program = get_program(case.program)
    reform = get_reform(case.reform) if case.reform else None
    facts = program.parse_facts(case.facts, reform)
    rng = random.Random(case.test_id)
    keys = sorted(facts)
    for size in (len(keys) // 4, len(keys) // 2):
        kept = rng.sample(keys, size)
        same_as_reference(program, {k: facts[k] for k in kept}, case.date, reform)


@settings(max_examples=60, deadline=None)
@given(toy_facts)
def test_toy_pack_on_random_sparse_cases(facts: dict[str, Any]) -> None:
    known = {k: v for k, v in facts.items() if v is not None}
    same_as_reference(TOY, known, date(2025, 1, 1))


A, B, C, D, E = (fact(f"t.{x}", FactType.BOOL, x) for x in "abcde")


def program_of(root: Any) -> Program:
    program = Program("t.p", "Test", "test", root, SRC, {})
    RulePack("t", "Test", "0", ParameterSet.from_mapping({}), {"t.p": program}, Path(__file__).parent)
    return program


def test_a_node_that_would_raise_if_evaluated_ahead_of_time() -> None:
    """Two same-priority exceptions conflict under a branch the case may leave: trials that reach it are
    "exception conflict", trials that do not are not, as in a fresh evaluation."""
    clash = condition(
        "t.clash",
        "clash",
        SRC,
        A,
        unless=[
            unless("t.clash.one", "one", SRC, B, True, 1),
            unless("t.clash.two", "two", SRC, C, False, 1),
        ],
    )
    plain = condition("t.plain", "plain", SRC, E)
    program = program_of(condition("t.root", "root", SRC, all_of(if_(D, clash, plain), not_(E) | A)))
    cases: list[dict[str, Value]] = [
        {},
        {"t.d": True},
        {"t.b": True},
        {"t.b": True, "t.d": False},
        {"t.c": True, "t.e": True},
    ]
    for facts in cases:
        same_as_reference(program, dict(facts), date(2025, 1, 1))


def test_a_node_read_inside_an_aggregate() -> None:
    """A named node read for each item of a list: node values are then not carried between trials."""
    items = fact_list("t.items", "Items", item={"flag": FactType.BOOL})
    inner = condition("t.inner", "inner", SRC, A | B)
    program = program_of(
        condition("t.root", "root", SRC, all_of(C, any_of_items(items, items.item("flag") & inner)))
    )
    assert not dependency_index([program.root]).reusable
    for facts in ({}, {"t.c": True}, {"t.a": False}):  # type: dict[str, Value]
        same_as_reference(program, dict(facts), date(2025, 1, 1))


def test_the_dependency_index_lists_each_node_a_fact_can_change_children_first() -> None:
    x = condition("t.x", "x", SRC, A & B)
    y = condition("t.y", "y", SRC, x | C)
    root = condition("t.root", "root", SRC, all_of(y, D))
    index = dependency_index([root])
    assert [s.id for s in index.plan("t.a")[0]] == ["t.x", "t.y", "t.root"]
    assert [s.reads_fact for s in index.plan("t.a")[0]] == [True, False, False]
    assert [s.changed_inputs for s in index.plan("t.a")[0]] == [(), ("t.x",), ("t.y",)]
    assert index.affected("t.c") == frozenset({"t.y", "t.root"})
    assert index.affected("t.d") == frozenset({"t.root"})
    assert index.affected("t.e") == frozenset()
