"""Earmarks and funding attribution: which donor's money paid for what.

Every disbursement and expenditure is split into :class:`FundingAttribution` rows, each
naming a donor agreement and, for earmarked money, the earmark. Amounts are in the
programme's base currency.

*Capacity* of a donor agreement is the sum of its contribution schedule (base currency,
at the rates recorded with each line). An earmark reserves part of that capacity for
spending in some countries and/or one component; the rest is unearmarked.

Attribution rule when the caller does not name the funding ("earmark first"):

1. matching earmarks with money left, in the order the agreements were made;
2. then unearmarked money of co-donors;
3. then unearmarked money of the lead donor.

A caller may instead name the funding explicitly (:class:`FundingShare`); it is still
checked against every earmark. Money earmarked for one place is never attributed to
spending elsewhere: that is refused with the reason.

:func:`earmark_report` recomputes the proof from the stored ledger, per donor.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from migralex.i18n import N_, term
from migralex.programmes.codelists import country_name
from migralex.programmes.common import fmt_money, get_donor_agreement
from migralex.programmes.errors import Collector, Refused
from migralex.programmes.models import (
    Component,
    DonorAgreement,
    Earmark,
    FundingAttribution,
    LedgerEntry,
    Programme,
)

ZERO = Decimal(0)


@dataclass(frozen=True)
class FundingShare:
    """Explicit funding of a spending entry: ``amount`` (base currency) from ``agreement``.

    ``earmark`` names one of the agreement's earmarks; when omitted, a matching earmark with
    money left is used first, then the agreement's unearmarked money. ``amount=None`` means
    "the whole entry" (only with a single share).
    """

    agreement: str
    amount: Decimal | str | None = None
    earmark: str | None = None


@dataclass(frozen=True)
class Allocation:
    """One planned attribution row."""

    agreement: DonorAgreement
    earmark: Earmark | None
    base_amount: Decimal
    rule: str


def earmark_scope(earmark: Earmark, components: dict[int, Component] | None = None) -> str:
    """Human-readable scope, e.g. ``"AL, BA, ME, MK, RS, XK"`` or ``"component BMM"``."""
    countries = ", ".join(sorted(earmark.countries or ()))
    if earmark.component_id is None:
        return countries or term("anywhere in the programme")
    comp = earmark.component
    code = comp.code if comp else earmark.component_id
    if countries:
        return N_("%(countries)s / component %(code)s", countries=countries, code=code)
    return N_("component %(code)s", code=code)


def matches(earmark: Earmark, country: str | None, component_id: int | None) -> bool:
    """True when spending in ``country`` on ``component_id`` is allowed by ``earmark``."""
    if earmark.countries and country not in earmark.countries:
        return False
    return not (earmark.component_id is not None and component_id != earmark.component_id)


@dataclass
class _Usage:
    capacity: Decimal = ZERO
    earmarked: Decimal = ZERO
    used_unearmarked: Decimal = ZERO
    used_by_earmark: dict[int, Decimal] = field(default_factory=lambda: defaultdict(lambda: ZERO))

    @property
    def unearmarked_left(self) -> Decimal:
        return self.capacity - self.earmarked - self.used_unearmarked


def agreement_capacity(agreement: DonorAgreement) -> Decimal:
    """Total pledged by the agreement (sum of contribution lines, base currency)."""
    return sum((c.base_amount for c in agreement.contributions), ZERO)


def _usage(session: Session, agreement: DonorAgreement) -> _Usage:
    u = _Usage(capacity=agreement_capacity(agreement))
    u.earmarked = sum((e.base_amount for e in agreement.earmarks), ZERO)
    rows = session.scalars(
        select(FundingAttribution).where(FundingAttribution.donor_agreement_id == agreement.id)
    ).all()
    for row in rows:
        if row.earmark_id is None:
            u.used_unearmarked += row.base_amount
        else:
            u.used_by_earmark[row.earmark_id] += row.base_amount
    return u


def earmark_used(session: Session, earmark: Earmark) -> Decimal:
    """Base-currency amount attributed to ``earmark`` so far (reversals included)."""
    rows = session.scalars(
        select(FundingAttribution.base_amount).where(FundingAttribution.earmark_id == earmark.id)
    )
    return sum(rows, ZERO)


def agreement_used(session: Session, agreement: DonorAgreement) -> Decimal:
    """Base-currency amount attributed to ``agreement`` so far (reversals included)."""
    rows = session.scalars(
        select(FundingAttribution.base_amount).where(FundingAttribution.donor_agreement_id == agreement.id)
    )
    return sum(rows, ZERO)


def _where(country: str | None, component: Component | None) -> str:
    if country and component is not None:
        return N_(
            "in %(country)s (%(name)s) on component %(code)s",
            country=country,
            name=country_name(country),
            code=component.code,
        )
    if country:
        return N_("in %(country)s (%(name)s)", country=country, name=country_name(country))
    if component is not None:
        return N_("on component %(code)s", code=component.code)
    return term("here")


def allocate_funding(
    session: Session,
    programme: Programme,
    *,
    base_amount: Decimal,
    country: str | None,
    component: Component | None,
    funding: Sequence[FundingShare] | None,
    on: date,
) -> list[Allocation]:
    """Plan the attribution of a spending entry of ``base_amount`` dated ``on``.

    Only agreements valid on ``on`` can pay. Raises :class:`Refused` when the entry cannot be
    funded without breaking an earmark or over-spending a donor.
    """
    component_id = component.id if component is not None else None
    base = programme.base_currency
    agreements = [a for a in programme.donor_agreements if a.valid_from <= on <= a.valid_to]
    usage = {a.id: _usage(session, a) for a in agreements}
    plan: list[Allocation] = []
    if funding is None:
        remaining = base_amount
        for agr in agreements:
            for em in agr.earmarks:
                if remaining <= 0:
                    break
                if not matches(em, country, component_id):
                    continue
                left = em.base_amount - usage[agr.id].used_by_earmark[em.id]
                take = min(left, remaining)
                if take > 0:
                    plan.append(Allocation(agr, em, take, "earmark_first"))
                    usage[agr.id].used_by_earmark[em.id] += take
                    remaining -= take
        ordered = [a for a in agreements if a.role != "lead"] + [a for a in agreements if a.role == "lead"]
        for agr in ordered:
            if remaining <= 0:
                break
            take = min(usage[agr.id].unearmarked_left, remaining)
            if take > 0:
                plan.append(Allocation(agr, None, take, "earmark_first"))
                usage[agr.id].used_unearmarked += take
                remaining -= take
        if remaining > 0:
            raise Refused.of(
                "funding",
                f"only {fmt_money(base_amount - remaining, base)} of donor funds may be spent "
                f"{_where(country, component)}; this entry needs {fmt_money(base_amount, base)} "
                "(the rest is earmarked elsewhere or already spent)",
            )
        return plan

    c = Collector()
    if not funding:
        c.add("funding", "name at least one donor agreement, or leave funding out for the default rule")
    if len(funding) > 1 and any(s.amount is None for s in funding):
        c.add("funding", "with several shares every share needs an amount")
    c.raise_if_any()
    total = ZERO
    for i, share in enumerate(funding):
        fld = f"funding[{i}]"
        agr = get_donor_agreement(session, share.agreement, programme, f"{fld}.agreement")
        if agr not in agreements:
            raise Refused.of(
                f"{fld}.agreement",
                f"{agr.ref} is valid from {agr.valid_from.isoformat()} to {agr.valid_to.isoformat()}; "
                f"this entry is dated {on.isoformat()}",
            )
        amount = base_amount if share.amount is None else Decimal(str(share.amount))
        if amount <= 0:
            raise Refused.of(f"{fld}.amount", f"must be greater than zero (got {amount})")
        total += amount
        u = usage[agr.id]
        if share.earmark is not None:
            ems = [e for e in agr.earmarks if e.name == share.earmark]
            if not ems:
                raise Refused.of(f"{fld}.earmark", f"agreement {agr.ref} has no earmark {share.earmark!r}")
            em = ems[0]
            if not matches(em, country, component_id):
                raise Refused.of(
                    f"{fld}.earmark",
                    f"{agr.ref} earmark {em.name!r} may only be spent in {earmark_scope(em)}; "
                    f"this entry is {_where(country, component)}",
                )
            left = em.base_amount - u.used_by_earmark[em.id]
            if amount > left:
                raise Refused.of(
                    f"{fld}.amount",
                    f"earmark {em.name!r} of {agr.ref} has {fmt_money(left, base)} left; "
                    f"{fmt_money(amount, base)} requested (over-spent earmark)",
                )
            plan.append(Allocation(agr, em, amount, "explicit"))
            u.used_by_earmark[em.id] += amount
            continue
        need = amount
        for em in agr.earmarks:
            if need <= 0 or not matches(em, country, component_id):
                continue
            take = min(em.base_amount - u.used_by_earmark[em.id], need)
            if take > 0:
                plan.append(Allocation(agr, em, take, "explicit"))
                u.used_by_earmark[em.id] += take
                need -= take
        if need > 0:
            take = min(u.unearmarked_left, need)
            if take > 0:
                plan.append(Allocation(agr, None, take, "explicit"))
                u.used_unearmarked += take
                need -= take
        if need > 0:
            elsewhere = [e for e in agr.earmarks if not matches(e, country, component_id)]
            if elsewhere and amount - need == 0 and u.unearmarked_left <= 0:
                scopes = "; ".join(f"{e.name!r}: {earmark_scope(e)}" for e in elsewhere)
                raise Refused.of(
                    f"{fld}.agreement",
                    f"funds of {agr.ref} ({agr.donor.short_name}) are earmarked ({scopes}); "
                    f"they cannot pay for spending {_where(country, component)}",
                )
            raise Refused.of(
                f"{fld}.amount",
                f"{agr.ref} has only {fmt_money(amount - need, base)} available for spending "
                f"{_where(country, component)}; {fmt_money(amount, base)} requested",
            )
    if total != base_amount:
        raise Refused.of(
            "funding",
            f"shares add up to {fmt_money(total, base)} but the entry is {fmt_money(base_amount, base)}",
        )
    return plan


# ---- the proof ------------------------------------------------------------------------


@dataclass
class EarmarkLine:
    """One earmark of a donor: its scope, amount, what was spent under it and where."""

    name: str
    scope: str
    category: str
    amount: Decimal
    spent: Decimal
    remaining: Decimal
    by_country: dict[str, Decimal]
    by_component: dict[str, Decimal]


@dataclass
class DonorProof:
    """Per-donor section of the earmark report."""

    agreement_ref: str
    donor: str
    role: str
    pledged: Decimal
    attributed: Decimal
    unearmarked_spent: Decimal
    earmarks: list[EarmarkLine]
    by_country: dict[str, Decimal]
    by_component: dict[str, Decimal]
    violations: list[str]


@dataclass
class EarmarkReport:
    """Per donor: what was pledged, what was attributed to it, where it went, and any breach."""

    programme: str
    currency: str
    donors: list[DonorProof]
    unattributed_entries: list[str]

    @property
    def ok(self) -> bool:
        """True when every earmark held and every spending entry is fully attributed."""
        return not self.unattributed_entries and all(not d.violations for d in self.donors)


def earmark_report(session: Session, programme: Programme) -> EarmarkReport:
    """Recompute from the ledger, per donor, that earmarked money went only where earmarked."""
    entries = session.scalars(
        select(LedgerEntry).where(
            LedgerEntry.programme_id == programme.id,
            LedgerEntry.entry_type.in_(("disbursement", "expenditure")),
        )
    ).all()
    comp_code = {c.id: c.code for c in programme.components}
    unattributed = [
        e.reference for e in entries if sum((a.base_amount for a in e.attributions), ZERO) != e.base_amount
    ]
    donors: list[DonorProof] = []
    for agr in programme.donor_agreements:
        violations: list[str] = []
        by_country: dict[str, Decimal] = defaultdict(lambda: ZERO)
        by_component: dict[str, Decimal] = defaultdict(lambda: ZERO)
        em_country: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
        em_component: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
        em_spent: dict[int, Decimal] = defaultdict(lambda: ZERO)
        unearmarked = ZERO
        for e in entries:
            for a in e.attributions:
                if a.donor_agreement_id != agr.id:
                    continue
                country = e.country or "(none)"
                comp = comp_code.get(e.component_id, "(none)") if e.component_id else "(none)"
                by_country[country] += a.base_amount
                by_component[comp] += a.base_amount
                if a.earmark_id is None:
                    unearmarked += a.base_amount
                    continue
                em = a.earmark
                assert em is not None  # noqa: S101 -- narrows a type for mypy
                em_spent[em.id] += a.base_amount
                em_country[em.id][country] += a.base_amount
                em_component[em.id][comp] += a.base_amount
                if not matches(em, e.country, e.component_id):
                    violations.append(
                        N_(
                            "%(ref)s: %(amount)s of earmark %(earmark)s spent %(where)s outside %(scope)s",
                            ref=e.reference,
                            amount=fmt_money(a.base_amount, programme.base_currency),
                            earmark=repr(em.name),
                            where=_where(e.country, e.component),
                            scope=earmark_scope(em),
                        )
                    )
        pledged = agreement_capacity(agr)
        earmarked_total = sum((em.base_amount for em in agr.earmarks), ZERO)
        lines = []
        for em in agr.earmarks:
            spent = em_spent[em.id]
            if spent > em.base_amount:
                violations.append(
                    N_(
                        "earmark %(earmark)s over-spent: %(spent)s of %(amount)s",
                        earmark=repr(em.name),
                        spent=fmt_money(spent, programme.base_currency),
                        amount=fmt_money(em.base_amount, programme.base_currency),
                    )
                )
            lines.append(
                EarmarkLine(
                    name=em.name,
                    scope=earmark_scope(em),
                    category=em.category,
                    amount=em.base_amount,
                    spent=spent,
                    remaining=em.base_amount - spent,
                    by_country=dict(em_country[em.id]),
                    by_component=dict(em_component[em.id]),
                )
            )
        if unearmarked > pledged - earmarked_total:
            violations.append(
                N_(
                    "unearmarked spending %(spent)s exceeds the unearmarked part of the pledge %(rest)s",
                    spent=fmt_money(unearmarked, programme.base_currency),
                    rest=fmt_money(pledged - earmarked_total, programme.base_currency),
                )
            )
        donors.append(
            DonorProof(
                agreement_ref=agr.ref,
                donor=agr.donor.short_name,
                role=agr.role,
                pledged=pledged,
                attributed=sum(by_country.values(), ZERO),
                unearmarked_spent=unearmarked,
                earmarks=lines,
                by_country=dict(by_country),
                by_component=dict(by_component),
                violations=violations,
            )
        )
    return EarmarkReport(
        programme=programme.code,
        currency=programme.base_currency,
        donors=donors,
        unattributed_entries=unattributed,
    )


__all__ = [
    "Allocation",
    "DonorProof",
    "EarmarkLine",
    "EarmarkReport",
    "FundingShare",
    "agreement_capacity",
    "agreement_used",
    "allocate_funding",
    "earmark_report",
    "earmark_scope",
    "earmark_used",
    "matches",
]
