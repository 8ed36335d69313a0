"""Engine and sessions for the casework service.

Every session from :func:`session_factory` appends its staged audit entries when it commits.
On SQLite, each transaction starts with ``BEGIN IMMEDIATE`` (writers queue instead of failing
with "database is locked") and the file runs in WAL mode.
"""

from __future__ import annotations

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


def _sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def casework_engine(url: str | None = None) -> Engine:
    """An engine for ``url`` (see :func:`migralex.db.session.resolve_url`) set up for casework."""
    resolved = resolve_url(url)
    if make_url(resolved).get_backend_name() == "sqlite":
        engine = make_engine(resolved, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return make_engine(resolved, pool_size=10, max_overflow=10)


def _before_commit(session: Session) -> None:
    audit.flush_pending(session)


def _after_rollback(session: Session) -> None:
    audit.discard(session)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that write the staged audit entries in the same transaction as the change."""
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    event.listen(factory, "before_commit", _before_commit)
    event.listen(factory, "after_rollback", _after_rollback)
    return factory
