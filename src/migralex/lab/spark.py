"""The Spark backend: by default no Python on the executors.

Synthetic populations are drawn in the JVM (:mod:`migralex.lab.spark_population`: the documented
distributions as Spark SQL, so the persons differ from numpy's but follow the same distributions) and the
rules run as native Spark expressions (:mod:`migralex.lab.spark_native`). ``MIGRALEX_SPARK_RULES=arrow``
selects the earlier path: the numpy generator and the polars evaluator on Arrow batches inside the executors
(``mapInArrow``; the task inputs are generation block numbers), which gives the polars engines' rows.
Files are read by Spark (Parquet or CSV) and validated batch by batch in Python; since row numbers are not
global across partitions, a file with bad rows stops the run with a pointer to ``migralex population
validate`` (which writes a clean file and a rejects report) instead of dropping rows.

Without an output directory the cube and the condition table come from one pass over the rules (rows
counted by the cube's keys and their conditions' states, :func:`aggregate_spark`);
with one, the rows are written to ``rows/`` (Parquet) while the condition table is counted
(``DataFrame.observe``), and the cube reads back only its key columns.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa  # type: ignore[import-untyped]

from migralex.lab.results import DIMENSIONS, NOT_KNOWN, Aggregates, Plan, Summary
from migralex.lab.spark_native import UnsupportedOnSpark, lab_rows
from migralex.population.generate import BLOCK, generate_block
from migralex.population.validate import validate_frame

ROWS_DIR = "rows"

#: JVM options of the driver and executors (``MIGRALEX_SPARK_JAVA_OPTIONS`` replaces them). The rule tree
#: compiles to one generated Java method per query stage that is larger than HotSpot's 8,000-byte limit for
#: JIT compilation; without this flag the JVM interprets it and native rules ran about 3x slower.
JAVA_OPTIONS = "-XX:-DontCompileHugeMethods"


def native_rules() -> bool:
    """Whether the rules (and a synthetic population) run natively in the JVM
    (``MIGRALEX_SPARK_RULES=native``, the default) or as numpy and the polars evaluator inside ``mapInArrow``
    (``arrow``): benchmarks/results/spark.md compares them."""
    rules = os.environ.get("MIGRALEX_SPARK_RULES", "native")
    if rules not in ("native", "arrow"):
        raise ValueError(f"MIGRALEX_SPARK_RULES must be native or arrow, got {rules!r}")
    return rules == "native"


def require_java() -> None:
    """Raise a clear error when no Java runtime is found (Spark's driver and executors run on a JVM)."""
    home = os.environ.get("JAVA_HOME")
    if shutil.which("java") is None and not (home and Path(home, "bin", "java").exists()):
        raise ValueError(
            "the spark engine needs a Java runtime (e.g. Debian's default-jre-headless) and none was found "
            "on PATH or in JAVA_HOME; install one or use --engine polars or streaming"
        )


def spark_session(master: str | None = None, app: str = "migralex-lab") -> Any:
    """A local Spark session (``MIGRALEX_SPARK_MASTER`` or ``local[*]``), UI off, Arrow on, huge generated
    methods JIT-compiled (:data:`JAVA_OPTIONS`; they apply when this call starts the JVM)."""
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # Python executors (arrow, files) use it
    java = os.environ.get("MIGRALEX_SPARK_JAVA_OPTIONS", JAVA_OPTIONS)
    session = (
        SparkSession.builder.master(master or os.environ.get("MIGRALEX_SPARK_MASTER", "local[*]"))
        .appName(app)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "65536")
        .config("spark.driver.memory", os.environ.get("MIGRALEX_SPARK_DRIVER_MEMORY", "4g"))
        .config("spark.driver.extraJavaOptions", java)
        .config("spark.executor.extraJavaOptions", java)
        .getOrCreate()
    )
    session.sparkContext.setLogLevel(os.environ.get("MIGRALEX_SPARK_LOG_LEVEL", "ERROR"))
    return session


def _plain_type(t: Any) -> Any:
    """Arrow types Spark reads: no views, no large or dictionary types."""
    if pa.types.is_dictionary(t):
        return _plain_type(t.value_type)
    if pa.types.is_large_string(t) or pa.types.is_string_view(t) or pa.types.is_string(t):
        return pa.string()
    if pa.types.is_large_list(t) or pa.types.is_list(t) or pa.types.is_list_view(t):
        return pa.list_(_plain_type(t.value_type))
    if pa.types.is_struct(t):
        return pa.struct([pa.field(f.name, _plain_type(f.type)) for f in t])
    return t


def to_spark_arrow(df: pl.DataFrame) -> Any:
    """A polars frame as an Arrow table with Spark-compatible types."""
    table = df.to_arrow()
    schema = pa.schema([pa.field(f.name, _plain_type(f.type)) for f in table.schema])
    return table.cast(schema)


def map_in_arrow(df: Any, fn: Any, schema: Any) -> Any:
    """``df.mapInArrow(fn, schema)``, also where pandas is not installed and with dotted column names.

    pyspark 4.3 builds ``mapInArrow`` on ``pandas_udf``, which insists on pandas although Arrow map functions
    never use it, and it selects the input columns unquoted (``sponsor.birth_date`` is read as a struct
    field). This builds the same Arrow map UDF through pyspark's internal factory, with quoted columns.
    """
    from pyspark.sql import DataFrame

    try:
        from pyspark.sql.pandas.functions import _create_vectorized_udf  # type: ignore[attr-defined]
        from pyspark.util import PythonEvalType
    except ImportError:  # pragma: no cover - other pyspark versions: the public API on safe names
        safe = df.toDF(*[c.replace(".", "\x1f") for c in df.columns])
        renamed = fn

        def fn_renamed(batches: Iterator[Any]) -> Iterator[Any]:
            for b in batches:
                yield from renamed([b.rename_columns([c.replace("\x1f", ".") for c in b.schema.names])])

        return safe.mapInArrow(fn_renamed, schema)
    udf = _create_vectorized_udf(fn, schema, PythonEvalType.SQL_MAP_ARROW_ITER_UDF, "pandas")
    column = udf(*[df[f"`{c}`"] for c in df.columns])
    return DataFrame(df._jdf.mapInArrow(column._jc, False, None), df.sparkSession)


def _spark_schema(table: Any) -> Any:
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(table.schema)


def _population_of_synthetic(plan: Plan, spec: Any, blocks_per_chunk: int, evaluate: bool = False) -> Any:
    """Executors generate the population blocks (numpy); with ``evaluate`` they also run the polars rules."""
    facts = plan.facts()

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        blocks = [int(b) for batch in batches for b in batch.column(0).to_pylist()]
        for i in range(0, len(blocks), blocks_per_chunk):
            frame = pl.concat([generate_block(spec, facts, b) for b in blocks[i : i + blocks_per_chunk]])
            yield from to_spark_arrow(plan.evaluate(frame) if evaluate else frame).to_batches()

    return run


def _population_of_file(plan: Plan, on_bad: str, evaluate: bool = False) -> Any:
    """Executors validate a file's batches (polars); with ``evaluate`` they also run the polars rules."""
    facts = plan.facts()

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        for batch in batches:
            frame = pl.from_arrow(batch)
            assert isinstance(frame, pl.DataFrame)  # noqa: S101 -- narrows a type for mypy
            v = validate_frame(
                frame, facts, on_bad=on_bad, program_id=plan.program.id, date_column=plan.date_column
            )
            if v.rejects.height and on_bad == "reject":
                first = v.rejects.row(0, named=True)
                raise ValueError(
                    f"{v.rejects.height} bad cells in a Spark batch (e.g. column {first['column']}: "
                    f"{first['problem']}, value {first['value']!r}); run `migralex population validate` "
                    "and simulate the valid file it writes"
                )
            valid = v.frame.drop("row")
            yield from to_spark_arrow(plan.evaluate(valid) if evaluate else valid).to_batches()

    return run


def _q(name: str) -> str:
    return f"`{name}`"


def _sql_str(s: str) -> str:
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _condition_sums(plan: Plan) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(scenario, condition) pairs, and per pair the (alias, SQL sum) of rows it fails first (``f``), fails
    (``a``) and leaves unknown (``u``)."""
    index: list[tuple[str, str]] = []
    sums = []
    for s in plan.scenarios:
        first = _q(f"{s}/first_failing")
        for node in plan.conditions(s):
            k = len(index)
            index.append((s, node.id))
            c = _q(f"{s}/{node.id}")
            sums.append((f"f{k}", f"sum(IF({first} = {_sql_str(node.id)}, 1L, 0L))"))
            sums.append((f"a{k}", f"sum(IF(NOT {c}, 1L, 0L))"))
            sums.append((f"u{k}", f"sum(IF({c} IS NULL, 1L, 0L))"))
    return index, sums


#: top-level conditions per state code: 3 ** 39 < 2 ** 63, so a code of 39 three-valued digits is a long
CONDITIONS_PER_CODE = 39
#: a condition's digit in a state code: true 0, false 1, unknown 2
TRUE, FALSE, UNKNOWN = 0, 1, 2


def _state_codes(plan: Plan, per_code: int = CONDITIONS_PER_CODE) -> dict[str, tuple[str, list[str]]]:
    """Per state column, (its scenario, the conditions it encodes): each scenario's top-level conditions in
    chunks of ``per_code``, condition ``k`` of a chunk as the base-3 digit ``k`` (:data:`TRUE`,
    :data:`FALSE`, :data:`UNKNOWN`)."""
    out = {}
    for s in plan.scenarios:
        ids = [n.id for n in plan.conditions(s)]
        for j in range(0, len(ids), per_code):
            out[f"__state:{s}:{j // per_code}"] = (s, ids[j : j + per_code])
    return out


def _state_sql(scenario: str, ids: list[str]) -> str:
    digits = []
    for k, cid in enumerate(ids):
        c = _q(f"{scenario}/{cid}")
        digits.append(
            f"(CASE WHEN {c} IS NULL THEN {UNKNOWN}L WHEN {c} THEN {TRUE}L ELSE {FALSE}L END) * {3**k}L"
        )
    return " + ".join(digits)


def _cube_keys(plan: Plan) -> list[str]:
    return ["synthetic", *DIMENSIONS, *(f"{s}/outcome" for s in plan.scenarios)]


def _cube(plan: Plan, table: pl.DataFrame) -> pl.DataFrame:
    """The cube in the polars engines' types from a table of its keys and ``n``."""
    keys = _cube_keys(plan)
    cube = table.select(*keys, pl.col("n").cast(pl.Int64))
    return cube.with_columns(pl.col("synthetic").fill_null(False)).with_columns(
        pl.col(k).cast(pl.String).fill_null(NOT_KNOWN) for k in keys[1:]
    )


def _condition_table(index: list[tuple[str, str]], counts: dict[str, list[int]]) -> pl.DataFrame:
    """The condition table from per (scenario, condition) counts (``first``, ``any``, ``unknown``)."""
    return pl.DataFrame(
        {"scenario": [s for s, _ in index], "condition": [c for _, c in index], **counts},
        schema={
            "scenario": pl.String,
            "condition": pl.String,
            "first": pl.Int64,
            "any": pl.Int64,
            "unknown": pl.Int64,
        },
    )


def _aggregates(plan: Plan, table: pl.DataFrame, totals: dict[str, Any]) -> Aggregates:
    """The cube (one row per group of ``table``) and the condition table (from the summed ``totals``)."""
    index, _ = _condition_sums(plan)
    counts = {
        name: [int(totals.get(f"{letter}{k}") or 0) for k in range(len(index))]
        for name, letter in (("first", "f"), ("any", "a"), ("unknown", "u"))
    }
    return Aggregates(_cube(plan, table), _condition_table(index, counts))


def _conditions_of_states(
    plan: Plan, states: pl.DataFrame, codes: dict[str, tuple[str, list[str]]]
) -> pl.DataFrame:
    """The condition table from rows counted by (every scenario's outcome, its state codes): a condition
    fails on a row whose digit is :data:`FALSE`, is unknown on :data:`UNKNOWN`, and fails first where the
    outcome is ineligible and no earlier condition of the scenario fails (``first_failing``)."""
    n = states["n"].cast(pl.Int64)
    index: list[tuple[str, str]] = []
    counts: dict[str, list[int]] = {"first": [], "any": [], "unknown": []}
    for s in plan.scenarios:
        ineligible = states[f"{s}/outcome"] == "ineligible"
        earlier = pl.Series([False] * states.height)  # an earlier condition of the scenario fails
        for column, (scenario, ids) in codes.items():
            if scenario != s:
                continue
            code = states[column].cast(pl.Int64)
            for k, cid in enumerate(ids):
                digit = (code // 3**k) % 3
                fails = digit == FALSE
                index.append((s, cid))
                counts["first"].append(int(n.filter(ineligible & fails & ~earlier).sum()))
                counts["any"].append(int(n.filter(fails).sum()))
                counts["unknown"].append(int(n.filter(digit == UNKNOWN).sum()))
                earlier = earlier | fails
    return _condition_table(index, counts)


def aggregate_spark(plan: Plan, rows: Any, per_code: int = CONDITIONS_PER_CODE) -> Aggregates:
    """The cube and the condition table, computed by Spark in one pass over the rows: each scenario's
    conditions are encoded in a few integers (:func:`_state_codes`) and the rows counted by the cube's keys
    and those codes (one count per row, where three sums per condition in every cube group cost a third of
    the run); those groups are then counted again in two grouping sets, the cube's keys and every scenario's
    outcome with its codes, so the driver receives only the cube and the distinct states, from which it
    decodes the condition table (:func:`_conditions_of_states`)."""
    from pyspark.sql import functions as F

    codes = _state_codes(plan, per_code)
    keys = _cube_keys(plan)
    outcomes = [f"{s}/outcome" for s in plan.scenarios]
    coded = rows.selectExpr(
        *[_q(k) for k in keys], *[f"{_state_sql(s, ids)} AS {_q(c)}" for c, (s, ids) in codes.items()]
    )
    groups = coded.groupBy(*[F.col(_q(k)) for k in (*keys, *codes)]).agg(F.count(F.lit(1)).alias("n"))
    sets = [[F.col(_q(k)) for k in keys], [F.col(_q(k)) for k in (*outcomes, *codes)]]
    grouped = groups.groupingSets(sets, *[F.col(_q(k)) for k in (*keys, *codes)]).agg(
        F.sum("n").alias("n"), F.grouping_id().alias("__set")
    )
    table = pl.from_arrow(grouped.toArrow())
    assert isinstance(table, pl.DataFrame)  # noqa: S101 -- narrows a type for mypy
    cube_set = (1 << len(codes)) - 1  # grouping_id: a bit per column not grouped, the last column lowest
    cube = table.filter(pl.col("__set") == cube_set)
    states = table.filter(pl.col("__set") != cube_set)
    return Aggregates(_cube(plan, cube), _conditions_of_states(plan, states, codes))


def _cube_table(plan: Plan, rows: Any) -> pl.DataFrame:
    from pyspark.sql import functions as F

    grouped = rows.groupBy(*[F.col(_q(k)) for k in _cube_keys(plan)]).agg(F.count(F.lit(1)).alias("n"))
    table = pl.from_arrow(grouped.toArrow())
    assert isinstance(table, pl.DataFrame)  # noqa: S101 -- narrows a type for mypy
    return table


def write_and_aggregate(plan: Plan, rows: Any, target: Path, written: list[str] | None = None) -> Aggregates:
    """Write the row results (``written`` columns, default all) to Parquet and count the condition table
    while writing (``DataFrame.observe``); the cube reads back only its key columns."""
    from pyspark.sql import Observation
    from pyspark.sql import functions as F

    _, sums = _condition_sums(plan)
    observation = Observation("migralex-conditions")
    observed = rows.observe(observation, *[F.expr(e).alias(a) for a, e in sums]) if sums else rows
    if written is not None:
        observed = observed.select(*[F.col(_q(c)) for c in written])
    observed.write.mode("overwrite").parquet(str(target))
    totals = observation.get if sums else {}
    table = _cube_table(plan, rows.sparkSession.read.parquet(str(target)))
    return _aggregates(plan, table, totals)


def simulate_spark(
    plan: Plan,
    source: Any,
    out: Path | None,
    *,
    spark: Any | None = None,
    chunk_size: int = 1_048_576,
    progress: Any | None = None,
) -> Summary:
    """Evaluate with Spark; write row results to ``out/rows/`` when given; aggregate with Spark SQL."""
    from migralex.lab.simulate import Synthetic, describe_population

    session = spark or spark_session()
    if isinstance(source, Synthetic):
        if plan.date_column is not None:
            raise ValueError("a decision date column applies to population files; synthetic ones use --date")
        spec = source.spec
        population = generate_block(spec, plan.facts(), 0).head(8) if spec.n else None
        n_blocks = spec.n_blocks()
        parallelism = int(session.sparkContext.defaultParallelism)
        inputs = session.range(0, n_blocks, numPartitions=max(1, min(n_blocks, parallelism * 4)))
        fn = _population_of_synthetic(plan, spec, max(1, chunk_size // BLOCK))
        rules_fn = _population_of_synthetic(plan, spec, max(1, chunk_size // BLOCK), evaluate=True)
        n_read = spec.n
    else:
        path = str(source.path)
        is_csv = source.path.suffix.lower() in (".csv", ".txt")
        head = (
            pl.read_csv(source.path, infer_schema=False, n_rows=8)
            if is_csv
            else pl.read_parquet(source.path, n_rows=8)
        )
        v = validate_frame(
            head, plan.facts(), on_bad="unknown", program_id=plan.program.id, date_column=plan.date_column
        )
        population = v.frame.drop("row")
        if is_csv:
            inputs = session.read.option("header", True).option("inferSchema", False).csv(path)
        else:
            inputs = session.read.parquet(path)
        fn = _population_of_file(plan, source.on_bad)
        rules_fn = _population_of_file(plan, source.on_bad, evaluate=True)
        n_read = int(inputs.count())
    if population is None:
        raise ValueError("an empty population cannot be simulated with Spark")
    sample = plan.evaluate(population)  # a bad plan (e.g. a parameter without value) fails here
    results = None
    drawn_by_spark = False
    if native_rules():
        population_df = None
        if isinstance(source, Synthetic):  # generated natively too: no Python on the executors
            from migralex.lab.spark_population import native_population

            with contextlib.suppress(UnsupportedOnSpark):  # e.g. a list fact: numpy in the executors
                population_df = native_population(session, source.spec, plan.facts())
            drawn_by_spark = population_df is not None
        if population_df is None:
            population_df = map_in_arrow(inputs, fn, _spark_schema(to_spark_arrow(population)))
        with contextlib.suppress(UnsupportedOnSpark):  # a rule without a Spark translation: polars
            results = lab_rows(plan, population_df)
    if results is None:
        results = map_in_arrow(inputs, rules_fn, _spark_schema(to_spark_arrow(sample)))
    if out is None:  # one pass: the aggregates straight from the rules
        agg = aggregate_spark(plan, results)
    else:  # one pass writes the rows and counts the conditions; the cube reads back its keys
        drop = set(plan.condition_columns()) if plan.columns == "outcome" else set()
        written = [c for c in results.columns if c not in drop]
        agg = write_and_aggregate(plan, results, out / ROWS_DIR, written)
    if progress is not None:
        progress(n_read)
    described = describe_population(plan, source, population)
    label, notes = source.label, []
    if drawn_by_spark:  # same seed and distributions as the other engines, other persons: say so everywhere
        label = f"{label} (persons drawn by Spark)"
        notes.append(
            "the synthetic persons were drawn by Spark from the same documented distributions as the other "
            "engines' numpy generator, so counts agree with them in distribution, not person for person "
            "(MIGRALEX_SPARK_RULES=arrow draws the same persons as the other engines)"
        )
    return Summary(plan, agg, label, source.synthetic, "spark", n_read, notes=notes, **described)
