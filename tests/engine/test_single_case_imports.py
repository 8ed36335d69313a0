"""The single-case path loads no polars, pyarrow or database code: importing the engine and a rule pack
and assessing one case (the Danish spouse rules, an applicant aged 22 on 1 March 2025) leaves them out of
``sys.modules``. Checked in a fresh interpreter, since this test process has them loaded already."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "dk_spouse_young_applicant.json"
HEAVY = ("polars", "pyarrow", "numpy", "sqlalchemy", "psycopg", "alembic", "fastapi", "altair", "pandas")

CODE = f"""
import json, sys
from datetime import date
import migralex.engine
from migralex.engine import assess
from migralex.rules.registry import get_program
program = get_program("dk.family_reunification.spouse")
facts = program.parse_facts(json.loads(open({str(EXAMPLE)!r}, encoding="utf-8").read()))
decision = assess(program, facts, date(2025, 3, 1))
assert decision.outcome == "unknown", decision.outcome
json.dumps(decision.to_json())
print(" ".join(sorted(set({HEAVY!r}) & set(sys.modules))) or "none")
"""


def test_assessing_one_case_imports_no_polars_pyarrow_or_database_code() -> None:
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["none"]
