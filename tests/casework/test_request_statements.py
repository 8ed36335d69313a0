"""What the load cycle's requests cost the database, counted (not timed): connections and SQL statements.

A read on PostgreSQL commits its audit entry in its own transaction (one pooled connection and one
transaction); on SQLite the entry goes in a short writing transaction of its own, so
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


def test_a_grant_reads_the_case_with_its_person_and_the_current_statuses_once(
    app: FastAPI, make_api: Any
) -> None:
    anna = make_api("caseworker")
    case = anna.post("/cases", {"kind": "asylum_claim", "person_id": person(anna)["id"]})
    body = {
        "kind": "grant",
        "decision_date": "2025-01-10",
        "reasons": "protection needed",
        "program": "dk.asylum.status",
        "facts": GENERALISED,
    }
    with counting(app) as seen:
        decision = anna.post(f"/cases/{case['id']}/decisions", body, headers={"Idempotency-Key": "grant-1"})
    assert decision["outcome"] == "eligible"
    selects = [s for s in seen["statements"] if s.startswith("SELECT")]
    from_table = [s.split(" FROM ")[1].split()[0] for s in selects]
    assert from_table.count("cw_person") == 0, selects  # selected with the case: "cw_case JOIN cw_person"
    assert from_table.count("cw_residence_status") == 1, selects  # the facts and the statuses ended
    # a grant to an adult requires no safeguard (safeguards.requirements): no assessment to look up
    assert from_table.count("cw_assessment") == 0, selects
    # 17 statements on SQLite (a BEGIN for the token's snapshot, one BEGIN IMMEDIATE, the audit append in
    # three), 12 seen here on PostgreSQL (where BEGIN is not a statement, and the audit append, one
    # statement, goes with the commit in psycopg's pipeline, which no statement event sees); 20 and 18
    # before the two reads were merged, 18 and 16 before the assessments were skipped and the append merged
    postgres = app.state.engine.dialect.name == "postgresql"
    assert len(seen["statements"]) <= (12 if postgres else 17), seen["statements"]
    [granted] = anna.get(f"/people/{case['person_id']}/statuses")
    assert (granted["decision_id"], granted["ended_on"]) == (decision["id"], None)


def test_a_second_grant_ends_the_status_the_first_gave(make_api: Any) -> None:
    anna = make_api("caseworker")
    someone = person(anna)["id"]
    body = {
        "kind": "grant",
        "reasons": "protection needed",
        "program": "dk.asylum.status",
        "facts": GENERALISED,
    }
    decided = []
    for on in ("2025-01-10", "2025-06-10"):
        case = anna.post("/cases", {"kind": "asylum_claim", "person_id": someone})
        decided.append(anna.post(f"/cases/{case['id']}/decisions", {**body, "decision_date": on}))
    first, second = anna.get(f"/people/{someone}/statuses")
    assert (first["decision_id"], first["ended_on"]) == (decided[0]["id"], "2025-06-10")
    assert (second["decision_id"], second["ended_on"]) == (decided[1]["id"], None)
