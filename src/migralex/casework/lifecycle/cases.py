"""Cases: opening, loading (audited), listing, assignment, assessments and documents."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from migralex.casework import audit
from migralex.casework.access import (
    CAN_WRITE_CASES,
    can_change_case,
    can_read_case,
    require_role,
)
from migralex.casework.errors import Forbidden, InvalidInput, NotFound
from migralex.casework.lifecycle.people import active_status, get_person
from migralex.casework.models import (
    Assessment,
    Case,
    Document,
    Person,
    User,
)
from migralex.casework.schemas import AssessmentIn, CaseIn, DocumentIn
from migralex.i18n import N_, code_term


# --- cases ---------------------------------------------------------------------------------------
def open_case(
    session: Session,
    actor: User | None,
    data: CaseIn,
    *,
    designation_id: int | None = None,
    today: date | None = None,
) -> Case:
    """Open a case. Caseworkers' cases are assigned to themselves; seniors may assign or leave open."""
    if actor is not None:
        roles = (*CAN_WRITE_CASES, "administrator") if designation_id else CAN_WRITE_CASES
        require_role(actor, roles, "opening a case")
        get_person(session, actor, data.person_id)
    elif session.get(Person, data.person_id) is None:
        raise NotFound(N_("no person %(id)s", id=data.person_id), "person_id")
    if data.kind == "family_reunification" and data.sponsor_id is None:
        raise InvalidInput(N_("family reunification needs the sponsor's person id"), "sponsor_id")
    if data.sponsor_id is not None:
        if data.sponsor_id == data.person_id:
            raise InvalidInput(N_("the sponsor must be another person"), "sponsor_id")
        if actor is not None:
            get_person(session, actor, data.sponsor_id, "sponsor_id")
        if active_status(session, data.sponsor_id) is None:
            raise InvalidInput(N_("the sponsor holds no current residence status"), "sponsor_id")
    if (
        data.kind in ("permanent_residence", "extension", "review")
        and active_status(session, data.person_id) is None
    ):
        raise InvalidInput(
            N_(
                "a %(kind)s case needs the person to hold a current status",
                kind=code_term(data.kind),
            ),
            "person_id",
        )
    if data.parent_case_id is not None:
        if actor is not None:  # absent and not-yours get the same answer
            load_case(session, actor, data.parent_case_id, field="parent_case_id")
        elif session.get(Case, data.parent_case_id) is None:
            raise NotFound(N_("no case %(id)s", id=data.parent_case_id), "parent_case_id")
    assigned = data.assigned_to
    if actor is not None and actor.role == "caseworker":
        if assigned not in (None, actor.id):
            raise Forbidden(N_("caseworkers cannot assign cases to others"), "assigned_to")
        assigned = actor.id
    if (assigned is not None and (target := session.get(User, assigned)) is None) or (
        assigned is not None and target is not None and target.role not in CAN_WRITE_CASES
    ):
        raise InvalidInput(N_("user %(id)s is not a caseworker", id=assigned), "assigned_to")
    case = Case(
        reference=f"tmp-{uuid.uuid4().hex[:24]}",
        kind=data.kind,
        person_id=data.person_id,
        sponsor_id=data.sponsor_id,
        parent_case_id=data.parent_case_id,
        designation_id=designation_id,
        status="open",
        assigned_to=assigned,
        opened_on=data.opened_on or today or date.today(),
        summary=data.summary,
    )
    session.add(case)
    session.flush()
    case.reference = f"CW-{case.opened_on.year}-{case.id:06d}"
    audit.record(
        session,
        actor,
        "case.open",
        "case",
        case.id,
        case.id,
        detail={"kind": case.kind, "person_id": case.person_id, "assigned_to": assigned},
    )
    return case


#: A case with its person, in one SELECT (built once): a decision needs both.
_CASE_AND_PERSON = (
    select(Case, Person).join(Person, Person.id == Case.person_id).where(Case.id == bindparam("case_id"))
)


def load_case(
    session: Session,
    actor: User,
    case_id: int,
    *,
    write: bool = False,
    field: str = "case_id",
    with_person: bool = False,
) -> Case:
    """A case ``actor`` may read (or change, with ``write``); every load is audited as a read.

    ``with_person``: the case's person is selected with it and held in the session for the request (as
    ``session.get(Person, case.person_id)`` then finds it without another SELECT).
    """
    if with_person:
        row = session.execute(_CASE_AND_PERSON, {"case_id": case_id}).one_or_none()
        case = None if row is None else row[0]
        if row is not None:
            session.info.setdefault("cw_held", []).append(row[1])
    else:
        case = session.get(Case, case_id)
    if case is None or not can_read_case(actor, case):
        # a caseworker learns nothing about cases that are not theirs
        audit.record(session, actor, "case.read_denied", "case", case_id, None)
        raise NotFound(N_("no case %(id)s", id=case_id), field)
    audit.record(session, actor, "case.read", "case", case.id, case.id)
    if write and not can_change_case(actor, case):
        raise Forbidden(
            N_(
                "%(role)s %(user)s may not change case %(case)s",
                role=code_term(actor.role),
                user=actor.username,
                case=case.reference,
            )
        )
    return case


def list_cases(
    session: Session, actor: User, limit: int, offset: int, status: str | None = None, kind: str | None = None
) -> tuple[list[Case], int]:
    """A page of the cases ``actor`` may read."""
    conds: list[Any] = []
    if actor.role == "caseworker":
        conds.append(Case.assigned_to == actor.id)
    if status:
        conds.append(Case.status == status)
    if kind:
        conds.append(Case.kind == kind)
    total = session.scalar(select(func.count()).select_from(Case).where(*conds)) or 0
    rows = session.scalars(
        select(Case).where(*conds).order_by(Case.id.desc()).limit(limit).offset(offset)
    ).all()
    audit.record(session, actor, "case.list", "case", "*", detail={"offset": offset, "count": len(rows)})
    return list(rows), total


def assign_case(session: Session, actor: User, case: Case, user_id: int) -> Case:
    """Assign a case (senior caseworkers)."""
    require_role(actor, ("senior_caseworker",), "assigning a case")
    target = session.get(User, user_id)
    if target is None or target.role not in CAN_WRITE_CASES:
        raise InvalidInput(N_("user %(id)s is not a caseworker", id=user_id), "assigned_to")
    before = case.assigned_to
    case.assigned_to = user_id
    audit.record(session, actor, "case.assign", "case", case.id, case.id, {"from": before, "to": user_id})
    return case


def record_assessment(
    session: Session, actor: User, case: Case, data: AssessmentIn, today: date | None = None
) -> Assessment:
    """Record a safeguard assessment on a case (append-only)."""
    if data.kind == "non_refoulement" and data.conclusion not in ("no_risk", "risk"):
        raise InvalidInput(N_("a non-refoulement check concludes no_risk or risk"), "conclusion")
    if data.kind != "non_refoulement" and data.conclusion in ("no_risk", "risk"):
        raise InvalidInput(
            N_("a %(kind)s concludes done or considered", kind=code_term(data.kind)),
            "conclusion",
        )
    a = Assessment(
        case_id=case.id,
        kind=data.kind,
        conclusion=data.conclusion,
        reasons=data.reasons,
        recorded_on=_not_future(data.recorded_on, today or date.today()),
        recorded_by=actor.id,
    )
    session.add(a)
    session.flush()
    audit.record(
        session,
        actor,
        "assessment.record",
        "assessment",
        a.id,
        case.id,
        {"kind": a.kind, "conclusion": a.conclusion},
    )
    return a


def _not_future(recorded_on: date | None, today: date) -> date:
    """An assessment is recorded on a past day or today, never ahead of time."""
    if recorded_on is not None and recorded_on > today:
        raise InvalidInput(N_("recorded_on %(on)s is in the future", on=recorded_on), "recorded_on")
    return recorded_on or today


def add_document(session: Session, actor: User, case: Case, data: DocumentIn) -> Document:
    """Record a document's metadata on a case."""
    doc = Document(case_id=case.id, uploaded_by=actor.id, **data.model_dump())
    session.add(doc)
    session.flush()
    audit.record(session, actor, "document.add", "document", doc.id, case.id, {"sha256": doc.sha256})
    return doc
