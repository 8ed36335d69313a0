"""The append-only ledger: exchange rates, commitments, incoming funds, disbursements,
expenditures, and reversing entries.

Each entry keeps its original money (amount, currency, value date) and the exchange rate
used to reach the programme's base currency. Entries are never edited or deleted; a
mistake is corrected by :func:`reverse_entry` (an entry of the opposite sign that points
at the original) followed, if needed, by a new correct entry.

Checks on every entry: known currency, amount above zero, dates within the programme
and not in the future, a recorded exchange rate. Then, by type:

* incoming commitment / incoming funds: not more than the donor's contribution schedule;
* outgoing commitment: not more than the partner agreement's ceiling;
* disbursement: not more than committed to the partner, in one of the partner
  agreement's countries, attributed to donor funds (earmarks respected);
* expenditure: in a recipient country, on a component, attributed to donor funds.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from migralex.programmes.common import (
    as_decimal,
    audit,
    check_amount,
    check_country,
    check_currency,
    check_date_in_programme,
    check_not_future,
    convert,
    fmt_money,
    get_component,
    get_donor_agreement,
    get_organisation,
    get_partner_agreement,
    utcnow,
)
from migralex.programmes.earmarks import Allocation, FundingShare, agreement_capacity, allocate_funding
from migralex.programmes.errors import Collector, NotFoundError, ProgrammeError, Refused
from migralex.programmes.models import (
    Component,
    ExchangeRate,
    FundingAttribution,
    LedgerEntry,
    Organisation,
    PartnerAgreement,
    Programme,
)

ZERO = Decimal(0)
RATE_KINDS = ("planning", "booking", "realised")


def record_exchange_rate(
    session: Session,
    *,
    from_currency: str,
    to_currency: str,
    rate: Decimal | str,
    rate_date: date,
    source: str,
    kind: str = "booking",
    actor: str = "system",
) -> ExchangeRate:
    """Record ``rate`` units of ``to_currency`` per one ``from_currency`` on ``rate_date``."""
    c = Collector()
    check_currency(from_currency, "from_currency", c)
    check_currency(to_currency, "to_currency", c)
    c.check(from_currency != to_currency, "to_currency", "must differ from from_currency")
    value = as_decimal(rate, "rate", c)
    if value is not None:
        c.check(value > 0, "rate", f"must be greater than zero (got {value})")
    c.check(kind in RATE_KINDS, "kind", f"must be one of {', '.join(RATE_KINDS)}")
    c.check(bool(source.strip()), "source", "is required (where the rate comes from)")
    c.raise_if_any()
    assert value is not None  # noqa: S101 -- narrows a type for mypy
    existing = session.scalar(
        select(ExchangeRate).where(
            ExchangeRate.from_currency == from_currency,
            ExchangeRate.to_currency == to_currency,
            ExchangeRate.rate_date == rate_date,
            ExchangeRate.kind == kind,
        )
    )
    if existing is not None:
        raise Refused.of(
            "rate_date",
            f"a {kind} rate {from_currency}->{to_currency} for {rate_date.isoformat()} is already recorded "
            f"({existing.rate}); rates are append-only",
        )
    fx = ExchangeRate(
        from_currency=from_currency,
        to_currency=to_currency,
        rate=value,
        rate_date=rate_date,
        kind=kind,
        source=source,
        recorded_at=utcnow(),
    )
    session.add(fx)
    session.flush()
    audit(
        session,
        programme_id=None,
        actor=actor,
        action="create",
        entity="exchange_rate",
        entity_id=fx.id,
        detail={"pair": f"{from_currency}/{to_currency}", "rate": str(value), "date": rate_date.isoformat()},
    )
    return fx


def _entries(session: Session, programme: Programme, entry_type: str) -> list[LedgerEntry]:
    return list(
        session.scalars(
            select(LedgerEntry).where(
                LedgerEntry.programme_id == programme.id, LedgerEntry.entry_type == entry_type
            )
        ).all()
    )


def _sum_base(entries: Sequence[LedgerEntry]) -> Decimal:
    return sum((e.base_amount for e in entries), ZERO)


def _common_checks(
    session: Session,
    programme: Programme,
    *,
    reference: str,
    amount: Decimal | str,
    currency: str,
    transaction_date: date,
    value_date: date | None,
    today: date,
    c: Collector,
) -> Decimal | None:
    c.check(bool(reference.strip()), "reference", "is required")
    if (
        reference
        and session.scalar(select(LedgerEntry.id).where(LedgerEntry.reference == reference)) is not None
    ):
        c.add("reference", f"an entry {reference!r} already exists")
    check_currency(currency, "currency", c)
    amt = check_amount(amount, currency, "amount", c)
    check_date_in_programme(programme, transaction_date, "transaction_date", c)
    check_not_future(transaction_date, today, "transaction_date", c)
    if value_date is not None:
        check_date_in_programme(programme, value_date, "value_date", c)
        check_not_future(value_date, today, "value_date", c)
    return amt


def _new_entry(
    session: Session,
    programme: Programme,
    *,
    entry_type: str,
    reference: str,
    amount: Decimal,
    currency: str,
    transaction_date: date,
    value_date: date,
    description: str,
    actor: str,
    illustrative: bool,
    provider: Organisation | None = None,
    receiver: Organisation | None = None,
    donor_agreement_id: int | None = None,
    partner_agreement_id: int | None = None,
    component_id: int | None = None,
    country: str | None = None,
    base: tuple[Decimal, int | None, Decimal] | None = None,
) -> LedgerEntry:
    rate, rate_id, base_amount = base or convert(session, programme, amount, currency, value_date, "currency")
    entry = LedgerEntry(
        programme_id=programme.id,
        entry_type=entry_type,
        reference=reference,
        transaction_date=transaction_date,
        description=description,
        provider_org_id=provider.id if provider else None,
        receiver_org_id=receiver.id if receiver else None,
        donor_agreement_id=donor_agreement_id,
        partner_agreement_id=partner_agreement_id,
        component_id=component_id,
        country=country,
        amount=amount,
        currency=currency,
        value_date=value_date,
        fx_rate=rate,
        exchange_rate_id=rate_id,
        base_amount=base_amount,
        illustrative=illustrative,
        recorded_at=utcnow(),
        recorded_by=actor,
    )
    session.add(entry)
    session.flush()
    audit(
        session,
        programme_id=programme.id,
        actor=actor,
        action="record",
        entity="ledger_entry",
        entity_id=entry.id,
        detail={
            "type": entry_type,
            "reference": reference,
            "amount": str(amount),
            "currency": currency,
            "base_amount": str(base_amount),
        },
    )
    return entry


def _incoming(
    session: Session,
    programme: Programme,
    entry_type: str,
    *,
    agreement: str,
    reference: str,
    amount: Decimal | str,
    currency: str,
    transaction_date: date,
    value_date: date | None,
    description: str,
    today: date | None,
    actor: str,
    illustrative: bool,
) -> LedgerEntry:
    today = today or date.today()
    c = Collector()
    amt = _common_checks(
        session,
        programme,
        reference=reference,
        amount=amount,
        currency=currency,
        transaction_date=transaction_date,
        value_date=value_date,
        today=today,
        c=c,
    )
    c.raise_if_any()
    assert amt is not None  # noqa: S101 -- narrows a type for mypy
    agr = get_donor_agreement(session, agreement, programme)
    vdate = value_date or transaction_date
    conv = convert(session, programme, amt, currency, vdate, "currency")
    pledged = agreement_capacity(agr)
    so_far = _sum_base(
        [e for e in _entries(session, programme, entry_type) if e.donor_agreement_id == agr.id]
    )
    if so_far + conv[2] > pledged:
        label = entry_type.replace("_", " ")
        raise Refused.of(
            "amount",
            f"{label} from {agr.ref} would total {fmt_money(so_far + conv[2], programme.base_currency)}, "
            f"more than its contribution schedule {fmt_money(pledged, programme.base_currency)}",
        )
    return _new_entry(
        session,
        programme,
        entry_type=entry_type,
        reference=reference,
        amount=amt,
        currency=currency,
        transaction_date=transaction_date,
        value_date=vdate,
        description=description,
        actor=actor,
        illustrative=illustrative,
        provider=agr.donor,
        receiver=programme.reporting_org,
        donor_agreement_id=agr.id,
        base=conv,
    )


def record_incoming_commitment(
    session: Session,
    programme: Programme,
    *,
    agreement: str,
    reference: str,
    amount: Decimal | str,
    currency: str,
    transaction_date: date,
    value_date: date | None = None,
    description: str = "",
    today: date | None = None,
    actor: str = "system",
    illustrative: bool = False,
) -> LedgerEntry:
    """A donor's firm written commitment to the programme (IATI transaction type 11)."""
    return _incoming(
        session,
        programme,
        "incoming_commitment",
        agreement=agreement,
        reference=reference,
        amount=amount,
        currency=currency,
        transaction_date=transaction_date,
        value_date=value_date,
        description=description,
        today=today,
        actor=actor,
        illustrative=illustrative,
    )


def record_incoming_funds(
    session: Session,
    programme: Programme,
    *,
    agreement: str,
    reference: str,
    amount: Decimal | str,
    currency: str,
    transaction_date: date,
    value_date: date | None = None,
    description: str = "",
    today: date | None = None,
    actor: str = "system",
    illustrative: bool = False,
) -> LedgerEntry:
    """Cash received from a donor (IATI transaction type 1)."""
    return _incoming(
        session,
        programme,
        "incoming_funds",
        agreement=agreement,
        reference=reference,
        amount=amount,
        currency=currency,
        transaction_date=transaction_date,
        value_date=value_date,
        description=description,
        today=today,
        actor=actor,
        illustrative=illustrative,
    )


def _committed_to(session: Session, programme: Programme, pa: PartnerAgreement, entry_type: str) -> Decimal:
    return _sum_base([e for e in _entries(session, programme, entry_type) if e.partner_agreement_id == pa.id])


def record_outgoing_commitment(
    session: Session,
    programme: Programme,
    *,
    partner_agreement: str,
    reference: str,
    amount: Decimal | str,
    currency: str,
    transaction_date: date,
    value_date: date | None = None,
    description: str = "",
    today: date | None = None,
    actor: str = "system",
    illustrative: bool = False,
) -> LedgerEntry:
    """A commitment to an implementing partner (IATI type 2), within the agreement's ceiling."""
    today = today or date.today()
    c = Collector()
    amt = _common_checks(
        session,
        programme,
        reference=reference,
        amount=amount,
        currency=currency,
        transaction_date=transaction_date,
        value_date=value_date,
        today=today,
        c=c,
    )
    c.raise_if_any()
    assert amt is not None  # noqa: S101 -- narrows a type for mypy
    pa = get_partner_agreement(session, partner_agreement, programme)
    vdate = value_date or transaction_date
    conv = convert(session, programme, amt, currency, vdate, "currency")
    ceiling = convert(session, programme, pa.ceiling, pa.currency, vdate, "currency")[2]
    so_far = _committed_to(session, programme, pa, "outgoing_commitment")
    if so_far + conv[2] > ceiling:
        raise Refused.of(
            "amount",
            f"commitments to {pa.ref} would total {fmt_money(so_far + conv[2], programme.base_currency)}, "
            f"above the agreement ceiling {fmt_money(ceiling, programme.base_currency)}",
        )
    return _new_entry(
        session,
        programme,
        entry_type="outgoing_commitment",
        reference=reference,
        amount=amt,
        currency=currency,
        transaction_date=transaction_date,
        value_date=vdate,
        description=description,
        actor=actor,
        illustrative=illustrative,
        provider=programme.reporting_org,
        receiver=pa.partner,
        partner_agreement_id=pa.id,
        component_id=pa.component_id,
        base=conv,
    )


def _attribute(session: Session, entry: LedgerEntry, plan: Sequence[Allocation]) -> None:
    for alloc in plan:
        session.add(
            FundingAttribution(
                ledger_entry_id=entry.id,
                donor_agreement_id=alloc.agreement.id,
                earmark_id=alloc.earmark.id if alloc.earmark else None,
                base_amount=alloc.base_amount,
                rule=alloc.rule,
                recorded_at=utcnow(),
            )
        )
    session.flush()
    session.refresh(entry, ["attributions"])


def record_disbursement(
    session: Session,
    programme: Programme,
    *,
    partner_agreement: str,
    reference: str,
    amount: Decimal | str,
    currency: str,
    transaction_date: date,
    country: str,
    value_date: date | None = None,
    funding: Sequence[FundingShare] | None = None,
    description: str = "",
    today: date | None = None,
    actor: str = "system",
    illustrative: bool = False,
) -> LedgerEntry:
    """A transfer to an implementing partner (IATI type 3), attributed to donor funds.

    ``country`` is where the money is spent (one of the partner agreement's countries);
    ``funding`` names the donor funds explicitly, else the earmark-first rule applies.
    """
    today = today or date.today()
    c = Collector()
    amt = _common_checks(
        session,
        programme,
        reference=reference,
        amount=amount,
        currency=currency,
        transaction_date=transaction_date,
        value_date=value_date,
        today=today,
        c=c,
    )
    check_country(country, "country", c)
    c.raise_if_any()
    assert amt is not None  # noqa: S101 -- narrows a type for mypy
    pa = get_partner_agreement(session, partner_agreement, programme)
    if country not in pa.countries:
        raise Refused.of(
            "country",
            f"{country} is not covered by partner agreement {pa.ref} (countries: {', '.join(pa.countries)})",
        )
    if not pa.start_date <= transaction_date <= pa.end_date:
        raise Refused.of(
            "transaction_date",
            f"{transaction_date.isoformat()} is outside partner agreement "
            f"{pa.ref} ({pa.start_date.isoformat()} to {pa.end_date.isoformat()})",
        )
    vdate = value_date or transaction_date
    conv = convert(session, programme, amt, currency, vdate, "currency")
    committed = _committed_to(session, programme, pa, "outgoing_commitment")
    disbursed = _committed_to(session, programme, pa, "disbursement")
    if disbursed + conv[2] > committed:
        raise Refused.of(
            "amount",
            f"disbursements to {pa.ref} would total "
            f"{fmt_money(disbursed + conv[2], programme.base_currency)}, "
            f"more than committed {fmt_money(committed, programme.base_currency)}; record a commitment first",
        )
    plan = allocate_funding(
        session,
        programme,
        base_amount=conv[2],
        country=country,
        component=pa.component,
        funding=funding,
        on=transaction_date,
    )
    entry = _new_entry(
        session,
        programme,
        entry_type="disbursement",
        reference=reference,
        amount=amt,
        currency=currency,
        transaction_date=transaction_date,
        value_date=vdate,
        description=description,
        actor=actor,
        illustrative=illustrative,
        provider=programme.reporting_org,
        receiver=pa.partner,
        partner_agreement_id=pa.id,
        component_id=pa.component_id,
        country=country,
        base=conv,
    )
    _attribute(session, entry, plan)
    return entry


def record_expenditure(
    session: Session,
    programme: Programme,
    *,
    component: str,
    reference: str,
    amount: Decimal | str,
    currency: str,
    transaction_date: date,
    country: str,
    value_date: date | None = None,
    receiver: str | None = None,
    funding: Sequence[FundingShare] | None = None,
    description: str = "",
    today: date | None = None,
    actor: str = "system",
    illustrative: bool = False,
) -> LedgerEntry:
    """Direct spending by the managing donor (IATI type 4), attributed to donor funds."""
    today = today or date.today()
    c = Collector()
    amt = _common_checks(
        session,
        programme,
        reference=reference,
        amount=amount,
        currency=currency,
        transaction_date=transaction_date,
        value_date=value_date,
        today=today,
        c=c,
    )
    if check_country(country, "country", c):
        codes = {g.code for g in programme.geography if g.kind == "country"}
        c.check(
            not codes or country in codes,
            "country",
            f"{country} is not a recipient country of {programme.code}",
        )
    c.raise_if_any()
    assert amt is not None  # noqa: S101 -- narrows a type for mypy
    comp: Component = get_component(session, programme, component)
    recv = get_organisation(session, receiver, "receiver") if receiver else None
    vdate = value_date or transaction_date
    conv = convert(session, programme, amt, currency, vdate, "currency")
    plan = allocate_funding(
        session,
        programme,
        base_amount=conv[2],
        country=country,
        component=comp,
        funding=funding,
        on=transaction_date,
    )
    entry = _new_entry(
        session,
        programme,
        entry_type="expenditure",
        reference=reference,
        amount=amt,
        currency=currency,
        transaction_date=transaction_date,
        value_date=vdate,
        description=description,
        actor=actor,
        illustrative=illustrative,
        provider=programme.reporting_org,
        receiver=recv,
        component_id=comp.id,
        country=country,
        base=conv,
    )
    _attribute(session, entry, plan)
    return entry


def get_entry(session: Session, reference: str) -> LedgerEntry:
    """The ledger entry with ``reference``."""
    entry = session.scalar(select(LedgerEntry).where(LedgerEntry.reference == reference))
    if entry is None:
        raise NotFoundError.of("reference", f"no ledger entry {reference!r}")
    return entry


def reverse_entry(
    session: Session,
    reference: str,
    *,
    on: date,
    reason: str,
    reversal_reference: str | None = None,
    today: date | None = None,
    actor: str = "system",
) -> LedgerEntry:
    """Cancel an entry by appending its exact opposite (attributions included)."""
    today = today or date.today()
    original = get_entry(session, reference)
    programme = session.get(Programme, original.programme_id)
    assert programme is not None  # noqa: S101 -- narrows a type for mypy
    c = Collector()
    c.check(bool(reason.strip()), "reason", "is required for a reversal")
    check_date_in_programme(programme, on, "on", c)
    check_not_future(on, today, "on", c)
    c.check(on >= original.transaction_date, "on", "must not be before the entry it reverses")
    c.raise_if_any()
    if original.reverses_id is not None:
        raise Refused.of("reference", f"{reference} is itself a reversal; record a new entry instead")
    if session.scalar(select(LedgerEntry.id).where(LedgerEntry.reverses_id == original.id)) is not None:
        raise Refused.of("reference", f"{reference} has already been reversed")
    if original.entry_type == "outgoing_commitment" and original.partner_agreement_id is not None:
        pa = session.get(PartnerAgreement, original.partner_agreement_id)
        assert pa is not None  # noqa: S101 -- narrows a type for mypy
        committed = _committed_to(session, programme, pa, "outgoing_commitment") - original.base_amount
        disbursed = _committed_to(session, programme, pa, "disbursement")
        if disbursed > committed:
            raise Refused.of(
                "reference",
                f"cannot reverse commitment {reference}: {fmt_money(disbursed, programme.base_currency)} "
                f"is already disbursed to {pa.ref}; reverse disbursements first",
            )
    rev = LedgerEntry(
        programme_id=original.programme_id,
        entry_type=original.entry_type,
        reference=reversal_reference or f"{reference}-REV",
        transaction_date=on,
        description=f"Reversal of {reference}: {reason}",
        provider_org_id=original.provider_org_id,
        receiver_org_id=original.receiver_org_id,
        donor_agreement_id=original.donor_agreement_id,
        partner_agreement_id=original.partner_agreement_id,
        component_id=original.component_id,
        country=original.country,
        amount=-original.amount,
        currency=original.currency,
        value_date=original.value_date,
        fx_rate=original.fx_rate,
        exchange_rate_id=original.exchange_rate_id,
        base_amount=-original.base_amount,
        reverses_id=original.id,
        illustrative=original.illustrative,
        recorded_at=utcnow(),
        recorded_by=actor,
        reason=reason,
    )
    if session.scalar(select(LedgerEntry.id).where(LedgerEntry.reference == rev.reference)) is not None:
        raise ProgrammeError.of("reversal_reference", f"an entry {rev.reference!r} already exists")
    session.add(rev)
    session.flush()
    for a in original.attributions:
        session.add(
            FundingAttribution(
                ledger_entry_id=rev.id,
                donor_agreement_id=a.donor_agreement_id,
                earmark_id=a.earmark_id,
                base_amount=-a.base_amount,
                rule="reversal",
                recorded_at=utcnow(),
            )
        )
    session.flush()
    audit(
        session,
        programme_id=programme.id,
        actor=actor,
        action="reverse",
        entity="ledger_entry",
        entity_id=rev.id,
        reason=reason,
        detail={"reverses": reference},
    )
    return rev


def ledger(session: Session, programme: Programme) -> list[LedgerEntry]:
    """All entries of ``programme`` in the order recorded."""
    return list(
        session.scalars(
            select(LedgerEntry).where(LedgerEntry.programme_id == programme.id).order_by(LedgerEntry.id)
        ).all()
    )
