"""Crash safety: the load benchmark kills the server with SIGKILL mid-load and checks every write,
on SQLite and on PostgreSQL (a fresh database next to ``$DATABASE_URL``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.databases import postgres_base_url, postgres_database

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "casework_load.py"


def _run(*extra: str) -> str:
    r = subprocess.run(
        [sys.executable, str(BENCH), "--clients", "3", "--seconds", "6", *extra],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert "RESULT: OK" in r.stdout
    acked = int(r.stdout.split("acknowledged writes: ")[1].split(";")[0])
    assert acked > 0
    return r.stdout


@pytest.mark.slow
def test_acknowledged_writes_survive_kill_9_sqlite() -> None:
    _run()


@pytest.mark.slow
@pytest.mark.postgres
def test_acknowledged_writes_survive_kill_9_postgres() -> None:
    with postgres_database(postgres_base_url(), "migralex_load") as url:
        _run("--database-url", url)
