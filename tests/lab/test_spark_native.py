"""The rule tree compiled to native Spark columns gives the polars evaluator's results, row for row.

The property-test strategies of ``tests/engine`` draw populations (missing facts, 29 February, month ends);
each population is evaluated by polars and by Spark (local[2]) at a fixed decision date and with a decision
date per row, and every column must be equal.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from migralex.engine import Program, evaluate_frame
from migralex.engine.values import Value
from migralex.lab.spark_native import UnsupportedOnSpark
from migralex.rules.registry import get_program
from tests.engine.test_properties import TOY, decision_dates, frame_of, spouse_facts, toy_facts

pytest.importorskip("pyspark")
if shutil.which("java") is None:  # pragma: no cover - CI installs a JRE
    pytest.skip("Spark needs Java", allow_module_level=True)

ROW = "row_id"


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from migralex.lab.spark import spark_session

    session = spark_session("local[2]", app="migralex-native-tests")
    yield session
    session.stop()


def both(spark: Any, program: Program, frame: pl.DataFrame, **kw: Any) -> tuple[pl.DataFrame, pl.DataFrame]:
    from migralex.lab.spark import to_spark_arrow
    from migralex.lab.spark_native import CONFLICT, evaluate_spark

    frame = frame.with_row_index(ROW).with_columns(pl.col(ROW).cast(pl.Int64))
    expected = evaluate_frame(program, frame, keep=[ROW], **kw).with_columns(
        pl.col("outcome").cast(pl.String)
    )
    sdf = spark.createDataFrame(to_spark_arrow(frame))
    got = pl.from_arrow(evaluate_spark(program, sdf, keep=[ROW], **kw).toArrow())
    assert isinstance(got, pl.DataFrame)
    if CONFLICT in got.columns:
        assert not got[CONFLICT].any()
        got = got.drop(CONFLICT)
    got = got.sort(ROW)
    assert got.columns == expected.columns
    return expected, got.cast(expected.schema)


def check(spark: Any, program: Program, rows: list[dict[str, Value]], days: list[date]) -> None:
    frame = frame_of(program, rows)
    a, b = both(spark, program, frame, on=days[0])
    assert a.equals(b), (a, b)
    per_row = frame.with_columns(pl.Series("decision_date", days, dtype=pl.Date))
    a, b = both(spark, program, per_row, date_column="decision_date")
    assert a.equals(b), (a, b)


# no shrinking: each example is a Spark job; a failure prints the whole drawn population
SETTINGS = settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=(Phase.explicit, Phase.generate),
)


@SETTINGS
@given(st.lists(st.tuples(toy_facts, decision_dates), min_size=50, max_size=200))
def test_toy_spark_matches_polars(spark: Any, cases: list[tuple[dict[str, Value], date]]) -> None:
    check(spark, TOY, [c[0] for c in cases], [c[1] for c in cases])


@SETTINGS
@given(
    st.lists(
        st.tuples(spouse_facts, st.dates(date(2018, 7, 1), date(2026, 12, 31))), min_size=50, max_size=200
    )
)
def test_dk_spouse_spark_matches_polars(spark: Any, cases: list[tuple[dict[str, Value], date]]) -> None:
    program = get_program("dk.family_reunification.spouse")
    specs = program.fact_specs()
    check(
        spark, program, [{k: v for k, v in c[0].items() if k in specs} for c in cases], [c[1] for c in cases]
    )


def test_lab_with_native_rules_matches_polars_on_a_population_file(
    spark: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Native columns (the default) give polars' rows on the same persons: a numpy population in a file."""
    from migralex.lab import Plan, parse_population
    from migralex.population import generate
    from tests.lab import test_spark as lab
    from tests.lab.test_simulate import min_age_reform

    monkeypatch.delenv("MIGRALEX_SPARK_RULES", raising=False)
    plan = Plan(get_program(lab.SPOUSE), [min_age_reform(21)], lab.ON)
    spec = parse_population("synthetic:dk-spouse:70000:seed=9:missing=0.03", lab.ON).spec  # type: ignore[union-attr]
    path = tmp_path / "pop.parquet"
    generate(spec, plan.facts()).write_parquet(path)
    lab.assert_same_as_polars(spark, plan, parse_population(str(path), lab.ON), tmp_path)
    lab.test_spark_stops_on_bad_rows_instead_of_dropping_them(spark, tmp_path)


def test_lab_falls_back_to_polars_in_the_executors_for_a_rule_without_a_spark_form(
    spark: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from migralex.lab import Plan, parse_population, simulate
    from migralex.lab import spark as lab_spark

    def untranslatable(plan: Any, df: Any) -> Any:
        raise UnsupportedOnSpark("a construct the Spark compiler does not translate")

    monkeypatch.setenv("MIGRALEX_SPARK_RULES", "native")
    monkeypatch.setattr(lab_spark, "lab_rows", untranslatable)
    on = date(2025, 3, 1)
    plan = Plan(get_program("dk.family_reunification.spouse"), [], on)
    source = parse_population("synthetic:dk-spouse:3000:seed=2", on)
    a = simulate(plan, source, None)
    b = simulate(plan, source, tmp_path / "spark", engine="spark", spark=spark)
    assert a.counts().equals(b.counts())


def test_the_spark_rules_setting_is_native_or_arrow(monkeypatch: pytest.MonkeyPatch) -> None:
    from migralex.lab.spark import native_rules

    monkeypatch.delenv("MIGRALEX_SPARK_RULES", raising=False)
    assert native_rules()
    monkeypatch.setenv("MIGRALEX_SPARK_RULES", "arrow")
    assert not native_rules()
    monkeypatch.setenv("MIGRALEX_SPARK_RULES", "jvm")
    with pytest.raises(ValueError, match="native or arrow"):
        native_rules()
