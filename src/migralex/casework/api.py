"""The versioned REST API, ``/api/v1`` (bearer tokens from ``POST /api/v1/auth/token``).

Every request runs in one transaction: on any error nothing it wrote is kept, except the audit
entries of reads, refused accesses and blocked decisions, which are written on their own.
Creating endpoints honour an ``Idempotency-Key`` header: the same key with the same body replays
the stored response; with another body it is a 409.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from http import HTTPStatus
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Body, Depends, FastAPI, Header, Path, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from starlette.exceptions import HTTPException as StarletteHTTPException

from migralex.casework import access, audit, designations, lifecycle, safeguards, schemas, store
from migralex.casework.errors import (
    PROBLEM_JSON,
    CaseworkError,
    Conflict,
    Forbidden,
    NotFound,
    Unauthenticated,
    problem,
)
from migralex.casework.models import (
    Assessment,
    AuditEntry,
    Case,
    Deadline,
    Decision,
    Document,
    DuplicateFlag,
    FamilyLink,
    IdempotencyRecord,
    Person,
    ResidenceStatus,
    SafeDesignation,
    User,
)
from migralex.casework.schemas import (
    AssessmentIn,
    AssessmentOut,
    AuditOut,
    CaseIn,
    CaseKind,
    CaseOut,
    DeadlineOut,
    DecisionIn,
    DecisionOut,
    DesignationIn,
    DesignationOut,
    DocumentIn,
    DocumentOut,
    DuplicateOut,
    EvaluateIn,
    EvaluateOut,
    FamilyLinkIn,
    FamilyLinkOut,
    Page,
    PasswordChange,
    PasswordSet,
    PersonIn,
    PersonOut,
    ProgramOut,
    QueueItem,
    RerunOut,
    SafeguardStatus,
    StatusOut,
    TimelineEntry,
    TokenIn,
    TokenInfo,
    TokenOut,
    UserActive,
    UserIn,
    UserOut,
    VerifyOut,
)

#: Audit entries kept even when the request fails (they record what was seen or refused).
KEEP_ON_ERROR = frozenset(
    {"case.read", "case.read_denied", "person.read", "decision.blocked", "auth.failed", "auth.throttled"}
)
MAX_ID = schemas.MAX_ID


class ErrorOut(BaseModel):
    """Error body (RFC 9457 problem details): ``type``, ``title``, ``status``, ``detail``, plus a stable
    ``error`` code, the ``message`` and the ``field`` at fault."""

    type: str
    title: str
    status: int
    detail: str
    error: str
    message: str
    field: str | None = None


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut, "description": desc, "content": {PROBLEM_JSON: {}}}
    for code, desc in (
        (400, "Bad request"),
        (401, "Not signed in"),
        (403, "Not allowed (role, case access, or a cross-site request)"),
        (404, "Not found"),
        (405, "Method not allowed"),
        (409, "Conflict or safeguard block"),
        (413, "Request too large"),
        (422, "Invalid input (the field is named)"),
        (429, "Too many requests or failed sign-ins"),
        (503, "Database busy, retry"),
    )
}

bearer = HTTPBearer(auto_error=False, description="Token from POST /api/v1/auth/token")


def require_bearer(creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
    """401 before anything else (even body validation) when no bearer token is sent.

    The token itself is checked inside the request's transaction (:func:`api_user`).
    """
    if creds is None or creds.scheme.lower() != "bearer" or not creds.credentials:
        raise Unauthenticated(
            "sign in: send Authorization: Bearer <token> (POST /api/v1/auth/token)", "Authorization"
        )


#: ``/auth/token`` is the only route reachable without a token.
auth_router = APIRouter(prefix="/api/v1", responses=ERRORS)
router = APIRouter(prefix="/api/v1", responses=ERRORS, dependencies=[Depends(require_bearer)])

Id = Annotated[int, Path(ge=1, le=MAX_ID)]
Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=MAX_ID)]
IdemKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200, pattern=r"^[!-~]+$")]
Creds = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def sessions(request: Request) -> sessionmaker[Session]:
    """The app's session factory."""
    factory: sessionmaker[Session] = request.app.state.sessions
    return factory


def rollback_keeping_audit(session: Session) -> None:
    """Roll back, but keep (and commit) the audit entries of reads, refusals and blocked decisions."""
    kept = [p for p in session.info.get("cw_audit_pending", []) if p.action in KEEP_ON_ERROR]
    session.rollback()
    if kept:
        session.info["cw_audit_pending"] = kept
        session.commit()


def write_audit(request: Request, pending: list[audit.Pending]) -> None:
    """Append ``pending`` audit entries in a short transaction of their own (a writing one)."""
    if not pending:
        return
    with store.writing():
        session = sessions(request)()
        try:
            audit.stage(session, pending)
            session.commit()
        finally:
            session.close()


@contextmanager
def _read_transaction(request: Request) -> Iterator[Session]:
    """A reading request: a snapshot without the write lock; its audit entries are appended afterwards."""
    session = sessions(request)()
    try:
        try:
            yield session
        except Exception as exc:
            staged = audit.take(session)
            session.rollback()
            if isinstance(exc, CaseworkError):
                write_audit(request, [p for p in staged if p.action in KEEP_ON_ERROR])
            raise
        staged = audit.take(session)
        if session.info.get("cw_wrote"):  # a read that wrote something: commit it with its audit
            audit.stage(session, staged)
            session.commit()
        else:
            session.commit()  # ends the snapshot; nothing was written
            write_audit(request, staged)
    finally:
        session.close()


@contextmanager
def transaction(request: Request) -> Iterator[Session]:
    """One transaction per request; on error roll back but keep the audit of reads and refusals.

    A request that only reads (GET, HEAD, OPTIONS) reads a snapshot and never takes the SQLite write
    lock; the entries it audits are appended in a short transaction of their own.
    """
    if store.READ_ONLY.get():
        with _read_transaction(request) as session:
            yield session
        return
    factory = sessions(request)
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
                "the request conflicts with stored data (duplicate or concurrent request)"
            ) from None
        raise
    finally:
        session.close()


def api_user(session: Session, creds: HTTPAuthorizationCredentials | None) -> User:
    """The user behind the bearer token, else 401."""
    if creds is None or creds.scheme.lower() != "bearer":
        raise Unauthenticated(
            "sign in: send Authorization: Bearer <token> (POST /api/v1/auth/token)", "Authorization"
        )
    return access.user_for_token(session, creds.credentials, "api")


def _request_hash(endpoint: str, payload: BaseModel) -> str:
    body = json.dumps([endpoint, payload.model_dump(mode="json")], sort_keys=True, default=str)
    return hashlib.sha256(body.encode()).hexdigest()


def replay(
    session: Session, user: User, key: str | None, endpoint: str, payload: BaseModel
) -> JSONResponse | None:
    """The stored response for a repeated ``Idempotency-Key``, or None for a new key."""
    if key is None:
        return None
    rec = session.get(IdempotencyRecord, (user.id, key))
    if rec is None:
        return None
    if rec.request_hash != _request_hash(endpoint, payload):
        raise Conflict("this Idempotency-Key was used with a different request", "Idempotency-Key")
    return JSONResponse(
        json.loads(rec.response), status_code=rec.status_code, headers={"Idempotent-Replayed": "true"}
    )


def created(
    session: Session,
    user: User,
    key: str | None,
    endpoint: str,
    payload: BaseModel,
    out: BaseModel | list[Any],
) -> JSONResponse:
    """A 201 response, remembered under the ``Idempotency-Key`` in the same transaction."""
    body = jsonable_encoder(out)
    if key is not None:
        session.add(
            IdempotencyRecord(
                user_id=user.id,
                key=key,
                request_hash=_request_hash(endpoint, payload),
                status_code=201,
                response=json.dumps(body),
            )
        )
    return JSONResponse(body, status_code=201)


# --- converters ----------------------------------------------------------------------------------
def person_out(p: Person, actor: User) -> PersonOut:
    """API shape of a person; health data only for roles that may read it (:func:`access.may_read_health`)."""
    health = access.may_read_health(actor)
    return PersonOut(
        id=p.id,
        full_name=p.full_name,
        birth_date=p.birth_date,
        nationality=p.nationality,
        home_region=p.home_region,
        vulnerabilities=list(p.vulnerabilities or []) if health else None,
        vulnerability_notes=p.vulnerability_notes if health else None,
    )


def case_out(c: Case) -> CaseOut:
    """API shape of a case."""
    return CaseOut(
        id=c.id,
        reference=c.reference,
        kind=c.kind,
        person_id=c.person_id,
        sponsor_id=c.sponsor_id,
        parent_case_id=c.parent_case_id,
        designation_id=c.designation_id,
        status=c.status,
        assigned_to=c.assigned_to,
        opened_on=c.opened_on,
        summary=c.summary,
    )


def decision_out(d: Decision) -> DecisionOut:
    """API shape of a decision."""
    return DecisionOut(
        id=d.id,
        case_id=d.case_id,
        kind=d.kind,
        adverse=d.adverse,
        decision_date=d.decision_date,
        program_id=d.program_id,
        outcome=d.outcome,
        facts=d.facts,
        result=d.result,
        rulepack={"id": d.rulepack_id, "version": d.rulepack_version, "hash": d.rulepack_hash}
        if d.rulepack_id
        else None,
        reform={"id": d.reform_id, "hash": d.reform_hash} if d.reform_id else None,
        support_amount=d.support_amount,
        support_unit=d.support_unit,
        safeguards=list(d.safeguards or []),
        reasons=d.reasons,
        decided_by=d.decided_by,
    )


M = TypeVar("M", bound=BaseModel)


def _model(model: type[M], row: Any) -> M:
    return model.model_validate(row, from_attributes=True)


# --- auth and users ------------------------------------------------------------------------------
def client_address(request: Request) -> str:
    """The client's address as this server sees it (the sign-in throttle and rate limit key on it)."""
    return request.client.host if request.client else "unknown"


@auth_router.post("/auth/token", response_model=TokenOut, tags=["auth"])
def token(request: Request, body: TokenIn) -> TokenOut:
    """Exchange username and password for a bearer token (valid 7 days).

    ``notice`` tells the account holder of failed sign-in attempts since their last sign-in.
    """
    with transaction(request) as s:
        result = access.sign_in(s, body.username, body.password, client_address(request))
        return TokenOut(access_token=access.issue_token(s, result.user, "api"), notice=result.notice)


@router.get("/me", response_model=UserOut, tags=["auth"])
def me(request: Request, creds: Creds) -> UserOut:
    """The signed-in user."""
    with transaction(request) as s:
        return _model(UserOut, api_user(s, creds))


@router.post("/users", response_model=UserOut, status_code=201, tags=["users"])
def add_user(request: Request, body: UserIn, creds: Creds, key: IdemKey = None) -> Any:
    """Add a user (administrators)."""
    with transaction(request) as s:
        actor = api_user(s, creds)
        access.require_role(actor, ("administrator",), "adding users")
        if (r := replay(s, actor, key, "users", body)) is not None:
            return r
        user = access.create_user(s, actor, body.username, body.password, body.role, body.display_name)
        return created(s, actor, key, "users", body, _model(UserOut, user))


@router.get("/users", response_model=Page[UserOut], tags=["users"])
def users(request: Request, creds: Creds, limit: Limit = 50, offset: Offset = 0) -> Page[UserOut]:
    """Users (administrators and auditors)."""
    with transaction(request) as s:
        actor = api_user(s, creds)
        access.require_role(actor, access.CAN_READ_AUDIT, "listing users")
        rows = s.scalars(select(User).order_by(User.id).limit(limit).offset(offset)).all()
        total = s.scalar(select(func.count()).select_from(User)) or 0
        return Page[UserOut](
            items=[_model(UserOut, u) for u in rows], total=total, limit=limit, offset=offset
        )


def _token_infos(s: Session, user_id: int) -> list[TokenInfo]:
    return [_model(TokenInfo, t) for t in access.tokens_of(s, user_id)]


def _managed_user(s: Session, actor: User, user_id: int) -> User:
    """A user an administrator manages (404 otherwise)."""
    access.require_role(actor, ("administrator",), "managing users")
    user = s.get(User, user_id)
    if user is None:
        raise NotFound("no such user", "user_id")
    return user


@router.get("/me/tokens", response_model=list[TokenInfo], tags=["auth"])
def my_tokens(request: Request, creds: Creds) -> list[TokenInfo]:
    """Your live tokens (web sessions and API tokens), newest first."""
    with transaction(request) as s:
        return _token_infos(s, api_user(s, creds).id)


@router.delete("/me/tokens/{token_id}", status_code=204, tags=["auth"])
def revoke_my_token(request: Request, token_id: Id, creds: Creds) -> Response:
    """Revoke one of your tokens (e.g. a lost device's session)."""
    with transaction(request) as s:
        actor = api_user(s, creds)
        access.revoke_token_id(s, actor, actor.id, token_id)
    return Response(status_code=204)


@router.post("/me/password", response_model=TokenOut, tags=["auth"])
def change_my_password(request: Request, body: PasswordChange, creds: Creds) -> TokenOut:
    """Change your password: every token of yours is revoked; a new API token is returned."""
    with transaction(request) as s:
        actor = api_user(s, creds)
        if not access.verify_password(actor, body.current_password):
            raise Forbidden("the current password is wrong", "current_password")
        access.set_password(s, actor, actor, body.new_password)
        return TokenOut(access_token=access.issue_token(s, actor, "api"))


@router.get("/users/{user_id}/tokens", response_model=list[TokenInfo], tags=["users"])
def user_tokens(request: Request, user_id: Id, creds: Creds) -> list[TokenInfo]:
    """A user's live tokens (administrators)."""
    with transaction(request) as s:
        return _token_infos(s, _managed_user(s, api_user(s, creds), user_id).id)


@router.delete("/users/{user_id}/tokens/{token_id}", status_code=204, tags=["users"])
def revoke_user_token(request: Request, user_id: Id, token_id: Id, creds: Creds) -> Response:
    """Revoke one of a user's tokens (administrators)."""
    with transaction(request) as s:
        actor = api_user(s, creds)
        access.revoke_token_id(s, actor, _managed_user(s, actor, user_id).id, token_id)
    return Response(status_code=204)


@router.post("/users/{user_id}/password", response_model=UserOut, tags=["users"])
def set_user_password(request: Request, user_id: Id, body: PasswordSet, creds: Creds) -> UserOut:
    """Set a user's password (administrators); all the user's tokens are revoked."""
    with transaction(request) as s:
        actor = api_user(s, creds)
        user = _managed_user(s, actor, user_id)
        access.set_password(s, actor, user, body.new_password)
        return _model(UserOut, user)


@router.post("/users/{user_id}/active", response_model=UserOut, tags=["users"])
def set_user_active(request: Request, user_id: Id, body: UserActive, creds: Creds) -> UserOut:
    """Enable or disable a user (administrators); disabling revokes all the user's tokens."""
    with transaction(request) as s:
        actor = api_user(s, creds)
        user = _managed_user(s, actor, user_id)
        access.set_active(s, actor, user, body.active)
        return _model(UserOut, user)


@router.get("/duplicates", response_model=list[DuplicateOut], tags=["people"])
def duplicates(request: Request, creds: Creds) -> list[DuplicateOut]:
    """Open duplicate-intake flags: intakes that matched people their recorder may not see (seniors)."""
    with transaction(request) as s:
        actor = api_user(s, creds)
        access.require_role(actor, ("senior_caseworker",), "checking possible duplicates")
        rows = s.scalars(
            select(DuplicateFlag).where(DuplicateFlag.resolved_at.is_(None)).order_by(DuplicateFlag.id)
        ).all()
        return [_model(DuplicateOut, r) for r in rows]


@router.post("/duplicates/{flag_id}/resolve", response_model=DuplicateOut, tags=["people"])
def resolve_duplicate(request: Request, flag_id: Id, creds: Creds) -> DuplicateOut:
    """Mark a duplicate flag as checked (senior caseworkers)."""
    with transaction(request) as s:
        actor = api_user(s, creds)
        access.require_role(actor, ("senior_caseworker",), "checking possible duplicates")
        flag = s.get(DuplicateFlag, flag_id)
        if flag is None:
            raise NotFound("no such flag", "flag_id")
        flag.resolved_by, flag.resolved_at = actor.id, datetime.now(UTC)
        audit.record(s, actor, "duplicate.resolve", "person", flag.person_id)
        return _model(DuplicateOut, flag)


@router.get("/programs", response_model=list[ProgramOut], tags=["rules"])
def programs(request: Request, creds: Creds) -> list[ProgramOut]:
    """Programs decisions can run on, with the JSON Schema of their facts."""
    from migralex.rules.registry import programs as all_programs

    with transaction(request) as s:
        api_user(s, creds)
    return [
        ProgramOut(
            id=p.id, title=p.title, jurisdiction=p.jurisdiction, status=p.status, facts_schema=p.json_schema()
        )
        for p in all_programs().values()
    ]


# --- people --------------------------------------------------------------------------------------
@router.post("/people", response_model=PersonOut, status_code=201, tags=["people"])
def add_person(request: Request, body: PersonIn, creds: Creds, key: IdemKey = None) -> Any:
    """Record a person at intake, with vulnerability flags."""
    with transaction(request) as s:
        actor = api_user(s, creds)
        access.require_role(actor, access.CAN_WRITE_CASES, "recording a person")
        if (r := replay(s, actor, key, "people", body)) is not None:
            return r
        return created(
            s, actor, key, "people", body, person_out(lifecycle.create_person(s, actor, body), actor)
        )


@router.get("/people", response_model=Page[PersonOut], tags=["people"])
def people(request: Request, creds: Creds, limit: Limit = 50, offset: Offset = 0) -> Page[PersonOut]:
    """People the user may see (caseworkers: those on their cases or recorded by them)."""
    with transaction(request) as s:
        actor = api_user(s, creds)
        rows, total = lifecycle.list_people(s, actor, limit, offset)
        return Page[PersonOut](
            items=[person_out(p, actor) for p in rows], total=total, limit=limit, offset=offset
        )


@router.get("/people/{person_id}", response_model=PersonOut, tags=["people"])
def person(request: Request, person_id: Id, creds: Creds) -> PersonOut:
    """One person."""
    with transaction(request) as s:
        actor = api_user(s, creds)
        return person_out(lifecycle.get_person(s, actor, person_id), actor)


@router.get("/people/{person_id}/statuses", response_model=list[StatusOut], tags=["people"])
def statuses(request: Request, person_id: Id, creds: Creds) -> list[StatusOut]:
    """Every residence status the person holds or held, oldest first."""
    with transaction(request) as s:
        p = lifecycle.get_person(s, api_user(s, creds), person_id)
        rows = s.scalars(
            select(ResidenceStatus).where(ResidenceStatus.person_id == p.id).order_by(ResidenceStatus.id)
        ).all()
        return [_model(StatusOut, r) for r in rows]


@router.post(
    "/people/{person_id}/family-links", response_model=FamilyLinkOut, status_code=201, tags=["people"]
)
def add_link(request: Request, person_id: Id, body: FamilyLinkIn, creds: Creds, key: IdemKey = None) -> Any:
    """Link the person to a relative."""
    with transaction(request) as s:
        actor = api_user(s, creds)
        access.require_role(actor, access.CAN_WRITE_CASES, "recording a family link")
        endpoint = f"people/{person_id}/family-links"
        if (r := replay(s, actor, key, endpoint, body)) is not None:
            return r
        link = lifecycle.add_family_link(s, actor, lifecycle.get_person(s, actor, person_id), body)
        return created(s, actor, key, endpoint, body, _model(FamilyLinkOut, link))


@router.get("/people/{person_id}/family-links", response_model=list[FamilyLinkOut], tags=["people"])
def links(request: Request, person_id: Id, creds: Creds) -> list[FamilyLinkOut]:
    """The person's family links (both directions)."""
    with transaction(request) as s:
        p = lifecycle.get_person(s, api_user(s, creds), person_id)
        rows = s.scalars(
            select(FamilyLink)
            .where((FamilyLink.person_id == p.id) | (FamilyLink.relative_id == p.id))
            .order_by(FamilyLink.id)
        ).all()
        return [_model(FamilyLinkOut, r) for r in rows]


# --- cases ---------------------------------------------------------------------------------------
@router.post("/cases", response_model=CaseOut, status_code=201, tags=["cases"])
def add_case(request: Request, body: CaseIn, creds: Creds, key: IdemKey = None) -> Any:
    """Open a case (caseworkers' cases are assigned to themselves)."""
    with transaction(request) as s:
        actor = api_user(s, creds)
        access.require_role(actor, access.CAN_WRITE_CASES, "opening a case")
        if (r := replay(s, actor, key, "cases", body)) is not None:
            return r
        return created(s, actor, key, "cases", body, case_out(lifecycle.open_case(s, actor, body)))


@router.get("/cases", response_model=Page[CaseOut], tags=["cases"])
def cases(
    request: Request,
    creds: Creds,
    limit: Limit = 50,
    offset: Offset = 0,
    status: Annotated[str | None, Query(pattern="^(open|decided|closed)$")] = None,
    kind: CaseKind | None = None,
) -> Page[CaseOut]:
    """Cases the user may read, newest first."""
    with transaction(request) as s:
        rows, total = lifecycle.list_cases(s, api_user(s, creds), limit, offset, status, kind)
        return Page[CaseOut](items=[case_out(c) for c in rows], total=total, limit=limit, offset=offset)


@router.get("/cases/{case_id}", response_model=CaseOut, tags=["cases"])
def case(request: Request, case_id: Id, creds: Creds) -> CaseOut:
    """One case (the read is audited)."""
    with transaction(request) as s:
        return case_out(lifecycle.load_case(s, api_user(s, creds), case_id))


@router.post("/cases/{case_id}/assign", response_model=CaseOut, tags=["cases"])
def assign(
    request: Request, case_id: Id, creds: Creds, user_id: Annotated[int, Body(embed=True, ge=1, le=MAX_ID)]
) -> CaseOut:
    """Assign the case to a caseworker (senior caseworkers)."""
    with transaction(request) as s:
        actor = api_user(s, creds)
        access.require_role(actor, ("senior_caseworker",), "assigning a case")
        return case_out(
            lifecycle.assign_case(s, actor, lifecycle.load_case(s, actor, case_id, write=True), user_id)
        )


@router.post(
    "/cases/{case_id}/assessments", response_model=AssessmentOut, status_code=201, tags=["safeguards"]
)
def add_assessment(
    request: Request, case_id: Id, body: AssessmentIn, creds: Creds, key: IdemKey = None
) -> Any:
    """Record a safeguard assessment (individual, non-refoulement, best interests, vulnerability)."""
    with transaction(request) as s:
        actor = api_user(s, creds)
        c = lifecycle.load_case(s, actor, case_id, write=True)
        endpoint = f"cases/{case_id}/assessments"
        if (r := replay(s, actor, key, endpoint, body)) is not None:
            return r
        return created(
            s,
            actor,
            key,
            endpoint,
            body,
            _model(AssessmentOut, lifecycle.record_assessment(s, actor, c, body)),
        )


@router.get("/cases/{case_id}/assessments", response_model=list[AssessmentOut], tags=["safeguards"])
def assessments(request: Request, case_id: Id, creds: Creds) -> list[AssessmentOut]:
    """Recorded assessments on the case."""
    with transaction(request) as s:
        c = lifecycle.load_case(s, api_user(s, creds), case_id)
        rows = s.scalars(select(Assessment).where(Assessment.case_id == c.id).order_by(Assessment.id)).all()
        return [_model(AssessmentOut, a) for a in rows]


@router.post("/cases/{case_id}/documents", response_model=DocumentOut, status_code=201, tags=["cases"])
def add_document(request: Request, case_id: Id, body: DocumentIn, creds: Creds, key: IdemKey = None) -> Any:
    """Record a document's metadata."""
    with transaction(request) as s:
        actor = api_user(s, creds)
        c = lifecycle.load_case(s, actor, case_id, write=True)
        endpoint = f"cases/{case_id}/documents"
        if (r := replay(s, actor, key, endpoint, body)) is not None:
            return r
        return created(
            s, actor, key, endpoint, body, _model(DocumentOut, lifecycle.add_document(s, actor, c, body))
        )


@router.get("/cases/{case_id}/documents", response_model=list[DocumentOut], tags=["cases"])
def documents(request: Request, case_id: Id, creds: Creds) -> list[DocumentOut]:
    """Documents on file."""
    with transaction(request) as s:
        c = lifecycle.load_case(s, api_user(s, creds), case_id)
        rows = s.scalars(select(Document).where(Document.case_id == c.id).order_by(Document.id)).all()
        return [_model(DocumentOut, d) for d in rows]


@router.get("/cases/{case_id}/safeguards", response_model=list[SafeguardStatus], tags=["safeguards"])
def case_safeguards(
    request: Request, case_id: Id, creds: Creds, on: date | None = None
) -> list[SafeguardStatus]:
    """For each decision possible on the case: the safeguards it needs, which are met, and what blocks it."""
    with transaction(request) as s:
        c = lifecycle.load_case(s, api_user(s, creds), case_id)
        day = on or date.today()
        out = []
        for kind in lifecycle.DECISION_KINDS.values():
            if c.kind not in kind.case_kinds:
                continue
            reqs = safeguards.requirements(
                s,
                c,
                kind.id,
                kind.adverse,
                day,
                is_return=kind.is_return,
                needs_individual=kind.needs_individual,
            )
            blocks, met = safeguards.check(s, c, reqs, on=day)
            out.append(
                SafeguardStatus(
                    decision_kind=kind.id, adverse=kind.adverse, met=met, blocks=[b.as_dict() for b in blocks]
                )
            )
        return out


@router.get("/cases/{case_id}/timeline", response_model=list[TimelineEntry], tags=["cases"])
def case_timeline(request: Request, case_id: Id, creds: Creds) -> list[TimelineEntry]:
    """Everything that happened on the case, oldest first."""
    with transaction(request) as s:
        c = lifecycle.load_case(s, api_user(s, creds), case_id)
        return [
            TimelineEntry(on=e["on"], what=e["what"], decision_id=e["ref"]) for e in lifecycle.timeline(s, c)
        ]


@router.get("/cases/{case_id}/deadlines", response_model=list[DeadlineOut], tags=["cases"])
def deadlines(request: Request, case_id: Id, creds: Creds) -> list[DeadlineOut]:
    """Deadlines on the case, with how each was computed."""
    with transaction(request) as s:
        c = lifecycle.load_case(s, api_user(s, creds), case_id)
        rows = s.scalars(select(Deadline).where(Deadline.case_id == c.id).order_by(Deadline.due_on)).all()
        return [_model(DeadlineOut, d) for d in rows]


@router.post("/cases/{case_id}/evaluate", response_model=EvaluateOut, tags=["decisions"])
def evaluate(request: Request, case_id: Id, body: EvaluateIn, creds: Creds) -> EvaluateOut:
    """Run a program on stored facts plus ``facts``: outcome and facts still needed (no write)."""
    with transaction(request) as s:
        c = lifecycle.load_case(s, api_user(s, creds), case_id)
        d, raw = lifecycle.evaluate(s, c, body.program, body.date, body.facts, body.reform)
        return EvaluateOut(
            program=body.program,
            outcome=d.outcome,
            facts=lifecycle.jsonable(raw),
            missing_facts=d.missing_facts,
            result=lifecycle.jsonable(d.to_json()),
        )


@router.post("/cases/{case_id}/decisions", response_model=DecisionOut, status_code=201, tags=["decisions"])
def add_decision(request: Request, case_id: Id, body: DecisionIn, creds: Creds, key: IdemKey = None) -> Any:
    """Decide: run the program, check safeguards (409 with reasons if blocked), store it exactly."""
    with transaction(request) as s:
        actor = api_user(s, creds)
        c = lifecycle.load_case(s, actor, case_id, write=True)
        endpoint = f"cases/{case_id}/decisions"
        if (r := replay(s, actor, key, endpoint, body)) is not None:
            return r
        return created(s, actor, key, endpoint, body, decision_out(lifecycle.decide(s, actor, c, body)))


@router.get("/cases/{case_id}/decisions", response_model=list[DecisionOut], tags=["decisions"])
def decisions(request: Request, case_id: Id, creds: Creds) -> list[DecisionOut]:
    """Decisions on the case."""
    with transaction(request) as s:
        c = lifecycle.load_case(s, api_user(s, creds), case_id)
        rows = s.scalars(select(Decision).where(Decision.case_id == c.id).order_by(Decision.id)).all()
        return [decision_out(d) for d in rows]


@router.get("/decisions/{decision_id}", response_model=DecisionOut, tags=["decisions"])
def decision(request: Request, decision_id: Id, creds: Creds) -> DecisionOut:
    """One decision, exactly as made."""
    with transaction(request) as s:
        return decision_out(lifecycle.load_decision(s, api_user(s, creds), decision_id))


@router.get("/decisions/{decision_id}/rerun", response_model=RerunOut, tags=["decisions"])
def rerun(request: Request, decision_id: Id, creds: Creds) -> RerunOut:
    """Re-run a decision on today's rule pack and compare (same pack hash -> identical)."""
    with transaction(request) as s:
        actor = api_user(s, creds)
        return RerunOut(**lifecycle.rerun(s, actor, lifecycle.load_decision(s, actor, decision_id)))


# --- queue, reviews, designations ---------------------------------------------------------------
@router.get("/queue", response_model=Page[QueueItem], tags=["queue"])
def work_queue(
    request: Request, creds: Creds, on: date | None = None, limit: Limit = 50, offset: Offset = 0
) -> Page[QueueItem]:
    """The work queue: deadlines soonest first, then open cases."""
    with transaction(request) as s:
        items, total = lifecycle.queue(s, api_user(s, creds), on or date.today(), limit, offset)
        return Page[QueueItem](items=[QueueItem(**i) for i in items], total=total, limit=limit, offset=offset)


@router.post("/reviews/open-due", response_model=list[CaseOut], tags=["queue"])
def open_due(
    request: Request,
    creds: Creds,
    on: Annotated[date, Body(embed=True, ge=date(1900, 1, 1), le=date(2200, 12, 31))],
) -> list[CaseOut]:
    """Open review cases for every status whose review date is on or before ``on`` (senior caseworkers)."""
    with transaction(request) as s:
        return [case_out(c) for c in lifecycle.open_due_reviews(s, api_user(s, creds), on)]


@router.post("/safe-countries/preview", response_model=DesignationOut, tags=["safe countries"])
def preview(request: Request, body: DesignationIn, creds: Creds) -> DesignationOut:
    """Who a designation would affect and who is excluded (writes nothing)."""
    with transaction(request) as s:
        actor = api_user(s, creds)
        access.require_role(actor, access.CAN_DESIGNATE, "previewing a designation")
        affected, excluded = designations.holders(s, body)
        audit.record(s, actor, "designation.preview", "designation", "*", detail={"country": body.country})
        return DesignationOut(
            id=None,
            country=body.country,
            region=body.region,
            safe_from=body.safe_from,
            basis=body.basis,
            affected=affected,
            excluded=excluded,
        )


@router.post("/safe-countries", response_model=DesignationOut, status_code=201, tags=["safe countries"])
def designate(request: Request, body: DesignationIn, creds: Creds, key: IdemKey = None) -> Any:
    """Record a designation and open a review case for each affected holder."""
    with transaction(request) as s:
        actor = api_user(s, creds)
        access.require_role(actor, access.CAN_DESIGNATE, "recording a designation")
        if (r := replay(s, actor, key, "safe-countries", body)) is not None:
            return r
        d, affected, excluded = designations.designate(s, actor, body)
        out = DesignationOut(
            id=d.id,
            country=d.country,
            region=d.region,
            safe_from=d.safe_from,
            basis=d.basis,
            affected=affected,
            excluded=excluded,
        )
        return created(s, actor, key, "safe-countries", body, out)


@router.get("/safe-countries", response_model=list[DesignationOut], tags=["safe countries"])
def designations_list(request: Request, creds: Creds) -> list[DesignationOut]:
    """Recorded designations (without holder lists)."""
    with transaction(request) as s:
        api_user(s, creds)
        rows = s.scalars(select(SafeDesignation).order_by(SafeDesignation.id)).all()
        return [
            DesignationOut(
                id=d.id,
                country=d.country,
                region=d.region,
                safe_from=d.safe_from,
                basis=d.basis,
                affected=[],
                excluded=[],
            )
            for d in rows
        ]


# --- reports -------------------------------------------------------------------------------------
REPORT_COLUMNS = (
    "decision_id",
    "case_reference",
    "case_kind",
    "decision_kind",
    "adverse",
    "decision_date",
    "program",
    "outcome",
    "rulepack",
    "rulepack_hash",
    "reform",
    "support_amount",
    "support_unit",
    "safeguards_met",
)


@router.get(
    "/reports/decisions.csv",
    tags=["reports"],
    response_class=Response,
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "CSV"}},
)
def decisions_report(
    request: Request,
    creds: Creds,
    date_from: Annotated[date, Query(alias="from", ge=date(1900, 1, 1), le=date(2200, 12, 31))] = date(
        1900, 1, 1
    ),
    date_to: Annotated[date, Query(alias="to", ge=date(1900, 1, 1), le=date(2200, 12, 31))] = date(
        2200, 12, 31
    ),
) -> Response:
    """Decisions in a date range as CSV for reporting: no names or facts about people (data minimisation)."""
    import csv
    import io

    with transaction(request) as s:
        actor = api_user(s, creds)
        access.require_role(actor, access.CAN_READ_ALL, "decision reports")
        rows = s.execute(
            select(Decision, Case)
            .join(Case, Case.id == Decision.case_id)
            .where(Decision.decision_date >= date_from, Decision.decision_date <= date_to)
            .order_by(Decision.id)
        ).all()
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(REPORT_COLUMNS)
        for d, c in rows:
            writer.writerow(
                [
                    d.id,
                    c.reference,
                    c.kind,
                    d.kind,
                    d.adverse,
                    d.decision_date.isoformat(),
                    d.program_id or "",
                    d.outcome or "",
                    f"{d.rulepack_id or ''} {d.rulepack_version or ''}".strip(),
                    d.rulepack_hash or "",
                    d.reform_id or "",
                    d.support_amount if d.support_amount is not None else "",
                    d.support_unit or "",
                    " ".join(sorted(str(m.get("safeguard")) for m in d.safeguards or [])),
                ]
            )
        audit.record(
            s,
            actor,
            "report.decisions",
            "report",
            "decisions",
            detail={"from": date_from, "to": date_to, "rows": len(rows)},
        )
    return Response(
        buf.getvalue(),
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="decisions.csv"'},
    )


# --- audit ---------------------------------------------------------------------------------------
@router.get("/audit", response_model=Page[AuditOut], tags=["audit"])
def audit_log(
    request: Request,
    creds: Creds,
    limit: Limit = 50,
    offset: Offset = 0,
    case_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> Page[AuditOut]:
    """The audit log, newest first (auditors and administrators)."""
    with transaction(request) as s:
        actor = api_user(s, creds)
        access.require_role(actor, access.CAN_READ_AUDIT, "reading the audit log")
        q = select(AuditEntry)
        if case_id is not None:
            q = q.where(AuditEntry.case_id == case_id)
        total = s.scalar(q.with_only_columns(func.count())) or 0
        rows = s.scalars(q.order_by(AuditEntry.seq.desc()).limit(limit).offset(offset)).all()
        items = [_model(AuditOut, e) for e in rows]
        audit.record(s, actor, "audit.read", "audit", "*", case_id)
        return Page[AuditOut](items=items, total=total, limit=limit, offset=offset)


@router.get("/audit/verify", response_model=VerifyOut, tags=["audit"])
def audit_verify(request: Request, creds: Creds) -> VerifyOut:
    """Verify the whole audit chain."""
    with transaction(request) as s:
        actor = api_user(s, creds)
        access.require_role(actor, access.CAN_READ_AUDIT, "verifying the audit log")
        v = audit.verify(s)
        return VerifyOut(ok=v.ok, checked=v.checked, bad_seq=v.bad_seq, reason=v.reason)


# --- error handlers ------------------------------------------------------------------------------
def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header"):
        parts = parts[1:] if len(parts) > 1 else parts
    return ".".join(parts)


def _problem(status: int, code: str, message: str, field: str | None = None, **extra: Any) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    if status == 503:
        headers["Retry-After"] = "1"
    if status == 429 and "retry_after" in extra:
        headers["Retry-After"] = str(extra["retry_after"])
    return JSONResponse(
        jsonable_encoder(problem(status, code, message, field, extra)),
        status_code=status,
        headers=headers or None,
        media_type=PROBLEM_JSON,
    )


def install_error_handlers(app: FastAPI) -> None:
    """One error shape for the API: ``application/problem+json`` (RFC 9457) naming the field."""

    @app.exception_handler(CaseworkError)
    async def _casework(_request: Request, exc: CaseworkError) -> JSONResponse:
        return _problem(exc.status, exc.code, exc.message, exc.field, **exc.extra)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        if not request.url.path.startswith("/api/"):  # pages and other parts keep FastAPI's default body
            return await request_validation_exception_handler(request, exc)
        errors = [
            {"field": _field(e.get("loc", ())), "message": _safe(str(e.get("msg", "")))} for e in exc.errors()
        ]
        first = errors[0] if errors else {"field": None, "message": "invalid request"}
        return _problem(
            422, "invalid_input", f"{first['field']}: {first['message']}", first["field"], errors=errors
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if not request.url.path.startswith("/api/"):
            return await http_exception_handler(request, exc)
        code = HTTPStatus(exc.status_code).phrase.lower().replace(" ", "_")
        if isinstance(exc.detail, str):
            response = _problem(exc.status_code, code, exc.detail)
        else:  # a list of {"field", "problem"} (the programme ledger)
            items = exc.detail if isinstance(exc.detail, list) else [exc.detail]
            first = items[0] if items and isinstance(items[0], dict) else {}
            message = str(first.get("problem", HTTPStatus(exc.status_code).phrase))
            response = _problem(exc.status_code, code, message, first.get("field"), errors=items)
        for k, v in (exc.headers or {}).items():
            response.headers[k] = v
        return response

    @app.exception_handler(OperationalError)
    async def _busy(_request: Request, exc: OperationalError) -> JSONResponse:
        return _problem(503, "unavailable", "database busy, retry")


def _safe(text: str) -> str:
    """``text`` without unpaired surrogates (they cannot be encoded in a response)."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")
