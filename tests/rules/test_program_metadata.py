"""Every program says what it means: outcome vocabulary, adverse flag, money outputs with currency, its
in-force window with a citation, and tags on the conditions that casework and the lab select on."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from migralex.cli import app
from migralex.engine import ConditionTag
from migralex.engine.meta import DEFAULT_VOCABULARY
from migralex.rules.meta import CASE_KINDS
from migralex.rules.registry import programs

ALL = sorted(programs())
#: Programs whose positive outcome goes against the person.
ADVERSE = {
    "dk.asylum.revocation",
    "dk.expulsion",
    "dk.asset_seizure",
    "dk.area.parallel_society",
    "uk.deportation",
    # an obligation to live at a departure centre; "may proceed" lets the adverse decision go ahead;
    # a certified claim means removal before the appeal
    "dk.departure_centre",
    "dk.vulnerability_screening",
    "uk.deportation.deport_now_appeal_later",
}


@pytest.mark.parametrize("program_id", ALL)
def test_program_declares_vocabulary_window_and_money(program_id: str) -> None:
    program = programs()[program_id]
    vocabulary = program.meta.vocabulary
    assert vocabulary != DEFAULT_VOCABULARY, "a program names its own outcomes"
    assert vocabulary.positive_is_adverse == (program_id in ADVERSE)
    assert program.in_force is not None and program.in_force.citation.text
    for name, output in program.outputs.items():
        declared = program.meta.money_output(name)
        is_money = len(output.unit) == 3 and output.unit.isupper()
        assert (declared is not None) == is_money, f"{name} ({output.unit})"
        if declared is not None:
            assert declared.currency == output.unit


def test_age_limits_and_sponsor_status_are_tagged_in_the_family_programs() -> None:
    for program_id in (
        "dk.family_reunification.spouse",
        "uk.family.partner",
        "dk.family_reunification.child",
    ):
        program = programs()[program_id]
        assert program.tagged(ConditionTag.AGE_LIMIT) and program.tagged(ConditionTag.SPONSOR_STATUS)


def test_case_kinds_name_real_programs() -> None:
    assert set(CASE_KINDS) <= set(programs())


def test_programs_json_shows_the_metadata() -> None:
    result = CliRunner().invoke(app, ["programs", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in json.loads(result.stdout)}
    assert set(rows) == set(ALL)
    deport = rows["uk.deportation"]
    assert deport["vocabulary"]["positive"] == "deport" and deport["vocabulary"]["positive_is_adverse"]
    seizure = rows["dk.asset_seizure"]
    assert seizure["money"] == [{"name": "seizable_amount", "currency": "DKK"}]
    assert seizure["in_force"]["commencement"] == "2016-02-05"
    assert (
        "age_limit"
        in rows["dk.family_reunification.spouse"]["tags"]["dk.family_reunification.spouse.applicant_age"]
    )
