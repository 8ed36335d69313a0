"""Crash safety: the load benchmark kills the server with SIGKILL mid-load and checks every write,
on SQLite and on PostgreSQL (a fresh database next to ``$DATABASE_URL``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import postgres_database

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
    base = os.environ.get("DATABASE_URL")
    if not base or not base.startswith("postgresql"):
        pytest.skip("DATABASE_URL is not set to a PostgreSQL server")
    gen = postgres_database(base, "migralex_load")
    url = next(gen)
    try:
        _run("--database-url", url)
    finally:
        next(gen, None)
