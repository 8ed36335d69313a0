"""Sign-in, sign-out and the language switch."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from migralex.casework import access, audit
from migralex.casework.errors import InvalidInput, TooManyAttempts, Unauthenticated
from migralex.casework.transactions import transaction
from migralex.i18n import LANGUAGES, N_
from migralex.ui.templating import LANGUAGE_COOKIE, translator
from migralex.web.pages.deps import DB, Form, SignedIn, SignInRequired, check_csrf, render, signed_in
from migralex.web.security import COOKIE

router = APIRouter(include_in_schema=False)
LOGIN_COOKIE = "migralex_login"
ONE_YEAR = 365 * 24 * 3600


def _login_csrf(key: bytes, nonce: str) -> str:
    return hmac.new(key, f"login:{nonce}".encode(), hashlib.sha256).hexdigest()


def _client(request: Request) -> str:
    """The client's address (as seen by this server)."""
    return request.client.host if request.client else "unknown"


def _login_page(request: Request, errors: dict[str, str], username: str = "", status: int = 200) -> Response:
    """The sign-in form with a CSRF token tied to a per-browser cookie (sign-in CSRF)."""
    nonce = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(24)
    ctx = {
        "user": None,
        "errors": errors,
        "username": username,
        "csrf": _login_csrf(request.app.state.secret_key, nonce),
    }
    resp = render(request, "login.html", ctx, status)
    resp.set_cookie(
        LOGIN_COOKIE, nonce, httponly=True, samesite="strict", secure=request.url.scheme == "https"
    )
    return resp


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> Response:
    """The sign-in page."""
    return _login_page(request, {})


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, form: Form) -> Response:
    """Check the CSRF token and the password (argon2) and set the signed session cookie."""
    tr = translator(request)
    key: bytes = request.app.state.secret_key
    nonce = request.cookies.get(LOGIN_COOKIE, "")
    username = str(form.get("username", ""))[:64]
    if not nonce or not hmac.compare_digest(str(form.get("csrf", "")), _login_csrf(key, nonce)):
        expired = tr.gettext("The sign-in form has expired. Please try again.")
        return _login_page(request, {"username": expired}, username, 403)
    missing = {
        name: tr.gettext(text)
        for name, text in (("username", "Enter your username"), ("password", "Enter your password"))
        if not str(form.get(name, "")).strip()
    }
    if missing:
        return _login_page(request, missing, username, 422)
    try:
        with transaction(request.app.state.sessions) as s:
            user = access.authenticate(s, username, str(form.get("password", ""))[:1000], _client(request))
            raw = access.issue_token(s, user, "web")
    except Unauthenticated:
        wrong = tr.gettext("Wrong username or password.")
        return _login_page(request, {"username": wrong}, username, 401)
    except TooManyAttempts:
        wait = tr.gettext("Too many failed sign-ins. Wait a few minutes, then try again.")
        return _login_page(request, {"username": wait}, username, 429)
    resp = RedirectResponse("/", status_code=303)
    resp.set_cookie(
        COOKIE,
        access.sign(key, raw),
        httponly=True,
        samesite="strict",
        max_age=int(access.TOKEN_LIFETIME["web"].total_seconds()),
        secure=request.url.scheme == "https",
    )
    return resp


@router.post("/logout")
def logout(request: Request, form: Form, viewer: SignedIn) -> Response:
    """Revoke the session and clear the cookie."""
    check_csrf(form, viewer)
    raw = access.unsign(request.app.state.secret_key, request.cookies.get(COOKIE, ""))
    if raw:
        access.revoke_token(viewer.session, raw)
    audit.record(viewer.session, viewer.user, "auth.logout", "user", viewer.user.id)
    resp = RedirectResponse("/login", status_code=303)
    resp.delete_cookie(COOKIE)
    return resp


def _same_site_path(url: Any) -> str:
    """Only a local path is followed after the switch (never another site)."""
    text = str(url or "/")
    return text if text.startswith("/") and not text.startswith("//") and "\\" not in text else "/"


@router.post("/language")
def choose_language(request: Request, form: Form, session: DB) -> Response:
    """Switch the page language (English or Danish): kept in a cookie and, when signed in, on the user."""
    chosen = str(form.get("language", ""))
    language = next((lang for lang in LANGUAGES if lang == chosen), None)
    if language is None:  # refused before anything is stored (no cookie, no change to the user)
        raise InvalidInput(
            N_(
                "language %(language)s: choose one of %(known)s", language=repr(chosen), known=list(LANGUAGES)
            ),
            "language",
        )
    resp = RedirectResponse(_same_site_path(form.get("next")), status_code=303)
    try:
        viewer = signed_in(request, session)
    except SignInRequired:
        viewer = None
    if viewer is not None:
        check_csrf(form, viewer)
        viewer.user.language = language
    resp.set_cookie(
        LANGUAGE_COOKIE, language, max_age=ONE_YEAR, samesite="lax", secure=request.url.scheme == "https"
    )
    return resp
