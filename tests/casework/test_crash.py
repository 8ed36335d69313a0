"""Crash safety: the load benchmark kills the server with SIGKILL mid-load and checks every write,
on SQLite and on PostgreSQL (a fresh database next to ``$DATABASE_URL``).

The kill waits for acknowledged writes, not for a fixed time: on a busy machine a fixed window can end
before the first write is acknowledged, and the test would then prove nothing about durability.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.casework.helpers import wait_until
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


@pytest.mark.slow
@pytest.mark.postgres
def test_acknowledged_writes_survive_kill_9_postgres_two_workers() -> None:
    """Two server processes; SIGKILL to both mid-load loses no acknowledged write, the chain verifies."""
    with postgres_database(postgres_base_url(), "migralex_load") as url:
        assert "2 server processes" in _run("--database-url", url, "--workers", "2")


@pytest.mark.slow
@pytest.mark.postgres
def test_workers_die_with_their_parent() -> None:
    """``serve --workers 2``: SIGKILL to the parent alone takes its workers down too (the port is free
    again), so a restart is never refused by orphaned workers still holding it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = Path(sys.executable).with_name("migralex")
    with postgres_database(postgres_base_url(), "migralex_workers") as url:
        server = subprocess.Popen(
            [str(exe), "serve", "--port", str(port), "--database-url", url, "--workers", "2"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        _kill_parent_only(server, port)


def test_workers_need_postgresql(tmp_path: Path) -> None:
    """``--workers 2`` on a SQLite file is refused before anything starts, naming the option."""
    r = subprocess.run(
        [
            str(Path(sys.executable).with_name("migralex")),
            "serve",
            "--workers",
            "2",
            "--database-url",
            f"sqlite:///{tmp_path / 'x.sqlite3'}",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode != 0 and "--workers" in r.stdout + r.stderr
    assert not (tmp_path / "x.sqlite3").exists()


def _kill_parent_only(server: subprocess.Popen[bytes], port: int) -> None:
    try:
        # the socket listens before the workers are forked: wait for the two workers themselves
        wait_until(lambda: len(_children(server.pid)) == 2, "the two workers run", 120)
        workers = _children(server.pid)
        server.send_signal(signal.SIGKILL)
        server.wait()
        wait_until(lambda: not any(_alive(w) for w in workers), "the workers are gone", 120)
        assert not _answers(port)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            return True
    except OSError:
        return False


def _children(pid: int) -> list[int]:
    return [int(p) for p in os.listdir("/proc") if p.isdigit() and _parent_of(int(p)) == pid]


def _parent_of(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return int(f.read().rsplit(")", 1)[1].split()[1])
    except OSError:
        return 0


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting for its reaper counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
