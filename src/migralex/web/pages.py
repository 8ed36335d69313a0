"""Server-rendered pages: sign-in, work queue, case page, guided assessment, decision, designations, audit.

Signed-in state is a signed cookie holding a session token (stored hashed, revocable); every form
carries a CSRF token derived from the session. Pages call the same services as the API. Forms and
uploads are read *before* the transaction opens: nothing is awaited while a transaction (and, on
SQLite, the write lock) is held, so concurrent requests on the event loop cannot stall each other.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import inspect
import secrets
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import date
from importlib import resources
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from migralex.casework import access, audit, checkpoint, designations, lifecycle, safeguards
from migralex.casework.api import transaction
from migralex.casework.errors import CaseworkError, Forbidden, InvalidInput, TooManyAttempts, Unauthenticated
from migralex.casework.models import (
    Assessment,
    AuditEntry,
    AuditHead,
    Case,
    Deadline,
    Decision,
    Document,
    Person,
    ResidenceStatus,
    SafeDesignation,
    User,
)
from migralex.casework.schemas import CaseIn, DesignationIn, DocumentIn, PersonIn
from migralex.web.assessment import programs_for, requirements_view
from migralex.web.security import csrf_token

COOKIE = "migralex_session"
PageId = Annotated[int, Path(ge=1, le=2**31 - 1)]
MAX_OFFSET = 2**31 - 1
router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(resources.files("migralex.web") / "templates"))


class _Redirect(Exception):
    def __init__(self, url: str) -> None:
        self.url = url


@contextmanager
def signed_in(request: Request) -> Iterator[tuple[Session, User, str]]:
    """A transaction with the signed-in user and their CSRF token; redirects to /login without one."""
    with transaction(request) as s:
        key: bytes = request.app.state.secret_key
        raw = access.unsign(key, request.cookies.get(COOKIE, ""))
        if raw is None:
            raise _Redirect("/login")
        try:
            user = access.user_for_token(s, raw, "web")
        except Unauthenticated:
            raise _Redirect("/login") from None
        yield s, user, csrf_token(key, raw)


async def _read_form(request: Request) -> dict[str, Any]:
    """The submitted form (read before any transaction starts: no await may happen inside one)."""
    form = await request.form()
    data: dict[str, Any] = {}
    for k in form:
        values = form.getlist(k)
        data[k] = values if len(values) > 1 or k.endswith("[]") else values[0]
    return data


def _check_csrf(form: dict[str, Any], csrf: str) -> None:
    """:class:`Forbidden` unless the form carries this session's CSRF token."""
    if not hmac.compare_digest(str(form.get("csrf", "")), csrf):
        raise Forbidden("the form has expired or did not come from this site; reload the page", "csrf")


def render(request: Request, name: str, ctx: dict[str, Any], status: int = 200) -> HTMLResponse:
    """Render a template with the common context."""
    return templates.TemplateResponse(request, name, ctx, status_code=status)


Reader = Callable[[Request], Awaitable[dict[str, Any] | None]]


async def _posted_form(request: Request) -> dict[str, Any] | None:
    return await _read_form(request) if request.method == "POST" else None


def page(reader: Reader = _posted_form) -> Callable[[Callable[..., Response]], Callable[..., Any]]:
    """Make a page route from ``fn(request, form, ...)``, a plain function.

    The form is read on the event loop (``reader``); ``fn`` then runs in the threadpool, so its database
    work never blocks the loop. Service errors become an error page; a missing sign-in a redirect.
    """

    def decorate(fn: Callable[..., Response]) -> Callable[..., Any]:
        @functools.wraps(fn)
        async def wrapper(request: Request, *args: Any, **kwargs: Any) -> Response:
            try:
                form = await reader(request)
                return await run_in_threadpool(fn, request, form, *args, **kwargs)
            except _Redirect as r:
                return RedirectResponse(r.url, status_code=303)
            except CaseworkError as exc:
                return render(request, "error.html", {"error": exc, "user": None}, exc.status)

        sig = inspect.signature(fn)
        wrapper.__signature__ = sig.replace(  # type: ignore[attr-defined]
            parameters=[p for p in sig.parameters.values() if p.name != "form"]
        )
        return wrapper

    return decorate


def _int(data: dict[str, Any], name: str) -> int:
    try:
        return int(str(data.get(name, "")))
    except ValueError:
        raise InvalidInput(f"{name} must be a number", name) from None


M = TypeVar("M")


def _validated(model: Callable[..., M], **fields: Any) -> M:
    try:
        return model(**fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first.get("loc", ())) or "form"
        raise InvalidInput(f"{loc}: {first.get('msg')}", loc) from None


# --- sign-in -------------------------------------------------------------------------------------
LOGIN_COOKIE = "migralex_login"


def _login_csrf(key: bytes, nonce: str) -> str:
    return hmac.new(key, f"login:{nonce}".encode(), hashlib.sha256).hexdigest()


def _login_page(request: Request, error: str | None, status: int = 200) -> Response:
    """The sign-in form with a CSRF token tied to a per-browser cookie (sign-in CSRF)."""
    nonce = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(24)
    ctx = {"user": None, "error": error, "csrf": _login_csrf(request.app.state.secret_key, nonce)}
    resp = render(request, "login.html", ctx, status)
    resp.set_cookie(
        LOGIN_COOKIE, nonce, httponly=True, samesite="strict", secure=request.url.scheme == "https"
    )
    return resp


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> Response:
    """The sign-in page."""
    return _login_page(request, None)


@router.post("/login", response_class=HTMLResponse)
@page()
def login(request: Request, form: Any) -> Response:
    """Check the CSRF token and the password (argon2) and set the signed session cookie."""
    key: bytes = request.app.state.secret_key
    nonce = request.cookies.get(LOGIN_COOKIE, "")
    if not nonce or not hmac.compare_digest(str(form.get("csrf", "")), _login_csrf(key, nonce)):
        return _login_page(request, "The sign-in form has expired; please try again.", 403)
    try:
        with transaction(request) as s:
            user = access.authenticate(
                s, str(form.get("username", ""))[:64], str(form.get("password", ""))[:1000], _client(request)
            )
            raw = access.issue_token(s, user, "web")
    except Unauthenticated:
        return _login_page(request, "Wrong username or password.", 401)
    except TooManyAttempts as exc:
        return _login_page(request, exc.message, 429)
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


def _client(request: Request) -> str:
    """The client's address (as seen by this server)."""
    return request.client.host if request.client else "unknown"


@router.post("/logout")
@page()
def logout(request: Request, form: Any) -> Response:
    """Revoke the session and clear the cookie."""
    with signed_in(request) as (s, user, csrf):
        _check_csrf(form, csrf)
        raw = access.unsign(request.app.state.secret_key, request.cookies.get(COOKIE, ""))
        if raw:
            access.revoke_token(s, raw)
        audit.record(s, user, "auth.logout", "user", user.id)
    resp = RedirectResponse("/login", status_code=303)
    resp.delete_cookie(COOKIE)
    return resp


# --- queue ---------------------------------------------------------------------------------------
@router.get("/", response_class=HTMLResponse)
@page()
def home(request: Request, form: Any) -> Response:
    """The work queue."""
    with signed_in(request) as (s, user, csrf):
        today = date.today()
        items, total = lifecycle.queue(s, user, today, 200, 0)
        return render(
            request,
            "queue.html",
            {"user": user, "csrf": csrf, "items": items, "total": total, "today": today},
        )


@router.post("/reviews/open-due", response_class=HTMLResponse)
@page()
def open_due(request: Request, form: Any) -> Response:
    """Open review cases for every status whose review date has come (senior caseworkers)."""
    with signed_in(request) as (s, user, csrf):
        _check_csrf(form, csrf)
        lifecycle.open_due_reviews(s, user, date.today())
    return RedirectResponse("/", status_code=303)


# --- people and cases ---------------------------------------------------------------------------
@router.get("/people/new", response_class=HTMLResponse)
@page()
def new_person_form(request: Request, form: Any) -> Response:
    """Intake form (person, vulnerabilities, optional first case)."""
    with signed_in(request) as (_s, user, csrf):
        return render(request, "person_new.html", {"user": user, "csrf": csrf})


@router.post("/people/new", response_class=HTMLResponse)
@page()
def new_person(request: Request, form: Any) -> Response:
    """Record a person and open their first case."""
    with signed_in(request) as (s, user, csrf):
        _check_csrf(form, csrf)
        vul = form.get("vulnerabilities[]", [])
        data = _validated(
            PersonIn,
            full_name=form.get("full_name", ""),
            birth_date=form.get("birth_date") or None,
            nationality=str(form.get("nationality", "")).upper(),
            home_region=form.get("home_region") or None,
            vulnerabilities=vul if isinstance(vul, list) else [vul],
            vulnerability_notes=form.get("vulnerability_notes", ""),
            allow_duplicate=form.get("allow_duplicate") == "on",
        )
        person = lifecycle.create_person(s, user, data)
        kind = form.get("case_kind") or "asylum_claim"
        sponsor = _int(form, "sponsor_id") if form.get("sponsor_id") else None
        case = lifecycle.open_case(
            s,
            user,
            _validated(
                CaseIn, kind=kind, person_id=person.id, sponsor_id=sponsor, summary=form.get("summary", "")
            ),
        )
    return RedirectResponse(f"/cases/{case.id}", status_code=303)


@router.get("/cases/{case_id}", response_class=HTMLResponse)
@page()
def case_page(request: Request, form: Any, case_id: PageId) -> Response:
    """Case page: vulnerabilities, family, statuses, safeguards, timeline, decisions, documents."""
    with signed_in(request) as (s, user, csrf):
        case = lifecycle.load_case(s, user, case_id)
        return render(request, "case.html", _case_ctx(s, user, csrf, case))


def _case_ctx(s: Session, user: User, csrf: str, case: Case) -> dict[str, Any]:
    person = s.get(Person, case.person_id)
    today = date.today()
    return {
        "user": user,
        "csrf": csrf,
        "case": case,
        "person": person,
        "sponsor": s.get(Person, case.sponsor_id) if case.sponsor_id else None,
        "family": lifecycle.family_of(s, case.person_id),
        "statuses": s.scalars(
            select(ResidenceStatus)
            .where(ResidenceStatus.person_id == case.person_id)
            .order_by(ResidenceStatus.id)
        ).all(),
        "timeline": lifecycle.timeline(s, case),
        "decisions": s.scalars(
            select(Decision).where(Decision.case_id == case.id).order_by(Decision.id)
        ).all(),
        "assessments": s.scalars(
            select(Assessment).where(Assessment.case_id == case.id).order_by(Assessment.id)
        ).all(),
        "documents": s.scalars(select(Document).where(Document.case_id == case.id)).all(),
        "deadlines": s.scalars(
            select(Deadline).where(Deadline.case_id == case.id).order_by(Deadline.due_on)
        ).all(),
        "requirements": requirements_view(s, case, today),
        "safeguards": safeguards.SAFEGUARDS,
        "can_change": access.can_change_case(user, case),
        "programs": programs_for(s, case),
        "minors": safeguards.children_touched(s, case, today),
    }


#: Largest file fingerprinted on upload (the file itself is not kept: only its metadata and sha256).
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


async def _upload(request: Request) -> dict[str, Any]:
    """The document form: fields, and the file's name, sha256 and size (the file itself is not kept)."""
    form = await request.form()
    upload = form.get("file")
    digest, size = hashlib.sha256(), 0
    too_big = False
    name = ""
    if upload is not None and not isinstance(upload, str):
        name = upload.filename or ""
        while chunk := await upload.read(1 << 20):
            size += len(chunk)
            too_big = too_big or size > MAX_UPLOAD_BYTES
            if not too_big:
                digest.update(chunk)
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    return {**fields, "_file": {"name": name, "sha256": digest.hexdigest(), "size": size, "too_big": too_big}}


@router.post("/cases/{case_id}/documents", response_class=HTMLResponse)
@page(_upload)
def add_document(request: Request, form: Any, case_id: PageId) -> Response:
    """Record a document: the file's sha256 and size are computed here; the file is not stored."""
    upload = form["_file"]
    with signed_in(request) as (s, user, csrf):
        _check_csrf(form, csrf)
        case = lifecycle.load_case(s, user, case_id, write=True)
        if not upload["name"]:
            raise InvalidInput("choose a file", "file")
        if upload["too_big"]:
            raise InvalidInput(f"file larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB", "file")
        lifecycle.add_document(
            s,
            user,
            case,
            _validated(
                DocumentIn,
                title=form.get("title") or upload["name"],
                doc_type=form.get("doc_type") or "other",
                filename=upload["name"][:300],
                sha256=upload["sha256"],
                size_bytes=upload["size"],
                received_on=form.get("received_on") or date.today(),
            ),
        )
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


# --- safe countries, audit ----------------------------------------------------------------------
@router.api_route("/safe-countries", methods=["GET", "POST"], response_class=HTMLResponse)
@page()
def safe_countries(request: Request, form: Any) -> Response:
    """Preview and record a safe-country designation; lists affected and excluded holders."""
    with signed_in(request) as (s, user, csrf):
        access.require_role(user, access.CAN_DESIGNATE, "safe-country designations")
        ctx: dict[str, Any] = {"user": user, "csrf": csrf, "preview": None, "recorded": None, "form": {}}
        if form is not None:
            _check_csrf(form, csrf)
            data = _validated(
                DesignationIn,
                country=str(form.get("country", "")).upper(),
                region=form.get("region") or None,
                safe_from=form.get("safe_from") or None,
                basis=form.get("basis", ""),
            )
            ctx["form"] = form
            if form.get("action") == "record":
                d, affected, excluded = designations.designate(s, user, data)
                ctx["recorded"] = {"designation": d, "affected": affected, "excluded": excluded}
            else:
                affected, excluded = designations.holders(s, data)
                ctx["preview"] = {"affected": affected, "excluded": excluded}
        ctx["designations"] = s.scalars(select(SafeDesignation).order_by(SafeDesignation.id.desc())).all()
        return render(request, "safe_countries.html", ctx)


@router.get("/audit", response_class=HTMLResponse)
@page()
def audit_page(request: Request, form: Any) -> Response:
    """The audit log (auditors and administrators) with the chain verification."""
    with signed_in(request) as (s, user, csrf):
        access.require_role(user, access.CAN_READ_AUDIT, "the audit log")
        try:
            offset = min(max(0, int(request.query_params.get("offset", "0"))), MAX_OFFSET)
        except ValueError:
            offset = 0
        entries = s.scalars(
            select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(100).offset(offset)
        ).all()
        latest = checkpoint.latest()
        state = request.app.state
        since = getattr(state, "audit_verified", None) or ((latest.seq, latest.hash) if latest else None)
        result = audit.verify(s, since)
        if result.ok:  # the next view walks only the entries written after this one
            head = s.get(AuditHead, 1)
            state.audit_verified = (head.seq, head.hash) if head else None
        audit.record(s, user, "audit.read", "audit", "*")
        return render(
            request,
            "audit.html",
            {
                "user": user,
                "csrf": csrf,
                "entries": entries,
                "verify": result,
                "offset": offset,
                "checkpoint": latest,
            },
        )
