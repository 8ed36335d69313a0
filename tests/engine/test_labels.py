"""Labels state thresholds through the parameters that hold them, filled with the values actually used.
(Toy rules, not law.)"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from migralex.engine import (
    DefinitionError,
    FactType,
    ParameterSet,
    Program,
    Reform,
    RulePack,
    assess,
    cite,
    condition,
    fact,
    param,
    unless,
)
from migralex.engine.explain import render_text
from migralex.engine.labels import labels_repeating_parameters, numbers_in, template_text

SRC = cite("Test Act § 1", "https://example.org/test")
AGE = fact("t.age", FactType.INT, "Age", minimum=0)
D = fact("t.d", FactType.BOOL, "Dispensation")


def value(v: Any, start: str, status: str = "in_force") -> dict[str, Any]:
    return {
        "from": start,
        "value": v,
        "status": status,
        "source": {"citation": "Test Act § 2", "url": "https://x"},
    }


PARAMS = {
    "t.min_age": {
        "label": "Minimum age",
        "type": "int",
        "values": [value(18, "2000-01-01"), value(24, "2020-01-01")],
    }
}


def pack(root: Any, params: dict[str, Any] = PARAMS) -> Program:
    program = Program("t.p", "Test", "test", root, SRC)
    RulePack("t", "Test", "0", ParameterSet.from_mapping(params), {"t.p": program}, Path(__file__).parent)
    return program


AT_LEAST = condition(
    "t.age_ok",
    "The person is at least {param:t.min_age} years old",
    SRC,
    param("t.min_age") <= AGE,
    unless=[unless("t.age_ok.d", "Dispensation below {param:t.min_age}", SRC, D)],
)


YOUNG = value(21, "2000-01-01")


def test_the_label_shows_the_value_used_on_the_date_and_under_the_reform() -> None:
    program = pack(AT_LEAST)
    old = assess(program, {"t.age": 21}, date(2019, 1, 1))
    assert old.root.label == "The person is at least 18 years old"
    new = assess(program, {"t.age": 21, "t.d": False}, date(2021, 1, 1))
    js = new.to_json()["conditions"][0]
    assert js["label"] == "The person is at least 24 years old"
    assert js["label_template"] == "The person is at least {param:t.min_age} years old"
    assert js["exceptions"][0]["label"] == "Dispensation below 24"
    assert "Refused on: The person is at least 24 years old" in render_text(new, width=200)
    reform = Reform(
        "t.young", "Younger", "Minimum age 21", "t", "proposed", SRC,
        parameters=ParameterSet.from_mapping({"t.min_age": PARAMS["t.min_age"] | {"values": [YOUNG]}}),
    )  # fmt: skip
    under = assess(program, {"t.age": 21}, date(2021, 1, 1), reform)
    assert under.outcome == "eligible" and under.root.label == "The person is at least 21 years old"


def test_a_label_may_only_name_parameters_of_the_pack() -> None:
    with pytest.raises(DefinitionError, match=r"t\.nope"):
        pack(condition("t.x", "At least {param:t.nope}", SRC, AGE >= 1))


def test_labels_that_repeat_a_parameter_value_are_found() -> None:
    hard = condition(
        "t.hard", "The person is at least 24 years old (§ 9, stk. 18)", SRC, param("t.min_age") <= AGE
    )
    program = pack(hard)
    assert program.pack is not None
    [found] = labels_repeating_parameters(program.nodes(), program.pack.parameters)
    assert (found.node, found.number, found.parameter) == ("t.hard", Decimal(24), "t.min_age")
    assert labels_repeating_parameters(pack(AT_LEAST).nodes(), program.pack.parameters) == []


def test_numbers_in_references_are_not_amounts() -> None:
    assert numbers_in("§ 7, stk. 3: 1 year, art. 8, s.117C(2), DKK 10,000") == [Decimal(1), Decimal(10000)]
    assert template_text("at least {param:t.min_age} years") == "at least [t.min_age] years"
