"""Issue 14, items 10-12: no duplicate oracle, health data only to those on the case, audit entries that
reference rather than copy, no secrets in logs, and the same answer for absent and not-yours ids."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from migralex.casework.models import AuditEntry, SignInThrottle


def test_duplicate_intake_reveals_nothing_and_goes_to_a_supervisor(make_api: Any) -> None:
    """Probe 10: Bo records someone with the name, birth date and nationality of Anna's person: the answer
    is the same as for anyone new (201, no ids); a senior caseworker finds the match in their queue."""
    anna, bo, sara = make_api("caseworker"), make_api("caseworker"), make_api("senior_caseworker")
    name = f"Hidden Person {uuid.uuid4().hex[:6]}"
    body = {"full_name": name, "nationality": "SY", "birth_date": "1980-02-02"}
    first = anna.post("/people", body)
    second = bo.post("/people", body)
    assert set(second) == set(first) and "possible_duplicates" not in str(second)
    flags = [f for f in sara.get("/duplicates") if f["person_id"] == second["id"]]
    assert flags and flags[0]["matches"] == [first["id"]] and flags[0]["raised_by"] == bo.id
    bo.call("GET", "/duplicates", expect=403)
    sara.post(f"/duplicates/{flags[0]['id']}/resolve", None, expect=200)
    # Anna may see her own person: she is told, with the id
    assert anna.post("/people", body, expect=409)["possible_duplicates"] == [first["id"]]


def test_health_notes_only_for_the_caseworker_and_supervisor(
    make_api: Any, sessions: sessionmaker[Session]
) -> None:
    """Probe 11: vulnerability flags and health notes are null for auditors and administrators, present
    for the assigned caseworker and a senior caseworker; the audit entry holds no flag or note."""
    anna, sara = make_api("caseworker"), make_api("senior_caseworker")
    auditor, admin = make_api("auditor"), make_api("administrator")
    p = anna.post(
        "/people",
        {
            "full_name": "Health Data",
            "nationality": "AF",
            "vulnerabilities": ["torture_survivor", "ptsd"],
            "vulnerability_notes": "Scars on both arms; nightmares.",
        },
    )
    for who in (anna, sara):
        got = who.get(f"/people/{p['id']}")
        assert got["vulnerabilities"] == ["ptsd", "torture_survivor"] and got["vulnerability_notes"]
    for who in (auditor, admin):
        got = who.get(f"/people/{p['id']}")
        assert got["vulnerabilities"] is None and got["vulnerability_notes"] is None
        listed = [x for x in who.get("/people?limit=200")["items"] if x["id"] == p["id"]]
        assert listed[0]["vulnerability_notes"] is None
    with sessions() as s:
        details = s.scalars(
            select(AuditEntry.detail).where(
                AuditEntry.entity == "person", AuditEntry.entity_id == str(p["id"])
            )
        ).all()
    assert details and not any("torture" in d or "ptsd" in d or "Scars" in d for d in details)


def test_a_password_typed_as_username_is_not_stored(
    client: TestClient, sessions: sessionmaker[Session], app: FastAPI
) -> None:
    """Probe 11: a failed sign-in's username is kept only as a keyed hash; no parameters in logs."""
    secret = f"My-Secret-{uuid.uuid4().hex[:8]}"
    client.post("/api/v1/auth/token", json={"username": secret, "password": "x"})
    with sessions() as s:
        assert not s.scalars(select(AuditEntry).where(AuditEntry.detail.contains(secret))).all()
        assert not s.scalars(select(AuditEntry).where(AuditEntry.entity_id.contains(secret))).all()
        assert not s.scalars(select(SignInThrottle).where(SignInThrottle.key.contains(secret))).all()
    assert app.state.engine.hide_parameters is True


def test_referenced_ids_are_checked_and_absent_equals_not_yours(make_api: Any) -> None:
    """Probe 12: opening a case with another caseworker's case as parent is refused exactly as with a
    case that does not exist."""
    anna, bo = make_api("caseworker"), make_api("caseworker")
    p_anna = anna.post("/people", {"full_name": "Anna Client", "nationality": "IQ"})
    c_anna = anna.post("/cases", {"kind": "asylum_claim", "person_id": p_anna["id"]})
    p_bo = bo.post("/people", {"full_name": "Bo Client", "nationality": "IQ"})
    theirs = bo.post(
        "/cases",
        {"kind": "asylum_claim", "person_id": p_bo["id"], "parent_case_id": c_anna["id"]},
        expect=404,
    )
    absent = bo.post(
        "/cases",
        {"kind": "asylum_claim", "person_id": p_bo["id"], "parent_case_id": 2_000_000_000},
        expect=404,
    )
    assert theirs["field"] == absent["field"] == "parent_case_id"
    assert theirs["error"] == absent["error"]
    assert theirs["message"].replace(str(c_anna["id"]), "N") == absent["message"].replace("2000000000", "N")
    # the same for sponsors and relatives
    assert (
        bo.post(
            f"/people/{p_bo['id']}/family-links",
            {"relative_id": p_anna["id"], "relation": "spouse"},
            expect=404,
        )["field"]
        == "relative_id"
    )
