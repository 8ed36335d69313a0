"""Access: roles, per-case visibility, read-only auditors, 401 for anonymous clients everywhere."""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from migralex.casework.models import User

from .helpers import GENERALISED, granted_case, person


def test_caseworker_cannot_see_or_touch_another_caseworkers_case(make_api: Any) -> None:
    anna, bo, sara = make_api("caseworker"), make_api("caseworker"), make_api("senior_caseworker")
    p, case, d = granted_case(anna)
    assert bo.get(f"/cases/{case['id']}", expect=404)["field"] == "case_id"
    assert bo.get(f"/decisions/{d['id']}", expect=404)["error"] == "not_found"
    assert bo.get(f"/people/{p['id']}", expect=404)["error"] == "not_found"
    assert case["id"] not in [c["id"] for c in bo.get("/cases?limit=200")["items"]]
    bo.post(
        f"/cases/{case['id']}/assessments",
        {
            "kind": "individual_assessment",
            "conclusion": "done",
            "reasons": "Trying to write to someone else's case.",
        },
        expect=404,
    )
    assert anna.get(f"/cases/{case['id']}")["id"] == case["id"]
    assert sara.get(f"/cases/{case['id']}")["id"] == case["id"]
    # a senior reassigns the case: now bo sees it and anna no longer does
    sara.post(f"/cases/{case['id']}/assign", {"user_id": bo.id}, expect=200)
    assert bo.get(f"/cases/{case['id']}")["assigned_to"] == bo.id
    anna.get(f"/cases/{case['id']}", expect=404)
    # caseworkers cannot assign
    anna.post(f"/cases/{case['id']}/assign", {"user_id": anna.id}, expect=403)


def test_refused_reads_are_audited(make_api: Any) -> None:
    anna, bo, ida = make_api("caseworker"), make_api("caseworker"), make_api("auditor")
    p = person(anna)
    case = anna.post("/cases", {"kind": "asylum_claim", "person_id": p["id"]})
    bo.get(f"/cases/{case['id']}", expect=404)
    entries = ida.get("/audit?limit=200")["items"]
    assert any(
        e["actor"] == bo.username and e["action"] == "case.read_denied" and e["entity_id"] == str(case["id"])
        for e in entries
    )


def test_auditor_reads_everything_and_changes_nothing(make_api: Any) -> None:
    anna, ida = make_api("caseworker"), make_api("auditor")
    p, case, d = granted_case(anna)
    assert ida.get(f"/cases/{case['id']}")["id"] == case["id"]
    assert ida.get(f"/decisions/{d['id']}")["id"] == d["id"]
    writes = [
        ("/people", {"full_name": "X", "nationality": "SY"}),
        ("/cases", {"kind": "asylum_claim", "person_id": p["id"]}),
        (
            f"/cases/{case['id']}/assessments",
            {
                "kind": "individual_assessment",
                "conclusion": "done",
                "reasons": "An auditor must not record this.",
            },
        ),
        (
            f"/cases/{case['id']}/documents",
            {
                "title": "t",
                "doc_type": "passport",
                "filename": "p.pdf",
                "sha256": "0" * 64,
                "size_bytes": 1,
                "received_on": "2025-01-01",
            },
        ),
        (
            f"/cases/{case['id']}/decisions",
            {"kind": "refusal", "decision_date": "2025-01-01", "reasons": "x"},
        ),
        (f"/cases/{case['id']}/assign", {"user_id": anna.id}),
        ("/safe-countries", {"country": "SY", "safe_from": "2025-01-01", "basis": "auditor attempt"}),
        ("/reviews/open-due", {"on": "2030-01-01"}),
        (f"/people/{p['id']}/family-links", {"relative_id": p["id"], "relation": "spouse"}),
        ("/users", {"username": "mallory", "password": "password123", "role": "administrator"}),
    ]
    before = ida.get("/cases?limit=1")["total"]
    for path, body in writes:
        r = ida.post(path, body, expect=None)
        assert r.get("error") == "forbidden", (path, r)
    assert ida.get("/cases?limit=1")["total"] == before


def test_anonymous_gets_401_on_every_api_route(app: FastAPI, client: TestClient) -> None:
    checked = 0
    for template, operations in app.openapi()["paths"].items():
        if not template.startswith("/api/v1/"):  # the programme ledger's API included
            continue
        if template == "/api/v1/auth/token":
            continue
        path = re.sub(r"\{[^}]+\}", "1", template)
        for method in operations:
            r = client.request(method.upper(), path, json={})
            assert r.status_code == 401, (method, path, r.status_code, r.text)
            assert r.json()["error"] == "unauthenticated"
            checked += 1
    assert checked >= 25
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer not-a-token"}).status_code == 401


def test_passwords_are_argon2_and_wrong_passwords_fail(
    make_api: Any, client: TestClient, sessions: sessionmaker[Session]
) -> None:
    anna = make_api("caseworker")
    with sessions() as s:
        user = s.scalar(select(User).where(User.username == anna.username))
        assert user is not None and user.password_hash.startswith("$argon2id$")
    r = client.post("/api/v1/auth/token", json={"username": anna.username, "password": "wrong-password"})
    assert r.status_code == 401
    r = client.post("/api/v1/auth/token", json={"username": "nobody-here", "password": "wrong-password"})
    assert r.status_code == 401


def test_administrator_adds_users_caseworker_cannot(make_api: Any) -> None:
    admin, anna = make_api("administrator"), make_api("caseworker")
    body = {"username": f"new{anna.id}x", "password": "long-enough-pw", "role": "caseworker"}
    anna.post("/users", body, expect=403)
    made = admin.post("/users", body)
    assert made["role"] == "caseworker" and "password" not in str(made)
    assert admin.post("/users", body, expect=409)["field"] == "username"
    # administrators manage users but do not decide cases
    admin.post("/people", {"full_name": "X", "nationality": "SY"}, expect=403)


def test_caseworker_case_listing_only_shows_own(make_api: Any) -> None:
    anna, bo = make_api("caseworker"), make_api("caseworker")
    granted_case(anna, facts=GENERALISED)
    listed = bo.get("/cases?limit=200")
    assert all(c["assigned_to"] == bo.id for c in listed["items"])


def test_sign_in_is_throttled_after_repeated_failures(make_api: Any, app: FastAPI) -> None:
    """The client that keeps failing is refused (429); the account holder elsewhere signs in."""
    from migralex.casework.access import PAIR_FREE

    victim = make_api("caseworker")
    with TestClient(app, client=("192.0.2.10", 4000)) as attacker:
        codes = [
            attacker.post(
                "/api/v1/auth/token", json={"username": victim.username, "password": "guess-123"}
            ).status_code
            for _ in range(PAIR_FREE + 2)
        ]
        assert codes[:PAIR_FREE] == [401] * PAIR_FREE and codes[-1] == 429
        right = {"username": victim.username, "password": victim.password}
        r = attacker.post("/api/v1/auth/token", json=right)
        assert r.status_code == 429 and r.json()["error"] == "too_many_attempts"
    with TestClient(app, client=("198.51.100.7", 4000)) as holder:
        r = holder.post("/api/v1/auth/token", json=right)
        assert r.status_code == 200 and "failed sign-in" in r.json()["notice"]
    # the existing token still works
    assert victim.get("/me")["username"] == victim.username


def test_mounted_parts_need_sign_in_and_auditors_change_nothing(make_api: Any, client: TestClient) -> None:
    for path in ("/programmes", "/lab", "/lab/runs/x/"):
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/login", path
    assert client.post("/lab/run", data={}, follow_redirects=False).status_code == 303
    auditor = make_api("auditor")
    auditor.get("/programmes")  # reading is allowed (asserts 200)
    refused = auditor.post("/programmes/XX/disbursements", {}, expect=403)
    assert refused["error"] == "forbidden" and "auditor" in refused["message"]
    caseworker = make_api("caseworker")
    assert caseworker.post("/programmes/XX/disbursements", {}, expect=403)["field"] == "role"
