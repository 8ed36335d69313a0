"""Reviews coming due, the work queue, and a case's timeline."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from migralex.casework import audit
from migralex.casework.access import (
    may_read_health,
    require_role,
)
from migralex.casework.lifecycle.cases import open_case
from migralex.casework.messages import REVIEW_DUE, read_back
from migralex.casework.models import (
    Assessment,
    Case,
    Deadline,
    Decision,
    Document,
    Person,
    ResidenceStatus,
    User,
)
from migralex.casework.schemas import CaseIn
from migralex.i18n import N_, code_term


# --- reviews, deadlines, queue ------------------------------------------------------------------
def open_due_reviews(session: Session, actor: User, on: date) -> list[Case]:
    """Open a review case for every current status whose review date has come (one per person)."""
    require_role(actor, ("senior_caseworker",), "opening due reviews")
    opened: list[Case] = []
    for s in session.scalars(
        select(ResidenceStatus).where(ResidenceStatus.ended_on.is_(None), ResidenceStatus.review_on <= on)
    ).all():
        busy = session.scalar(
            select(Case.id).where(
                Case.person_id == s.person_id, Case.status == "open", Case.kind.in_(("review", "extension"))
            )
        )
        if busy is None:
            granting = session.get(Case, s.case_id)
            opened.append(
                open_case(
                    session,
                    None,
                    CaseIn(
                        kind="review",
                        person_id=s.person_id,
                        parent_case_id=s.case_id,
                        opened_on=on,
                        assigned_to=granting.assigned_to if granting else None,
                        summary=N_(
                            REVIEW_DUE,
                            on=s.review_on,
                            status=s.status_code,
                            until=s.valid_until,
                        ),
                    ),
                )
            )
    audit.record(session, actor, "review.open_due", "case", "*", detail={"opened": [c.id for c in opened]})
    return opened


def queue(
    session: Session, actor: User, on: date, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """The work queue: open deadlines (soonest first), then open cases without one."""
    conds: list[Any] = []
    if actor.role == "caseworker":
        conds.append(Case.assigned_to == actor.id)
    items: list[dict[str, Any]] = []
    dls = session.execute(
        select(Deadline, Case, Person)
        .join(Case, Case.id == Deadline.case_id)
        .join(Person, Person.id == Case.person_id)
        .where(Deadline.done_on.is_(None), *conds)
        .order_by(Deadline.due_on)
    ).all()
    seen: set[int] = set()
    for dl, case, person in dls:
        items.append(
            _queue_item(
                case,
                person,
                dl.due_on,
                N_("%(task)s (overdue)", task=read_back(dl.label)) if dl.due_on < on else read_back(dl.label),
            )
        )
        seen.add(case.id)
    for case, person in session.execute(
        select(Case, Person)
        .join(Person, Person.id == Case.person_id)
        .where(Case.status == "open", *conds)
        .order_by(Case.opened_on)
    ).all():
        if case.id not in seen:
            kind = code_term(case.kind)
            task = (
                N_("Unassigned: %(kind)s to decide", kind=kind)
                if case.assigned_to is None
                else N_("%(kind)s to decide", kind=kind)
            )
            items.append(_queue_item(case, person, None, task))
    audit.record(session, actor, "queue.read", "queue", "*", detail={"count": len(items)})
    page = items[offset : offset + limit]
    if not may_read_health(actor):  # health data: the caseworkers on the case and their supervisors
        page = [{**i, "vulnerabilities": []} for i in page]
    return page, len(items)


def _queue_item(case: Case, person: Person, due: date | None, task: str) -> dict[str, Any]:
    return {
        "case_id": case.id,
        "reference": case.reference,
        "kind": case.kind,
        "person": person.full_name,
        "vulnerabilities": list(person.vulnerabilities or []),
        "assigned_to": case.assigned_to,
        "due_on": due,
        "task": task,
    }


def timeline(session: Session, case: Case) -> list[dict[str, Any]]:
    """Everything that happened on the case, oldest first."""
    ev: list[dict[str, Any]] = [
        {"on": case.opened_on, "what": N_("Case opened (%(kind)s)", kind=case.kind), "ref": None}
    ]
    for a in session.scalars(select(Assessment).where(Assessment.case_id == case.id)).all():
        ev.append(
            {
                "on": a.recorded_on,
                "what": N_(
                    "Safeguard recorded: %(kind)s (%(conclusion)s)", kind=a.kind, conclusion=a.conclusion
                ),
                "ref": None,
            }
        )
    for d in session.scalars(select(Decision).where(Decision.case_id == case.id)).all():
        ev.append(
            {
                "on": d.decision_date,
                "what": N_("Decision: %(kind)s (%(outcome)s)", kind=d.kind, outcome=d.outcome)
                if d.outcome
                else N_("Decision: %(kind)s", kind=d.kind),
                "ref": d.id,
            }
        )
    for doc in session.scalars(select(Document).where(Document.case_id == case.id)).all():
        ev.append(
            {"on": doc.received_on, "what": N_("Document received: %(title)s", title=doc.title), "ref": None}
        )
    for dl in session.scalars(select(Deadline).where(Deadline.case_id == case.id)).all():
        ev.append(
            {
                "on": dl.due_on,
                "what": N_("Deadline: %(label)s (done)", label=read_back(dl.label))
                if dl.done_on
                else N_("Deadline: %(label)s", label=read_back(dl.label)),
                "ref": None,
            }
        )
    return sorted(ev, key=lambda e: e["on"])
