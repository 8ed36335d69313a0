"""Consultations: a proposed programme adjustment put to every donor (no-objection procedure).

Whether an adjustment is *major* is decided by each donor agreement's own thresholds
(``major_adjustment_percent`` of the programme's total budget, ``major_adjustment_amount``
in the base currency). A major adjustment cannot be approved until every donor of the
programme has answered, and not while any donor objects.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from migralex.programmes.common import (
    audit,
    check_amount,
    check_currency,
    check_date_in_programme,
    convert,
    fmt_money,
    get_donor_agreement,
    utcnow,
)
from migralex.programmes.errors import Collector, NotFoundError, ProgrammeError, Refused
from migralex.programmes.models import (
    Consultation,
    ConsultationResponse,
    DonorAgreement,
    Programme,
    ProgrammeDecision,
)

KINDS = (
    "budget_reallocation",
    "scope_change",
    "geographic_change",
    "new_partner",
    "extension",
    "contribution_adjustment",
    "other",
)
ANSWERS = ("no_objection", "objection")


def _pct(value: Decimal) -> str:
    """``Decimal("10.00")`` -> ``"10"``; ``Decimal("13.30")`` -> ``"13.3"`` (same on every backend)."""
    return format(value.normalize(), "f")


def share_of_budget(programme: Programme, base_amount: Decimal) -> Decimal | None:
    """``base_amount`` as a percentage of the programme's total budget (2 decimals), if known."""
    if not programme.total_budget:
        return None
    return (base_amount * 100 / programme.total_budget).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def major_reasons(programme: Programme, base_amount: Decimal) -> list[str]:
    """Which agreements' thresholds an adjustment of ``base_amount`` reaches (empty: not major)."""
    share = share_of_budget(programme, base_amount)
    reasons: list[str] = []
    for agr in programme.donor_agreements:
        if (
            agr.major_adjustment_percent is not None
            and share is not None
            and share >= agr.major_adjustment_percent
        ):
            reasons.append(
                f"{_pct(share)}% of the total budget reaches the "
                f"{_pct(agr.major_adjustment_percent)}% threshold of {agr.ref}"
            )
        if agr.major_adjustment_amount is not None and base_amount >= agr.major_adjustment_amount:
            reasons.append(
                f"{fmt_money(base_amount, programme.base_currency)} reaches the "
                f"{fmt_money(agr.major_adjustment_amount, programme.base_currency)} threshold of {agr.ref}"
            )
    return reasons


def open_consultation(
    session: Session,
    programme: Programme,
    *,
    kind: str,
    subject: str,
    amount: Decimal | str,
    currency: str,
    opened_on: date,
    answer_by: date | None = None,
    actor: str = "system",
) -> Consultation:
    """Open a consultation on an adjustment of ``amount``; decides whether it is major."""
    c = Collector()
    c.check(kind in KINDS, "kind", f"must be one of {', '.join(KINDS)}")
    c.check(bool(subject.strip()), "subject", "is required")
    check_currency(currency, "currency", c)
    amt = check_amount(amount, currency, "amount", c)
    check_date_in_programme(programme, opened_on, "opened_on", c)
    if answer_by is not None:
        c.check(answer_by >= opened_on, "answer_by", "must not be before opened_on")
    c.check(bool(programme.donor_agreements), "programme", "has no donor agreements to consult")
    c.raise_if_any()
    assert amt is not None  # noqa: S101 -- narrows a type for mypy
    _rate, _rid, base_amount = convert(session, programme, amt, currency, opened_on, "currency")
    reasons = major_reasons(programme, base_amount)
    days = max(a.consultation_days for a in programme.donor_agreements)
    cons = Consultation(
        programme_id=programme.id,
        kind=kind,
        subject=subject,
        amount=amt,
        currency=currency,
        base_amount=base_amount,
        share_percent=share_of_budget(programme, base_amount),
        is_major=bool(reasons),
        major_because="; ".join(reasons),
        opened_on=opened_on,
        answer_by=answer_by or opened_on + timedelta(days=days),
        status="open",
    )
    session.add(cons)
    session.flush()
    audit(
        session,
        programme_id=programme.id,
        actor=actor,
        action="open",
        entity="consultation",
        entity_id=cons.id,
        detail={"kind": kind, "major": bool(reasons)},
    )
    return cons


def get_consultation(session: Session, programme: Programme, consultation_id: int) -> Consultation:
    """The consultation ``consultation_id`` of ``programme``."""
    cons = session.get(Consultation, consultation_id)
    if cons is None or cons.programme_id != programme.id:
        raise NotFoundError.of("consultation", f"no consultation {consultation_id} in {programme.code}")
    return cons


def respond(
    session: Session,
    programme: Programme,
    consultation_id: int,
    *,
    agreement: str,
    answer: str,
    answered_on: date,
    text: str = "",
    actor: str = "system",
) -> ConsultationResponse:
    """Record a donor's answer (``no_objection`` or ``objection``); one answer per donor."""
    cons = get_consultation(session, programme, consultation_id)
    agr = get_donor_agreement(session, agreement, programme)
    c = Collector()
    c.check(answer in ANSWERS, "answer", "must be 'no_objection' or 'objection'")
    c.check(cons.status == "open", "consultation", f"is {cons.status}; answers are only taken while open")
    c.check(answered_on >= cons.opened_on, "answered_on", "must not be before the consultation opened")
    if any(r.donor_agreement_id == agr.id for r in cons.responses):
        c.add("agreement", f"{agr.ref} has already answered consultation {cons.id}")
    if answer == "objection":
        c.check(bool(text.strip()), "text", "an objection needs its reasons")
    c.raise_if_any()
    resp = ConsultationResponse(
        consultation_id=cons.id, donor_agreement_id=agr.id, answer=answer, answered_on=answered_on, text=text
    )
    session.add(resp)
    session.flush()
    session.refresh(cons, ["responses"])
    audit(
        session,
        programme_id=programme.id,
        actor=actor,
        action="respond",
        entity="consultation",
        entity_id=cons.id,
        detail={"agreement": agr.ref, "answer": answer},
    )
    return resp


def missing_answers(programme: Programme, cons: Consultation) -> list[DonorAgreement]:
    """Donor agreements that have not answered ``cons``."""
    answered = {r.donor_agreement_id for r in cons.responses}
    return [a for a in programme.donor_agreements if a.id not in answered]


def approve(
    session: Session,
    programme: Programme,
    consultation_id: int,
    *,
    decided_on: date,
    text: str,
    meeting_id: int | None = None,
    actor: str = "system",
) -> ProgrammeDecision:
    """Approve an adjustment. A major one needs every donor's answer and no objection."""
    cons = get_consultation(session, programme, consultation_id)
    if cons.status != "open":
        raise Refused.of("consultation", f"consultation {cons.id} is already {cons.status}")
    if decided_on < cons.opened_on:
        raise ProgrammeError.of("decided_on", "must not be before the consultation opened")
    objections = [r for r in cons.responses if r.answer == "objection"]
    if objections:
        who = "; ".join(f"{r.agreement.donor.short_name} ({r.agreement.ref}): {r.text}" for r in objections)
        raise Refused.of("consultation", f"cannot approve: objected to by {who}")
    if cons.is_major:
        missing = missing_answers(programme, cons)
        if missing:
            who = ", ".join(f"{a.donor.short_name} ({a.ref})" for a in missing)
            raise Refused.of(
                "consultation",
                f"cannot approve a major adjustment ({cons.major_because}) until every donor has been "
                f"consulted and answered; no answer yet from {who}",
            )
    decision = ProgrammeDecision(
        programme_id=programme.id,
        meeting_id=meeting_id,
        decided_on=decided_on,
        kind="approve_adjustment",
        text=text,
        subject_ref=f"consultation:{cons.id}",
        recorded_at=utcnow(),
    )
    session.add(decision)
    session.flush()
    cons.status = "approved"
    cons.decided_on = decided_on
    cons.decision_id = decision.id
    session.flush()
    audit(
        session,
        programme_id=programme.id,
        actor=actor,
        action="approve",
        entity="consultation",
        entity_id=cons.id,
        reason=text,
    )
    return decision


def reject(
    session: Session,
    programme: Programme,
    consultation_id: int,
    *,
    decided_on: date,
    text: str,
    actor: str = "system",
) -> Consultation:
    """Close a consultation without approving the adjustment."""
    cons = get_consultation(session, programme, consultation_id)
    if cons.status != "open":
        raise Refused.of("consultation", f"consultation {cons.id} is already {cons.status}")
    cons.status = "rejected"
    cons.decided_on = decided_on
    session.flush()
    audit(
        session,
        programme_id=programme.id,
        actor=actor,
        action="reject",
        entity="consultation",
        entity_id=cons.id,
        reason=text,
    )
    return cons


def open_consultations(session: Session, programme: Programme | None = None) -> list[Consultation]:
    """Consultations still open (of one programme, or all)."""
    stmt = select(Consultation).where(Consultation.status == "open").order_by(Consultation.answer_by)
    if programme is not None:
        stmt = stmt.where(Consultation.programme_id == programme.id)
    return list(session.scalars(stmt).all())
