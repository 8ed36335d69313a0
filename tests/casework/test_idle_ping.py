"""A pooled PostgreSQL connection is pinged before use only when it has been idle: under load a request
saves that round trip, and a connection that died while idle (its server process ended) is replaced
before a request gets it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, text

from migralex.db.session import make_engine
from tests.databases import postgres_base_url

pytestmark = pytest.mark.postgres


@pytest.fixture
def engine() -> Iterator[Engine]:
    eng = make_engine(postgres_base_url(), pool_size=1, max_overflow=0)
    try:
        yield eng
    finally:
        eng.dispose()


def _pings(engine: Engine) -> list[str]:
    """Counts the pings: SQLAlchemy's psycopg dialect sends ``SELECT 1`` outside the statement events."""
    seen: list[str] = []
    ping = engine.dialect.do_ping

    def counted(dbapi_connection: Any) -> bool:
        seen.append("ping")
        return bool(ping(dbapi_connection))

    engine.dialect.do_ping = counted  # type: ignore[method-assign]
    return seen


def _backend_pid(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())


def test_a_connection_given_back_moments_ago_is_not_pinged(engine: Engine) -> None:
    pings = _pings(engine)
    first = _backend_pid(engine)
    for _ in range(5):
        assert _backend_pid(engine) == first  # the same pooled connection, each time
    assert pings == []


def test_an_idle_connection_whose_server_process_ended_is_replaced(engine: Engine) -> None:
    pings = _pings(engine)
    dead = _backend_pid(engine)
    admin = make_engine(postgres_base_url())
    with admin.connect() as conn:
        assert conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": dead}).scalar_one()
    admin.dispose()
    time.sleep(1.2)  # idle longer than PING_AFTER_IDLE
    assert _backend_pid(engine) != dead  # the request got a working connection, no error
    assert pings == ["ping"]
