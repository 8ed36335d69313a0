"""Issue 14, items 1 and 3: reads never wait for the write lock nor block the event loop; anonymous floods
are rate-limited per address and leave the audit chain alone; /audit verifies incrementally."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from migralex.casework import access, audit
from migralex.casework.models import AuditEntry, AuditHead, SignInThrottle
from migralex.web import create_app
from migralex.web.security import RateLimit


def test_reads_answer_while_a_writer_holds_the_lock(
    live: str, make_api: Any, sessions: sessionmaker[Session]
) -> None:
    """Probe 1: a transaction holding the write lock (SQLite) / the audit head (PostgreSQL) for 4 s;
    two signed-in users read the programme ledger and their own record meanwhile: both answer at once."""
    users = [make_api("caseworker"), make_api("auditor")]
    holder = sessions()
    holder.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar_one()
    try:

        def read(api: Any, path: str) -> tuple[int, float]:
            t0 = time.monotonic()
            r = httpx.get(f"{live}{path}", headers=api.headers, timeout=40)
            return r.status_code, time.monotonic() - t0

        with ThreadPoolExecutor(4) as pool:
            futures = [pool.submit(read, u, p) for u in users for p in ("/api/v1/programmes", "/api/v1/me")]
            time.sleep(4)
            holder.rollback()
            results = [f.result() for f in futures]
    finally:
        holder.close()
    assert all(code == 200 for code, _ in results), results
    assert all(seconds < 3 for _, seconds in results), results


def test_concurrent_readers_and_writers_all_succeed(live: str, make_api: Any) -> None:
    """Probe 1: 4 writers recording people and 4 readers, at once: no 503, nothing lost, no stall."""
    writers = [make_api("caseworker") for _ in range(4)]
    readers = [make_api("senior_caseworker") for _ in range(4)]

    def write(api: Any) -> list[int]:
        with httpx.Client(base_url=live, headers=api.headers, timeout=40) as c:
            return [
                c.post("/api/v1/people", json={"full_name": f"Load {i}", "nationality": "SY"}).status_code
                for i in range(5)
            ]

    def read(api: Any) -> list[int]:
        with httpx.Client(base_url=live, headers=api.headers, timeout=40) as c:
            return [c.get(p).status_code for _ in range(3) for p in ("/api/v1/programmes", "/api/v1/people")]

    t0 = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        w = [pool.submit(write, a) for a in writers]
        r = [pool.submit(read, a) for a in readers]
        codes = [c for f in w for c in f.result()] + [c for f in r for c in f.result()]
    assert set(codes) <= {200, 201}, codes
    assert time.monotonic() - t0 < 25
    assert all(a.get("/people?limit=200")["total"] == 5 for a in writers)


def test_anonymous_flood_is_rate_limited_and_kept_out_of_the_audit_chain(
    db_url: str, sessions: sessionmaker[Session]
) -> None:
    """Probe 3: 30 anonymous wrong sign-ins from one address: most get 429 with Retry-After, another
    address is unaffected, and the permanent audit chain does not grow by one entry."""
    flood_app: FastAPI = create_app(db_url, anonymous_limit=RateLimit(rate=0.05, burst=5))
    try:
        with sessions() as s:
            before = s.scalar(select(func.count()).select_from(AuditEntry))
        with TestClient(flood_app, client=("203.0.113.5", 1000)) as flood:
            codes = [
                flood.post("/api/v1/auth/token", json={"username": f"u{i}", "password": "x"}).status_code
                for i in range(30)
            ]
            limited = flood.post("/api/v1/auth/token", json={"username": "u", "password": "x"})
        assert codes.count(429) >= 20 and limited.headers["retry-after"]
        assert limited.headers["content-type"] == "application/problem+json"
        with TestClient(flood_app, client=("203.0.113.99", 1000)) as other:
            assert other.get("/login").status_code == 200
        with sessions() as s:
            assert s.scalar(select(func.count()).select_from(AuditEntry)) == before
            assert (s.scalar(select(func.count()).select_from(SignInThrottle)) or 0) > 0
            # the failed-sign-in log is bounded: rows whose window has passed are pruned
            later = datetime.now(UTC) + timedelta(hours=1)
            assert access.prune_sign_in_log(s, later) > 0
            s.commit()
    finally:
        flood_app.state.engine.dispose()


def test_audit_view_verifies_only_what_is_new(
    make_api: Any, client: TestClient, app: FastAPI, sessions: sessionmaker[Session]
) -> None:
    """Probe 3: after one verification, a check from that point walks only the newer entries, and an
    edited anchor entry is still caught."""
    make_api("caseworker")
    with sessions() as s:
        head = s.get(AuditHead, 1)
        assert head is not None
        full = audit.verify(s)
        assert full.ok and full.checked == head.seq
        since = (head.seq, head.hash)
    make_api("caseworker")  # new entries
    with sessions() as s:
        new_head = s.get(AuditHead, 1)
        assert new_head is not None
        inc = audit.verify(s, since)
        assert inc.ok and inc.checked == new_head.seq
        bad = audit.verify(s, (since[0], "0" * 64))
        assert not bad.ok and bad.bad_seq == since[0]
