"""Validation of user-supplied populations: every bad cell reported with row, column and problem."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
from typer.testing import CliRunner

from migralex.cli import app
from migralex.engine import FactSpec, FactType
from migralex.population import validate_file, validate_frame
from migralex.rules.registry import get_program

SPOUSE = "dk.family_reunification.spouse"
HEADER = (
    "sponsor.birth_date,applicant.birth_date,sponsor.residence_status,sponsor.financial_guarantee_provided,"
    "nationality,foo.bar\n"
)
CSV = (
    HEADER
    + """1990-01-01,1995-02-30,danish_citizen,yes,Syria,1
1980-05-05,,martian,true,Iran,2
notadate,1990-01-01,other,maybe,,3
1970-01-01,1970-01-01,,,,4
1985-01-01,1986-01-01,refugee_convention,FALSE,Eritrea,5
"""
)


def write(tmp_path: Path) -> Path:
    path = tmp_path / "pop.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_bad_cells_are_reported_with_row_column_and_problem(tmp_path: Path) -> None:
    v = validate_file(write(tmp_path), get_program(SPOUSE).fact_specs(), program_id=SPOUSE)
    assert v.rejects.select("row", "column", "value").rows() == [
        (1, "applicant.birth_date", "1995-02-30"),
        (2, "sponsor.residence_status", "martian"),
        (3, "sponsor.birth_date", "notadate"),
        (3, "sponsor.financial_guarantee_provided", "maybe"),
    ]
    assert "unknown code" in v.rejects["problem"][1]
    assert v.n_rows == 5 and v.n_rejected_rows == 3
    assert v.frame["row"].to_list() == [4, 5]
    assert v.frame["sponsor.financial_guarantee_provided"].to_list() == [None, False]
    assert v.frame["sponsor.birth_date"].to_list() == [date(1970, 1, 1), date(1985, 1, 1)]
    assert v.frame["synthetic"].to_list() == [False, False]
    assert any("foo.bar" in n for n in v.notes) and any("absent" in n for n in v.notes)
    assert v.summary() == "5 rows read, 3 with errors (4 bad cells)"


def test_on_bad_unknown_keeps_rows_and_blanks_bad_cells(tmp_path: Path) -> None:
    v = validate_file(write(tmp_path), get_program(SPOUSE).fact_specs(), on_bad="unknown")
    assert v.frame.height == 5 and v.rejects.height == 4
    assert v.frame["sponsor.residence_status"].to_list()[:2] == ["danish_citizen", None]


def test_typed_columns_ints_decimals_and_code_sets() -> None:
    specs = {
        "p.n": FactSpec("p.n", FactType.INT, "n", minimum=0),
        "p.amount": FactSpec("p.amount", FactType.DECIMAL, "amount", unit="DKK"),
        "p.tags": FactSpec("p.tags", FactType.CODE_SET, "tags", codes=("x", "y")),
    }
    raw = pl.DataFrame(
        {
            "p.n": ["3", "-1", "2.5", ""],
            "p.amount": ["100.50", "abc", None, "7"],
            "p.tags": ["x;y", "z", "", "y"],
        }
    )
    v = validate_frame(raw, specs, on_bad="unknown")
    assert sorted(v.rejects.select("row", "column").rows()) == [
        (2, "p.amount"),
        (2, "p.n"),
        (2, "p.tags"),
        (3, "p.n"),
    ]
    assert v.frame["p.n"].to_list() == [3, None, None, None]
    assert v.frame["p.tags"].to_list()[0] == ["x", "y"]
    problems = dict(
        zip(v.rejects["column"] + v.rejects["row"].cast(pl.String), v.rejects["problem"], strict=True)
    )
    assert problems["p.n2"] == "must be at least 0" and problems["p.n3"] == "expected a whole number"


def test_cli_validate_writes_rejects_and_exits_1(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["population", "validate", str(write(tmp_path)), "--program", SPOUSE, "--out", str(tmp_path / "v")],
    )
    assert result.exit_code == 1, result.output
    assert "5 rows read, 3 with errors" in result.output
    rejects = pl.read_csv(tmp_path / "v" / "rejects.csv")
    assert rejects.height == 4 and rejects.columns == ["row", "column", "problem", "value"]
    assert pl.read_parquet(tmp_path / "v" / "valid.parquet").height == 2
