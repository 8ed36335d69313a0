"""What every API request shares: its transaction, the signed-in user, role checks, idempotency.

Every request runs in one transaction: on any error nothing it wrote is kept, except the audit
entries of reads, refused accesses and blocked decisions, which are written on their own.
Handlers take them as FastAPI dependencies (:data:`DbSession`, :data:`Actor`, :func:`needs_role`);
the transaction ends (commit or rollback) before the response is sent, so a failed commit is the
client's answer, never a silent loss.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any, TypeVar, cast

import anyio
from anyio import CancelScope, CapacityLimiter
from fastapi import Depends, Header, Path, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from sqlalchemy import Table, bindparam, insert, select
from sqlalchemy.orm import Session, sessionmaker

from migralex.casework import access, audit, schemas, store, transactions
from migralex.casework.errors import Conflict, Unauthenticated
from migralex.casework.models import IdempotencyRecord, User, utcnow

MAX_ID = schemas.MAX_ID

bearer = HTTPBearer(auto_error=False, description="Token from POST /api/v1/auth/token")

Id = Annotated[int, Path(ge=1, le=MAX_ID)]
Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=MAX_ID)]
IdemKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200, pattern=r"^[!-~]+$")]
Creds = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]

_SIGN_IN = "sign in: send Authorization: Bearer <token> (POST /api/v1/auth/token)"


async def require_bearer(creds: Creds) -> None:
    """401 before anything else (even body validation) when no bearer token is sent.

    The token itself is checked inside the request's transaction (:func:`api_user`). ``async``: it does
    no I/O, so it runs on the event loop instead of costing a trip to the threadpool.
    """
    if creds is None or creds.scheme.lower() != "bearer" or not creds.credentials:
        raise Unauthenticated(_SIGN_IN, "Authorization")


def sessions(request: Request) -> sessionmaker[Session]:
    """The app's session factory."""
    factory: sessionmaker[Session] = request.app.state.sessions
    return factory


@contextmanager
def transaction(request: Request) -> Iterator[Session]:
    """The request's transaction on the app's sessions (:func:`migralex.casework.transactions.transaction`):
    committed on success; on error rolled back, keeping the audit of reads and refusals."""
    with transactions.transaction(sessions(request)) as session:
        yield session


async def db_session(request: Request) -> AsyncIterator[Session]:
    """The request's transaction (:func:`transaction`) as a dependency.

    Opening it only creates the session object (the connection is taken at its first query, in the
    threadpool), so that runs on the event loop; the commit or rollback runs in the threadpool, shielded
    from cancellation, as FastAPI does for a synchronous generator dependency.
    """
    cm = transaction(request)
    session = cm.__enter__()
    exit_limiter = CapacityLimiter(1)  # __exit__ never waits for a free worker (FastAPI does the same)
    try:
        yield session
    except BaseException as exc:
        with CancelScope(shield=True):
            ok = await anyio.to_thread.run_sync(
                cm.__exit__, type(exc), exc, exc.__traceback__, limiter=exit_limiter
            )
        if not ok:
            raise
    else:
        if _settled(session):  # committed by the handler (create_once): closing does no I/O
            cm.__exit__(None, None, None)
            return
        with CancelScope(shield=True):
            await anyio.to_thread.run_sync(cm.__exit__, None, None, None, limiter=exit_limiter)


def _settled(session: Session) -> bool:
    """Whether ending the request's transaction would do no I/O: a writing request whose session has no
    transaction open, no change and no audit entry staged (so the trip to the threadpool is saved)."""
    return not (
        store.READ_ONLY.get()
        or session.in_transaction()
        or session.new
        or session.dirty
        or session.deleted
        or audit.staged(session)
    )


#: The request's session; committed (or rolled back) before the response is sent.
DbSession = Annotated[Session, Depends(db_session, scope="function")]


def api_user(session: Session, creds: HTTPAuthorizationCredentials | None) -> User:
    """The user behind the bearer token, else 401."""
    if creds is None or creds.scheme.lower() != "bearer":
        raise Unauthenticated(_SIGN_IN, "Authorization")
    return access.user_for_token(session, creds.credentials, "api")


def current_user(s: DbSession, creds: Creds) -> User:
    """The signed-in user (bearer token checked on every request).

    On SQLite a writing request checks the token in a read snapshot of its own, ended at once, so its
    write transaction (and the database's one write lock) begins only with the handler's own work.
    """
    if store.READ_ONLY.get() or s.get_bind().dialect.name != "sqlite":
        return api_user(s, creds)
    with store.reading():
        user = api_user(s, creds)
        s.commit()  # nothing was written: ends the snapshot
    return user


#: The signed-in user.
Actor = Annotated[User, Depends(current_user)]

T = TypeVar("T")


async def in_one_trip(
    request: Request, creds: HTTPAuthorizationCredentials | None, work: Callable[[Session, User], T]
) -> T:
    """Check the token, run ``work(session, user)`` and end the request's transaction (:func:`transaction`:
    for a read, its audit entry too) in one threadpool job.

    The same steps as :data:`DbSession` + :data:`Actor` + a synchronous handler, which take three or four
    trips to the threadpool (the token, the handler, FastAPI's response validation, the commit); call it
    from an ``async`` handler. ``work`` builds the response model before the commit. The job runs to its
    end even if the request is cancelled (the await is not abandoned), as the shielded commit does.
    """

    def job() -> T:
        with transaction(request) as session:
            return work(session, current_user(session, creds))

    return await anyio.to_thread.run_sync(job)


def needs_role(roles: tuple[str, ...], doing: str) -> Callable[[User], Awaitable[User]]:
    """A dependency: the signed-in user if their role is in ``roles``, else 403 naming ``doing``."""

    async def check(actor: Actor) -> User:  # no I/O: on the event loop, not in the threadpool
        access.require_role(actor, roles, doing)
        return actor

    return check


def client_address(request: Request) -> str:
    """The client's address as this server sees it (the sign-in throttle and rate limit key on it)."""
    return request.client.host if request.client else "unknown"


# --- idempotency ---------------------------------------------------------------------------------
# Core statements on the table, built once (no ORM object for a stored response: it is only read back
# as text, and every creating request looks its key up)
_IDEM = cast(Table, IdempotencyRecord.__table__)
_STORED = select(_IDEM.c.request_hash, _IDEM.c.status_code, _IDEM.c.response).where(
    _IDEM.c.user_id == bindparam("user_id"), _IDEM.c.key == bindparam("key")
)
_REMEMBER = insert(_IDEM)


def _request_hash(endpoint: str, payload: BaseModel) -> str:
    body = json.dumps([endpoint, payload.model_dump(mode="json")], sort_keys=True, default=str)
    return hashlib.sha256(body.encode()).hexdigest()


def replay(
    session: Session, user: User, key: str | None, endpoint: str, payload: BaseModel
) -> Response | None:
    """The stored response for a repeated ``Idempotency-Key``, or None for a new key."""
    if key is None:
        return None
    # Core statement on the transaction's connection (begun as a session query would), not through the ORM
    rec = session.connection().execute(_STORED, {"user_id": user.id, "key": key}).one_or_none()
    if rec is None:
        return None
    if rec.request_hash != _request_hash(endpoint, payload):
        raise Conflict("this Idempotency-Key was used with a different request", "Idempotency-Key")
    return Response(  # the stored JSON text, as first sent
        rec.response,
        status_code=rec.status_code,
        media_type="application/json",
        headers={"Idempotent-Replayed": "true"},
    )


def created(
    session: Session,
    user: User,
    key: str | None,
    endpoint: str,
    payload: BaseModel,
    out: BaseModel | list[Any],
) -> Response:
    """A 201 response, remembered under the ``Idempotency-Key`` in the same transaction."""
    # serialised once, by pydantic-core (a decision's trace is tens of kilobytes): the same text is
    # stored for a replay and sent
    if isinstance(out, BaseModel):
        text = out.model_dump_json()
    else:
        text = json.dumps(jsonable_encoder(out), ensure_ascii=False, separators=(",", ":"))
    if key is not None:  # one Core INSERT now, on the transaction's connection (ORM rows follow at commit)
        session.connection().execute(
            _REMEMBER,
            {
                "user_id": user.id,
                "key": key,
                "request_hash": _request_hash(endpoint, payload),
                "status_code": 201,
                "response": text,
                "created_at": utcnow(),
            },
        )
    return Response(text, status_code=201, media_type="application/json")


def create_once(
    session: Session,
    user: User,
    key: str | None,
    endpoint: str,
    payload: BaseModel,
    make: Callable[[], BaseModel],
) -> Response:
    """Replay the response stored under ``key``, else ``make()`` the resource and answer 201.

    The transaction is committed here, in the handler's thread, so the write lock is not held while
    the request waits for another trip to the threadpool (a failed commit is still the answer).
    """
    if (stored := replay(session, user, key, endpoint, payload)) is not None:
        return stored
    response = created(session, user, key, endpoint, payload, make())
    session.commit()
    return response


async def create_in_one_trip(
    request: Request,
    creds: HTTPAuthorizationCredentials | None,
    roles: tuple[str, ...],
    doing: str,
    key: str | None,
    endpoint: str,
    payload: BaseModel,
    make: Callable[[Session, User], BaseModel],
) -> Response:
    """:func:`create_once` for a user with one of ``roles`` (else 403 naming ``doing``), in one threadpool
    job with the token check (:func:`in_one_trip`): a creating request's one trip, was two."""

    def work(session: Session, actor: User) -> Response:
        access.require_role(actor, roles, doing)
        return create_once(session, actor, key, endpoint, payload, lambda: make(session, actor))

    return await in_one_trip(request, creds, work)
