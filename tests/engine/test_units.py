"""Percentages cannot be misread: 0-100 in the schema and the parser, and a warning when every share given
looks like a fraction. (Toy rules, not law.)"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from migralex.engine import (
    FactError,
    FactType,
    ParameterSet,
    Program,
    RulePack,
    all_of,
    assess,
    cite,
    condition,
    fact,
)

SRC = cite("Test Act § 1", "https://example.org/test")
OUTSIDE = fact("area.share_outside_work", FactType.DECIMAL, "Share outside work", unit="%", minimum=0)
NON_WESTERN = fact("area.share_non_western", FactType.DECIMAL, "Share non-Western", unit="%", minimum=0)
PROGRAM = Program(
    "t.area",
    "Area",
    "test",
    condition("t.area", "Both shares above half", SRC, all_of(OUTSIDE > 40, NON_WESTERN > 50)),
    SRC,
)
RulePack("t", "Test", "0", ParameterSet(), {PROGRAM.id: PROGRAM}, Path(__file__).parent)


def test_a_share_says_percent_and_its_range_in_the_schema() -> None:
    schema = PROGRAM.json_schema()["properties"]["area.share_non_western"]
    assert (schema["minimum"], schema["maximum"], schema["x-unit"]) == (0, 100, "%")
    assert "in %, 0-100" in schema["description"]


def test_a_share_above_100_percent_is_refused_naming_the_field() -> None:
    with pytest.raises(FactError, match=r"area\.share_non_western: must be at most 100, got 150"):
        PROGRAM.parse_facts({"area.share_non_western": 150})


def test_every_share_at_most_1_is_flagged_as_probably_a_fraction() -> None:
    facts = PROGRAM.parse_facts({"area.share_outside_work": "0.45", "area.share_non_western": "0.55"})
    decision = assess(PROGRAM, facts, date(2025, 1, 1))
    [warning] = decision.warnings
    assert "area.share_non_western, area.share_outside_work" in warning and "55 for 55 %" in warning
    assert decision.to_json()["warnings"] == [warning]
    fine = assess(
        PROGRAM,
        {"area.share_outside_work": Decimal(45), "area.share_non_western": Decimal("0.5")},
        date(2025, 1, 1),
    )
    assert fine.warnings == []
