"""Named nodes: conditions and computations with a label, a citation and labelled exceptions.

A condition is the unit of legal reasoning: it has an id, a plain-English label, the provision it encodes,
an expression, and optionally *exceptions* ("unless ..." branches, Catala's lesson). An exception has a
priority; when its test holds, its value replaces the default. Two exceptions of the same priority that both
apply are a conflict error, never a silent pick. Nodes are plain data; the evaluators live in
:mod:`migralex.engine.backends`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from migralex.engine.citations import Citation
from migralex.engine.expressions import Const, Expr, lift
from migralex.engine.meta import ConditionTag, InForce, as_tags


@dataclass(frozen=True, eq=False)
class Unless:
    """A labelled exception: when ``when`` holds, the node takes the value ``then`` (by default: true)."""

    id: str
    label: str
    citation: Citation
    when: Expr
    then: Expr = Const(True)  # noqa: RUF009 - constants are immutable
    priority: int = 1


@dataclass(frozen=True, eq=False, repr=False, slots=True)
class Node(Expr):
    """A named condition (boolean) or computation (a value such as an amount or a date): plain data.

    Its value is worked out by the evaluators (:mod:`migralex.engine.backends`); exceptions resolve by
    priority level (:meth:`levels`), and two applying exceptions of one level are a conflict error.
    """

    id: str
    label: str
    citation: Citation
    expr: Expr
    unless: tuple[Unless, ...] = ()
    kind: str = "condition"
    unit: str = ""
    tags: frozenset[ConditionTag] = frozenset()
    in_force: InForce | None = None
    #: a condition that selects a route ("applies as the sponsor's child"): see :func:`condition`
    gate: bool = False
    _formula: str | None = field(default=None, init=False)
    _levels: tuple[tuple[Unless, ...], ...] | None = field(default=None, init=False)
    #: the single-case evaluator's compiled form (see :mod:`migralex.engine.backends.scalar`), made once
    _compiled: Any = field(default=None, init=False)
    named: ClassVar[bool] = True

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
            checked = as_tags(tags)
        except ValueError as exc:
            raise ValueError(f"node {node_id}: {exc}") from None
        if in_force is not None and kind != "condition":
            raise ValueError(f"node {node_id}: only a condition can have an in-force window")
        for name, value in (
            ("id", node_id),
            ("label", label),
            ("citation", citation),
            ("expr", expr),
            ("unless", tuple(unless)),
            ("kind", kind),
            ("unit", unit),
            ("tags", checked),
            ("in_force", in_force),
            ("gate", gate),
            ("_formula", None),
            ("_levels", None),
            ("_compiled", None),
        ):
            object.__setattr__(self, name, value)

    def formula(self) -> str:
        """The node's expression as readable text (computed once)."""
        if self._formula is None:
            object.__setattr__(self, "_formula", self.expr.describe())
        assert self._formula is not None  # noqa: S101 -- narrows a type for mypy
        return self._formula

    def children(self) -> Sequence[Expr]:
        out: list[Expr] = [self.expr]
        for u in self.unless:
            out.extend((u.when, u.then))
        return out

    def describe(self) -> str:
        return self.id

    def levels(self) -> tuple[tuple[Unless, ...], ...]:
        """Exceptions grouped by priority, lowest priority first (the shape every evaluator resolves)."""
        if self._levels is None:
            by: dict[int, list[Unless]] = {}
            for u in self.unless:
                by.setdefault(u.priority, []).append(u)
            object.__setattr__(self, "_levels", tuple(tuple(by[p]) for p in sorted(by)))
        assert self._levels is not None  # noqa: S101 -- narrows a type for mypy
        return self._levels


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
