"""Decisions: the programs they run on, evaluating without a write, deciding, re-running."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from migralex.casework import lifecycle
from migralex.casework.api.convert import decision_out
from migralex.casework.api.deps import (
    Actor,
    Creds,
    DbSession,
    Id,
    IdemKey,
    create_once,
    current_user,
    in_one_trip,
)
from migralex.casework.models import Decision, User
from migralex.casework.schemas import DecisionIn, DecisionOut, EvaluateIn, EvaluateOut, ProgramOut, RerunOut

router = APIRouter(tags=["decisions"])


@router.get(
    "/programs", response_model=list[ProgramOut], tags=["rules"], dependencies=[Depends(current_user)]
)
def programs() -> list[ProgramOut]:
    """Programs decisions can run on, with the JSON Schema of their facts."""
    from migralex.rules.registry import programs as all_programs

    return [
        ProgramOut(
            id=p.id, title=p.title, jurisdiction=p.jurisdiction, status=p.status, facts_schema=p.json_schema()
        )
        for p in all_programs().values()
    ]


@router.post("/cases/{case_id}/evaluate", response_model=EvaluateOut)
def evaluate(case_id: Id, body: EvaluateIn, s: DbSession, actor: Actor) -> EvaluateOut:
    """Run a program on stored facts plus ``facts``: outcome and facts still needed (no write)."""
    c = lifecycle.load_case(s, actor, case_id)
    d, raw = lifecycle.evaluate(s, c, body.program, body.date, body.facts, body.reform)
    return EvaluateOut(
        program=body.program,
        outcome=d.outcome,
        facts=lifecycle.jsonable(raw),
        missing_facts=d.missing_facts,
        result=lifecycle.explanation(d),
    )


@router.post("/cases/{case_id}/decisions", response_model=DecisionOut, status_code=201)
async def add_decision(
    case_id: Id, body: DecisionIn, request: Request, creds: Creds, key: IdemKey = None
) -> Any:
    """Decide: run the program, check safeguards (409 with reasons if blocked), store it exactly.

    One trip to the threadpool: the token, the case, the decision and the commit."""

    def work(s: Session, actor: User) -> Response:
        c = lifecycle.load_case(s, actor, case_id, write=True, with_person=True)
        return create_once(
            s,
            actor,
            key,
            f"cases/{case_id}/decisions",
            body,
            lambda: decision_out(lifecycle.decide(s, actor, c, body)),
        )

    return await in_one_trip(request, creds, work)


@router.get("/cases/{case_id}/decisions", response_model=list[DecisionOut])
def decisions(case_id: Id, s: DbSession, actor: Actor) -> list[DecisionOut]:
    """Decisions on the case."""
    c = lifecycle.load_case(s, actor, case_id)
    rows = s.scalars(select(Decision).where(Decision.case_id == c.id).order_by(Decision.id)).all()
    return [decision_out(d) for d in rows]


@router.get("/decisions/{decision_id}", response_model=DecisionOut)
def decision(decision_id: Id, s: DbSession, actor: Actor) -> DecisionOut:
    """One decision, exactly as made."""
    return decision_out(lifecycle.load_decision(s, actor, decision_id))


@router.get("/decisions/{decision_id}/rerun", response_model=RerunOut)
def rerun(decision_id: Id, s: DbSession, actor: Actor) -> RerunOut:
    """Re-run a decision on today's rule pack and compare (same pack hash -> identical)."""
    return RerunOut(**lifecycle.rerun(s, actor, lifecycle.load_decision(s, actor, decision_id)))
