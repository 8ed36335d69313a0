"""API shapes of stored rows."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

from migralex.casework import access
from migralex.casework.models import Case, Decision, Person, User
from migralex.casework.schemas import CaseOut, DecisionOut, PersonOut

M = TypeVar("M", bound=BaseModel)


def model(shape: type[M], row: Any) -> M:
    """``row`` (an ORM object) in the API shape ``shape``."""
    return shape.model_validate(row, from_attributes=True)


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
