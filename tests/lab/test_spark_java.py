"""Without a Java runtime, ``simulate --engine spark`` says so and exits 2 (no traceback, nothing written)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from migralex.cli import app


def test_spark_engine_without_java_exits_2_with_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no java on this PATH
    monkeypatch.delenv("JAVA_HOME", raising=False)
    out = tmp_path / "sim"
    args = ["simulate", "--population", "synthetic:dk-spouse:100:seed=1", "--rules", "dk"]
    args += ["--program", "family_reunification.spouse", "--date", "2025-03-01", "--out", str(out)]
    result = CliRunner().invoke(app, [*args, "--engine", "spark"])
    assert result.exit_code == 2
    assert "Java runtime" in result.output
    assert not out.exists()
