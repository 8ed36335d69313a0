"""Issue 14, items 4-8: atomic per-address sign-in throttle, no lock-out by strangers, token and user
management, no common passwords, no serving of published demo passwords."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from migralex.casework import access
from migralex.casework.models import AuditEntry
from migralex.cli import app as cli_app


def test_forty_parallel_wrong_passwords_get_at_most_ten_checks(make_api: Any, app: FastAPI) -> None:
    """Probe 4: 40 parallel wrong passwords from one address; at most 10 are checked (401) - in fact no
    more than the free attempts of one address on one account - and the rest refused unchecked (429)."""
    victim = make_api("caseworker")

    def attempt(_: int) -> int:
        with TestClient(app, client=("192.0.2.40", 5000)) as c:
            body = {"username": victim.username, "password": "wrong-guess"}
            return c.post("/api/v1/auth/token", json=body).status_code

    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(attempt, range(40)))
    assert codes.count(401) <= min(10, access.PAIR_FREE), codes
    assert set(codes) == {401, 429}


def test_a_stranger_cannot_lock_the_account_holder_out(
    make_api: Any, app: FastAPI, sessions: sessionmaker[Session]
) -> None:
    """Probe 5: 15 wrong passwords from one address lock that address out, not the holder, who is told;
    the failures are not written to the audit chain."""
    admin = make_api("administrator")
    with sessions() as s:
        before = s.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "auth.failed")
        )
    with TestClient(app, client=("192.0.2.66", 5000)) as stranger:
        codes = [
            stranger.post(
                "/api/v1/auth/token", json={"username": admin.username, "password": f"guess-{i}"}
            ).status_code
            for i in range(15)
        ]
        assert codes[0] == 401 and codes[-1] == 429
        right = {"username": admin.username, "password": admin.password}
        assert stranger.post("/api/v1/auth/token", json=right).status_code == 429  # this client failed
    with TestClient(app, client=("198.51.100.20", 5000)) as holder:
        r = holder.post("/api/v1/auth/token", json=right)
    assert r.status_code == 200, r.text
    assert "failed sign-in attempt" in r.json()["notice"]
    with sessions() as s:
        after = s.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "auth.failed")
        )
    assert after == before


def test_tokens_are_listed_revoked_and_short_lived(make_api: Any, client: TestClient) -> None:
    """Probe 6: list and revoke one's tokens; API tokens live at most 7 days."""
    anna = make_api("caseworker")
    second = client.post("/api/v1/auth/token", json={"username": anna.username, "password": anna.password})
    other = {"Authorization": f"Bearer {second.json()['access_token']}"}
    tokens = anna.get("/me/tokens")
    assert len(tokens) == 2
    for t in tokens:
        lifetime = datetime.fromisoformat(t["expires_at"]) - datetime.fromisoformat(t["created_at"])
        assert lifetime <= timedelta(days=7, seconds=5)
    newest = max(t["id"] for t in tokens)
    r = client.delete(f"/api/v1/me/tokens/{newest}", headers=anna.headers)
    assert r.status_code == 204
    assert client.get("/api/v1/me", headers=other).status_code == 401
    assert anna.get("/me")["id"] == anna.id
    # another user's token id: the same 404 as an absent one
    bo = make_api("caseworker")
    bo_token = bo.get("/me/tokens")[0]["id"]
    assert client.delete(f"/api/v1/me/tokens/{bo_token}", headers=anna.headers).status_code == 404
    assert client.delete("/api/v1/me/tokens/2147483647", headers=anna.headers).status_code == 404


def test_password_change_revokes_tokens_and_admins_disable_users(make_api: Any, client: TestClient) -> None:
    """Probe 6: changing one's password revokes every old token; an administrator disables a user
    (their tokens stop working) and sets a password."""
    anna, admin = make_api("caseworker"), make_api("administrator")
    new = f"Fresh-{uuid.uuid4().hex[:10]}"
    r = client.post(
        "/api/v1/me/password",
        json={"current_password": "wrong", "new_password": new},
        headers=anna.headers,
    )
    assert r.status_code == 403 and r.json()["field"] == "current_password"
    r = client.post(
        "/api/v1/me/password",
        json={"current_password": anna.password, "new_password": new},
        headers=anna.headers,
    )
    assert r.status_code == 200
    assert client.get("/api/v1/me", headers=anna.headers).status_code == 401
    fresh = {"Authorization": f"Bearer {r.json()['access_token']}"}
    assert client.get("/api/v1/me", headers=fresh).status_code == 200
    assert admin.post(f"/users/{anna.id}/active", {"active": False}, expect=200)["active"] is False
    assert client.get("/api/v1/me", headers=fresh).status_code == 401
    r = client.post("/api/v1/auth/token", json={"username": anna.username, "password": new})
    assert r.status_code == 401
    admin.post(f"/users/{anna.id}/active", {"active": True}, expect=200)
    admin.post(f"/users/{anna.id}/password", {"new_password": "Another-long-one-42"}, expect=200)
    r = client.post("/api/v1/auth/token", json={"username": anna.username, "password": "Another-long-one-42"})
    assert r.status_code == 200
    mine = {"Authorization": f"Bearer {r.json()['access_token']}"}
    r = client.post(f"/api/v1/users/{admin.id}/active", json={"active": False}, headers=mine)
    assert r.status_code == 403 and r.json()["error"] == "forbidden"


@pytest.mark.parametrize("weak", ["12345678", "password", "aaaaaaaa", "Password1!", "qwertyuiop"])
def test_common_and_guessable_passwords_are_refused(make_api: Any, weak: str) -> None:
    """Probe 7: each is refused with a reason naming the password field."""
    admin = make_api("administrator")
    body = {"username": f"w{uuid.uuid4().hex[:8]}", "password": weak, "role": "caseworker"}
    r = admin.post("/users", body, expect=422)
    assert r["field"] == "password" and "password" in r["message"]
    assert admin.post("/users", {**body, "password": "correct horse battery"}, expect=201)


def test_serve_refuses_published_demo_passwords_without_demo(
    db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Probe 8: a database once served with --demo keeps demo users; serving it without --demo exits 2
    until their passwords are changed."""
    import uvicorn

    from migralex.casework.cli import load_demo

    started: list[object] = []
    monkeypatch.setattr(uvicorn.Server, "run", lambda self, *a, **k: started.append(a))
    if db_url.startswith("sqlite"):
        db_url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    load_demo(db_url)
    runner = CliRunner()
    result = runner.invoke(cli_app, ["serve", "--database-url", db_url, "--port", "0"])
    assert result.exit_code == 2 and not started
    assert "demo" in result.output
    from migralex.casework.demo import DEMO_USERS
    from migralex.casework.models import User
    from migralex.casework.store import casework_engine, session_factory

    engine = casework_engine(db_url)
    with session_factory(engine)() as s:
        for username, *_ in DEMO_USERS:
            user = s.scalar(select(User).where(User.username == username))
            assert user is not None
            access.set_password(s, user, user, f"{uuid.uuid4().hex}-Changed")
        s.commit()
    engine.dispose()
    result = runner.invoke(cli_app, ["serve", "--database-url", db_url, "--port", "0"])
    assert result.exit_code == 0 and started, result.output
