"""The population evaluator: the same rule definitions compiled to polars expressions.

Each named node becomes one column, computed in dependency layers so that polars runs independent nodes in
parallel (:mod:`migralex.engine.layering`, the expression back-end :mod:`migralex.engine.backends.polars`);
the outcome column is derived from the root. Baseline and reforms compile into one lazy query, so a
population is scanned once for all scenarios.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import polars as pl

from migralex.engine.backends.polars import ROW_INDEX, Compiler, PolarsCompiler
from migralex.engine.errors import ExceptionConflictError, FactError
from migralex.engine.facts import FactSpec
from migralex.engine.layering import BASELINE, Scenario, scenarios_for
from migralex.engine.layering import compile_scenarios as compile_layered
from migralex.engine.outcomes import OUTCOMES, Outcome
from migralex.engine.program import Program, Reform

OUTCOME_DTYPE = pl.Enum(list(OUTCOMES))
CONFLICT = "__exception_conflict__"

__all__ = [
    "BASELINE",
    "CONFLICT",
    "OUTCOME_DTYPE",
    "ROW_INDEX",
    "Compiler",
    "PolarsCompiler",
    "Scenario",
    "check_result",
    "compile_scenarios",
    "evaluate_frame",
    "prepare_frame",
]


def prepare_frame(frame: pl.LazyFrame | pl.DataFrame, facts: Mapping[str, FactSpec]) -> pl.LazyFrame:
    """Cast fact columns to their types and add absent facts as all-unknown columns."""
    lf = frame.lazy()
    schema = lf.collect_schema()
    exprs: list[pl.Expr] = []
    for fid, spec in facts.items():
        dtype = spec.polars_dtype()
        if fid not in schema:
            exprs.append(pl.lit(None, dtype=dtype).alias(fid))
        elif schema[fid] != dtype:
            exprs.append(pl.col(fid).cast(dtype, strict=True))  # a bad value fails at collect, see below
    return lf.with_columns(exprs) if exprs else lf


def compile_scenarios(
    program: Program,
    scenarios: Sequence[Scenario],
    *,
    on: date | None,
    date_column: str | None,
) -> list[PolarsCompiler]:
    """One compiler per scenario, prefixes ``name/`` on every column when there are several."""
    return compile_layered(PolarsCompiler, program, scenarios, on=on, date_column=date_column)


def evaluate_frame(
    program: Program,
    frame: pl.LazyFrame | pl.DataFrame,
    *,
    on: date | None = None,
    date_column: str | None = None,
    reforms: Iterable[Reform] = (),
    include_baseline: bool = True,
    columns: str | Sequence[str] = "all",
    keep: Sequence[str] = (),
    lazy: bool = False,
) -> Any:
    """Evaluate a population under the baseline and any reforms in one pass.

    Returns a DataFrame (a LazyFrame with ``lazy=True``) with, per scenario, an ``outcome`` column (enum
    eligible / ineligible / unknown / not_in_force: the row's date lies outside the program's window, and
    then its outputs are null), a column per output, and a column per named condition when
    ``columns="all"`` (a list keeps only those node ids; ``"outcome"`` keeps none). With more than one
    scenario every column is prefixed ``scenario/``. Columns listed in ``keep`` are carried through.
    """
    scenarios = scenarios_for(program, reforms, include_baseline)
    compilers = compile_scenarios(program, scenarios, on=on, date_column=date_column)
    facts: dict[str, FactSpec] = {}
    for c in compilers:
        facts.update(c.facts)
    lf = prepare_frame(frame, facts)
    if any(c.needs_row_index for c in compilers):
        lf = lf.with_row_index(ROW_INDEX)
    if date_column is not None:
        if date_column not in lf.collect_schema():
            raise FactError(date_column, "the date column is missing from the population")
        lf = lf.with_columns(pl.col(date_column).cast(pl.Date))
    for c in compilers:
        for layer in c.layers():
            lf = lf.with_columns(layer)
    outputs: list[pl.Expr] = [pl.col(k) for k in keep]
    for c in compilers:
        root = pl.col(c.root_column())
        alive = c.in_window(program.in_force) if program.in_force is not None else None
        decided: Any = pl.when(alive.not_()).then(_outcome(Outcome.NOT_IN_FORCE)) if alive is not None else pl
        outcome = (
            decided.when(root.is_null())
            .then(_outcome(Outcome.UNKNOWN))
            .when(root)
            .then(_outcome(Outcome.ELIGIBLE))
            .otherwise(_outcome(Outcome.INELIGIBLE))
        )
        outputs.append(outcome.alias(f"{c.prefix}outcome"))
        for name, column in c.output_columns().items():
            col = pl.col(column)
            if alive is not None:  # no outputs where the program is not in force
                col = pl.when(alive).then(col)
            outputs.append(col.alias(f"{c.prefix}{name}"))
        if columns == "all":
            outputs.extend(pl.col(n) for n in c.columns)
        elif not isinstance(columns, str):
            outputs.extend(pl.col(c.column_name(n)) for n in columns)
    conflicts = [cf for c in compilers for _, cf in c.conflicts]
    if conflicts:
        outputs.append(pl.any_horizontal(conflicts).alias(CONFLICT))
    result = lf.select(outputs)
    if lazy:
        return result
    try:
        collected = result.collect()
    except pl.exceptions.InvalidOperationError as exc:  # a fact column that cannot take its type
        raise FactError("population", f"a fact column has values of the wrong type: {exc}") from None
    return check_result(collected, program)


def _outcome(outcome: Outcome) -> pl.Expr:
    """An outcome as a literal of the outcome enum (no string column to cast)."""
    return pl.lit(outcome.value, dtype=OUTCOME_DTYPE)


def check_result(df: pl.DataFrame, program: Program) -> pl.DataFrame:
    """Raise if a row hit an exception conflict; drop the flag column.

    Lazy callers (streaming, Spark batches) call this on each collected batch.
    """
    if CONFLICT in df.columns:
        hits = int(df[CONFLICT].sum())
        if hits:
            raise ExceptionConflictError(program.id, ["(several)"], f"exceptions conflict in {hits} rows")
        df = df.drop(CONFLICT)
    return df
