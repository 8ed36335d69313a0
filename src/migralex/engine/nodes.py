"""Named nodes: conditions and computations with a label, a citation and labelled exceptions.

A condition is the unit of legal reasoning: it has an id, a plain-English label, the provision it encodes,
an expression, and optionally *exceptions* ("unless ..." branches, Catala's lesson). An exception has a
priority; when its test holds, its value replaces the default. Two exceptions of the same priority that both
apply are a conflict error, never a silent pick.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import polars as pl
from polars import Expr as PlExpr

from migralex.engine.citations import Citation
from migralex.engine.errors import ExceptionConflictError
from migralex.engine.expressions import Const, Expr, lift
from migralex.engine.meta import ConditionTag, InForce, as_tags
from migralex.engine.values import Value

if TYPE_CHECKING:
    from migralex.engine.batch import Compiler
    from migralex.engine.scalar import Run


@dataclass(frozen=True, eq=False)
class Unless:
    """A labelled exception: when ``when`` holds, the node takes the value ``then`` (by default: true)."""

    id: str
    label: str
    citation: Citation
    when: Expr
    then: Expr = Const(True)  # noqa: RUF009 - constants are immutable
    priority: int = 1


class _Conflict:
    """Marker for "two exceptions of one priority apply" while resolving a node."""


CONFLICT = _Conflict()


class Node(Expr):
    """A named condition (boolean) or computation (a value such as an amount or a date)."""

    named: ClassVar[bool] = True

    __slots__ = (
        "_formula",
        "citation",
        "expr",
        "gate",
        "id",
        "in_force",
        "kind",
        "label",
        "tags",
        "unit",
        "unless",
    )

    def __init__(
        self,
        node_id: str,
        label: str,
        citation: Citation,
        expr: Expr,
        *,
        unless: Sequence[Unless] = (),
        kind: str = "condition",
        unit: str = "",
        tags: Iterable[ConditionTag | str] = (),
        in_force: InForce | None = None,
        gate: bool = False,
    ) -> None:
        if not isinstance(citation, Citation):
            raise TypeError(f"node {node_id}: citation must be a Citation")
        try:
            self.tags: frozenset[ConditionTag] = as_tags(tags)
        except ValueError as exc:
            raise ValueError(f"node {node_id}: {exc}") from None
        if in_force is not None and kind != "condition":
            raise ValueError(f"node {node_id}: only a condition can have an in-force window")
        self.in_force = in_force
        #: a condition that selects a route ("applies as the sponsor's child"): see :func:`condition`
        self.gate = gate
        self.id = node_id
        self.label = label
        self.citation = citation
        self.expr = expr
        self.unless = tuple(unless)
        self.kind = kind
        self.unit = unit
        self._formula: str | None = None

    def formula(self) -> str:
        """The node's expression as readable text (computed once)."""
        if self._formula is None:
            self._formula = self.expr.describe()
        return self._formula

    def children(self) -> Sequence[Expr]:
        out: list[Expr] = [self.expr]
        for u in self.unless:
            out.extend((u.when, u.then))
        return out

    def describe(self) -> str:
        return self.id

    def ev(self, run: Run) -> Value:
        return run.node(self).value

    def pl(self, c: Compiler) -> pl.Expr:
        return c.node(self)

    def missing(self, run: Run) -> Iterator[str]:
        node = run.resolve(self)
        result = run.node(node)
        if result.value is not None:
            return
        if result.base is None:
            yield from node.expr.missing(run)
        for u in node.unless:
            w = u.when.ev(run)
            if w is None:
                yield from u.when.missing(run)
            elif w and u.then.ev(run) is None:
                yield from u.then.missing(run)

    # --- exception resolution, shared shape for both evaluators ---------------------------------------
    def levels(self) -> list[list[Unless]]:
        """Exceptions grouped by priority, lowest priority first."""
        by: dict[int, list[Unless]] = {}
        for u in self.unless:
            by.setdefault(u.priority, []).append(u)
        return [by[p] for p in sorted(by)]

    def resolve_scalar(self, base: Value, whens: dict[str, Value], thens: dict[str, Value]) -> Value:
        """Apply the exceptions to the default value ``base`` (Kleene-aware, conflicts raise)."""
        value: Value | _Conflict = base
        for level in self.levels():
            true = [u for u in level if whens[u.id] is True]
            unknown = [u for u in level if whens[u.id] is None]
            if len(true) >= 2:
                value = CONFLICT
            elif len(true) == 1:
                value = thens[true[0].id] if not unknown else None
            elif len(unknown) == 1 and not isinstance(value, _Conflict) and value is not None:
                if thens[unknown[0].id] != value:
                    value = None
            elif unknown:
                value = None
        if isinstance(value, _Conflict):
            applying = [u.id for u in self.unless if whens[u.id] is True]
            raise ExceptionConflictError(self.id, applying)
        return value

    def resolve_polars(
        self, base: PlExpr, whens: dict[str, PlExpr], thens: dict[str, PlExpr]
    ) -> tuple[PlExpr, PlExpr]:
        """Vectorised :meth:`resolve_scalar`: returns (value, conflict flag)."""
        value = base
        conflict: PlExpr = pl.lit(False)
        for level in self.levels():
            if len(level) == 1:
                # one exception at this level: it applies, may apply, or does not
                w, then = whens[level[0].id], thens[level[0].id]
                value = (
                    pl.when(w)
                    .then(then)
                    .when(w.is_null() & conflict.not_() & (then == value))
                    .then(value)
                    .when(w.is_null())
                    .then(None)
                    .otherwise(value)
                )
                conflict = w.eq_missing(False) & conflict
                continue
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


def condition(
    node_id: str,
    label: str,
    citation: Citation,
    expr: Any,
    *,
    unless: Sequence[Unless] = (),
    tags: Iterable[ConditionTag | str] = (),
    in_force: InForce | None = None,
    gate: bool = False,
) -> Node:
    """A named boolean condition.

    ``label`` may name parameters as ``{param:ID}`` (see :mod:`migralex.engine.labels`); ``tags`` say what
    the condition is about (:class:`~migralex.engine.meta.ConditionTag`); ``in_force`` limits when the
    condition (a route, a bar) exists: outside its window the condition is false, citing why.

    ``gate=True`` marks a condition that selects a route (e.g. "the applicant applies as the sponsor's
    child"): an alternative of an ``any_of`` that fails on a false gate *does not apply* to the case, so
    its conditions are not reasons for refusal (:meth:`Decision.deciding_failures`).
    """
    return Node(
        node_id,
        label,
        citation,
        lift(expr),
        unless=unless,
        kind="condition",
        tags=tags,
        in_force=in_force,
        gate=gate,
    )


def computation(
    node_id: str,
    label: str,
    citation: Citation,
    expr: Any,
    *,
    unit: str = "",
    unless: Sequence[Unless] = (),
    tags: Iterable[ConditionTag | str] = (),
) -> Node:
    """A named value (an amount with its currency in ``unit``, a date, a number of years, a code)."""
    return Node(node_id, label, citation, lift(expr), unless=unless, kind="computation", unit=unit, tags=tags)


def unless(
    exc_id: str, label: str, citation: Citation, when: Expr, then: Any = True, priority: int = 1
) -> Unless:
    """A labelled exception for :func:`condition` or :func:`computation`."""
    return Unless(exc_id, label, citation, when, lift(then), priority)
