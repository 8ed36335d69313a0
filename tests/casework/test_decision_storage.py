"""A decision's explanation is stored as the engine wrote it (its JSON encoded once, not re-encoded by
the database layer), and explanations stored before (by ``json.dumps``) read and re-run the same."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from migralex.casework.models import Decision
from migralex.engine import assess
from migralex.rules.registry import get_program
from tests.casework.helpers import GENERALISED, granted_case, person


def _stored_text(s: Session, decision_id: int) -> str:
    column = "CAST(result AS TEXT)" if s.get_bind().dialect.name == "postgresql" else "result"
    return str(
        s.execute(text(f"SELECT {column} FROM cw_decision WHERE id = :id"), {"id": decision_id}).scalar()
    )


def test_the_explanation_is_stored_as_the_engine_wrote_it(
    make_api: Any, sessions: sessionmaker[Session]
) -> None:
    api = make_api("caseworker")
    _p, _case, made = granted_case(api)
    program = get_program("dk.asylum.status")
    engine_text = assess(program, program.parse_facts(made["facts"]), date(2025, 1, 10)).to_json_bytes()
    with sessions() as s:
        stored = _stored_text(s, made["id"])
    assert stored == engine_text.decode()
    assert json.loads(stored) == made["result"] == api.get(f"/decisions/{made['id']}")["result"]


def test_an_explanation_stored_by_json_dumps_reads_and_reruns_the_same(
    make_api: Any, sessions: sessionmaker[Session]
) -> None:
    api = make_api("caseworker")
    _p, _case, made = granted_case(api)
    with sessions() as s:  # the same decision again, its explanation a plain dict: stored as before
        row = s.get(Decision, made["id"])
        assert row is not None and row.result is not None
        columns = [c.key for c in Decision.__table__.columns if c.key not in ("id", "result")]
        old = Decision(**{k: getattr(row, k) for k in columns}, result=dict(row.result))
        s.add(old)
        s.commit()
        old_id = old.id
        assert _stored_text(s, old_id) == json.dumps(made["result"])  # SQLAlchemy's default encoding
        assert _stored_text(s, old_id) != _stored_text(s, made["id"])
    assert api.get(f"/decisions/{old_id}")["result"] == made["result"]
    assert api.get(f"/decisions/{old_id}/rerun")["identical"] is True


def test_a_decision_and_its_stored_response_are_compressed_with_lz4_on_postgresql(
    make_api: Any, sessions: sessionmaker[Session]
) -> None:
    """Migration 0520: on PostgreSQL the explanation and the idempotent response (each about 60 kB) are
    compressed with lz4 rather than pglz (a tenth of the server's CPU per value) where the server has lz4;
    on either database both read back as stored."""
    api = make_api("caseworker")
    case = api.post(
        "/cases", {"kind": "asylum_claim", "person_id": person(api)["id"], "opened_on": "2025-01-10"}
    )
    key = f"grant-{case['id']}"
    body = {
        "kind": "grant",
        "decision_date": "2025-01-10",
        "program": "dk.asylum.status",
        "facts": GENERALISED,
        "reasons": "Test grant.",
    }
    made = api.post(f"/cases/{case['id']}/decisions", body, headers={"Idempotency-Key": key})
    with sessions() as s:
        stored = _stored_text(s, made["id"])
        if s.get_bind().dialect.name == "postgresql":
            lz4 = s.execute(
                text("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
            ).scalar()
            methods = s.execute(
                text(
                    "SELECT pg_column_compression(d.result), pg_column_compression(i.response) "
                    "FROM cw_decision AS d, cw_idempotency AS i WHERE d.id = :id AND i.key = :key"
                ),
                {"id": made["id"], "key": key},
            ).one()
            assert tuple(methods) == (("lz4", "lz4") if lz4 else ("pglz", "pglz"))
    assert json.loads(stored) == made["result"]
    again = api.post(f"/cases/{case['id']}/decisions", body, expect=None, headers={"Idempotency-Key": key})
    assert again == made  # the stored response, read back
