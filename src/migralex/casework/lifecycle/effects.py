"""What a decision does: grant or extend a status, end it (revocation, expulsion), tolerated stay,
and the follow-up cases (return; review of family members whose status rests on the sponsor)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from migralex.casework import audit
from migralex.casework.errors import InvalidInput
from migralex.casework.lifecycle.cases import open_case
from migralex.casework.lifecycle.evaluation import find_program
from migralex.casework.lifecycle.kinds import (
    DEFAULT_STATUS,
    REVIEW_LEAD_DAYS,
    TOLERATED_STAY_REVIEW_MONTHS,
    DecisionKind,
    add_months,
    add_years,
)
from migralex.casework.lifecycle.people import CurrentStatuses, active_status
from migralex.casework.messages import (
    FOLLOWS,
    REVIEW_DEADLINE,
    REVIEW_DEADLINE_OPEN_ENDED,
    SOURCE_ENTERED,
    SOURCE_EXTENDED,
    SOURCE_OUTPUT,
    SOURCE_PERMANENT,
    SOURCE_PERMIT_YEARS,
    SOURCE_REVIEW_BEFORE,
    SOURCE_SPONSOR,
    SOURCE_TOLERATED,
    SPONSOR_ENDED,
    TOLERATED_STAY_REVIEW,
)
from migralex.casework.models import (
    Case,
    Deadline,
    Decision,
    ResidenceStatus,
    User,
)
from migralex.casework.schemas import CaseIn, DecisionIn
from migralex.i18n import N_, term


def _output(result: dict[str, Any] | None, name: str) -> Any:
    if not result:
        return None
    out = (result.get("outputs") or {}).get(name)
    return None if out is None else out.get("value")


def _granted_status(d: Decision) -> str | None:
    """The status code the decision's program grants: the value of the output its metadata declares
    (:attr:`~migralex.engine.meta.ProgramMeta.status_output`), never an output guessed by its name."""
    if not d.program_id:
        return None
    name = find_program(d.program_id).meta.status_output
    value = _output(d.result, name) if name else None
    return value if isinstance(value, str) and value else None


#: Ground of protection implied by a status code (see :func:`_ground`).
STATUS_GROUNDS = {
    "refugee_convention": "personal_persecution",
    "protection_status": "individual_risk",
    "temporary_protection": "generalised_violence",
}


def _ground(data: DecisionIn, case: Case, status_code: str) -> str | None:
    """What the protection rests on: entered, family for family reunification, or implied by the status
    the program granted (its declared status output); otherwise not recorded."""
    if data.ground:
        return data.ground
    if case.kind == "family_reunification":
        return "family"
    return STATUS_GROUNDS.get(status_code)


def _add_review(session: Session, case: Case, status: ResidenceStatus, source: str) -> None:
    if status.review_on is not None:
        session.add(
            Deadline(
                case_id=case.id,
                kind="review",
                due_on=status.review_on,
                label=N_(REVIEW_DEADLINE, status=status.status_code, until=status.valid_until.isoformat())
                if status.valid_until
                else N_(REVIEW_DEADLINE_OPEN_ENDED, status=status.status_code),
                source=source,
            )
        )


#: Open review deadlines on any case of a person (built once: every grant, extension and ending closes them).
_OPEN_REVIEWS = (
    select(Deadline)
    .join(Case, Case.id == Deadline.case_id)
    .where(Case.person_id == bindparam("person_id"), Deadline.done_on.is_(None), Deadline.kind == "review")
)


def _end_statuses(
    session: Session, current: CurrentStatuses, on: date, decision: Decision
) -> list[ResidenceStatus]:
    """End the person's current statuses and close the review deadlines on their cases."""
    ended = []
    for s in current.rows():
        s.ended_on = on
        s.ended_by_decision_id = decision.id
        ended.append(s)
    current.forget()
    for dl in session.scalars(_OPEN_REVIEWS, {"person_id": current.person_id}).all():
        dl.done_on = on
    return ended


def grant_status(
    session: Session, actor: User, case: Case, d: Decision, data: DecisionIn, current: CurrentStatuses
) -> None:
    """A grant: a new status (code, permit end, review date); earlier statuses end."""
    on = data.decision_date
    code = data.status_code or _granted_status(d) or DEFAULT_STATUS[case.kind]
    until, source = data.permit_until, SOURCE_ENTERED
    years = _output(d.result, "permit_years")
    if until is None and isinstance(years, int) and years > 0:
        until = add_years(on, years)
        source = N_(
            SOURCE_PERMIT_YEARS, program=d.program_id, years=years, pack=d.rulepack_id, hash=d.rulepack_hash
        )
    sponsor_status = active_status(session, case.sponsor_id) if case.sponsor_id else None
    if until is None and sponsor_status is not None and sponsor_status.valid_until is not None:
        until, source = sponsor_status.valid_until, N_(SOURCE_SPONSOR, status=sponsor_status.id)
    if code == "permanent_resident":
        until, source = None, SOURCE_PERMANENT
    _end_statuses(session, current, on, d)
    status = ResidenceStatus(
        person_id=case.person_id,
        case_id=case.id,
        decision_id=d.id,
        status_code=str(code),
        ground=_ground(data, case, str(code)),
        sponsor_id=case.sponsor_id,
        valid_from=on,
        valid_until=until,
        review_on=until - timedelta(days=REVIEW_LEAD_DAYS) if until else None,
    )
    session.add(status)
    session.flush()
    _add_review(
        session,
        case,
        status,
        N_(SOURCE_REVIEW_BEFORE, source=source, days=REVIEW_LEAD_DAYS),
    )
    audit.record(
        session,
        actor,
        "status.grant",
        "status",
        status.id,
        case.id,
        {"status": status.status_code, "valid_until": until, "ground": status.ground},
    )


def extend_status(
    session: Session, actor: User, case: Case, d: Decision, data: DecisionIn, current: CurrentStatuses
) -> None:
    """An extension: the current status continues for the years the rules (or the caseworker) give."""
    on = data.decision_date
    extended = current.latest()
    if extended is None:
        raise InvalidInput(N_("the person holds no current status to extend"), "kind")
    years = data.extension_years
    source: str = SOURCE_ENTERED
    if years is None:
        held = (on - extended.valid_from).days >= 3 * 365
        granting = session.get(Decision, extended.decision_id)
        output = "later_extension_years" if held else "extension_years"
        for res in (d.result, granting.result if granting else None):
            value = _output(res, output)
            if isinstance(value, int) and value > 0:
                years, source = value, N_(SOURCE_OUTPUT, output=output, value=value)
                break
    if years is None:
        raise InvalidInput(
            N_("no extension length: the rule pack gives none, enter extension_years"), "extension_years"
        )
    start = max(extended.valid_until or on, on)
    _end_statuses(session, current, on, d)
    until = add_years(start, years)
    status = ResidenceStatus(
        person_id=case.person_id,
        case_id=case.id,
        decision_id=d.id,
        status_code=extended.status_code,
        ground=extended.ground,
        sponsor_id=extended.sponsor_id,
        valid_from=on,
        valid_until=until,
        review_on=until - timedelta(days=REVIEW_LEAD_DAYS),
    )
    session.add(status)
    session.flush()
    _add_review(
        session, case, status, N_(SOURCE_EXTENDED, years=years, start=start.isoformat(), source=source)
    )
    audit.record(session, actor, "status.extend", "status", status.id, case.id, {"valid_until": until})


def end_status(
    session: Session, actor: User, case: Case, d: Decision, data: DecisionIn, current: CurrentStatuses
) -> None:
    """Revocation or expulsion: every current status ends; family members' statuses go to review."""
    on = data.decision_date
    for s in _end_statuses(session, current, on, d):
        audit.record(session, actor, "status.end", "status", s.id, case.id, {"by_decision": d.id})
    _dependants_to_review(session, actor, case, on)


def tolerate_stay(
    session: Session, actor: User, case: Case, d: Decision, data: DecisionIn, current: CurrentStatuses
) -> None:
    """Tolerated stay: current statuses end; the stay is reviewed every few months."""
    on = data.decision_date
    _end_statuses(session, current, on, d)
    review = add_months(on, TOLERATED_STAY_REVIEW_MONTHS)
    status = ResidenceStatus(
        person_id=case.person_id,
        case_id=case.id,
        decision_id=d.id,
        status_code="tolerated_stay",
        ground=None,
        valid_from=on,
        valid_until=None,
        review_on=review,
    )
    session.add(status)
    session.flush()
    session.add(
        Deadline(
            case_id=case.id,
            kind="review",
            due_on=review,
            label=TOLERATED_STAY_REVIEW,
            source=N_(SOURCE_TOLERATED, months=TOLERATED_STAY_REVIEW_MONTHS),
        )
    )
    audit.record(session, actor, "status.tolerated_stay", "status", status.id, case.id)


EFFECTS = {
    "grant": grant_status,
    "extend": extend_status,
    "end_status": end_status,
    "tolerated": tolerate_stay,
}


def apply_effect(
    session: Session,
    actor: User,
    case: Case,
    kind: DecisionKind,
    d: Decision,
    data: DecisionIn,
    current: CurrentStatuses | None = None,
) -> None:
    """Apply what a decision of ``kind`` does, then open the return case that follows it, if any;
    ``current``: the person's current statuses, when the caller holds them (else selected here)."""
    if (effect := EFFECTS.get(kind.effect)) is not None:
        effect(session, actor, case, d, data, current or CurrentStatuses(session, case.person_id))
    if kind.next_case or (kind.id == "refusal" and case.kind == "asylum_claim"):
        _follow_up(session, actor, case, kind, data.decision_date)


def _follow_up(session: Session, actor: User, case: Case, kind: DecisionKind, on: date) -> None:
    """The return case that follows an adverse decision."""
    nxt = open_case(
        session,
        None,
        CaseIn(
            kind="return",
            person_id=case.person_id,
            parent_case_id=case.id,
            summary=N_(FOLLOWS, decision=term(kind.label.lower()), case=case.reference),
            assigned_to=case.assigned_to,
            opened_on=on,
        ),
    )
    audit.record(session, actor, "case.follow_up", "case", nxt.id, nxt.id, {"after": case.id})


def _dependants_to_review(session: Session, actor: User, case: Case, on: date) -> None:
    """Statuses granted through this person as sponsor are reviewed (never ended automatically)."""
    for s in session.scalars(
        select(ResidenceStatus).where(
            ResidenceStatus.sponsor_id == case.person_id, ResidenceStatus.ended_on.is_(None)
        )
    ).all():
        rc = open_case(
            session,
            None,
            CaseIn(
                kind="review",
                person_id=s.person_id,
                parent_case_id=case.id,
                summary=N_(SPONSOR_ENDED, case=case.reference),
                opened_on=on,
                assigned_to=case.assigned_to,
            ),
        )
        audit.record(session, actor, "case.follow_up", "case", rc.id, rc.id, {"sponsor_case": case.id})
