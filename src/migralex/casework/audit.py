"""The append-only, hash-chained audit log.

Services *stage* entries on the session (:func:`record`); when the session commits, the entries
are appended to the chain inside the same transaction (see :mod:`migralex.casework.store`), so a
change and its audit entry are written together or not at all. Each entry's hash covers its
sequence number, content and the previous hash; ``cw_audit_head`` holds the newest (seq, hash), so
an edited, deleted, reordered or cut-off entry is detected by :func:`verify`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Connection, Engine, Table, bindparam, insert, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from migralex.casework.models import AuditEntry, AuditHead, User

GENESIS = "0" * 64
_PENDING = "cw_audit_pending"
# Core statements on the tables, built once: the append runs on every write and under the head lock.
_HEAD = cast(Table, AuditHead.__table__)
_LOCK_HEAD = select(_HEAD.c.seq, _HEAD.c.hash).where(_HEAD.c.id == 1).with_for_update()
_INSERT_ENTRIES = insert(cast(Table, AuditEntry.__table__))
_MOVE_HEAD = update(_HEAD).where(_HEAD.c.id == 1).values(seq=bindparam("new_seq"), hash=bindparam("new_hash"))
#: PostgreSQL: the whole append in one statement (lock the head, chain the hashes, insert, move the head), so
#: the head's lock is held from this statement to the commit (sent with it by :func:`append_and_commit`: no
#: round trip to Python in between). The hash is :func:`entry_hash` computed by the server: the canonical
#: body ``[seq,"at",<rest>,"prev"]`` where ``<rest>`` (the fields after ``at``, already canonical JSON) comes
#: from Python and ``seq``, ``at`` (the server's clock, in the format of :func:`_now`) and ``prev`` from the
#: locked head.
_APPEND_PG = """
WITH RECURSIVE
head AS (
  SELECT seq, hash::text AS hash,
         to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"') AS at
  FROM cw_audit_head WHERE id = 1 FOR UPDATE
),
input AS (
  SELECT * FROM json_to_recordset(%(entries)s::json) AS t(
    i bigint, rest text, actor_id integer, actor text, action text, entity text, entity_id text,
    case_id integer, detail text
  )
),
chain(i, seq, prev, hash) AS (
  SELECT 0::bigint, head.seq, NULL::text, head.hash FROM head
  UNION ALL
  SELECT c.i + 1, c.seq + 1, c.hash,
         encode(sha256(convert_to(
           '[' || (c.seq + 1) || ',"' || head.at || '",' || input.rest || ',"' || c.hash || '"]', 'UTF8'
         )), 'hex')
  FROM chain AS c JOIN input ON input.i = c.i + 1 CROSS JOIN head
),
inserted AS (
  INSERT INTO cw_audit (seq, at, actor_id, actor, action, entity, entity_id, case_id, detail, prev_hash, hash)
  SELECT c.seq, head.at, input.actor_id, input.actor, input.action, input.entity, input.entity_id,
         input.case_id, input.detail, c.prev, c.hash
  FROM chain AS c JOIN input ON input.i = c.i CROSS JOIN head
)
UPDATE cw_audit_head SET seq = last.seq, hash = last.hash
FROM (SELECT seq, hash FROM chain ORDER BY i DESC LIMIT 1) AS last
WHERE cw_audit_head.id = 1
"""


@dataclass(frozen=True)
class Pending:
    """An audit entry staged on a session, appended at commit."""

    actor_id: int | None
    actor: str
    action: str
    entity: str
    entity_id: str
    case_id: int | None
    detail: dict[str, Any]


def canonical(data: Any) -> str:
    """Canonical JSON (sorted keys, no spaces, non-JSON values as strings)."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def entry_hash(
    seq: int,
    at: str,
    actor_id: int | None,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    case_id: int | None,
    detail: str,
    prev_hash: str,
) -> str:
    """sha256 over an entry's fields and the previous entry's hash."""
    body = canonical([seq, at, actor_id, actor, action, entity, entity_id, case_id, detail, prev_hash])
    return hashlib.sha256(body.encode()).hexdigest()


def record(
    session: Session,
    actor: User | None,
    action: str,
    entity: str,
    entity_id: object,
    case_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Stage an audit entry; it is written when ``session`` commits (and dropped on rollback)."""
    pending: list[Pending] = session.info.setdefault(_PENDING, [])
    pending.append(
        Pending(
            actor.id if actor else None,
            actor.username if actor else "system",
            action,
            entity,
            str(entity_id),
            case_id,
            detail or {},
        )
    )


def take(session: Session) -> list[Pending]:
    """Remove and return the entries staged on ``session``."""
    pending: list[Pending] = session.info.pop(_PENDING, [])
    return pending


def staged(session: Session) -> bool:
    """Whether entries are staged on ``session`` (to be appended at its commit)."""
    return bool(session.info.get(_PENDING))


def stage(session: Session, pending: list[Pending]) -> None:
    """Stage ``pending`` entries (taken from another session) on ``session``."""
    session.info.setdefault(_PENDING, []).extend(pending)


def discard(session: Session) -> None:
    """Drop staged entries (after a rollback)."""
    session.info.pop(_PENDING, None)


def flush_pending(session: Session) -> None:
    """Append the staged entries to the chain (called from the session's ``before_commit``).

    The rest of the transaction is flushed first; then the entries are appended (:func:`append`) as the
    last statement before the commit, so concurrent commits, which extend the chain one after the other,
    hold the head for as short a time as possible. On PostgreSQL the append and the commit go to the server
    together (:func:`append_and_commit`).
    """
    pending: list[Pending] = session.info.pop(_PENDING, [])
    if not pending:
        return
    session.flush()
    if session.connection().dialect.name != "postgresql" or not append_and_commit(session, pending):
        append(session, pending)


def append(db: Session | Connection, pending: list[Pending]) -> None:
    """Append ``pending`` entries to the chain in ``db``'s transaction (a session's, or a Core connection's
    for a transaction that writes nothing else: :func:`migralex.casework.transactions.write_audit`).

    PostgreSQL: one statement (:data:`_APPEND_PG`) locks the head row, chains and inserts the entries and
    moves the head. SQLite (whose transaction already holds the write lock): read the head, hash in Python,
    insert the entries in one statement, move the head.
    """
    if not pending:
        return
    if isinstance(db, Session):  # Core statements: sent on the transaction's connection, not through the ORM
        db = db.connection()
    if db.dialect.name == "postgresql":
        _append_in_one_statement(db, pending)
        return
    seq, prev = db.execute(_LOCK_HEAD).one()
    at = _now()
    rows: list[dict[str, Any]] = []
    for p in pending:
        seq += 1
        detail = canonical(p.detail)
        h = entry_hash(seq, at, p.actor_id, p.actor, p.action, p.entity, p.entity_id, p.case_id, detail, prev)
        rows.append({"seq": seq, "at": at, **_columns(p, detail), "prev_hash": prev, "hash": h})
        prev = h
    db.execute(_INSERT_ENTRIES, rows)
    db.execute(_MOVE_HEAD, {"new_seq": seq, "new_hash": prev})


def _now() -> str:
    """An entry's time: UTC, ISO 8601 with microseconds and ``+00:00``."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _columns(p: Pending, detail: str) -> dict[str, Any]:
    """An entry's columns between its time and its previous hash (``detail`` already canonical JSON), in
    the order :func:`entry_hash` hashes them."""
    return {
        "actor_id": p.actor_id,
        "actor": p.actor,
        "action": p.action,
        "entity": p.entity,
        "entity_id": p.entity_id,
        "case_id": p.case_id,
        "detail": detail,
    }


def _append_parameters(pending: list[Pending]) -> dict[str, str]:
    """The one parameter of :data:`_APPEND_PG`: the entries as a JSON array of objects, numbered from 1,
    each with ``rest``, its hashed fields after the time as canonical JSON without the brackets."""
    entries = []
    for i, p in enumerate(pending, 1):
        columns = _columns(p, canonical(p.detail))
        entries.append({"i": i, "rest": canonical(list(columns.values()))[1:-1], **columns})
    return {"entries": json.dumps(entries, ensure_ascii=False)}


def _append_in_one_statement(db: Connection, pending: list[Pending]) -> None:
    """PostgreSQL: append ``pending`` with :data:`_APPEND_PG` (one round trip under the head's lock)."""
    db.exec_driver_sql(_APPEND_PG, _append_parameters(pending))


def append_and_commit(session: Session, pending: list[Pending]) -> bool:
    """PostgreSQL, a session that owns its transaction: append ``pending`` and commit in one round trip
    (psycopg's pipeline mode sends both before it waits), so the server takes the head's lock and releases
    it at the commit without waiting for this process in between (for its interpreter lock, say). The
    session's own commit that follows finds the connection idle and sends nothing. Whether it was done
    (otherwise the caller appends with :func:`append`).

    A driver error is raised as SQLAlchemy's, as if the statement had gone through SQLAlchemy (a lock
    timeout is its ``OperationalError``, which the service answers with 503), and a lost connection is
    invalidated so that the pool does not hand it out again.
    """
    import psycopg  # the PostgreSQL driver: imported only where it is used

    if not isinstance(session.bind, Engine):  # bound to an outer connection: its transaction is not ours
        return False
    connection = session.connection()
    raw = connection.connection.dbapi_connection
    if not isinstance(raw, psycopg.Connection):
        return False
    try:
        with raw.pipeline():
            raw.execute(_APPEND_PG, _append_parameters(pending))
            raw.commit()
    except psycopg.Error as exc:
        lost = connection.dialect.is_disconnect(exc, raw, None)
        if lost:
            connection.invalidate(exc)
        raise DBAPIError.instance(
            _APPEND_PG,
            None,
            exc,
            psycopg.Error,
            hide_parameters=True,
            connection_invalidated=lost,
            dialect=connection.dialect,
        ) from exc
    return True


@dataclass(frozen=True)
class Verification:
    """Result of :func:`verify`: ``ok``, entries checked, and the first bad entry with the reason."""

    ok: bool
    checked: int
    bad_seq: int | None = None
    reason: str = ""


def _entries(session: Session, batch: int = 2000, after: int = 0) -> Iterator[AuditEntry]:
    last = after
    while True:
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.seq > last).order_by(AuditEntry.seq).limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].seq
        session.expunge_all()


def verify(session: Session, since: tuple[int, str] | None = None) -> Verification:
    """Walk the chain; report the first entry that was edited, deleted, reordered or cut off.

    With ``since=(seq, hash)`` (a verified or signed point) only the entries after ``seq`` are walked,
    once entry ``seq`` is found to still have ``hash``: the cost grows with the new entries only.
    """
    expected_seq, prev, checked = 1, GENESIS, 0
    if since is not None and since[0] > 0:
        anchor = session.get(AuditEntry, since[0])
        if anchor is None or anchor.hash != since[1]:
            return Verification(False, 0, since[0], f"entry {since[0]} differs from the verified point")
        expected_seq, prev, checked = since[0] + 1, since[1], since[0]
    for e in _entries(session, after=expected_seq - 1):
        if e.seq != expected_seq:
            return Verification(
                False, checked, expected_seq, f"entry {expected_seq} is missing (next is {e.seq})"
            )
        if e.prev_hash != prev:
            return Verification(
                False, checked, e.seq, "previous-hash link broken (entry deleted or reordered)"
            )
        h = entry_hash(
            e.seq,
            e.at,
            e.actor_id,
            e.actor,
            e.action,
            e.entity,
            e.entity_id,
            e.case_id,
            e.detail,
            e.prev_hash,
        )
        if h != e.hash:
            return Verification(False, checked, e.seq, "content does not match its hash (entry edited)")
        prev, expected_seq, checked = e.hash, expected_seq + 1, checked + 1
    head = session.get(AuditHead, 1)
    if head is None:
        return Verification(False, checked, None, "audit head row is missing")
    if head.seq != checked or head.hash != prev:
        return Verification(
            False,
            checked,
            checked + 1,
            f"chain ends at entry {checked} but the head records entry {head.seq}",
        )
    return Verification(True, checked)
