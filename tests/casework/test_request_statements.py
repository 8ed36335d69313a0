"""What the load cycle's requests cost the database, counted (not timed): connections and SQL statements.

A read on PostgreSQL commits its audit entry in its own transaction (one pooled connection, so one
pre-ping, and one transaction); on SQLite the entry goes in a short writing transaction of its own, so
the read never takes the write lock. A grant decision reads what it needs once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import FastAPI
from sqlalchemy import event

from tests.casework.helpers import GENERALISED, person


@contextmanager
def counting(app: FastAPI) -> Iterator[dict[str, list[str]]]:
    """Connections checked out of the pool and SQL statements sent while the block runs."""
    seen: dict[str, list[str]] = {"checkouts": [], "statements": []}
    engine = app.state.engine

    def checkout(*_: Any) -> None:
        seen["checkouts"].append("checkout")

    def statement(_conn: Any, _cursor: Any, sql: str, *_: Any) -> None:
        seen["statements"].append(" ".join(sql.split()))

    event.listen(engine, "checkout", checkout)
    event.listen(engine, "before_cursor_execute", statement)
    try:
        yield seen
    finally:
        event.remove(engine, "checkout", checkout)
        event.remove(engine, "before_cursor_execute", statement)


def test_a_case_read_on_postgresql_is_one_connection_and_still_audited(app: FastAPI, make_api: Any) -> None:
    anna, ida = make_api("caseworker"), make_api("auditor")
    case = anna.post("/cases", {"kind": "asylum_claim", "person_id": person(anna)["id"]})
    with counting(app) as seen:
        assert anna.get(f"/cases/{case['id']}")["reference"] == case["reference"]
    postgres = app.state.engine.dialect.name == "postgresql"
    assert len(seen["checkouts"]) == (1 if postgres else 2), seen
    entries = ida.get(f"/audit?case_id={case['id']}&limit=200")["items"]
    assert [(e["actor"], e["action"]) for e in entries].count((anna.username, "case.read")) == 1
