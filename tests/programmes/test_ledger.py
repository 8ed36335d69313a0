"""The ledger: every amount with currency, value date and rate; bad input refused with
the field and the problem and nothing written; corrections only as reversing entries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from migralex.programmes import ledger, structure
from migralex.programmes.errors import NotFoundError, ProgrammeError, Refused
from migralex.programmes.models import FundingAttribution, LedgerEntry, Programme

from .conftest import TODAY, Scenario


def rows(session: Session, code: str) -> tuple[int, int]:
    """(ledger entries, funding attributions) of programme ``code``."""
    prog_id = select(Programme.id).where(Programme.code == code).scalar_subquery()
    entries = session.scalar(
        select(func.count()).select_from(LedgerEntry).where(LedgerEntry.programme_id == prog_id)
    )
    attrs = session.scalar(
        select(func.count())
        .select_from(FundingAttribution)
        .join(LedgerEntry)
        .where(LedgerEntry.programme_id == prog_id)
    )
    return int(entries or 0), int(attrs or 0)


def disburse(session: Session, sc: Scenario, **overrides: Any) -> LedgerEntry:
    """A disbursement to IOM; keyword arguments override the defaults."""
    args: dict[str, Any] = dict(
        partner_agreement=sc.iom,
        reference=f"D-{sc.suffix}",
        amount="5000000",
        currency="DKK",
        transaction_date=date(2025, 10, 1),
        country="RS",
        today=TODAY,
    )
    args.update(overrides)
    return ledger.record_disbursement(session, sc.programme(session), **args)


@pytest.mark.parametrize(
    ("overrides", "field", "problem"),
    [
        ({"currency": "DKX"}, "currency", "unknown currency 'DKX'"),
        (
            {"amount": "-5000000"},
            "amount",
            "must be greater than zero (got -5000000); corrections are recorded as reversing entries",
        ),
        ({"amount": "0"}, "amount", "must be greater than zero"),
        ({"amount": "10.005"}, "amount", "has more than 2 decimals, the minor unit of DKK"),
        ({"amount": "lots"}, "amount", "'lots' is not a number"),
        (
            {"transaction_date": date(2031, 1, 15)},
            "transaction_date",
            "2031-01-15 is outside the programme period 2025-01-01 to 2030-12-31",
        ),
        ({"transaction_date": date(2024, 12, 31)}, "transaction_date", "is outside the programme period"),
        (
            {"transaction_date": date(2026, 7, 1)},
            "transaction_date",
            "2026-07-01 is in the future (today is 2026-06-30)",
        ),
        ({"country": "ZZ"}, "country", "unknown country code 'ZZ'"),
    ],
)
def test_bad_disbursement_names_the_field_and_the_problem_and_writes_nothing(
    session: Session, scenario: Scenario, overrides: dict[str, Any], field: str, problem: str
) -> None:
    before = rows(session, scenario.code)
    with pytest.raises(ProgrammeError) as err:
        disburse(session, scenario, **overrides)
    assert any(p.field == field and problem in p.message for p in err.value.problems), err.value.problems
    assert str(err.value).startswith(f"{field}: ") or f"; {field}: " in str(err.value)
    session.rollback()
    assert rows(session, scenario.code) == before


def test_several_problems_are_reported_together(session: Session, scenario: Scenario) -> None:
    with pytest.raises(ProgrammeError) as err:
        disburse(session, scenario, currency="XXX", amount="-1", transaction_date=date(2032, 1, 1))
    assert {p.field for p in err.value.problems} >= {"currency", "amount", "transaction_date"}


def test_a_disbursement_is_recorded_with_its_money_rate_and_funding(
    session: Session, scenario: Scenario
) -> None:
    entry = disburse(session, scenario, amount="5000000.50")
    session.commit()
    assert (entry.entry_type, entry.amount, entry.currency) == ("disbursement", Decimal("5000000.50"), "DKK")
    assert entry.value_date == date(2025, 10, 1)
    assert entry.fx_rate == Decimal(1) and entry.exchange_rate_id is None
    assert entry.base_amount == Decimal("5000000.50")
    assert entry.receiver_org is not None and entry.receiver_org.short_name == "IOM"
    assert sum(a.base_amount for a in entry.attributions) == entry.base_amount
    assert rows(session, scenario.code) == (2, 1)


def test_disbursing_more_than_committed_to_the_partner_is_refused(
    session: Session, scenario: Scenario
) -> None:
    disburse(session, scenario, amount="30000000", reference=f"D1-{scenario.suffix}")
    with pytest.raises(
        Refused,
        match=r"amount: disbursements to IOM-\w+ would total DKK 45,000,000.00, "
        r"more than committed DKK 40,000,000.00",
    ):
        disburse(session, scenario, amount="15000000", reference=f"D2-{scenario.suffix}")


def test_a_country_outside_the_partner_agreement_is_refused(session: Session, scenario: Scenario) -> None:
    prog = scenario.programme(session)
    structure.add_partner_agreement(
        session,
        prog,
        partner="DIHR",
        component="CTS",
        ref=f"DIHR-{scenario.suffix}",
        countries=["RS", "BA"],
        start_date=date(2025, 7, 1),
        end_date=date(2027, 6, 30),
        ceiling="5000000",
        currency="DKK",
    )
    ledger.record_outgoing_commitment(
        session,
        prog,
        partner_agreement=f"DIHR-{scenario.suffix}",
        reference=f"DIHR-C-{scenario.suffix}",
        amount="5000000",
        currency="DKK",
        transaction_date=date(2025, 8, 1),
        today=TODAY,
    )
    with pytest.raises(
        Refused, match=r"country: AL is not covered by partner agreement DIHR-\w+ \(countries: RS, BA\)"
    ):
        disburse(session, scenario, partner_agreement=f"DIHR-{scenario.suffix}", country="AL")


def test_commitments_stay_within_the_partner_ceiling(session: Session, scenario: Scenario) -> None:
    with pytest.raises(
        Refused,
        match=r"commitments to IOM-\w+ would total DKK 100,000,000.01, above the agreement "
        r"ceiling DKK 100,000,000.00",
    ):
        ledger.record_outgoing_commitment(
            session,
            scenario.programme(session),
            partner_agreement=scenario.iom,
            reference=f"C2-{scenario.suffix}",
            amount="60000000.01",
            currency="DKK",
            transaction_date=date(2025, 10, 1),
            today=TODAY,
        )


def test_foreign_currency_uses_the_recorded_rate_of_the_value_date(
    session: Session, scenario: Scenario
) -> None:
    prog = scenario.programme(session)
    c = ledger.record_outgoing_commitment(
        session,
        prog,
        partner_agreement=scenario.giz,
        reference=f"GIZ-C-{scenario.suffix}",
        amount="1000000",
        currency="EUR",
        transaction_date=date(2025, 8, 1),
        today=TODAY,
    )
    assert (c.amount, c.currency, c.fx_rate, c.base_amount) == (
        Decimal("1000000"),
        "EUR",
        Decimal("7.46"),
        Decimal("7460000.00"),
    )
    assert c.exchange_rate_id is not None
    with pytest.raises(
        ProgrammeError, match=r"currency: no exchange rate EUR->DKK recorded on or before 2025-06-30"
    ):
        ledger.record_outgoing_commitment(
            session,
            prog,
            partner_agreement=scenario.giz,
            reference=f"GIZ-C0-{scenario.suffix}",
            amount="1",
            currency="EUR",
            transaction_date=date(2025, 6, 30),
            today=TODAY,
        )


def test_incoming_money_cannot_exceed_the_contribution_schedule(session: Session, scenario: Scenario) -> None:
    prog = scenario.programme(session)
    e = ledger.record_incoming_commitment(
        session,
        prog,
        agreement=scenario.uk,
        reference=f"UK-IC-{scenario.suffix}",
        amount="25700000",
        currency="DKK",
        transaction_date=date(2026, 2, 18),
        today=TODAY,
    )
    assert e.provider_org is not None and e.provider_org.short_name == "FCDO"
    ledger.record_incoming_funds(
        session,
        prog,
        agreement=scenario.uk,
        reference=f"UK-IF1-{scenario.suffix}",
        amount="12850000",
        currency="DKK",
        transaction_date=date(2026, 3, 2),
        today=TODAY,
    )
    with pytest.raises(
        Refused,
        match=r"incoming funds from UK-\w+ would total DKK 25,700,000.01, more than its "
        r"contribution schedule DKK 25,700,000.00",
    ):
        ledger.record_incoming_funds(
            session,
            prog,
            agreement=scenario.uk,
            reference=f"UK-IF2-{scenario.suffix}",
            amount="12850000.01",
            currency="DKK",
            transaction_date=date(2026, 4, 1),
            today=TODAY,
        )


def test_a_mistake_is_corrected_by_a_reversing_entry_never_an_edit(
    session: Session, scenario: Scenario
) -> None:
    wrong = disburse(session, scenario, amount="7000000", reference=f"D-WRONG-{scenario.suffix}")
    rev = ledger.reverse_entry(
        session, wrong.reference, on=date(2025, 10, 3), reason="typed 7m instead of 700k", today=TODAY
    )
    right = disburse(session, scenario, amount="700000", reference=f"D-RIGHT-{scenario.suffix}")
    session.commit()
    assert rev.reverses_id == wrong.id and rev.amount == Decimal("-7000000") and rev.reason
    assert [a.base_amount for a in rev.attributions] == [-a.base_amount for a in wrong.attributions]
    assert wrong.amount == Decimal("7000000")  # the original stays as it was
    entries = [
        e for e in ledger.ledger(session, scenario.programme(session)) if e.entry_type == "disbursement"
    ]
    assert sum(e.base_amount for e in entries) == right.base_amount == Decimal("700000")
    with pytest.raises(Refused, match="has already been reversed"):
        ledger.reverse_entry(session, wrong.reference, on=date(2025, 10, 4), reason="again", today=TODAY)
    with pytest.raises(Refused, match="is itself a reversal"):
        ledger.reverse_entry(session, rev.reference, on=date(2025, 10, 4), reason="undo", today=TODAY)
    with pytest.raises(NotFoundError, match="reference: no ledger entry 'NOPE'"):
        ledger.reverse_entry(session, "NOPE", on=date(2025, 10, 4), reason="x", today=TODAY)


def test_a_commitment_with_disbursements_cannot_be_reversed_first(
    session: Session, scenario: Scenario
) -> None:
    disburse(session, scenario)
    with pytest.raises(Refused, match="reverse disbursements first"):
        ledger.reverse_entry(
            session, f"IOM-C1-{scenario.suffix}", on=date(2025, 11, 1), reason="cancelled", today=TODAY
        )


def test_duplicate_references_are_refused(session: Session, scenario: Scenario) -> None:
    disburse(session, scenario)
    with pytest.raises(ProgrammeError, match=r"reference: an entry 'D-\w+' already exists"):
        disburse(session, scenario)
