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

Item expressions may read the item's fields, constants, parameters and the decision date. In the batch
evaluator the list is a polars ``List(Struct)`` column.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from migralex.engine.expressions import Const, Expr, FactRef, ItemRef, lift, walk
from migralex.engine.facts import FactType
from migralex.engine.values import Value

if TYPE_CHECKING:
    import polars as pl

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
