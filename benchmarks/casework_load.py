"""Casework load test with a crash: N clients create people, cases and decisions; the server is
killed with SIGKILL mid-load and restarted; then every acknowledged write must be present, unchanged,
and the audit chain must verify.

    .venv/bin/python benchmarks/casework_load.py [--clients 8] [--seconds 20] [--database-url URL]
                                                 [--kill-after-writes N [--bound 180]]

By default the server is killed at 45 % of ``--seconds`` and the load runs to ``--seconds``. With
``--kill-after-writes N`` the kill also waits until N writes were acknowledged, and after the restart the
load runs for the rest of ``--seconds`` and until N more writes were acknowledged; each wait ends at the
latest ``--bound`` seconds after it began (a busy machine slows the run down instead of leaving it
without writes). Exit status 2 if, even so, fewer than N writes were acknowledged before the kill or none
after the restart.

Loopback only: the server is started by this script on a free 127.0.0.1 port (default database: a
fresh SQLite file in a temporary directory). A named baseline runs first with the same clients: an
authenticated read that writes nothing (GET /api/v1/me). Prints requests/s and p50/p99 latency per
phase and operation, and the writes' throughput and latency as multiples of the baseline. Exit status 1
if any acknowledged write is missing or the audit chain does not verify.
"""

from __future__ import annotations

import argparse
import math
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

MAX_CLIENTS = 32
MAX_SECONDS = 120
#: The named baseline phase: authenticated reads that write nothing, run before the load.
BASELINE = "baseline: read"
BASELINE_SECONDS = 4.0
FACTS = {
    "applicant.outside_country_of_nationality": True,
    "case.first_country_of_asylum_applies": False,
    "applicant.well_founded_fear_of_persecution": False,
    "applicant.real_risk_of_serious_harm": True,
    "applicant.risk_from_generalised_violence": True,
}


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start(url: str, port: int, cwd: Path) -> subprocess.Popen[bytes]:
    """Start ``migralex serve`` and wait until it answers."""
    exe = Path(sys.executable).with_name("migralex")
    proc = subprocess.Popen(
        [str(exe), "serve", "--host", "127.0.0.1", "--port", str(port), "--database-url", url],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120  # generous: the machine may be busy
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/login", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("server did not start")


@dataclass
class Deadline:
    """When the clients stop: unknown (infinite) until the controller sets it."""

    at: float = math.inf

    def open(self) -> bool:
        """Whether the clients keep going."""
        return time.monotonic() < self.at


@dataclass
class Stats:
    """Latencies by (phase, operation) and the writes the server acknowledged."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    latency: dict[tuple[str, str], list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    acked: list[tuple[str, int, dict[str, Any]]] = field(default_factory=list)
    #: when each acknowledged write was received (time.monotonic), in the order of ``acked``
    acked_at: list[float] = field(default_factory=list)
    phase: str = "before kill"

    def ack(self, kind: str, rid: int, expected: dict[str, Any]) -> None:
        with self.lock:
            self.acked.append((kind, rid, expected))
            self.acked_at.append(time.monotonic())

    def acked_between(self, start: float, end: float = math.inf) -> int:
        with self.lock:
            return sum(1 for t in self.acked_at if start <= t < end)

    def add(self, op: str, seconds: float) -> None:
        with self.lock:
            self.latency.setdefault((self.phase, op), []).append(seconds)

    def error(self) -> None:
        with self.lock:
            self.errors[self.phase] = self.errors.get(self.phase, 0) + 1


def client_loop(
    base: str, username: str, password: str, stop: Deadline, stats: Stats, use_program: bool
) -> None:
    """Create person -> case -> decision until ``stop``, retrying each write with its Idempotency-Key."""
    http = httpx.Client(base_url=base, timeout=30)
    token: str | None = None

    def call(op: str, path: str, body: dict[str, Any], key: str | None) -> dict[str, Any] | None:
        nonlocal token
        while stop.open():
            try:
                if token is None:
                    r = http.post("/api/v1/auth/token", json={"username": username, "password": password})
                    r.raise_for_status()
                    token = r.json()["access_token"]
                headers = {"Authorization": f"Bearer {token}"}
                if key:
                    headers["Idempotency-Key"] = key
                t0 = time.perf_counter()
                r = http.post(path, json=body, headers=headers)
                stats.add(op, time.perf_counter() - t0)
                if r.status_code in (200, 201):
                    result: dict[str, Any] = r.json()
                    return result
                if r.status_code == 503:
                    time.sleep(0.05)
                    continue
                raise RuntimeError(f"{op}: {r.status_code} {r.text[:200]}")
            except httpx.TransportError:
                stats.error()  # server down (killed): retry the same request with the same key
                time.sleep(0.1)
        return None

    while stop.open():
        n = uuid.uuid4().hex[:8]
        person = call(
            "create person",
            "/api/v1/people",
            {"full_name": f"Load {n}", "nationality": "SY", "birth_date": "1990-01-01"},
            f"p-{n}",
        )
        if person is None:
            break
        stats.ack("person", person["id"], {"full_name": f"Load {n}"})
        case = call(
            "create case",
            "/api/v1/cases",
            {"kind": "asylum_claim", "person_id": person["id"], "opened_on": "2025-01-10"},
            f"c-{n}",
        )
        if case is None:
            break
        stats.ack("case", case["id"], {"person_id": person["id"]})
        body: dict[str, Any] = {"kind": "grant", "decision_date": "2025-01-10", "reasons": "load test"}
        body.update(
            {"program": "dk.asylum.status", "facts": FACTS} if use_program else {"permit_until": "2026-01-10"}
        )
        decision = call("create decision", f"/api/v1/cases/{case['id']}/decisions", body, f"d-{n}")
        if decision is None:
            break
        stats.ack(
            "decision", decision["id"], {"case_id": case["id"], "kind": "grant", "result": decision["result"]}
        )
    http.close()


def baseline_loop(base: str, username: str, password: str, stop: float, stats: Stats) -> None:
    """The named baseline: an authenticated read that writes nothing (GET /api/v1/me), same clients."""
    with httpx.Client(base_url=base, timeout=30) as http:
        r = http.post("/api/v1/auth/token", json={"username": username, "password": password})
        r.raise_for_status()
        headers = {"Authorization": f"Bearer {r.json()['access_token']}"}
        while time.monotonic() < stop:
            t0 = time.perf_counter()
            http.get("/api/v1/me", headers=headers).raise_for_status()
            stats.add("GET /me", time.perf_counter() - t0)


def check(url: str, stats: Stats) -> tuple[int, list[str]]:
    """Every acknowledged write present and unchanged; then the audit chain."""
    from migralex.casework import audit
    from migralex.casework.models import Case, Decision, Person
    from migralex.casework.store import casework_engine, session_factory

    problems: list[str] = []
    engine = casework_engine(url)
    with session_factory(engine)() as s:
        for kind, rid, expected in stats.acked:
            model = {"person": Person, "case": Case, "decision": Decision}[kind]
            row = s.get(model, rid)
            if row is None:
                problems.append(f"acknowledged {kind} {rid} is missing")
                continue
            for k, v in expected.items():
                if getattr(row, k) != v:
                    problems.append(f"{kind} {rid}: {k} changed")
        v = audit.verify(s)
        if not v.ok:
            problems.append(f"audit chain broken at entry {v.bad_seq}: {v.reason}")
        checked = v.checked
    engine.dispose()
    return checked, problems


def main() -> int:
    """Run the load test and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--database-url", default=None, help="default: a fresh SQLite file in a temp dir")
    ap.add_argument(
        "--kill-after-writes",
        type=int,
        default=0,
        metavar="N",
        help="kill once N writes were acknowledged; after the restart run until N more were "
        "(default: by time)",
    )
    ap.add_argument(
        "--bound", type=float, default=180.0, help="longest wait for those writes, in seconds (each phase)"
    )
    args = ap.parse_args()
    clients = max(1, min(args.clients, MAX_CLIENTS))
    seconds = max(4.0, min(args.seconds, MAX_SECONDS))
    want = max(0, args.kill_after_writes)

    from migralex.casework import access
    from migralex.casework.store import casework_engine, session_factory
    from migralex.db.migrate import upgrade
    from migralex.rules.registry import programs

    tmp = Path(tempfile.mkdtemp(prefix="migralex-load-"))
    url = args.database_url or f"sqlite:///{tmp / 'load.sqlite3'}"
    upgrade(url)
    engine = casework_engine(url)
    users = []
    with session_factory(engine)() as s:
        for i in range(clients):
            name, pw = f"load{i}-{uuid.uuid4().hex[:6]}", f"pw-{uuid.uuid4().hex}"
            access.create_user(s, None, name, pw, "caseworker")
            users.append((name, pw))
        s.commit()
    engine.dispose()
    use_program = "dk.asylum.status" in programs()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start(url, port, tmp)
    stats = Stats()
    # named baseline first: the same clients, an authenticated read that writes nothing
    stats.phase = BASELINE
    t_base = time.monotonic()
    base_stop = t_base + min(BASELINE_SECONDS, seconds / 3)
    readers = [threading.Thread(target=baseline_loop, args=(base, u, p, base_stop, stats)) for u, p in users]
    for t in readers:
        t.start()
    for t in readers:
        t.join()
    baseline_duration = time.monotonic() - t_base
    stats.phase = "before kill"
    t_start = time.monotonic()
    stop = Deadline(math.inf if want else t_start + seconds)
    threads = [
        threading.Thread(target=client_loop, args=(base, u, p, stop, stats, use_program)) for u, p in users
    ]
    for t in threads:
        t.start()

    def wait_for(writes: int, since: float, at_least: float) -> None:
        # until `writes` acknowledged since `since` and `at_least` seconds passed, within --bound
        bound = since + max(args.bound, at_least)
        while time.monotonic() < bound and any(t.is_alive() for t in threads):
            if time.monotonic() >= since + at_least and stats.acked_between(since) >= writes:
                return
            time.sleep(0.05)

    if want:
        wait_for(want, t_start, seconds * 0.45)
    else:
        time.sleep(seconds * 0.45)
    server.kill()  # SIGKILL, mid-load
    server.wait()
    t_kill = time.monotonic()
    stats.phase = "after restart"
    try:
        server = start(url, port, tmp)
    except SystemExit:
        stop.at = time.monotonic()  # let the clients end
        raise
    t_back = time.monotonic()
    if want:
        wait_for(want, t_back, seconds * 0.55)
        stop.at = time.monotonic()
    for t in threads:
        t.join()
    t_end = time.monotonic()
    server.terminate()
    server.wait(timeout=10)

    durations = {
        BASELINE: baseline_duration,
        "before kill": t_kill - t_start,
        "after restart": t_end - t_back,
    }
    print(
        f"casework load: {clients} clients, {seconds:.0f} s, database {url.split('@')[-1]}, "
        f"SIGKILL at {t_kill - t_start:.1f} s, down {t_back - t_kill:.1f} s (restart incl. migration check)"
    )
    print(f"{'phase':<14} {'operation':<16} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
    for (phase, op), lat in sorted(stats.latency.items()):
        lat.sort()
        p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
        print(
            f"{phase:<14} {op:<16} {len(lat):>8} {len(lat) / durations[phase]:>8.1f} "
            f"{statistics.median(lat) * 1000:>8.1f} {p99 * 1000:>8.1f}"
        )
    for phase in durations:
        total = sum(len(v) for (p, _), v in stats.latency.items() if p == phase)
        print(f"{phase:<14} {'all':<16} {total:>8} {total / durations[phase]:>8.1f}")
    base_lat = sorted(stats.latency.get((BASELINE, "GET /me"), [0.0]))
    base_rate = len(base_lat) / baseline_duration
    write_ops = [v for (p, op), v in stats.latency.items() if p == "before kill" and op.startswith("create")]
    write_lat = sorted(x for v in write_ops for x in v) or [0.0]
    write_rate = len(write_lat) / durations["before kill"]
    print(
        f"vs baseline ({BASELINE}): writes run at {write_rate / base_rate:.2f}x its requests/s, "
        f"p50 {statistics.median(write_lat) / max(statistics.median(base_lat), 1e-9):.1f}x its p50 "
        "(each write is a transaction with an audit-chain append)"
    )
    print(f"connection errors while the server was down: {sum(stats.errors.values())}")
    checked, problems = check(url, stats)
    before, after = stats.acked_between(0.0, t_kill), stats.acked_between(t_back)
    print(f"acknowledged writes: {len(stats.acked)}; audit entries verified: {checked}")
    print(f"acknowledged before the kill: {before}; after the restart: {after}")
    for p in problems[:20]:
        print("PROBLEM:", p)
    too_few = bool(want) and (before < want or after < 1)
    if too_few:
        print(f"TOO FEW WRITES: wanted {want} before the kill and at least 1 after the restart")
    print(
        "RESULT:",
        "OK - every acknowledged write present, audit chain intact"
        if not problems and not too_few
        else "FAILED",
    )
    if args.database_url is None:
        for f in tmp.iterdir():
            f.unlink()
        tmp.rmdir()
    return 1 if problems else 2 if too_few else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    raise SystemExit(main())
