"""The Danish YAML cases cover every condition three ways (passes, fails, unknown) and every exception.

``tests/test_cases.py`` checks that each case comes out as its file says; this file checks that the cases,
taken together, exercise the whole of each Danish program, and that each one cites its source.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from migralex.engine import assess
from migralex.engine.cases import Case, load_cases
from migralex.rules.registry import get_program, packs

CASES_DIR = Path(__file__).resolve().parents[2] / "cases" / "dk"
CASES: list[Case] = [c for f in sorted(CASES_DIR.glob("*.yaml")) for c in load_cases(f)]
PROGRAMS = sorted(packs()["dk"].programs)


def _listed_values() -> dict[str, set[bool | None]]:
    seen: dict[str, set[bool | None]] = defaultdict(set)
    for case in CASES:
        for node_id, value in case.conditions.items():
            seen[node_id].add(value)
    return seen


@pytest.mark.parametrize("program_id", PROGRAMS)
def test_every_condition_passes_fails_and_is_unknown_in_some_case(program_id: str) -> None:
    program = get_program(program_id)
    seen = _listed_values()
    gaps = []
    for node in program.nodes():
        if node.kind != "condition":
            continue
        missing = {True, False, None} - seen.get(node.id, set())
        if missing:
            gaps.append(f"{node.id}: no case expects {sorted(map(str, missing))}")
    assert not gaps, "\n".join(gaps)


@pytest.mark.parametrize("program_id", PROGRAMS)
def test_every_exception_applies_in_some_case(program_id: str) -> None:
    program = get_program(program_id)
    applied: set[str] = set()
    for case in CASES:
        if case.program != program_id:
            continue
        decision = assess(program, program.parse_facts(case.facts), case.date)
        for result in decision.all_results():
            applied.update(e.unless.id for e in result.exceptions if e.applied)
    wanted = {u.id for node in program.nodes() for u in node.unless}
    assert wanted <= applied, f"exceptions never applied: {sorted(wanted - applied)}"


def test_every_case_cites_a_public_source() -> None:
    bad = [c.name for c in CASES if "http" not in c.source]
    assert not bad, f"cases without a source URL: {bad}"


def test_every_case_belongs_to_a_dk_program() -> None:
    assert {c.program for c in CASES} <= set(PROGRAMS)
