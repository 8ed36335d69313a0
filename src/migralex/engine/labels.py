"""Label templates: a label states a threshold through the parameter that holds it.

Syntax: ``{param:PARAMETER_ID}`` anywhere in a condition's (or exception's, or computation's) label is
replaced by the value of that parameter actually used for the case: on the decision date, under the reform
being applied. Nothing else in a label is special (other braces are kept as written)::

    condition(P + ".sponsor_age",
              "The sponsor is at least {param:dk.family_reunification.spouse.min_age} years old", ...)

reads "The sponsor is at least 24 years old" on 2025-03-01, and "... at least 21 years old" under a reform
that sets the parameter to 21. A parameter with no value on that date shows as ``[unknown]``. The ids a
label names must be parameters of the rule pack (checked when the pack is built).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from migralex.engine.expressions import Param
from migralex.engine.values import Value, show

if TYPE_CHECKING:
    from migralex.engine.nodes import Node
    from migralex.engine.parameters import ParameterSet

PLACEHOLDER = re.compile(r"\{param:([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)\}")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?![\w])")
#: references to provisions ("§ 7, stk. 3", "art. 8", "s.117C", "para 4") are not amounts
_REFERENCE = re.compile(
    r"(§+|\bstk\.|\bnr\.|\bart\.|\barticle|\bs\.|\bss\.|\bsection|\bpara(?:graph)?\.?|\brule|\blitra)"
    r"\s*\d+[a-zA-Z]?(?:\(\d+\))*",
    re.IGNORECASE,
)


def label_parameters(label: str) -> list[str]:
    """The parameter ids a label template names, in order, each once."""
    return list(dict.fromkeys(PLACEHOLDER.findall(label)))


def fill_label(label: str, value_of: Callable[[str], Value]) -> str:
    """Replace every ``{param:ID}`` by ``show(value_of(ID))`` (``[unknown]`` for None)."""

    def one(m: re.Match[str]) -> str:
        value = value_of(m.group(1))
        return "[unknown]" if value is None else show(value)

    return PLACEHOLDER.sub(one, label)


def numbers_in(text: str) -> list[Decimal]:
    """Number literals written in a text: "24 years, DKK 57,000" -> 24, 57000.

    Placeholders and references to provisions (§ 7, stk. 3, art. 8, s.117C) are left out first.
    """
    out: list[Decimal] = []
    for raw in _NUMBER.findall(_REFERENCE.sub(" ", PLACEHOLDER.sub(" ", text))):
        try:
            out.append(Decimal(raw.replace(",", "")))
        except InvalidOperation:
            continue
    return out


def literals_equal_to(label: str, values: Iterable[Value]) -> list[Decimal]:
    """Number literals in ``label`` equal to one of ``values`` (numbers only): a label should use a template.

    Years such as 2016 in a date are numbers too; callers pass only the values of parameters the node reads.
    """
    numeric = {Decimal(v) for v in values if isinstance(v, int | Decimal) and not isinstance(v, bool)}
    return [n for n in numbers_in(label) if n in numeric]


def template_text(label: str, show_param: Callable[[str], str] = lambda pid: f"[{pid}]") -> str:
    """A label template for documentation: each placeholder shown by ``show_param`` (``[ID]`` by default)."""
    return PLACEHOLDER.sub(lambda m: show_param(m.group(1)), label)


@dataclass(frozen=True, slots=True)
class RepeatedNumber:
    """A label that writes out a number equal to a value of a parameter its condition reads."""

    node: str
    label: str
    number: Decimal
    parameter: str

    def __str__(self) -> str:
        return (
            f"{self.node}: the label writes {self.number}, a value of {self.parameter}; "
            f"write {{param:{self.parameter}}} instead: {self.label!r}"
        )


def labels_repeating_parameters(nodes: Iterable[Node], parameters: ParameterSet) -> list[RepeatedNumber]:
    """Labels (of conditions and their exceptions) that repeat a number a parameter holds.

    For each named node, the parameters it reads itself (not through another named node) are compared
    with the numbers its label writes, against every value that is not ``proposed``. Use in a pack test::

        assert not labels_repeating_parameters(program.nodes(), pack.parameters)
    """
    out: list[RepeatedNumber] = []
    for node in nodes:
        read = _direct_parameters(node)
        for label in (node.label, *(u.label for u in node.unless)):
            for pid in read:
                if pid not in parameters:
                    continue
                values = [v.value for v in parameters[pid].values if v.status != "proposed"]
                out.extend(RepeatedNumber(node.id, label, n, pid) for n in literals_equal_to(label, values))
    return list(dict.fromkeys(out))


def _direct_parameters(node: Node) -> list[str]:
    """Parameters a node's own expression and exceptions read, not those of the named nodes below it."""
    found: dict[str, None] = {}
    stack = list(node.children())
    while stack:
        e = stack.pop()
        if e.named:
            continue
        if isinstance(e, Param):
            found[e.id] = None
        stack.extend(e.children())
    return list(found)
