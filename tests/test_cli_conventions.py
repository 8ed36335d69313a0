"""Command-line conventions every sub-command shares (migralex.clikit): formats, aliases, help, errors."""

from __future__ import annotations

import csv
import io
import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from migralex import cli
from migralex.cli import app

runner = CliRunner()


def test_version_prints_the_installed_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith("migralex ")


def test_programs_in_csv_and_json_hold_the_same_rows_as_the_table() -> None:
    as_csv = runner.invoke(app, ["programs", "--format", "csv"])
    as_json = runner.invoke(app, ["programs", "--format", "json"])
    assert as_csv.exit_code == as_json.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    # json holds the same programs, each with its typed metadata as well
    listed = json.loads(as_json.stdout)
    assert [(r["program"], r["jurisdiction"], r["status"]) for r in rows] == [
        (p["id"], p["jurisdiction"], p["status"]) for p in listed
    ]
    assert all({"vocabulary", "money", "in_force", "tags"} <= p.keys() for p in listed)
    spouse = next(r for r in rows if r["program"] == "dk.family_reunification.spouse")
    assert spouse["jurisdiction"] == "dk" and spouse["status"] == "in_force"


def test_a_reform_table_in_csv_keeps_every_source_url_whole() -> None:
    result = runner.invoke(
        app, ["reform", "uk_adopts_dk_family_reunion", "--format", "csv"], terminal_width=60
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and all("…" not in value for row in rows for value in row.values())
    assert any("https://www.retsinformation.dk/" in row["reform"] for row in rows)


def test_text_tables_fold_long_cells_instead_of_cutting_them() -> None:
    result = runner.invoke(app, ["reform", "uk_adopts_dk_family_reunion"], terminal_width=60)
    assert result.exit_code == 0
    assert "…" not in result.stdout


def test_help_shows_what_to_type_not_python_types() -> None:
    for command in (["assess", "--help"], ["simulate", "--help"], ["serve", "--help"]):
        result = runner.invoke(app, command, terminal_width=200)
        assert result.exit_code == 0, result.output
        for python_type in ("<str>", "<bool>", "<int>", "<list[str]>", "<path>"):
            assert python_type not in result.stdout, (command, python_type)


def test_database_url_is_the_one_spelling_and_db_still_works(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    new = runner.invoke(app, ["programme", "--database-url", url, "migrate"])
    old = runner.invoke(app, ["programme", "--db", url, "migrate"])
    assert new.exit_code == old.exit_code == 0, new.output + old.output
    assert "--db" not in runner.invoke(app, ["programme", "--help"], terminal_width=200).stdout


def test_a_part_whose_extra_is_missing_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "migralex_test_part.py").write_text("import a_package_that_is_not_installed\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(cli.PARTS, "imaginary", ("migralex_test_part", "server"))
    result = runner.invoke(app, ["imaginary", "--anything"])
    assert result.exit_code == 2
    assert "pip install 'migralex[server]'" in result.output
    assert "a_package_that_is_not_installed" in result.output


def test_serve_on_a_port_in_use_exits_2_before_printing_a_banner(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-c", "from migralex.cli import main; main()", "serve", "--port", str(port)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 2
    assert "cannot listen on 127.0.0.1" in result.stderr
    assert "migralex casework on" not in result.stdout
    assert not (tmp_path / "var").exists()  # nothing migrated or written


def test_assess_imports_neither_the_web_framework_nor_the_database_layer(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from migralex.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "parts = {'fastapi', 'sqlalchemy', 'alembic', 'altair', 'pyarrow', 'uvicorn'}\n"
        "heavy = sorted(parts & set(sys.modules))\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    facts = Path(__file__).resolve().parents[1] / "examples" / "dk_spouse_young_applicant.json"
    result = subprocess.run(
        [sys.executable, "-c", code, "assess", "dk.family_reunification.spouse", "--facts", str(facts)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "HEAVY []" in result.stderr, result.stderr


def test_a_part_is_refused_when_a_module_of_its_extra_is_absent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(cli.EXTRAS, "lab", ("a_lab_package_that_is_not_installed",))
    monkeypatch.setitem(cli.PARTS, "imaginary-lab", ("migralex.lab.cli", "lab"))
    result = runner.invoke(app, ["imaginary-lab"])
    assert result.exit_code == 2
    assert "needs the 'lab' extra" in result.output and "pip install 'migralex[lab]'" in result.output


def test_repeated_headers_stay_distinct_in_csv_and_json() -> None:
    from rich.table import Table

    from migralex.clikit import table_rows

    table = Table("outcome", "share", "outcome", "share")
    table.add_row("eligible", "10%", "ineligible", "90%")
    assert table_rows(table) == [
        {"outcome (1)": "eligible", "share (2)": "10%", "outcome (3)": "ineligible", "share (4)": "90%"}
    ]
