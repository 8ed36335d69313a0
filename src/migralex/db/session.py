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
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_SQLITE_PATH = Path("var") / "migralex.sqlite3"


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
    switched on for every connection.
    """
    resolved = make_url(resolve_url(url))
    if resolved.get_backend_name() == "sqlite":
        database = resolved.database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(resolved, **kwargs)
        event.listen(engine, "connect", _enable_sqlite_foreign_keys)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(resolved, **kwargs)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory bound to ``engine`` (objects stay usable after commit)."""
    return sessionmaker(bind=engine, expire_on_commit=False)
