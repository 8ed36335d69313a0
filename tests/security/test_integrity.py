"""Issue 14, items 13-14: signed audit checkpoints catch tampering the hash chain alone cannot, and a
safeguard counts only if recorded on or before the decision date."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select, text
from typer.testing import CliRunner

from migralex.casework import access, audit
from migralex.casework.models import AuditEntry
from migralex.casework.store import casework_engine, session_factory
from migralex.cli import app as cli_app
from migralex.db.migrate import upgrade
from tests.databases import postgres_database


@pytest.fixture
def fresh_url(db_url: str, tmp_path: Path) -> Iterator[str]:
    """A database of its own (tampering must not touch the shared one)."""
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'tamper.sqlite3'}"
        return
    with postgres_database(os.environ["DATABASE_URL"], "migralex_tamper") as url:
        yield url


def _unlock(engine: Engine) -> None:
    """What an intruder with database access does first: switch the append-only triggers off."""
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.execute(text("DROP TRIGGER IF EXISTS trg_cw_audit_no_update"))
            conn.execute(text("DROP TRIGGER IF EXISTS trg_cw_audit_no_delete"))
        else:
            conn.execute(text("ALTER TABLE cw_audit DISABLE TRIGGER USER"))


def _rehash_from(engine: Engine, first: int, forge: dict[int, str]) -> None:
    """Rewrite entries from ``first`` on (details from ``forge``), recomputing every hash and the head."""
    with engine.begin() as conn:
        rows = conn.execute(select(AuditEntry.__table__).order_by(AuditEntry.seq)).mappings().all()
        prev = audit.GENESIS
        for r in rows:
            detail = forge.get(r["seq"], r["detail"])
            h = audit.entry_hash(
                r["seq"],
                r["at"],
                r["actor_id"],
                r["actor"],
                r["action"],
                r["entity"],
                r["entity_id"],
                r["case_id"],
                detail,
                prev,
            )
            if r["seq"] >= first:
                conn.execute(
                    text("UPDATE cw_audit SET detail = :d, prev_hash = :p, hash = :h WHERE seq = :s"),
                    {"d": detail, "p": prev, "h": h, "s": r["seq"]},
                )
            prev = h
        conn.execute(text("UPDATE cw_audit_head SET seq = :s, hash = :h"), {"s": rows[-1]["seq"], "h": prev})


def _roll_back_last(engine: Engine) -> None:
    with engine.begin() as conn:
        last = conn.execute(text("SELECT max(seq) FROM cw_audit")).scalar_one()
        conn.execute(text("DELETE FROM cw_audit WHERE seq = :s"), {"s": last})
        h = conn.execute(text("SELECT hash FROM cw_audit WHERE seq = :s"), {"s": last - 1}).scalar_one()
        conn.execute(text("UPDATE cw_audit_head SET seq = :s, hash = :h"), {"s": last - 1, "h": h})


@pytest.mark.parametrize("tamper", ["roll_back_last", "forge_last", "rewrite_5_to_n"])
def test_signed_checkpoint_catches_what_the_chain_misses(fresh_url: str, tmp_path: Path, tamper: str) -> None:
    """Probe 13: after each tampering `audit verify` alone passes; with the signed checkpoint it fails."""
    upgrade(fresh_url)
    engine = casework_engine(fresh_url)
    with session_factory(engine)() as s:
        for i in range(8):
            access.create_user(
                s, None, f"u{i}{uuid.uuid4().hex[:6]}", f"Long-pass-{uuid.uuid4().hex}", "auditor"
            )
            s.commit()
    runner = CliRunner()
    key = tmp_path / "audit.key"
    assert runner.invoke(cli_app, ["audit", "keygen", str(key)]).exit_code == 0
    made = runner.invoke(
        cli_app,
        [
            "audit",
            "checkpoint",
            "--key",
            str(key),
            "--out",
            str(tmp_path / "cp"),
            "--database-url",
            fresh_url,
        ],
    )
    assert made.exit_code == 0, made.output
    cp_file = tmp_path / "cp" / "latest.json"
    public = json.loads(cp_file.read_text())["public_key"]
    verify = ["audit", "verify", "--database-url", fresh_url]
    with_cp = [*verify, "--checkpoint", str(cp_file), "--public-key", public]
    assert runner.invoke(cli_app, with_cp).exit_code == 0
    _unlock(engine)
    if tamper == "roll_back_last":
        _roll_back_last(engine)
    elif tamper == "forge_last":
        _roll_back_last(engine)
        with session_factory(engine)() as s:
            audit.record(s, None, "user.create", "user", "999", detail={"forged": True})
            s.commit()
    else:
        _rehash_from(engine, 5, {seq: '{"rewritten":true}' for seq in range(5, 100)})
    engine.dispose()
    assert runner.invoke(cli_app, verify).exit_code == 0  # the chain alone is consistent again
    result = runner.invoke(cli_app, with_cp)
    assert result.exit_code == 1 and "checkpoint" in result.output


def test_a_forged_checkpoint_is_refused(fresh_url: str, tmp_path: Path) -> None:
    """Probe 13: a checkpoint whose head was edited, or signed by another key, is refused."""
    upgrade(fresh_url)
    runner = CliRunner()
    key, other = tmp_path / "a.key", tmp_path / "b.key"
    runner.invoke(cli_app, ["audit", "keygen", str(key)])
    runner.invoke(cli_app, ["audit", "keygen", str(other)])
    runner.invoke(
        cli_app,
        ["audit", "checkpoint", "--key", str(key), "--out", str(tmp_path / "a"), "--database-url", fresh_url],
    )
    runner.invoke(
        cli_app,
        [
            "audit",
            "checkpoint",
            "--key",
            str(other),
            "--out",
            str(tmp_path / "b"),
            "--database-url",
            fresh_url,
        ],
    )
    good = json.loads((tmp_path / "a" / "latest.json").read_text())
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps({**good, "seq": good["seq"] + 1}))
    base = [
        "audit",
        "verify",
        "--database-url",
        fresh_url,
        "--public-key",
        good["public_key"],
        "--checkpoint",
    ]
    assert runner.invoke(cli_app, [*base, str(edited)]).exit_code == 1
    assert runner.invoke(cli_app, [*base, str(tmp_path / "b" / "latest.json")]).exit_code == 1


def test_safeguards_recorded_after_the_decision_date_do_not_count(make_api: Any) -> None:
    """Probe 14: an expulsion dated 2020-01-01 with its assessments dated 2021-01-01 is blocked; an
    assessment dated in the future is refused outright; assessments dated before the decision count."""
    anna = make_api("caseworker")
    p = anna.post("/people", {"full_name": "Expelled Later", "nationality": "ER", "birth_date": "1990-01-01"})
    case = anna.post("/cases", {"kind": "expulsion", "person_id": p["id"], "opened_on": "2019-06-01"})
    reasons = "Recorded for the probe, with reasons given."
    future = {
        "kind": "individual_assessment",
        "conclusion": "done",
        "reasons": reasons,
        "recorded_on": "2030-01-01",
    }
    assert anna.post(f"/cases/{case['id']}/assessments", future, expect=422)["field"] == "recorded_on"
    for kind, conclusion in (("individual_assessment", "done"), ("non_refoulement", "no_risk")):
        body = {"kind": kind, "conclusion": conclusion, "reasons": reasons, "recorded_on": "2021-01-01"}
        anna.post(f"/cases/{case['id']}/assessments", body)
    decision = {"kind": "expulsion", "decision_date": "2020-01-01", "reasons": "Expulsion after sentence."}
    blocked = anna.post(f"/cases/{case['id']}/decisions", decision, expect=409)
    assert {b["safeguard"] for b in blocked["blocks"]} == {"individual_assessment", "non_refoulement"}
    for kind, conclusion in (("individual_assessment", "done"), ("non_refoulement", "no_risk")):
        body = {"kind": kind, "conclusion": conclusion, "reasons": reasons, "recorded_on": "2019-12-01"}
        anna.post(f"/cases/{case['id']}/assessments", body)
    made = anna.post(f"/cases/{case['id']}/decisions", decision)
    assert made["kind"] == "expulsion"
