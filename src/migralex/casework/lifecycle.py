"""People, cases, decisions, statuses, deadlines and the work queue.

The lifecycle, generic over program ids (any program of any rule pack can back a decision)::

    asylum_claim --grant--> status (permit end from the program's ``permit_years`` output, review date)
                 --refusal--> return case
    review/extension --extension--> new status row (``extension_years`` output)
                     --revocation--> return case
    return --voluntary_return (support amount from a money output) | departure_centre | tolerated_stay
    family_reunification (tied to the sponsor's status) | permanent_residence (tied to one's own status)

Every decision stores the program, facts, date, ``Decision.to_json()``, the rule pack id/version/hash
and any reform, so it can be re-run (:func:`rerun`). Adverse decisions pass :mod:`.safeguards` first.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from migralex.casework import audit, safeguards
from migralex.casework.access import (
    CAN_WRITE_CASES,
    can_change_case,
    can_read_case,
    may_read_health,
    require_role,
)
from migralex.casework.errors import Conflict, Forbidden, InvalidInput, NotFound, SafeguardBlocked
from migralex.casework.models import (
    Assessment,
    Case,
    Deadline,
    Decision,
    Document,
    DuplicateFlag,
    FamilyLink,
    Person,
    ResidenceStatus,
    SafeDesignation,
    User,
)
from migralex.casework.schemas import AssessmentIn, CaseIn, DecisionIn, DocumentIn, FamilyLinkIn, PersonIn
from migralex.engine import ConditionTag, MigralexError, Program, Reform, assess
from migralex.engine import Decision as EngineDecision
from migralex.engine.dates import add_months as engine_add_months
from migralex.engine.errors import FactError

#: Administrative settings (not law): review opens this many days before a permit ends;
#: tolerated stay is reviewed this often.
REVIEW_LEAD_DAYS = 90
TOLERATED_STAY_REVIEW_MONTHS = 6
PROTECTION_STATUSES = frozenset(
    {"refugee_convention", "protection_status", "temporary_protection", "quota_refugee", "protection"}
)


@dataclass(frozen=True)
class DecisionKind:
    """What a decision kind may be made on, what it does and which safeguards it needs."""

    id: str
    label: str
    case_kinds: tuple[str, ...]
    adverse: bool
    expects: str | None  # outcome a program must give (for a normal-polarity program)
    effect: str  # grant | extend | end_status | tolerated | none
    is_return: bool = False
    needs_individual: bool = False
    final: bool = True
    next_case: str | None = None


DECISION_KINDS: dict[str, DecisionKind] = {
    k.id: k
    for k in (
        DecisionKind(
            "grant",
            "Grant",
            ("asylum_claim", "family_reunification", "permanent_residence"),
            False,
            "eligible",
            "grant",
        ),
        DecisionKind(
            "refusal",
            "Refusal",
            ("asylum_claim", "family_reunification", "permanent_residence", "extension"),
            True,
            "ineligible",
            "none",
        ),
        DecisionKind(
            "extension", "Extension of the permit", ("review", "extension"), False, "eligible", "extend"
        ),
        DecisionKind(
            "revocation",
            "Revocation / non-extension",
            ("review", "extension"),
            True,
            "ineligible",
            "end_status",
            needs_individual=True,
            next_case="return",
        ),
        DecisionKind(
            "separate_accommodation",
            "Separate accommodation of a couple",
            ("asylum_claim",),
            True,
            None,
            "none",
            needs_individual=True,
            final=False,
        ),
        DecisionKind(
            "expulsion",
            "Expulsion",
            ("expulsion",),
            True,
            None,
            "end_status",
            is_return=True,
            needs_individual=True,
            next_case="return",
        ),
        DecisionKind(
            "voluntary_return",
            "Voluntary return with support",
            ("return",),
            False,
            None,
            "none",
            is_return=True,
        ),
        DecisionKind(
            "enforced_return",
            "Enforced return",
            ("return",),
            True,
            None,
            "none",
            is_return=True,
            needs_individual=True,
        ),
        DecisionKind(
            "departure_centre",
            "Placement in a departure centre",
            ("return",),
            True,
            None,
            "none",
            is_return=True,
            needs_individual=True,
            final=False,
        ),
        DecisionKind(
            "tolerated_stay",
            "Tolerated stay (tålt ophold)",
            ("return", "expulsion"),
            False,
            None,
            "tolerated",
        ),
    )
}
DEFAULT_STATUS = {
    "asylum_claim": "protection",
    "family_reunification": "family_reunification",
    "permanent_residence": "permanent_resident",
}


# --- small helpers -------------------------------------------------------------------------------
def add_years(d: date, years: int) -> date:
    """``d`` plus whole years; 29 February rounds down to 28 February (the engine's date arithmetic)."""
    return engine_add_months(d, 12 * years, "round_down")


def add_months(d: date, months: int) -> date:
    """``d`` plus whole months, rounding down to the month's last day (the engine's date arithmetic)."""
    return engine_add_months(d, months, "round_down")


def jsonable(data: Any) -> Any:
    """``data`` as plain JSON types (Decimals and dates as strings), as stored."""
    return json.loads(json.dumps(data, default=str))


def find_program(program_id: str) -> Program:
    """A registered program, or :class:`InvalidInput` naming ``program``."""
    from migralex.rules.registry import get_program

    try:
        return get_program(program_id)
    except MigralexError as exc:
        raise InvalidInput(str(exc), "program") from None


def _reform(reform_id: str | None, program: Program) -> Reform | None:
    if not reform_id:
        return None
    from migralex.rules.registry import get_reform

    try:
        reform = get_reform(reform_id)
    except MigralexError as exc:
        raise InvalidInput(str(exc), "reform") from None
    if not reform.applies_to(program):
        raise InvalidInput(f"reform {reform_id} does not apply to {program.id}", "reform")
    return reform


# --- people --------------------------------------------------------------------------------------
def _name_key(name: str) -> str:
    return " ".join(name.casefold().split())


def possible_duplicates(session: Session, data: PersonIn) -> list[int]:
    """Ids of people on file with the same name (ignoring case and spacing), birth date and nationality."""
    if data.birth_date is None:
        return []
    rows = session.execute(
        select(Person.id, Person.full_name).where(
            Person.birth_date == data.birth_date, Person.nationality == data.nationality
        )
    ).all()
    key = _name_key(data.full_name)
    return [pid for pid, name in rows if _name_key(name) == key]


def create_person(session: Session, actor: User, data: PersonIn) -> Person:
    """Record a person at intake (with vulnerability flags); a likely duplicate needs ``allow_duplicate``.

    Only matches the recorder may see are named (409); a match they may not see is never revealed: the
    person is recorded and the match goes to the senior caseworkers' queue (:class:`DuplicateFlag`).
    """
    require_role(actor, CAN_WRITE_CASES, "recording a person")
    dupes = possible_duplicates(session, data)
    visible = (
        set(session.scalars(select(Person.id).where(Person.id.in_(dupes), _people_visible(actor))).all())
        if dupes
        else set()
    )
    if visible and not data.allow_duplicate:
        shown = sorted(visible)
        raise Conflict(
            "a person with the same name, birth date and nationality is on file (person "
            f"{', '.join(map(str, shown))}); open a case for them, or send allow_duplicate if this is "
            "someone else",
            "full_name",
            {"possible_duplicates": shown},
        )
    person = Person(
        full_name=data.full_name,
        birth_date=data.birth_date,
        nationality=data.nationality,
        home_region=data.home_region,
        vulnerabilities=sorted(set(data.vulnerabilities)),
        vulnerability_notes=data.vulnerability_notes,
        created_by=actor.id,
    )
    session.add(person)
    session.flush()
    if hidden := [d for d in dupes if d not in visible]:
        session.add(DuplicateFlag(person_id=person.id, matches=hidden, raised_by=actor.id))
    # special-category data (GDPR art. 9) is referenced, not copied, into the permanent audit log
    audit.record(
        session,
        actor,
        "person.create",
        "person",
        person.id,
        detail={"vulnerabilities": len(person.vulnerabilities), "notes": bool(data.vulnerability_notes)},
    )
    return person


def _people_visible(actor: User) -> Any:
    """SQL condition: persons ``actor`` may see."""
    if actor.role != "caseworker":
        return True
    own_cases = select(Case.person_id).where(Case.assigned_to == actor.id)
    own_sponsors = select(Case.sponsor_id).where(Case.assigned_to == actor.id)
    return or_(Person.created_by == actor.id, Person.id.in_(own_cases), Person.id.in_(own_sponsors))


def get_person(session: Session, actor: User, person_id: int, field: str = "person_id") -> Person:
    """A person ``actor`` may see (audited), else :class:`NotFound`."""
    person = session.scalar(select(Person).where(Person.id == person_id, _people_visible(actor)))
    if person is None:
        raise NotFound(f"no person {person_id}", field)
    audit.record(session, actor, "person.read", "person", person.id)
    return person


def list_people(session: Session, actor: User, limit: int, offset: int) -> tuple[list[Person], int]:
    """A page of the people ``actor`` may see."""
    cond = _people_visible(actor)
    total = session.scalar(select(func.count()).select_from(Person).where(cond)) or 0
    rows = session.scalars(select(Person).where(cond).order_by(Person.id).limit(limit).offset(offset)).all()
    audit.record(session, actor, "person.list", "person", "*", detail={"offset": offset, "count": len(rows)})
    return list(rows), total


def add_family_link(session: Session, actor: User, person: Person, data: FamilyLinkIn) -> FamilyLink:
    """Link ``person`` to a relative (both must be visible to ``actor``)."""
    require_role(actor, CAN_WRITE_CASES, "recording a family link")
    if data.relative_id == person.id:
        raise InvalidInput("a person cannot be their own relative", "relative_id")
    get_person(session, actor, data.relative_id, "relative_id")
    exists = session.scalar(
        select(FamilyLink).where(
            FamilyLink.person_id == person.id,
            FamilyLink.relative_id == data.relative_id,
            FamilyLink.relation == data.relation,
        )
    )
    if exists is not None:
        return exists
    link = FamilyLink(person_id=person.id, relative_id=data.relative_id, relation=data.relation)
    session.add(link)
    session.flush()
    audit.record(
        session,
        actor,
        "family_link.create",
        "person",
        person.id,
        detail={"relative_id": data.relative_id, "relation": data.relation},
    )
    return link


def family_of(session: Session, person_id: int) -> list[tuple[str, Person]]:
    """``(relation, relative)`` pairs in both directions."""
    inverse = {"child": "parent", "parent": "child"}
    out: list[tuple[str, Person]] = []
    for link in session.scalars(
        select(FamilyLink).where(or_(FamilyLink.person_id == person_id, FamilyLink.relative_id == person_id))
    ).all():
        if link.person_id == person_id:
            other, relation = link.relative_id, link.relation
        else:
            other, relation = link.person_id, inverse.get(link.relation, link.relation)
        p = session.get(Person, other)
        if p is not None:
            out.append((relation, p))
    return out


def active_status(session: Session, person_id: int, on: date | None = None) -> ResidenceStatus | None:
    """The person's current status (not ended), newest first."""
    q = select(ResidenceStatus).where(
        ResidenceStatus.person_id == person_id, ResidenceStatus.ended_on.is_(None)
    )
    if on is not None:
        q = q.where(ResidenceStatus.valid_from <= on)
    return session.scalars(q.order_by(ResidenceStatus.id.desc())).first()


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
        raise NotFound(f"no person {data.person_id}", "person_id")
    if data.kind == "family_reunification" and data.sponsor_id is None:
        raise InvalidInput("family reunification needs the sponsor's person id", "sponsor_id")
    if data.sponsor_id is not None:
        if data.sponsor_id == data.person_id:
            raise InvalidInput("the sponsor must be another person", "sponsor_id")
        if actor is not None:
            get_person(session, actor, data.sponsor_id, "sponsor_id")
        if active_status(session, data.sponsor_id) is None:
            raise InvalidInput("the sponsor holds no current residence status", "sponsor_id")
    if (
        data.kind in ("permanent_residence", "extension", "review")
        and active_status(session, data.person_id) is None
    ):
        raise InvalidInput(f"a {data.kind} case needs the person to hold a current status", "person_id")
    if data.parent_case_id is not None:
        if actor is not None:  # absent and not-yours get the same answer
            load_case(session, actor, data.parent_case_id, field="parent_case_id")
        elif session.get(Case, data.parent_case_id) is None:
            raise NotFound(f"no case {data.parent_case_id}", "parent_case_id")
    assigned = data.assigned_to
    if actor is not None and actor.role == "caseworker":
        if assigned not in (None, actor.id):
            raise Forbidden("caseworkers cannot assign cases to others", "assigned_to")
        assigned = actor.id
    if (assigned is not None and (target := session.get(User, assigned)) is None) or (
        assigned is not None and target is not None and target.role not in CAN_WRITE_CASES
    ):
        raise InvalidInput(f"user {assigned} is not a caseworker", "assigned_to")
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


def load_case(
    session: Session, actor: User, case_id: int, *, write: bool = False, field: str = "case_id"
) -> Case:
    """A case ``actor`` may read (or change, with ``write``); every load is audited as a read."""
    case = session.get(Case, case_id)
    if case is None or not can_read_case(actor, case):
        # a caseworker learns nothing about cases that are not theirs
        audit.record(session, actor, "case.read_denied", "case", case_id, None)
        raise NotFound(f"no case {case_id}", field)
    audit.record(session, actor, "case.read", "case", case.id, case.id)
    if write and not can_change_case(actor, case):
        raise Forbidden(f"{actor.role} {actor.username} may not change case {case.reference}")
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
        raise InvalidInput(f"user {user_id} is not a caseworker", "assigned_to")
    before = case.assigned_to
    case.assigned_to = user_id
    audit.record(session, actor, "case.assign", "case", case.id, case.id, {"from": before, "to": user_id})
    return case


def record_assessment(
    session: Session, actor: User, case: Case, data: AssessmentIn, today: date | None = None
) -> Assessment:
    """Record a safeguard assessment on a case (append-only)."""
    if data.kind == "non_refoulement" and data.conclusion not in ("no_risk", "risk"):
        raise InvalidInput("a non-refoulement check concludes no_risk or risk", "conclusion")
    if data.kind != "non_refoulement" and data.conclusion in ("no_risk", "risk"):
        raise InvalidInput(f"a {data.kind} concludes done or considered", "conclusion")
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
        raise InvalidInput(f"recorded_on {recorded_on} is in the future", "recorded_on")
    return recorded_on or today


def add_document(session: Session, actor: User, case: Case, data: DocumentIn) -> Document:
    """Record a document's metadata on a case."""
    doc = Document(case_id=case.id, uploaded_by=actor.id, **data.model_dump())
    session.add(doc)
    session.flush()
    audit.record(session, actor, "document.add", "document", doc.id, case.id, {"sha256": doc.sha256})
    return doc


# --- facts and evaluation -----------------------------------------------------------------------
def _designated_safe(session: Session, person: Person, on: date) -> bool:
    q = select(SafeDesignation).where(
        SafeDesignation.country == person.nationality, SafeDesignation.safe_from <= on
    )
    return any(d.region is None or d.region == person.home_region for d in session.scalars(q).all())


def prefill(session: Session, case: Case, program: Program, on: date) -> dict[str, Any]:
    """Facts the database already knows for ``program`` on ``case`` (raw JSON values)."""
    specs = program.fact_specs()
    person = session.get(Person, case.person_id)
    assert person is not None  # noqa: S101 -- narrows a type for mypy
    known: dict[str, Any] = {}
    if person.birth_date:
        known["applicant.birth_date"] = known["person.birth_date"] = person.birth_date.isoformat()
    own = active_status(session, person.id)
    if own is not None:
        known["person.residence_status"] = own.status_code
        known["applicant.residence_status"] = own.status_code
    known["person.home_region_declared_safe"] = _designated_safe(session, person, on)
    if case.sponsor_id is not None:
        sponsor = session.get(Person, case.sponsor_id)
        status = active_status(session, case.sponsor_id)
        if sponsor is not None and sponsor.birth_date:
            known["sponsor.birth_date"] = sponsor.birth_date.isoformat()
        if status is not None:
            known["sponsor.residence_status"] = status.status_code
            if status.status_code in PROTECTION_STATUSES:
                known["sponsor.protection_granted_on"] = status.valid_from.isoformat()
            if status.status_code == "permanent_resident":
                known["sponsor.permanent_residence_since"] = status.valid_from.isoformat()
    out: dict[str, Any] = {}
    for fid, value in known.items():
        spec = specs.get(fid)
        if spec is None:
            continue
        if spec.codes and value not in spec.codes:
            continue
        out[fid] = value
    return out


def evaluate(
    session: Session,
    case: Case,
    program_id: str,
    on: date,
    entered: dict[str, Any],
    reform_id: str | None = None,
) -> tuple[EngineDecision, dict[str, Any]]:
    """Run ``program_id`` on the case's stored facts overlaid with ``entered`` (entered ones win)."""
    program = find_program(program_id)
    reform = _reform(reform_id, program)
    raw = {**prefill(session, case, program, on), **entered}
    try:
        facts = program.parse_facts(raw, reform)
    except FactError as exc:
        raise InvalidInput(str(exc), f"facts.{exc.field}") from None
    except MigralexError as exc:
        raise InvalidInput(str(exc), "facts") from None
    try:
        return assess(program, facts, on, reform), raw
    except MigralexError as exc:
        raise InvalidInput(str(exc), "facts") from None


def _age_limit_failures(decision: EngineDecision) -> list[str]:
    """Conditions tagged ``age_limit`` that are false in the decision (from the program's tags)."""
    results = decision.all_results()
    return [r.node.id for r in results if r.value is False and ConditionTag.AGE_LIMIT in r.node.tags]


def _money_output(decision: EngineDecision) -> tuple[Decimal | None, str | None]:
    """The support amount: the program's first declared money output, with its currency.

    ``None`` when the program declares no money output, or the rules cannot give the amount (e.g. an
    unverified parameter): the decision records that no amount was computed.
    """
    money = decision.program.meta.money
    if not money:
        return None, None
    result = decision.outputs.get(money[0].name)
    value = None if result is None else result.value
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return None, money[0].currency
    return Decimal(value), money[0].currency


def _output(result: dict[str, Any] | None, name: str) -> Any:
    if not result:
        return None
    out = (result.get("outputs") or {}).get(name)
    return None if out is None else out.get("value")


# --- decisions -----------------------------------------------------------------------------------
def decide(session: Session, actor: User, case: Case, data: DecisionIn) -> Decision:
    """Make a decision on ``case``: run the program, check safeguards, store it exactly, apply its effect."""
    require_role(actor, CAN_WRITE_CASES, "deciding a case")
    kind = DECISION_KINDS[data.kind]
    if case.kind not in kind.case_kinds:
        raise InvalidInput(
            f"a {kind.id} decision cannot be made on a {case.kind} case "
            f"(allowed on: {', '.join(kind.case_kinds)})",
            "kind",
        )
    if case.status != "open":
        raise InvalidInput(f"case {case.reference} is {case.status}, not open", "case_id")
    result: dict[str, Any] | None = None
    engine_decision: EngineDecision | None = None
    raw_facts: dict[str, Any] = {}
    if data.program:
        engine_decision, raw_facts = evaluate(
            session, case, data.program, data.decision_date, data.facts, data.reform
        )
        result = jsonable(engine_decision.to_json())
        if engine_decision.out_of_force is not None:
            raise InvalidInput(
                f"{data.program} is {engine_decision.out_of_force.message()} on {data.decision_date}",
                "decision_date",
                {"not_in_force": engine_decision.out_of_force.as_dict()},
            )
        if engine_decision.outcome == "unknown":
            raise InvalidInput(
                "the rules cannot decide yet: facts missing",
                "facts",
                {"missing_facts": engine_decision.missing_facts},
            )
        expects = kind.expects
        if expects and engine_decision.program.meta.vocabulary.positive_is_adverse:
            expects = "ineligible" if expects == "eligible" else "eligible"
        if expects and engine_decision.outcome != expects:
            raise InvalidInput(
                f"{data.program} gives {engine_decision.outcome}; a {kind.id} decision needs {expects}",
                "kind",
            )
    elif data.facts:
        raise InvalidInput("facts given without a program to read them", "program")
    age_refusal = bool(kind.id == "refusal" and engine_decision and _age_limit_failures(engine_decision))
    reqs = safeguards.requirements(
        session,
        case,
        kind.id,
        kind.adverse,
        data.decision_date,
        is_return=kind.is_return,
        needs_individual=kind.needs_individual,
        separates_family=data.separates_family,
        age_limit_refusal=age_refusal,
    )
    blocks, met = safeguards.check(session, case, reqs, on=data.decision_date)
    if blocks:
        audit.record(
            session,
            actor,
            "decision.blocked",
            "case",
            case.id,
            case.id,
            {"kind": kind.id, "blocks": [b.safeguard for b in blocks]},
        )
        raise SafeguardBlocked(
            "; ".join(b.reason for b in blocks), "kind", {"blocks": [b.as_dict() for b in blocks]}
        )
    pays = engine_decision is not None and kind.id == "voluntary_return"
    support, unit = _money_output(engine_decision) if pays and engine_decision else (None, None)
    pack = (result or {}).get("rulepack") or {}
    reform = (result or {}).get("reform") or {}
    d = Decision(
        case_id=case.id,
        kind=kind.id,
        adverse=kind.adverse or data.separates_family,
        decision_date=data.decision_date,
        program_id=data.program,
        facts=jsonable(raw_facts),
        outcome=engine_decision.outcome if engine_decision else None,
        result=result,
        rulepack_id=pack.get("id"),
        rulepack_version=pack.get("version"),
        rulepack_hash=pack.get("hash"),
        reform_id=reform.get("id"),
        reform_hash=reform.get("hash"),
        support_amount=support,
        support_unit=unit,
        safeguards=met,
        reasons=data.reasons,
        decided_by=actor.id,
    )
    session.add(d)
    session.flush()
    _apply(session, actor, case, kind, d, data)
    if kind.final:
        case.status = "decided"
    audit.record(
        session,
        actor,
        "decision.create",
        "decision",
        d.id,
        case.id,
        {"kind": d.kind, "outcome": d.outcome, "program": d.program_id, "rulepack_hash": d.rulepack_hash},
    )
    return d


#: Ground of protection implied by a status code (see :func:`_ground`).
STATUS_GROUNDS = {
    "refugee_convention": "personal_persecution",
    "protection_status": "individual_risk",
    "temporary_protection": "generalised_violence",
}


def _ground(data: DecisionIn, case: Case, status_code: str) -> str | None:
    """What the protection rests on: entered, family for family reunification, or implied by the status
    the program granted (its ``status`` output); otherwise not recorded."""
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
                label=f"Review of {status.status_code} status (permit ends "
                f"{status.valid_until.isoformat() if status.valid_until else 'never'})",
                source=source,
            )
        )


def _end_statuses(session: Session, person_id: int, on: date, decision: Decision) -> list[ResidenceStatus]:
    ended = []
    for s in session.scalars(
        select(ResidenceStatus).where(
            ResidenceStatus.person_id == person_id, ResidenceStatus.ended_on.is_(None)
        )
    ).all():
        s.ended_on = on
        s.ended_by_decision_id = decision.id
        ended.append(s)
    for dl in session.scalars(
        select(Deadline)
        .join(Case, Case.id == Deadline.case_id)
        .where(Case.person_id == person_id, Deadline.done_on.is_(None), Deadline.kind == "review")
    ).all():
        dl.done_on = on
    return ended


def _apply(
    session: Session, actor: User, case: Case, kind: DecisionKind, d: Decision, data: DecisionIn
) -> None:
    on = data.decision_date
    if kind.effect == "grant":
        code = (
            data.status_code
            or _output(d.result, "status_code")
            or _output(d.result, "status")
            or DEFAULT_STATUS[case.kind]
        )
        until, source = data.permit_until, "entered by the caseworker"
        years = _output(d.result, "permit_years")
        if until is None and isinstance(years, int) and years > 0:
            until = add_years(on, years)
            source = (
                f"{d.program_id} output permit_years = {years} (rule pack {d.rulepack_id} {d.rulepack_hash})"
            )
        sponsor_status = active_status(session, case.sponsor_id) if case.sponsor_id else None
        if until is None and sponsor_status is not None and sponsor_status.valid_until is not None:
            until, source = sponsor_status.valid_until, f"tied to the sponsor's status {sponsor_status.id}"
        if code == "permanent_resident":
            until, source = None, "permanent residence does not expire"
        _end_statuses(session, case.person_id, on, d)
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
            f"permit end: {source}; review {REVIEW_LEAD_DAYS} days before (administrative setting)",
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
    elif kind.effect == "extend":
        current = active_status(session, case.person_id)
        if current is None:
            raise InvalidInput("the person holds no current status to extend", "kind")
        years = data.extension_years
        source = "entered by the caseworker"
        if years is None:
            held = (on - current.valid_from).days >= 3 * 365
            granting = session.get(Decision, current.decision_id)
            for res in (d.result, granting.result if granting else None):
                value = _output(res, "later_extension_years" if held else "extension_years")
                if isinstance(value, int) and value > 0:
                    years, source = (
                        value,
                        f"program output {'later_' if held else ''}extension_years = {value}",
                    )
                    break
        if years is None:
            raise InvalidInput(
                "no extension length: the rule pack gives none, enter extension_years", "extension_years"
            )
        start = max(current.valid_until or on, on)
        _end_statuses(session, case.person_id, on, d)
        until = add_years(start, years)
        status = ResidenceStatus(
            person_id=case.person_id,
            case_id=case.id,
            decision_id=d.id,
            status_code=current.status_code,
            ground=current.ground,
            sponsor_id=current.sponsor_id,
            valid_from=on,
            valid_until=until,
            review_on=until - timedelta(days=REVIEW_LEAD_DAYS),
        )
        session.add(status)
        session.flush()
        _add_review(session, case, status, f"extended {years} years from {start.isoformat()} ({source})")
        audit.record(session, actor, "status.extend", "status", status.id, case.id, {"valid_until": until})
    elif kind.effect == "end_status":
        for s in _end_statuses(session, case.person_id, on, d):
            audit.record(session, actor, "status.end", "status", s.id, case.id, {"by_decision": d.id})
        _dependants_to_review(session, actor, case, on)
    elif kind.effect == "tolerated":
        _end_statuses(session, case.person_id, on, d)
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
                label="Review of tolerated stay",
                source=f"every {TOLERATED_STAY_REVIEW_MONTHS} months (administrative setting)",
            )
        )
        audit.record(session, actor, "status.tolerated_stay", "status", status.id, case.id)
    if kind.next_case or (kind.id == "refusal" and case.kind == "asylum_claim"):
        nxt = open_case(
            session,
            None,
            CaseIn(
                kind="return",
                person_id=case.person_id,
                parent_case_id=case.id,
                summary=f"Follows {kind.label.lower()} in {case.reference}",
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
                summary=f"Sponsor's status ended by {case.reference}: individual "
                "review of the family member's permit",
                opened_on=on,
                assigned_to=case.assigned_to,
            ),
        )
        audit.record(session, actor, "case.follow_up", "case", rc.id, rc.id, {"sponsor_case": case.id})


def _flatten(result: dict[str, Any] | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """Condition results by node id, and parameter values by key, from a stored ``Decision.to_json()``."""
    conditions: dict[str, Any] = {}
    parameters: dict[str, Any] = {}

    def walk(node: dict[str, Any]) -> None:
        if "id" in node:
            conditions[str(node["id"])] = node.get("result")
        for key, value in (node.get("parameters") or {}).items():
            if isinstance(value, dict):
                parameters[key] = {k: value.get(k) for k in ("value", "status", "from", "until")}
        for child in node.get("children") or []:
            if isinstance(child, dict):
                walk(child)

    for root in (result or {}).get("conditions") or []:
        walk(root)
    for output in ((result or {}).get("outputs") or {}).values():
        if isinstance(output, dict) and isinstance(output.get("explanation"), dict):
            walk(output["explanation"])
    return conditions, parameters


def explanation_changes(stored: dict[str, Any] | None, current: dict[str, Any]) -> dict[str, Any]:
    """Which conditions and parameter values differ between a stored explanation and today's."""
    old_c, old_p = _flatten(stored)
    new_c, new_p = _flatten(current)

    def diff(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            {
                "id": key,
                "stored": old.get(key),
                "current": new.get(key),
                "only_in": ("stored" if key not in new else "current" if key not in old else None),
            }
            for key in sorted(set(old) | set(new))
            if old.get(key) != new.get(key) or (key in old) != (key in new)
        ]

    return {"conditions_changed": diff(old_c, new_c), "parameters_changed": diff(old_p, new_p)}


def rerun(session: Session, actor: User, decision: Decision) -> dict[str, Any]:
    """Re-run a stored decision on today's rule pack; the same pack hash must give an identical result.

    Facts stored under an older fact schema first pass through the pack's upgraders
    (:mod:`migralex.rules.upgrades`); the answer lists the upgrades applied and, beside same/different,
    which conditions and parameter values changed between the stored explanation and today's.
    """
    from migralex.rules.upgrades import upgrade_facts

    audit.record(session, actor, "decision.rerun", "decision", decision.id, decision.case_id)
    if not decision.program_id:
        return {
            "decision_id": decision.id,
            "stored_rulepack_hash": None,
            "current_rulepack_hash": None,
            "same_pack": True,
            "identical": True,
            "stored_outcome": None,
            "current_outcome": None,
            "facts_upgraded": [],
            "not_in_force": None,
            "conditions_changed": [],
            "parameters_changed": [],
        }
    program = find_program(decision.program_id)
    reform = _reform(decision.reform_id, program)
    raw, steps = upgrade_facts(decision.program_id, decision.rulepack_version, decision.facts)
    try:
        facts = program.parse_facts(raw, reform)
    except FactError as exc:
        raise Conflict(
            f"decision {decision.id}: stored facts do not fit today's rules after upgrading: {exc}",
            f"facts.{exc.field}",
        ) from None
    current = jsonable(assess(program, facts, decision.decision_date, reform).to_json())
    now_hash = (current.get("rulepack") or {}).get("hash")
    return {
        "decision_id": decision.id,
        "stored_rulepack_hash": decision.rulepack_hash,
        "current_rulepack_hash": now_hash,
        "same_pack": now_hash == decision.rulepack_hash,
        "identical": current == decision.result,
        "stored_outcome": decision.outcome,
        "current_outcome": current.get("outcome"),
        "facts_upgraded": [f"{s.pack} {s.version}: {s.summary}" for s in steps],
        "not_in_force": current.get("not_in_force"),
        **explanation_changes(decision.result, current),
    }


def load_decision(session: Session, actor: User, decision_id: int) -> Decision:
    """A decision on a case ``actor`` may read."""
    d = session.get(Decision, decision_id)
    if d is None:
        raise NotFound(f"no decision {decision_id}", "decision_id")
    load_case(session, actor, d.case_id, field="decision_id")
    return d


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
                        summary=f"Review due {s.review_on}: {s.status_code} until {s.valid_until}",
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
            _queue_item(case, person, dl.due_on, dl.label + (" (overdue)" if dl.due_on < on else ""))
        )
        seen.add(case.id)
    for case, person in session.execute(
        select(Case, Person)
        .join(Person, Person.id == Case.person_id)
        .where(Case.status == "open", *conds)
        .order_by(Case.opened_on)
    ).all():
        if case.id not in seen:
            task = "Unassigned: " if case.assigned_to is None else ""
            items.append(_queue_item(case, person, None, f"{task}{case.kind.replace('_', ' ')} to decide"))
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
    ev: list[dict[str, Any]] = [{"on": case.opened_on, "what": f"Case opened ({case.kind})", "ref": None}]
    for a in session.scalars(select(Assessment).where(Assessment.case_id == case.id)).all():
        ev.append(
            {"on": a.recorded_on, "what": f"Safeguard recorded: {a.kind} ({a.conclusion})", "ref": None}
        )
    for d in session.scalars(select(Decision).where(Decision.case_id == case.id)).all():
        ev.append(
            {
                "on": d.decision_date,
                "what": f"Decision: {d.kind}" + (f" ({d.outcome})" if d.outcome else ""),
                "ref": d.id,
            }
        )
    for doc in session.scalars(select(Document).where(Document.case_id == case.id)).all():
        ev.append({"on": doc.received_on, "what": f"Document received: {doc.title}", "ref": None})
    for dl in session.scalars(select(Deadline).where(Deadline.case_id == case.id)).all():
        ev.append(
            {
                "on": dl.due_on,
                "what": f"Deadline: {dl.label}" + (" (done)" if dl.done_on else ""),
                "ref": None,
            }
        )
    return sorted(ev, key=lambda e: e["on"])
