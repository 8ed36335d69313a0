"""Donor agreements: the MoU or delegated-cooperation arrangement, its policy settings,
the contribution schedule, earmarks, and contribution adjustments (amendments).

Example (illustrative amounts)::

    agr = add_donor_agreement(session, prog, donor="FCDO", ref="UK-DK-MOU-2026", role="co_donor",
                              instrument="delegated_cooperation", currency="DKK", ...,
                              policy=AgreementPolicy(major_adjustment_percent=Decimal("10")))
    add_contribution(session, agr, amount="25700000", currency="DKK", ...)
    add_earmark(session, agr, name="Western Balkans", countries=WB6, amount="25700000", ...)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from migralex.programmes.codelists import EARMARKING_CATEGORY
from migralex.programmes.common import (
    audit,
    check_amount,
    check_country,
    check_currency,
    check_date_in_programme,
    convert,
    fmt_money,
    get_component,
    get_donor_agreement,
    get_organisation,
    utcnow,
)
from migralex.programmes.consultations import major_reasons
from migralex.programmes.earmarks import agreement_capacity, agreement_used
from migralex.programmes.errors import Collector, ProgrammeError, Refused
from migralex.programmes.models import (
    AgreementAmendment,
    Consultation,
    Contribution,
    DonorAgreement,
    Earmark,
    Programme,
)

INSTRUMENTS = ("mou", "delegated_cooperation", "programme_appropriation", "grant_agreement")
ZERO = Decimal(0)


@dataclass(frozen=True)
class AgreementPolicy:
    """The agreement's own governance numbers (nothing here is a constant in code).

    * ``irregularity_notice_days``: days from detection by which every donor must be told
      of a suspected irregularity; 0 = "without delay" (the same day).
    * ``activity_report_months`` / ``financial_report_months``: months after the end of a
      reporting period when the activity / financial report is due.
    * ``major_adjustment_percent`` / ``major_adjustment_amount``: an adjustment reaching
      this share of the programme's total budget, or this amount in the programme's base
      currency, is *major*: it needs every donor's answer before approval.
    * ``consultation_days``: default time donors have to answer a consultation.
    """

    irregularity_notice_days: int = 0
    activity_report_months: int = 3
    financial_report_months: int = 6
    major_adjustment_percent: Decimal | None = None
    major_adjustment_amount: Decimal | None = None
    consultation_days: int = 14
    may_adjust_contribution: bool = True


def add_donor_agreement(
    session: Session,
    programme: Programme,
    *,
    donor: str,
    ref: str,
    title: str,
    instrument: str,
    role: str,
    currency: str,
    valid_from: date,
    valid_to: date,
    signed_on: date | None = None,
    signatories: str | None = None,
    document_url: str | None = None,
    iati_activity_id: str | None = None,
    policy: AgreementPolicy | None = None,
    note: str | None = None,
    actor: str = "system",
) -> DonorAgreement:
    """Record a donor agreement. There is one lead donor, who manages on behalf of all donors."""
    pol = policy or AgreementPolicy()
    c = Collector()
    c.check(instrument in INSTRUMENTS, "instrument", f"must be one of {', '.join(INSTRUMENTS)}")
    c.check(role in ("lead", "co_donor"), "role", "must be 'lead' or 'co_donor'")
    check_currency(currency, "currency", c)
    c.check(valid_to >= valid_from, "valid_to", "must not be before valid_from")
    c.check(pol.irregularity_notice_days >= 0, "policy.irregularity_notice_days", "must be 0 or more")
    c.check(pol.consultation_days >= 0, "policy.consultation_days", "must be 0 or more")
    for name in ("major_adjustment_percent", "major_adjustment_amount"):
        value = getattr(pol, name)
        if value is not None and Decimal(str(value)) <= 0:
            c.add(f"policy.{name}", "must be greater than zero when set")
    if role == "lead" and any(a.role == "lead" for a in programme.donor_agreements):
        c.add("role", f"{programme.code} already has a lead donor")
    if session.scalar(select(DonorAgreement.id).where(DonorAgreement.ref == ref)) is not None:
        c.add("ref", f"a donor agreement {ref!r} already exists")
    c.raise_if_any()
    org = get_organisation(session, donor, "donor")
    agr = DonorAgreement(
        programme_id=programme.id,
        donor_id=org.id,
        ref=ref,
        title=title,
        instrument=instrument,
        role=role,
        manages_on_behalf_of_all=role == "lead",
        currency=currency,
        signed_on=signed_on,
        valid_from=valid_from,
        valid_to=valid_to,
        signatories=signatories,
        document_url=document_url,
        iati_activity_id=iati_activity_id,
        irregularity_notice_days=pol.irregularity_notice_days,
        activity_report_months=pol.activity_report_months,
        financial_report_months=pol.financial_report_months,
        major_adjustment_percent=pol.major_adjustment_percent,
        major_adjustment_amount=pol.major_adjustment_amount,
        consultation_days=pol.consultation_days,
        may_adjust_contribution=pol.may_adjust_contribution,
        note=note,
    )
    session.add(agr)
    session.flush()
    session.refresh(programme, ["donor_agreements"])
    audit(
        session,
        programme_id=programme.id,
        actor=actor,
        action="create",
        entity="donor_agreement",
        entity_id=agr.id,
        detail={"ref": ref, "role": role, "instrument": instrument},
    )
    return agr


def add_contribution(
    session: Session,
    agreement: DonorAgreement,
    *,
    amount: Decimal | str,
    currency: str,
    period_start: date,
    period_end: date,
    value_date: date,
    label: str,
    expected_on: date | None = None,
    actor: str = "system",
    _amendment: AgreementAmendment | None = None,
    _allow_negative: bool = False,
) -> Contribution:
    """Add a line to the agreement's contribution schedule (converted at the recorded rate)."""
    programme = agreement.programme
    c = Collector()
    check_currency(currency, "currency", c)
    amt = check_amount(amount, currency, "amount", c, positive=not _allow_negative)
    c.check(period_end >= period_start, "period_end", "must not be before period_start")
    check_date_in_programme(programme, period_start, "period_start", c)
    check_date_in_programme(programme, period_end, "period_end", c)
    c.raise_if_any()
    assert amt is not None  # noqa: S101 -- narrows a type for mypy
    rate, rate_id, base_amount = convert(session, programme, amt, currency, value_date, "currency")
    line = Contribution(
        agreement_id=agreement.id,
        period_start=period_start,
        period_end=period_end,
        expected_on=expected_on,
        amendment_id=_amendment.id if _amendment else None,
        label=label,
        amount=amt,
        currency=currency,
        value_date=value_date,
        fx_rate=rate,
        exchange_rate_id=rate_id,
        base_amount=base_amount,
        recorded_at=utcnow(),
    )
    session.add(line)
    session.flush()
    session.refresh(agreement, ["contributions"])
    audit(
        session,
        programme_id=programme.id,
        actor=actor,
        action="create",
        entity="contribution",
        entity_id=line.id,
        detail={"agreement": agreement.ref, "amount": str(amt), "currency": currency},
    )
    return line


def add_earmark(
    session: Session,
    agreement: DonorAgreement,
    *,
    name: str,
    amount: Decimal | str,
    currency: str,
    value_date: date,
    countries: Sequence[str] = (),
    component: str | None = None,
    category: str = "3",
    note: str | None = None,
    actor: str = "system",
) -> Earmark:
    """Restrict part of a donor's funds to ``countries`` and/or one ``component``."""
    programme = agreement.programme
    c = Collector()
    c.check(bool(name.strip()), "name", "is required")
    check_currency(currency, "currency", c)
    amt = check_amount(amount, currency, "amount", c)
    c.check(category in EARMARKING_CATEGORY, "category", f"unknown IATI EarmarkingCategory {category!r}")
    c.check(
        bool(countries) or component is not None, "countries", "an earmark needs countries or a component"
    )
    programme_countries = {g.code for g in programme.geography if g.kind == "country"}
    for i, code in enumerate(countries):
        if (
            check_country(code, f"countries[{i}]", c)
            and programme_countries
            and code not in programme_countries
        ):
            c.add(f"countries[{i}]", f"{code} is not a recipient country of {programme.code}")
    if any(e.name == name for e in agreement.earmarks):
        c.add("name", f"agreement {agreement.ref} already has an earmark {name!r}")
    c.raise_if_any()
    comp = get_component(session, programme, component) if component else None
    assert amt is not None  # noqa: S101 -- narrows a type for mypy
    rate, rate_id, base_amount = convert(session, programme, amt, currency, value_date, "currency")
    capacity = agreement_capacity(agreement)
    already = sum((e.base_amount for e in agreement.earmarks), ZERO)
    if already + base_amount > capacity:
        raise Refused.of(
            "amount",
            f"earmarks of {agreement.ref} would total "
            f"{fmt_money(already + base_amount, programme.base_currency)}, "
            f"more than its contributions {fmt_money(capacity, programme.base_currency)}",
        )
    em = Earmark(
        agreement_id=agreement.id,
        name=name,
        countries=sorted(countries),
        component_id=comp.id if comp else None,
        category=category,
        note=note,
        amount=amt,
        currency=currency,
        value_date=value_date,
        fx_rate=rate,
        exchange_rate_id=rate_id,
        base_amount=base_amount,
        recorded_at=utcnow(),
    )
    session.add(em)
    session.flush()
    session.refresh(agreement, ["earmarks"])
    audit(
        session,
        programme_id=programme.id,
        actor=actor,
        action="create",
        entity="earmark",
        entity_id=em.id,
        detail={"agreement": agreement.ref, "name": name, "countries": sorted(countries)},
    )
    return em


def adjust_contribution(
    session: Session,
    programme: Programme,
    *,
    agreement: str,
    change: Decimal | str,
    currency: str,
    effective_on: date,
    period_start: date,
    period_end: date,
    reason: str,
    consultation_id: int | None = None,
    actor: str = "system",
) -> AgreementAmendment:
    """Increase (positive ``change``) or reduce a donor's contribution, as a numbered amendment.

    A change that is *major* under any agreement's thresholds needs an approved consultation
    of kind ``contribution_adjustment``. A reduction may not take the pledge below what is
    already earmarked or attributed to the donor.
    """
    agr = get_donor_agreement(session, agreement, programme)
    c = Collector()
    check_currency(currency, "currency", c)
    delta = check_amount(change, currency, "change", c, positive=False)
    c.check(bool(reason.strip()), "reason", "is required")
    check_date_in_programme(programme, effective_on, "effective_on", c)
    c.raise_if_any()
    assert delta is not None  # noqa: S101 -- narrows a type for mypy
    if not agr.may_adjust_contribution:
        raise Refused.of("agreement", f"{agr.ref} does not allow the donor to adjust its contribution")
    _rate, _rid, base_delta = convert(session, programme, delta, currency, effective_on, "currency")
    reasons = major_reasons(programme, abs(base_delta))
    consultation = session.get(Consultation, consultation_id) if consultation_id is not None else None
    if consultation_id is not None and (consultation is None or consultation.programme_id != programme.id):
        raise ProgrammeError.of("consultation_id", f"no consultation {consultation_id} in {programme.code}")
    if reasons:
        if consultation is None:
            raise Refused.of(
                "consultation_id",
                f"a contribution change of {fmt_money(abs(base_delta), programme.base_currency)} is a major "
                f"adjustment ({'; '.join(reasons)}); it needs an approved consultation of all donors",
            )
        if consultation.status != "approved" or consultation.kind != "contribution_adjustment":
            raise Refused.of(
                "consultation_id",
                f"consultation {consultation.id} is {consultation.status} ({consultation.kind}); "
                "an approved contribution_adjustment consultation is required",
            )
    capacity = agreement_capacity(agr)
    floor = max(sum((e.base_amount for e in agr.earmarks), ZERO), agreement_used(session, agr))
    if capacity + base_delta < floor:
        raise Refused.of(
            "change",
            f"would reduce {agr.ref} to {fmt_money(capacity + base_delta, programme.base_currency)}, "
            "below the "
            f"{fmt_money(floor, programme.base_currency)} already earmarked or spent from it",
        )
    number = (
        session.scalar(
            select(func.max(AgreementAmendment.number)).where(AgreementAmendment.agreement_id == agr.id)
        )
        or 0
    ) + 1
    amendment = AgreementAmendment(
        agreement_id=agr.id,
        number=number,
        kind="contribution_increase" if delta > 0 else "contribution_decrease",
        effective_on=effective_on,
        reason=reason,
        consultation_id=consultation.id if consultation else None,
        recorded_at=utcnow(),
    )
    session.add(amendment)
    session.flush()
    add_contribution(
        session,
        agr,
        amount=delta,
        currency=currency,
        period_start=period_start,
        period_end=period_end,
        value_date=effective_on,
        label=f"Amendment {number}: {reason}",
        actor=actor,
        _amendment=amendment,
        _allow_negative=True,
    )
    audit(
        session,
        programme_id=programme.id,
        actor=actor,
        action="amend",
        entity="donor_agreement",
        entity_id=agr.id,
        reason=reason,
        detail={"amendment": number, "change": str(delta), "currency": currency},
    )
    return amendment
