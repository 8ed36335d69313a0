"""The population evaluator: the same rule definitions compiled to polars expressions.

Each named node becomes one column, computed in dependency layers so that polars runs independent nodes in
parallel; the outcome column is derived from the root. Baseline and reforms compile into one lazy query, so
a population is scanned once for all scenarios.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from migralex.engine.errors import ExceptionConflictError, FactError
from migralex.engine.expressions import Const, DecisionDate, Param
from migralex.engine.facts import FactSpec
from migralex.engine.lists import Aggregate, compile_aggregate, element_only
from migralex.engine.meta import InForce
from migralex.engine.nodes import Node
from migralex.engine.outcomes import OUTCOMES, Outcome
from migralex.engine.program import ParameterResolver, Program, Reform
from migralex.engine.values import Value

OUTCOME_DTYPE = pl.Enum(list(OUTCOMES))
BASELINE = "baseline"
CONFLICT = "__exception_conflict__"
ROW_INDEX = "__row__"


class Compiler:
    """Compiles one program under one scenario (baseline or a reform) to polars expressions."""

    def __init__(
        self,
        program: Program,
        resolver: ParameterResolver,
        *,
        on: date | None,
        date_column: str | None,
        replacements: Mapping[str, Node] | None = None,
        prefix: str = "",
    ) -> None:
        if (on is None) == (date_column is None):
            raise ValueError("give exactly one of a decision date or a date column")
        self.program = program
        self.resolver = resolver
        self.on = on
        self.date_column = date_column
        self.replacements = replacements or {}
        self.prefix = prefix
        self.columns: dict[str, tuple[int, pl.Expr]] = {}
        self.conflicts: list[tuple[str, pl.Expr]] = []
        self.facts: dict[str, FactSpec] = {}
        self._depth_stack: list[int] = []
        #: inside an aggregate: ("eval" | "over", list fact id)
        self.item_mode: tuple[str, str] | None = None
        #: an aggregate needs the row index column (the general path)
        self.needs_row_index = False

    # --- leaves ------------------------------------------------------------------------------------
    def fact(self, spec: FactSpec) -> pl.Expr:
        """The column of a fact."""
        self.facts.setdefault(spec.id, spec)
        return pl.col(spec.id)

    def item_field(self, spec: FactSpec, field: str) -> pl.Expr:
        """A field of the current item inside an aggregate over a list fact.

        Inside ``list.eval`` (the fast path) the item is ``pl.element()``; on the general path the list is
        exploded within a window over the row index, where the row's other columns broadcast.
        """
        if self.item_mode is None or self.item_mode[1] != spec.id:
            raise TypeError(f"item field {field} of {spec.id} is read outside an aggregate over it")
        item = pl.element() if self.item_mode[0] == "eval" else pl.col(spec.id).explode()
        return item.struct.field(field)

    def aggregate(self, agg: Aggregate) -> pl.Expr:
        """An aggregate over a list fact (see :mod:`migralex.engine.lists`)."""
        if self.item_mode is not None:
            raise TypeError("an aggregate over a list cannot be nested in another aggregate")
        self.fact(agg.items.spec)
        mode = "eval" if element_only(agg, self.on is not None) else "over"
        if mode == "over":
            self.needs_row_index = True
        self.item_mode = (mode, agg.items.spec.id)
        try:
            return compile_aggregate(agg, self, mode, ROW_INDEX)
        finally:
            self.item_mode = None

    def date_expr(self) -> pl.Expr:
        """The decision date: a literal, or the per-row date column."""
        if self.on is not None:
            return pl.lit(self.on, dtype=pl.Date)
        assert self.date_column is not None
        return pl.col(self.date_column)

    def in_window(self, window: InForce) -> pl.Expr:
        """True on rows whose decision date lies inside the window (a literal with a fixed date)."""
        if self.on is not None:
            return pl.lit(window.out_of_force(self.on) is None, dtype=pl.Boolean)
        d = self.date_expr()
        tests = [
            (d >= start) if end is None else ((d >= start) & (d < end)) for start, end in window.periods()
        ]
        return pl.any_horizontal(tests).fill_null(False) if tests else pl.lit(False, dtype=pl.Boolean)

    def static(self, expr: Any) -> Value:
        """The value of a constant, or of a parameter when the decision date is fixed; else ``None``."""
        if isinstance(expr, Const):
            return expr.value
        if isinstance(expr, DecisionDate):
            return self.on
        if isinstance(expr, Param) and expr.on is None and self.on is not None:
            pv = self.resolver.value_on(expr.id, self.on)
            return None if pv is None else pv.value
        return None

    def param_switch(
        self,
        param_id: str,
        build: Callable[[Value], pl.Expr],
        on: pl.Expr | None = None,
    ) -> pl.Expr:
        """``build(value)`` for the value in force on each row's decision date, or on the date ``on``.

        Unknown where no value is in force (or ``on`` is unknown).
        """
        if on is None and self.on is not None:
            pv = self.resolver.value_on(param_id, self.on)
            return build(None if pv is None else pv.value)
        d = self.date_expr() if on is None else on
        chain: Any = None
        for v in self.resolver.candidates(param_id):  # in precedence order: the first match wins
            test = d >= v.start if v.end is None else (d >= v.start) & (d < v.end)
            branch = build(v.value)
            chain = pl.when(test).then(branch) if chain is None else chain.when(test).then(branch)
        if chain is None:
            return build(None)
        result: pl.Expr = chain.otherwise(build(None))
        return result

    # --- nodes -------------------------------------------------------------------------------------
    def column_name(self, node_id: str) -> str:
        """Column holding a node's value in this scenario."""
        return f"{self.prefix}{node_id}"

    def node(self, node: Node) -> pl.Expr:
        """Compile a named node once; refer to it by column."""
        target = self.replacements.get(node.id, node)
        name = self.column_name(target.id)
        if name not in self.columns:
            self._depth_stack.append(0)
            base = target.expr.pl(self)
            if target.unless:
                whens = {u.id: u.when.pl(self) for u in target.unless}
                thens = {u.id: u.then.pl(self) for u in target.unless}
                value, conflict = target.resolve_polars(base, whens, thens)
                self.conflicts.append((target.id, conflict))
            else:
                value = base
            if target.in_force is not None:  # outside its window the route does not exist: false
                value = pl.when(self.in_window(target.in_force)).then(value).otherwise(pl.lit(False))
            depth = self._depth_stack.pop() + 1
            self.columns[name] = (depth, value.alias(name))
        depth = self.columns[name][0]
        if self._depth_stack:
            self._depth_stack[-1] = max(self._depth_stack[-1], depth)
        return pl.col(name)

    def layers(self) -> list[list[pl.Expr]]:
        """Node columns grouped by dependency depth."""
        by: dict[int, list[pl.Expr]] = {}
        for depth, expr in self.columns.values():
            by.setdefault(depth, []).append(expr)
        return [by[d] for d in sorted(by)]


@dataclass
class Scenario:
    """A named way to evaluate: the baseline pack, or the pack under a reform."""

    name: str
    reform: Reform | None = None


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
) -> list[Compiler]:
    """One compiler per scenario, prefixes ``name/`` on every column when there are several."""
    pack = program.pack
    assert pack is not None
    compilers = []
    for sc in scenarios:
        resolver = ParameterResolver(pack.parameters, sc.reform)
        prefix = f"{sc.name}/" if len(scenarios) > 1 else ""
        c = Compiler(
            program,
            resolver,
            on=on,
            date_column=date_column,
            replacements=sc.reform.replacements if sc.reform else None,
            prefix=prefix,
        )
        for root in program.roots():
            root.pl(c)
        compilers.append(c)
    return compilers


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
    scenarios = ([Scenario(BASELINE)] if include_baseline else []) + [Scenario(r.id, r) for r in reforms]
    if not scenarios:
        raise ValueError("nothing to evaluate: no baseline and no reform")
    for sc in scenarios:
        if sc.reform is not None and not sc.reform.applies_to(program):
            raise ValueError(f"reform {sc.reform.id} does not apply to {program.id}")
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
        root = pl.col(c.column_name(c.replacements.get(program.root.id, program.root).id))
        alive = c.in_window(program.in_force) if program.in_force is not None else None
        decided: Any = (
            pl.when(alive.not_()).then(pl.lit(Outcome.NOT_IN_FORCE.value)) if alive is not None else pl
        )
        outcome = (
            decided.when(root.is_null())
            .then(pl.lit(Outcome.UNKNOWN.value))
            .when(root)
            .then(pl.lit(Outcome.ELIGIBLE.value))
            .otherwise(pl.lit(Outcome.INELIGIBLE.value))
            .cast(OUTCOME_DTYPE)
        )
        outputs.append(outcome.alias(f"{c.prefix}outcome"))
        for name, node in program.outputs.items():
            target = c.replacements.get(node.id, node)
            col = pl.col(c.column_name(target.id))
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
