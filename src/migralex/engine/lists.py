"""Aggregates over list facts: any / all / count / sum / max / min of the items of a list.

A list fact (:func:`~migralex.engine.expressions.fact_list`) holds records; ``LIST.item("field")`` reads a
field of the item being looked at. Each aggregate takes the list and expressions over its items::

    SENTENCES = fact_list("person.sentences", "Sentences", item={
        "months": FactType.INT, "suspended": FactType.BOOL})
    any_of_items(SENTENCES, SENTENCES.item("months") >= param("uk.deportation.sentence_months"))
    all_of_items(SENTENCES, SENTENCES.item("suspended"))
    count_items(SENTENCES, where=not_(SENTENCES.item("suspended")))
    sum_items(SENTENCES, SENTENCES.item("months"))
    max_items(SENTENCES, SENTENCES.item("months"), empty=0)

Unknowns (Kleene, as everywhere): an unknown list (``null``) makes every aggregate unknown. An unknown
field decides nothing on its own: ``any`` is true as soon as one item is true, false only when every item is
false; ``all`` dually; ``count``/``sum``/``max``/``min`` are unknown when any item they may include (``where``
unknown or true) has an unknown value. Empty lists: ``any`` false, ``all`` true, ``count`` and ``sum`` 0,
``max``/``min`` the ``empty`` value (unknown when not given).

Item expressions may read the item's fields and anything else a rule reads (constants, parameters, the
decision date, other facts, named conditions); aggregates do not nest. In the batch evaluator the list is a
polars ``List(Struct)`` column: item expressions that read only the item, constants and (with one decision
date) parameters compile inside ``list.eval``; others explode the list in a window over the row index.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import polars as pl

from migralex.engine.expressions import Const, DecisionDate, Expr, FactRef, ItemRef, Param, lift, walk
from migralex.engine.facts import FactType
from migralex.engine.nodes import Node
from migralex.engine.values import Value

if TYPE_CHECKING:
    from migralex.engine.batch import Compiler
    from migralex.engine.scalar import Run

KINDS = ("any", "all", "count", "sum", "max", "min")


class Aggregate(Expr):
    """One aggregate over the items of a list fact; see the module docstring for its semantics."""

    __slots__ = ("empty", "items", "kind", "value", "where")

    def __init__(
        self, kind: str, items: FactRef, value: Expr | None, where: Expr | None, empty: Expr | None = None
    ) -> None:
        if kind not in KINDS:
            raise ValueError(f"aggregate kind must be one of {KINDS}")
        if not isinstance(items, FactRef) or items.spec.type is not FactType.LIST:
            raise TypeError("an aggregate runs over a list fact (declared with fact_list)")
        for sub in (value, where):
            if sub is None:
                continue
            for e in walk(sub):
                if isinstance(e, ItemRef) and e.spec is not items.spec and e.spec.id != items.spec.id:
                    raise ValueError(
                        f"{e.spec.id}.{e.field} is read inside an aggregate over {items.spec.id}"
                    )
        self.kind, self.items, self.value, self.where, self.empty = kind, items, value, where, empty

    def children(self) -> Sequence[Expr]:
        return tuple(e for e in (self.items, self.value, self.where, self.empty) if e is not None)

    def zero(self) -> Value:
        """The sum of no items: 0 of the value's type."""
        if (
            isinstance(self.value, ItemRef)
            and self.items.spec.item[self.value.field].type is FactType.DECIMAL
        ):
            return Decimal(0)
        return 0

    # --- single case -----------------------------------------------------------------------------
    def _each(self, run: Run, records: tuple[Any, ...], expr: Expr) -> list[Value]:
        key = self.items.spec.id
        saved = run.items.get(key)
        out: list[Value] = []
        try:
            for record in records:
                run.items[key] = record
                out.append(expr.ev(run))
        finally:
            if saved is None:
                run.items.pop(key, None)
            else:
                run.items[key] = saved
        return out

    def ev(self, run: Run) -> Value:
        records = self.items.ev(run)
        if records is None:
            return None
        assert isinstance(records, tuple)
        if self.kind in ("any", "all"):
            assert self.value is not None
            tests = self._each(run, records, self.value)
            dominant = self.kind == "any"
            if any(t is dominant for t in tests):
                return dominant
            return None if any(t is None for t in tests) else not dominant
        wheres = self._each(run, records, self.where) if self.where is not None else [True] * len(records)
        if self.kind == "count":
            return None if any(w is None for w in wheres) else sum(1 for w in wheres if w)
        assert self.value is not None
        values = self._each(run, records, self.value)
        included: list[Any] = []
        for w, v in zip(wheres, values, strict=True):
            if w is False:
                continue
            if w is None or v is None:
                return None
            included.append(v)
        if self.kind == "sum":
            total: Any = self.zero()
            for v in included:
                total = total + v
            return total  # type: ignore[no-any-return]
        if not included:
            return None if self.empty is None else self.empty.ev(run)
        result: Value = max(included) if self.kind == "max" else min(included)
        return result

    def missing(self, run: Run) -> Iterator[str]:
        # an unknown list, or an unknown field of one of its items: the list is what to complete
        yield self.items.spec.id

    def pl(self, c: Compiler) -> pl.Expr:
        return c.aggregate(self)

    def describe(self) -> str:
        parts = [self.items.describe()]
        if self.value is not None:
            parts.append(self.value.describe())
        if self.where is not None:
            parts.append(f"where {self.where.describe()}")
        if self.empty is not None:
            parts.append(f"empty = {self.empty.describe()}")
        return f"{self.kind}_items({', '.join(parts)})"


# --- batch ---------------------------------------------------------------------------------------


def element_only(agg: Aggregate, fixed_date: bool) -> bool:
    """True when the item expressions read only the item, constants and (with a fixed date) parameters and
    the decision date: then they compile inside ``list.eval`` (fast); otherwise a window over the row."""
    for sub in (agg.value, agg.where):
        if sub is None:
            continue
        for e in walk(sub):
            if isinstance(e, FactRef | Aggregate | Node):
                return False
            if isinstance(e, Param | DecisionDate) and not fixed_date:
                return False
            if isinstance(e, Param) and e.on is not None:
                return False
    return True


def compile_aggregate(agg: Aggregate, c: Compiler, mode: str, row: str) -> pl.Expr:
    """The polars form of an aggregate, with the same Kleene rules as :meth:`Aggregate.ev`.

    ``mode`` "eval": per-item expressions inside ``list.eval``; "over": the list exploded in a window over
    the row index ``row`` (other columns broadcast), items that are null structs left out.
    """
    lst = pl.col(agg.items.spec.id)
    value = agg.value.pl(c) if agg.value is not None else None
    where = agg.where.pl(c) if agg.where is not None else pl.lit(True)
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
        assert value is not None
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
    assert value is not None
    bad = has(where.is_null() | (where.fill_null(True) & value.is_null()))
    taken = pl.when(where.fill_null(False)).then(value).otherwise(None)
    if agg.kind == "sum":
        zero = agg.zero()
        result = total(pl.when(where.fill_null(False)).then(value).otherwise(pl.lit(zero)))
        return pl.when(lst.is_null() | bad).then(None).otherwise(result)
    n = total(where.fill_null(False).cast(pl.Int64))
    empty = agg.empty.pl(c) if agg.empty is not None else pl.lit(None)
    return (
        pl.when(lst.is_null() | bad).then(None).when(n == 0).then(empty)
        .otherwise(extreme(taken, agg.kind == "max"))
    )  # fmt: skip


def any_of_items(items: FactRef, test: Any) -> Aggregate:
    """True when the test holds for at least one item (false for an empty list)."""
    return Aggregate("any", items, lift(test), None)


def all_of_items(items: FactRef, test: Any) -> Aggregate:
    """True when the test holds for every item (true for an empty list)."""
    return Aggregate("all", items, lift(test), None)


def count_items(items: FactRef, where: Any = None) -> Aggregate:
    """How many items there are (that satisfy ``where``)."""
    return Aggregate("count", items, None, None if where is None else lift(where))


def sum_items(items: FactRef, value: Any, where: Any = None) -> Aggregate:
    """The sum of ``value`` over the items (that satisfy ``where``); 0 for none."""
    return Aggregate("sum", items, lift(value), None if where is None else lift(where))


def max_items(items: FactRef, value: Any, where: Any = None, empty: Any = None) -> Aggregate:
    """The largest ``value`` over the items (that satisfy ``where``); ``empty`` when there are none."""
    return Aggregate("max", items, lift(value), None if where is None else lift(where), _opt(empty))


def min_items(items: FactRef, value: Any, where: Any = None, empty: Any = None) -> Aggregate:
    """The smallest ``value`` over the items (that satisfy ``where``); ``empty`` when there are none."""
    return Aggregate("min", items, lift(value), None if where is None else lift(where), _opt(empty))


def _opt(x: Any) -> Const | Expr | None:
    return None if x is None else lift(x)
