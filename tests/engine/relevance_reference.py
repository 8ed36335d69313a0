"""The "what to ask next" search as it was before incremental trials (main 48019f6), kept as the reference
the fast search must agree with: every trial a fresh evaluation of the whole case, remembered by the set of
answers changed."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from migralex.engine.backends.scalar import Run
from migralex.engine.errors import ExceptionConflictError
from migralex.engine.parameters import ParameterResolver
from migralex.engine.program import Program, Reform
from migralex.engine.relevance import answers_to_try
from migralex.engine.values import Value


def reference_missing(
    program: Program, facts: Mapping[str, Value], on: date, reform: Reform | None = None
) -> list[str]:
    """``assess(program, facts, on, reform).missing_facts``, the way main 48019f6 worked it out."""
    assert program.pack is not None
    resolver = ParameterResolver(program.pack.parameters, reform)
    replacements = reform.replacements if reform else None
    run = Run(facts, on, resolver, replacements, explain=False)
    run.node(program.root)
    if program.in_force is not None and program.in_force.out_of_force(on) is not None:
        return []
    for node in program.outputs.values():
        run.node(node)
    targets = [n for n in program.roots() if run.memo[run.resolve(n).id].value is None]
    if not targets:
        return []
    candidates: list[str] = []
    for node in targets:
        candidates.extend(m for m in run.missing_facts(node) if m not in candidates)
    if not candidates:
        return []

    def evaluate(world: Mapping[str, Value]) -> tuple[Value, ...]:
        trial = Run(world, on, resolver, replacements, explain=False)
        try:
            return tuple(trial.node(n).value for n in targets)
        except ExceptionConflictError:
            return ("exception conflict",)

    reads = program.reads(replacements)
    values = (resolver.value_on(pid, on) for pid in reads.parameters)
    thresholds = [*reads.constants, *(pv.value for pv in values if pv is not None)]
    return _relevant_missing(candidates, reads.facts, facts, evaluate, thresholds, on)


def _relevant_missing(
    candidates: Sequence[str],
    specs: Mapping[str, Any],
    facts: Mapping[str, Value],
    evaluate: Callable[[Mapping[str, Value]], tuple[Value, ...]],
    thresholds: Sequence[Value],
    on: date,
) -> list[str]:
    domains = answers_to_try(candidates, specs, facts, thresholds, on)  # unchanged by incremental trials
    if not domains:
        return []
    cands = list(domains)
    trial = _memo(evaluate, facts)
    base = trial({})
    found: set[str] = set()
    for f in cands:
        if any(trial({f: v}) != base for v in domains[f]):
            found.add(f)
    for f in cands:
        if f in found:
            continue
        others = [c for c in cands if c != f]
        for order, flip in ((others, False), (others[::-1], True)):
            world = _open_world(order, domains, trial, flip)
            before = trial(world)
            if any(trial({**world, f: v}) != before for v in domains[f]):
                found.add(f)
                break
    return [f for f in cands if f in found]


def _memo(
    evaluate: Callable[[Mapping[str, Value]], tuple[Value, ...]], facts: Mapping[str, Value]
) -> Callable[[Mapping[str, Value]], tuple[Value, ...]]:
    seen: dict[Any, tuple[Value, ...]] = {}

    def run(changes: Mapping[str, Value]) -> tuple[Value, ...]:
        try:
            key: Any = frozenset(changes.items())
            hash(key)
        except TypeError:
            return evaluate({**facts, **changes})
        if key not in seen:
            seen[key] = evaluate({**facts, **changes})
        return seen[key]

    return run


def _open_world(
    order: Sequence[str],
    domains: Mapping[str, Sequence[Value]],
    evaluate: Callable[[Mapping[str, Value]], tuple[Value, ...]],
    flip: bool,
) -> dict[str, Value]:
    world: dict[str, Value] = {}
    for g in order:
        for v in reversed(domains[g]) if flip else domains[g]:
            if all(r is None for r in evaluate({**world, g: v})):
                world[g] = v
                break
    return world
