"""Issue 14, item 2: SQLite writers of one process take turns first come, first served (no sleep-and-retry
in SQLite's busy handler, whose back-off made the p99 latency); a writer that cannot get its turn within the
bound gets 503, nothing written; commits are durable across a killed process (``synchronous=NORMAL`` in WAL,
see tests/casework/test_crash.py) and ``MIGRALEX_SQLITE_SYNCHRONOUS=FULL`` asks for power-loss durability.
Speed itself is measured in benchmarks/casework_load.py, not here."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from migralex.casework import access, audit, store, transactions
from migralex.casework.models import AuditEntry, Person, Setting
from migralex.db.migrate import upgrade
from migralex.web import create_app
from migralex.web.security import RateLimit
from tests.casework.helpers import wait_until


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A migrated SQLite file of its own (the queue is per file and per process)."""
    url = f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    upgrade(url)
    return url


@pytest.fixture
def engine(sqlite_url: str) -> Iterator[Engine]:
    eng = store.casework_engine(sqlite_url)
    yield eng
    eng.dispose()


def test_writers_are_served_in_the_order_they_arrived(sqlite_url: str, engine: Engine) -> None:
    """While one transaction writes, four more writers arrive one after another; when it commits they
    write in their order of arrival, each after the one before has committed."""
    sessions = store.session_factory(engine)
    queue = store.write_queue(str(Path(sqlite_url.removeprefix("sqlite:///"))))
    served: list[int] = []

    def writer(i: int) -> None:
        with sessions() as s:
            mine = Setting(key=f"writer-{i}", value="")
            s.add(mine)
            s.flush()  # BEGIN IMMEDIATE: waits for this writer's turn
            served.append(i)
            before = s.scalar(select(func.count()).where(Setting.key.like("writer-%"))) or 0
            mine.value = str(before - 1)  # the writers committed before this one
            s.commit()

    holder = sessions()
    holder.add(Setting(key="holder", value="x"))
    holder.flush()
    threads = []
    for i in range(4):
        t = threading.Thread(target=writer, args=(i,))
        t.start()
        threads.append(t)
        wait_until(lambda: queue.waiting == len(threads), f"writer {i} waits for its turn")
    assert served == []  # nobody writes while the holder's transaction is open
    holder.commit()
    holder.close()
    for t in threads:
        t.join()
    assert served == [0, 1, 2, 3]
    with sessions() as s:
        seen = dict(s.execute(select(Setting.key, Setting.value).where(Setting.key.like("writer-%"))).all())
    assert seen == {f"writer-{i}": str(i) for i in range(4)}  # each saw exactly the ones before it


def test_a_reads_audit_entry_is_appended_before_the_writers_waiting(sqlite_url: str, engine: Engine) -> None:
    """While one transaction writes and two whole writes wait, a read's audit entry arrives: when the
    transaction commits, the entry is appended first (one insert), then the writers in their order."""
    sessions = store.session_factory(engine)
    queue = store.write_queue(str(Path(sqlite_url.removeprefix("sqlite:///"))))
    served: list[str] = []

    def writer(i: int) -> None:
        with sessions() as s:
            s.add(Setting(key=f"writer-{i}", value=""))
            s.flush()  # BEGIN IMMEDIATE: waits for this writer's turn
            served.append(f"writer {i}")
            s.commit()

    def reader() -> None:
        entry = audit.Pending(None, "anonymous", "case.read", "case", "1", None, {})
        transactions.write_audit(sessions, [entry])
        served.append("read's audit")

    holder = sessions()
    holder.add(Setting(key="holder", value="x"))
    holder.flush()
    threads = []
    for i, target in enumerate([lambda: writer(0), lambda: writer(1), reader]):
        t = threading.Thread(target=target)
        t.start()
        threads.append(t)
        wait_until(lambda: queue.waiting == len(threads), f"waiter {i} waits for its turn")
    holder.commit()
    holder.close()
    for t in threads:
        t.join()
    assert served == ["read's audit", "writer 0", "writer 1"]
    with sessions() as s:
        assert (
            s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "case.read"))
            == 1
        )


def test_reads_audit_entries_never_starve_a_writer() -> None:
    """A writer waits while ten reads' audit appends queue up after it: it goes after at most
    ``FIRST_STREAK`` of them, then the remaining ones."""
    queue = store.WriteQueue()
    served: list[str] = []

    def waiter(name: str, first: bool) -> None:
        assert queue.acquire(30, first)
        served.append(name)
        queue.release()

    assert queue.acquire(30)
    threads = [threading.Thread(target=waiter, args=("writer", False))]
    threads += [threading.Thread(target=waiter, args=(f"read {i}", True)) for i in range(10)]

    def waiting(n: int) -> Callable[[], bool]:
        return lambda: queue.waiting == n

    for n, t in enumerate(threads, 1):
        t.start()
        wait_until(waiting(n), f"waiter {n} waits for its turn")
    queue.release()
    for t in threads:
        t.join()
    assert served.index("writer") == store.WriteQueue.FIRST_STREAK
    assert [n for n in served if n != "writer"] == [f"read {i}" for i in range(10)]


def test_a_rolled_back_or_failed_writer_hands_the_turn_on(engine: Engine) -> None:
    """A transaction that rolls back, and one whose statement fails, both give their turn back."""
    sessions = store.session_factory(engine)
    with sessions() as s:
        s.add(Setting(key="k", value="1"))
        s.flush()
        s.rollback()
    with sessions() as s:
        s.add(Setting(key="dup", value="1"))
        s.commit()
    with sessions() as s, pytest.raises(Exception, match="UNIQUE"):
        s.add(Setting(key="dup", value="2"))
        s.commit()
    with sessions() as s:  # would wait WRITE_WAIT seconds and fail if a turn had been kept
        s.add(Setting(key="after", value="1"))
        s.commit()
        assert s.get(Setting, "after") is not None


def test_a_writer_that_cannot_get_its_turn_gets_503_and_nothing_is_written(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another transaction holds the write turn longer than the bound: recording a person answers 503
    ("database busy, retry") with nothing written; once it ends, the same request succeeds."""
    monkeypatch.setattr(store, "WRITE_WAIT", 0.2)
    app = create_app(sqlite_url, anonymous_limit=RateLimit(rate=1000, burst=1000))
    sessions: sessionmaker[Session] = app.state.sessions
    try:
        with sessions() as s:
            access.create_user(s, None, "queue-cw", "amber-lantern-orbit-57", "caseworker")
            s.commit()
        with TestClient(app) as client:
            r = client.post(
                "/api/v1/auth/token", json={"username": "queue-cw", "password": "amber-lantern-orbit-57"}
            )
            headers = {"Authorization": f"Bearer {r.json()['access_token']}"}
            body = {"full_name": "Amal Queue", "nationality": "SY", "birth_date": "1990-01-01"}
            holder = sessions()
            holder.execute(text("UPDATE cw_setting SET value = value WHERE key = 'secret_key'"))
            try:
                busy = client.post("/api/v1/people", json=body, headers=headers)
            finally:
                holder.rollback()
                holder.close()
            assert busy.status_code == 503, busy.text
            assert busy.json()["message"] == "database busy, retry"
            with sessions() as s:
                assert s.scalar(select(func.count()).select_from(Person)) == 0
            assert client.post("/api/v1/people", json=body, headers=headers).status_code == 201
    finally:
        app.state.engine.dispose()


@pytest.mark.parametrize(("setting", "level"), [(None, 1), ("normal", 1), ("FULL", 2)])
def test_sqlite_durability_setting(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, setting: str | None, level: int
) -> None:
    """Default ``synchronous=NORMAL`` (1): durable across a killed process; ``FULL`` (2): power loss too."""
    if setting is None:
        monkeypatch.delenv(store.SYNCHRONOUS_ENV, raising=False)
    else:
        monkeypatch.setenv(store.SYNCHRONOUS_ENV, setting)
    eng = store.casework_engine(sqlite_url)
    try:
        with eng.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == level
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        eng.dispose()


def test_a_wrong_durability_setting_is_refused_by_name(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(store.SYNCHRONOUS_ENV, "OFF")
    with pytest.raises(ValueError, match="MIGRALEX_SQLITE_SYNCHRONOUS must be one of NORMAL, FULL, EXTRA"):
        store.casework_engine(sqlite_url)


def test_checkpoints_run_off_the_write_path(sqlite_url: str, engine: Engine) -> None:
    """The engine's connections never checkpoint inside a commit (``wal_autocheckpoint=0``: that ran while
    the writer held the write lock); :func:`store.checkpoint` copies the WAL into the file on a connection
    of its own, and the process's checkpointer watches the file while the engine is alive."""
    database = sqlite_url.removeprefix("sqlite:///")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
    sessions = store.session_factory(engine)
    with sessions() as s:
        s.add(Setting(key="checkpointed", value="x" * 50_000))
        s.commit()
    result = store.checkpoint(database)
    assert result is not None
    busy, in_wal, copied = result
    assert busy == 0 and in_wal > 0 and copied == in_wal
    assert str(Path(database).resolve()) in store._CHECKPOINTER.watched()
    with sessions() as s:  # nothing lost by the checkpoint
        assert s.get(Setting, "checkpointed") is not None


def test_a_disposed_engine_or_a_missing_file_is_not_checkpointed(tmp_path: Path) -> None:
    """Disposing the engine stops the watch; a missing file is neither checkpointed nor created."""
    url = f"sqlite:///{tmp_path / 'gone.sqlite3'}"
    upgrade(url)
    eng = store.casework_engine(url)
    checkpointer = store.Checkpointer(every=3600)
    checkpointer.watch(str(tmp_path / "gone.sqlite3"), eng)
    assert checkpointer.watched() == [str((tmp_path / "gone.sqlite3").resolve())]
    eng.dispose()
    assert checkpointer.watched() == []
    missing = tmp_path / "never.sqlite3"
    assert store.checkpoint(str(missing)) is None
    assert not missing.exists()
