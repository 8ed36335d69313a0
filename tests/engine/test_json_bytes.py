"""``Decision.to_json_bytes``: the same JSON as ``to_json``, byte for byte what orjson writes of it; and a
case assessed with ``explain="none"`` (values only) answers as the fully explained one.

It writes citations and parameter values once per program and lets orjson write dates itself, so it is checked
on every law-readable case (reforms included), on the toy pack (list facts, decimals, code sets, exceptions,
windows) with random facts, at every explain level; and the dict form is checked not to share what the
bytes form caches.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migralex.engine import assess
from migralex.engine.cases import Case, load_cases
from migralex.engine.explain import render_text
from migralex.engine.program import EXPLAIN, Decision
from migralex.rules.registry import get_program, get_reform

from .test_properties import TOY, decision_dates, toy_facts

CASES_DIR = Path(__file__).resolve().parents[1] / "cases"
CASES: list[Case] = [
    c for f in sorted(CASES_DIR.rglob("*.yaml")) if "appeals" not in f.parent.parts for c in load_cases(f)
]


def _decide(case: Case) -> Decision:
    program = get_program(case.program)
    reform = get_reform(case.reform) if case.reform else None
    return assess(program, program.parse_facts(case.facts, reform), case.date, reform)


def _same(decision: Decision) -> None:
    for level in EXPLAIN:
        assert decision.to_json_bytes(level) == orjson.dumps(decision.to_json(level)), level


@pytest.mark.parametrize("case", CASES, ids=[c.test_id for c in CASES])
def test_bytes_equal_the_dict_form_on_every_case(case: Case) -> None:
    _same(_decide(case))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(toy_facts, decision_dates), min_size=1, max_size=3))
def test_bytes_equal_the_dict_form_on_random_toy_cases(cases: list[tuple[dict[str, Any], date]]) -> None:
    for facts, on in cases:
        _same(assess(TOY, facts, on))


def test_the_dict_form_is_not_changed_by_the_bytes_form() -> None:
    decision = _decide(CASES[0])
    before = decision.to_json()
    decision.to_json_bytes()
    after = decision.to_json()
    assert after == before
    after["conditions"][0]["citation"]["url"] = "changed"  # a caller's copy: nothing cached changes
    assert decision.to_json() == before
    assert json.loads(decision.to_json_bytes()) == before


@pytest.mark.parametrize("case", CASES, ids=[c.test_id for c in CASES])
def test_assessed_without_explanation_the_answer_is_the_same(case: Case) -> None:
    program = get_program(case.program)
    reform = get_reform(case.reform) if case.reform else None
    facts = program.parse_facts(case.facts, reform)
    bare = assess(program, facts, case.date, reform, explain="none")
    assert bare.to_json_bytes("none") == _decide(case).to_json_bytes("none")
    assert bare.to_json("none") == _decide(case).to_json("none")
    assert render_text(bare, explain="none") == render_text(_decide(case), explain="none")  # refusal reasons
    with pytest.raises(ValueError, match="assessed with explain='none'"):
        bare.to_json("failing")


def test_a_program_that_has_written_its_json_bytes_still_pickles() -> None:
    """Spark ships a program to its executors by pickling it: the serialised-once citations and parameter
    values (``orjson.Fragment`` objects cannot be pickled) are left behind and made again on use."""
    import pickle

    from pyspark import cloudpickle  # what Spark pickles closures with

    case = CASES[0]
    decision = _decide(case)
    expected = decision.to_json_bytes()  # fills the caches on the program's citations and values
    program = pickle.loads(cloudpickle.dumps(decision.program))
    reform = get_reform(case.reform) if case.reform else None
    again = assess(program, program.parse_facts(case.facts, reform), case.date, reform)
    assert again.to_json_bytes() == expected
