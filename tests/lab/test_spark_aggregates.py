"""Spark's one-pass aggregates (the cube, and the condition table decoded from per-row condition states)
are polars' aggregates of the same row results, exactly (local[2], small data)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import polars as pl
import pytest

from migralex.lab import Plan
from migralex.lab.results import Aggregates
from migralex.population import PopulationSpec, get_profile
from migralex.rules.registry import get_program
from tests.lab.test_simulate import min_age_reform
from tests.lab.test_spark_population import native

pytestmark = pytest.mark.spark  # needs pyspark and Java (tests/conftest.py skips, or fails under CI)

ON = date(2025, 3, 1)
SPOUSE = "dk.family_reunification.spouse"


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from migralex.lab.spark import spark_session

    session = spark_session("local[2]", app="migralex-aggregate-tests")
    yield session
    session.stop()


def test_condition_states_give_the_polars_condition_table_and_cube(spark: Any) -> None:
    """First-failing, failing and unknown counts per condition and scenario, and the cube, equal polars'
    on the same persons with unknown facts; also when a scenario's conditions span several state codes."""
    from migralex.lab.spark import _state_codes, aggregate_spark
    from migralex.lab.spark_native import lab_rows
    from migralex.lab.spark_population import native_population

    plan = Plan(get_program(SPOUSE), [min_age_reform(21)], ON)
    spec = PopulationSpec(get_profile("dk-spouse"), 20_000, 5, ON, missing=0.05)
    expected = Aggregates.of(plan, plan.evaluate(native(spark, spec, plan.facts())))
    assert expected.conditions["unknown"].sum() > 0 and expected.conditions["first"].sum() > 0
    keys = [c for c in expected.cube.columns if c != "n"]
    for per_code in (39, 2):
        codes = _state_codes(plan, per_code)
        assert len(codes) == sum(-(-len(plan.conditions(s)) // per_code) for s in plan.scenarios)
        got = aggregate_spark(plan, lab_rows(plan, native_population(spark, spec, plan.facts())), per_code)
        assert got.conditions.equals(expected.conditions)
        assert got.cube.sort(keys).equals(expected.cube.sort(keys))


def test_a_state_code_holds_each_condition_as_a_base_3_digit() -> None:
    """Condition ``k`` of a code is its digit ``k``: true 0, false 1, unknown 2 (so 39 fit in a long)."""
    from migralex.lab.spark import CONDITIONS_PER_CODE, _state_codes

    plan = Plan(get_program(SPOUSE), [], ON)
    ids = [n.id for n in plan.conditions("baseline")]
    assert 3**CONDITIONS_PER_CODE < 2**63
    assert list(_state_codes(plan).values()) == [("baseline", ids)]
    chunks = list(_state_codes(plan, 3).values())
    assert [c for _, chunk in chunks for c in chunk] == ids and all(len(c) <= 3 for _, c in chunks)


def test_decoding_counts_each_state_group_by_its_rows() -> None:
    """A group's rows count as failing where the digit is 1, unknown where 2, and first failing only under
    an ineligible outcome and before any other failing condition of the scenario."""
    from migralex.lab.spark import _conditions_of_states, _state_codes

    plan = Plan(get_program(SPOUSE), [], ON)
    (column, (_, ids)) = next(iter(_state_codes(plan).items()))
    # group 1: the first condition fails, the second is unknown; group 2: the second fails under an
    # unknown outcome (not first failing: that needs an ineligible outcome); group 3: all true
    states = pl.DataFrame(
        {
            "baseline/outcome": ["ineligible", "unknown", "eligible"],
            column: [1 + 2 * 3, 1 * 3, 0],
            "n": [5, 7, 11],
        }
    )
    table = _conditions_of_states(plan, states, _state_codes(plan))
    first, second = (table.filter(pl.col("condition") == c).row(0, named=True) for c in ids[:2])
    assert (first["first"], first["any"], first["unknown"]) == (5, 5, 0)
    assert (second["first"], second["any"], second["unknown"]) == (0, 7, 5)
    assert table["first"].sum() == 5 and table.height == len(ids)
