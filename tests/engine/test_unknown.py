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
    any_of,
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


REL = fact("t.relation", FactType.CODE, "Relation", codes=("partner", "child", "parent"))


def test_a_route_that_does_not_apply_is_not_a_reason_for_refusal() -> None:
    is_partner = condition("t.is_partner", "Applies as partner", SRC, REL.eq("partner"), gate=True)
    is_child = condition("t.is_child", "Applies as child", SRC, REL.eq("child"), gate=True)
    pre_flight = condition("t.pre_flight", "Relationship formed before flight", SRC, A)
    under_18 = condition("t.under_18", "Under 18", SRC, B)
    partner = condition("t.partner", "Qualifies as partner", SRC, all_of(is_partner, pre_flight))
    child = condition("t.child", "Qualifies as child", SRC, all_of(is_child, under_18))
    program = program_of(condition("t.x", "Family member", SRC, all_of(C, any_of(partner, child))))
    refused = assess(program, {"t.relation": "partner", "t.a": False, "t.b": False, "t.c": True}, ON)
    assert [r.node.id for r in refused.deciding_failures()] == ["t.pre_flight"]
    assert "Refused on: Applies as child" not in render_text(refused)
    assert "Refused on: Relationship formed before flight" in render_text(refused)
    # a parent fits no route: the routes themselves are the reason
    parent = assess(program, {"t.relation": "parent", "t.c": True}, ON)
    assert [r.node.id for r in parent.deciding_failures()] == ["t.is_partner", "t.is_child"]
    # and a plain failure elsewhere is listed beside them
    both = assess(program, {"t.relation": "child", "t.b": False, "t.c": False}, ON)
    assert [r.node.id for r in both.deciding_failures()] == ["t.x", "t.under_18"]
