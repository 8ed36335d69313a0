"""Error pages: browsers get an HTML page in the shell (with navigation); the API keeps problem+json.

A request is answered in HTML when its path is not under ``/api/`` and it accepts HTML (``text/html``,
or no preference for JSON). The API's handlers (:func:`migralex.casework.api.install_error_handlers`)
answer everything else, unchanged.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import OperationalError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from migralex.casework import access
from migralex.casework.errors import PROBLEM_JSON, CaseworkError, Unauthenticated, problem
from migralex.casework.transactions import transaction
from migralex.i18n import N_
from migralex.ui.templating import translator
from migralex.web.pages.deps import ShellUser, SignInRequired, render
from migralex.web.security import COOKIE, csrf_token

Handler = Callable[[Request, Any], Awaitable[Response]]

#: Heading and plain-language explanation of each error status a browser may see.
PAGES: dict[int, tuple[str, str]] = {
    400: (N_("There is a problem with the request"), N_("Go back, check what you entered and try again.")),
    403: (N_("You cannot do that"), N_("Your role does not allow this, or the form came from elsewhere.")),
    404: (N_("Page not found"), N_("If you typed the web address, check it is correct.")),
    405: (N_("Page not found"), N_("This page cannot be used that way.")),
    409: (N_("That conflicts with what is on record"), N_("Reload the page to see the latest state.")),
    413: (N_("The upload is too large"), N_("Choose a smaller file.")),
    422: (N_("There is a problem with the request"), N_("Go back, check what you entered and try again.")),
    429: (N_("Too many requests"), N_("Wait a moment, then try again.")),
    500: (N_("Sorry, there is a problem with the service"), N_("Try again later. Nothing was saved.")),
    503: (N_("Sorry, the service is busy"), N_("Try again in a moment. Nothing was saved.")),
}


def wants_html(request: Request) -> bool:
    """A browser asking for a page (not the API, and not a client that prefers JSON)."""
    if request.url.path.startswith("/api/"):
        return False
    accept = request.headers.get("accept", "")
    return "text/html" in accept or "json" not in accept


def _identify(request: Request) -> None:
    """Find the signed-in user for the error page's navigation (when no route did already)."""
    if getattr(request.state, "user", None) is not None:
        return
    key: bytes = request.app.state.secret_key
    raw = access.unsign(key, request.cookies.get(COOKIE, ""))
    if raw is None:
        return
    try:
        with transaction(request.app.state.sessions) as session:
            request.state.user = ShellUser.of(access.user_for_token(session, raw, "web"))
            request.state.csrf = csrf_token(key, raw)
    except (Unauthenticated, OperationalError):
        request.state.user = None


async def error_page(request: Request, status: int, detail: str = "") -> Response:
    """The shell's error page for ``status`` (unknown statuses fall back to their class: 4xx or 500)."""
    try:
        await run_in_threadpool(_identify, request)
    except Exception:  # the page must render even when the database is down
        logging.getLogger(__name__).exception("could not identify the user for an error page")
    title, advice = PAGES.get(status) or PAGES[400 if status < 500 else 500]
    # a service's message is shown in the page's language (the API keeps the English text)
    shown = translator(request).gettext(detail) if detail else ""
    ctx = {"status": status, "title": title, "advice": advice, "detail": shown}
    return render(request, "error.html", ctx, status)


def install_page_errors(app: FastAPI) -> None:
    """Answer browsers with HTML error pages; call after the API's handlers are installed."""
    api: dict[Any, Handler] = dict(app.exception_handlers)

    async def by_api(request: Request, exc: Exception, kind: Any) -> Response:
        handler = api.get(kind)
        if handler is None:
            raise exc
        return await handler(request, exc)

    async def on_sign_in(_request: Request, _exc: Exception) -> Response:
        return RedirectResponse("/login", status_code=303)

    async def on_casework(request: Request, exc: Exception) -> Response:
        if not wants_html(request) or not isinstance(exc, CaseworkError):
            return await by_api(request, exc, CaseworkError)
        if isinstance(exc, Unauthenticated):
            return RedirectResponse("/login", status_code=303)
        return await error_page(request, exc.status, exc.message)

    async def on_validation(request: Request, exc: Exception) -> Response:
        if not wants_html(request) or not isinstance(exc, RequestValidationError):
            return await by_api(request, exc, RequestValidationError)
        in_path = all(e.get("loc", ("",))[0] == "path" for e in exc.errors())
        return await error_page(request, 404 if in_path else 400)

    async def on_http(request: Request, exc: Exception) -> Response:
        if not wants_html(request) or not isinstance(exc, StarletteHTTPException):
            return await by_api(request, exc, StarletteHTTPException)
        location = (exc.headers or {}).get("Location")
        if 300 <= exc.status_code < 400 and location:
            return RedirectResponse(location, status_code=exc.status_code)
        return await error_page(request, exc.status_code)

    async def on_busy(request: Request, exc: Exception) -> Response:
        if not wants_html(request):
            return await by_api(request, exc, OperationalError)
        return await error_page(request, 503)

    async def on_crash(request: Request, exc: Exception) -> Response:
        logging.getLogger(__name__).error("unhandled error on %s", request.url.path, exc_info=exc)
        if wants_html(request):
            return await error_page(request, 500)
        body = problem(500, "internal_error", "the server failed; nothing was saved")
        return JSONResponse(body, status_code=500, media_type=PROBLEM_JSON)

    app.add_exception_handler(SignInRequired, on_sign_in)
    app.add_exception_handler(CaseworkError, on_casework)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(OperationalError, on_busy)
    app.add_exception_handler(Exception, on_crash)
