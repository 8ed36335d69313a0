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
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from migralex.casework import audit
from migralex.casework.errors import Conflict, Forbidden, InvalidInput, TooManyAttempts, Unauthenticated
from migralex.casework.models import ROLES, AuditEntry, Case, Setting, Token, User

_hasher = PasswordHasher()
#: A valid hash compared against when the username is unknown, so timing does not reveal it.
_DUMMY_HASH = _hasher.hash("not-a-real-password")
TOKEN_LIFETIME = {"web": timedelta(hours=12), "api": timedelta(days=30)}

CAN_WRITE_CASES = ("caseworker", "senior_caseworker")
CAN_READ_ALL = ("senior_caseworker", "auditor", "administrator")
CAN_DESIGNATE = ("senior_caseworker", "administrator")
CAN_READ_AUDIT = ("auditor", "administrator")


def hash_password(password: str) -> str:
    """argon2id hash of ``password``."""
    return _hasher.hash(password)


def create_user(
    session: Session, actor: User | None, username: str, password: str, role: str, display_name: str = ""
) -> User:
    """Add a user (``actor`` is the administrator, or None from the CLI)."""
    if role not in ROLES:
        raise InvalidInput(f"role must be one of {', '.join(ROLES)}", "role")
    if len(password) < 8:
        raise InvalidInput("password must have at least 8 characters", "password")
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise Conflict(f"user {username!r} exists", "username")
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


#: Sign-in throttle: this many failed attempts for one username within the window block further tries.
MAX_FAILED_SIGN_INS = 10
SIGN_IN_WINDOW = timedelta(minutes=15)


def authenticate(session: Session, username: str, password: str) -> User:
    """The active user with these credentials, else :class:`Unauthenticated` (same message either way).

    After ``MAX_FAILED_SIGN_INS`` failures for a username within ``SIGN_IN_WINDOW`` (counted from the
    audit log), sign-in is refused with :class:`TooManyAttempts` until the window has passed.
    """
    since = (datetime.now(UTC) - SIGN_IN_WINDOW).isoformat(timespec="microseconds")
    failures = session.scalar(
        select(func.count())
        .select_from(AuditEntry)
        .where(
            AuditEntry.action == "auth.failed", AuditEntry.entity_id == username[:64], AuditEntry.at >= since
        )
    )
    if (failures or 0) >= MAX_FAILED_SIGN_INS:
        audit.record(session, None, "auth.throttled", "user", username[:64])
        raise TooManyAttempts("too many failed sign-ins for this user; try again in 15 minutes", "username")
    user = session.scalar(select(User).where(User.username == username))
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        user_ok = False
    else:
        user_ok = user is not None and user.active
    if not user_ok or user is None:
        audit.record(session, None, "auth.failed", "user", username[:64])
        raise Unauthenticated("wrong username or password")
    return user


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


def user_for_token(session: Session, raw: str, kind: str) -> User:
    """The user holding a valid, unexpired token, else :class:`Unauthenticated`."""
    token = session.scalar(select(Token).where(Token.token_hash == _sha(raw), Token.kind == kind))
    if token is None or token.revoked:
        raise Unauthenticated("invalid or revoked token")
    expires = token.expires_at if token.expires_at.tzinfo else token.expires_at.replace(tzinfo=UTC)
    if expires <= datetime.now(UTC):
        raise Unauthenticated("token expired")
    user = session.get(User, token.user_id)
    if user is None or not user.active:
        raise Unauthenticated("user disabled")
    return user


def revoke_token(session: Session, raw: str) -> None:
    """Revoke a token (sign-out)."""
    token = session.scalar(select(Token).where(Token.token_hash == _sha(raw)))
    if token is not None:
        token.revoked = True


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
        raise Forbidden(f"{what} needs the role {' or '.join(roles)}; you are {user.role}")


def can_read_case(user: User, case: Case) -> bool:
    """Caseworkers read their own cases; senior caseworkers, auditors and administrators read all."""
    return user.role in CAN_READ_ALL or (user.role == "caseworker" and case.assigned_to == user.id)


def can_change_case(user: User, case: Case) -> bool:
    """Caseworkers change their own cases; senior caseworkers any case; auditors and administrators none."""
    return user.role == "senior_caseworker" or (user.role == "caseworker" and case.assigned_to == user.id)
