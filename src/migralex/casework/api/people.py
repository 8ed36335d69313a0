"""People: intake, statuses held, family links, and possible duplicate intakes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from sqlalchemy import select

from migralex.casework import access, audit, lifecycle
from migralex.casework.api.convert import model, person_out
from migralex.casework.api.deps import (
    Actor,
    Creds,
    DbSession,
    Id,
    IdemKey,
    Limit,
    Offset,
    create_in_one_trip,
    create_once,
    needs_role,
)
from migralex.casework.errors import NotFound
from migralex.casework.models import DuplicateFlag, FamilyLink, ResidenceStatus, User
from migralex.casework.schemas import (
    DuplicateOut,
    FamilyLinkIn,
    FamilyLinkOut,
    Page,
    PersonIn,
    PersonOut,
    StatusOut,
)

router = APIRouter(tags=["people"])

Checker = Annotated[User, Depends(needs_role(("senior_caseworker",), "checking possible duplicates"))]


@router.post("/people", response_model=PersonOut, status_code=201)
async def add_person(body: PersonIn, request: Request, creds: Creds, key: IdemKey = None) -> Any:
    """Record a person at intake, with vulnerability flags."""
    return await create_in_one_trip(
        request,
        creds,
        access.CAN_WRITE_CASES,
        "recording a person",
        key,
        "people",
        body,
        lambda s, actor: person_out(lifecycle.create_person(s, actor, body), actor),
    )


@router.get("/people", response_model=Page[PersonOut])
def people(s: DbSession, actor: Actor, limit: Limit = 50, offset: Offset = 0) -> Page[PersonOut]:
    """People the user may see (caseworkers: those on their cases or recorded by them)."""
    rows, total = lifecycle.list_people(s, actor, limit, offset)
    return Page[PersonOut](
        items=[person_out(p, actor) for p in rows], total=total, limit=limit, offset=offset
    )


@router.get("/people/{person_id}", response_model=PersonOut)
def person(person_id: Id, s: DbSession, actor: Actor) -> PersonOut:
    """One person."""
    return person_out(lifecycle.get_person(s, actor, person_id), actor)


@router.get("/people/{person_id}/statuses", response_model=list[StatusOut])
def statuses(person_id: Id, s: DbSession, actor: Actor) -> list[StatusOut]:
    """Every residence status the person holds or held, oldest first."""
    p = lifecycle.get_person(s, actor, person_id)
    rows = s.scalars(
        select(ResidenceStatus).where(ResidenceStatus.person_id == p.id).order_by(ResidenceStatus.id)
    ).all()
    return [model(StatusOut, r) for r in rows]


@router.post("/people/{person_id}/family-links", response_model=FamilyLinkOut, status_code=201)
def add_link(
    person_id: Id,
    body: FamilyLinkIn,
    s: DbSession,
    actor: Annotated[User, Depends(needs_role(access.CAN_WRITE_CASES, "recording a family link"))],
    key: IdemKey = None,
) -> Any:
    """Link the person to a relative."""
    return create_once(
        s,
        actor,
        key,
        f"people/{person_id}/family-links",
        body,
        lambda: model(
            FamilyLinkOut,
            lifecycle.add_family_link(s, actor, lifecycle.get_person(s, actor, person_id), body),
        ),
    )


@router.get("/people/{person_id}/family-links", response_model=list[FamilyLinkOut])
def links(person_id: Id, s: DbSession, actor: Actor) -> list[FamilyLinkOut]:
    """The person's family links (both directions)."""
    p = lifecycle.get_person(s, actor, person_id)
    rows = s.scalars(
        select(FamilyLink)
        .where((FamilyLink.person_id == p.id) | (FamilyLink.relative_id == p.id))
        .order_by(FamilyLink.id)
    ).all()
    return [model(FamilyLinkOut, r) for r in rows]


@router.get("/duplicates", response_model=list[DuplicateOut])
def duplicates(s: DbSession, _senior: Checker) -> list[DuplicateOut]:
    """Open duplicate-intake flags: intakes that matched people their recorder may not see (seniors)."""
    rows = s.scalars(
        select(DuplicateFlag).where(DuplicateFlag.resolved_at.is_(None)).order_by(DuplicateFlag.id)
    ).all()
    return [model(DuplicateOut, r) for r in rows]


@router.post("/duplicates/{flag_id}/resolve", response_model=DuplicateOut)
def resolve_duplicate(flag_id: Id, s: DbSession, actor: Checker) -> DuplicateOut:
    """Mark a duplicate flag as checked (senior caseworkers)."""
    flag = s.get(DuplicateFlag, flag_id)
    if flag is None:
        raise NotFound("no such flag", "flag_id")
    flag.resolved_by, flag.resolved_at = actor.id, datetime.now(UTC)
    audit.record(s, actor, "duplicate.resolve", "person", flag.person_id)
    return model(DuplicateOut, flag)
