"""Crash safety: the load benchmark kills the server with SIGKILL mid-load and checks every write,
on SQLite and on PostgreSQL (a fresh database next to ``$DATABASE_URL``).

The kill waits for acknowledged writes, not for a fixed time: on a busy machine a fixed window can end
before the first write is acknowledged, and the test would then prove nothing about durability.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.databases import postgres_base_url, postgres_database

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "casework_load.py"
#: Writes acknowledged before the SIGKILL (two person -> case -> decision chains); the restarted server
#: keeps the load going until as many more are acknowledged (at least one is required). Each wait is
#: bounded by BOUND seconds.
WRITES = 6
BOUND = 180


def _run(*extra: str) -> str:
    args = ["--clients", "3", "--seconds", "6", "--kill-after-writes", str(WRITES), "--bound", str(BOUND)]
    r = subprocess.run(
        [sys.executable, str(BENCH), *args, *extra],
        capture_output=True,
        text=True,
        timeout=2 * BOUND + 300,  # two bounded waits, two server starts, the baseline and the check
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert "RESULT: OK" in r.stdout
    before = int(r.stdout.split("acknowledged before the kill: ")[1].split(";")[0])
    after = int(r.stdout.split("after the restart: ")[1].split()[0])
    assert before >= WRITES and after >= 1, r.stdout
    return r.stdout


@pytest.mark.slow
def test_acknowledged_writes_survive_kill_9_sqlite() -> None:
    _run()


@pytest.mark.slow
@pytest.mark.postgres
def test_acknowledged_writes_survive_kill_9_postgres() -> None:
    with postgres_database(postgres_base_url(), "migralex_load") as url:
        _run("--database-url", url)
