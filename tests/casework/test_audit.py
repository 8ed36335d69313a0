"""The hash-chained audit log: reads and changes are logged; tampering is detected and named."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from migralex.casework import audit
from migralex.cli import app as cli_app

from .helpers import person


def _raw(app: FastAPI, sql: str, **params: Any) -> None:
    """Run SQL with the append-only triggers bypassed (what an attacker with DB access could do)."""
    engine = app.state.engine
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SET LOCAL session_replication_role = replica"))
            conn.execute(text(sql), params)
        else:
            conn.execute(text("DROP TRIGGER IF EXISTS trg_cw_audit_no_update"))
            conn.execute(text("DROP TRIGGER IF EXISTS trg_cw_audit_no_delete"))
            conn.execute(text(sql), params)
            for verb in ("UPDATE", "DELETE"):
                conn.execute(
                    text(
                        f"CREATE TRIGGER trg_cw_audit_no_{verb.lower()} BEFORE {verb} ON cw_audit BEGIN "
                        f"SELECT RAISE(ABORT, 'migralex: cw_audit rows are append-only ({verb} refused)'); "
                        "END"
                    )
                )


def _verify(sessions: sessionmaker[Session]) -> audit.Verification:
    with sessions() as s:
        return audit.verify(s)


def test_reads_and_changes_are_logged(make_api: Any, sessions: sessionmaker[Session]) -> None:
    anna, ida = make_api("caseworker"), make_api("auditor")
    p = person(anna)
    case = anna.post("/cases", {"kind": "asylum_claim", "person_id": p["id"]})
    anna.get(f"/cases/{case['id']}")
    entries = ida.get(f"/audit?case_id={case['id']}&limit=200")["items"]
    actions = [(e["actor"], e["action"]) for e in entries]
    assert (anna.username, "case.open") in actions and (anna.username, "case.read") in actions
    assert ida.get("/audit/verify")["ok"] is True


def test_triggers_refuse_edits_to_the_log(app: FastAPI, make_api: Any) -> None:
    anna = make_api("caseworker")
    person(anna)
    import pytest
    from sqlalchemy.exc import DatabaseError

    with pytest.raises(DatabaseError), app.state.engine.begin() as conn:
        conn.execute(text("UPDATE cw_audit SET actor = 'mallory'"))
    with pytest.raises(DatabaseError), app.state.engine.begin() as conn:
        conn.execute(text("DELETE FROM cw_audit"))


def test_edit_delete_reorder_and_cut_are_each_detected(
    app: FastAPI, make_api: Any, db_url: str, sessions: sessionmaker[Session]
) -> None:
    anna = make_api("caseworker")
    for i in range(3):
        person(anna, name=f"P{i}")
    good = _verify(sessions)
    assert good.ok, good
    n = good.checked
    runner = CliRunner()
    ok = runner.invoke(cli_app, ["audit", "verify", "--database-url", db_url])
    assert ok.exit_code == 0, ok.output

    # edited
    with app.state.engine.connect() as conn:
        detail = conn.execute(text("SELECT detail FROM cw_audit WHERE seq = :s"), {"s": n - 1}).scalar_one()
    _raw(app, "UPDATE cw_audit SET detail = :d WHERE seq = :s", d='{"edited":true}', s=n - 1)
    bad = _verify(sessions)
    assert not bad.ok and bad.bad_seq == n - 1 and "edited" in bad.reason
    res = runner.invoke(cli_app, ["audit", "verify", "--database-url", db_url])
    assert res.exit_code == 1 and f"entry {n - 1}" in res.output
    _raw(app, "UPDATE cw_audit SET detail = :d WHERE seq = :s", d=detail, s=n - 1)
    assert _verify(sessions).ok

    # reordered: two entries swap places (their contents exchanged)
    cols = "at, actor_id, actor, action, entity, entity_id, case_id, detail, prev_hash, hash"
    with app.state.engine.connect() as conn:
        a = conn.execute(text(f"SELECT {cols} FROM cw_audit WHERE seq = :s"), {"s": n - 2}).mappings().one()
        b = conn.execute(text(f"SELECT {cols} FROM cw_audit WHERE seq = :s"), {"s": n - 1}).mappings().one()
    sets = ", ".join(f"{c} = :{c}" for c in cols.split(", "))
    _raw(app, f"UPDATE cw_audit SET {sets} WHERE seq = :seq", **dict(b), seq=n - 2)
    _raw(app, f"UPDATE cw_audit SET {sets} WHERE seq = :seq", **dict(a), seq=n - 1)
    bad = _verify(sessions)
    assert not bad.ok and bad.bad_seq == n - 2
    _raw(app, f"UPDATE cw_audit SET {sets} WHERE seq = :seq", **dict(a), seq=n - 2)
    _raw(app, f"UPDATE cw_audit SET {sets} WHERE seq = :seq", **dict(b), seq=n - 1)
    assert _verify(sessions).ok

    # deleted from the middle
    with app.state.engine.connect() as conn:
        row = (
            conn.execute(text(f"SELECT seq, {cols} FROM cw_audit WHERE seq = :s"), {"s": n - 2})
            .mappings()
            .one()
        )
    _raw(app, "DELETE FROM cw_audit WHERE seq = :s", s=n - 2)
    bad = _verify(sessions)
    assert not bad.ok and bad.bad_seq == n - 2 and "missing" in bad.reason
    _raw(
        app,
        f"INSERT INTO cw_audit (seq, {cols}) VALUES (:seq, {', '.join(':' + c for c in cols.split(', '))})",
        **dict(row),
    )
    assert _verify(sessions).ok

    # the tail cut off (the last entry deleted): the head row no longer matches
    with app.state.engine.connect() as conn:
        last = (
            conn.execute(text(f"SELECT seq, {cols} FROM cw_audit ORDER BY seq DESC LIMIT 1")).mappings().one()
        )
    _raw(app, "DELETE FROM cw_audit WHERE seq = :s", s=last["seq"])
    bad = _verify(sessions)
    assert not bad.ok and bad.bad_seq == last["seq"]
    _raw(
        app,
        f"INSERT INTO cw_audit (seq, {cols}) VALUES (:seq, {', '.join(':' + c for c in cols.split(', '))})",
        **dict(last),
    )
    assert _verify(sessions).ok


COLUMNS = ("at", "actor", "action", "entity", "entity_id", "detail", "prev_hash", "hash")


def test_any_single_field_edit_is_found_at_its_entry(app: FastAPI, make_api: Any) -> None:
    """Property: changing any one field of any entry makes verify name exactly that entry."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    anna = make_api("caseworker")
    for i in range(3):
        person(anna, name=f"Prop {i}")
    factory: sessionmaker[Session] = app.state.sessions
    with factory() as s:
        total = audit.verify(s).checked

    @settings(max_examples=12, deadline=None, database=None)
    @given(seq=st.integers(min_value=1, max_value=total), column=st.sampled_from(COLUMNS))
    def tamper(seq: int, column: str) -> None:
        with app.state.engine.connect() as conn:
            original = conn.execute(
                text(f"SELECT {column} FROM cw_audit WHERE seq = :s"), {"s": seq}
            ).scalar_one()
        changed = ("f" if original[:1] != "f" else "e") + original[1:]
        _raw(app, f"UPDATE cw_audit SET {column} = :v WHERE seq = :s", v=changed, s=seq)
        try:
            with factory() as s:
                bad = audit.verify(s)
            assert not bad.ok and bad.bad_seq == seq, (column, seq, bad)
        finally:
            _raw(app, f"UPDATE cw_audit SET {column} = :v WHERE seq = :s", v=original, s=seq)
        with factory() as s:
            assert audit.verify(s).ok

    tamper()


AWKWARD_DETAILS: list[dict[str, Any]] = [
    {"note": 'quote " backslash \\ newline \n tab \t', "n": 1},
    {"name": "Søren Ærø", "emoji": "🇩🇰", "nested": {"b": [1, 2.5, None, True], "a": "z"}},
    {},
    {"unicode escape": "\u2028\u2029", "control": "\x01"},
]


def test_entries_committed_together_chain_and_verify_on_every_database(
    sessions: sessionmaker[Session],
) -> None:
    """Several entries staged on one transaction (one of them by no signed-in user, with no case) are
    chained in order; PostgreSQL hashes them on the server (one statement), SQLite in Python: either way
    :func:`audit.verify` recomputes every hash in Python and finds the chain intact, and the times are
    ISO 8601 in UTC with microseconds, in the order of the chain."""
    import re

    with sessions() as s:
        before = audit.verify(s).checked
        for i, detail in enumerate(AWKWARD_DETAILS):
            audit.record(s, None, "test.append", "probe", f"id-{i}", case_id=i or None, detail=detail)
        s.commit()
    with sessions() as s:
        result = audit.verify(s)
        assert result.ok, result
        assert result.checked == before + len(AWKWARD_DETAILS)
        rows = s.execute(
            text(
                "SELECT seq, at, actor, entity_id, case_id, detail FROM cw_audit WHERE seq > :n ORDER BY seq"
            ),
            {"n": before},
        ).all()
    assert [r.entity_id for r in rows] == [f"id-{i}" for i in range(len(AWKWARD_DETAILS))]
    assert [r.case_id for r in rows] == [None, 1, 2, 3]
    assert [r.detail for r in rows] == [audit.canonical(d) for d in AWKWARD_DETAILS]
    assert all(r.actor == "system" for r in rows)
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00", r.at) for r in rows)
    assert [r.at for r in rows] == sorted(r.at for r in rows)


def test_concurrent_commits_extend_one_chain(sessions: sessionmaker[Session]) -> None:
    """Eight threads each commit 15 transactions of one to three entries at once: every entry is in the
    chain exactly once, the sequence has no gap, and the chain verifies (the head's lock serialises them)."""
    from concurrent.futures import ThreadPoolExecutor

    with sessions() as s:
        before = audit.verify(s).checked

    def work(worker: int) -> int:
        written = 0
        for k in range(15):
            with sessions() as s:
                for j in range(1 + (worker + k) % 3):
                    audit.record(s, None, "test.concurrent", "probe", f"{worker}-{k}-{j}")
                    written += 1
                s.commit()
        return written

    with ThreadPoolExecutor(8) as pool:
        total = sum(pool.map(work, range(8)))
    with sessions() as s:
        result = audit.verify(s)
        ids = s.scalars(text("SELECT entity_id FROM cw_audit WHERE action = 'test.concurrent'")).all()
    assert result.ok, result
    assert result.checked == before + total
    assert sorted(ids) == sorted({*ids}) and len(ids) == total
