"""``migralex verify`` from the command line: the person a reform affects, bad input, exit codes."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from migralex.cli import app

runner = CliRunner()


def test_verify_prints_a_concrete_person_who_loses_under_the_reform() -> None:
    args = ["verify", "--reform", "uk_adopts_dk_family_reunion", "--witness",
            "--program", "uk.family_reunion.refugee", "--date", "2025-06-01", "--format", "json"]  # fmt: skip
    result = runner.invoke(app, args)
    (report,) = json.loads(result.stdout)
    loses = report["witnesses"]["loses"]
    assert loses["status"] == "found"
    person = loses["witness"]
    assert person["date"] == "2025-06-01"
    assert person["outcomes"]["baseline"] == "eligible"
    assert person["outcomes"]["uk_adopts_dk_family_reunion"] == "ineligible"
    assert person["facts"]["sponsor.residence_status"]  # a concrete case, not an empty one
    # the one finding here is accepted (the reform keeps the route open by design): exit 0
    assert result.exit_code == 0, result.output


def test_verify_text_names_the_facts() -> None:
    args = ["verify", "uk.family_reunion.refugee", "--reform", "uk_adopts_dk_family_reunion", "--witness",
            "--date", "2025-06-01"]  # fmt: skip
    result = runner.invoke(app, args)
    assert "who loses: found" in result.stdout and "on 2025-06-01" in result.stdout


def test_an_unknown_program_exits_2() -> None:
    result = runner.invoke(app, ["verify", "uk.no_such_program"])
    assert result.exit_code == 2 and "unknown program" in result.output


def test_a_reform_for_another_pack_exits_2() -> None:
    result = runner.invoke(app, ["verify", "dk.asylum.status", "--reform", "uk_adopts_dk_family_reunion"])
    assert result.exit_code == 2 and "--reform uk_adopts_dk_family_reunion" in result.output


def test_a_date_outside_every_window_exits_2() -> None:
    result = runner.invoke(app, ["verify", "uk.family_reunion.refugee", "--date", "1800-01-01"])
    assert result.exit_code == 2 and "--date 1800-01-01" in result.output


def test_a_malformed_date_exits_2() -> None:
    result = runner.invoke(app, ["verify", "uk.family_reunion.refugee", "--date", "2025-02-30"])
    assert result.exit_code == 2 and "--date" in result.output


def test_the_reform_command_shows_a_person_who_loses_beside_its_diff() -> None:
    result = runner.invoke(
        app, ["reform", "uk_adopts_dk_family_reunion", "--date", "2025-06-01", "--witness"]
    )
    assert result.exit_code == 0, result.output
    assert "A person this reform affects, on 2025-06-01" in result.stdout
    assert "who loses: found" in result.stdout
