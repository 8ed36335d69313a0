"""Cases: opening, listing, assignment, assessments, documents, safeguards, timeline, deadlines."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Request
from sqlalchemy import select

from migralex.casework import access, lifecycle, safeguards
from migralex.casework.api.convert import case_out, model
from migralex.casework.api.deps import (
    MAX_ID,
    Actor,
    Creds,
    DbSession,
    Id,
    IdemKey,
    Limit,
    Offset,
    create_in_one_trip,
    create_once,
    in_one_trip,
    needs_role,
)
from migralex.casework.models import Assessment, Deadline, Document, User
from migralex.casework.schemas import (
    AssessmentIn,
    AssessmentOut,
    CaseIn,
    CaseKind,
    CaseOut,
    DeadlineOut,
    DocumentIn,
    DocumentOut,
    Page,
    SafeguardStatus,
    TimelineEntry,
)

router = APIRouter(tags=["cases"])


@router.post("/cases", response_model=CaseOut, status_code=201)
async def add_case(body: CaseIn, request: Request, creds: Creds, key: IdemKey = None) -> Any:
    """Open a case (caseworkers' cases are assigned to themselves)."""
    return await create_in_one_trip(
        request,
        creds,
        access.CAN_WRITE_CASES,
        "opening a case",
        key,
        "cases",
        body,
        lambda s, actor: case_out(lifecycle.open_case(s, actor, body)),
    )


@router.get("/cases", response_model=Page[CaseOut])
def cases(
    s: DbSession,
    actor: Actor,
    limit: Limit = 50,
    offset: Offset = 0,
    status: Annotated[str | None, Query(pattern="^(open|decided|closed)$")] = None,
    kind: CaseKind | None = None,
) -> Page[CaseOut]:
    """Cases the user may read, newest first."""
    rows, total = lifecycle.list_cases(s, actor, limit, offset, status, kind)
    return Page[CaseOut](items=[case_out(c) for c in rows], total=total, limit=limit, offset=offset)


@router.get("/cases/{case_id}", response_model=CaseOut)
async def case(case_id: Id, request: Request, creds: Creds) -> CaseOut:
    """One case (the read is audited); one trip to the threadpool."""
    return await in_one_trip(
        request, creds, lambda s, actor: case_out(lifecycle.load_case(s, actor, case_id))
    )


@router.post("/cases/{case_id}/assign", response_model=CaseOut)
def assign(
    case_id: Id,
    s: DbSession,
    actor: Annotated[User, Depends(needs_role(("senior_caseworker",), "assigning a case"))],
    user_id: Annotated[int, Body(embed=True, ge=1, le=MAX_ID)],
) -> CaseOut:
    """Assign the case to a caseworker (senior caseworkers)."""
    c = lifecycle.load_case(s, actor, case_id, write=True)
    return case_out(lifecycle.assign_case(s, actor, c, user_id))


@router.post(
    "/cases/{case_id}/assessments", response_model=AssessmentOut, status_code=201, tags=["safeguards"]
)
def add_assessment(case_id: Id, body: AssessmentIn, s: DbSession, actor: Actor, key: IdemKey = None) -> Any:
    """Record a safeguard assessment (individual, non-refoulement, best interests, vulnerability)."""
    c = lifecycle.load_case(s, actor, case_id, write=True)
    return create_once(
        s,
        actor,
        key,
        f"cases/{case_id}/assessments",
        body,
        lambda: model(AssessmentOut, lifecycle.record_assessment(s, actor, c, body)),
    )


@router.get("/cases/{case_id}/assessments", response_model=list[AssessmentOut], tags=["safeguards"])
def assessments(case_id: Id, s: DbSession, actor: Actor) -> list[AssessmentOut]:
    """Recorded assessments on the case."""
    c = lifecycle.load_case(s, actor, case_id)
    rows = s.scalars(select(Assessment).where(Assessment.case_id == c.id).order_by(Assessment.id)).all()
    return [model(AssessmentOut, a) for a in rows]


@router.post("/cases/{case_id}/documents", response_model=DocumentOut, status_code=201)
def add_document(case_id: Id, body: DocumentIn, s: DbSession, actor: Actor, key: IdemKey = None) -> Any:
    """Record a document's metadata."""
    c = lifecycle.load_case(s, actor, case_id, write=True)
    return create_once(
        s,
        actor,
        key,
        f"cases/{case_id}/documents",
        body,
        lambda: model(DocumentOut, lifecycle.add_document(s, actor, c, body)),
    )


@router.get("/cases/{case_id}/documents", response_model=list[DocumentOut])
def documents(case_id: Id, s: DbSession, actor: Actor) -> list[DocumentOut]:
    """Documents on file."""
    c = lifecycle.load_case(s, actor, case_id)
    rows = s.scalars(select(Document).where(Document.case_id == c.id).order_by(Document.id)).all()
    return [model(DocumentOut, d) for d in rows]


@router.get("/cases/{case_id}/safeguards", response_model=list[SafeguardStatus], tags=["safeguards"])
def case_safeguards(case_id: Id, s: DbSession, actor: Actor, on: date | None = None) -> list[SafeguardStatus]:
    """For each decision possible on the case: the safeguards it needs, which are met, and what blocks it."""
    c = lifecycle.load_case(s, actor, case_id)
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


@router.get("/cases/{case_id}/timeline", response_model=list[TimelineEntry])
def case_timeline(case_id: Id, s: DbSession, actor: Actor) -> list[TimelineEntry]:
    """Everything that happened on the case, oldest first."""
    c = lifecycle.load_case(s, actor, case_id)
    return [TimelineEntry(on=e["on"], what=e["what"], decision_id=e["ref"]) for e in lifecycle.timeline(s, c)]


@router.get("/cases/{case_id}/deadlines", response_model=list[DeadlineOut])
def deadlines(case_id: Id, s: DbSession, actor: Actor) -> list[DeadlineOut]:
    """Deadlines on the case, with how each was computed."""
    c = lifecycle.load_case(s, actor, case_id)
    rows = s.scalars(select(Deadline).where(Deadline.case_id == c.id).order_by(Deadline.due_on)).all()
    return [model(DeadlineOut, d) for d in rows]
