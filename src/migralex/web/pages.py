"""Server-rendered pages: sign-in, work queue, case page, guided assessment, decision, designations, audit.

Signed-in state is a signed cookie holding a session token (stored hashed, revocable); every form
carries a CSRF token derived from the session. Pages call the same services as the API. Forms and
uploads are read *before* the transaction opens: nothing is awaited while a transaction (and, on
SQLite, the write lock) is held, so concurrent requests on the event loop cannot stall each other.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterator
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

from migralex.casework import access, audit, designations, lifecycle, safeguards
from migralex.casework.api import rollback_keeping_audit, transaction
from migralex.casework.errors import CaseworkError, Forbidden, InvalidInput, TooManyAttempts, Unauthenticated
from migralex.casework.models import (
    Assessment,
    AuditEntry,
    Case,
    Deadline,
    Decision,
    Document,
    Person,
    ResidenceStatus,
    SafeDesignation,
    User,
)
from migralex.casework.schemas import AssessmentIn, CaseIn, DecisionIn, DesignationIn, DocumentIn, PersonIn

COOKIE = "migralex_session"
PageId = Annotated[int, Path(ge=1, le=2**31 - 1)]
router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(resources.files("migralex.web") / "templates"))


class _Redirect(Exception):
    def __init__(self, url: str) -> None:
        self.url = url


@contextmanager
def signed_in(request: Request) -> Iterator[tuple[Session, User, str]]:
    """A transaction with the signed-in user and their CSRF token; redirects to /login without one."""
    with transaction(request) as s:
        key = access.secret_key(s)
        raw = access.unsign(key, request.cookies.get(COOKIE, ""))
        if raw is None:
            raise _Redirect("/login")
        try:
            user = access.user_for_token(s, raw, "web")
        except Unauthenticated:
            raise _Redirect("/login") from None
        yield s, user, hmac.new(key, f"csrf:{raw}".encode(), hashlib.sha256).hexdigest()


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


def page(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn service errors into an error page and missing sign-in into a redirect."""
    import functools

    @functools.wraps(fn)
    async def wrapper(request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            result: Response = await fn(request, *args, **kwargs)
            return result
        except _Redirect as r:
            return RedirectResponse(r.url, status_code=303)
        except CaseworkError as exc:
            return render(request, "error.html", {"error": exc, "user": None}, exc.status)

    return wrapper


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
@router.get("/login", response_class=HTMLResponse)
async def login_form(request: Request) -> Response:
    """The sign-in page."""
    return render(request, "login.html", {"user": None, "error": None})


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request) -> Response:
    """Check the password (argon2) and set the signed session cookie."""
    form = await request.form()
    try:
        with transaction(request) as s:
            user = access.authenticate(
                s, str(form.get("username", ""))[:64], str(form.get("password", ""))[:1000]
            )
            raw = access.issue_token(s, user, "web")
            key = access.secret_key(s)
    except Unauthenticated:
        return render(request, "login.html", {"user": None, "error": "Wrong username or password."}, 401)
    except TooManyAttempts as exc:
        return render(request, "login.html", {"user": None, "error": exc.message}, 429)
    resp = RedirectResponse("/", status_code=303)
    resp.set_cookie(
        COOKIE,
        access.sign(key, raw),
        httponly=True,
        samesite="strict",
        max_age=12 * 3600,
        secure=request.url.scheme == "https",
    )
    return resp


@router.post("/logout")
@page
async def logout(request: Request) -> Response:
    """Revoke the session and clear the cookie."""
    form = await _read_form(request)
    with signed_in(request) as (s, user, csrf):
        _check_csrf(form, csrf)
        key = access.secret_key(s)
        raw = access.unsign(key, request.cookies.get(COOKIE, ""))
        if raw:
            access.revoke_token(s, raw)
        audit.record(s, user, "auth.logout", "user", user.id)
    resp = RedirectResponse("/login", status_code=303)
    resp.delete_cookie(COOKIE)
    return resp


# --- queue ---------------------------------------------------------------------------------------
@router.get("/", response_class=HTMLResponse)
@page
async def home(request: Request) -> Response:
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
@page
async def open_due(request: Request) -> Response:
    """Open review cases for every status whose review date has come (senior caseworkers)."""
    form = await _read_form(request)
    with signed_in(request) as (s, user, csrf):
        _check_csrf(form, csrf)
        lifecycle.open_due_reviews(s, user, date.today())
    return RedirectResponse("/", status_code=303)


# --- people and cases ---------------------------------------------------------------------------
@router.get("/people/new", response_class=HTMLResponse)
@page
async def new_person_form(request: Request) -> Response:
    """Intake form (person, vulnerabilities, optional first case)."""
    with signed_in(request) as (_s, user, csrf):
        return render(request, "person_new.html", {"user": user, "csrf": csrf})


@router.post("/people/new", response_class=HTMLResponse)
@page
async def new_person(request: Request) -> Response:
    """Record a person and open their first case."""
    form = await _read_form(request)
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
        sponsor = form.get("sponsor_id") or None
        case = lifecycle.open_case(
            s,
            user,
            _validated(
                CaseIn, kind=kind, person_id=person.id, sponsor_id=sponsor, summary=form.get("summary", "")
            ),
        )
    return RedirectResponse(f"/cases/{case.id}", status_code=303)


def _requirements_view(s: Session, case: Case, on: date) -> list[dict[str, Any]]:
    """For the case page: which safeguards the likely adverse decisions need, and whether they are met."""
    have = safeguards.recorded(s, case)
    out = []
    for kind in lifecycle.DECISION_KINDS.values():
        if case.kind not in kind.case_kinds:
            continue
        reqs = safeguards.requirements(
            s,
            case,
            kind.id,
            kind.adverse,
            on,
            is_return=kind.is_return,
            needs_individual=kind.needs_individual,
        )
        blocks, _ = safeguards.check(s, case, reqs)
        out.append({"kind": kind, "reqs": reqs, "blocks": blocks, "have": have})
    return out


@router.get("/cases/{case_id}", response_class=HTMLResponse)
@page
async def case_page(request: Request, case_id: PageId) -> Response:
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
        "requirements": _requirements_view(s, case, today),
        "safeguards": safeguards.SAFEGUARDS,
        "can_change": access.can_change_case(user, case),
        "programs": _programs(case.kind),
        "minors": safeguards.children_touched(s, case, today),
    }


def _programs(case_kind: str) -> list[Any]:
    """Programs, those deciding this case kind first (the rule packs say which, by exact program id)."""
    from migralex.rules.meta import decides
    from migralex.rules.registry import programs

    return sorted(programs().values(), key=lambda p: (not decides(p.id, case_kind), p.id))


@router.post("/cases/{case_id}/assessments", response_class=HTMLResponse)
@page
async def add_assessment(request: Request, case_id: PageId) -> Response:
    """Record a safeguard assessment from the case page."""
    form = await _read_form(request)
    with signed_in(request) as (s, user, csrf):
        _check_csrf(form, csrf)
        case = lifecycle.load_case(s, user, case_id, write=True)
        lifecycle.record_assessment(
            s,
            user,
            case,
            _validated(
                AssessmentIn,
                kind=form.get("kind"),
                conclusion=form.get("conclusion"),
                reasons=form.get("reasons", ""),
            ),
        )
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


#: Largest file fingerprinted on upload (the file itself is not kept: only its metadata and sha256).
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


@router.post("/cases/{case_id}/documents", response_class=HTMLResponse)
@page
async def add_document(request: Request, case_id: PageId) -> Response:
    """Record a document: the file's sha256 and size are computed here; the file is not stored."""
    form = await request.form()
    upload = form.get("file")
    digest, size = hashlib.sha256(), 0
    too_big = False
    if upload is not None and not isinstance(upload, str):
        while chunk := await upload.read(1 << 20):
            size += len(chunk)
            too_big = too_big or size > MAX_UPLOAD_BYTES
            if not too_big:
                digest.update(chunk)
    with signed_in(request) as (s, user, csrf):
        _check_csrf(dict(form), csrf)
        case = lifecycle.load_case(s, user, case_id, write=True)
        if upload is None or isinstance(upload, str) or not upload.filename:
            raise InvalidInput("choose a file", "file")
        if too_big:
            raise InvalidInput(f"file larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB", "file")
        lifecycle.add_document(
            s,
            user,
            case,
            _validated(
                DocumentIn,
                title=form.get("title") or upload.filename,
                doc_type=form.get("doc_type") or "other",
                filename=upload.filename[:300],
                sha256=digest.hexdigest(),
                size_bytes=size,
                received_on=form.get("received_on") or date.today(),
            ),
        )
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


# --- guided assessment and decision -------------------------------------------------------------
def _entered(params: dict[str, Any]) -> dict[str, Any]:
    """The facts entered so far (a JSON object carried in a hidden field)."""
    try:
        entered = json.loads(str(params.get("entered") or "{}"))
    except json.JSONDecodeError:
        raise InvalidInput("entered facts are not valid JSON", "entered") from None
    if not isinstance(entered, dict):
        raise InvalidInput("entered facts must be an object", "entered")
    return entered


def _coerce(spec: dict[str, Any], raw: Any) -> Any:
    """A form value as the JSON value the program's schema expects ('' = not answered)."""
    if isinstance(raw, list):
        return [r for r in raw if r] or None
    text = str(raw).strip()
    if text == "":
        return None
    types = spec.get("type", [])
    types = types if isinstance(types, list) else [types]
    if "array" in types:
        return [part.strip() for part in text.split(",") if part.strip()]
    if "boolean" in types:
        return {"yes": True, "true": True, "no": False, "false": False}.get(text.lower(), text)
    if "integer" in types:
        try:
            return int(text)
        except ValueError:
            return text
    return text


@router.api_route("/cases/{case_id}/assess", methods=["GET", "POST"], response_class=HTMLResponse)
@page
async def guided(request: Request, case_id: PageId) -> Response:
    """Guided assessment: asks only for the facts the program still needs, then offers the decision."""
    posted = await _read_form(request) if request.method == "POST" else None
    with signed_in(request) as (s, user, csrf):
        case = lifecycle.load_case(s, user, case_id)
        params: dict[str, Any] = dict(request.query_params)
        if posted is not None:
            _check_csrf(posted, csrf)
            params = posted
        program_id = str(params.get("program") or "")
        if not program_id:
            raise InvalidInput("choose a program", "program")
        on = _validated(
            DecisionIn, kind="grant", reasons="-", decision_date=params.get("date") or date.today()
        ).decision_date
        entered = _entered(params)
        schema = lifecycle.find_program(program_id).json_schema()
        props: dict[str, Any] = schema.get("properties", {})
        for k, v in params.items():
            if k.startswith("fact:") and k[5:] in props:
                value = _coerce(props[k[5:]], v)
                if value is not None:
                    entered[k[5:]] = value
        error = None
        try:
            decision, facts = lifecycle.evaluate(
                s, case, program_id, on, entered, params.get("reform") or None
            )
        except InvalidInput as exc:
            error, decision, facts = exc.message, None, entered
            if exc.field and exc.field.startswith("facts."):
                entered.pop(exc.field[6:], None)
        missing = decision.missing_facts if decision else []
        return render(
            request,
            "assess.html",
            {
                "user": user,
                "csrf": csrf,
                "case": case,
                "person": s.get(Person, case.person_id),
                "program": lifecycle.find_program(program_id),
                "date": on,
                "entered": entered,
                "facts": facts,
                "decision": decision,
                "result": lifecycle.jsonable(decision.to_json()) if decision else None,
                "missing": [(m, props.get(m, {})) for m in missing],
                "error": error,
                "kinds": [k for k in lifecycle.DECISION_KINDS.values() if case.kind in k.case_kinds],
                "can_change": access.can_change_case(user, case),
                "reform": params.get("reform") or "",
            },
        )


@router.post("/cases/{case_id}/decide", response_class=HTMLResponse)
@page
async def decide(request: Request, case_id: PageId) -> Response:
    """Make the decision; a safeguard block is shown on the case page with its reasons and sources."""
    form = await _read_form(request)
    with signed_in(request) as (s, user, csrf):
        _check_csrf(form, csrf)
        case = lifecycle.load_case(s, user, case_id, write=True)
        entered = _entered(form)
        data = _validated(
            DecisionIn,
            kind=form.get("kind"),
            decision_date=form.get("date") or date.today(),
            reasons=form.get("reasons", ""),
            program=form.get("program") or None,
            facts=entered if form.get("program") else {},
            reform=form.get("reform") or None,
            separates_family=form.get("separates_family") == "on",
        )
        try:
            d = lifecycle.decide(s, user, case, data)
        except CaseworkError as exc:
            rollback_keeping_audit(s)
            ctx = _case_ctx(s, user, csrf, case)
            ctx["blocked"] = exc
            return render(request, "case.html", ctx, exc.status)
    return RedirectResponse(f"/decisions/{d.id}", status_code=303)


@router.get("/decisions/{decision_id}", response_class=HTMLResponse)
@page
async def decision_page(request: Request, decision_id: PageId) -> Response:
    """The decision as made: outcome, explanation tree with citations, safeguards met, re-run check."""
    with signed_in(request) as (s, user, csrf):
        d = lifecycle.load_decision(s, user, decision_id)
        case = s.get(Case, d.case_id)
        assert case is not None
        return render(
            request,
            "decision.html",
            {
                "user": user,
                "csrf": csrf,
                "d": d,
                "case": case,
                "person": s.get(Person, case.person_id),
                "rerun": lifecycle.rerun(s, user, d) if d.program_id else None,
                "statuses": s.scalars(
                    select(ResidenceStatus).where(ResidenceStatus.decision_id == d.id)
                ).all(),
            },
        )


# --- safe countries, audit ----------------------------------------------------------------------
@router.api_route("/safe-countries", methods=["GET", "POST"], response_class=HTMLResponse)
@page
async def safe_countries(request: Request) -> Response:
    """Preview and record a safe-country designation; lists affected and excluded holders."""
    posted = await _read_form(request) if request.method == "POST" else None
    with signed_in(request) as (s, user, csrf):
        access.require_role(user, access.CAN_DESIGNATE, "safe-country designations")
        ctx: dict[str, Any] = {"user": user, "csrf": csrf, "preview": None, "recorded": None, "form": {}}
        if posted is not None:
            _check_csrf(posted, csrf)
            form = posted
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
@page
async def audit_page(request: Request) -> Response:
    """The audit log (auditors and administrators) with the chain verification."""
    with signed_in(request) as (s, user, csrf):
        access.require_role(user, access.CAN_READ_AUDIT, "the audit log")
        try:
            offset = max(0, int(request.query_params.get("offset", "0")))
        except ValueError:
            offset = 0
        entries = s.scalars(
            select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(100).offset(offset)
        ).all()
        result = audit.verify(s)
        audit.record(s, user, "audit.read", "audit", "*")
        return render(
            request,
            "audit.html",
            {"user": user, "csrf": csrf, "entries": entries, "verify": result, "offset": offset},
        )
