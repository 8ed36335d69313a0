"""Read side of casework: what the pages (and the API, if it likes) show, without raw queries elsewhere.

Every function takes an open session and returns ORM rows or plain data; none writes, except where the
audit log records a read (done by the services it calls, never here).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from migralex.casework import access, lifecycle, safeguards
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

if TYPE_CHECKING:
    from migralex.engine import Program
    from migralex.rules.applicants import Relation


@dataclass(frozen=True)
class Requirement:
    """For one decision kind that fits the case: the safeguards it needs and what blocks it today."""

    kind: lifecycle.DecisionKind
    reqs: list[Any]
    blocks: list[Any]
    have: dict[str, Assessment]


@dataclass(frozen=True)
class CaseOverview:
    """Everything the case page shows about one case, read in one transaction."""

    case: Case
    person: Person
    sponsor: Person | None
    family: list[tuple[str, Person]]
    statuses: list[ResidenceStatus]
    timeline: list[dict[str, Any]]
    decisions: list[Decision]
    assessments: list[Assessment]
    documents: list[Document]
    deadlines: list[Deadline]
    requirements: list[Requirement]
    minors: list[Person]
    can_change: bool
    programs: list[Program]


def person(session: Session, person_id: int) -> Person | None:
    """A person by id (callers have already checked access to the case naming them)."""
    return session.get(Person, person_id)


def case_of(session: Session, decision: Decision) -> Case:
    """The case a decision was made on (callers have already checked access to the decision)."""
    case = session.get(Case, decision.case_id)
    if case is None:  # a decision always names its case (foreign key)
        raise LookupError(f"decision {decision.id} names no case")
    return case


def statuses_of(session: Session, person_id: int) -> list[ResidenceStatus]:
    """A person's residence statuses, oldest first."""
    rows = session.scalars(
        select(ResidenceStatus).where(ResidenceStatus.person_id == person_id).order_by(ResidenceStatus.id)
    )
    return list(rows)


def statuses_from(session: Session, decision_id: int) -> list[ResidenceStatus]:
    """The residence statuses a decision granted."""
    return list(session.scalars(select(ResidenceStatus).where(ResidenceStatus.decision_id == decision_id)))


def requirements(session: Session, case: Case, on: date) -> list[Requirement]:
    """For each decision kind that fits the case: the safeguards it needs, whether they are met."""
    have = safeguards.recorded(session, case)
    out = []
    for kind in lifecycle.DECISION_KINDS.values():
        if case.kind not in kind.case_kinds:
            continue
        reqs = safeguards.requirements(
            session,
            case,
            kind.id,
            kind.adverse,
            on,
            is_return=kind.is_return,
            needs_individual=kind.needs_individual,
        )
        blocks, _ = safeguards.check(session, case, reqs, on=on)
        out.append(Requirement(kind, list(reqs), list(blocks), have))
    return out


def case_relation(session: Session, case: Case, today: date) -> Relation | None:
    """The applicant's relation to the sponsor: a recorded family link, else an adult is a partner and a
    minor a child (from the birth date recorded at intake); None without a sponsor or a birth date."""
    from migralex.rules.applicants import Relation  # the rule packs load on first use, as in lifecycle

    if case.sponsor_id is None:
        return None
    for relation, relative in lifecycle.family_of(session, case.person_id):
        if relative.id == case.sponsor_id and relation in tuple(Relation):
            return Relation(relation)
    applicant = session.get(Person, case.person_id)
    if applicant is None or applicant.birth_date is None:
        return None
    minor = safeguards.age_on(applicant.birth_date, today) < 18
    return Relation.CHILD if minor else Relation.SPOUSE


def programs_for(session: Session, case: Case, today: date | None = None) -> list[Program]:
    """The programs that decide this case's kind (the rule packs say which), the one fitting the
    applicant's relation to the sponsor first."""
    from migralex.rules.applicants import programs_for_case
    from migralex.rules.registry import programs

    relation = case_relation(session, case, today or date.today())
    return programs_for_case(list(programs().values()), case.kind, relation)


def case_overview(session: Session, user: User, case: Case, today: date) -> CaseOverview:
    """The case page's content (``case`` already loaded, with access checked, by ``lifecycle.load_case``)."""
    owner = session.get(Person, case.person_id)
    if owner is None:  # a case always names a person (foreign key)
        raise LookupError(f"case {case.id} names no person")
    return CaseOverview(
        case=case,
        person=owner,
        sponsor=session.get(Person, case.sponsor_id) if case.sponsor_id else None,
        family=lifecycle.family_of(session, case.person_id),
        statuses=statuses_of(session, case.person_id),
        timeline=lifecycle.timeline(session, case),
        decisions=list(
            session.scalars(select(Decision).where(Decision.case_id == case.id).order_by(Decision.id))
        ),
        assessments=list(
            session.scalars(select(Assessment).where(Assessment.case_id == case.id).order_by(Assessment.id))
        ),
        documents=list(
            session.scalars(select(Document).where(Document.case_id == case.id).order_by(Document.id))
        ),
        deadlines=list(
            session.scalars(select(Deadline).where(Deadline.case_id == case.id).order_by(Deadline.due_on))
        ),
        requirements=requirements(session, case, today),
        minors=safeguards.children_touched(session, case, today),
        can_change=access.can_change_case(user, case),
        programs=programs_for(session, case, today),
    )


def designations(session: Session) -> list[SafeDesignation]:
    """Every recorded safe-country designation, newest first."""
    return list(session.scalars(select(SafeDesignation).order_by(SafeDesignation.id.desc())))


def audit_entries(session: Session, limit: int, offset: int) -> list[AuditEntry]:
    """A page of the audit log, newest first."""
    rows = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit).offset(offset))
    return list(rows)


def audit_head(session: Session) -> tuple[int, str] | None:
    """The sequence number and hash of the newest audit entry (None on an empty log)."""
    head = session.get(AuditHead, 1)
    return (head.seq, head.hash) if head else None
