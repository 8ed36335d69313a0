"""Engines and sessions.

The database URL comes from the argument, else the ``DATABASE_URL`` environment
variable, else an embedded SQLite file ``var/migralex.sqlite3`` under the current
directory::

    engine = make_engine(None)                 # env DATABASE_URL or var/migralex.sqlite3
    Session = make_session_factory(engine)
    with Session.begin() as session:           # commits, or rolls back on error
        ...
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_SQLITE_PATH = Path("var") / "migralex.sqlite3"
#: Seconds a pooled connection to a database server may have been idle before it is checked (pinged) when
#: it is taken from the pool. A connection given back more recently is handed out unchecked: under load
#: every request then saves a round trip, and a connection that died in that second (the server restarted)
#: fails its request once, after which the pool replaces its connections.
PING_AFTER_IDLE = 1.0


def resolve_url(url: str | None = None) -> str:
    """Return the database URL: ``url``, else ``$DATABASE_URL``, else the embedded SQLite file."""
    if url:
        return url
    env = os.environ.get("DATABASE_URL")
    if env:
        return env
    path = Path.cwd() / DEFAULT_SQLITE_PATH
    return f"sqlite:///{path}"


def _enable_sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """Create an engine for ``url`` (see :func:`resolve_url`).

    For SQLite the parent directory of the file is created and foreign keys are
    switched on for every connection. For a database server a pooled connection is
    pinged before use when it has been idle (:func:`ping_idle_connections`), or on
    every checkout with ``pool_pre_ping=True``.
    """
    resolved = make_url(resolve_url(url))
    if resolved.get_backend_name() == "sqlite":
        database = resolved.database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(resolved, **kwargs)
        event.listen(engine, "connect", _enable_sqlite_foreign_keys)
        return engine
    engine = create_engine(resolved, **kwargs)
    if not kwargs.get("pool_pre_ping"):
        ping_idle_connections(engine)
    return engine


def ping_idle_connections(engine: Engine, idle: float = PING_AFTER_IDLE) -> None:
    """Check a pooled connection that has been idle for ``idle`` seconds or more when it is taken from the
    pool (SQLAlchemy's pessimistic disconnect handling, but not on every checkout): a dead one is replaced
    before a request gets it."""

    def note_checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    def ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get("idle_since")
        if since is None or time.monotonic() - since < idle:  # new, or given back moments ago
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as exc:  # any driver error: the pool discards it and connects afresh
            raise DisconnectionError(f"idle connection failed its ping: {exc}") from exc

    event.listen(engine, "checkin", note_checkin)
    event.listen(engine, "checkout", ping_if_idle)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory bound to ``engine`` (objects stay usable after commit)."""
    return sessionmaker(bind=engine, expire_on_commit=False)
