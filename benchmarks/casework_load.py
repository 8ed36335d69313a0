"""Casework load test with a crash: N clients create people, cases and decisions; the server is
killed with SIGKILL mid-load and restarted; then every acknowledged write must be present, unchanged,
and the audit chain must verify.

    .venv/bin/python benchmarks/casework_load.py [--clients 8] [--seconds 20] [--database-url URL]
                                                 [--kill-after-writes N [--bound 180]] [--require-targets]
                                                 [--workers N] [--open-rate R [--open-seconds S]]

By default the server is killed at 45 % of ``--seconds`` and the load runs to ``--seconds``. With
``--kill-after-writes N`` the kill also waits until N writes were acknowledged, and after the restart the
load runs for the rest of ``--seconds`` and until N more writes were acknowledged; each wait ends at the
latest ``--bound`` seconds after it began (a busy machine slows the run down instead of leaving it
without writes). Exit status 2 if, even so, fewer than N writes were acknowledged before the kill or none
after the restart.

Loopback only: the server is started by this script on a free 127.0.0.1 port (default database: a
fresh SQLite file in a temporary directory), as ``migralex serve --workers N`` (default 1) in a session of
its own; the kill is SIGKILL to that whole process group (every worker at once), and the server's CPU
time is summed over its processes. Every client signs in first; then a named baseline runs with
the same clients: an authenticated read that writes nothing (GET /api/v1/me). Under load each client
loops person -> case -> read of that case -> decision. The clients are plain keep-alive HTTP/1.1
connections (``http.client``), so the load generator costs little CPU next to the server; the server's
own CPU time per request (from ``/proc``) is printed per phase beside the client's.

With ``--open-rate R``, after the closed loop a second mode runs on the restarted server: the same
clients start R cycles a second in all on a fixed schedule (open loop, below saturation), each first
request timed from its scheduled start so that a late start counts; its table is printed after the
closed loop's, labelled, and is never what the targets are judged on.

Prints requests/s and p50/p99 latency per phase and operation, the writes as multiples of the baseline,
and the targets of the steady state before the kill (p99 < 100 ms for each write, < 50 ms for each
read) with whether each is met. Exit status 1 if any acknowledged write is missing or the audit chain
does not verify; 3 with ``--require-targets`` if a target is missed.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import http.client
import json
import math
import os
import signal
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

from pydantic_core import from_json

MAX_CLIENTS = 32
MAX_SECONDS = 120
#: The named baseline phase: authenticated reads that write nothing, run before the load.
BASELINE = "baseline: read"
BASELINE_SECONDS = 4.0
#: The optional second mode (``--open-rate``): cycles started on a fixed schedule.
OPEN = "open loop"
#: Targets (p99, seconds) of the steady state before the kill: every write kind, and every read.
WRITE_P99 = 0.100
READ_P99 = 0.050
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


def start(url: str, port: int, cwd: Path, workers: int = 1) -> subprocess.Popen[bytes]:
    """Start ``migralex serve`` (in a new session: its own process group) and wait until it answers."""
    exe = Path(sys.executable).with_name("migralex")
    proc = subprocess.Popen(
        [str(exe), "serve", "--host", "127.0.0.1", "--port", str(port), "--database-url", url]
        + (["--workers", str(workers)] if workers > 1 else []),
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120  # generous: the machine may be busy
    while time.monotonic() < deadline:
        try:
            if Http(port, timeout=1).request("GET", "/login")[0] == 200:
                return proc
        except ConnectionError:
            time.sleep(0.1)
    kill_all(proc)
    raise SystemExit("server did not start")


def kill_all(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL the server's whole process group (the parent and every worker at once), and reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds used so far by the processes of group ``pid`` (the server and its
    workers; Linux ``/proc``; 0 elsewhere)."""
    total = 0
    try:
        entries = os.listdir("/proc")
    except OSError:
        return 0.0
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pid:  # the process group
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


class Http:
    """One keep-alive HTTP/1.1 connection to the server; :class:`ConnectionError` when it is down."""

    def __init__(self, port: int, timeout: float = 30) -> None:
        self.port, self.timeout = port, timeout
        self.conn: http.client.HTTPConnection | None = None

    def request(
        self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> tuple[int, Any]:
        """Send one request; the status and the decoded JSON body (None if not JSON)."""
        data = None if body is None else json.dumps(body).encode()
        hdrs = dict(headers or {})
        if data is not None:
            hdrs["Content-Type"] = "application/json"
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
                self.conn.connect()
                assert self.conn.sock is not None
                self.conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.conn.request(method, path, body=data, headers=hdrs)
            r = self.conn.getresponse()
            payload = r.read()
            if r.will_close:
                self.close()
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            raise ConnectionError(str(exc)) from None
        try:
            # pydantic-core's parser (a dependency already): a decision's answer is about 64 kB, and the
            # clients share the server's cores, so their parsing slows the server down too
            return r.status, from_json(payload) if payload else None
        except ValueError:
            return r.status, None

    def close(self) -> None:
        """Drop the connection (the next request opens a new one)."""
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def sign_in(port: int, username: str, password: str) -> str:
    """A bearer token for the user (signed in once, before any phase is timed)."""
    status, body = Http(port).request(
        "POST", "/api/v1/auth/token", {"username": username, "password": password}
    )
    if status != 200:
        raise SystemExit(f"sign-in of {username} failed: {status} {body}")
    return str(body["access_token"])


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
    port: int,
    token: str,
    stop: Deadline,
    stats: Stats,
    use_program: bool,
    cycles: int | None = None,
    schedule: tuple[float, float] | None = None,
) -> None:
    """Person -> case -> read the case -> decision until ``stop`` (or ``cycles`` times), retrying each
    write with its Idempotency-Key while the server is down.

    Closed loop by default: the next cycle starts when the last one ended. With ``schedule`` (first start
    and period, ``time.perf_counter`` seconds) the cycles start on that fixed schedule instead (open loop),
    and the first request of a cycle is timed from its scheduled start: a cycle that starts late because
    the previous one was still running has that delay counted in its latency (no coordinated omission).
    The other requests of a cycle can only be sent once the one before answered: they are timed from then.
    """
    conn = Http(port)
    auth = {"Authorization": f"Bearer {token}"}

    def call(
        op: str, method: str, path: str, body: Any = None, key: str | None = None, since: float | None = None
    ) -> Any:
        headers = {**auth, "Idempotency-Key": key} if key else auth
        while stop.open():
            try:
                t0 = time.perf_counter() if since is None else since
                status, result = conn.request(method, path, body, headers)
                stats.add(op, time.perf_counter() - t0)
            except ConnectionError:
                stats.error()  # server down (killed): retry the same request with the same key
                time.sleep(0.1)
                continue
            if status in (200, 201):
                return result
            if status == 503:
                time.sleep(0.05)
                continue
            raise RuntimeError(f"{op}: {status} {str(result)[:200]}")
        return None

    done = 0
    while stop.open() and (cycles is None or done < cycles):
        since = None
        if schedule is not None:
            since = schedule[0] + done * schedule[1]
            time.sleep(max(0.0, since - time.perf_counter()))
            if not stop.open():
                break
        done += 1
        n = uuid.uuid4().hex[:8]
        person = call(
            "create person",
            "POST",
            "/api/v1/people",
            {"full_name": f"Load {n}", "nationality": "SY", "birth_date": "1990-01-01"},
            f"p-{n}",
            since,
        )
        if person is None:
            break
        stats.ack("person", person["id"], {"full_name": f"Load {n}"})
        case = call(
            "create case",
            "POST",
            "/api/v1/cases",
            {"kind": "asylum_claim", "person_id": person["id"], "opened_on": "2025-01-10"},
            f"c-{n}",
        )
        if case is None:
            break
        stats.ack("case", case["id"], {"person_id": person["id"]})
        if call("read case", "GET", f"/api/v1/cases/{case['id']}") is None:
            break
        body: dict[str, Any] = {"kind": "grant", "decision_date": "2025-01-10", "reasons": "load test"}
        body.update(
            {"program": "dk.asylum.status", "facts": FACTS} if use_program else {"permit_until": "2026-01-10"}
        )
        decision = call("create decision", "POST", f"/api/v1/cases/{case['id']}/decisions", body, f"d-{n}")
        if decision is None:
            break
        stats.ack(
            "decision", decision["id"], {"case_id": case["id"], "kind": "grant", "result": decision["result"]}
        )
    conn.close()


def baseline_loop(port: int, token: str, stop: float, stats: Stats) -> None:
    """The named baseline: an authenticated read that writes nothing (GET /api/v1/me), same clients."""
    conn = Http(port)
    headers = {"Authorization": f"Bearer {token}"}
    while time.monotonic() < stop:
        t0 = time.perf_counter()
        status, _ = conn.request("GET", "/api/v1/me", headers=headers)
        if status != 200:
            raise RuntimeError(f"GET /api/v1/me: {status}")
        stats.add("GET /me", time.perf_counter() - t0)
    conn.close()


def p99(lat: list[float]) -> float:
    """The 99th percentile (nearest rank) of ``lat`` (sorted)."""
    return lat[min(len(lat) - 1, math.ceil(len(lat) * 0.99) - 1)]


def targets(stats: Stats) -> list[tuple[str, float, float, bool]]:
    """(operation, p99, target, met) for the baseline read and every operation before the kill."""
    rows = []
    for (phase, op), lat in sorted(stats.latency.items(), key=lambda kv: (kv[0][0] != BASELINE, kv[0][1])):
        if phase not in (BASELINE, "before kill"):
            continue
        target = WRITE_P99 if op.startswith("create") else READ_P99
        q = p99(sorted(lat))
        rows.append((f"{phase}: {op}" if phase == BASELINE else op, q, target, q < target))
    return rows


def print_open_loop(
    stats: Stats, clients: int, rate: float, seconds: float, cpu: tuple[float, float]
) -> None:
    """The open-loop mode's table: a second mode beside the closed loop, not the target's measurement."""
    total = sum(len(v) for v in stats.latency.values())
    print(
        f"second mode, open loop (not the closed loop of the targets): {clients} clients starting {rate:g} "
        f"cycles/s in all on a fixed schedule ({4 * rate:g} requests/s offered), {seconds:g} s, no kill; "
        "the first request of a cycle timed from its scheduled start (a late start counts)"
    )
    print(f"{'phase':<14} {'operation':<16} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}  target")
    for (_phase, op), lat in sorted(stats.latency.items()):
        lat.sort()
        target = WRITE_P99 if op.startswith("create") else READ_P99
        verdict = "met" if p99(lat) < target else "NOT MET"
        print(
            f"{OPEN:<14} {op:<16} {len(lat):>8} {len(lat) / seconds:>8.1f} "
            f"{statistics.median(lat) * 1000:>8.1f} {p99(lat) * 1000:>8.1f}  "
            f"< {target * 1000:.0f} ms {verdict}"
        )
    print(
        f"{OPEN:<14} {'all':<16} {total:>8} {total / seconds:>8.1f}  server CPU ms/req "
        f"{1000 * cpu[0] / max(total, 1):.2f}, client {1000 * cpu[1] / max(total, 1):.2f}"
    )


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
    ap.add_argument(
        "--require-targets", action="store_true", help="exit status 3 if a latency target is missed"
    )
    ap.add_argument(
        "--open-rate",
        type=float,
        default=0.0,
        metavar="R",
        help="afterwards, a second mode: the same clients start R cycles a second in all on a fixed "
        "schedule (open loop, latency from the intended send time); printed beside the closed-loop table, "
        "never instead of it (default: off)",
    )
    ap.add_argument("--open-seconds", type=float, default=10.0, help="length of the open-loop mode")
    ap.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes (migralex serve --workers, PostgreSQL only; default 1)",
    )
    args = ap.parse_args()
    clients = max(1, min(args.clients, MAX_CLIENTS))
    seconds = max(4.0, min(args.seconds, MAX_SECONDS))
    want = max(0, args.kill_after_writes)

    from migralex.casework import access
    from migralex.casework.store import casework_engine, session_factory
    from migralex.db.migrate import upgrade
    from migralex.rules.registry import programs
    from migralex.web.cli import MAX_WORKERS

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
    workers = max(1, min(args.workers, MAX_WORKERS))
    server = start(url, port, tmp, workers)
    tokens = [sign_in(port, u, p) for u, p in users]  # before any phase is timed (argon2 is slow)
    # No cyclic garbage collection in the client while the phases are timed: a full collection stops every
    # client thread at once (measured: one of 130-200 ms per 15 s run, growing with what the client keeps),
    # so 8 requests, ~1 % of each write kind, took that long on the client alone after the server had
    # answered, and set the p99. Reference counting still frees what the clients drop; collected at the end.
    gc.collect()
    gc.freeze()
    gc.disable()
    stats = Stats()
    warm = Stats(phase="warm-up")  # one untimed cycle: the first decision loads the rule pack
    client_loop(port, tokens[0], Deadline(), warm, use_program, cycles=1)
    stats.acked.extend(warm.acked)
    stats.acked_at.extend(warm.acked_at)

    cpu: dict[str, tuple[float, float]] = {}  # phase -> (server CPU s, client CPU s)

    def client_cpu() -> float:
        t = os.times()
        return t.user + t.system

    # named baseline first: the same clients, an authenticated read that writes nothing
    stats.phase = BASELINE
    s0, c0 = cpu_seconds(server.pid), client_cpu()
    t_base = time.monotonic()
    base_stop = t_base + min(BASELINE_SECONDS, seconds / 3)
    readers = [threading.Thread(target=baseline_loop, args=(port, tok, base_stop, stats)) for tok in tokens]
    for t in readers:
        t.start()
    for t in readers:
        t.join()
    baseline_duration = time.monotonic() - t_base
    cpu[BASELINE] = (cpu_seconds(server.pid) - s0, client_cpu() - c0)
    stats.phase = "before kill"
    s0, c0 = cpu_seconds(server.pid), client_cpu()
    t_start = time.monotonic()
    stop = Deadline(math.inf if want else t_start + seconds)
    threads = [
        threading.Thread(target=client_loop, args=(port, tok, stop, stats, use_program)) for tok in tokens
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
    cpu["before kill"] = (cpu_seconds(server.pid) - s0, client_cpu() - c0)
    kill_all(server)  # SIGKILL to every server process, mid-load
    t_kill = time.monotonic()
    stats.phase = "after restart"
    try:
        server = start(url, port, tmp, workers)
    except SystemExit:
        stop.at = time.monotonic()  # let the clients end
        raise
    s0, c0 = cpu_seconds(server.pid), client_cpu()
    t_back = time.monotonic()
    if want:
        wait_for(want, t_back, seconds * 0.55)
        stop.at = time.monotonic()
    for t in threads:
        t.join()
    t_end = time.monotonic()
    cpu["after restart"] = (cpu_seconds(server.pid) - s0, client_cpu() - c0)
    open_stats = Stats(phase=OPEN)
    open_rate = max(0.0, args.open_rate)
    open_seconds = max(2.0, min(args.open_seconds, MAX_SECONDS))
    if open_rate:
        s0, c0 = cpu_seconds(server.pid), client_cpu()
        period = clients / open_rate  # each client starts a cycle every `period` seconds, staggered
        first = time.perf_counter() + 0.2
        open_stop = Deadline(time.monotonic() + 0.2 + open_seconds)
        openers = [
            threading.Thread(
                target=client_loop,
                args=(port, tok, open_stop, open_stats, use_program),
                kwargs={"schedule": (first + i * period / clients, period)},
            )
            for i, tok in enumerate(tokens)
        ]
        for t in openers:
            t.start()
        for t in openers:
            t.join()
        cpu[OPEN] = (cpu_seconds(server.pid) - s0, client_cpu() - c0)
    server.terminate()  # the parent stops its workers
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        kill_all(server)

    durations = {
        BASELINE: baseline_duration,
        "before kill": t_kill - t_start,
        "after restart": t_end - t_back,
    }
    print(
        f"casework load: {clients} clients, {seconds:.0f} s, {workers} server process"
        f"{'es' if workers > 1 else ''}, database {url.split('@')[-1]}, "
        f"SIGKILL at {t_kill - t_start:.1f} s, down {t_back - t_kill:.1f} s (restart incl. migration check)"
    )
    print(f"{'phase':<14} {'operation':<16} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
    order = {BASELINE: 0, "before kill": 1, "after restart": 2}
    for (phase, op), lat in sorted(stats.latency.items(), key=lambda kv: (order[kv[0][0]], kv[0][1])):
        lat.sort()
        print(
            f"{phase:<14} {op:<16} {len(lat):>8} {len(lat) / durations[phase]:>8.1f} "
            f"{statistics.median(lat) * 1000:>8.1f} {p99(lat) * 1000:>8.1f}"
        )
    print(f"{'phase':<14} {'all':<16} {'requests':>8} {'req/s':>8} {'server CPU ms/req':>18} {'client':>7}")
    for phase in durations:
        total = sum(len(v) for (p, _), v in stats.latency.items() if p == phase)
        server_cpu, own_cpu = cpu[phase]
        print(
            f"{phase:<14} {'all':<16} {total:>8} {total / durations[phase]:>8.1f} "
            f"{1000 * server_cpu / max(total, 1):>18.2f} {1000 * own_cpu / max(total, 1):>7.2f}"
        )
    base_lat = sorted(stats.latency.get((BASELINE, "GET /me"), [])) or [math.nan]
    base_rate = len(base_lat) / baseline_duration
    write_ops = [v for (p, op), v in stats.latency.items() if p == "before kill" and op.startswith("create")]
    write_lat = sorted(x for v in write_ops for x in v) or [math.nan]
    write_rate = len(write_lat) / durations["before kill"]
    print(
        f"vs baseline ({BASELINE}): writes run at {write_rate / base_rate:.2f}x its requests/s, "
        f"p50 {statistics.median(write_lat) / statistics.median(base_lat):.1f}x its p50, "
        f"p99 {p99(write_lat) / p99(base_lat):.1f}x its p99 "
        "(each write is a transaction with an audit-chain append)"
    )
    rows = targets(stats)
    print(
        f"targets before the kill ({clients} clients): p99 < {WRITE_P99 * 1000:.0f} ms for each write, "
        f"< {READ_P99 * 1000:.0f} ms for each read"
    )
    for op, q, target, met in rows:
        verdict = "met" if met else "NOT MET"
        print(f"  {op:<32} p99 {q * 1000:>8.1f} ms  target < {target * 1000:>4.0f} ms  {verdict}")
    all_met = bool(rows) and all(met for *_, met in rows)
    print("TARGETS:", "all met" if all_met else "NOT all met")
    if open_rate:
        print_open_loop(open_stats, clients, open_rate, open_seconds, cpu[OPEN])
    print(f"connection errors while the server was down: {sum(stats.errors.values())}")
    before, after = stats.acked_between(0.0, t_kill), stats.acked_between(t_back)
    stats.acked.extend(open_stats.acked)  # checked too
    gc.enable()
    checked, problems = check(url, stats)
    print(f"acknowledged writes: {len(stats.acked)}; audit entries verified: {checked}")
    print(
        f"acknowledged before the kill: {before}; after the restart: {after}"
        + (f"; in the open-loop mode: {len(open_stats.acked)}" if open_rate else "")
    )
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
    return 1 if problems else 2 if too_few else 3 if args.require_targets and not all_met else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    raise SystemExit(main())
