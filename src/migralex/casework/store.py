"""Engine and sessions for the casework service.

Every session from :func:`session_factory` appends its staged audit entries when it commits.
On SQLite the file runs in WAL mode; a writing transaction starts with ``BEGIN IMMEDIATE`` (writers
queue instead of failing with "database is locked"), a reading one (see :data:`READ_ONLY`, set per
request by the web app for GET/HEAD/OPTIONS) with a deferred ``BEGIN``: it reads a snapshot and never
takes the write lock, so readers never wait for writers nor writers for readers.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from migralex.casework import audit
from migralex.db.session import make_engine, resolve_url


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


#: True while serving a request that only reads: SQLite transactions then begin DEFERRED (no write lock).
READ_ONLY: ContextVar[bool] = ContextVar("migralex_read_only", default=False)


@contextmanager
def writing() -> Iterator[None]:
    """Inside a read-only request, begin the transactions opened in this block for writing."""
    token = READ_ONLY.set(False)
    try:
        yield
    finally:
        READ_ONLY.reset(token)


def _sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN" if READ_ONLY.get() else "BEGIN IMMEDIATE")


def casework_engine(url: str | None = None) -> Engine:
    """An engine for ``url`` (see :func:`migralex.db.session.resolve_url`) set up for casework."""
    resolved = resolve_url(url)
    if make_url(resolved).get_backend_name() == "sqlite":
        engine = make_engine(
            resolved, connect_args={"timeout": 30, "check_same_thread": False}, hide_parameters=True
        )
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return make_engine(resolved, pool_size=10, max_overflow=10, hide_parameters=True)


def _before_commit(session: Session) -> None:
    audit.flush_pending(session)


def _after_rollback(session: Session) -> None:
    audit.discard(session)


def _after_flush(session: Session, _context: Any) -> None:
    session.info["cw_wrote"] = True


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that write the staged audit entries in the same transaction as the change."""
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    event.listen(factory, "before_commit", _before_commit)
    event.listen(factory, "after_rollback", _after_rollback)
    event.listen(factory, "after_flush", _after_flush)
    return factory
