"""Which named nodes a fact can change: the dependency index behind incremental trial evaluations.

The value of a named node on one case is a function of the facts its own expression and exceptions read
and of the values of the named nodes they read (the decision date, the parameters and the reform being
the same for every trial of a case). :func:`dependency_index` records both for every node and inverts
them: for each fact, the nodes whose value may differ when only that fact's answer differs, children
before parents (:mod:`migralex.engine.trials` re-evaluates those, and only while their inputs change).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from migralex.engine.expressions import Expr, FactRef
from migralex.engine.lists import Aggregate
from migralex.engine.nodes import Node


class Step(NamedTuple):
    """A node that one fact can change: whether the node reads the fact itself, and which of the nodes it
    reads the fact can change (its inputs to check)."""

    node: Node
    id: str
    reads_fact: bool
    changed_inputs: tuple[str, ...]


@dataclass(frozen=True)
class DependencyIndex:
    """For each fact id, the named nodes (as evaluated: after a reform's replacements) whose value can
    depend on it, children before parents."""

    plans: dict[str, tuple[tuple[Step, ...], int]]
    #: False when node values cannot be carried from one case to another: a named node read inside an
    #: aggregate over a list (its value may depend on the item looked at) or replaced twice over
    reusable: bool = True

    def affected(self, fact_id: str) -> frozenset[str]:
        """Ids of the nodes whose value may change when only ``fact_id``'s answer changes."""
        return frozenset(s.id for s in self.plan(fact_id)[0])

    def plan(self, fact_id: str) -> tuple[tuple[Step, ...], int]:
        """The nodes ``fact_id`` can change, children before parents, and the position of the last one
        that reads the fact itself (-1 if none)."""
        return self.plans.get(fact_id, _NO_PLAN)


def dependency_index(roots: Iterable[Node], resolve: Callable[[Node], Node] | None = None) -> DependencyIndex:
    """The dependency index of the named nodes reachable from ``roots`` (``resolve``: a reform's
    replacement of each node, as the evaluators apply it)."""
    reads: dict[str, tuple[Node, set[str], set[str]]] = {}  # id -> node, facts read, nodes read
    reusable = True
    stack = [resolve(r) if resolve else r for r in roots]
    while stack:
        node = stack.pop()
        if node.id in reads:
            continue
        if resolve is not None and resolve(node) is not node:
            reusable = False
        facts: set[str] = set()
        nodes: set[str] = set()
        reads[node.id] = (node, facts, nodes)
        for expr, inside in _own(node.children()):
            if isinstance(expr, Node):
                reusable = reusable and not inside
                child = resolve(expr) if resolve else expr
                nodes.add(child.id)
                stack.append(child)
            elif isinstance(expr, FactRef):
                facts.add(expr.spec.id)
    order = _children_first(reads)
    closed: dict[str, frozenset[str]] = {}
    for nid in order:
        _, facts, nodes = reads[nid]
        closed[nid] = frozenset(facts.union(*(closed.get(c, frozenset()) for c in nodes)))
    plans: dict[str, list[Step]] = {}
    for nid in order:
        node, facts, nodes = reads[nid]
        for fid in closed[nid]:
            inputs = tuple(sorted(c for c in nodes if fid in closed.get(c, frozenset())))
            plans.setdefault(fid, []).append(Step(node, nid, fid in facts, inputs))
    return DependencyIndex({fid: _with_last_reader(steps) for fid, steps in plans.items()}, reusable)


_NO_PLAN: tuple[tuple[Step, ...], int] = ((), -1)


def _with_last_reader(steps: list[Step]) -> tuple[tuple[Step, ...], int]:
    readers = [i for i, s in enumerate(steps) if s.reads_fact]
    return tuple(steps), readers[-1] if readers else -1


def _own(exprs: Iterable[Expr]) -> Iterable[tuple[Expr, bool]]:
    """The sub-expressions of a node's own expressions, stopping at other named nodes (which are
    yielded), each with whether it lies inside an aggregate."""
    stack = [(e, False) for e in exprs]
    while stack:
        e, inside = stack.pop()
        yield e, inside
        if isinstance(e, Node):
            continue
        inner = inside or isinstance(e, Aggregate)
        stack.extend((c, inner) for c in e.children())


def _children_first(reads: dict[str, tuple[Node, set[str], set[str]]]) -> list[str]:
    """The node ids in post-order: every node after the nodes it reads (a cycle, which the evaluators
    reject, is cut where it closes)."""
    order: list[str] = []
    done: set[str] = set()
    entered: set[str] = set()
    for start in sorted(reads):
        stack: list[tuple[str, bool]] = [(start, False)]
        while stack:
            n, expanded = stack.pop()
            if n in done:
                continue
            if expanded:
                done.add(n)
                order.append(n)
                continue
            if n in entered:
                continue
            entered.add(n)
            stack.append((n, True))
            stack.extend((c, False) for c in sorted(reads[n][2]) if c not in done)
    return order
