"""In-force windows: on a date outside a program's life the answer is ``not_in_force``, with the citation.

The dates of the issue: the Danish asset seizure the day before lov nr. 102 af 3. februar 2016 took effect
(5 February 2016); the UK family return pilot the day before it started (5 March 2026); Danish spouse
reunification in June 2017, under the attachment-requirement regime that this pack does not encode.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from migralex.cli import app
from migralex.engine.cases import load_cases
from migralex.rules.registry import programs

#: Program cases (appeal cases under tests/cases/appeals have their own shape: tests/rules/test_appeals.py).
CASES = [
    c
    for f in sorted((Path(__file__).parents[1] / "cases").rglob("*.yaml"))
    if "appeals" not in f.parent.parts
    for c in load_cases(f)
]
runner = CliRunner()


def assess(program: str, on: str, facts: str = "{}") -> dict[str, object]:
    result = runner.invoke(app, ["assess", program, "--facts", "-", "--date", on], input=facts)
    assert result.exit_code == 0, result.output
    out: dict[str, object] = json.loads(result.stdout)
    return out


def test_asset_seizure_before_the_law_is_not_in_force_with_the_commencement_citation() -> None:
    decision = assess("dk.asset_seizure", "2016-02-04", '{"person.is_asylum_seeker": true}')
    assert decision["outcome"] == "not_in_force"
    why = decision["not_in_force"]
    assert isinstance(why, dict)
    assert why["reason"] == "not_commenced" and why["since"] == "2016-02-05"
    assert "lov nr. 102 af 3. februar 2016" in why["citation"]["citation"]
    assert assess("dk.asset_seizure", "2016-02-05")["outcome"] != "not_in_force"


def test_family_return_pilot_before_it_started_is_not_in_force() -> None:
    assert assess("uk.voluntary_return.family_pilot_2026", "2026-03-04")["outcome"] == "not_in_force"
    assert assess("uk.voluntary_return.family_pilot_2026", "2026-03-05")["outcome"] == "unknown"


def test_spouse_reunification_in_2015_names_the_earlier_regime_not_encoded() -> None:
    decision = assess("dk.family_reunification.spouse", "2015-12-31")
    assert decision["outcome"] == "not_in_force"
    why = decision["not_in_force"]
    assert isinstance(why, dict)
    assert "is not encoded" in why["citation"]["note"] and "before 1 January 2016" in why["citation"]["note"]


@pytest.mark.parametrize("program_id", sorted(programs()))
def test_every_program_has_a_case_before_its_window(program_id: str) -> None:
    window = programs()[program_id].in_force
    assert window is not None
    before = [c for c in CASES if c.program == program_id and c.outcome == "not_in_force"]
    assert any(c.date < window.commencement for c in before), f"no not_in_force case for {program_id}"
