"""Crash safety: the load benchmark kills the server with SIGKILL mid-load and checks every write."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "casework_load.py"


@pytest.mark.slow
def test_acknowledged_writes_survive_kill_9_and_the_audit_chain_verifies() -> None:
    r = subprocess.run(
        [sys.executable, str(BENCH), "--clients", "3", "--seconds", "6"],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert "RESULT: OK" in r.stdout
    acked = int(r.stdout.split("acknowledged writes: ")[1].split(";")[0])
    assert acked > 0
