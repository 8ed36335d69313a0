"""The single-case evaluator: plain Python over the plain-data nodes, with the full explanation tree.

Each expression type has one function here (``EVALUATORS``), chosen by the node's type; Kleene three-valued
logic throughout (``None`` = unknown). :func:`missing` walks an unknown result for the facts that keep it
unknown (what to ask next).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Any

from migralex.engine import dates
from migralex.engine import expressions as ex
from migralex.engine.backends.inline import UNSEEN, inline
from migralex.engine.citations import Citation
from migralex.engine.encoding import PLAIN, Encoder
from migralex.engine.errors import ExceptionConflictError
from migralex.engine.facts import DECIMAL_SCALE
from migralex.engine.labels import fill_label
from migralex.engine.lists import Aggregate
from migralex.engine.meta import OutOfForce
from migralex.engine.nodes import Node, Unless
from migralex.engine.parameters import ParameterResolver, ParameterValue, UnknownParameter
from migralex.engine.values import PLAIN_JSON, Record, Value, to_json

#: Status shown for a parameter that has no value in force on the decision date.
NOT_IN_FORCE = "not_in_force"
NO_VALUE_SOURCE = Citation("no value of this parameter is in force on the decision date")
_DECIMAL_UNIT = Decimal(1).scaleb(-DECIMAL_SCALE)
_ROUNDING = {"half_even": ROUND_HALF_EVEN, "half_up": ROUND_HALF_UP}
_CMP: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}
_ARITH: dict[str, Callable[[Any, Any], Any]] = {"+": operator.add, "-": operator.sub, "*": operator.mul}


@dataclass(slots=True)
class ExceptionResult:
    """How one labelled exception of a node came out."""

    unless: Unless
    when: Value
    applied: bool
    #: the label with its ``{param:ID}`` placeholders filled
    label: str = ""

    def as_dict(self, enc: Encoder = PLAIN) -> dict[str, Any]:
        """JSON form (``enc`` writes the citation)."""
        return {
            "id": self.unless.id,
            "label": self.label or self.unless.label,
            "citation": enc.citation(self.unless.citation),
            "priority": self.unless.priority,
            "applies": self.when,
            "applied": self.applied,
        }


class NodeResult:
    """The value of one named node for one case, with what it read and its sub-conditions.

    A plain slotted class (made for every named node of every case: no dataclass ``__post_init__``, and
    compared by identity).
    """

    __slots__ = (
        "base",
        "children",
        "exceptions",
        "facts",
        "label",
        "node",
        "out_of_force",
        "parameters",
        "replaced_by",
        "value",
    )

    def __init__(
        self,
        node: Node,
        value: Value,
        base: Value,
        facts: dict[str, Value],
        parameters: dict[str, ParameterValue],
        children: list[NodeResult],
        exceptions: list[ExceptionResult] | None = None,
        replaced_by: str | None = None,
        out_of_force: OutOfForce | None = None,
        label: str = "",
    ) -> None:
        self.node = node
        self.value = value
        self.base = base
        self.facts = facts
        self.parameters = parameters
        self.children = children
        self.exceptions: list[ExceptionResult] = [] if exceptions is None else exceptions
        self.replaced_by = replaced_by
        #: set when the node lies outside its own in-force window on the decision date (it is then false)
        self.out_of_force = out_of_force
        #: the label with its ``{param:ID}`` placeholders filled with the values used (see labels.py)
        self.label = label or node.label

    def __repr__(self) -> str:
        return f"NodeResult({self.node.id}={self.value!r})"

    def as_dict(
        self,
        units: Mapping[str, str] | None = None,
        keep: Callable[[NodeResult], bool] | None = None,
        enc: Encoder = PLAIN,
    ) -> dict[str, Any]:
        """JSON form (the ``conditions`` entries of ``migralex assess --format json``).

        ``keep`` chooses which sub-results are shown (all by default); ``enc`` writes the citations and
        parameter values (as dicts by default; see :mod:`migralex.engine.encoding`).
        """
        node = self.node
        value = self.value
        facts: dict[str, Any] = self.facts
        if enc.native:  # the serialiser writes dates, decimals and sets itself (and copies nothing)
            citation = node.citation._fragment or enc.citation(node.citation)
        else:
            facts = {k: v if v.__class__ in PLAIN_JSON else to_json(v) for k, v in facts.items()}
            if value.__class__ not in PLAIN_JSON:
                value = to_json(value)
            citation = enc.citation(node.citation)
        params: dict[str, Any] = self.parameters
        if params:
            unit = (units or {}).get
            params = {k: enc.parameter(v, unit(k, "")) for k, v in params.items()}
        else:
            params = {}
        children: list[Any] = self.children
        if keep is None:
            children = [c.as_dict(units, None, enc) for c in children]
        else:
            children = [c.as_dict(units, keep, enc) for c in children if keep(c)]
        formula = node._formula
        out: dict[str, Any] = {
            "id": node.id,
            "label": self.label,
            "kind": node.kind,
            "result": value,
            "citation": citation,
            "formula": node.formula() if formula is None else formula,
            "facts": facts,
            "parameters": params,
            "children": children,
        }
        if self.label != node.label:
            out["label_template"] = node.label
        if node.unit:
            out["unit"] = node.unit
        if self.exceptions:
            out["exceptions"] = [e.as_dict(enc) for e in self.exceptions]
        if self.replaced_by:
            out["replaced_by_reform"] = self.replaced_by
        if self.out_of_force:
            out["not_in_force"] = self.out_of_force.as_dict()
        return out

    def iter(self) -> list[NodeResult]:
        """This result and every result below it, depth first."""
        out = [self]
        for c in self.children:
            out.extend(c.iter())
        return out


class CompiledNode:
    """A named node's expression and exceptions compiled to closures (kept on the node: made once)."""

    __slots__ = ("expr", "fill", "unless")

    def __init__(self, node: Node) -> None:
        self.expr = inline(node.expr, compile_expr, node.id)
        self.unless = tuple(
            (u, inline(u.when, compile_expr, u.id), inline(u.then, compile_expr, u.id)) for u in node.unless
        )
        #: whether the label has ``{param:ID}`` placeholders to fill
        self.fill = "{param:" in node.label


class Run:
    """State of one single-case evaluation: facts, date, parameters, reform replacements, memo."""

    __slots__ = (
        "cur_children",
        "cur_facts",
        "cur_params",
        "date",
        "explain",
        "facts",
        "items",
        "labels",
        "memo",
        "params",
        "pvals",
        "reform_id",
        "replacements",
        "unknown_parameters",
        "warnings",
    )

    def __init__(
        self,
        facts: Mapping[str, Value],
        on: date,
        params: ParameterResolver,
        replacements: Mapping[str, Node] | None = None,
        reform_id: str | None = None,
        *,
        explain: bool = True,
        labels: bool | None = None,
    ) -> None:
        #: False for trial evaluations (what to ask next) and ``explain="none"``: values only (no facts,
        #: parameters or sub-results recorded)
        self.explain = explain
        #: whether node labels get their ``{param:ID}`` placeholders filled (by default: when explaining)
        self.labels = explain if labels is None else labels
        self.facts = facts
        self.date = on
        self.params = params
        #: parameter values on the decision date by id, filled as they are read (shared across runs)
        self.pvals = params.on_date(on)
        self.replacements = replacements or {}
        self.reform_id = reform_id
        self.memo: dict[str, NodeResult] = {}
        #: the item each aggregate over a list fact is looking at, by list fact id
        self.items: dict[str, Record] = {}
        self.warnings: dict[str, str] = {}
        self.unknown_parameters: dict[tuple[str, date], UnknownParameter] = {}
        self.cur_facts: dict[str, Value] | None = None
        self.cur_params: dict[str, ParameterValue] | None = None
        self.cur_children: list[NodeResult] | None = None

    def ev(self, e: ex.Expr) -> Value:
        """The value of an expression on this case."""
        return ev(e, self)

    def resolve(self, node: Node) -> Node:
        """The node itself, or the reform's replacement for it."""
        return self.replacements.get(node.id, node)

    def param(self, param_id: str, on: date | None = None) -> ParameterValue:
        """A parameter's value on the decision date (or on ``on``), recorded for the explanation.

        Where no value is in force on that date the value is unknown, and the decision carries a warning.
        """
        when = self.date if on is None else on
        pv = self.params.value_on(param_id, when)
        if pv is not None and pv.value is not None:
            pass
        elif pv is None:
            pv = ParameterValue(param_id, when, None, None, NOT_IN_FORCE, NO_VALUE_SOURCE)
            self.warnings[param_id] = self._unknown(param_id, when, None).why
        else:
            self._unknown(param_id, when, pv)
        if self.cur_params is not None:
            self.cur_params[param_id if on is None else f"{param_id}@{when.isoformat()}"] = pv
        return pv

    def _unknown(self, param_id: str, when: date, pv: ParameterValue | None) -> UnknownParameter:
        """Record (once per parameter and date) that a parameter read has no known value: none in force
        (``pv`` None) or a value that nobody could verify."""
        key = (param_id, when)
        known = self.unknown_parameters.get(key)
        if known is None:
            if pv is None:
                why = f"parameter {param_id} has no value in force on {when.isoformat()}"
                known = UnknownParameter(param_id, when, NOT_IN_FORCE, None, why)
            else:
                why = (
                    f"the value of {param_id} in force on {when.isoformat()} is not known "
                    f"(status {pv.status}; see the source)"
                )
                known = UnknownParameter(param_id, when, pv.status, pv.source, why)
            self.unknown_parameters[key] = known
        return known

    def fill(self, label: str) -> str:
        """A label with its ``{param:ID}`` placeholders filled with the values in force for this run."""
        if "{param:" not in label:
            return label
        labels = self.params.lookups.labels
        key = (label, self.date)
        filled = labels.get(key)
        if filled is None:

            def value_of(param_id: str) -> Value:
                pv = self.params.value_on(param_id, self.date)
                return None if pv is None else pv.value

            filled = labels[key] = fill_label(label, value_of)
        return filled

    def node(self, node: Node) -> NodeResult:
        """Evaluate a named node once per run and attach it to the node being evaluated."""
        target = self.replacements.get(node.id, node) if self.replacements else node
        result = self.memo.get(target.id)
        if result is None:
            result = self.memo[target.id] = self._evaluate(target, node)
        siblings = self.cur_children
        if siblings is not None and result not in siblings:  # identity: NodeResult has no __eq__
            siblings.append(result)
        return result

    def _evaluate(self, target: Node, node: Node) -> NodeResult:
        compiled: CompiledNode | None = target._compiled
        if compiled is None:
            compiled = CompiledNode(target)
            object.__setattr__(target, "_compiled", compiled)
        exceptions: list[ExceptionResult] = []
        gone = target.in_force.out_of_force(self.date) if target.in_force is not None else None
        base: Value
        value: Value
        if not self.explain:  # values only: nothing is recorded, so nothing to set aside and restore
            if gone:
                base = value = False
            else:
                base = value = compiled.expr(self)
                if compiled.unless:
                    value = self._exceptions(target, compiled, base, exceptions)
            return NodeResult(
                target,
                value,
                base,
                {},
                {},
                [],
                exceptions,
                self.reform_id if target is not node else None,
                gone,
                self.fill(target.label) if compiled.fill and self.labels else target.label,
            )
        saved_facts, saved_params, saved_children = self.cur_facts, self.cur_params, self.cur_children
        facts: dict[str, Value] = {}
        params: dict[str, ParameterValue] = {}
        children: list[NodeResult] = []
        self.cur_facts, self.cur_params, self.cur_children = facts, params, children
        try:
            if gone:
                base = value = False
            else:
                base = value = compiled.expr(self)
                if compiled.unless:
                    value = self._exceptions(target, compiled, base, exceptions)
        finally:
            self.cur_facts, self.cur_params, self.cur_children = saved_facts, saved_params, saved_children
        return NodeResult(
            target,
            value,
            base,
            facts,
            params,
            children,
            exceptions,
            self.reform_id if target is not node else None,
            gone,
            self.fill(target.label) if compiled.fill and self.labels else target.label,
        )

    def _exceptions(
        self, target: Node, compiled: CompiledNode, base: Value, out: list[ExceptionResult]
    ) -> Value:
        """The node's value after its exceptions; how each came out is added to ``out``."""
        whens: dict[str, Value] = {}
        thens: dict[str, Value] = {}
        for u, when, then in compiled.unless:
            w = when(self)
            whens[u.id] = w
            thens[u.id] = then(self) if w is not False else None
        # no exception applies nor may apply (the usual case): the default stands
        value = resolve(target, base, whens, thens) if any(w is not False for w in whens.values()) else base
        for u, _, _ in compiled.unless:
            applied = whens[u.id] is True and value == thens[u.id]
            label = self.fill(u.label) if self.explain else u.label
            out.append(ExceptionResult(u, whens[u.id], applied, label))
        return value

    def missing_facts(self, node: Node) -> list[str]:
        """Facts not given that could change this node's unknown value, in the order they are read."""
        saved = (self.cur_facts, self.cur_params, self.cur_children)
        self.cur_facts = self.cur_params = self.cur_children = None
        try:
            return list(dict.fromkeys(missing(node, self)))
        finally:
            self.cur_facts, self.cur_params, self.cur_children = saved


class _Conflict:
    """Marker for "two exceptions of one priority apply" while resolving a node."""


CONFLICT = _Conflict()


def resolve(node: Node, base: Value, whens: dict[str, Value], thens: dict[str, Value]) -> Value:
    """Apply a node's exceptions to its default value ``base`` (Kleene-aware, conflicts raise)."""
    value: Value | _Conflict = base
    for level in node.levels():
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
        applying = [u.id for u in node.unless if whens[u.id] is True]
        raise ExceptionConflictError(node.id, applying)
    return value


# --- one compiler per expression type ------------------------------------------------------------
# Each expression is compiled once into a Python closure ``fn(run) -> Value`` (a named node's own
# expression and exceptions on the node, any other expression given to :func:`ev` in a cache): no
# dispatch on the expression's type while a case is evaluated.

Fn = Callable[["Run"], Value]
Compiler = Callable[[Any], Fn]
COMPILERS: dict[type, Compiler] = {}
#: compiled closures of the expressions :func:`ev` was asked about, by ``id`` (the expression is kept alive)
_COMPILED: dict[int, tuple[ex.Expr, Fn]] = {}


def compile_expr(e: ex.Expr) -> Fn:
    """The closure evaluating ``e`` on a :class:`Run` (sub-expressions compiled into it)."""
    return COMPILERS[type(e)](e)


def ev(e: ex.Expr, run: Run) -> Value:
    """The value of an expression on one case."""
    hit = _COMPILED.get(id(e))
    if hit is None or hit[0] is not e:
        hit = (e, compile_expr(e))
        _COMPILED[id(e)] = hit
    return hit[1](run)


def _on(*kinds: type) -> Callable[[Compiler], Compiler]:
    def register(fn: Compiler) -> Compiler:
        for kind in kinds:
            COMPILERS[kind] = fn
        return fn

    return register


@_on(Node)
def _node(e: Node) -> Fn:
    def node(run: Run) -> Value:
        return run.node(e).value

    return node


@_on(ex.Const)
def _const(e: ex.Const) -> Fn:
    value = e.value

    def const(run: Run) -> Value:
        return value

    return const


@_on(ex.FactRef)
def _fact(e: ex.FactRef) -> Fn:
    fid = e.spec.id

    def fact(run: Run) -> Value:
        value = run.facts.get(fid)
        read = run.cur_facts
        if read is not None:
            read[fid] = value
        return value

    return fact


@_on(ex.ItemRef)
def _item(e: ex.ItemRef) -> Fn:
    key, name, where = e.spec.id, e.field, e.describe()

    def item(run: Run) -> Value:
        record = run.items.get(key)
        if record is None:
            raise TypeError(f"{where} is read outside an aggregate over {key}")
        value: Value = record[name]
        return value

    return item


@_on(ex.Param)
def _param(e: ex.Param) -> Fn:
    pid = e.id
    if e.on is None:

        def param(run: Run) -> Value:
            pvals = run.pvals
            pv: ParameterValue | None = pvals.get(pid, UNSEEN)
            if pv is UNSEEN:
                pv = pvals[pid] = run.params.value_on(pid, run.date)
            if pv is None or pv.value is None:
                return run.param(pid).value  # unknown: recorded with its warning
            read = run.cur_params
            if read is not None:
                read[pid] = pv
            return pv.value

        return param
    on = compile_expr(e.on)

    def param_on(run: Run) -> Value:
        when = on(run)
        if when is None:
            return None
        assert isinstance(when, date)  # noqa: S101 -- narrows a type for mypy
        return run.param(pid, when).value

    return param_on


@_on(ex.DecisionDate)
def _decision_date(e: ex.DecisionDate) -> Fn:
    def decision_date(run: Run) -> Value:
        return run.date

    return decision_date


@_on(ex.Compare)
def _compare(e: ex.Compare) -> Fn:
    a, b, op = compile_expr(e.a), compile_expr(e.b), _CMP[e.op]
    if isinstance(e.b, ex.Const):
        y = e.b.value

        def compare_const(run: Run) -> Value:
            x = a(run)
            if x is None or y is None:
                return None
            return op(x, y)

        return compare_const

    def compare(run: Run) -> Value:
        x = a(run)
        y = b(run)
        if x is None or y is None:
            return None
        return op(x, y)

    return compare


def _strict(fn: Callable[..., Value], *operands: Fn) -> Fn:
    """A closure that evaluates every operand and is unknown when any is, else ``fn(*values)``."""
    if len(operands) == 1:
        (a,) = operands

        def one(run: Run) -> Value:
            x = a(run)
            return None if x is None else fn(x)

        return one
    if len(operands) == 2:
        a, b = operands

        def two(run: Run) -> Value:
            x, y = a(run), b(run)
            if x is None or y is None:
                return None
            return fn(x, y)

        return two

    def many(run: Run) -> Value:
        values = [o(run) for o in operands]
        if any(v is None for v in values):
            return None
        return fn(*values)

    return many


@_on(ex.Arith)
def _arith(e: ex.Arith) -> Fn:
    op = _ARITH[e.op]

    def arith(x: Any, y: Any) -> Value:
        result: Value = op(x, y)
        if isinstance(result, Decimal):
            # the batch evaluator keeps DECIMAL_SCALE places and rounds half to even; so do we
            result = result.quantize(_DECIMAL_UNIT, rounding=ROUND_HALF_EVEN)
        return result

    return _strict(arith, compile_expr(e.a), compile_expr(e.b))


@_on(ex.Extreme)
def _extreme(e: ex.Extreme) -> Fn:
    pick: Callable[..., Value] = max if e.largest else min
    items = [compile_expr(i) for i in e.items]

    def extreme(run: Run) -> Value:
        values = [i(run) for i in items]
        if any(v is None for v in values):
            return None
        return pick(values)

    return extreme


@_on(ex.Round)
def _round(e: ex.Round) -> Fn:
    unit, mode = Decimal(1).scaleb(-e.places), _ROUNDING[e.mode]

    def rounded(v: Any) -> Value:
        assert isinstance(v, Decimal | int)  # noqa: S101 -- narrows a type for mypy
        return Decimal(v).quantize(unit, rounding=mode).quantize(_DECIMAL_UNIT)

    return _strict(rounded, compile_expr(e.a))


@_on(ex.AllOf, ex.AnyOf)
def _junction(e: ex.Junction) -> Fn:
    items = tuple(compile_expr(i) for i in e.items)
    dominant = e.dominant
    start: Value = not dominant

    def junction(run: Run) -> Value:
        result = start
        for item in items:  # evaluate all: the explanation shows every condition
            v = item(run)
            if v is dominant:
                result = dominant
            elif v is None and result is not dominant:
                result = None
        return result

    return junction


@_on(ex.Not)
def _not(e: ex.Not) -> Fn:
    return _strict(operator.not_, compile_expr(e.a))


@_on(ex.Recorded)
def _recorded(e: ex.Recorded) -> Fn:
    return _strict(lambda _: True, compile_expr(e.a))


@_on(ex.AtLeast)
def _at_least(e: ex.AtLeast) -> Fn:
    items, count = [compile_expr(i) for i in e.items], compile_expr(e.k)

    def at_least(run: Run) -> Value:
        values = [i(run) for i in items]
        k = count(run)
        if k is None:
            return None
        assert isinstance(k, int)  # noqa: S101 -- narrows a type for mypy
        true = sum(1 for v in values if v is True)
        unknown = sum(1 for v in values if v is None)
        if true >= k:
            return True
        if true + unknown < k:
            return False
        return None

    return at_least


@_on(ex.IfThenElse)
def _if(e: ex.IfThenElse) -> Fn:
    test, then, otherwise = compile_expr(e.test), compile_expr(e.then), compile_expr(e.otherwise)

    def if_then_else(run: Run) -> Value:
        t = test(run)
        if t is None:
            a, b = then(run), otherwise(run)
            return a if a is not None and a == b else None
        return then(run) if t else otherwise(run)

    return if_then_else


def _member(v: Any, codes: Any) -> Value:
    assert isinstance(codes, frozenset)  # noqa: S101 -- narrows a type for mypy
    return v in codes


@_on(ex.IsIn)
def _is_in(e: ex.IsIn) -> Fn:
    return _strict(_member, compile_expr(e.a), compile_expr(e.codes))


@_on(ex.SetContains)
def _contains(e: ex.SetContains) -> Fn:
    code = e.code

    def contains(v: Any) -> Value:
        assert isinstance(v, frozenset)  # noqa: S101 -- narrows a type for mypy
        return code in v

    return _strict(contains, compile_expr(e.s))


@_on(ex.SetIntersects)
def _intersects(e: ex.SetIntersects) -> Fn:
    codes = e.codes

    def intersects(v: Any) -> Value:
        assert isinstance(v, frozenset)  # noqa: S101 -- narrows a type for mypy
        return not v.isdisjoint(codes)

    return _strict(intersects, compile_expr(e.s))


@_on(ex.WholeMonths)
def _whole_months(e: ex.WholeMonths) -> Fn:
    month_end, per = e.month_end, e.per

    def whole_months(s: Any, t: Any) -> Value:
        assert isinstance(s, date) and isinstance(t, date)  # noqa: S101 -- narrows a type for mypy
        return dates.whole_months_between(s, t, month_end) // per

    return _strict(whole_months, compile_expr(e.start), compile_expr(e.end))


@_on(ex.AddMonths)
def _add_months(e: ex.AddMonths) -> Fn:
    month_end, per = e.month_end, e.per

    def add_months(d: Any, n: Any) -> Value:
        assert isinstance(d, date) and isinstance(n, int)  # noqa: S101 -- narrows a type for mypy
        return dates.add_months(d, n * per, month_end)

    return _strict(add_months, compile_expr(e.d), compile_expr(e.n))


@_on(ex.DaysBetween)
def _days_between(e: ex.DaysBetween) -> Fn:
    def days_between(s: Any, t: Any) -> Value:
        assert isinstance(s, date) and isinstance(t, date)  # noqa: S101 -- narrows a type for mypy
        return (t - s).days

    return _strict(days_between, compile_expr(e.start), compile_expr(e.end))


def _each(key: str, run: Run, records: tuple[Any, ...], fn: Fn) -> list[Value]:
    saved = run.items.get(key)
    out: list[Value] = []
    try:
        for record in records:
            run.items[key] = record
            out.append(fn(run))
    finally:
        if saved is None:
            run.items.pop(key, None)
        else:
            run.items[key] = saved
    return out


@_on(Aggregate)
def _aggregate(agg: Aggregate) -> Fn:
    key, kind = agg.items.spec.id, agg.kind
    items = compile_expr(agg.items)
    value = compile_expr(agg.value) if agg.value is not None else None
    where = compile_expr(agg.where) if agg.where is not None else None
    empty = compile_expr(agg.empty) if agg.empty is not None else None

    def aggregate(run: Run) -> Value:
        records = items(run)
        if records is None:
            return None
        assert isinstance(records, tuple)  # noqa: S101 -- narrows a type for mypy
        if kind in ("any", "all"):
            assert value is not None  # noqa: S101 -- narrows a type for mypy
            tests = _each(key, run, records, value)
            dominant = kind == "any"
            if any(t is dominant for t in tests):
                return dominant
            return None if any(t is None for t in tests) else not dominant
        wheres = _each(key, run, records, where) if where is not None else [True] * len(records)
        if kind == "count":
            return None if any(w is None for w in wheres) else sum(1 for w in wheres if w)
        assert value is not None  # noqa: S101 -- narrows a type for mypy
        values = _each(key, run, records, value)
        included: list[Any] = []
        for w, v in zip(wheres, values, strict=True):
            if w is False:
                continue
            if w is None or v is None:
                return None
            included.append(v)
        if kind == "sum":
            total: Any = agg.zero()
            for v in included:
                total = total + v
            return total  # type: ignore[no-any-return]
        if not included:
            return None if empty is None else empty(run)
        result: Value = max(included) if kind == "max" else min(included)
        return result

    return aggregate


# --- what keeps an unknown unknown -------------------------------------------------------------


def missing(e: ex.Expr, run: Run) -> Iterator[str]:
    """Fact ids whose absence keeps this (unknown) expression unknown: what to ask next."""
    if isinstance(e, Node):
        yield from _missing_node(e, run)
    elif isinstance(e, ex.FactRef):
        if run.facts.get(e.spec.id) is None:
            yield e.spec.id
    elif isinstance(e, ex.ItemRef):
        return
    elif isinstance(e, Aggregate):
        # an unknown list, or an unknown field of one of its items: the list is what to complete
        yield e.items.spec.id
    elif isinstance(e, ex.AtLeast):
        if ev(e.k, run) is None:
            yield from missing(e.k, run)
        for item in e.items:
            if ev(item, run) is None:
                yield from missing(item, run)
    elif isinstance(e, ex.IfThenElse):
        t = ev(e.test, run)
        if t is None:
            branches = [list(missing(b, run)) if ev(b, run) is None else None for b in (e.then, e.otherwise)]
            if branches == [[], []]:
                return  # both branches unknown whatever is answered (a parameter without a value): so is this
            yield from missing(e.test, run)
            for asked in branches:
                yield from asked or ()
        else:
            yield from missing(e.then if t else e.otherwise, run)
    else:
        for child in e.children():
            if ev(child, run) is None:
                yield from missing(child, run)


def _missing_node(n: Node, run: Run) -> Iterator[str]:
    node = run.resolve(n)
    result = run.node(node)
    if result.value is not None:
        return
    if result.base is None:
        yield from missing(node.expr, run)
    for u in node.unless:
        w = ev(u.when, run)
        if w is None:
            yield from missing(u.when, run)
        elif w and ev(u.then, run) is None:
            yield from missing(u.then, run)
