"""Sign-in and role checks for the parts mounted beside casework (programme ledger, policy lab).

Those routers carry no access control of their own; the casework app puts this guard in front of them, so
an anonymous client gets 401 (API) or the sign-in page (HTML) everywhere, and auditors change nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import HTTPException, Request

from migralex.casework import access
from migralex.casework.api import transaction
from migralex.casework.errors import Forbidden, Unauthenticated

COOKIE = "migralex_session"
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def signed_in_guard(write_roles: tuple[str, ...]) -> Callable[[Request], Awaitable[None]]:
    """A dependency: a valid bearer token or web session is required; writes need one of ``write_roles``."""

    async def guard(request: Request) -> None:
        with transaction(request) as session:
            header = request.headers.get("authorization", "")
            if header.lower().startswith("bearer "):
                user = access.user_for_token(session, header[7:].strip(), "api")
            else:
                raw = access.unsign(access.secret_key(session), request.cookies.get(COOKIE, ""))
                if raw is None:
                    if request.url.path.startswith("/api/"):
                        raise Unauthenticated(
                            "sign in: send Authorization: Bearer <token> (POST /api/v1/auth/token)",
                            "Authorization",
                        )
                    raise HTTPException(status_code=303, headers={"Location": "/login"})
                user = access.user_for_token(session, raw, "web")
            if request.method not in READ_METHODS and user.role not in write_roles:
                raise Forbidden(
                    f"a {user.role} may not change this; allowed: {', '.join(write_roles)}", "role"
                )

    return guard
