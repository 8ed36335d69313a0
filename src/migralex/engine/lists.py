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

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from migralex.engine.expressions import Const, DecisionDate, Expr, FactRef, ItemRef, Param, lift, walk
from migralex.engine.facts import FactType
from migralex.engine.nodes import Node
from migralex.engine.values import Value

KINDS = ("any", "all", "count", "sum", "max", "min")


@dataclass(frozen=True, eq=False, repr=False, slots=True)
class Aggregate(Expr):
    """One aggregate over the items of a list fact; see the module docstring for its semantics."""

    kind: str
    items: FactRef
    value: Expr | None
    where: Expr | None
    empty: Expr | None = None

    def __post_init__(self) -> None:
        items = self.items
        if self.kind not in KINDS:
            raise ValueError(f"aggregate kind must be one of {KINDS}")
        if not isinstance(items, FactRef) or items.spec.type is not FactType.LIST:
            raise TypeError("an aggregate runs over a list fact (declared with fact_list)")
        for sub in (self.value, self.where):
            if sub is None:
                continue
            for e in walk(sub):
                if isinstance(e, ItemRef) and e.spec is not items.spec and e.spec.id != items.spec.id:
                    raise ValueError(
                        f"{e.spec.id}.{e.field} is read inside an aggregate over {items.spec.id}"
                    )

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

    def describe(self) -> str:
        parts = [self.items.describe()]
        if self.value is not None:
            parts.append(self.value.describe())
        if self.where is not None:
            parts.append(f"where {self.where.describe()}")
        if self.empty is not None:
            parts.append(f"empty = {self.empty.describe()}")
        return f"{self.kind}_items({', '.join(parts)})"


# --- structure the batch evaluators read ---------------------------------------------------------


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
