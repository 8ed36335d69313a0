"""List facts: records with typed fields, aggregated with Kleene rules in both evaluators. (Toy rules.)"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from migralex.engine import (
    FactError,
    FactType,
    ItemField,
    ParameterSet,
    Program,
    RulePack,
    any_of_items,
    assess,
    cite,
    condition,
    count_items,
    evaluate_frame,
    fact_list,
    max_items,
    sum_items,
)

SRC = cite("Test Act § 1", "https://example.org/test")
ASSETS = fact_list(
    "person.assets",
    "Assets the person brought",
    item={"value": ItemField(FactType.DECIMAL, "Value", unit="DKK", minimum=0), "personal": FactType.BOOL},
)
seizable = sum_items(ASSETS, ASSETS.item("value"), where=~ASSETS.item("personal"))
ROOT = condition("t.seize", "Seizable assets exceed 10", SRC, seizable > 10)
PROGRAM = Program("t.p", "Test", "test", ROOT, SRC)
RulePack("t", "Test", "0", ParameterSet(), {PROGRAM.id: PROGRAM}, Path(__file__).parent)
ON = date(2025, 1, 1)


def both(raw: object) -> object:
    facts = PROGRAM.parse_facts({"person.assets": raw})
    single = assess(PROGRAM, facts, ON)
    spec = PROGRAM.fact_specs()["person.assets"]
    frame = pl.DataFrame(
        {"person.assets": [spec.column_value(facts["person.assets"])]},
        schema={"person.assets": spec.polars_dtype()},
    )
    batch = evaluate_frame(PROGRAM, frame, on=ON)
    assert batch["outcome"][0] == single.outcome
    return single.outcome


def test_items_are_summed_where_they_count() -> None:
    assert both([{"value": "8", "personal": False}, {"value": "5", "personal": False}]) == "eligible"
    assert both([{"value": "8", "personal": False}, {"value": "500", "personal": True}]) == "ineligible"
    assert both([]) == "ineligible"


def test_an_unknown_field_keeps_the_sum_unknown_only_if_the_item_may_count() -> None:
    assert both([{"value": None, "personal": True}, {"value": "3", "personal": False}]) == "ineligible"
    assert both([{"value": None, "personal": False}]) == "unknown"
    assert both([{"value": "3", "personal": None}]) == "unknown"
    assert both(None) == "unknown"
    decision = assess(
        PROGRAM, PROGRAM.parse_facts({"person.assets": [{"value": None, "personal": False}]}), ON
    )
    assert decision.missing_facts == ["person.assets"]


def test_bad_items_name_the_index_and_the_field() -> None:
    with pytest.raises(FactError, match=r"person\.assets\[1\]\.personal: missing field"):
        PROGRAM.parse_facts({"person.assets": [{"value": "1", "personal": True}, {"value": "2"}]})
    with pytest.raises(FactError, match=r"person\.assets\[0\]\.value: must be at least 0"):
        PROGRAM.parse_facts({"person.assets": [{"value": "-1", "personal": True}]})
    with pytest.raises(FactError, match=r"person\.assets\[0\]\.colour: unknown field"):
        PROGRAM.parse_facts({"person.assets": [{"value": "1", "personal": True, "colour": "red"}]})
    with pytest.raises(FactError, match=r"person\.assets: expected a list"):
        PROGRAM.parse_facts({"person.assets": {"value": "1"}})


def test_any_count_and_max() -> None:
    facts = PROGRAM.parse_facts(
        {"person.assets": [{"value": "8", "personal": True}, {"value": None, "personal": False}]}
    )
    program = Program(
        "t.q",
        "Test",
        "test",
        condition(
            "t.q",
            "q",
            SRC,
            any_of_items(ASSETS, ASSETS.item("personal"))
            & (count_items(ASSETS) >= 2)
            & (max_items(ASSETS, ASSETS.item("value"), where=ASSETS.item("personal")) > 5),
        ),
        SRC,
    )
    RulePack("t", "Test", "0", ParameterSet(), {program.id: program}, Path(__file__).parent)
    assert assess(program, facts, ON).outcome == "eligible"
