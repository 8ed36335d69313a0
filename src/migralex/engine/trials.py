"""Trial evaluations of one case, each the case with one more answer than a case already evaluated.

"What to ask next" (:mod:`migralex.engine.relevance`) evaluates a case's open results again for thousands
of answers tried. Each trial is made from an evaluated one (the case itself, or a trial) by one more
answer, so only the named nodes that can depend on that fact (:mod:`migralex.engine.dependencies`) are
evaluated again, and only while their inputs change: every other node keeps the value it had, which is
the value a fresh evaluation would give, since a node's value is a function of the facts it reads itself
and of the values of the nodes it reads (the date, the parameters and the reform being the same). Nodes
with no value yet are evaluated on demand from the open results down, as a fresh evaluation does; where
evaluating a node ahead of time raises, the trial is made the plain way, so it raises (an exception
conflict) exactly when a fresh evaluation would. ``tests/engine/test_ask_next.py`` checks the outcome
against a fresh evaluation of every trial.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from migralex.engine.backends.scalar import CompiledNode, NodeResult, Run, resolve
from migralex.engine.dependencies import DependencyIndex
from migralex.engine.errors import ExceptionConflictError
from migralex.engine.nodes import Node
from migralex.engine.parameters import ParameterResolver
from migralex.engine.values import Value

#: the results of a trial in which two exceptions of one priority apply
CONFLICT: tuple[Value, ...] = ("exception conflict",)


class _Known(NodeResult):
    """A node's value in a trial, and nothing else (no explanation is ever made of a trial)."""

    __slots__ = ()

    def __init__(self, node: Node, value: Value) -> None:
        self.node = node
        self.value = value


class TrialRun(Run):
    """A values-only evaluation for trials: each named node's value, without the explanation's records
    (facts and parameters read, sub-results, exception outcomes, labels)."""

    __slots__ = ()

    def node(self, node: Node) -> NodeResult:
        """The node's value (evaluated once per trial)."""
        target = self.replacements.get(node.id, node) if self.replacements else node
        result = self.memo.get(target.id)
        if result is None:
            result = self.memo[target.id] = _Known(target, self.value(target))
        return result

    def value(self, target: Node) -> Value:
        """Evaluate a (resolved) named node: its expression, then its exceptions."""
        compiled: CompiledNode | None = target._compiled
        if compiled is None:
            compiled = CompiledNode(target)
            object.__setattr__(target, "_compiled", compiled)
        if target.in_force is not None and target.in_force.out_of_force(self.date):
            return False
        base: Value = compiled.expr(self)
        if not compiled.unless:
            return base
        whens: dict[str, Value] = {}
        thens: dict[str, Value] = {}
        for u, when, then in compiled.unless:
            w = whens[u.id] = when(self)
            thens[u.id] = then(self) if w is not False else None
        if all(w is False for w in whens.values()):
            return base
        value: Value = resolve(target, base, whens, thens)
        return value


class Case:
    """An evaluated case: its facts and the named node results worked out for them (never changed once
    made: a trial on top of it works on copies)."""

    __slots__ = ("facts", "memo")

    def __init__(self, facts: dict[str, Value], memo: dict[str, NodeResult]) -> None:
        self.facts = facts
        self.memo = memo


class CaseTrials:
    """The values of ``targets`` for a case and for the case with answers added one at a time.

    A trial copies the parent's facts and node results, then goes through the nodes the new answer can
    change, children first (:meth:`DependencyIndex.plan`): a node is evaluated again when it reads the
    fact itself or when a node it reads changed value; otherwise it keeps its value. (A node it may read
    but has no result for was not read when its value was worked out: results are only ever dropped
    together with every node that reads them.) A node never evaluated is left to be evaluated on demand. If
    evaluating a node ahead of time fails (a node that the case no longer reaches may, say, have
    conflicting exceptions), the trial is made again the plain way: the nodes the fact can change are
    forgotten and the targets evaluated on demand.
    """

    __slots__ = ("index", "run", "target_ids", "targets")

    def __init__(
        self,
        facts: Mapping[str, Value],
        on: date,
        resolver: ParameterResolver,
        replacements: Mapping[str, Node] | None,
        targets: Sequence[Node],
        index: DependencyIndex,
    ) -> None:
        #: one values-only evaluation state, pointed at each trial's facts and results in turn
        self.run = TrialRun(dict(facts), on, resolver, replacements, explain=False)
        self.targets = tuple(targets)
        self.index = index

    def start(self) -> tuple[tuple[Value, ...], Case]:
        """The results on the case's own facts, and the evaluated case."""
        case = Case(dict(self.run.facts), {})
        return self._results(case), case

    def answer(self, parent: Case, fact: str, value: Value) -> tuple[tuple[Value, ...], Case]:
        """The results with ``fact`` answered ``value`` on top of ``parent``'s facts, and that case."""
        facts = parent.facts.copy()
        facts[fact] = value
        case = Case(facts, parent.memo.copy())
        if not self.index.reusable:
            case.memo = {}
        elif not self._update(case, parent, fact):
            case.memo = parent.memo.copy()
            for nid in self.index.affected(fact):
                case.memo.pop(nid, None)
        return self._results(case), case

    def _update(self, case: Case, parent: Case, fact: str) -> bool:
        """Bring ``case.memo`` (the parent's results) up to date for the new answer to ``fact``; False if
        a node could not be evaluated ahead of time."""
        run = self.run
        run.facts, run.memo = case.facts, case.memo
        memo = case.memo
        changed: set[str] = set()
        steps, last_reader = self.index.plan(fact)
        try:
            for i, (node, nid, reads_fact, inputs) in enumerate(steps):
                if not changed and i > last_reader:  # nothing left that reads the fact or a changed node
                    break
                old = memo.get(nid)
                if old is None:  # never evaluated: left to be evaluated on demand
                    continue
                if not reads_fact and changed.isdisjoint(inputs):
                    continue  # its inputs keep their values, so does it
                value = run.value(node)
                memo[nid] = _Known(node, value)
                if not _same(value, old.value):
                    changed.add(nid)
        except Exception:
            return False
        return True

    def _results(self, case: Case) -> tuple[Value, ...]:
        run = self.run
        run.facts, run.memo = case.facts, case.memo
        try:
            return tuple(run.node(n).value for n in self.targets)
        except ExceptionConflictError:
            return CONFLICT


def _same(a: Value, b: Value) -> bool:
    """The same value, of the same type (and for decimals, the same digits)."""
    if a is b:
        return True
    if a.__class__ is not b.__class__ or a != b:
        return False
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a.as_tuple() == b.as_tuple()
    return True
