"""The population evaluator's back-end: the plain-data rule tree compiled to polars expressions.

Each named node becomes one column (:class:`~migralex.engine.layering.LayeredCompiler`: computed once, in
dependency layers, so that polars runs independent nodes in parallel); each expression type has one function
here (``COMPILERS``), chosen by the node's type. polars booleans are Kleene, like the engine's logic.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any

import polars as pl

from migralex.engine import expressions as ex
from migralex.engine.backends.date_keys import MONTH, pl_add_months, pl_date_key
from migralex.engine.dates import MonthEnd
from migralex.engine.facts import FactSpec, polars_types
from migralex.engine.layering import LayeredCompiler
from migralex.engine.lists import Aggregate, element_only
from migralex.engine.meta import InForce
from migralex.engine.nodes import Node, Unless
from migralex.engine.thresholds import DateWindow, flip
from migralex.engine.values import Value

ROW_INDEX = "__row__"
#: polars type of each fact / parameter type name
DTYPES = polars_types()
DECIMAL_DTYPE = DTYPES["decimal"]
#: polars type of each parameter type (for typed unknowns).
PARAM_DTYPES = DTYPES
_ROUNDING: dict[str, Any] = {"half_even": "half_to_even", "half_up": "half_away_from_zero"}
_CMP: dict[str, Callable[[pl.Expr, pl.Expr], pl.Expr]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}
_ARITH: dict[str, Callable[[pl.Expr, pl.Expr], pl.Expr]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
}


def fact_dtype(spec: FactSpec) -> pl.DataType:
    """The column type of a fact in the batch evaluator (a list fact: a list of structs)."""
    return spec.polars_dtype()


def literal(value: Value, dtype: pl.DataType | None = None) -> pl.Expr:
    """A typed polars literal for an engine value (``dtype`` types an unknown)."""
    if value is None:
        return pl.lit(None, dtype=dtype)
    if isinstance(value, bool):
        return pl.lit(value, dtype=pl.Boolean)
    if isinstance(value, int):
        return pl.lit(value, dtype=pl.Int64)
    if isinstance(value, Decimal):
        return pl.lit(value, dtype=DECIMAL_DTYPE)
    if isinstance(value, date):
        return pl.lit(value, dtype=pl.Date)
    if isinstance(value, str):
        return pl.lit(value, dtype=pl.String)
    if isinstance(value, frozenset):
        return pl.lit(sorted(value), dtype=pl.List(pl.String))
    return pl.lit(None)


# --- calendar arithmetic, vectorised ------------------------------------------------------------------
# Calendar keys and day tables (backends/date_keys.py): no calendar arithmetic per row. ``pl_add_months``
# is imported from there (kept importable from here).


def pl_whole_months_between(start: pl.Expr, end: pl.Expr, month_end: MonthEnd) -> pl.Expr:
    """Vectorised :func:`~migralex.engine.dates.whole_months_between`: the largest ``n`` with
    ``key(start) + 32 n <= K(end)`` (calendar keys, :mod:`~migralex.engine.backends.date_keys`)."""
    return (pl_date_key(end, month_end) - pl_date_key(start)).floordiv(MONTH)


def pl_whole_years_between(start: pl.Expr, end: pl.Expr, month_end: MonthEnd) -> pl.Expr:
    """Vectorised :func:`~migralex.engine.dates.whole_years_between`."""
    return pl_whole_months_between(start, end, month_end).floordiv(12)


class PolarsCompiler(LayeredCompiler[pl.Expr]):
    """Compiles one program under one scenario (baseline or a reform) to polars expressions."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: inside an aggregate: ("eval" | "over", list fact id)
        self.item_mode: tuple[str, str] | None = None
        #: an aggregate needs the row index column (the general path)
        self.needs_row_index = False

    # --- the layering hooks --------------------------------------------------------------------------
    def expr(self, e: ex.Expr) -> pl.Expr:
        return COMPILERS[type(e)](self, e)

    def ref(self, name: str) -> pl.Expr:
        return pl.col(name)

    def named(self, value: pl.Expr, name: str) -> pl.Expr:
        return value.alias(name)

    def exceptions(
        self, node: Node, base: pl.Expr, whens: dict[str, pl.Expr], thens: dict[str, pl.Expr]
    ) -> tuple[pl.Expr, pl.Expr | None]:
        return resolve(node.levels(), base, whens, thens, condition=node.kind == "condition")

    def window_gate(self, window: InForce, value: pl.Expr) -> pl.Expr:
        if self.on is not None:  # known when compiling: the value, or false
            return value if window.out_of_force(self.on) is None else pl.lit(False, dtype=pl.Boolean)
        return pl.when(self.in_window(window)).then(value).otherwise(pl.lit(False))

    def date_test(self, column: pl.Expr, window: DateWindow) -> pl.Expr:
        tests = []
        if window.after is not None:
            tests.append(column > pl.lit(window.after))
        if window.upto is not None:
            tests.append(column <= pl.lit(window.upto))
        out = tests[0] if len(tests) == 1 else tests[0] & tests[1]
        return out.not_() if window.negate else out

    # --- leaves ------------------------------------------------------------------------------------
    def fact(self, spec: FactSpec) -> pl.Expr:
        """The column of a fact."""
        self.fact_spec(spec)
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
        assert self.date_column is not None  # noqa: S101 -- narrows a type for mypy
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


Compiler = PolarsCompiler  # older name


def resolve(
    levels: tuple[tuple[Unless, ...], ...],
    base: pl.Expr,
    whens: dict[str, pl.Expr],
    thens: dict[str, pl.Expr],
    *,
    condition: bool = False,
) -> tuple[pl.Expr, pl.Expr | None]:
    """A node's exceptions applied level by level, as the single-case evaluator does: (value, conflict).

    The conflict flag is None where no two exceptions share a level (no conflict is possible). On a
    ``condition``, a lone exception that makes it true (false) while no conflict is possible is Kleene
    ``value | when`` (``value & ~when``): the same three-valued result, with the value computed once.
    """
    value = base
    conflict: pl.Expr | None = None
    for level in levels:
        if len(level) == 1:
            # one exception at this level: it applies, may apply, or does not
            u = level[0]
            w, then = whens[u.id], thens[u.id]
            fixed = u.then.value if isinstance(u.then, ex.Const) else None
            if conflict is None and condition and isinstance(fixed, bool):
                value = value | w if fixed else value & w.not_()
                continue
            may_apply = w.is_null() if conflict is None else w.is_null() & conflict.not_()
            value = (
                pl.when(w)
                .then(then)
                .when(may_apply & (then == value))
                .then(value)
                .when(w.is_null())
                .then(None)
                .otherwise(value)
            )
            if conflict is not None:
                conflict = w.eq_missing(False) & conflict
            continue
        if conflict is None:
            conflict = pl.lit(False)
        t = pl.sum_horizontal([whens[u.id].fill_null(False).cast(pl.Int64) for u in level])
        n = pl.sum_horizontal([whens[u.id].is_null().cast(pl.Int64) for u in level])
        chosen: Any = pl.when(whens[level[0].id].fill_null(False)).then(thens[level[0].id])
        for u in level[1:]:
            chosen = chosen.when(whens[u.id].fill_null(False)).then(thens[u.id])
        unknown_then: Any = pl.when(whens[level[0].id].is_null()).then(thens[level[0].id])
        for u in level[1:]:
            unknown_then = unknown_then.when(whens[u.id].is_null()).then(thens[u.id])
        new_conflict = (t >= 2) | ((t == 0) & (n == 0) & conflict)
        value = (
            pl.when(t >= 2)
            .then(None)
            .when((t == 1) & (n == 0))
            .then(chosen.otherwise(None))
            .when(t == 1)
            .then(None)
            .when(n == 0)
            .then(value)
            .when((n == 1) & conflict.not_() & (unknown_then.otherwise(None) == value))
            .then(value)
            .otherwise(None)
        )
        conflict = new_conflict
    return value, conflict


# --- one function per expression type ------------------------------------------------------------

Compile = Callable[[PolarsCompiler, Any], pl.Expr]
COMPILERS: dict[type, Compile] = {}


def _on(*kinds: type) -> Callable[[Compile], Compile]:
    def register(fn: Compile) -> Compile:
        for kind in kinds:
            COMPILERS[kind] = fn
        return fn

    return register


@_on(Node)
def _node(c: PolarsCompiler, e: Node) -> pl.Expr:
    return c.node(e)


@_on(ex.Const)
def _const(c: PolarsCompiler, e: ex.Const) -> pl.Expr:
    return literal(e.value)


@_on(ex.FactRef)
def _fact(c: PolarsCompiler, e: ex.FactRef) -> pl.Expr:
    return c.fact(e.spec)


@_on(ex.ItemRef)
def _item(c: PolarsCompiler, e: ex.ItemRef) -> pl.Expr:
    return c.item_field(e.spec, e.field)


@_on(ex.Param)
def _param(c: PolarsCompiler, e: ex.Param) -> pl.Expr:
    dtype = DTYPES[c.resolver.parameter(e.id).type]
    on = None if e.on is None else c.expr(e.on)
    return c.param_switch(e.id, lambda v: literal(v, dtype), on)


@_on(ex.DecisionDate)
def _decision_date(c: PolarsCompiler, e: ex.DecisionDate) -> pl.Expr:
    return c.date_expr()


@_on(ex.Compare)
def _compare(c: PolarsCompiler, e: ex.Compare) -> pl.Expr:
    fast = c.threshold(e)
    if fast is None:
        fast = _per_row_shift(c, e)
    if fast is not None:
        return fast
    return _CMP[e.op](c.expr(e.a), c.expr(e.b))


# --- a date shifted by whole months, compared with a date that varies by row ---------------------------
# ``add_months(x, n) <= D`` is a comparison of integer calendar keys, ``key(x) + 32 n <= K(D)``, exact for
# both month-end rules and any sign of ``n`` (``date_keys``: K is the key, or with ``round_down`` the
# month-end key); ``< D`` is ``<= D - 1 day``, and ``whole_months_between(x, D) >= n`` is the same test by
# definition. Keys are read from a table (one gather per date column, shared by every comparison), so no
# calendar arithmetic is done per row.

_SHIFT_OPS = ("<=", "<", ">", ">=", "==", "!=")


def _at_most(x: pl.Expr, months: int, month_end: MonthEnd, bound: pl.Expr, *, strict: bool) -> pl.Expr:
    """``add_months(x, months) <= bound`` (``< bound`` when ``strict``), per row.

    ``< bound`` is ``<= bound - 1 day``; with ``round_down`` it is also ``key < key(bound)`` (a clamped date
    is the last day of its month, and the unclamped key lies above that day's key and below the next
    month's), which reads the same table entry as the ``round_up`` comparisons with ``bound``.
    """
    shifted = pl_date_key(x) + months * MONTH
    if not strict:
        return shifted <= pl_date_key(bound, month_end)
    if month_end == "round_down":
        return shifted < pl_date_key(bound)
    return shifted <= pl_date_key(bound, days_before=1)


def _order(at_most: Callable[[bool], pl.Expr], op: str) -> pl.Expr:
    """``s OP D`` from ``at_most(strict)``: ``s <= D`` (``s < D`` when strict)."""
    if op in ("<=", "<"):
        return at_most(op == "<")
    if op in (">", ">="):
        return ~at_most(op == ">=")
    equal = at_most(False) & ~at_most(True)
    return equal if op == "==" else ~equal


def _per_row_shift(c: PolarsCompiler, e: ex.Compare) -> pl.Expr | None:
    """``add_months(x, n) OP D`` or ``whole_months_between(x, D) // p OP k`` with D varying by row (and
    n, k fixed or a parameter), as a comparison of calendar keys; None for any other shape."""
    for shifted, other, op in ((e.a, e.b, e.op), (e.b, e.a, flip(e.op))):
        if op not in _SHIFT_OPS:
            continue
        if isinstance(shifted, ex.AddMonths):
            return _switch(c, shifted.n, partial(_shift_test, c, shifted, other, op))
        if isinstance(shifted, ex.WholeMonths):
            return _switch(c, other, partial(_months_test, c, shifted, op))
    return None


def _shift_test(c: PolarsCompiler, shifted: ex.AddMonths, other: ex.Expr, op: str, n: Value) -> pl.Expr:
    """``add_months(x, n * per) OP D`` for one value of ``n``."""
    if not isinstance(n, int) or isinstance(n, bool):
        return pl.lit(None, dtype=pl.Boolean)
    x, bound, months = c.expr(shifted.d), c.expr(other), n * shifted.per
    return _order(lambda strict: _at_most(x, months, shifted.month_end, bound, strict=strict), op)


def _months_test(c: PolarsCompiler, shifted: ex.WholeMonths, op: str, k: Value) -> pl.Expr:
    """``whole_months_between(x, D) // per OP k`` for one value of ``k``: with ``m = months // per``,
    ``m <= k`` is ``not m >= k + 1`` and ``m < k`` is ``not m >= k``."""
    if not isinstance(k, int) or isinstance(k, bool):
        return pl.lit(None, dtype=pl.Boolean)
    start, end, per, rule = c.expr(shifted.start), c.expr(shifted.end), shifted.per, shifted.month_end

    def at_most(strict: bool) -> pl.Expr:  # m <= k (m < k when strict)
        return ~_at_most(start, (k if strict else k + 1) * per, rule, end, strict=False)

    return _order(at_most, op)


def _switch(c: PolarsCompiler, n: ex.Expr, build: Callable[[Value], pl.Expr]) -> pl.Expr | None:
    """``build`` for a fixed number, or for each value of a parameter read on the row's date."""
    fixed = c.static(n)
    if fixed is not None:
        return build(fixed)
    if isinstance(n, ex.Param) and n.on is None:
        return c.param_switch(n.id, build)
    return None


@_on(ex.Arith)
def _arith(c: PolarsCompiler, e: ex.Arith) -> pl.Expr:
    return _ARITH[e.op](c.expr(e.a), c.expr(e.b))


@_on(ex.Extreme)
def _extreme(c: PolarsCompiler, e: ex.Extreme) -> pl.Expr:
    exprs = [c.expr(i) for i in e.items]
    any_null = pl.any_horizontal([i.is_null() for i in exprs])
    agg = pl.max_horizontal(exprs) if e.largest else pl.min_horizontal(exprs)
    return pl.when(any_null).then(None).otherwise(agg)


@_on(ex.Round)
def _round(c: PolarsCompiler, e: ex.Round) -> pl.Expr:
    return c.expr(e.a).cast(DECIMAL_DTYPE).round(e.places, mode=_ROUNDING[e.mode])


@_on(ex.AllOf, ex.AnyOf)
def _junction(c: PolarsCompiler, e: ex.Junction) -> pl.Expr:
    exprs = [c.expr(i) for i in e.items]
    return pl.any_horizontal(exprs) if e.dominant else pl.all_horizontal(exprs)


@_on(ex.Not)
def _not(c: PolarsCompiler, e: ex.Not) -> pl.Expr:
    return c.expr(e.a).not_()


@_on(ex.Recorded)
def _recorded(c: PolarsCompiler, e: ex.Recorded) -> pl.Expr:
    return pl.when(c.expr(e.a).is_null()).then(pl.lit(None, dtype=pl.Boolean)).otherwise(True)


@_on(ex.AtLeast)
def _at_least(c: PolarsCompiler, e: ex.AtLeast) -> pl.Expr:
    exprs = [c.expr(i) for i in e.items]
    true = pl.sum_horizontal([i.fill_null(False).cast(pl.Int64) for i in exprs])
    unknown = pl.sum_horizontal([i.is_null().cast(pl.Int64) for i in exprs])
    k = c.expr(e.k)
    return (
        pl.when(k.is_null())
        .then(pl.lit(None, dtype=pl.Boolean))
        .when(true >= k)
        .then(True)
        .when(true + unknown < k)
        .then(False)
        .otherwise(pl.lit(None, dtype=pl.Boolean))
    )


@_on(ex.IfThenElse)
def _if(c: PolarsCompiler, e: ex.IfThenElse) -> pl.Expr:
    test, a, b = c.expr(e.test), c.expr(e.then), c.expr(e.otherwise)
    return (
        pl.when(test.is_null() & (a == b))
        .then(a)
        .when(test.is_null())
        .then(None)
        .when(test)
        .then(a)
        .otherwise(b)
    )


@_on(ex.IsIn)
def _is_in(c: PolarsCompiler, e: ex.IsIn) -> pl.Expr:
    a = c.expr(e.a)

    def member(codes: Value) -> pl.Expr:
        if codes is None:
            return pl.lit(None, dtype=pl.Boolean)
        assert isinstance(codes, frozenset)  # noqa: S101 -- narrows a type for mypy
        return a.is_in(sorted(codes))  # unknown (null) where ``a`` is

    if isinstance(e.codes, ex.Param):
        on = None if e.codes.on is None else c.expr(e.codes.on)
        return c.param_switch(e.codes.id, member, on)
    assert isinstance(e.codes, ex.Const)  # noqa: S101 -- narrows a type for mypy
    return member(e.codes.value)


@_on(ex.SetContains)
def _contains(c: PolarsCompiler, e: ex.SetContains) -> pl.Expr:
    return c.expr(e.s).list.contains(pl.lit(e.code, dtype=pl.String))


@_on(ex.SetIntersects)
def _intersects(c: PolarsCompiler, e: ex.SetIntersects) -> pl.Expr:
    return c.expr(e.s).list.eval(pl.element().is_in(sorted(e.codes))).list.any()


@_on(ex.WholeMonths)
def _whole_months(c: PolarsCompiler, e: ex.WholeMonths) -> pl.Expr:
    return pl_whole_months_between(c.expr(e.start), c.expr(e.end), e.month_end).floordiv(e.per)


@_on(ex.AddMonths)
def _add_months(c: PolarsCompiler, e: ex.AddMonths) -> pl.Expr:
    n = c.static(e.n)
    if isinstance(n, int):
        return pl_add_months(c.expr(e.d), n * e.per, e.month_end)
    if isinstance(e.n, ex.Param) and e.n.on is None:
        # a parameter read on each row's date: one constant shift per value it takes (none parsed per row)
        d = c.expr(e.d)

        def shifted(v: Value) -> pl.Expr:
            if not isinstance(v, int):
                return pl.lit(None, dtype=pl.Date)
            return pl_add_months(d, v * e.per, e.month_end)

        return c.param_switch(e.n.id, shifted)
    return pl_add_months(c.expr(e.d), c.expr(e.n) * e.per, e.month_end)


@_on(ex.DaysBetween)
def _days_between(c: PolarsCompiler, e: ex.DaysBetween) -> pl.Expr:
    return (c.expr(e.end) - c.expr(e.start)).dt.total_days().cast(pl.Int64)


@_on(Aggregate)
def _aggregate(c: PolarsCompiler, e: Aggregate) -> pl.Expr:
    return c.aggregate(e)


def compile_aggregate(agg: Aggregate, c: PolarsCompiler, mode: str, row: str) -> pl.Expr:
    """The polars form of an aggregate, with the same Kleene rules as the single-case evaluator.

    ``mode`` "eval": per-item expressions inside ``list.eval``; "over": the list exploded in a window over
    the row index ``row`` (other columns broadcast), items that are null structs left out.
    """
    lst = pl.col(agg.items.spec.id)
    value = c.expr(agg.value) if agg.value is not None else None
    where = c.expr(agg.where) if agg.where is not None else pl.lit(True)
    if mode == "eval":
        here = pl.element().is_not_null()

        def in_list(e: pl.Expr) -> pl.Expr:
            # the when/then spreads a constant over the items (an empty list stays empty)
            return lst.list.eval(pl.when(here).then(e).filter(here))

        def has(e: pl.Expr) -> pl.Expr:
            return in_list(e).list.any()

        def total(e: pl.Expr) -> pl.Expr:
            return in_list(e).list.sum()

        def extreme(e: pl.Expr, largest: bool) -> pl.Expr:
            kept = in_list(e)
            return kept.list.max() if largest else kept.list.min()
    else:
        valid = lst.explode().is_not_null()

        def items(e: pl.Expr) -> pl.Expr:
            # the when/then spreads a constant over the items; the filter drops the null of an empty list
            return pl.when(valid).then(e).filter(valid)

        def has(e: pl.Expr) -> pl.Expr:
            return items(e).any().over(row)

        def total(e: pl.Expr) -> pl.Expr:
            return items(e).sum().over(row)

        def extreme(e: pl.Expr, largest: bool) -> pl.Expr:
            kept = items(e)
            return (kept.max() if largest else kept.min()).over(row)

    unknown = pl.lit(None, dtype=pl.Boolean)
    if agg.kind in ("any", "all"):
        assert value is not None  # noqa: S101 -- narrows a type for mypy
        dominant = agg.kind == "any"
        decides = has((value if dominant else value.not_()).fill_null(False))
        open_ = has(value.is_null())
        out = (
            pl.when(lst.is_null()).then(unknown).when(decides).then(pl.lit(dominant))
            .when(open_).then(unknown).otherwise(pl.lit(not dominant))
        )  # fmt: skip
        return out
    bad_where = has(where.is_null())
    if agg.kind == "count":
        count = total(where.fill_null(False).cast(pl.Int64))
        return pl.when(lst.is_null() | bad_where).then(pl.lit(None, dtype=pl.Int64)).otherwise(count)
    assert value is not None  # noqa: S101 -- narrows a type for mypy
    bad = has(where.is_null() | (where.fill_null(True) & value.is_null()))
    taken = pl.when(where.fill_null(False)).then(value).otherwise(None)
    if agg.kind == "sum":
        zero = agg.zero()
        result = total(pl.when(where.fill_null(False)).then(value).otherwise(pl.lit(zero)))
        return pl.when(lst.is_null() | bad).then(None).otherwise(result)
    n = total(where.fill_null(False).cast(pl.Int64))
    empty = c.expr(agg.empty) if agg.empty is not None else pl.lit(None)
    return (
        pl.when(lst.is_null() | bad).then(None).when(n == 0).then(empty)
        .otherwise(extreme(taken, agg.kind == "max"))
    )  # fmt: skip
