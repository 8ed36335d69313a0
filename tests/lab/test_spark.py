"""The Spark backend gives the same counts and the same row results as polars (local[2], small data)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from migralex.lab import Plan, parse_population, simulate
from migralex.population import generate
from migralex.rules.registry import get_program
from tests.lab.test_simulate import min_age_reform

pytestmark = pytest.mark.spark  # needs pyspark and Java (tests/conftest.py skips, or fails under CI)

ON = date(2025, 3, 1)
SPOUSE = "dk.family_reunification.spouse"


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from migralex.lab.spark import spark_session

    session = spark_session("local[2]", app="migralex-lab-tests")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def read_rows(path: Path) -> pl.DataFrame:
    files = [path] if path.is_file() else sorted(path.glob("*.parquet"))
    return pl.concat([pl.read_parquet(f) for f in files]).sort("person_id")


def assert_same_as_polars(spark: Any, plan: Plan, source: Any, tmp_path: Path) -> None:
    """Spark gives the polars engine's aggregates and row results on the same population."""
    a = simulate(plan, source, tmp_path / "polars")
    b = simulate(plan, source, tmp_path / "spark", engine="spark", spark=spark)
    assert a.counts().equals(b.counts())
    for s in plan.scenarios:
        assert a.waterfall(s).equals(b.waterfall(s))
    assert a.gains_losses("test_min_age_21") == b.gains_losses("test_min_age_21")
    assert a.breakdown("nationality").equals(b.breakdown("nationality"))
    assert a.population == b.population and not b.notes  # the same persons: the same label
    x = read_rows(tmp_path / "polars" / "rows.parquet").drop("row", strict=False)  # a file's data row:
    y = read_rows(tmp_path / "spark" / "rows")  # Spark has no global row numbers
    assert x.height == y.height == source.size()
    assert x.equals(y.cast(x.schema))


def test_spark_arrow_matches_polars_on_a_synthetic_population(
    spark: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The mapInArrow path generates the numpy population in the executors: the same rows as polars."""
    monkeypatch.setenv("MIGRALEX_SPARK_RULES", "arrow")
    plan = Plan(get_program(SPOUSE), [min_age_reform(21)], ON)
    source = parse_population("synthetic:dk-spouse:70000:seed=9:missing=0.03", ON)  # two generation blocks
    assert_same_as_polars(spark, plan, source, tmp_path)


def test_spark_reads_a_parquet_population(spark: Any, tmp_path: Path) -> None:
    plan = Plan(get_program(SPOUSE), [], ON)
    spec = parse_population("synthetic:uk-refugee-sponsors:3000:seed=4", ON).spec  # type: ignore[union-attr]
    path = tmp_path / "pop.parquet"
    generate(spec, plan.facts()).write_parquet(path)
    a = simulate(plan, parse_population(str(path), ON), None)
    b = simulate(plan, parse_population(str(path), ON), tmp_path / "spark", engine="spark", spark=spark)
    assert a.counts().equals(b.counts()) and a.waterfall("baseline").equals(b.waterfall("baseline"))
    assert not a.synthetic and read_rows(tmp_path / "spark" / "rows")["synthetic"].all()
    assert a.is_synthetic and b.is_synthetic


def test_spark_stops_on_bad_rows_instead_of_dropping_them(spark: Any, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("sponsor.birth_date,sponsor.residence_status\n1990-01-01,martian\n", encoding="utf-8")
    plan = Plan(get_program(SPOUSE), [], ON)
    with pytest.raises(Exception, match="population validate"):
        simulate(plan, parse_population(str(path), ON), tmp_path / "out", engine="spark", spark=spark)
