"""Run a simulation: a population (synthetic or a file) through a program under the baseline and reforms.

Engines:

* ``polars``: the whole population in memory, one lazy query (fastest up to about 10M rows);
* ``streaming``: chunked generation or reading, lazy evaluation of each chunk, row results streamed into one
  Parquet file by polars' sink (a polars IO source yields the evaluated chunks), additive aggregates (memory
  bounded by the chunk size: 100M rows fit in a few GiB);
* ``spark``: see :mod:`migralex.lab.spark` (the same evaluator on Arrow batches in Spark executors).

All three write the same row results and the same aggregates (see :mod:`migralex.lab.results`).
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow.parquet as pq  # type: ignore[import-untyped]
from polars.io.plugins import register_io_source

from migralex.lab.results import Aggregates, Plan, Summary
from migralex.population.generate import PopulationSpec, generate, iter_chunks
from migralex.population.profiles import PROFILES
from migralex.population.validate import REJECT_SCHEMA, read_table, validate_frame

ENGINES = ("polars", "streaming", "spark")
ROWS_FILE = "rows.parquet"
REJECTS_FILE = "rejects.csv"
Progress = Callable[[int], None]


@dataclass
class Synthetic:
    """A generated population."""

    spec: PopulationSpec

    @property
    def label(self) -> str:
        """How the population was specified."""
        return self.spec.label()

    synthetic = True

    def size(self) -> int:
        """Rows in the population."""
        return self.spec.n


@dataclass
class File:
    """A population file (Parquet or CSV) validated against the program's facts."""

    path: Path
    on_bad: str = "reject"
    synthetic = False

    @property
    def label(self) -> str:
        """The file path."""
        return str(self.path)

    def size(self) -> int:
        """Rows in the file (reads the Parquet footer; counts CSV lines)."""
        if self.path.suffix.lower() in (".parquet", ".pq"):
            return int(pq.ParquetFile(self.path).metadata.num_rows)
        return int(pl.scan_csv(self.path, infer_schema=False).select(pl.len()).collect().item())


Source = Synthetic | File


def parse_population(text: str, on: date) -> Source:
    """``synthetic:PROFILE:N[:seed=S][:missing=R]`` or a path to a Parquet/CSV file."""
    if text.startswith("synthetic:"):
        return Synthetic(PopulationSpec.parse(text, on))
    path = Path(text)
    if not path.exists():
        raise ValueError(f"population {text!r}: no such file (or use synthetic:PROFILE:N[:seed=S])")
    return File(path)


Batch = tuple[pl.DataFrame, pl.DataFrame, int, list[str]]


def batches(plan: Plan, source: Source, chunk_size: int | None) -> Iterator[Batch]:
    """(valid rows, rejected cells, rows read, notes) per chunk (one chunk when ``chunk_size`` is None)."""
    facts = plan.facts()
    if isinstance(source, Synthetic):
        if plan.date_column is not None:
            raise ValueError("a decision date column applies to population files; synthetic ones use --date")
        empty = pl.DataFrame(schema=REJECT_SCHEMA)
        if chunk_size is None:
            df = generate(source.spec, facts)
            yield df, empty, df.height, []
        else:
            for df in iter_chunks(source.spec, facts, chunk_size):
                yield df, empty, df.height, []
        return
    pid = plan.program.id
    if chunk_size is None:
        v = validate_frame(
            read_table(source.path), facts, on_bad=source.on_bad, program_id=pid, date_column=plan.date_column
        )
        yield v.frame, v.rejects, v.n_rows, v.notes
        return
    is_csv = source.path.suffix.lower() in (".csv", ".txt")
    lf = pl.scan_csv(source.path, infer_schema=False) if is_csv else pl.scan_parquet(source.path)
    offset = 0
    for raw in lf.collect_batches(chunk_size=chunk_size):
        v = validate_frame(
            raw, facts, row_offset=offset, on_bad=source.on_bad, program_id=pid, date_column=plan.date_column
        )
        offset += raw.height
        yield v.frame, v.rejects, v.n_rows, v.notes if offset == raw.height else []


def _sink(head: pl.DataFrame, rest: Iterator[pl.DataFrame], path: Path) -> None:
    """Stream row results into one Parquet file with polars' streaming sink (chunk by chunk)."""
    errors: list[BaseException] = []
    schema = head.schema

    def source(
        with_columns: list[str] | None, predicate: pl.Expr | None, n_rows: int | None, batch_size: int | None
    ) -> Iterator[pl.DataFrame]:
        try:
            for rows in itertools.chain([head], rest):
                rows = rows if rows.schema == schema else rows.cast(dict(schema))  # type: ignore[arg-type]
                yield rows.select(with_columns) if with_columns else rows
        except Exception as exc:  # surfaced below with its own type and message
            errors.append(exc)

    register_io_source(source, schema=schema).sink_parquet(path, compression="lz4")
    if errors:
        raise errors[0]


def simulate(
    plan: Plan,
    source: Source,
    out: Path | None,
    *,
    engine: str = "polars",
    chunk_size: int = 1_048_576,
    progress: Progress | None = None,
    spark: object | None = None,
) -> Summary:
    """Evaluate ``source`` under ``plan``; write row results (and rejects) to ``out`` when given."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
    t0 = time.perf_counter()
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    if engine == "spark":
        from migralex.lab.spark import simulate_spark

        summary = simulate_spark(plan, source, out, spark=spark, chunk_size=chunk_size, progress=progress)
        summary.seconds = time.perf_counter() - t0
        return summary
    parts: list[Aggregates] = []
    rejects: list[pl.DataFrame] = []
    n_read = 0

    notes: list[str] = []

    def consume(frame: pl.DataFrame, bad: pl.DataFrame, n: int, found: list[str]) -> pl.DataFrame:
        nonlocal n_read
        notes.extend(found)
        rows = plan.evaluate(frame)
        agg = Aggregates.of(plan, rows)
        agg.n_rejected = bad["row"].n_unique() if bad.height else 0
        parts.append(agg)
        if bad.height:
            rejects.append(bad)
        n_read += n
        if progress is not None:
            progress(n)
        return plan.rows_to_write(rows)

    chunks = batches(plan, source, None if engine == "polars" else chunk_size)
    first = next(chunks, None)
    if first is None:
        raise ValueError("the population is empty")
    head = consume(*first)
    described = describe_population(plan, source, first[0])
    if out is None:
        for item in chunks:
            consume(*item)
    elif engine == "polars":
        head.write_parquet(out / ROWS_FILE, compression="lz4")
    else:
        _sink(head, (consume(*item) for item in chunks), out / ROWS_FILE)
    if out is not None and rejects:
        pl.concat(rejects).write_csv(out / REJECTS_FILE)
        notes.append(f"rejected cells written to {REJECTS_FILE}")
    summary = Summary(
        plan,
        Aggregates.combine(parts),
        source.label,
        source.synthetic,
        engine,
        n_read,
        notes=notes,
        **described,
    )
    summary.seconds = time.perf_counter() - t0
    return summary


def describe_population(plan: Plan, source: Source, frame: pl.DataFrame) -> dict[str, Any]:
    """What the first batch says about the population: breakdown sources, absent facts, status owner."""
    owner = None
    if isinstance(source, Synthetic):
        owner = source.spec.profile.status_owner
    elif "population" in frame.columns and "status" in frame.columns:
        ids = {str(v) for v in frame["population"].unique().to_list()}
        owners = {PROFILES[i].status_owner for i in ids if i in PROFILES}
        if len(owners) == 1 and all(i in PROFILES for i in ids):
            owner = owners.pop()
    return {
        "dimension_sources": plan.dimension_sources(frame.schema),
        "status_owner": owner,
        "absent_facts": [f for f in plan.facts() if f not in frame.columns],
    }
