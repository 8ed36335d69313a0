"""A named node's expression compiled to one Python function, its common sub-expressions written inline.

The single-case evaluator (:mod:`migralex.engine.backends.scalar`) compiles each expression to a
closure; a condition such as "birth date + 24 years <= decision date" is then a dozen closure calls per
case. :func:`inline` writes the whole expression of a named node as the straight-line body of one function
instead: fact and parameter reads, the decision date, comparisons, ``not``, ``all_of`` / ``any_of``,
code-set membership, month arithmetic and references to other named nodes are written out; any other
expression (lists, ``if_``, ``at_least``, rounding, ...) is called as its closure. The result, and what
is recorded for the explanation (facts and parameters read, in the order read), are the closures' own
(``tests/engine/test_inline.py``); the property tests and every law-readable case check the evaluators
agree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from migralex.engine import dates
from migralex.engine import expressions as ex
from migralex.engine.nodes import Node

#: not looked up yet (a parameter's value on a date may be None)
UNSEEN: Any = object()
_OPS = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "==": "==", "!=": "!="}

Fn = Callable[[Any], Any]


class _Writer:
    """The body being written: lines, the names it reads from its namespace, fresh temporaries."""

    def __init__(self, fallback: Callable[[ex.Expr], Fn]) -> None:
        self.fallback = fallback
        self.lines: list[str] = []
        self.names: dict[str, Any] = {"UNSEEN": UNSEEN}
        self.uses: set[str] = set()
        self.count = 0

    def temp(self) -> str:
        self.count += 1
        return f"v{self.count}"

    def name(self, value: Any) -> str:
        """A namespace name bound to ``value``."""
        self.count += 1
        key = f"k{self.count}"
        self.names[key] = value
        return key

    def put(self, line: str) -> None:
        self.lines.append("    " + line)

    def strict(self, operands: list[str], value: str) -> str:
        """``value`` (an expression of the operands), unknown when any operand is."""
        out = self.temp()
        test = " or ".join(f"{o} is None" for o in operands)
        self.put(f"{out} = None if {test} else {value}")
        return out

    def write(self, e: ex.Expr) -> str:
        """Lines computing ``e``; returns the name holding its value."""
        kind = type(e)
        if kind is ex.Const:
            assert isinstance(e, ex.Const)  # noqa: S101 -- narrows a type for mypy
            return self.name(e.value)
        if kind is ex.FactRef:
            assert isinstance(e, ex.FactRef)  # noqa: S101 -- narrows a type for mypy
            self.uses.add("facts")
            fid, out = self.name(e.spec.id), self.temp()
            self.put(f"{out} = facts.get({fid})")
            self.put(f"if rf is not None: rf[{fid}] = {out}")
            return out
        if kind is ex.Param and e.on is None:  # type: ignore[attr-defined]
            assert isinstance(e, ex.Param)  # noqa: S101 -- narrows a type for mypy
            self.uses.add("params")
            pid, out = self.name(e.id), self.temp()
            self.put(f"{out} = pvals.get({pid}, UNSEEN)")
            self.put(f"if {out} is UNSEEN: {out} = pvals[{pid}] = run.params.value_on({pid}, run.date)")
            self.put(f"if {out} is None or {out}.value is None: {out} = run.param({pid}).value")
            self.put("else:")
            self.put(f"    if rp is not None: rp[{pid}] = {out}")
            self.put(f"    {out} = {out}.value")
            return out
        if kind is ex.DecisionDate:
            out = self.temp()
            self.put(f"{out} = run.date")
            return out
        if kind is Node:
            out = self.temp()
            self.put(f"{out} = run.node({self.name(e)}).value")
            return out
        if kind is ex.Compare:
            assert isinstance(e, ex.Compare)  # noqa: S101 -- narrows a type for mypy
            a, b = self.write(e.a), self.write(e.b)
            return self.strict([a, b], f"{a} {_OPS[e.op]} {b}")
        if kind is ex.Not:
            assert isinstance(e, ex.Not)  # noqa: S101 -- narrows a type for mypy
            a = self.write(e.a)
            return self.strict([a], f"not {a}")
        if kind is ex.IsIn:
            assert isinstance(e, ex.IsIn)  # noqa: S101 -- narrows a type for mypy
            a, codes = self.write(e.a), self.write(e.codes)
            return self.strict([a, codes], f"{a} in {codes}")
        if kind is ex.AddMonths:
            assert isinstance(e, ex.AddMonths)  # noqa: S101 -- narrows a type for mypy
            d, n = self.write(e.d), self.write(e.n)
            fn, per, rule = self.name(dates.add_months), self.name(e.per), self.name(e.month_end)
            return self.strict([d, n], f"{fn}({d}, {n} * {per}, {rule})")
        if kind is ex.WholeMonths:
            assert isinstance(e, ex.WholeMonths)  # noqa: S101 -- narrows a type for mypy
            s, t = self.write(e.start), self.write(e.end)
            fn, per, rule = self.name(dates.whole_months_between), self.name(e.per), self.name(e.month_end)
            return self.strict([s, t], f"{fn}({s}, {t}, {rule}) // {per}")
        if kind is ex.AllOf or kind is ex.AnyOf:
            assert isinstance(e, ex.Junction)  # noqa: S101 -- narrows a type for mypy
            dominant = "True" if e.dominant else "False"
            out = self.temp()
            self.put(f"{out} = {not e.dominant}")
            for item in e.items:  # every item evaluated: the explanation shows every condition
                v = self.write(item)
                self.put(f"if {v} is {dominant}: {out} = {dominant}")
                self.put(f"elif {v} is None and {out} is not {dominant}: {out} = None")
            return out
        out = self.temp()
        self.put(f"{out} = {self.name(self.fallback(e))}(run)")
        return out


def inline(e: ex.Expr, fallback: Callable[[ex.Expr], Fn], label: str = "node") -> Fn:
    """One function ``fn(run) -> value`` computing ``e`` (``fallback`` compiles what is not written out)."""
    w = _Writer(fallback)
    result = w.write(e)
    head = ["    rf = run.cur_facts", "    rp = run.cur_params"]
    if "facts" in w.uses:
        head.append("    facts = run.facts")
    if "params" in w.uses:
        head.append("    pvals = run.pvals")
    source = "\n".join(["def evaluate(run):", *head, *w.lines, f"    return {result}", ""])
    namespace = dict(w.names)
    exec(compile(source, f"<migralex inline {label}>", "exec"), namespace)  # noqa: S102 -- our own code
    fn: Fn = namespace["evaluate"]
    return fn
