"""Readable explanations of a decision: a Rich tree a caseworker can follow, and plain text."""

from __future__ import annotations

from io import StringIO

from rich.console import Console
from rich.text import Text
from rich.tree import Tree

from migralex.engine.backends.scalar import NodeResult
from migralex.engine.citations import Citation
from migralex.engine.program import Decision, Explain, open_or_failing
from migralex.engine.values import show

_MARK = {True: ("✔", "green"), False: ("✘", "red"), None: ("?", "yellow")}
OUTCOME_COLOURS = {"eligible": "green", "ineligible": "red", "unknown": "yellow", "not_in_force": "magenta"}


def _mark(node: NodeResult) -> tuple[str, str]:
    if node.node.kind == "computation":
        return ("=", "cyan") if node.value is not None else ("?", "yellow")
    value = node.value if isinstance(node.value, bool) or node.value is None else bool(node.value)
    return _MARK[value]


def _label(r: NodeResult, units: dict[str, str]) -> Text:
    symbol, colour = _mark(r)
    t = Text()
    t.append(f"{symbol} ", style=f"bold {colour}")
    t.append(r.label, style="bold" if r.node.kind == "condition" else "")
    if r.node.kind == "computation":
        unit = f" {r.node.unit}" if r.node.unit and r.value is not None else ""
        t.append(f": {show(r.value)}{unit}", style=colour)
    _citation(t, r.node.citation)
    if r.facts:
        t.append("\n  facts: ", style="dim")
        t.append(", ".join(f"{k} = {show(v)}" for k, v in r.facts.items()))
    for pid, pv in r.parameters.items():
        unit = units.get(pid, "")
        flag = "" if pv.status == "in_force" else f" [{pv.status.upper()}]"
        shown = show(pv.value) + (f" {unit}" if unit and pv.value is not None else "")
        t.append(f"\n  parameter {pid} = {shown}{flag}")
        t.append(f" (from {pv.start.isoformat()}; {pv.source.text})", style="dim")
    for e in r.exceptions:
        state = "applies" if e.applied else ("may apply (unknown)" if e.when is None else "does not apply")
        t.append(f"\n  unless {e.label or e.unless.label}: {state}", style="magenta" if e.applied else "dim")
    if r.replaced_by:
        t.append(f"\n  replaced by reform {r.replaced_by}", style="bold magenta")
    if r.out_of_force:
        t.append(f"\n  not in force: {r.out_of_force.message()} ({r.out_of_force.citation})", style="magenta")
    return t


def _citation(t: Text, c: Citation) -> None:
    """The citation under a condition: kind and verification, the provision, the URL, the law's words."""
    t.append(f"\n  [{c.standing}] ", style="dim italic")
    t.append(c.text, style="dim")
    if c.url:
        t.append(f" <{c.url}>", style="dim blue")
    if c.excerpt:
        t.append(f'\n    "{c.excerpt}"', style="italic")
    for other in c.see_also:
        t.append(f"\n    see also [{other.standing}] {other}", style="dim")


def _add(tree: Tree, r: NodeResult, units: dict[str, str], seen: set[str], failing: bool) -> None:
    branch = tree.add(_label(r, units))
    if r.node.id in seen:
        return
    seen.add(r.node.id)
    for child in r.children:
        if not failing or open_or_failing(child):
            _add(branch, child, units, seen, failing)


def decision_tree(decision: Decision, explain: Explain = "full") -> Tree:
    """The explanation of a decision as a Rich tree (``failing``: only conditions not true, values unknown;
    ``none``: the outcome line alone)."""
    outcome_colour = OUTCOME_COLOURS[decision.outcome]
    head = Text()
    head.append(f"{decision.program.id}", style="bold")
    head.append(f" on {decision.date.isoformat()}: ")
    head.append(decision.outcome.upper(), style=f"bold {outcome_colour}")
    if decision.outcome_label != decision.outcome:
        head.append(f" ({decision.outcome_label}: {decision.outcome_text})", style=outcome_colour)
    if decision.reform:
        head.append(f"  (under reform {decision.reform.id}, {decision.reform.status})", style="magenta")
    tree = Tree(head)
    if explain == "none":
        return tree
    seen: set[str] = set()
    failing = explain == "failing"
    _add(tree, decision.root, decision.units, seen, failing)
    for r in decision.outputs.values():
        if not failing or r.value is None:
            _add(tree, r, decision.units, seen, failing)
    return tree


def render_text(decision: Decision, width: int = 110, color: bool = False, explain: Explain = "full") -> str:
    """The explanation as text (what ``migralex assess --format text`` prints; ``explain`` as in
    :meth:`Decision.to_json`)."""
    buf = StringIO()
    console = Console(file=buf, width=width, force_terminal=color, color_system="standard" if color else None)
    gone = decision.out_of_force
    if gone is not None:
        console.print(f"Not in force on {decision.date.isoformat()}: {gone.message()}")
        console.print(f"  because: {gone.citation}")
    console.print(decision_tree(decision, explain))
    for r in decision.deciding_failures():
        console.print(f"Refused on: {r.label} ({r.node.citation.text})")
    if decision.missing_facts:
        console.print("To decide, ask next: " + ", ".join(decision.missing_facts))
    for u in decision.unknown_parameters:
        source = f"; source: {u.source}" if u.source else ""
        console.print(f"Unknown parameter {u.id} on {u.on.isoformat()} [{u.status}]: {u.why}{source}")
    for warning in decision.warnings:
        console.print(f"Warning: {warning}")
    pack = decision.program.pack
    if pack:
        console.print(f"Rule pack {pack.id} {pack.version} ({pack.hash[:12]})", style="dim")
    return buf.getvalue()
