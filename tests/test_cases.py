"""Runs every law-readable case under tests/cases/ through both evaluators."""

from __future__ import annotations

from pathlib import Path

import pytest

from migralex.engine.cases import Case, check_case, load_cases
from migralex.rules.registry import get_program, get_reform

CASES_DIR = Path(__file__).parent / "cases"
#: Appeal cases (tests/cases/appeals) have their own shape and runner: tests/rules/test_appeals.py.
ALL_CASES: list[Case] = [
    c for f in sorted(CASES_DIR.rglob("*.yaml")) if "appeals" not in f.parent.parts for c in load_cases(f)
]


def test_there_are_cases() -> None:
    assert len(ALL_CASES) >= 5


@pytest.mark.parametrize("case", ALL_CASES, ids=[c.test_id for c in ALL_CASES])
def test_case(case: Case) -> None:
    problems = check_case(case, get_program, get_reform)
    assert not problems, f"{case.name} ({case.source}):\n  " + "\n  ".join(problems)
