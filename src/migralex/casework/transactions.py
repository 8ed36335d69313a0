"""One transaction per request, shared by the API and the pages (``migralex.web`` imports it from here).

On any error nothing the request wrote is kept, except the audit entries of reads, refused accesses and
blocked decisions, which are written on their own. A request that only reads (GET, HEAD, OPTIONS; see
:data:`migralex.casework.store.READ_ONLY`) reads a snapshot and never takes the SQLite write lock; on
SQLite the entries it audits are appended afterwards in a short writing transaction, on PostgreSQL (whose
writes lock rows, not the database) at the commit of the read's own transaction: one connection checkout
and one transaction per read instead of two.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from migralex.casework import audit, store
from migralex.casework.errors import CaseworkError, Conflict
from migralex.i18n import N_

#: Audit entries kept even when the request fails (they record what was seen or refused).
KEEP_ON_ERROR = frozenset(
    {"case.read", "case.read_denied", "person.read", "decision.blocked", "auth.failed", "auth.throttled"}
)


def rollback_keeping_audit(session: Session) -> None:
    """Roll back, but keep (and commit) the audit entries of reads, refusals and blocked decisions."""
    kept = [p for p in session.info.get("cw_audit_pending", []) if p.action in KEEP_ON_ERROR]
    session.rollback()
    if kept:
        session.info["cw_audit_pending"] = kept
        session.commit()


def write_audit(factory: sessionmaker[Session], pending: list[audit.Pending]) -> None:
    """Append ``pending`` audit entries in a short transaction of their own (a writing one).

    It writes nothing else, so it runs on a Core connection of the factory's engine (no ORM session to
    build, flush and commit); on SQLite it still takes its turn in the write queue (the engine's
    ``begin`` event), ahead of the whole writes waiting there (:func:`migralex.casework.store.audit_append`):
    a read does not queue behind them for its one insert.
    """
    if not pending:
        return
    engine = factory.kw["bind"]
    with store.audit_append(), engine.begin() as connection:
        audit.append(connection, pending)


def _locks_rows(factory: sessionmaker[Session]) -> bool:
    """Whether the factory's database locks rows, not the whole file, for a write (PostgreSQL, not SQLite):
    a read may then append its audit entries in its own transaction, which locks only the audit head, and
    only at its commit, as the separate transaction would."""
    return bool(factory.kw["bind"].dialect.name != "sqlite")


@contextmanager
def _read_transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    session = factory()
    try:
        try:
            yield session
        except Exception as exc:
            staged = audit.take(session)
            session.rollback()
            if isinstance(exc, CaseworkError):
                write_audit(factory, [p for p in staged if p.action in KEEP_ON_ERROR])
            raise
        staged = audit.take(session)
        if session.info.get("cw_wrote") or _locks_rows(factory):
            # a read that wrote something, or a database whose reads hold no write lock: the audit entries
            # are committed in the read's own transaction (PostgreSQL: one connection, one transaction)
            audit.stage(session, staged)
            session.commit()
        else:
            session.commit()  # ends the snapshot; nothing was written
            write_audit(factory, staged)
    finally:
        session.close()


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A transaction from ``factory``: committed on success; on error rolled back keeping the audit of
    reads and refusals (an integrity error becomes :class:`Conflict`)."""
    if store.READ_ONLY.get():
        with _read_transaction(factory) as session:
            yield session
        return
    session = factory()
    try:
        yield session
        session.commit()
    except Exception as exc:
        if isinstance(exc, CaseworkError):
            rollback_keeping_audit(session)
        else:
            session.rollback()
        if isinstance(exc, IntegrityError):
            raise Conflict(
                N_("the request conflicts with stored data (duplicate or concurrent request)")
            ) from None
        raise
    finally:
        session.close()
