"""Exchange-rate revaluation: what the ledger's foreign-currency amounts are worth at a
chosen date and rate source, next to what they were booked at.

Every ledger entry keeps its transaction currency, amount and the rate recorded when it
was booked (:mod:`migralex.programmes.ledger`). :func:`revaluation` re-converts each entry
with the newest rate of the chosen kind (``planning``, ``booking`` or ``realised``, each
recorded with its source) dated on or before ``on``, and reports the difference in the
programme's base currency; every amount is also shown in each reporting currency asked for
(e.g. DKK and GBP), converted from the base currency at the same date and kind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from migralex.programmes.codelists import CURRENCIES
from migralex.programmes.common import quantize_money
from migralex.programmes.errors import Collector, ProgrammeError
from migralex.programmes.ledger import RATE_KINDS, ledger
from migralex.programmes.models import ExchangeRate, Programme

ZERO = Decimal(0)


@dataclass(frozen=True)
class UsedRate:
    """A rate used by the report: units of ``to`` per one ``from``, its date and source."""

    from_currency: str
    to_currency: str
    rate: Decimal
    rate_date: date
    source: str


@dataclass
class FxLine:
    """One entry: booked and revalued, in the base currency and the reporting currencies."""

    reference: str
    entry_type: str
    transaction_date: date
    amount: Decimal
    currency: str
    booked_rate: Decimal
    booked_base: Decimal
    revalued_rate: Decimal
    revalued_base: Decimal
    difference_base: Decimal
    revalued: dict[str, Decimal] = field(default_factory=dict)


@dataclass
class FxReport:
    """The revaluation of a programme's ledger at ``on`` with rates of ``rate_kind``."""

    programme: str
    base_currency: str
    on: date
    rate_kind: str
    currencies: tuple[str, ...]
    lines: list[FxLine]
    rates: list[UsedRate]

    @property
    def difference_base(self) -> Decimal:
        """Total revaluation gain (+) or loss (-) in the base currency."""
        return sum((ln.difference_base for ln in self.lines), ZERO)


def _rate(session: Session, src: str, dst: str, on: date, kind: str) -> UsedRate | None:
    """Newest rate src->dst of ``kind`` on or before ``on`` (or the inverse of dst->src)."""
    for a, b, invert in ((src, dst, False), (dst, src, True)):
        row = session.scalar(
            select(ExchangeRate)
            .where(
                ExchangeRate.from_currency == a,
                ExchangeRate.to_currency == b,
                ExchangeRate.kind == kind,
                ExchangeRate.rate_date <= on,
            )
            .order_by(ExchangeRate.rate_date.desc(), ExchangeRate.id.desc())
            .limit(1)
        )
        if row is not None:
            rate = (Decimal(1) / row.rate) if invert else row.rate
            return UsedRate(src, dst, rate, row.rate_date, row.source)
    return None


def revaluation(
    session: Session,
    programme: Programme,
    *,
    on: date,
    rate_kind: str = "booking",
    currencies: tuple[str, ...] = ("DKK", "GBP"),
) -> FxReport:
    """Revalue every ledger entry at ``on`` with ``rate_kind`` rates; amounts also in ``currencies``."""
    base = programme.base_currency
    c = Collector()
    c.check(rate_kind in RATE_KINDS, "rate_kind", f"must be one of {', '.join(RATE_KINDS)}")
    for cur in currencies:
        c.check(cur in CURRENCIES, "currencies", f"unknown ISO 4217 code {cur!r}")
    c.raise_if_any()
    entries = ledger(session, programme)
    needed = sorted(
        {e.currency for e in entries if e.currency != base} | {x for x in currencies if x != base}
    )
    rates: dict[str, UsedRate] = {}
    for cur in needed:
        r = _rate(session, cur, base, on, rate_kind)
        if r is None:
            c.add(
                "on",
                f"no {rate_kind} rate {cur}->{base} recorded on or before {on.isoformat()}; record one first",
            )
        else:
            rates[cur] = r
    c.raise_if_any()

    def to_base(amount: Decimal, cur: str) -> tuple[Decimal, Decimal]:
        rate = Decimal(1) if cur == base else rates[cur].rate
        return rate, quantize_money(amount * rate, base)

    lines: list[FxLine] = []
    for e in entries:
        rate, revalued = to_base(e.amount, e.currency)
        lines.append(
            FxLine(
                reference=e.reference,
                entry_type=e.entry_type,
                transaction_date=e.transaction_date,
                amount=e.amount,
                currency=e.currency,
                booked_rate=e.fx_rate,
                booked_base=e.base_amount,
                revalued_rate=rate,
                revalued_base=revalued,
                difference_base=revalued - e.base_amount,
                revalued={
                    cur: revalued if cur == base else quantize_money(revalued / rates[cur].rate, cur)
                    for cur in currencies
                },
            )
        )
    if not lines and not entries:
        raise ProgrammeError.of("programme", f"{programme.code} has no ledger entries to revalue")
    return FxReport(programme.code, base, on, rate_kind, currencies, lines, sorted(rates.values(), key=str))
