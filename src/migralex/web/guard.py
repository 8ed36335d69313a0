"""Sign-in and role checks for the parts mounted beside casework (programme ledger, policy lab).

Those routers carry no access control of their own; the casework app puts this guard in front of them, so
an anonymous client gets 401 (API) or the sign-in page (HTML) everywhere, and auditors change nothing.
API writes need a bearer token (a session cookie alone is refused); a form posted with the session
cookie must carry the session's CSRF token. The database work runs in the threadpool, never on the
event loop.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable

from fastapi import HTTPException, Request
from starlette.concurrency import run_in_threadpool

from migralex.casework import access
from migralex.casework.api import transaction
from migralex.casework.errors import Forbidden, Unauthenticated
from migralex.casework.models import User
from migralex.i18n import N_, code_term
from migralex.web.pages.deps import ShellUser
from migralex.web.security import COOKIE, READ_METHODS, csrf_token

FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")
SIGN_IN = "sign in: send Authorization: Bearer <token> (POST /api/v1/auth/token)"


def current_user(request: Request, *, api_writes_need_bearer: bool = True) -> User:
    """The user of the bearer token or (for pages and API reads) the web session, else 401 / sign-in page.

    Synchronous: call it from a ``def`` route or dependency (FastAPI runs those in the threadpool).
    """
    write = request.method not in READ_METHODS
    api = request.url.path.startswith("/api/")
    header = request.headers.get("authorization", "")
    with transaction(request) as session:
        if header.lower().startswith("bearer "):
            return access.user_for_token(session, header[7:].strip(), "api")
        if api and write and api_writes_need_bearer:
            raise Unauthenticated("API writes need a bearer token; " + SIGN_IN, "Authorization")
        key: bytes = request.app.state.secret_key  # read once at start, not from the database per request
        raw = access.unsign(key, request.cookies.get(COOKIE, ""))
        if raw is None:
            if api:
                raise Unauthenticated(SIGN_IN, "Authorization")
            raise HTTPException(status_code=303, headers={"Location": "/login"})
        return access.user_for_token(session, raw, "web")


def signed_in_guard(write_roles: tuple[str, ...]) -> Callable[[Request], Awaitable[None]]:
    """A dependency: a valid bearer token or web session is required; writes need one of ``write_roles``."""

    async def guard(request: Request) -> None:
        sent_csrf = ""
        cookie_write = request.method not in READ_METHODS and not request.headers.get("authorization")
        if cookie_write and request.headers.get("content-type", "").startswith(FORM_TYPES):
            sent_csrf = str((await request.form()).get("csrf", ""))
        user = await run_in_threadpool(current_user, request)
        # the shell (migralex.ui) shows this user's navigation, in the language they chose
        request.state.user = ShellUser.of(user)
        if user.language:
            request.state.language = user.language
        raw = access.unsign(request.app.state.secret_key, request.cookies.get(COOKIE, "")) or ""
        request.state.csrf = csrf_token(request.app.state.secret_key, raw) if raw else ""
        if cookie_write and not request.url.path.startswith("/api/"):
            sent = sent_csrf or request.headers.get("x-csrf-token", "")
            if not raw or not hmac.compare_digest(sent, request.state.csrf):
                raise Forbidden(
                    N_("the form has expired or did not come from this site; reload the page"), "csrf"
                )
        if request.method not in READ_METHODS and user.role not in write_roles:
            allowed = [code_term(r) for r in write_roles]
            raise Forbidden(
                N_(
                    "a %(role)s may not change this; allowed: %(allowed)s",
                    role=code_term(user.role),
                    allowed=allowed,
                ),
                "role",
            )

    return guard
