"""``--explain full|failing|none``: one decision, three sizes of explanation, the same answer in each.

The case: a Danish spouse application where the applicant was born on 1 June 2002, decided on 1 March 2025,
so the applicant is 22 and fails the applicant's half of the 24-year rule (Udlændingeloven § 9, stk. 1,
nr. 1); whether the dispensation applies is not recorded, so the outcome is unknown.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from migralex.cli import app
from migralex.engine import assess
from migralex.rules.registry import get_program

SPOUSE = "dk.family_reunification.spouse"
YOUNG = Path(__file__).resolve().parents[2] / "examples" / "dk_spouse_young_applicant.json"
DECIDED_ON = date(2025, 3, 1)
APPLICANT_AGE = "dk.family_reunification.spouse.applicant_age"


def _ids(tree: dict[str, Any]) -> list[str]:
    return [tree["id"], *(i for c in tree["children"] for i in _ids(c))]


def _decision() -> Any:
    program = get_program(SPOUSE)
    return assess(program, program.parse_facts(json.loads(YOUNG.read_text(encoding="utf-8"))), DECIDED_ON)


def test_failing_shows_the_24_year_rule_and_no_condition_that_holds() -> None:
    full = _decision().to_json()
    failing = _decision().to_json(explain="failing")
    assert APPLICANT_AGE in _ids(failing["conditions"][0])
    results = {c["id"]: c["result"] for c in _walk(full["conditions"][0])}
    shown = _walk(failing["conditions"][0])[1:]  # the root is always shown
    assert shown and all(c["result"] is not True for c in shown)
    assert len(shown) < len(results)
    assert failing["explain"] == "failing"


def test_none_keeps_the_answer_and_drops_the_tree() -> None:
    full = _decision().to_json()
    none = _decision().to_json(explain="none")
    assert none["conditions"] == []
    assert all("explanation" not in o for o in none["outputs"].values())
    for key in ("outcome", "missing_facts", "facts", "warnings", "unknown_parameters", "rulepack"):
        assert none[key] == full[key], key


def test_an_unknown_explain_level_is_refused() -> None:
    with pytest.raises(ValueError, match="explain must be one of full, failing, none"):
        _decision().to_json(explain="some")


@pytest.mark.parametrize("level", ["full", "failing", "none"])
def test_the_command_line_takes_the_same_levels(level: str) -> None:
    args = ["assess", SPOUSE, "--facts", str(YOUNG), "--date", "2025-03-01", "--explain", level]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == _decision().to_json(explain=level)


def test_the_command_line_refuses_another_level_with_exit_2() -> None:
    result = CliRunner().invoke(app, ["assess", SPOUSE, "--facts", str(YOUNG), "--explain", "brief"])
    assert result.exit_code == 2


def _walk(tree: dict[str, Any]) -> list[dict[str, Any]]:
    return [tree, *(n for c in tree["children"] for n in _walk(c))]
