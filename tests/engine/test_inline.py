"""Named nodes written inline (``backends/inline.py``) explain a case exactly as the closures do.

Each decision is made twice, once with every named node compiled inline (the default) and once with
every node compiled to closures only; the JSON of the two, which holds every node's value and the facts
and parameters it read in the order read, must be equal. On the toy pack (every construct) with random
facts, and on every law-readable case.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migralex.engine import assess
from migralex.engine.backends import scalar
from migralex.engine.cases import Case, load_cases
from migralex.engine.program import Decision, Program, Reform
from migralex.rules.registry import get_program, get_reform

from .test_properties import TOY, decision_dates, toy_facts

CASES_DIR = Path(__file__).resolve().parents[1] / "cases"
CASES: list[Case] = [
    c for f in sorted(CASES_DIR.rglob("*.yaml")) if "appeals" not in f.parent.parts for c in load_cases(f)
]


def _forget(program: Program, reform: Reform | None) -> None:
    """Drop the compiled form kept on every node the decision can read (made again on next use)."""
    nodes = program.nodes() + (program.nodes(reform.replacements) if reform else [])
    for node in nodes:
        object.__setattr__(node, "_compiled", None)


@contextmanager
def closures_only(program: Program, reform: Reform | None, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Within the block, named nodes are compiled to closures, not inline."""
    _forget(program, reform)

    def closures(e: Any, fallback: Callable[[Any], Any], label: str = "") -> Any:
        return fallback(e)

    with monkeypatch.context() as m:
        m.setattr(scalar, "inline", closures)
        yield
    _forget(program, reform)


def _both(
    make: Callable[[], Decision], program: Program, reform: Reform | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _forget(program, reform)
    inline = make()
    with closures_only(program, reform, monkeypatch):
        plain = make()
    assert json.dumps(inline.to_json(), sort_keys=False) == json.dumps(plain.to_json(), sort_keys=False)
    assert inline.missing_facts == plain.missing_facts


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(toy_facts, decision_dates), min_size=1, max_size=3))
def test_inline_explains_random_toy_cases_as_the_closures_do(
    cases: list[tuple[dict[str, Any], date]],
) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        for facts, on in cases:
            _both(lambda: assess(TOY, facts, on), TOY, None, monkeypatch)  # noqa: B023


@pytest.mark.parametrize("case", CASES, ids=[c.test_id for c in CASES])
def test_inline_explains_every_case_as_the_closures_do(case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    program = get_program(case.program)
    reform = get_reform(case.reform) if case.reform else None

    def make() -> Decision:
        return assess(program, program.parse_facts(case.facts, reform), case.date, reform)

    _both(make, program, reform, monkeypatch)
