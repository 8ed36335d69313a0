"""Users, roles, passwords, sessions, bearer tokens and per-case access.

Roles:

* ``caseworker`` - reads and changes only the cases assigned to them;
* ``senior_caseworker`` - every case, assigns cases, records safe-country designations;
* ``auditor`` - reads everything including the audit log, changes nothing;
* ``administrator`` - manages users, reads the audit log, records designations.

Passwords are hashed with argon2id. A token (web session or API bearer token) is a random
string given to the client once; only its sha256 is stored, so a leaked database reveals none.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam, delete, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from migralex.casework import audit, passwords
from migralex.casework.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    TooManyAttempts,
    Unauthenticated,
)
from migralex.casework.models import ROLES, Case, Setting, SignInThrottle, Token, User
from migralex.i18n import N_, code_term, term

_hasher = PasswordHasher()
#: A valid hash compared against when the username is unknown, so timing does not reveal it.
_DUMMY_HASH = _hasher.hash("not-a-real-password")
#: How long a token is valid: a web session a working day, an API token a week (was 30 days).
TOKEN_LIFETIME = {"web": timedelta(hours=10), "api": timedelta(days=7)}

CAN_WRITE_CASES = ("caseworker", "senior_caseworker")
CAN_READ_ALL = ("senior_caseworker", "auditor", "administrator")
CAN_DESIGNATE = ("senior_caseworker", "administrator")
CAN_READ_AUDIT = ("auditor", "administrator")


def hash_password(password: str) -> str:
    """argon2id hash of ``password``."""
    return _hasher.hash(password)


def check_password(password: str, username: str) -> None:
    """:class:`InvalidInput` naming ``password`` when it is common or guessable (and why)."""
    if (why := passwords.weakness(password, username)) is not None:
        raise InvalidInput(why, "password")


def create_user(
    session: Session,
    actor: User | None,
    username: str,
    password: str,
    role: str,
    display_name: str = "",
    *,
    demo: bool = False,
) -> User:
    """Add a user (``actor``: the administrator, or None from the CLI); ``demo`` skips the strength check."""
    if role not in ROLES:
        raise InvalidInput(N_("role must be one of %(roles)s", roles=", ".join(ROLES)), "role")
    if not demo:
        check_password(password, username)
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise Conflict(N_("user %(name)s exists", name=repr(username)), "username")
    user = User(
        username=username,
        display_name=display_name or username,
        role=role,
        password_hash=hash_password(password),
        active=True,
    )
    session.add(user)
    session.flush()
    audit.record(session, actor, "user.create", "user", user.id, detail={"username": username, "role": role})
    return user


#: Sign-in throttle, per (account, client address), per client address and per account. Failures are
#: counted in a window; from ``free`` failures on, each further failure doubles a back-off (15 s, 30 s, ...,
#: at most the window). A client that failed on an account under attack (``ACCOUNT_ALERT`` failures
#: from anywhere) is refused on it for the rest of the window; a client that has not failed never is.
SIGN_IN_WINDOW = timedelta(minutes=15)
PAIR_FREE = 3
BACKOFF_BASE = timedelta(seconds=15)
ADDRESS_FREE = 20
ACCOUNT_ALERT = 10


def _throttle_key(key: bytes, kind: str, *parts: str) -> str:
    """``kind:hmac`` - usernames and addresses are kept only as keyed hashes."""
    mac = hmac.new(key, "\x00".join(parts).encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()
    return f"{kind}:{mac[:64]}"


def _aware(moment: datetime | None) -> datetime | None:
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=UTC)


def _lock_rows(session: Session, keys: list[str], now: datetime) -> dict[str, SignInThrottle]:
    """The throttle rows of ``keys``, created if absent and locked until the transaction ends.

    PostgreSQL: ``INSERT ... ON CONFLICT DO NOTHING`` then ``SELECT ... FOR UPDATE`` (in key order, so
    parallel attempts queue instead of deadlocking); SQLite: the transaction holds the write lock.
    """
    dialect = session.get_bind().dialect.name
    insert_fn: Any = pg_insert if dialect == "postgresql" else sqlite_insert
    for key in sorted(keys):
        session.execute(
            insert_fn(SignInThrottle)
            .values(key=key, failures=0, first_failed_at=now, last_failed_at=now, locked_until=None)
            .on_conflict_do_nothing()
        )
    rows = session.scalars(
        select(SignInThrottle)
        .where(SignInThrottle.key.in_(keys))
        .order_by(SignInThrottle.key)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()
    out = {r.key: r for r in rows}
    for r in out.values():
        if (_aware(r.first_failed_at) or now) < now - SIGN_IN_WINDOW and (
            _aware(r.locked_until) or now
        ) <= now:  # the window has passed: start afresh
            r.failures, r.first_failed_at, r.locked_until = 0, now, None
    return out


def _backoff(failures: int, free: int) -> timedelta | None:
    """No wait for the first ``free`` failures, then ``BACKOFF_BASE`` doubling with each failure."""
    if failures < free:
        return None
    wait: timedelta = BACKOFF_BASE * 2 ** (failures - free)
    return min(SIGN_IN_WINDOW, wait)


def prune_sign_in_log(session: Session, now: datetime | None = None) -> int:
    """Delete throttle rows whose window and back-off have passed; the number deleted."""
    now = now or datetime.now(UTC)
    cutoff = now - SIGN_IN_WINDOW
    result = session.execute(
        delete(SignInThrottle).where(
            SignInThrottle.last_failed_at < cutoff,
            or_(SignInThrottle.locked_until.is_(None), SignInThrottle.locked_until < now),
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)


@dataclass(frozen=True)
class SignIn:
    """A successful sign-in: the user, and what they should be told (failed attempts on their account)."""

    user: User
    notice: str | None


def authenticate(session: Session, username: str, password: str, client: str = "unknown") -> User:
    """The active user with these credentials, else :class:`Unauthenticated` (same message either way)."""
    return sign_in(session, username, password, client).user


def _count(rows: tuple[SignInThrottle, ...], now: datetime, step: int) -> None:
    """Add ``step`` (1 or -1) failures to the rows (pair, address, account) and set their back-off."""
    for row, free in zip(rows, (PAIR_FREE, ADDRESS_FREE, 10**9), strict=True):
        row.failures = max(0, row.failures + step)
        if step > 0:
            row.last_failed_at = now
        wait = _backoff(row.failures, free)
        row.locked_until = now + wait if wait else None


def sign_in(session: Session, username: str, password: str, client: str = "unknown") -> SignIn:
    """Check credentials atomically against the throttle (see :data:`SIGN_IN_WINDOW`).

    In a short locked transaction the attempt is refused (:class:`TooManyAttempts`, no password checked)
    or counted as a failure *before* the password is checked, and committed, so parallel attempts see it
    at once; the slow argon2 check then runs with no transaction (and, on SQLite, no write lock) open; a
    right password takes its count back. Failed sign-ins are kept in the bounded ``cw_sign_in_throttle``
    table (keyed hashes, pruned), not in the audit chain.
    """
    now = datetime.now(UTC)
    key = secret_key(session)
    keys = (
        _throttle_key(key, "pair", username, client),
        _throttle_key(key, "addr", client),
        _throttle_key(key, "acct", username),
    )
    rows = _lock_rows(session, list(keys), now)
    pair, addr, acct = (rows[k] for k in keys)
    waits = [_aware(r.locked_until) for r in (pair, addr) if r.locked_until is not None]
    if pair.failures and acct.failures >= ACCOUNT_ALERT:
        waits.append((_aware(acct.first_failed_at) or now) + SIGN_IN_WINDOW)
    until = max((w for w in waits if w is not None and w > now), default=None)
    if until is not None:
        seconds = max(1, int((until - now).total_seconds()) + 1)
        raise TooManyAttempts(
            N_("too many failed sign-ins from this address; try again in %(n)s seconds", n=seconds),
            "username",
            {"retry_after": seconds},
        )
    user = session.scalar(select(User).where(User.username == username))
    stored = user.password_hash if user else _DUMMY_HASH
    _count((pair, addr, acct), now, 1)
    prune_sign_in_log(session, now)
    session.commit()  # the attempt is counted; the lock is released before the slow check
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        ok = False
    else:
        ok = user is not None and user.active
    if not ok or user is None:
        raise Unauthenticated(N_("wrong username or password"))
    rows = _lock_rows(session, list(keys), datetime.now(UTC))
    pair, addr, acct = (rows[k] for k in keys)
    _count((pair, addr, acct), now, -1)
    notice = None
    if acct.failures:
        notice = N_(
            "%(n)s failed sign-in attempt(s) on your account since %(since)s UTC; if that was not you, "
            "change your password",
            n=acct.failures,
            since=format(_aware(acct.first_failed_at), "%Y-%m-%d %H:%M"),
        )
        audit.record(session, user, "auth.failures_reported", "user", user.id, detail={"n": acct.failures})
    session.delete(pair)
    session.delete(acct)
    if not addr.failures:
        session.delete(addr)
    return SignIn(user, notice)


def issue_token(session: Session, user: User, kind: str) -> str:
    """A new random token of ``kind`` ``web`` or ``api`` for ``user``; returned once, stored hashed."""
    raw = secrets.token_urlsafe(32)
    session.add(
        Token(
            user_id=user.id,
            kind=kind,
            token_hash=_sha(raw),
            expires_at=datetime.now(UTC) + TOKEN_LIFETIME[kind],
            revoked=False,
        )
    )
    audit.record(session, user, f"auth.{kind}_token", "user", user.id)
    return raw


#: The token lookup of every request, built once: the token (by its unique sha256) with its user.
_TOKEN_USER = (
    select(User, Token.revoked, Token.expires_at)
    .join(Token, Token.user_id == User.id)
    .where(Token.token_hash == bindparam("token_hash"), Token.kind == bindparam("kind"))
)


def user_for_token(session: Session, raw: str, kind: str) -> User:
    """The user holding a valid, unexpired token, else :class:`Unauthenticated`.

    One indexed lookup (the token's sha256 is unique) that also loads the user; made on every
    request, so a revoked token or a disabled user is refused at once.
    """
    row = session.execute(_TOKEN_USER, {"token_hash": _sha(raw), "kind": kind}).one_or_none()
    if row is None or row.revoked:
        raise Unauthenticated(N_("invalid or revoked token"))
    user: User = row[0]
    expires: datetime = row.expires_at
    if (expires if expires.tzinfo else expires.replace(tzinfo=UTC)) <= datetime.now(UTC):
        raise Unauthenticated(N_("token expired"))
    if not user.active:
        raise Unauthenticated(N_("user disabled"))
    return user


def revoke_token(session: Session, raw: str) -> None:
    """Revoke a token (sign-out)."""
    token = session.scalar(select(Token).where(Token.token_hash == _sha(raw)))
    if token is not None:
        token.revoked = True


def tokens_of(session: Session, user_id: int) -> list[Token]:
    """The user's tokens that are neither revoked nor expired, newest first."""
    now = datetime.now(UTC)
    rows = session.scalars(
        select(Token).where(Token.user_id == user_id, Token.revoked.is_(False)).order_by(Token.id.desc())
    ).all()
    return [t for t in rows if (_aware(t.expires_at) or now) > now]


def revoke_token_id(session: Session, actor: User, user_id: int, token_id: int) -> None:
    """Revoke one of ``user_id``'s tokens by id (absent and not-theirs both give :class:`NotFound`)."""
    token = session.get(Token, token_id)
    if token is None or token.user_id != user_id:
        raise NotFound(N_("no such token"), "token_id")
    token.revoked = True
    audit.record(session, actor, "auth.token_revoked", "user", user_id, detail={"token_id": token_id})


def revoke_all(session: Session, user_id: int) -> int:
    """Revoke every token of ``user_id``; how many were live."""
    result = session.execute(
        update(Token).where(Token.user_id == user_id, Token.revoked.is_(False)).values(revoked=True)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def set_password(session: Session, actor: User, user: User, new_password: str) -> None:
    """Set ``user``'s password (checked for strength) and revoke all their tokens."""
    check_password(new_password, user.username)
    user.password_hash = hash_password(new_password)
    n = revoke_all(session, user.id)
    audit.record(session, actor, "user.password_changed", "user", user.id, detail={"tokens_revoked": n})


def set_active(session: Session, actor: User, user: User, active: bool) -> None:
    """Enable or disable ``user``; disabling revokes all their tokens."""
    if user.id == actor.id and not active:
        raise InvalidInput(N_("you cannot disable yourself"), "user_id")
    user.active = active
    n = 0 if active else revoke_all(session, user.id)
    audit.record(
        session, actor, "user.enabled" if active else "user.disabled", "user", user.id, detail={"revoked": n}
    )


def verify_password(user: User, password: str) -> bool:
    """Whether ``password`` is ``user``'s password."""
    try:
        return bool(_hasher.verify(user.password_hash, password))
    except (VerificationError, InvalidHashError):
        return False


def _sha(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def secret_key(session: Session) -> bytes:
    """The cookie-signing key: ``MIGRALEX_SECRET_KEY`` if set, else one generated once and kept in the DB."""
    import os

    env = os.environ.get("MIGRALEX_SECRET_KEY")
    if env:
        return env.encode()
    row = session.get(Setting, "secret_key")
    if row is None:
        row = Setting(key="secret_key", value=secrets.token_hex(32))
        session.add(row)
        session.flush()
    return row.value.encode()


def sign(key: bytes, value: str) -> str:
    """``value.signature`` (HMAC-SHA256)."""
    mac = hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
    return f"{value}.{mac}"


def unsign(key: bytes, signed: str) -> str | None:
    """The value if the signature is right, else None."""
    value, _, mac = signed.rpartition(".")
    if not value:
        return None
    good = hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
    return value if hmac.compare_digest(good, mac) else None


# --- permissions ---------------------------------------------------------------------------------
def require_role(user: User, roles: tuple[str, ...], what: str) -> None:
    """:class:`Forbidden` unless ``user`` has one of ``roles``."""
    if user.role not in roles:
        raise Forbidden(
            N_(
                "%(what)s needs the role %(roles)s; you are %(role)s",
                what=term(what),
                roles=" or ".join(roles),
                role=code_term(user.role),
            )
        )


def can_read_case(user: User, case: Case) -> bool:
    """Caseworkers read their own cases; senior caseworkers, auditors and administrators read all."""
    return user.role in CAN_READ_ALL or (user.role == "caseworker" and case.assigned_to == user.id)


#: Roles that read health notes and vulnerability flags (GDPR art. 9 data): the caseworkers, who see only
#: the people on their own cases, and senior caseworkers, who supervise them. Not auditors or administrators.
CAN_READ_HEALTH = ("caseworker", "senior_caseworker")


def may_read_health(user: User) -> bool:
    """Whether ``user`` may read the vulnerability flags and health notes of the people they can see."""
    return user.role in CAN_READ_HEALTH


def can_change_case(user: User, case: Case) -> bool:
    """Caseworkers change their own cases; senior caseworkers any case; auditors and administrators none."""
    return user.role == "senior_caseworker" or (user.role == "caseworker" and case.assigned_to == user.id)
