"""PostgreSQL: a change's audit entries are appended and committed in one round trip (psycopg's pipeline).
When that append fails (here: the head row stays locked past ``lock_timeout``), the change is not kept,
the chain is untouched, and the same sessions commit normally afterwards."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from migralex.casework import access, audit
from migralex.casework.models import User
from migralex.web import create_app
from tests.databases import postgres_base_url, postgres_database

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def sessions() -> Iterator[sessionmaker[Session]]:
    with postgres_database(postgres_base_url(), "migralex_pipe") as url:
        app = create_app(url)
        try:
            yield app.state.sessions
        finally:
            app.state.engine.dispose()


def _users(sessions: sessionmaker[Session], name: str) -> int:
    with sessions() as s:
        return int(s.scalar(select(func.count()).select_from(User).where(User.username == name)) or 0)


def test_a_failed_append_keeps_nothing_and_the_next_commit_works(sessions: sessionmaker[Session]) -> None:
    with sessions() as s:
        before = audit.verify(s)
    blocked = f"blocked-{uuid.uuid4().hex[:8]}"
    holder = sessions().connection()  # another transaction holds the head row
    holder.execute(text("SELECT seq FROM cw_audit_head WHERE id = 1 FOR UPDATE"))
    try:
        with sessions() as s:
            s.execute(text("SET LOCAL lock_timeout = '200ms'"))
            access.create_user(s, None, blocked, f"pw-{uuid.uuid4().hex}", "caseworker")  # audited
            with pytest.raises(OperationalError, match="lock"):
                s.commit()
            s.rollback()
    finally:
        holder.rollback()
        holder.close()
    assert _users(sessions, blocked) == 0  # the change went with its failed append
    with sessions() as s:
        after = audit.verify(s)
    assert after.ok and after.checked == before.checked  # nothing appended

    kept = f"kept-{uuid.uuid4().hex[:8]}"
    with sessions() as s:
        access.create_user(s, None, kept, f"pw-{uuid.uuid4().hex}", "caseworker")
        s.commit()
    assert _users(sessions, kept) == 1
    with sessions() as s:
        last = audit.verify(s)
        entry = s.scalars(text("SELECT action FROM cw_audit ORDER BY seq DESC LIMIT 1")).one()
    assert last.ok and last.checked == before.checked + 1
    assert entry == "user.create"


def test_a_connection_lost_before_the_commit_keeps_nothing_and_is_not_reused(
    sessions: sessionmaker[Session],
) -> None:
    """The server process of the session's connection ends before the commit: the commit fails as a
    database error (the service answers 503), nothing is kept, and the pool hands out a new connection."""
    lost = f"lost-{uuid.uuid4().hex[:8]}"
    with sessions() as s:
        pid = s.execute(text("SELECT pg_backend_pid()")).scalar_one()
        access.create_user(s, None, lost, f"pw-{uuid.uuid4().hex}", "caseworker")
        s.flush()
        with sessions() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        with pytest.raises(OperationalError) as raised:
            s.commit()
        assert raised.value.connection_invalidated
        s.rollback()
    assert _users(sessions, lost) == 0
    with sessions() as s:
        assert s.execute(text("SELECT pg_backend_pid()")).scalar_one() != pid
        assert audit.verify(s).ok
