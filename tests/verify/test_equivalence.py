"""The z3 translation, assess and the batch evaluator agree: each outcome the solver finds a case for (on
the latest in-force interval where it exists, within a small budget) is the outcome both evaluators give."""

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
    # latest interval first; an outcome the law rules out there (e.g. a duty that became a power) is
    # looked for on earlier intervals, and must be reachable on one of them
    translations = [Translation(program, None, lo, lo) for lo, _ in reversed(intervals(program))]
    for expected in ("eligible", "ineligible", "unknown"):
        results = []
        for tr in translations:
            root = tr.root
            goal = {"eligible": root.true, "ineligible": root.false, "unknown": z3.Not(root.known)}[expected]
            s = z3.Solver()
            s.set("rlimit", 5_000_000)  # where the solver can, within a small budget
            s.add(*tr.constraints, goal, z3.Not(tr.conflict))
            result = s.check()
            results.append(result)
            if result == z3.sat:
                case = extract(s.model(), tr)
                assert outcome(program, case.facts, case.on, None) == expected, case
                assert batch_outcome(program, case.facts, case.on, None) == expected, case
                break
        assert any(r != z3.unsat for r in results), f"{program.id}: no case is {expected} on any interval"
