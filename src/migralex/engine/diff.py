"""What a reform changes: each parameter and condition, old and new, with sources."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from migralex.engine.nodes import Node
from migralex.engine.parameters import ParameterValue
from migralex.engine.program import ParameterResolver, Reform, RulePack
from migralex.engine.values import show, to_json


@dataclass(frozen=True)
class Change:
    """One changed parameter or condition."""

    kind: str  # "parameter" | "condition" | "computation"
    id: str
    label: str
    old: str
    old_source: str
    new: str
    new_source: str

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "kind": self.kind,
            "id": self.id,
            "label": self.label,
            "old": self.old,
            "old_source": self.old_source,
            "new": self.new,
            "new_source": self.new_source,
        }


def _pv(pv: ParameterValue | None, unit: str) -> tuple[str, str]:
    if pv is None:
        return "(none in force)", ""
    flag = "" if pv.status == "in_force" else f" [{pv.status}]"
    return f"{show(pv.value)}{(' ' + unit) if unit else ''}{flag}", str(pv.source)


def _nodes(pack: RulePack) -> dict[str, Node]:
    out: dict[str, Node] = {}
    for program in pack.programs.values():
        for node in program.nodes():
            out.setdefault(node.id, node)
    return out


def reform_changes(reform: Reform, pack: RulePack, on: date) -> list[Change]:
    """The reform's changes against its base pack, as in force on ``on``."""
    base = ParameterResolver(pack.parameters)
    changed = ParameterResolver(pack.parameters, reform)
    changes: list[Change] = []
    param_ids = list(reform.parameters.parameters) + [p for p in reform.activate_proposed]
    for pid in dict.fromkeys(param_ids):
        old = base.value_on(pid, on) if pid in pack.parameters else None
        new = changed.value_on(pid, on)
        unit = changed.unit(pid)
        if old is not None and new is not None and to_json(old.value) == to_json(new.value):
            continue
        o, os_ = _pv(old, unit)
        n, ns = _pv(new, unit)
        changes.append(Change("parameter", pid, changed.parameter(pid).label, o, os_, n, ns))
    nodes = _nodes(pack)
    for nid, new_node in reform.replacements.items():
        old_node = nodes.get(nid)
        changes.append(
            Change(
                new_node.kind,
                nid,
                new_node.label,
                f"{old_node.label}: {old_node.expr.describe()}" if old_node else "(new)",
                str(old_node.citation) if old_node else "",
                f"{new_node.label}: {new_node.expr.describe()}",
                str(new_node.citation),
            )
        )
    return changes
