"""Engine and sessions for the casework service.

Every session from :func:`session_factory` appends its staged audit entries when it commits.

On SQLite the file runs in WAL mode. A reading transaction (see :data:`READ_ONLY`, set per request by
the web app for GET/HEAD/OPTIONS) starts with a deferred ``BEGIN``: it reads a snapshot and never takes
the write lock, so readers never wait for writers nor writers for readers. A writing one first takes
the process's :class:`WriteQueue` for that file, then ``BEGIN IMMEDIATE``; the queue is released when
the transaction commits or rolls back. Writers of one process so wait their turn first come, first
served, woken the moment the previous writer ends, instead of sleeping and retrying in SQLite's busy
handler (whose back-off made the tail latency); ``busy_timeout`` still covers other processes (the CLI).
A read's audit entries (:func:`audit_append`: one short insert) are served before the whole writes that
are waiting, so a read waits for at most the writer that holds the turn.
So a SQLite file is served by one process (``migralex serve --workers`` is for PostgreSQL).

Checkpoints run off the write path: SQLite's automatic checkpoint copies the WAL into the file (and fsyncs
it) inside the commit that crosses 1,000 WAL pages, while that writer still holds the write lock and its
turn, so every writer queued behind it waited too (13-24 ms at a time under the load benchmark, where a
decision writes about 130 kB). The casework engine's connections to a file turn it off
(``wal_autocheckpoint=0``) and a :class:`Checkpointer` thread runs a PASSIVE checkpoint of each open file
every :data:`CHECKPOINT_EVERY` seconds on a connection of its own: it blocks no reader or writer and
``sqlite3`` releases the GIL while it copies. A commit is as durable as before (it is in the WAL).

``synchronous=NORMAL`` (see :data:`SYNCHRONOUS_ENV`): in WAL mode a commit is then written to the WAL
file but not fsync'ed. It survives the process being killed (kill -9: the operating system still holds
the written pages), and the database is never corrupted; only a power loss or operating-system crash
may lose the last commits. ``FULL`` fsyncs every commit and survives power loss too.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
import weakref
from collections import deque
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from migralex.casework import audit
from migralex.db.session import make_engine, resolve_url
from migralex.db.types import dumps_json

#: ``NORMAL`` (default: durable across a killed process, not across power loss) or ``FULL`` (fsync each
#: commit: durable across power loss too) - SQLite's ``PRAGMA synchronous`` for casework databases.
SYNCHRONOUS_ENV = "MIGRALEX_SQLITE_SYNCHRONOUS"
SYNCHRONOUS_LEVELS = ("NORMAL", "FULL", "EXTRA")
#: Seconds a writer waits for its turn (as SQLite's busy timeout) before the request gets 503.
WRITE_WAIT = 30.0


def synchronous_level() -> str:
    """The ``PRAGMA synchronous`` level from :data:`SYNCHRONOUS_ENV`, default ``NORMAL``."""
    level = os.environ.get(SYNCHRONOUS_ENV, "NORMAL").strip().upper() or "NORMAL"
    if level not in SYNCHRONOUS_LEVELS:
        raise ValueError(f"{SYNCHRONOUS_ENV} must be one of {', '.join(SYNCHRONOUS_LEVELS)}, not {level!r}")
    return level


class WriteQueue:
    """A first-come, first-served lock: one writing transaction at a time per database file.

    Each waiter sleeps on its own lock and is handed the turn directly by :meth:`release`, so the
    order is the order of arrival and a waiter wakes as soon as the turn is free. A waiter that asks
    ``first`` (a read's audit entries: one short insert, see :func:`audit_append`) is served before the
    ordinary writers that are waiting, in its own order of arrival, so a read never queues behind
    several whole writes; it still waits for the transaction that holds the turn. At most
    :attr:`FIRST_STREAK` such turns in a row while an ordinary writer waits: then that writer goes (reads
    never starve a writer).
    """

    FIRST_STREAK = 8

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._waiters: deque[threading.Lock] = deque()
        self._first: deque[threading.Lock] = deque()
        self._streak = 0
        self._held = False

    @property
    def waiting(self) -> int:
        """How many writers are waiting for their turn."""
        with self._mutex:
            return len(self._waiters) + len(self._first)

    def acquire(self, timeout: float, first: bool = False) -> bool:
        """Wait at most ``timeout`` seconds for the turn (``first``: before the ordinary writers waiting);
        whether it was taken."""
        with self._mutex:
            if not self._held:
                self._held = True
                return True
            turn = threading.Lock()
            turn.acquire()
            line = self._first if first else self._waiters
            line.append(turn)
        if turn.acquire(timeout=timeout):
            return True
        with self._mutex:
            try:
                line.remove(turn)
            except ValueError:  # handed over between the timeout and now: the turn is ours
                return True
            return False

    def release(self) -> None:
        """Hand the turn to the longest waiter of the ``first`` line, else of the others, or free it."""
        with self._mutex:
            if self._first and (self._streak < self.FIRST_STREAK or not self._waiters):
                self._streak += 1
                self._first.popleft().release()
            elif self._waiters:
                self._streak = 0
                self._waiters.popleft().release()
            else:
                self._streak = 0
                self._held = False


_QUEUES: dict[str, WriteQueue] = {}
_QUEUES_LOCK = threading.Lock()


def write_queue(database: str) -> WriteQueue:
    """The process's :class:`WriteQueue` of the SQLite file ``database`` (one per resolved path)."""
    key = str(Path(database).resolve())
    with _QUEUES_LOCK:
        return _QUEUES.setdefault(key, WriteQueue())


class QueuedConnection(sqlite3.Connection):
    """A sqlite3 connection that gives back its turn in the :class:`WriteQueue` when its transaction ends."""

    write_queue: WriteQueue | None = None
    holds_turn = False

    def take_turn(self, first: bool = False) -> bool:
        """Wait at most :data:`WRITE_WAIT` seconds for the turn to write (``first``: see
        :class:`WriteQueue`); whether this connection has it."""
        if self.write_queue is None or self.holds_turn:
            return True
        self.holds_turn = self.write_queue.acquire(WRITE_WAIT, first)
        return self.holds_turn

    def give_turn(self) -> None:
        """Give the turn back (once the transaction has ended)."""
        if self.holds_turn and self.write_queue is not None:
            self.holds_turn = False
            self.write_queue.release()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            if not self.in_transaction:
                self.give_turn()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            if not self.in_transaction:
                self.give_turn()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.give_turn()


#: Seconds between two background checkpoints of an open casework SQLite file.
CHECKPOINT_EVERY = 1.0


def checkpoint(database: str) -> tuple[int, int, int] | None:
    """One PASSIVE checkpoint of the SQLite file ``database`` (a path) on a connection of its own: SQLite's
    ``(busy, pages in the WAL, pages checkpointed)``, or None when the file cannot be opened (gone).
    PASSIVE copies what no reader still needs and never waits for a lock."""
    try:
        conn = sqlite3.connect(f"{Path(database).resolve().as_uri()}?mode=rw", uri=True)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    except sqlite3.Error:
        return (1, -1, -1)  # busy (e.g. another process is checkpointing): the next round tries again
    finally:
        conn.close()
    return int(row[0]), int(row[1]), int(row[2])


class Checkpointer:
    """A daemon thread that checkpoints every watched SQLite file every ``every`` seconds, as long as an
    engine on it is alive and not disposed (then, with nothing left to watch, the thread ends)."""

    def __init__(self, every: float = CHECKPOINT_EVERY) -> None:
        self.every = every
        self._lock = threading.Lock()
        self._files: dict[str, list[weakref.ref[Engine]]] = {}
        self._thread: threading.Thread | None = None

    def watch(self, database: str, engine: Engine) -> None:
        """Checkpoint ``database`` while ``engine`` lives (until it is disposed)."""
        key = str(Path(database).resolve())
        with self._lock:
            self._files.setdefault(key, []).append(weakref.ref(engine))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="migralex-checkpoint", daemon=True)
                self._thread.start()
        event.listen(engine, "engine_disposed", lambda _conn: self.forget(engine))

    def forget(self, engine: Engine) -> None:
        """Stop checkpointing for ``engine`` (its files stay watched while other engines use them)."""
        with self._lock:
            for refs in self._files.values():
                refs[:] = [r for r in refs if r() is not None and r() is not engine]

    def watched(self) -> list[str]:
        """The files still watched (those with a live engine)."""
        with self._lock:
            for key in [k for k, refs in self._files.items() if not any(r() is not None for r in refs)]:
                del self._files[key]
            return list(self._files)

    def _run(self) -> None:
        while True:
            time.sleep(self.every)
            files = self.watched()
            with self._lock:
                if not files and not self._files:
                    self._thread = None
                    return
            for database in files:
                if checkpoint(database) is None:  # the file is gone
                    with self._lock:
                        self._files.pop(database, None)


_CHECKPOINTER = Checkpointer()


def _sqlite_no_autocheckpoint(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA wal_autocheckpoint=0")  # the Checkpointer thread does it, off the write path
    cursor.close()


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA synchronous={synchronous_level()}")
    cursor.execute(f"PRAGMA busy_timeout={int(WRITE_WAIT * 1000)}")
    cursor.close()


#: True while serving a request that only reads: SQLite transactions then begin DEFERRED (no write lock).
READ_ONLY: ContextVar[bool] = ContextVar("migralex_read_only", default=False)


@contextmanager
def _read_only(value: bool) -> Iterator[None]:
    token = READ_ONLY.set(value)
    try:
        yield
    finally:
        READ_ONLY.reset(token)


def reading() -> AbstractContextManager[None]:
    """Begin the transactions opened in this block as reads (SQLite: deferred, no write lock)."""
    return _read_only(True)


def writing() -> AbstractContextManager[None]:
    """Inside a read-only request, begin the transactions opened in this block for writing."""
    return _read_only(False)


#: True while appending only audit entries (a read's): SQLite's write queue serves it first.
AUDIT_ONLY: ContextVar[bool] = ContextVar("migralex_audit_only", default=False)


@contextmanager
def audit_append() -> Iterator[None]:
    """Begin the transactions opened in this block for writing, served before the ordinary writers waiting
    (:class:`WriteQueue`): for a transaction that appends audit entries and nothing else."""
    token = AUDIT_ONLY.set(True)
    try:
        with writing():
            yield
    finally:
        AUDIT_ONLY.reset(token)


def _sqlite_begin(connection: Any) -> None:
    if READ_ONLY.get():
        connection.exec_driver_sql("BEGIN")
        return
    raw = connection.connection.dbapi_connection
    if isinstance(raw, QueuedConnection) and not raw.take_turn(AUDIT_ONLY.get()):
        raise OperationalError(
            "BEGIN IMMEDIATE",
            None,
            sqlite3.OperationalError(f"database is locked: other writers held it for {WRITE_WAIT:g} s"),
        )
    try:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    except BaseException:
        if isinstance(raw, QueuedConnection):
            raw.give_turn()
        raise


#: Connections kept open to a casework SQLite file. SQLAlchemy's default keeps 5: beyond that each
#: request opened a connection (and set its pragmas) and closed it again, under the benchmark's
#: 8 clients several times a second, each costing CPU under the GIL.
SQLITE_POOL = 20


def casework_engine(url: str | None = None) -> Engine:
    """An engine for ``url`` (see :func:`migralex.db.session.resolve_url`) set up for casework."""
    resolved = resolve_url(url)
    parsed = make_url(resolved)
    if parsed.get_backend_name() == "sqlite":
        synchronous_level()  # a wrong MIGRALEX_SQLITE_SYNCHRONOUS fails here, not on the first request
        database = parsed.database or ""
        on_file = bool(database) and database != ":memory:" and not database.startswith("file:")
        queue = write_queue(database) if on_file else WriteQueue()

        def factory(*args: Any, **kwargs: Any) -> QueuedConnection:
            conn = QueuedConnection(*args, **kwargs)
            conn.write_queue = queue
            return conn

        engine = make_engine(
            resolved,
            connect_args={"timeout": WRITE_WAIT, "check_same_thread": False, "factory": factory},
            hide_parameters=True,
            json_serializer=dumps_json,
            **({"pool_size": SQLITE_POOL, "max_overflow": SQLITE_POOL} if on_file else {}),
        )
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        if on_file:
            event.listen(engine, "connect", _sqlite_no_autocheckpoint)
            _CHECKPOINTER.watch(database, engine)
        return engine
    return make_engine(
        resolved, pool_size=10, max_overflow=10, hide_parameters=True, json_serializer=dumps_json
    )


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
