"""The shared base of the batch compilers (polars, Spark): named nodes as columns in dependency layers.

A batch back-end turns the plain-data rule tree into column expressions of its own library. What every such
compiler shares lives here: the scenario (baseline or a reform: replacements, parameters, a column prefix),
each named node compiled once and referred to by column afterwards (common sub-trees shared), the node's
dependency depth, so that independent nodes sit in one layer and run side by side, the values known when
the program is compiled (constants; parameters when the decision date is fixed), and the rewriting of date
comparisons against a fixed date into one threshold comparison (:mod:`migralex.engine.thresholds`).

A back-end subclasses :class:`LayeredCompiler` and implements the hooks: :meth:`expr` (one expression),
:meth:`ref` and :meth:`named` (a column by name, an expression given a name), :meth:`exceptions` (a node's
exceptions applied, with a conflict flag), :meth:`window_gate` (false outside a window) and
:meth:`date_test` (a :class:`~migralex.engine.thresholds.DateWindow`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, Protocol, TypeVar

from migralex.engine import expressions as ex
from migralex.engine import thresholds
from migralex.engine.facts import FactSpec
from migralex.engine.meta import InForce
from migralex.engine.nodes import Node
from migralex.engine.parameters import ParameterResolver, ParameterSet
from migralex.engine.values import Value

#: the name of the scenario without a reform
BASELINE = "baseline"

C = TypeVar("C")


class _Pack(Protocol):
    @property
    def parameters(self) -> ParameterSet: ...


class Program(Protocol):
    """What a compiler reads of a program (:class:`migralex.engine.program.Program`)."""

    @property
    def id(self) -> str: ...
    @property
    def root(self) -> Node: ...
    @property
    def outputs(self) -> Mapping[str, Node]: ...
    @property
    def pack(self) -> _Pack | None: ...
    def roots(self) -> Sequence[Node]: ...


class Reform(Protocol):
    """What a compiler reads of a reform (:class:`migralex.engine.program.Reform`)."""

    @property
    def id(self) -> str: ...
    @property
    def replacements(self) -> Mapping[str, Node]: ...
    @property
    def parameters(self) -> ParameterSet: ...
    @property
    def activate_proposed(self) -> tuple[str, ...]: ...
    def applies_to(self, program: Any) -> bool: ...


@dataclass
class Scenario:
    """A named way to evaluate: the baseline pack, or the pack under a reform."""

    name: str
    reform: Reform | None = None


def scenarios_for(program: Program, reforms: Iterable[Reform], include_baseline: bool) -> list[Scenario]:
    """The baseline (if asked) and one scenario per reform; a reform for another program is an error."""
    scenarios = ([Scenario(BASELINE)] if include_baseline else []) + [Scenario(r.id, r) for r in reforms]
    if not scenarios:
        raise ValueError("nothing to evaluate: no baseline and no reform")
    for sc in scenarios:
        if sc.reform is not None and not sc.reform.applies_to(program):
            raise ValueError(f"reform {sc.reform.id} does not apply to {program.id}")
    return scenarios


class LayeredCompiler(Generic[C]):
    """Compiles one program under one scenario to column expressions of type ``C``, node by node."""

    def __init__(
        self,
        program: Program,
        resolver: ParameterResolver,
        *,
        on: date | None,
        date_column: str | None,
        replacements: Mapping[str, Node] | None = None,
        prefix: str = "",
    ) -> None:
        if (on is None) == (date_column is None):
            raise ValueError("give exactly one of a decision date or a date column")
        self.program = program
        self.resolver = resolver
        self.on = on
        self.date_column = date_column
        self.replacements = replacements or {}
        self.prefix = prefix
        #: column name -> (dependency depth, named expression)
        self.columns: dict[str, tuple[int, C]] = {}
        #: (node id, conflict flag) for each node with exceptions
        self.conflicts: list[tuple[str, C]] = []
        self.facts: dict[str, FactSpec] = {}
        self._depth: list[int] = []

    # --- hooks of a back-end -------------------------------------------------------------------------
    def expr(self, e: ex.Expr) -> C:
        """The column expression of one (unnamed) expression."""
        raise NotImplementedError

    def ref(self, name: str) -> C:
        """A column by name."""
        raise NotImplementedError

    def named(self, value: C, name: str) -> C:
        """``value`` as a column called ``name``."""
        raise NotImplementedError

    def exceptions(self, node: Node, base: C, whens: dict[str, C], thens: dict[str, C]) -> tuple[C, C | None]:
        """The node's value after its exceptions (by :meth:`Node.levels`), and a conflict flag (None where
        no conflict is possible: no two exceptions share a level)."""
        raise NotImplementedError

    def window_gate(self, window: InForce, value: C) -> C:
        """``value`` where the decision date lies inside ``window``, false elsewhere."""
        raise NotImplementedError

    def date_test(self, column: C, window: thresholds.DateWindow) -> C:
        """A date column tested against a window of dates."""
        raise NotImplementedError

    # --- shared ------------------------------------------------------------------------------------
    def target(self, node: Node) -> Node:
        """The node, or the scenario's replacement for it."""
        return self.replacements.get(node.id, node)

    def column_name(self, node_id: str) -> str:
        """Column holding a node's value in this scenario."""
        return f"{self.prefix}{node_id}"

    def fact_spec(self, spec: FactSpec) -> None:
        """Record a fact the program reads (the population is prepared with its type)."""
        self.facts.setdefault(spec.id, spec)

    def node(self, node: Node) -> C:
        """Compile a named node once (shared by every reader); refer to it by column."""
        target = self.target(node)
        name = self.column_name(target.id)
        if name not in self.columns:
            self._depth.append(0)
            value = self.expr(target.expr)
            if target.unless:
                whens = {u.id: self.expr(u.when) for u in target.unless}
                thens = {u.id: self.expr(u.then) for u in target.unless}
                value, conflict = self.exceptions(target, value, whens, thens)
                if conflict is not None:
                    self.conflicts.append((target.id, conflict))
            if target.in_force is not None:  # outside its window the route does not exist: false
                value = self.window_gate(target.in_force, value)
            depth = self._depth.pop() + 1
            self.columns[name] = (depth, self.named(value, name))
        depth = self.columns[name][0]
        if self._depth:
            self._depth[-1] = max(self._depth[-1], depth)
        return self.ref(name)

    def layers(self) -> list[list[C]]:
        """Node columns grouped by dependency depth (a layer reads only columns of earlier layers)."""
        by: dict[int, list[C]] = {}
        for depth, value in self.columns.values():
            by.setdefault(depth, []).append(value)
        return [by[d] for d in sorted(by)]

    def compile_roots(self) -> None:
        """Compile the program's root and outputs (and everything they read)."""
        for root in self.program.roots():
            self.node(root)

    def root_column(self) -> str:
        """The column of the root condition in this scenario."""
        return self.column_name(self.target(self.program.root).id)

    def output_columns(self) -> dict[str, str]:
        """Output name -> the column of its node in this scenario."""
        return {name: self.column_name(self.target(n).id) for name, n in self.program.outputs.items()}

    def static(self, e: ex.Expr) -> Value:
        """The value of a constant, or of a parameter when the decision date is fixed; else ``None``."""
        if isinstance(e, ex.Const):
            return e.value
        if isinstance(e, ex.DecisionDate):
            return self.on
        if isinstance(e, ex.Param) and e.on is None and self.on is not None:
            pv = self.resolver.value_on(e.id, self.on)
            return None if pv is None else pv.value
        return None

    def threshold(self, e: ex.Compare) -> C | None:
        """With a fixed decision date, a date-shift comparison becomes one date comparison."""
        for shifted, other, op in ((e.a, e.b, e.op), (e.b, e.a, thresholds.flip(e.op))):
            bound = self.static(other)
            if bound is None:
                continue
            try:
                if (
                    isinstance(shifted, ex.AddMonths)
                    and isinstance(bound, date)
                    and self.static(shifted.d) is None
                ):
                    n = self.static(shifted.n)
                    if isinstance(n, int):
                        window = thresholds.shifted_window(n * shifted.per, shifted.month_end, op, bound)
                        return self.date_test(self.expr(shifted.d), window)
                if (
                    isinstance(shifted, ex.WholeMonths)
                    and isinstance(bound, int)
                    and not isinstance(bound, bool)
                    and self.static(shifted.start) is None
                ):
                    end = self.static(shifted.end)
                    if isinstance(end, date):
                        window = thresholds.whole_months_window(
                            end, shifted.per, shifted.month_end, op, bound
                        )
                        return self.date_test(self.expr(shifted.start), window)
            except (OverflowError, ValueError):  # dates out of range: the general path
                return None
        return None


CompilerT = TypeVar("CompilerT", bound=LayeredCompiler)  # type: ignore[type-arg]


def compile_scenarios(
    make: Callable[..., CompilerT],
    program: Program,
    scenarios: Sequence[Scenario],
    *,
    on: date | None,
    date_column: str | None,
) -> list[CompilerT]:
    """One compiler per scenario (``make`` builds it); columns prefixed ``name/`` when there are several."""
    pack = program.pack
    assert pack is not None  # noqa: S101 -- narrows a type for mypy
    out = []
    for sc in scenarios:
        c = make(
            program,
            ParameterResolver(pack.parameters, sc.reform),
            on=on,
            date_column=date_column,
            replacements=sc.reform.replacements if sc.reform else None,
            prefix=f"{sc.name}/" if len(scenarios) > 1 else "",
        )
        c.compile_roots()
        out.append(c)
    return out
