"""The CLI contract of design.md: programs, schema, assess (json and text), compare, reform, docs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from migralex.cli import app

runner = CliRunner()
SPOUSE = "dk.family_reunification.spouse"
OTHER_CONDITIONS_MET = yaml.safe_load(
    (Path(__file__).parent / "cases/dk/family_reunification_spouse_core.yaml").read_text(encoding="utf-8")
)["meets_other_conditions"]
ELIGIBLE_CASE = {
    **OTHER_CONDITIONS_MET,
    "sponsor.birth_date": "1990-05-01",
    "applicant.birth_date": "1995-01-15",
    "sponsor.residence_status": "danish_citizen",
    "sponsor.has_received_public_assistance": False,
    "sponsor.financial_guarantee_provided": True,
}


def write(tmp_path: Path, data: object, name: str = "case.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return path


def test_programs_lists_the_spouse_program() -> None:
    result = runner.invoke(app, ["programs"], terminal_width=200)
    assert result.exit_code == 0
    assert SPOUSE in result.output and "in_force" in result.output


def test_schema_is_json_schema_of_the_facts() -> None:
    result = runner.invoke(app, ["schema", SPOUSE])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["properties"]["sponsor.birth_date"]["format"] == "date"
    assert schema["additionalProperties"] is False


def test_assess_json_has_the_contract_shape(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["assess", SPOUSE, "--facts", str(write(tmp_path, ELIGIBLE_CASE)), "--date", "2025-03-01"]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert set(out) >= {"program", "date", "outcome", "conditions", "missing_facts", "rulepack", "reform"}
    assert out["outcome"] == "eligible" and out["date"] == "2025-03-01"
    root = out["conditions"][0]
    assert set(root) >= {"id", "label", "result", "citation", "facts", "parameters", "children"}
    assert set(out["rulepack"]) == {"id", "version", "hash"}
    age = next(c for c in root["children"] if c["id"].endswith("both_24"))
    sponsor_age = age["children"][0]
    assert sponsor_age["facts"] == {"sponsor.birth_date": "1990-05-01"}
    assert sponsor_age["parameters"][f"{SPOUSE}.min_age"]["value"] == 24


def test_assess_text_is_a_readable_tree_with_citations(tmp_path: Path) -> None:
    case = dict(ELIGIBLE_CASE, **{"applicant.birth_date": "2002-01-01"})
    result = runner.invoke(
        app,
        ["assess", SPOUSE, "--facts", str(write(tmp_path, case)), "--date", "2025-03-01", "--format", "text"],
        terminal_width=140,
    )
    assert result.exit_code == 0
    assert "UNKNOWN" in result.stdout
    assert "Udlændingeloven § 9, stk. 1, nr. 1" in result.stdout
    assert "ask next: case.age_requirement_dispensation" in result.stdout


@pytest.mark.parametrize(
    ("args", "facts", "message"),
    [
        (["assess", "dk.no_such_program"], ELIGIBLE_CASE, "unknown program 'dk.no_such_program'"),
        (["assess", SPOUSE], "{not json", "not valid JSON"),
        (["assess", SPOUSE], {"sponsor.birth_date": 1990}, "sponsor.birth_date: expected a date"),
        (["assess", SPOUSE], {"sponsor.shoe_size": 42}, "sponsor.shoe_size: unknown fact id"),
        (["assess", SPOUSE, "--date", "2025-02-30"], ELIGIBLE_CASE, "--date: not a valid date"),
        (["assess", SPOUSE], {"sponsor.birth_date": "2025-13-01"}, "sponsor.birth_date: not a valid date"),
        (["assess", SPOUSE], [1, 2], "must hold a JSON object"),
        (["assess", SPOUSE, "--reform", "nope"], ELIGIBLE_CASE, "unknown reform 'nope'"),
    ],
)
def test_bad_input_exits_2_naming_the_field(
    tmp_path: Path, args: list[str], facts: object, message: str
) -> None:
    result = runner.invoke(app, [*args, "--facts", str(write(tmp_path, facts))], terminal_width=300)
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.stderr.split())
    assert "Traceback" not in result.output


def test_missing_facts_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["assess", SPOUSE, "--facts", str(tmp_path / "absent.json")])
    assert result.exit_code == 2 and "cannot read" in result.stderr


def test_compare_reads_only_the_facts_each_program_knows(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "compare",
            "--facts",
            str(write(tmp_path, ELIGIBLE_CASE)),
            "--program",
            SPOUSE,
            "--date",
            "2025-03-01",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["outcome"] == "eligible"
    bad = runner.invoke(
        app, ["compare", "--facts", str(write(tmp_path, {"x.y": 1})), "--program", SPOUSE], terminal_width=300
    )
    assert bad.exit_code == 2 and "x.y: no program compared reads this fact" in bad.stderr


def test_docs_are_up_to_date() -> None:
    result = runner.invoke(app, ["docs", "--out", "docs/rules", "--check"])
    assert result.exit_code == 0, result.output + result.stderr


# --- the console entry point's own path for `assess` (migralex.entry) -----------------------------------


def _entry(
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[object, str, str]:
    """Run the console entry point in-process: (exit code, stdout, stderr)."""
    from migralex import entry

    monkeypatch.setattr(sys, "argv", ["migralex", *args])
    with pytest.raises(SystemExit) as stop:
        entry.main()
    captured = capsys.readouterr()
    return stop.value.code, captured.out, captured.err


@pytest.mark.parametrize(
    ("extra", "facts"),
    [
        ([], ELIGIBLE_CASE),
        (
            ["--format", "text", "--explain", "failing"],
            dict(ELIGIBLE_CASE, **{"applicant.birth_date": "2002-01-01"}),
        ),
        (["--explain=none", "--format=json"], ELIGIBLE_CASE),
        (["--date", "2025-02-30"], ELIGIBLE_CASE),
        ([], {"sponsor.birth_date": 1990}),
        ([], {"sponsor.shoe_size": 42}),
        ([], "{not json"),
        (["--reform", "nope"], ELIGIBLE_CASE),
    ],
)
def test_assess_by_the_entry_point_prints_what_the_typer_command_prints(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    extra: list[str],
    facts: object,
) -> None:
    from migralex import entry

    on = [] if "--date" in extra else ["--date", "2025-03-01"]
    args = ["assess", SPOUSE, "--facts", str(write(tmp_path, facts)), *on, *extra]
    assert entry.parse_assess(args[1:]) is not None  # the entry point's own path, not Typer's
    code, stdout, stderr = _entry(args, capsys, monkeypatch)
    typer_run = runner.invoke(app, args)
    assert code == typer_run.exit_code, stderr
    assert stdout == typer_run.stdout
    assert " ".join(stderr.split()) == " ".join(typer_run.stderr.split())


@pytest.mark.parametrize(
    "args",
    [
        [SPOUSE],  # no --facts
        [SPOUSE, "--facts", "x.json", "--format", "xml"],
        [SPOUSE, "--facts", "x.json", "--facts", "y.json"],
        [SPOUSE, "--facts"],
        [SPOUSE, "other", "--facts", "x.json"],
        ["--help"],
        [SPOUSE, "--facts", "x.json", "--colour"],
    ],
)
def test_anything_but_the_plain_assess_goes_to_typer(args: list[str]) -> None:
    from migralex.entry import parse_assess

    assert parse_assess(args) is None


def test_assess_by_the_entry_point_imports_no_cli_framework(tmp_path: Path) -> None:
    facts = write(tmp_path, ELIGIBLE_CASE)
    code = (
        "import sys, atexit\n"
        "heavy = ('typer', 'click', 'rich', 'pydantic', 'polars', 'pyarrow', 'sqlalchemy')\n"
        "loaded = lambda: sorted({m.split('.')[0] for m in sys.modules} & set(heavy))\n"
        "atexit.register(lambda: print('loaded:', loaded(), file=sys.stderr))\n"
        f"sys.argv = ['migralex', 'assess', {SPOUSE!r}, '--facts', {str(facts)!r}, '--date', '2025-03-01']\n"
        "from migralex.entry import main\n"
        "main()\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["outcome"] == "eligible"
    assert "loaded: []" in result.stderr
