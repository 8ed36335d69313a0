"""Reform witnesses: a concrete person who loses (or gains), re-assessed with the engine under both."""

from __future__ import annotations

from datetime import date

import pytest

from migralex.engine import assess
from migralex.engine.program import Program, Reform
from migralex.rules.registry import get_program, get_reform, programs, reforms
from migralex.verify.checks import intervals, reform_witness

PAIRS = [(p, r) for r in reforms().values() for p in programs().values() if r.applies_to(p)]


def test_a_refugee_partner_loses_family_reunion_when_the_uk_adopts_the_danish_rules() -> None:
    program = get_program("uk.family_reunion.refugee")
    reform = get_reform("uk_adopts_dk_family_reunion")
    on = date(2025, 6, 1)  # the route is open until 4 September 2025 (HC 1298)
    status, w, _ = reform_witness(program, reform, on, on, "loses")
    assert status == "found" and w is not None and w.on == on
    assert assess(program, w.facts, on).outcome == "eligible"
    assert assess(program, w.facts, on, reform).outcome == "ineligible"


@pytest.mark.parametrize(("program", "reform"), PAIRS, ids=[f"{r.id}-{p.id}" for p, r in PAIRS])
def test_every_witness_of_every_reform_is_confirmed_by_assess(program: Program, reform: Reform) -> None:
    for direction, (before, after) in {
        "loses": ("eligible", "ineligible"),
        "gains": ("ineligible", "eligible"),
    }.items():
        for lo, hi in intervals(program, reform):
            status, w, _ = reform_witness(program, reform, lo, hi, direction)
            assert status in ("found", "none"), f"{direction} {lo}..{hi}: {status}"
            if w is None:
                continue
            assert lo <= w.on <= hi
            assert assess(program, w.facts, w.on).outcome == before
            assert assess(program, w.facts, w.on, reform).outcome == after
            assert w.confirmed  # the batch evaluator agrees as well
            break  # one witness per direction is enough here
