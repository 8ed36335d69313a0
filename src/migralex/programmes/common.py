"""Helpers shared by the programme services: input checks, look-ups, FX conversion, audit."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from migralex.programmes.codelists import COUNTRIES, CURRENCIES, currency_decimals
from migralex.programmes.errors import Collector, NotFoundError, ProgrammeError
from migralex.programmes.models import (
    AuditEvent,
    Component,
    DonorAgreement,
    ExchangeRate,
    Organisation,
    PartnerAgreement,
    Programme,
)

#: Rounding rule for converted amounts: half-up to the base currency's minor unit.
ROUNDING = ROUND_HALF_UP


def utcnow() -> datetime:
    """The current time, timezone-aware (UTC)."""
    return datetime.now(UTC)


def as_decimal(value: object, field: str, c: Collector) -> Decimal | None:
    """Parse ``value`` as an exact Decimal; floats are refused (they are not exact)."""
    if isinstance(value, (bool, float)):
        c.add(field, f"must be an exact decimal (a string or Decimal), not {type(value).__name__} {value!r}")
        return None
    try:
        dec = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        c.add(field, f"{value!r} is not a number")
        return None
    if not dec.is_finite():
        c.add(field, f"{value!r} is not a finite number")
        return None
    return dec


def check_currency(code: str, field: str, c: Collector) -> bool:
    """True if ``code`` is an active ISO 4217 currency; else record the problem."""
    return c.check(
        code in CURRENCIES, field, f"unknown currency {code!r} (expected an ISO 4217 code such as DKK)"
    )


def check_amount(
    value: object, currency: str, field: str, c: Collector, *, positive: bool = True
) -> Decimal | None:
    """Parse a money amount: exact, positive (unless ``positive=False``), right number of decimals."""
    dec = as_decimal(value, field, c)
    if dec is None:
        return None
    ok = True
    if positive and dec <= 0:
        c.add(
            field,
            f"must be greater than zero (got {dec}); corrections are recorded as reversing entries",
        )
        ok = False
    if not positive and dec == 0:
        c.add(field, "must not be zero")
        ok = False
    if currency in CURRENCIES:
        places = currency_decimals(currency)
        exponent = dec.as_tuple().exponent
        if (
            isinstance(exponent, int)
            and -exponent > places
            and dec != dec.quantize(Decimal(1).scaleb(-places))
        ):
            c.add(field, f"{dec} has more than {places} decimals, the minor unit of {currency}")
            ok = False
    return dec if ok else None


def check_country(code: str | None, field: str, c: Collector, *, required: bool = True) -> bool:
    """True if ``code`` is an ISO 3166-1 alpha-2 code (or XK)."""
    if code is None:
        return c.check(not required, field, "is required (ISO 3166-1 alpha-2 code, e.g. RS)")
    return c.check(code in COUNTRIES, field, f"unknown country code {code!r} (expected ISO 3166-1 alpha-2)")


def check_date_in_programme(programme: Programme, on: date, field: str, c: Collector) -> bool:
    """True if ``on`` lies within the programme period."""
    return c.check(
        programme.start_date <= on <= programme.end_date,
        field,
        f"{on.isoformat()} is outside the programme period "
        f"{programme.start_date.isoformat()} to {programme.end_date.isoformat()}",
    )


def check_not_future(on: date, today: date, field: str, c: Collector) -> bool:
    """True unless ``on`` is after ``today`` (IATI: no future transaction or value dates)."""
    return c.check(on <= today, field, f"{on.isoformat()} is in the future (today is {today.isoformat()})")


def quantize_money(amount: Decimal, currency: str) -> Decimal:
    """Round ``amount`` to the minor unit of ``currency`` (half up)."""
    return amount.quantize(Decimal(1).scaleb(-currency_decimals(currency)), rounding=ROUNDING)


def fmt_money(amount: Decimal, currency: str) -> str:
    """``DKK 25,700,000.00`` style."""
    places = currency_decimals(currency)
    return f"{currency} {quantize_money(amount, currency):,.{places}f}"


def find_rate(session: Session, from_currency: str, to_currency: str, on: date) -> ExchangeRate | None:
    """The newest recorded rate from→to dated on or before ``on`` (booking before planning)."""
    rows = session.scalars(
        select(ExchangeRate)
        .where(
            ExchangeRate.from_currency == from_currency,
            ExchangeRate.to_currency == to_currency,
            ExchangeRate.rate_date <= on,
        )
        .order_by(ExchangeRate.rate_date.desc(), ExchangeRate.id.desc())
    ).all()
    if not rows:
        return None
    newest = rows[0].rate_date
    same_day = [r for r in rows if r.rate_date == newest]
    preference = {"realised": 0, "booking": 1, "planning": 2}
    return sorted(same_day, key=lambda r: preference.get(r.kind, 3))[0]


def convert(
    session: Session, programme: Programme, amount: Decimal, currency: str, value_date: date, field: str
) -> tuple[Decimal, int | None, Decimal]:
    """Convert to the programme's base currency with the rate recorded for ``value_date``.

    Returns ``(fx_rate, exchange_rate_id, base_amount)``; raises when no rate is recorded.
    """
    base = programme.base_currency
    if currency == base:
        return Decimal(1), None, amount
    rate = find_rate(session, currency, base, value_date)
    if rate is None:
        raise ProgrammeError.of(
            field,
            f"no exchange rate {currency}->{base} recorded on or before {value_date.isoformat()}; "
            "record one first",
        )
    return rate.rate, rate.id, quantize_money(amount * rate.rate, base)


def get_programme(session: Session, code: str) -> Programme:
    """The programme with ``code``; raises :class:`NotFoundError`."""
    prog = session.scalar(select(Programme).where(Programme.code == code))
    if prog is None:
        raise NotFoundError.of("programme", f"no programme with code {code!r}")
    return prog


def get_organisation(session: Session, short_name: str, field: str = "organisation") -> Organisation:
    """The organisation with ``short_name``; raises :class:`NotFoundError`."""
    org = session.scalar(select(Organisation).where(Organisation.short_name == short_name))
    if org is None:
        raise NotFoundError.of(field, f"no organisation {short_name!r}")
    return org


def get_component(session: Session, programme: Programme, code: str, field: str = "component") -> Component:
    """The component ``code`` of ``programme``; raises :class:`NotFoundError`."""
    comp = session.scalar(
        select(Component).where(Component.programme_id == programme.id, Component.code == code)
    )
    if comp is None:
        known = ", ".join(c.code for c in programme.components) or "none"
        raise NotFoundError.of(
            field, f"programme {programme.code} has no component {code!r} (known: {known})"
        )
    return comp


def get_donor_agreement(
    session: Session, ref: str, programme: Programme | None = None, field: str = "agreement"
) -> DonorAgreement:
    """The donor agreement ``ref`` (of ``programme`` when given)."""
    agr = session.scalar(select(DonorAgreement).where(DonorAgreement.ref == ref))
    if agr is None or (programme is not None and agr.programme_id != programme.id):
        raise NotFoundError.of(
            field, f"no donor agreement {ref!r}" + (f" in {programme.code}" if programme else "")
        )
    return agr


def get_partner_agreement(
    session: Session, ref: str, programme: Programme, field: str = "partner_agreement"
) -> PartnerAgreement:
    """The partner agreement ``ref`` of ``programme``."""
    agr = session.scalar(select(PartnerAgreement).where(PartnerAgreement.ref == ref))
    if agr is None or agr.programme_id != programme.id:
        raise NotFoundError.of(field, f"no partner agreement {ref!r} in {programme.code}")
    return agr


def audit(
    session: Session,
    *,
    programme_id: int | None,
    actor: str,
    action: str,
    entity: str,
    entity_id: int | None,
    reason: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append an audit event (who, what, why)."""
    session.add(
        AuditEvent(
            programme_id=programme_id,
            at=utcnow(),
            actor=actor,
            action=action,
            entity=entity,
            entity_id=entity_id,
            reason=reason,
            detail=detail or {},
        )
    )
