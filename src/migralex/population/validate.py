"""Validation of user-supplied populations (Parquet or CSV) against a program's facts.

Each bad cell is reported with its row number (1-based data row; in a CSV file that is line ``row + 1``),
column, problem and raw value. Bad rows are never dropped silently: they go to the rejects table and are
counted in the summary. ``on_bad="reject"`` leaves them out of the simulation; ``on_bad="unknown"`` keeps
them with the bad cells set to unknown. Empty CSV cells are unknown facts, not errors.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from migralex.engine.facts import DECIMAL_DTYPE, FactSpec, FactType

ROW = "row"
REJECT_SCHEMA = {ROW: pl.Int64, "column": pl.String, "problem": pl.String, "value": pl.String}
_TRUE = ("true", "t", "yes", "y", "1")
_FALSE = ("false", "f", "no", "n", "0")


@dataclass
class Validation:
    """Valid rows (typed facts plus carried columns and ``row``), rejected cells, and notes."""

    frame: pl.DataFrame
    rejects: pl.DataFrame
    n_rows: int
    notes: list[str] = field(default_factory=list)

    @property
    def n_rejected_rows(self) -> int:
        """Rows with at least one bad cell."""
        return self.rejects[ROW].n_unique() if self.rejects.height else 0

    def summary(self) -> str:
        """One line: rows read, rows rejected, bad cells."""
        return (
            f"{self.n_rows:,} rows read, {self.n_rejected_rows:,} with errors "
            f"({self.rejects.height:,} bad cells)"
        )


class PopulationFileError(ValueError):
    """A population file that cannot be read at all."""


def read_table(path: Path) -> pl.DataFrame:
    """Read a Parquet or CSV file; CSV columns are read as text so that validation sees the raw cells."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".parquet", ".pq"):
            return pl.read_parquet(path)
        if suffix in (".csv", ".txt"):
            return pl.read_csv(path, infer_schema=False)
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise PopulationFileError(f"cannot read {path}: {exc}") from None
    raise PopulationFileError(f"{path}: expected a .parquet or .csv file")


def _as_text(col: pl.Expr) -> pl.Expr:
    return col.cast(pl.String)


def _check(spec: FactSpec, dtype: pl.DataType, column: str | None = None) -> tuple[pl.Expr, pl.Expr]:
    """(typed value, problem or null) for one fact column (named ``column`` when it is not the fact id)."""
    c = pl.col(column or spec.id)
    text = c.cast(pl.String).str.strip_chars() if dtype == pl.String else None
    if text is not None:
        c = pl.when(text == "").then(None).otherwise(text)
    t = spec.type
    bad_type: pl.Expr
    if t is FactType.BOOL:
        if dtype == pl.Boolean:
            typed = c
        elif text is not None or dtype.is_integer():
            low = c.cast(pl.String).str.to_lowercase()
            typed = pl.when(low.is_in(_TRUE)).then(True).when(low.is_in(_FALSE)).then(False)
        else:
            typed = pl.lit(None, pl.Boolean)
        bad_type = pl.when(c.is_not_null() & typed.is_null()).then(pl.lit("expected true or false"))
    elif t is FactType.INT:
        typed = c.cast(pl.Float64, strict=False) if not dtype.is_integer() else c.cast(pl.Int64)
        as_int = typed.cast(pl.Int64, strict=False)
        bad = c.is_not_null() & (typed.is_null() | (as_int.cast(pl.Float64) != typed.cast(pl.Float64)))
        bad_type = pl.when(bad).then(pl.lit("expected a whole number"))
        typed = pl.when(bad).then(None).otherwise(as_int)
        if spec.minimum is not None:
            bad_type = bad_type.when(typed < spec.minimum).then(pl.lit(f"must be at least {spec.minimum}"))
    elif t is FactType.DECIMAL:
        typed = c.cast(DECIMAL_DTYPE, strict=False)
        bad_type = pl.when(c.is_not_null() & typed.is_null()).then(
            pl.lit('expected an amount such as "57000.00"')
        )
        if spec.minimum is not None:
            bad_type = bad_type.when(typed < spec.minimum).then(pl.lit(f"must be at least {spec.minimum}"))
    elif t is FactType.DATE:
        if dtype == pl.Date:
            typed = c
        elif isinstance(dtype, pl.Datetime):
            typed = c.dt.date()
        else:
            typed = c.cast(pl.String).str.strptime(pl.Date, "%Y-%m-%d", strict=False)
        bad_type = pl.when(c.is_not_null() & typed.is_null()).then(
            pl.lit("expected a date as YYYY-MM-DD (and a real calendar date)")
        )
    elif t is FactType.CODE:
        typed = c.cast(pl.String)
        bad_type = pl.when(typed.is_not_null() & ~typed.is_in(spec.codes)).then(
            pl.lit(f"unknown code; expected one of {', '.join(spec.codes)}")
        )
    else:
        if isinstance(dtype, pl.List):
            typed = c.cast(pl.List(pl.String))
        else:
            typed = (
                c.cast(pl.String)
                .str.strip_chars("[]")
                .str.replace_all(r"[\"' ]", "")
                .str.split(";")
                .list.eval(pl.element().str.split("|").explode().str.split(",").explode())
                .list.filter(pl.element() != "")
            )
        n_bad = typed.list.eval(~pl.element().is_in(spec.codes)).list.sum()
        bad_type = pl.when(typed.is_not_null() & (n_bad > 0)).then(
            pl.lit(f"unknown code in set; expected codes from {', '.join(spec.codes)} separated by ';'")
        )
    problem = bad_type.otherwise(pl.lit(None, pl.String))
    return typed.cast(spec.polars_dtype()).alias(spec.id), problem.alias(spec.id)


def validate_frame(
    df: pl.DataFrame,
    facts: Mapping[str, FactSpec],
    *,
    row_offset: int = 0,
    on_bad: str = "reject",
    program_id: str = "the program",
    date_column: str | None = None,
) -> Validation:
    """Type the fact columns of ``df`` and report every bad cell; see the module docstring.

    ``date_column`` names a column of per-row decision dates: it must be present, and a row whose date is
    missing or malformed is always rejected (a rule cannot be applied without its date).
    """
    if on_bad not in ("reject", "unknown"):
        raise ValueError("on_bad must be 'reject' or 'unknown'")
    notes: list[str] = []
    absent = [f for f in facts if f not in df.columns]
    if absent:
        notes.append(
            f"{len(absent)} fact(s) absent from the file, unknown for every row: {', '.join(absent)}"
        )
    extra = [c for c in df.columns if "." in c and c not in facts]
    if extra:
        notes.append(
            f"column(s) that are not facts of {program_id}, carried through unread: {', '.join(extra)}"
        )
    if date_column is not None and date_column not in df.columns:
        raise PopulationFileError(f"the decision date column {date_column!r} is not in the population")
    present = [f for f in facts if f in df.columns]
    checks = {f: _check(facts[f], df.schema[f]) for f in present}
    if date_column is not None:
        spec = FactSpec("decision.date", FactType.DATE, "Decision date")
        typed_date, problem = _check(spec, df.schema[date_column], date_column)
        missing = pl.lit("the decision date is missing")
        c = pl.col(date_column)
        empty = c.is_null() | (c.cast(pl.String).str.strip_chars() == "")
        checks[date_column] = (
            typed_date.alias(date_column),
            pl.when(empty).then(missing).otherwise(problem.alias(date_column)).alias(date_column),
        )
        present.append(date_column)
    base = df.with_row_index(ROW, offset=row_offset + 1).with_columns(pl.col(ROW).cast(pl.Int64))
    problems = base.select(pl.col(ROW), *[p for _, p in checks.values()])
    parts = [
        problems.filter(pl.col(f).is_not_null()).select(
            pl.col(ROW),
            pl.lit(f).alias("column"),
            pl.col(f).alias("problem"),
            base.filter(problems[f].is_not_null())[f].cast(pl.String).alias("value"),
        )
        for f in present
        if problems[f].null_count() < problems.height
    ]
    rejects = pl.concat(parts) if parts else pl.DataFrame(schema=REJECT_SCHEMA)
    rejects = rejects.cast(REJECT_SCHEMA).sort(ROW, "column")  # type: ignore[arg-type]
    typed = base.with_columns([t for t, _ in checks.values()])
    if on_bad == "reject" and rejects.height:
        typed = typed.filter(~pl.col(ROW).is_in(rejects[ROW].unique().implode()))
    elif rejects.height:
        typed = typed.with_columns(
            pl.when(problems[f].is_not_null()).then(None).otherwise(pl.col(f)).alias(f) for f in present
        )
        if date_column is not None:  # no date, no decision: these rows are rejected whatever on_bad says
            typed = typed.filter(pl.col(date_column).is_not_null())
    if "person_id" not in typed.columns:
        typed = typed.with_columns(pl.col(ROW).alias("person_id"))
    if "synthetic" not in typed.columns:
        typed = typed.with_columns(pl.lit(False).alias("synthetic"))
    return Validation(typed, rejects, df.height, notes)


def validate_file(
    path: Path, facts: Mapping[str, FactSpec], *, on_bad: str = "reject", program_id: str = "the program"
) -> Validation:
    """Read and validate a population file."""
    return validate_frame(read_table(path), facts, on_bad=on_bad, program_id=program_id)
