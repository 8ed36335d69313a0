"""An unknown outcome says why: the facts whose answer can change it (found by evaluation), and the
parameters without a value. (Toy rules, not law.)"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from migralex.engine import (
    FactType,
    ParameterSet,
    Program,
    RulePack,
    all_of,
    assess,
    at_least,
    cite,
    condition,
    fact,
    if_,
    not_,
    param,
    recorded,
    unless,
)
from migralex.engine.explain import render_text

SRC = cite("Test Act § 1", "https://example.org/test")
A, B, C, D = (fact(f"t.{x}", FactType.BOOL, x.upper()) for x in "abcd")
N = fact("t.n", FactType.INT, "N", minimum=0)
ON = date(2025, 1, 1)


def value(v: Any, status: str = "in_force", start: str = "2000-01-01") -> dict[str, Any]:
    return {
        "from": start,
        "value": v,
        "status": status,
        "source": {"citation": "Test Act § 2", "url": "https://x"},
    }


def program_of(root: Any, params: dict[str, Any] | None = None) -> Program:
    program = Program("t.p", "Test", "test", root, SRC)
    RulePack(
        "t", "Test", "0", ParameterSet.from_mapping(params or {}), {"t.p": program}, Path(__file__).parent
    )
    return program


def test_a_fact_that_decides_nothing_on_its_own_is_still_asked_when_it_can_tip_the_balance() -> None:
    program = program_of(condition("t.x", "2 of 3", SRC, at_least(2, A, B, C)))
    assert assess(program, {}, ON).missing_facts == ["t.a", "t.b", "t.c"]


def test_a_fact_whose_value_cannot_matter_is_not_asked() -> None:
    # both branches give the same answer: D does not matter, though the tree reads it
    program = program_of(condition("t.x", "x", SRC, if_(D, A, A)))
    assert assess(program, {}, ON).missing_facts == ["t.a"]


def test_recorded_inputs_are_each_asked_even_though_only_all_together_decide() -> None:
    program = program_of(condition("t.x", "x", SRC, all_of(recorded(A), recorded(B), not_(C))))
    assert assess(program, {}, ON).missing_facts == ["t.a", "t.b", "t.c"]


def test_an_exception_that_must_be_ruled_out_first_is_asked() -> None:
    node = condition("t.x", "x", SRC, N >= 18, unless=[unless("t.x.d", "D", SRC, D, True)])
    program = program_of(node)
    assert assess(program, {}, ON).missing_facts == ["t.n", "t.d"]
    assert assess(program, {"t.n": 20}, ON).outcome == "eligible"


def test_a_parameter_without_a_value_is_listed_and_never_turns_into_a_question() -> None:
    params = {"t.min": {"label": "Minimum", "type": "int", "values": [value(None, "unverified")]}}
    program = program_of(condition("t.x", "x", SRC, param("t.min") <= N), params)
    decision = assess(program, {}, ON)
    assert decision.outcome == "unknown"
    assert decision.missing_facts == []  # no value of N can decide it
    [u] = decision.unknown_parameters
    assert (u.id, u.on, u.status) == ("t.min", ON, "unverified")
    assert u.source is not None and u.source.text == "Test Act § 2"
    js = decision.to_json()["unknown_parameters"][0]
    assert js["id"] == "t.min" and js["on"] == "2025-01-01" and js["source"]["citation"] == "Test Act § 2"
    text = render_text(decision)
    assert "ask next" not in text and "Unknown parameter t.min on 2025-01-01" in text


def test_a_parameter_with_no_value_on_the_date_is_listed_as_not_in_force() -> None:
    params = {"t.min": {"label": "Minimum", "type": "int", "values": [value(18, start="2030-01-01")]}}
    program = program_of(condition("t.x", "x", SRC, all_of(A, param("t.min") <= N)), params)
    decision = assess(program, {}, ON)
    assert decision.missing_facts == ["t.a"]  # A can still refuse; N cannot decide anything
    [u] = decision.unknown_parameters
    assert u.status == "not_in_force" and u.source is None and "no value in force on 2025-01-01" in u.why
