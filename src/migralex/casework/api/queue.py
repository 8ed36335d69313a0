"""The work queue and the opening of due reviews."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Body

from migralex.casework import lifecycle
from migralex.casework.api.convert import case_out
from migralex.casework.api.deps import Actor, DbSession, Limit, Offset
from migralex.casework.schemas import CaseOut, Page, QueueItem

router = APIRouter(tags=["queue"])


@router.get("/queue", response_model=Page[QueueItem])
def work_queue(
    s: DbSession, actor: Actor, on: date | None = None, limit: Limit = 50, offset: Offset = 0
) -> Page[QueueItem]:
    """The work queue: deadlines soonest first, then open cases."""
    items, total = lifecycle.queue(s, actor, on or date.today(), limit, offset)
    return Page[QueueItem](items=[QueueItem(**i) for i in items], total=total, limit=limit, offset=offset)


@router.post("/reviews/open-due", response_model=list[CaseOut])
def open_due(
    s: DbSession,
    actor: Actor,
    on: Annotated[date, Body(embed=True, ge=date(1900, 1, 1), le=date(2200, 12, 31))],
) -> list[CaseOut]:
    """Open review cases for every status whose review date is on or before ``on`` (senior caseworkers)."""
    return [case_out(c) for c in lifecycle.open_due_reviews(s, actor, on)]
