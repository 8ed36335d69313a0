"""Synthetic populations generated natively by Spark follow the documented distributions, and the native
rules on such a population give polars' results on the same persons, row for row (local[2], small data)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest

from migralex.engine.facts import FactSpec
from migralex.lab import Plan, parse_population, simulate
from migralex.lab.spark_native import UnsupportedOnSpark
from migralex.population import PopulationSpec, generate, get_profile
from migralex.rules.registry import get_program, programs
from tests.lab.test_simulate import min_age_reform

pytestmark = pytest.mark.spark  # needs pyspark and Java (tests/conftest.py skips, or fails under CI)

ON = date(2025, 3, 1)
SPOUSE = "dk.family_reunification.spouse"


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from migralex.lab.spark import spark_session

    session = spark_session("local[2]", app="migralex-population-tests")
    yield session
    session.stop()


def native(spark: Any, spec: PopulationSpec, facts: dict[str, FactSpec]) -> pl.DataFrame:
    """The natively generated population, collected, with the facts in the batch evaluator's types."""
    from migralex.lab.spark_population import native_population

    df = pl.from_arrow(native_population(spark, spec, facts).toArrow())
    assert isinstance(df, pl.DataFrame)
    return df.with_columns(pl.col(f).cast(fs.polars_dtype()) for f, fs in facts.items() if f in df.columns)


def numeric(s: pl.Series) -> pl.Series:
    return (s.cast(pl.Int32) if s.dtype == pl.Date else s).cast(pl.Float64).drop_nulls()


def assert_same_distribution(name: str, a: pl.Series, b: pl.Series) -> None:
    """Two samples agree within sampling tolerance (5 standard errors): the shares of each value for
    booleans and codes, the number of items for code sets, the mean, spread and quantiles for numbers and
    dates."""
    n = len(a)
    assert abs(a.null_count() - b.null_count()) <= 5 * math.sqrt(2 * max(a.null_count(), 1)) + 5, name
    if a.dtype == pl.List(pl.String):
        a, b = a.list.len(), b.list.len()
    if a.dtype in (pl.Boolean, pl.String) or isinstance(a.dtype, pl.Enum) or a.dtype == pl.UInt32:
        shares_a = dict(a.cast(pl.String).value_counts(normalize=True).iter_rows())
        shares_b = dict(b.cast(pl.String).value_counts(normalize=True).iter_rows())
        for key in set(shares_a) | set(shares_b):
            p, q = shares_a.get(key, 0.0), shares_b.get(key, 0.0)
            tolerance = 5 * math.sqrt(max(p * (1 - p), 1 / n) * 2 / n)
            assert abs(p - q) <= tolerance, (name, key, p, q)
        return
    x, y = numeric(a).to_numpy(), numeric(b).to_numpy()
    sd = float(x.std())
    assert abs(float(x.mean()) - float(y.mean())) <= 5 * sd * math.sqrt(2 / n) + 1e-9, name
    assert abs(sd - float(y.std())) <= 0.1 * sd + 1e-9, name
    for q in (0.05, 0.5, 0.95):
        qx, qy = float(np.quantile(x, q)), float(np.quantile(y, q))
        assert abs(qx - qy) <= 0.1 * sd + 1, (name, q, qx, qy)


@pytest.mark.parametrize("profile", ["dk-spouse", "uk-refugee-sponsors"])
def test_native_population_follows_the_documented_distributions(spark: Any, profile: str) -> None:
    """Every column's marginal matches numpy's draws from the same documented distributions (the
    reference generator), for a profile with codes by status and rates by code."""
    facts = get_program(SPOUSE).fact_specs()
    spec = PopulationSpec(get_profile(profile), 20_000, 5, ON, missing=0.05)
    expected = generate(spec, facts)
    got = native(spark, spec, facts)
    assert got.columns == expected.columns
    assert got["person_id"].to_list() == list(range(20_000))
    for column in expected.columns:
        assert_same_distribution(column, expected[column], got[column])


def test_native_population_is_fixed_by_seed_and_size(spark: Any) -> None:
    facts = get_program(SPOUSE).fact_specs()
    spec = PopulationSpec(get_profile("dk-spouse"), 3_000, 11, ON)
    a, b = native(spark, spec, facts), native(spark, spec, facts)
    assert a.equals(b)
    other = native(spark, PopulationSpec(get_profile("dk-spouse"), 3_000, 12, ON), facts)
    assert not a.equals(other)


def test_native_rules_on_a_native_population_equal_polars_on_it_row_for_row(spark: Any) -> None:
    """The population is drawn again in the JVM (fixed by seed and size) and judged there."""
    from migralex.lab.spark_native import lab_rows
    from migralex.lab.spark_population import native_population

    plan = Plan(get_program(SPOUSE), [min_age_reform(21)], ON)
    spec = PopulationSpec(get_profile("dk-spouse"), 20_000, 3, ON, missing=0.03)
    expected = plan.evaluate(native(spark, spec, plan.facts())).sort("person_id")
    rows = lab_rows(plan, native_population(spark, spec, plan.facts()))
    got = pl.from_arrow(rows.toArrow())
    assert isinstance(got, pl.DataFrame)
    assert got.columns == expected.columns
    assert expected.equals(got.sort("person_id").cast(expected.schema))


def test_lab_on_spark_generates_natively_and_agrees_with_polars_on_those_persons(
    spark: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--engine spark`` on a synthetic population: generated and judged in the JVM; the polars engine on
    the same persons (collected to a file) finds the same counts and waterfall."""
    monkeypatch.delenv("MIGRALEX_SPARK_RULES", raising=False)
    plan = Plan(get_program(SPOUSE), [min_age_reform(21)], ON)
    source = parse_population("synthetic:dk-spouse:30000:seed=4:missing=0.02", ON)
    b = simulate(plan, source, None, engine="spark", spark=spark)
    path = tmp_path / "native.parquet"
    native(spark, source.spec, plan.facts()).write_parquet(path)  # type: ignore[union-attr]
    a = simulate(plan, parse_population(str(path), ON), None)
    assert a.counts().equals(b.counts())
    for s in plan.scenarios:
        assert a.waterfall(s).equals(b.waterfall(s))
    assert b.engine == "spark" and b.is_synthetic
    # other persons than the numpy generator's for the same seed: every table's population label says so
    assert b.population == f"{source.label} (persons drawn by Spark)"
    assert any("not person for person" in note for note in b.notes)


def test_a_list_fact_is_not_generated_natively(spark: Any) -> None:
    from migralex.lab.spark_population import native_population

    program = next(p for p in programs().values() if any(f.item for f in p.fact_specs().values()))
    spec = PopulationSpec(get_profile("dk-spouse"), 10, 1, ON)
    with pytest.raises(UnsupportedOnSpark, match="list fact"):
        native_population(spark, spec, program.fact_specs())


def test_with_an_output_directory_the_counts_are_those_of_the_run_without(
    spark: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows written with the condition table counted during the write (and, for ``--columns outcome``,
    without the condition columns) give the same counts and waterfall as the one-pass aggregates."""
    monkeypatch.delenv("MIGRALEX_SPARK_RULES", raising=False)
    source = parse_population("synthetic:dk-spouse:5000:seed=6:missing=0.02", ON)
    for columns in ("top", "outcome"):
        plan = Plan(get_program(SPOUSE), [], ON, columns=columns)
        a = simulate(plan, source, None, engine="spark", spark=spark)
        b = simulate(plan, source, tmp_path / columns, engine="spark", spark=spark)
        assert a.counts().equals(b.counts()) and a.waterfall("baseline").equals(b.waterfall("baseline"))
        written = pl.read_parquet(tmp_path / columns / "rows" / "*.parquet")
        assert written.height == 5000
        assert (plan.condition_columns()[0] in written.columns) == (columns == "top")
