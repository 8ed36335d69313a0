"""Why a case is refused: the conditions whose failure decides an ``ineligible`` outcome.

Read from the rule's structure with the case's values: through a false ``all_of`` every false part counts;
through a false ``any_of`` every alternative counts, except an alternative that *does not apply* to the
case because one of its conditions marked ``gate=True`` is false (a partner applicant is not refused for
not being a child). When no alternative applies, the gates themselves are the reason. Through an ``if_``
only the branch taken counts; its test is not a reason. A false named condition with no false named
condition inside it is itself the reason.
"""

from __future__ import annotations

from migralex.engine.backends.scalar import Run, ev
from migralex.engine.expressions import AllOf, AnyOf, AtLeast, Expr, IfThenElse
from migralex.engine.nodes import Node

#: "the nearest enclosing named condition": a false part that is not itself a named condition
SELF = ""


def failing_conditions(root: Node, run: Run) -> list[str]:
    """Ids of the conditions that decide why ``root`` is false (empty when it is not false)."""
    return [c for c in dict.fromkeys(_causes(root, run)) if c != SELF]


def _causes(expr: Expr, run: Run) -> list[str]:
    if ev(expr, run) is not False:
        return []
    if isinstance(expr, Node):
        node = run.resolve(expr)
        result = run.node(node)
        if node.kind != "condition":
            return []
        if result.base is not False or result.out_of_force is not None:
            return [node.id]  # decided by an exception, or outside its window: the node is the reason
        inner = _causes(node.expr, run)
        return [node.id if c == SELF else c for c in inner] or [node.id]
    if isinstance(expr, AllOf | AtLeast):
        out: list[str] = []
        for item in expr.children():
            if ev(item, run) is False:
                out.extend(_causes(item, run) or [SELF])
        return out
    if isinstance(expr, AnyOf):
        applying: list[str] = []
        gates: list[str] = []
        for item in expr.items:
            causes = _causes(item, run)
            closed = [c for c in causes if _is_gate(c, run)]
            if closed:
                gates.extend(closed)
            else:
                applying.extend(causes)
        return applying or gates
    if isinstance(expr, IfThenElse):
        test = ev(expr.test, run)
        if test is None:
            return _causes(expr.then, run) + _causes(expr.otherwise, run)
        return _causes(expr.then if test else expr.otherwise, run)
    return [SELF]


def _is_gate(node_id: str, run: Run) -> bool:
    result = run.memo.get(node_id)
    return result is not None and result.node.gate
