"""Fixtures for the casework tests.

``db_url`` runs every test on SQLite (a file under tmp_path) and on PostgreSQL (a fresh
``migralex_cw_<random>`` database next to ``$DATABASE_URL``, dropped at the end; skipped when
``DATABASE_URL`` is unset). Each test makes its own users and people, so tests never share rows
they assert on.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from migralex.casework import access
from migralex.web import create_app
from migralex.web.security import RateLimit
from tests.databases import BACKENDS, fresh_database


@pytest.fixture(scope="session", params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database URL (migrated by ``create_app``), once per backend per test session."""
    with fresh_database(request.param, tmp_path_factory, "migralex_cw") as url:
        yield url


@pytest.fixture(scope="session")
def app(db_url: str) -> Iterator[FastAPI]:
    """The web app on the test database (anonymous rate limit raised: the tests sign in hundreds of users
    from one test client; tests/security checks the limit itself)."""
    application = create_app(db_url, anonymous_limit=RateLimit(rate=1000, burst=1000))
    yield application
    application.state.engine.dispose()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """An HTTP client on the app (no network)."""
    with TestClient(app) as c:
        yield c


@pytest.fixture
def sessions(app: FastAPI) -> sessionmaker[Session]:
    """The app's session factory (audit-chaining sessions)."""
    factory: sessionmaker[Session] = app.state.sessions
    return factory


class Api:
    """A signed-in API client for one user: ``api.post("/cases", {...})`` returns the JSON or fails."""

    def __init__(self, client: TestClient, username: str, password: str, user_id: int, role: str) -> None:
        self.client, self.username, self.id, self.role = client, username, user_id, role
        self.password = password
        r = client.post("/api/v1/auth/token", json={"username": username, "password": password})
        assert r.status_code == 200, r.text
        self.headers = {"Authorization": f"Bearer {r.json()['access_token']}"}

    def call(
        self,
        method: str,
        path: str,
        json: Any = None,
        expect: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        """Call ``/api/v1{path}``; assert the status when ``expect`` is given; return the JSON body."""
        r = self.client.request(
            method, f"/api/v1{path}", json=json, headers={**self.headers, **(headers or {})}
        )
        if expect is not None:
            assert r.status_code == expect, f"{method} {path}: {r.status_code} {r.text}"
        return r.json()

    def get(self, path: str, expect: int | None = 200) -> Any:
        """GET."""
        return self.call("GET", path, expect=expect)

    def post(
        self, path: str, json: Any, expect: int | None = 201, headers: dict[str, str] | None = None
    ) -> Any:
        """POST."""
        return self.call("POST", path, json, expect, headers)


@pytest.fixture
def make_api(client: TestClient, sessions: sessionmaker[Session]) -> Any:
    """``make_api(role)``: a new user with that role, signed in."""

    def make(role: str) -> Api:
        username = f"{role[:4]}{uuid.uuid4().hex[:8]}"
        password = f"pw-{uuid.uuid4().hex}"
        with sessions() as s:
            user = access.create_user(s, None, username, password, role)
            s.commit()
            uid = user.id
        return Api(client, username, password, uid, role)

    return make


@pytest.fixture(scope="session")
def senior_token(app: FastAPI) -> str:
    """A bearer token of a senior caseworker (the schemathesis runs sign in with it)."""
    factory: sessionmaker[Session] = app.state.sessions
    with factory() as s:
        user = access.create_user(
            s, None, f"st{uuid.uuid4().hex[:8]}", "schemathesis-pw", "senior_caseworker"
        )
        token = access.issue_token(s, user, "api")
        s.commit()
    return token
