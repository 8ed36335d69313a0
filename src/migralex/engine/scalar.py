"""The single-case evaluator: plain Python, with the full explanation tree."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from migralex.engine.citations import Citation
from migralex.engine.labels import fill_label
from migralex.engine.meta import OutOfForce
from migralex.engine.nodes import Node, Unless
from migralex.engine.parameters import ParameterValue, UnknownParameter
from migralex.engine.values import Record, Value, to_json

if TYPE_CHECKING:
    from migralex.engine.program import ParameterResolver

#: Status shown for a parameter that has no value in force on the decision date.
NOT_IN_FORCE = "not_in_force"
NO_VALUE_SOURCE = Citation("no value of this parameter is in force on the decision date")


@dataclass(slots=True)
class ExceptionResult:
    """How one labelled exception of a node came out."""

    unless: Unless
    when: Value
    applied: bool
    #: the label with its ``{param:ID}`` placeholders filled
    label: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "id": self.unless.id,
            "label": self.label or self.unless.label,
            "citation": self.unless.citation.as_dict(),
            "priority": self.unless.priority,
            "applies": self.when,
            "applied": self.applied,
        }


@dataclass(slots=True)
class NodeResult:
    """The value of one named node for one case, with what it read and its sub-conditions."""

    node: Node
    value: Value
    base: Value
    facts: dict[str, Value]
    parameters: dict[str, ParameterValue]
    children: list[NodeResult]
    exceptions: list[ExceptionResult] = field(default_factory=list)
    replaced_by: str | None = None
    #: set when the node lies outside its own in-force window on the decision date (it is then false)
    out_of_force: OutOfForce | None = None
    #: the label with its ``{param:ID}`` placeholders filled with the values used (see labels.py)
    label: str = ""

    def __post_init__(self) -> None:
        if not self.label:
            self.label = self.node.label

    def as_dict(self, units: Mapping[str, str] | None = None) -> dict[str, Any]:
        """JSON form (the ``conditions`` entries of ``migralex assess --format json``)."""
        node = self.node
        out: dict[str, Any] = {
            "id": node.id,
            "label": self.label,
            "kind": node.kind,
            "result": to_json(self.value),
            "citation": node.citation.as_dict(),
            "formula": node.formula(),
            "facts": {k: to_json(v) for k, v in self.facts.items()},
            "parameters": {k: v.as_dict((units or {}).get(k, "")) for k, v in self.parameters.items()},
            "children": [c.as_dict(units) for c in self.children],
        }
        if self.label != node.label:
            out["label_template"] = node.label
        if node.unit:
            out["unit"] = node.unit
        if self.exceptions:
            out["exceptions"] = [e.as_dict() for e in self.exceptions]
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


class Run:
    """State of one single-case evaluation: facts, date, parameters, reform replacements, memo."""

    __slots__ = (
        "cur_children",
        "cur_facts",
        "cur_params",
        "date",
        "facts",
        "items",
        "memo",
        "params",
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
    ) -> None:
        self.facts = facts
        self.date = on
        self.params = params
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

    def resolve(self, node: Node) -> Node:
        """The node itself, or the reform's replacement for it."""
        return self.replacements.get(node.id, node)

    def param(self, param_id: str, on: date | None = None) -> ParameterValue:
        """A parameter's value on the decision date (or on ``on``), recorded for the explanation.

        Where no value is in force on that date the value is unknown, and the decision carries a warning.
        """
        when = self.date if on is None else on
        pv = self.params.value_on(param_id, when)
        if pv is None:
            pv = ParameterValue(param_id, when, None, None, NOT_IN_FORCE, NO_VALUE_SOURCE)
            why = f"parameter {param_id} has no value in force on {when.isoformat()}"
            self.warnings[param_id] = why
            self.unknown_parameters.setdefault(
                (param_id, when), UnknownParameter(param_id, when, NOT_IN_FORCE, None, why)
            )
        elif pv.value is None:
            why = (
                f"the value of {param_id} in force on {when.isoformat()} is not known "
                f"(status {pv.status}; see the source)"
            )
            self.unknown_parameters.setdefault(
                (param_id, when), UnknownParameter(param_id, when, pv.status, pv.source, why)
            )
        if self.cur_params is not None:
            self.cur_params[param_id if on is None else f"{param_id}@{when.isoformat()}"] = pv
        return pv

    def fill(self, label: str) -> str:
        """A label with its ``{param:ID}`` placeholders filled with the values in force for this run."""
        if "{param:" not in label:
            return label

        def value_of(param_id: str) -> Value:
            pv = self.params.value_on(param_id, self.date)
            return None if pv is None else pv.value

        return fill_label(label, value_of)

    def node(self, node: Node) -> NodeResult:
        """Evaluate a named node once per run and attach it to the node being evaluated."""
        target = self.resolve(node)
        result = self.memo.get(target.id)
        if result is None:
            saved = (self.cur_facts, self.cur_params, self.cur_children)
            facts: dict[str, Value] = {}
            params: dict[str, ParameterValue] = {}
            children: list[NodeResult] = []
            self.cur_facts, self.cur_params, self.cur_children = facts, params, children
            gone = target.in_force.out_of_force(self.date) if target.in_force else None
            try:
                base = False if gone else target.expr.ev(self)
                value = base
                exceptions: list[ExceptionResult] = []
                if target.unless and not gone:
                    whens: dict[str, Value] = {}
                    thens: dict[str, Value] = {}
                    for u in target.unless:
                        w = u.when.ev(self)
                        whens[u.id] = w
                        thens[u.id] = u.then.ev(self) if w is not False else None
                    value = target.resolve_scalar(base, whens, thens)
                    for u in target.unless:
                        applied = whens[u.id] is True and value == thens[u.id]
                        exceptions.append(ExceptionResult(u, whens[u.id], applied, self.fill(u.label)))
            finally:
                self.cur_facts, self.cur_params, self.cur_children = saved
            result = NodeResult(
                target,
                value,
                base,
                facts,
                params,
                children,
                exceptions,
                self.reform_id if target is not node else None,
                gone,
                self.fill(target.label),
            )
            self.memo[target.id] = result
        if self.cur_children is not None and not any(c is result for c in self.cur_children):
            self.cur_children.append(result)
        return result

    def missing_facts(self, node: Node) -> list[str]:
        """Facts not given that could change this node's unknown value, in the order they are read."""
        saved = (self.cur_facts, self.cur_params, self.cur_children)
        self.cur_facts = self.cur_params = self.cur_children = None
        try:
            return list(dict.fromkeys(node.missing(self)))
        finally:
            self.cur_facts, self.cur_params, self.cur_children = saved
