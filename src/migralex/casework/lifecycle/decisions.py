"""Deciding a case: run the program, check the safeguards, store the decision exactly, apply it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from migralex.casework import audit, safeguards
from migralex.casework.access import (
    CAN_WRITE_CASES,
    require_role,
)
from migralex.casework.errors import InvalidInput, NotFound, SafeguardBlocked
from migralex.casework.lifecycle.cases import load_case
from migralex.casework.lifecycle.effects import apply_effect
from migralex.casework.lifecycle.evaluation import evaluate
from migralex.casework.lifecycle.kinds import (
    DECISION_KINDS,
    explanation,
    jsonable,
)
from migralex.casework.lifecycle.people import CurrentStatuses
from migralex.casework.messages import out_of_force
from migralex.casework.models import (
    Case,
    Decision,
    Person,
    User,
)
from migralex.casework.schemas import DecisionIn
from migralex.engine import ConditionTag
from migralex.engine import Decision as EngineDecision
from migralex.i18n import N_, code_term, term


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


# --- decisions -----------------------------------------------------------------------------------
def decide(session: Session, actor: User, case: Case, data: DecisionIn) -> Decision:
    """Make a decision on ``case``: run the program, check safeguards, store it exactly, apply its effect."""
    require_role(actor, CAN_WRITE_CASES, "deciding a case")
    kind = DECISION_KINDS[data.kind]
    if case.kind not in kind.case_kinds:
        raise InvalidInput(
            N_(
                "a %(decision)s decision cannot be made on a %(case)s case (allowed on: %(allowed)s)",
                decision=code_term(kind.id),
                case=code_term(case.kind),
                allowed=[code_term(k) for k in kind.case_kinds],
            ),
            "kind",
        )
    if case.status != "open":
        raise InvalidInput(
            N_("case %(case)s is %(status)s, not open", case=case.reference, status=term(case.status)),
            "case_id",
        )
    # held for the whole decision: the evaluation, the safeguards and their check for children read the
    # case's person from the session's identity map (weak: a row no one holds is selected again)
    session.info.setdefault("cw_held", []).append(session.get(Person, case.person_id))
    # the person's current statuses: read once, for the facts (the status held) and to end them (a grant)
    current = CurrentStatuses(session, case.person_id)
    result: dict[str, Any] | None = None
    engine_decision: EngineDecision | None = None
    raw_facts: dict[str, Any] = {}
    if data.program:
        engine_decision, raw_facts = evaluate(
            session, case, data.program, data.decision_date, data.facts, data.reform, current
        )
        result = explanation(engine_decision)
        if engine_decision.out_of_force is not None:
            raise InvalidInput(
                N_(
                    "%(program)s is %(why)s on %(on)s",
                    program=data.program,
                    why=out_of_force(engine_decision.out_of_force),
                    on=data.decision_date,
                ),
                "decision_date",
                {"not_in_force": engine_decision.out_of_force.as_dict()},
            )
        if engine_decision.outcome == "unknown":
            raise InvalidInput(
                N_("the rules cannot decide yet: facts missing"),
                "facts",
                {"missing_facts": engine_decision.missing_facts},
            )
        expects = kind.expects
        if expects and engine_decision.program.meta.vocabulary.positive_is_adverse:
            expects = "ineligible" if expects == "eligible" else "eligible"
        if expects and engine_decision.outcome != expects:
            raise InvalidInput(
                N_(
                    "%(program)s gives %(outcome)s; a %(decision)s decision needs %(expects)s",
                    program=data.program,
                    outcome=term(engine_decision.outcome),
                    decision=code_term(kind.id),
                    expects=term(expects),
                ),
                "kind",
            )
    elif data.facts:
        raise InvalidInput(N_("facts given without a program to read them"), "program")
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
            N_("%(reasons)s", reasons=[b.reason for b in blocks]),
            "kind",
            {"blocks": [b.as_dict() for b in blocks]},
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
    apply_effect(session, actor, case, kind, d, data, current)
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


def load_decision(session: Session, actor: User, decision_id: int) -> Decision:
    """A decision on a case ``actor`` may read."""
    d = session.get(Decision, decision_id)
    if d is None:
        raise NotFound(N_("no decision %(id)s", id=decision_id), "decision_id")
    load_case(session, actor, d.case_id, field="decision_id")
    return d
