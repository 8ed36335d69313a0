"""The rule tree compiled to native Spark expressions: no Python on the executors.

The same layering as the polars compiler (:mod:`migralex.engine.batch`): each named node becomes one column,
computed in dependency layers; the outcome column is derived from the root; baseline and reforms compile
into one projection. Kleene logic is Spark SQL's own three-valued ``AND``/``OR``/``NOT``; unknown is SQL
``NULL``. A fixed decision date turns date-shift comparisons into one comparison against a threshold date
computed on the driver (:mod:`migralex.engine.thresholds`), as the polars compiler does. Aggregates over a
list fact (an array of structs) are Spark higher-order functions (``filter``, ``transform``, ``exists``,
``aggregate``, ``array_max``); their item expressions may read the row's other columns, as in polars.

The expressions are built as Spark SQL text with the Column API's shape (:mod:`migralex.lab.spark_sql`) and
handed to Spark once per projection (``selectExpr``), instead of one py4j call per expression node.

Only the driver runs Python: a cluster's executors need a JVM and nothing of migralex.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from migralex.engine import expressions as ex
from migralex.engine.dates import MonthEnd
from migralex.engine.errors import FactError
from migralex.engine.facts import DECIMAL_SCALE, FactSpec, FactType
from migralex.engine.layering import BASELINE, LayeredCompiler, Scenario, scenarios_for
from migralex.engine.layering import compile_scenarios as compile_layered
from migralex.engine.lists import Aggregate
from migralex.engine.nodes import Node
from migralex.engine.program import Program, Reform
from migralex.engine.thresholds import DateWindow
from migralex.engine.values import Value
from migralex.lab.spark_sql import functions, select, with_columns

CONFLICT = "__exception_conflict__"
CONFLICT_MESSAGE = "exceptions of the same priority conflict on a row"
_CMP: dict[str, Callable[[Any, Any], Any]] = {  # the operator module's functions apply to Spark Columns
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}
_ARITH: dict[str, Callable[[Any, Any], Any]] = {"+": operator.add, "-": operator.sub, "*": operator.mul}


class UnsupportedOnSpark(ValueError):
    """A rule construct the Spark compiler does not translate (the polars engines evaluate it)."""


def _F() -> Any:
    """The functions namespace: SQL text (:mod:`migralex.lab.spark_sql`), one py4j call per projection."""
    return functions


def decimal_type() -> Any:
    """Spark's type for amounts (the engine's fixed scale)."""
    from pyspark.sql.types import DecimalType

    return DecimalType(38, DECIMAL_SCALE)


def spark_type(kind: str, spec: FactSpec | None = None) -> Any:
    """The Spark SQL type of a fact or parameter type name (``int``, ``date``, ``code_set`` ...); a list
    fact (``spec`` given) is an array of structs of its item fields."""
    from pyspark.sql import types as T

    if kind == "list":
        if spec is None:
            raise UnsupportedOnSpark("a list type needs its fact's item fields")
        fields = [T.StructField(name, spark_type(f.type.value)) for name, f in spec.item.items()]
        return T.ArrayType(T.StructType(fields))
    return {
        "bool": T.BooleanType(),
        "int": T.LongType(),
        "decimal": decimal_type(),
        "date": T.DateType(),
        "code": T.StringType(),
        "code_set": T.ArrayType(T.StringType()),
    }[kind]


def col(name: str) -> Any:
    """A column by name (quoted: fact and node ids contain dots)."""
    return _F().col(f"`{name}`")


def literal(value: Value, kind: str | None = None) -> Any:
    """A typed Spark literal for an engine value (``kind`` types an unknown)."""
    F = _F()
    if value is None:
        return F.lit(None).cast(spark_type(kind)) if kind else F.lit(None)
    if isinstance(value, bool):
        return F.lit(value)
    if isinstance(value, int):
        return F.lit(value).cast("long")
    if isinstance(value, Decimal):
        return F.lit(value).cast(decimal_type())
    if isinstance(value, date):
        return F.lit(value)
    if isinstance(value, str):
        return F.lit(value)
    if isinstance(value, frozenset):
        return F.array(*[F.lit(v) for v in sorted(value)]).cast(spark_type("code_set"))
    raise UnsupportedOnSpark(f"no Spark literal for {value!r}")


def add_months(d: Any, months: Any, month_end: MonthEnd) -> Any:
    """:func:`migralex.engine.dates.add_months` (Spark clamps to the month end, which is ``round_down``)."""
    F = _F()
    shifted = F.add_months(d, months)
    if month_end == "round_down":
        return shifted
    return F.when(F.dayofmonth(d) > F.dayofmonth(shifted), F.date_add(shifted, 1)).otherwise(shifted)


def whole_months_between(start: Any, end: Any, month_end: MonthEnd) -> Any:
    """:func:`migralex.engine.dates.whole_months_between` (the polars formula, in Spark)."""
    F = _F()
    n = (F.year(end) - F.year(start)) * 12 + (F.month(end) - F.month(start))
    later_day = F.dayofmonth(start) > F.dayofmonth(end)
    if month_end == "round_down":
        later_day = later_day & (F.dayofmonth(end) < F.dayofmonth(F.last_day(end)))
    return (n - later_day.cast("int")).cast("long")


def _floordiv(a: Any, k: int) -> Any:
    return _F().floor(a / k).cast("long")


class SparkCompiler(LayeredCompiler[Any]):
    """Compiles one program under one scenario to Spark Column expressions (the layering is shared with
    the polars compiler: :class:`~migralex.engine.layering.LayeredCompiler`)."""

    #: (list fact id, the lambda variable of its current item) inside an aggregate
    item: tuple[str, Any] | None = None

    # --- the layering hooks --------------------------------------------------------------------------
    def ref(self, name: str) -> Any:
        return col(name)

    def named(self, value: Any, name: str) -> Any:
        return value.alias(name)

    def exceptions(
        self, node: Node, base: Any, whens: dict[str, Any], thens: dict[str, Any]
    ) -> tuple[Any, Any]:
        return resolve(node, base, whens, thens)

    def window_gate(self, window: Any, value: Any) -> Any:
        return _F().when(self.in_window(window), value).otherwise(_F().lit(False))

    def date_test(self, column: Any, window: DateWindow) -> Any:
        F = _F()
        tests = []
        if window.after is not None:
            tests.append(column > F.lit(window.after))
        if window.upto is not None:
            tests.append(column <= F.lit(window.upto))
        out = tests[0] if len(tests) == 1 else tests[0] & tests[1]
        return ~out if window.negate else out

    # --- leaves ------------------------------------------------------------------------------------
    def date_expr(self) -> Any:
        if self.on is not None:
            return _F().lit(self.on)
        assert self.date_column is not None  # noqa: S101 -- narrows a type for mypy
        return col(self.date_column)

    def param_switch(self, param_id: str, build: Callable[[Value], Any], on: Any | None = None) -> Any:
        """``build(value)`` for the value in force on each row's date (or on ``on``); unknown where none."""
        F = _F()
        if on is None and self.on is not None:
            pv = self.resolver.value_on(param_id, self.on)
            return build(None if pv is None else pv.value)
        d = self.date_expr() if on is None else on
        chain: Any = None
        for v in self.resolver.candidates(param_id):  # in precedence order: the first match wins
            test = d >= F.lit(v.start) if v.end is None else (d >= F.lit(v.start)) & (d < F.lit(v.end))
            chain = F.when(test, build(v.value)) if chain is None else chain.when(test, build(v.value))
        return build(None) if chain is None else chain.otherwise(build(None))

    def in_window(self, window: Any) -> Any:
        """True on rows whose decision date lies inside an in-force window."""
        F = _F()
        if self.on is not None:
            return F.lit(window.out_of_force(self.on) is None)
        d = self.date_expr()
        tests = [
            (d >= F.lit(s)) if e is None else ((d >= F.lit(s)) & (d < F.lit(e))) for s, e in window.periods()
        ]
        if not tests:
            return F.lit(False)
        out = tests[0]
        for t in tests[1:]:
            out = out | t
        return F.coalesce(out, F.lit(False))

    # --- expressions -------------------------------------------------------------------------------
    def expr(self, e: ex.Expr) -> Any:
        """The Spark Column of an expression."""
        F = _F()
        if isinstance(e, Node):
            return self.node(e)
        if isinstance(e, ex.Const):
            return literal(e.value)
        if isinstance(e, ex.FactRef):
            if e.spec.type.value not in ("bool", "int", "decimal", "date", "code", "code_set", "list"):
                raise UnsupportedOnSpark(f"fact {e.spec.id} ({e.spec.type.value}) is not compiled to Spark")
            self.fact_spec(e.spec)
            return col(e.spec.id)
        if isinstance(e, ex.Param):
            kind = self.resolver.parameter(e.id).type
            on = None if e.on is None else self.expr(e.on)
            return self.param_switch(e.id, lambda v: literal(v, kind), on)
        if isinstance(e, ex.DecisionDate):
            return self.date_expr()
        if isinstance(e, ex.Compare):
            fast = self.threshold(e)
            return fast if fast is not None else _CMP[e.op](self.expr(e.a), self.expr(e.b))
        if isinstance(e, ex.Arith):
            out = _ARITH[e.op](self.expr(e.a), self.expr(e.b))
            if self.is_decimal(e):  # the engine keeps DECIMAL_SCALE places, half to even
                out = F.bround(out, DECIMAL_SCALE).cast(decimal_type())
            return out
        if isinstance(e, ex.Extreme):
            items = [self.expr(i) for i in e.items]
            agg = F.greatest(*items) if e.largest else F.least(*items)
            if len(items) == 1:
                agg = items[0]
            any_null = _any([i.isNull() for i in items])
            return F.when(any_null, F.lit(None)).otherwise(agg)
        if isinstance(e, ex.Round):
            a = self.expr(e.a).cast(decimal_type())
            r = F.bround(a, e.places) if e.mode == "half_even" else F.round(a, e.places)
            return r.cast(decimal_type())
        if isinstance(e, ex.AllOf | ex.AnyOf):
            items = [self.expr(i) for i in e.items]
            if not items:
                return F.lit(not e.dominant)
            out = items[0]
            for i in items[1:]:
                out = (out | i) if e.dominant else (out & i)
            return out
        if isinstance(e, ex.Not):
            return ~self.expr(e.a)
        if isinstance(e, ex.Recorded):
            return F.when(self.expr(e.a).isNull(), F.lit(None).cast("boolean")).otherwise(F.lit(True))
        if isinstance(e, ex.AtLeast):
            items = [self.expr(i) for i in e.items]
            true = _sum([F.when(i, 1).otherwise(0) for i in items])
            unknown = _sum([i.isNull().cast("int") for i in items])
            k = self.expr(e.k)
            none = F.lit(None).cast("boolean")
            return (
                F.when(k.isNull(), none)
                .when(true >= k, F.lit(True))
                .when(true + unknown < k, F.lit(False))
                .otherwise(none)
            )
        if isinstance(e, ex.IfThenElse):
            test, a, b = self.expr(e.test), self.expr(e.then), self.expr(e.otherwise)
            return (
                F.when(test.isNull() & (a == b), a)
                .when(test.isNull(), F.lit(None))
                .when(test, a)
                .otherwise(b)
            )
        if isinstance(e, ex.IsIn):
            a = self.expr(e.a)

            def member(codes: Value) -> Any:
                if codes is None:
                    return F.lit(None).cast("boolean")
                assert isinstance(codes, frozenset)  # noqa: S101 -- narrows a type for mypy
                return a.isin(sorted(codes)) if codes else F.when(a.isNull(), None).otherwise(F.lit(False))

            if isinstance(e.codes, ex.Param):
                on = None if e.codes.on is None else self.expr(e.codes.on)
                return self.param_switch(e.codes.id, member, on)
            assert isinstance(e.codes, ex.Const)  # noqa: S101 -- narrows a type for mypy
            return member(e.codes.value)
        if isinstance(e, ex.SetContains):
            return F.array_contains(self.expr(e.s), e.code)
        if isinstance(e, ex.SetIntersects):
            s = self.expr(e.s)
            return F.arrays_overlap(s, literal(frozenset(e.codes)))
        if isinstance(e, ex.WholeMonths):
            whole = whole_months_between(self.expr(e.start), self.expr(e.end), e.month_end)
            return _floordiv(whole, e.per) if e.per != 1 else whole
        if isinstance(e, ex.AddMonths):
            n = self.static(e.n)
            months: Any = n * e.per if isinstance(n, int) else (self.expr(e.n) * e.per).cast("int")
            return add_months(self.expr(e.d), months, e.month_end)
        if isinstance(e, ex.DaysBetween):
            return F.datediff(self.expr(e.end), self.expr(e.start)).cast("long")
        if isinstance(e, ex.ItemRef):
            if self.item is None or self.item[0] != e.spec.id:
                raise TypeError(f"item field {e.field} of {e.spec.id} is read outside an aggregate over it")
            return self.item[1].getField(e.field)
        if isinstance(e, Aggregate):
            return self.aggregate(e)
        raise UnsupportedOnSpark(f"{type(e).__name__} ({e.describe()}) is not compiled to Spark")

    def per_item(self, agg: Aggregate, lst: Any, build: Callable[[], Any]) -> Any:
        """``build()`` for each known item of the list (Spark's ``transform``; lambdas may read the row)."""
        F = _F()
        if self.item is not None:
            raise TypeError("an aggregate over a list cannot be nested in another aggregate")

        def each(x: Any) -> Any:
            self.item = (agg.items.spec.id, x)
            try:
                return build()
            finally:
                self.item = None

        return F.transform(F.filter(lst, lambda x: x.isNotNull()), each)

    def aggregate(self, agg: Aggregate) -> Any:
        """An aggregate over a list fact, with the Kleene rules of :func:`compile_aggregate` in polars."""
        F = _F()
        lst = self.expr(agg.items)

        def value() -> Any:
            assert agg.value is not None  # noqa: S101 -- narrows a type for mypy
            return self.expr(agg.value)

        def where() -> Any:
            return F.lit(True) if agg.where is None else self.expr(agg.where)

        def included() -> Any:  # an unknown ``where`` counts as not included (the ``bad`` test catches it)
            return F.coalesce(where(), F.lit(False))

        def has(build: Callable[[], Any]) -> Any:
            return F.exists(self.per_item(agg, lst, lambda: F.coalesce(build(), F.lit(False))), lambda b: b)

        def total(build: Callable[[], Any], zero: Value) -> Any:
            t = spark_type("decimal" if isinstance(zero, Decimal) else "int")
            items = self.per_item(agg, lst, lambda: build().cast(t))
            return F.aggregate(items, literal(zero), lambda acc, v: (acc + v).cast(t))

        none = F.lit(None)
        if agg.kind in ("any", "all"):
            dominant = agg.kind == "any"
            decides = has(lambda: value() if dominant else ~value())
            open_ = has(lambda: value().isNull())
            out = F.when(lst.isNull(), F.lit(None).cast("boolean")).when(decides, F.lit(dominant))
            return out.when(open_, F.lit(None).cast("boolean")).otherwise(F.lit(not dominant))
        bad_where = has(lambda: where().isNull())
        if agg.kind == "count":
            count = total(included, 0)
            return F.when(lst.isNull() | bad_where, none).otherwise(count)
        bad = has(lambda: where().isNull() | (F.coalesce(where(), F.lit(True)) & value().isNull()))
        if agg.kind == "sum":
            zero = agg.zero()
            result = total(lambda: F.when(included(), value()).otherwise(literal(zero)), zero)
            return F.when(lst.isNull() | bad, none).otherwise(result)
        n = total(included, 0)
        taken = self.per_item(agg, lst, lambda: F.when(included(), value()))
        extreme = F.array_max(taken) if agg.kind == "max" else F.array_min(taken)
        empty = self.expr(agg.empty) if agg.empty is not None else none
        return F.when(lst.isNull() | bad, none).when(n == 0, empty).otherwise(extreme)

    def is_decimal(self, e: ex.Expr) -> bool:
        """Whether an arithmetic expression works on amounts (a decimal fact, parameter or constant)."""
        if isinstance(e, ex.Const):
            return isinstance(e.value, Decimal)
        if isinstance(e, ex.FactRef):
            return e.spec.type is FactType.DECIMAL
        if isinstance(e, ex.Param):
            return self.resolver.parameter(e.id).type == "decimal"
        if isinstance(e, ex.Round):
            return True
        if isinstance(e, Node):
            return self.is_decimal(self.replacements.get(e.id, e).expr)
        return (
            any(self.is_decimal(c) for c in e.children()) if isinstance(e, ex.Arith | ex.Extreme) else False
        )


def _any(items: Sequence[Any]) -> Any:
    out = items[0]
    for i in items[1:]:
        out = out | i
    return out


def _sum(items: Sequence[Any]) -> Any:
    out = items[0]
    for i in items[1:]:
        out = out + i
    return out


def resolve(node: Node, base: Any, whens: dict[str, Any], thens: dict[str, Any]) -> tuple[Any, Any]:
    """:meth:`Node.resolve_polars` in Spark: the node's value after its exceptions, and a conflict flag."""
    F = _F()
    none = F.lit(None)
    value = base
    conflict: Any = F.lit(False)
    for level in node.levels():
        if len(level) == 1:
            w, then = whens[level[0].id], thens[level[0].id]
            value = (
                F.when(w, then)
                .when(w.isNull() & ~conflict & (then == value), value)
                .when(w.isNull(), none)
                .otherwise(value)
            )
            conflict = w.eqNullSafe(F.lit(False)) & conflict
            continue
        t = _sum([F.coalesce(whens[u.id], F.lit(False)).cast("int") for u in level])
        n = _sum([whens[u.id].isNull().cast("int") for u in level])
        chosen: Any = None
        unknown_then: Any = None
        for u in level:
            w = whens[u.id]
            chosen = (
                F.when(F.coalesce(w, F.lit(False)), thens[u.id])
                if chosen is None
                else chosen.when(F.coalesce(w, F.lit(False)), thens[u.id])
            )
            unknown_then = (
                F.when(w.isNull(), thens[u.id])
                if unknown_then is None
                else unknown_then.when(w.isNull(), thens[u.id])
            )
        new_conflict = (t >= 2) | ((t == 0) & (n == 0) & conflict)
        value = (
            F.when(t >= 2, none)
            .when((t == 1) & (n == 0), chosen.otherwise(none))
            .when(t == 1, none)
            .when(n == 0, value)
            .when((n == 1) & ~conflict & (unknown_then.otherwise(none) == value), value)
            .otherwise(none)
        )
        conflict = new_conflict
    return value, conflict


def compile_scenarios(
    program: Program, scenarios: Sequence[Scenario], *, on: date | None, date_column: str | None
) -> list[SparkCompiler]:
    """One compiler per scenario; columns prefixed ``name/`` when there are several."""
    return compile_layered(SparkCompiler, program, scenarios, on=on, date_column=date_column)


def prepare(df: Any, facts: Mapping[str, FactSpec]) -> Any:
    """Fact columns cast to their Spark types; absent facts added as all-unknown columns."""
    F = _F()
    present = set(df.columns)
    exprs = {}
    for fid, spec in facts.items():
        t = spark_type(spec.type.value, spec)
        exprs[fid] = col(fid).cast(t) if fid in present else F.lit(None).cast(t)
    return with_columns(df, exprs) if exprs else df


def evaluate_spark(
    program: Program,
    df: Any,
    *,
    on: date | None = None,
    date_column: str | None = None,
    reforms: Iterable[Reform] = (),
    include_baseline: bool = True,
    columns: str | Sequence[str] = "all",
    keep: Sequence[str] = (),
) -> Any:
    """:func:`migralex.engine.evaluate_frame` for a Spark DataFrame, as a lazy Spark DataFrame.

    The same columns as the polars evaluator (``outcome`` as a string; with several scenarios every
    column is prefixed ``scenario/``), plus ``__exception_conflict__`` when a node has exceptions (true on
    rows where two exceptions of one priority apply: the caller stops the run, as the polars engines do).
    """
    F = _F()
    scenarios = scenarios_for(program, reforms, include_baseline)
    compilers = compile_scenarios(program, scenarios, on=on, date_column=date_column)
    facts: dict[str, FactSpec] = {}
    for c in compilers:
        facts.update(c.facts)
    df = prepare(df, facts)
    if date_column is not None:
        if date_column not in df.columns:
            raise FactError(date_column, "the date column is missing from the population")
        df = with_columns(df, {date_column: col(date_column).cast("date")})
    for c in compilers:
        for layer in c.layers():
            df = select(df, layer, keep_all=True)
    outputs: list[Any] = [col(k) for k in keep]
    for c in compilers:
        root = col(c.root_column())
        window = getattr(program, "in_force", None)
        alive = c.in_window(window) if window is not None else None
        decided: Any = F.when(~alive, F.lit("not_in_force")) if alive is not None else F
        outcome = (
            decided.when(root.isNull(), F.lit("unknown"))
            .when(root, F.lit("eligible"))
            .otherwise(F.lit("ineligible"))
        )
        outputs.append(outcome.alias(f"{c.prefix}outcome"))
        for name, column in c.output_columns().items():
            value = col(column)
            if alive is not None:
                value = F.when(alive, value)
            outputs.append(value.alias(f"{c.prefix}{name}"))
        if columns == "all":
            outputs.extend(col(n) for n in c.columns)
        elif not isinstance(columns, str):
            outputs.extend(col(c.column_name(n)) for n in columns)
    conflicts = [cf for c in compilers for _, cf in c.conflicts]
    if conflicts:
        outputs.append(F.coalesce(_any(conflicts), F.lit(False)).alias(CONFLICT))
    return select(df, outputs)


# --- the lab's row results, natively ------------------------------------------------------------------


def lab_rows(plan: Any, df: Any) -> Any:
    """The lab's row results (:meth:`migralex.lab.results.Plan.evaluate`) as Spark columns.

    Descriptors carried, the breakdown dimensions, per scenario the outcome, outputs, top-level condition
    columns and ``first_failing``; the conflict flag stays as ``__exception_conflict__`` for the caller.
    """
    from migralex.lab.results import AGE_BANDS, CARRY, DIMENSIONS, NOT_KNOWN, OTHER, _years_before

    F = _F()
    schema = set(df.columns)
    src = plan.dimension_sources({c: None for c in df.columns})
    dims = {"nationality": src["nationality"], "status": src["status"]}
    exprs = {k: (col(v).cast("string") if v else F.lit(None).cast("string")) for k, v in dims.items()}
    birth = src["age_band"]
    if birth is None:
        exprs["age_band"] = F.lit(NOT_KNOWN)
    else:
        b = col(birth).cast("date")
        band: Any = F.when(b.isNull(), F.lit(NOT_KNOWN))
        if plan.date_column is None:
            for lo, label in reversed(AGE_BANDS):
                band = band.when(b <= F.lit(_years_before(plan.on, lo)), F.lit(label))
        else:
            d = col(plan.date_column).cast("date")
            later = (F.month(b) > F.month(d)) | (
                (F.month(b) == F.month(d)) & (F.dayofmonth(b) > F.dayofmonth(d))
            )
            age = F.year(d) - F.year(b) - later.cast("int")
            band = band.when(d.isNull(), F.lit(NOT_KNOWN))
            for lo, label in reversed(AGE_BANDS):
                band = band.when(age >= lo, F.lit(label))
        exprs["age_band"] = band.otherwise(F.lit(AGE_BANDS[0][1]))
    df = with_columns(df, exprs)
    carry = (*CARRY, plan.date_column) if plan.date_column else CARRY
    keep = [c for c in (*carry, *DIMENSIONS) if c in schema or c in DIMENSIONS]
    on = plan.on if plan.date_column is None else None
    rows = evaluate_spark(
        plan.program, df, on=on, date_column=plan.date_column, reforms=plan.reforms, columns="all", keep=keep
    )
    if not plan.reforms:
        rows = rows.withColumnsRenamed(
            {c: f"{BASELINE}/{c}" for c in rows.columns if c not in keep and not c.startswith("__")}
        )
    if plan.columns != "all":
        extra = [c for c in rows.columns if c.startswith("__")]
        outputs = [f"{s}/{o}" for s in plan.scenarios for o in ("outcome", *plan.program.outputs)]
        rows = select(rows, [*keep, *outputs, *plan.condition_columns(), *extra])
    firsts = {}
    for s in plan.scenarios:
        ids = [n.id for n in plan.conditions(s)]
        first = F.coalesce(*[F.when(~col(f"{s}/{c}"), F.lit(c)) for c in ids], F.lit(OTHER))
        firsts[f"{s}/first_failing"] = F.when(col(f"{s}/outcome") == "ineligible", first)
    rows = with_columns(rows, firsts)
    if CONFLICT in rows.columns:  # stop the job natively on a row where two exceptions of a priority apply
        name = f"{plan.scenarios[0]}/outcome"
        message = f"{CONFLICT_MESSAGE} ({plan.program.id})"
        stop = F.when(col(CONFLICT), F.raise_error(F.lit(message))).otherwise(col(name))
        rows = with_columns(rows, {name: stop}).drop(CONFLICT)
    return rows
