"""Where a casework request's server CPU goes: the load benchmark's cycle, in-process, one client.

    .venv/bin/python benchmarks/casework_profile.py [--cycles 300] [--database-url URL]
                                                   [--profile N [--sort cumulative] [--only migralex]]
                                                   [--show-sql 'create decision']

Drives the app (``create_app``) through httpx's ASGI transport with the same cycle as
``benchmarks/casework_load.py`` (create person -> create case -> read the case -> decision), one request
at a time, and prints per request kind: CPU ms per request (``time.process_time``), SQL statements per
request (on PostgreSQL including the audit append sent with the commit), pings of idle pooled connections,
connection checkouts and threadpool hand-offs per request. With ``--profile N`` the threadpool is run
inline (each job on the event loop's thread, so cProfile sees it), the Python function calls per request
are counted (the measure of work that a shared machine does not move) and the N costliest functions by CPU
time printed.
The CPU column includes the in-process client's (httpx) share, the same on both sides of a comparison.
No network, no concurrency: this measures work per request, not latency under load.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import anyio.to_thread
import httpx
from sqlalchemy import event

from casework_load import FACTS  # the load benchmark's decision facts: both measure the same cycle

KINDS = ("create person", "create case", "read case", "create decision")

# httpx's ASGI transport tries ``import sniffio`` on every request (not installed here): a failed import is
# not cached, so each request scanned every sys.path entry, and the call counts of two checkouts with
# different paths differed by that client-side scan. Marked absent, the import fails at once.
sys.modules.setdefault("sniffio", None)  # type: ignore[arg-type]


async def run(
    url: str,
    cycles: int,
    profile: int,
    sort: str,
    only: str | None,
    show_sql: str | None = None,
    profile_kind: str | None = None,
    dump: str | None = None,
) -> None:
    """Run ``cycles`` cycles (after one warm-up cycle) and print the table (and the profile)."""
    from migralex.casework import access, audit
    from migralex.rules.registry import programs
    from migralex.web import create_app

    app = create_app(url)
    programs()
    with app.state.sessions() as s:
        name, pw = f"prof-{uuid.uuid4().hex[:6]}", f"pw-{uuid.uuid4().hex}"
        access.create_user(s, None, name, pw, "caseworker")
        s.commit()

    statements = Counter[str]()
    hops = Counter[str]()
    checkouts = Counter[str]()
    cpu: dict[str, float] = dict.fromkeys(KINDS, 0.0)
    current = [""]
    shown: list[str] = []

    @event.listens_for(app.state.engine, "before_cursor_execute")
    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements[current[0]] += 1
        if current[0] == show_sql and statements[current[0]] <= 100:  # the first request of that kind
            shown.append(" ".join(statement.split())[:160])

    @event.listens_for(app.state.engine, "checkout")
    def checked_out(*_: Any) -> None:  # a pooled connection handed out
        checkouts[current[0]] += 1

    # PostgreSQL: the audit append sent together with the commit (psycopg's pipeline, which no statement
    # event sees) is counted as a statement; pings of idle pooled connections are counted apart
    pings = Counter[str]()
    pipelined = getattr(audit, "append_and_commit", None)
    ping = app.state.engine.dialect.do_ping

    def counted_append(session: Any, pending: Any) -> bool:
        done: bool = pipelined(session, pending)  # type: ignore[misc]
        statements[current[0]] += done
        return done

    def counted_ping(dbapi_connection: Any) -> bool:
        pings[current[0]] += 1
        return bool(ping(dbapi_connection))

    if pipelined is not None:  # (absent before it was written: a baseline checkout runs this script too)
        audit.append_and_commit = counted_append
    app.state.engine.dialect.do_ping = counted_ping

    original = anyio.to_thread.run_sync

    async def counted(func: Any, *args: Any, **kwargs: Any) -> Any:
        hops[current[0]] += 1
        if profile:
            return func(*args)
        return await original(func, *args, **kwargs)

    anyio.to_thread.run_sync = counted  # type: ignore[assignment]
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 1))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        r = await client.post("/api/v1/auth/token", json={"username": name, "password": pw})
        r.raise_for_status()
        auth = {"Authorization": f"Bearer {r.json()['access_token']}"}
        # one profiler per request kind (CPU timer, not wall time: the machine is shared); their call
        # counts are the machine-independent measure of work
        profs = {kind: cProfile.Profile(time.process_time) for kind in KINDS}
        timing = [False]

        async def call(kind: str, method: str, path: str, body: Any = None, key: str | None = None) -> Any:
            current[0] = kind
            headers = {**auth, "Idempotency-Key": key} if key else auth
            t0 = time.process_time()
            if timing[0]:
                profs[kind].enable()
            r = await client.request(method, path, json=body, headers=headers)
            if timing[0]:
                profs[kind].disable()
            cpu[kind] += time.process_time() - t0
            if r.status_code not in (200, 201):
                raise RuntimeError(f"{kind}: {r.status_code} {r.text[:200]}")
            return r.json()

        async def cycle() -> None:
            n = uuid.uuid4().hex[:8]
            body: dict[str, Any] = {"full_name": f"Load {n}", "nationality": "SY", "birth_date": "1990-01-01"}
            person = await call("create person", "POST", "/api/v1/people", body, f"p-{n}")
            body = {"kind": "asylum_claim", "person_id": person["id"], "opened_on": "2025-01-10"}
            case = await call("create case", "POST", "/api/v1/cases", body, f"c-{n}")
            await call("read case", "GET", f"/api/v1/cases/{case['id']}")
            body = {"kind": "grant", "decision_date": "2025-01-10", "reasons": "load test"}
            body |= {"program": "dk.asylum.status", "facts": FACTS}
            await call("create decision", "POST", f"/api/v1/cases/{case['id']}/decisions", body, f"d-{n}")

        await cycle()  # warm-up: caches, the first connection
        if show_sql:
            print(f"SQL of one {show_sql!r} request:", *shown, sep="\n  ")
        statements.clear()
        hops.clear()
        checkouts.clear()
        pings.clear()
        cpu.update(dict.fromkeys(KINDS, 0.0))
        timing[0] = bool(profile)
        for _ in range(cycles):
            await cycle()
    anyio.to_thread.run_sync = original
    if pipelined is not None:
        audit.append_and_commit = pipelined

    print(f"{cycles} cycles on {url.split(':')[0]}" + (" (threadpool inline, profiled)" if profile else ""))
    calls = {kind: pstats.Stats(profs[kind]).total_calls if profile else 0 for kind in KINDS}  # type: ignore[attr-defined]
    print(
        "| request | CPU ms/req | SQL statements/req | pings/req | connection checkouts/req "
        "| threadpool hand-offs/req | Python calls/req |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for kind in KINDS:
        print(
            f"| {kind} | {1000 * cpu[kind] / cycles:.2f} | {statements[kind] / cycles:.1f} "
            f"| {pings[kind] / cycles:.1f} | {checkouts[kind] / cycles:.1f} | {hops[kind] / cycles:.1f} "
            f"| {calls[kind] / cycles:,.0f} |"
        )
    n = 4 * cycles
    mix = (sum(pings.values()) / n, sum(checkouts.values()) / n, sum(hops.values()) / n)
    print(
        f"| write mix (all four) | {1000 * sum(cpu.values()) / n:.2f} | {sum(statements.values()) / n:.1f} "
        f"| {mix[0]:.1f} | {mix[1]:.1f} | {mix[2]:.1f} | {sum(calls.values()) / n:,.0f} |"
    )
    if profile:
        merged = pstats.Stats(*(profs[k] for k in KINDS if profile_kind in (None, k)))
        merged.sort_stats(sort).print_stats(*([only] if only else []), profile)
        if dump:
            merged.dump_stats(dump)


def main() -> None:
    """Parse the arguments and run."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cycles", type=int, default=300)
    ap.add_argument("--database-url", default=None, help="default: a fresh SQLite file in a temp dir")
    ap.add_argument("--profile", type=int, default=0, metavar="N", help="print the N costliest functions")
    ap.add_argument("--sort", default="tottime", help="pstats order (default: own time; or cumulative)")
    ap.add_argument(
        "--show-sql", default=None, metavar="KIND", help="print one request's SQL (e.g. 'create decision')"
    )
    ap.add_argument("--kind", default=None, help="profile only this request kind (e.g. 'create decision')")
    ap.add_argument("--dump", default=None, metavar="FILE", help="write the profile (pstats) to FILE")
    ap.add_argument("--only", default=None, help="only functions whose path matches (e.g. migralex)")
    args = ap.parse_args()
    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp(prefix='migralex-prof-')) / 'p.sqlite3'}"
    asyncio.run(
        run(url, args.cycles, args.profile, args.sort, args.only, args.show_sql, args.kind, args.dump)
    )


if __name__ == "__main__":
    main()
