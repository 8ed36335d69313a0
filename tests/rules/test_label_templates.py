"""A label never repeats a number that is a parameter: it names the parameter (``{param:ID}``) instead.

For every condition, computation and exception of every program and reform, a number written in its label
that equals a value (in force on some date) of a parameter the node itself reads is a defect: under a
reform, or after the next change in the law, the label would state a threshold the rules no longer apply.
"""

from __future__ import annotations

import re

import pytest

from migralex.engine import Node
from migralex.engine.expressions import Expr, Param, walk
from migralex.engine.labels import literals_equal_to
from migralex.rules.registry import packs, programs, reforms

#: Legal pinpoints and enumerators are not quantities: "§ 7(3)", "stk. 3", "nr. 2", "Criterion 2", "S1".
NOT_A_QUANTITY = re.compile(
    r"(§+\s*\d+[a-z]?(\(\d+\))*|stk\.\s*\d+|nr\.\s*\d+|art\.\s*\d+|s\.\s*\d+[A-Z]?|para\w*\.?\s*\d+|"
    r"Prøve i Dansk \d|([Cc]riterion|[Cc]ondition|[Ee]xception|[Ss]upplementary)\s+\d+)"
)


def _reads(expr: Expr) -> set[str]:
    """Parameters an expression reads itself (not through another named node)."""
    out: set[str] = set()
    stack = [expr]
    while stack:
        e = stack.pop()
        if isinstance(e, Param):
            out.add(e.id)
        if isinstance(e, Node):
            continue
        stack.extend(e.children())
    return out


def _nodes() -> list[tuple[str, Node]]:
    out = [(p.jurisdiction, n) for p in programs().values() for n in p.nodes()]
    for reform in reforms().values():
        for root in reform.replacements.values():
            out.extend((reform.base, n) for n in walk(root) if isinstance(n, Node))
    return list({id(n): (pack, n) for pack, n in out}.values())


NODES = _nodes()


@pytest.mark.parametrize("pack_id,node", NODES, ids=[n.id for _, n in NODES])
def test_label_names_its_parameters_instead_of_repeating_them(pack_id: str, node: Node) -> None:
    parameters = packs()[pack_id].parameters
    found: list[str] = []
    parts = [(node.label, node.expr)] + [(u.label, u.when) for u in node.unless]
    read = set().union(*(_reads(e) for _, e in parts), *(_reads(u.then) for u in node.unless))
    values = []
    for pid in read:
        source = next((r.parameters for r in reforms().values() if pid in r.parameters), parameters)
        values.extend(v.value for v in source[pid].values if v.status == "in_force")
    for label, _ in parts:
        found.extend(str(n) for n in literals_equal_to(NOT_A_QUANTITY.sub(" ", label), values))
    assert not found, f"{node.id}: label repeats parameter value(s) {found}: {node.label!r}"
