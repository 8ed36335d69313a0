"""The z3 translation, assess and the batch evaluator agree: each outcome the solver finds a case for (on
the last in-force interval of every program, within a small budget) is the outcome both evaluators give."""

from __future__ import annotations

import pytest
import z3

from migralex.engine.program import Program
from migralex.rules.registry import programs
from migralex.verify.checks import batch_outcome, extract, intervals, outcome
from migralex.verify.translate import Translation

PROGRAMS = list(programs().values())


@pytest.mark.parametrize("program", PROGRAMS, ids=[p.id for p in PROGRAMS])
def test_the_solver_and_both_evaluators_agree_on_generated_cases(program: Program) -> None:
    lo, _ = intervals(program)[-1]
    tr = Translation(program, None, lo, lo)  # on the first day of the last interval
    root = tr.root
    for expected, goal in (
        ("eligible", root.true),
        ("ineligible", root.false),
        ("unknown", z3.Not(root.known)),
    ):
        s = z3.Solver()
        s.set("rlimit", 5_000_000)  # where the solver can, within a small budget
        s.add(*tr.constraints, goal, z3.Not(tr.conflict))
        result = s.check()
        assert result != z3.unsat, f"{program.id}: no case is {expected}"
        if result == z3.unknown:
            continue
        case = extract(s.model(), tr)
        assert case.on == lo
        assert outcome(program, case.facts, case.on, None) == expected, case
        assert batch_outcome(program, case.facts, case.on, None) == expected, case
