"""Earmark proof: the UK's contribution (illustrative DKK 25.7 m in the tests) is earmarked for
the Western Balkans; every disbursement is attributed to donor funds, and a report shows,
per donor, that earmarked money went only where it was earmarked."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from migralex.programmes import ledger
from migralex.programmes.common import utcnow
from migralex.programmes.earmarks import FundingShare, earmark_report
from migralex.programmes.errors import Refused
from migralex.programmes.models import FundingAttribution, LedgerEntry

from .conftest import TODAY, WB6, Scenario


def disburse(
    session: Session,
    sc: Scenario,
    ref: str,
    amount: str,
    country: str,
    funding: list[FundingShare] | None = None,
) -> LedgerEntry:
    return ledger.record_disbursement(
        session,
        sc.programme(session),
        partner_agreement=sc.iom,
        reference=f"{ref}-{sc.suffix}",
        amount=amount,
        currency="DKK",
        transaction_date=date(2025, 11, 3),
        country=country,
        funding=funding,
        today=TODAY,
    )


def funders(entry: LedgerEntry) -> dict[str, Decimal]:
    return {
        f"{a.agreement.donor.short_name}/{a.earmark.name if a.earmark else '-'}": a.base_amount
        for a in entry.attributions
    }


def test_spending_in_serbia_uses_the_uk_western_balkans_earmark_first(
    session: Session, scenario: Scenario
) -> None:
    entry = disburse(session, scenario, "RS1", "3000000", "RS")
    assert funders(entry) == {"FCDO/Western Balkans": Decimal("3000000")}


def test_spending_in_turkiye_is_paid_by_denmark_never_by_the_uk(session: Session, scenario: Scenario) -> None:
    entry = disburse(session, scenario, "TR1", "3000000", "TR")
    assert funders(entry) == {"DK-MFA/-": Decimal("3000000")}


def test_uk_funds_named_for_turkiye_are_refused_with_the_reason(session: Session, scenario: Scenario) -> None:
    with pytest.raises(Refused) as err:
        disburse(session, scenario, "TR2", "1000000", "TR", [FundingShare(scenario.uk)])
    assert err.value.problems[0].field == "funding[0].agreement"
    assert err.value.problems[0].message == (
        f"funds of {scenario.uk} (FCDO) are earmarked ('Western Balkans': AL, BA, ME, MK, RS, XK); "
        "they cannot pay for spending in TR (Türkiye) on component BMM"
    )
    with pytest.raises(
        Refused,
        match=r"funding\[0\].earmark: UK-\w+ earmark 'Western Balkans' may only be spent "
        r"in AL, BA, ME, MK, RS, XK; this entry is in TR",
    ):
        disburse(
            session, scenario, "TR3", "1000000", "TR", [FundingShare(scenario.uk, earmark="Western Balkans")]
        )


def test_an_over_spent_earmark_is_refused(session: Session, scenario: Scenario) -> None:
    disburse(
        session, scenario, "AL1", "20000000", "AL", [FundingShare(scenario.uk, earmark="Western Balkans")]
    )
    with pytest.raises(Refused) as err:
        disburse(
            session, scenario, "BA1", "6000000", "BA", [FundingShare(scenario.uk, earmark="Western Balkans")]
        )
    assert str(err.value) == (
        f"funding[0].amount: earmark 'Western Balkans' of {scenario.uk} has DKK 5,700,000.00 left; "
        "DKK 6,000,000.00 requested (over-spent earmark)"
    )


def test_when_the_earmark_runs_out_denmark_pays_the_rest(session: Session, scenario: Scenario) -> None:
    entry = disburse(session, scenario, "XK1", "30000000", "XK")
    assert funders(entry) == {"FCDO/Western Balkans": Decimal("25700000"), "DK-MFA/-": Decimal("4300000")}


def test_explicit_split_must_add_up_to_the_entry(session: Session, scenario: Scenario) -> None:
    entry = disburse(
        session,
        scenario,
        "ME1",
        "1000000",
        "ME",
        [FundingShare(scenario.uk, "400000"), FundingShare(scenario.dk, "600000")],
    )
    assert funders(entry) == {"FCDO/Western Balkans": Decimal("400000"), "DK-MFA/-": Decimal("600000")}
    with pytest.raises(
        Refused, match=r"funding: shares add up to DKK 900,000\.00 but the entry is DKK 1,000,000\.00"
    ):
        disburse(
            session,
            scenario,
            "ME2",
            "1000000",
            "ME",
            [FundingShare(scenario.uk, "400000"), FundingShare(scenario.dk, "500000")],
        )


def test_the_report_proves_per_donor_where_earmarked_money_went(session: Session, scenario: Scenario) -> None:
    disburse(session, scenario, "RS", "8000000", "RS")
    disburse(session, scenario, "MK", "4000000", "MK")
    disburse(session, scenario, "TR", "9000000", "TR")
    rev = disburse(session, scenario, "AL", "2000000", "AL")
    ledger.reverse_entry(session, rev.reference, on=date(2025, 11, 4), reason="duplicate", today=TODAY)
    report = earmark_report(session, scenario.programme(session))
    assert report.ok and report.currency == "DKK"
    uk = next(d for d in report.donors if d.agreement_ref == scenario.uk)
    assert set(uk.by_country) <= set(WB6)
    assert uk.by_country == {"RS": Decimal("8000000"), "MK": Decimal("4000000"), "AL": Decimal("0")}
    (wb,) = uk.earmarks
    assert (wb.amount, wb.spent, wb.remaining) == (
        Decimal("25700000"),
        Decimal("12000000"),
        Decimal("13700000"),
    )
    assert wb.scope == "AL, BA, ME, MK, RS, XK" and uk.violations == []
    dk = next(d for d in report.donors if d.agreement_ref == scenario.dk)
    assert dk.by_country == {"TR": Decimal("9000000")}
    assert dk.pledged == Decimal("274300000")


def test_the_report_does_not_trust_the_write_path(session: Session, scenario: Scenario) -> None:
    """A row slipped in around the services (UK earmark on Türkiye spending) shows up as a breach."""
    entry = disburse(session, scenario, "TR9", "1000000", "TR")
    uk_agreement = scenario.programme(session).donor_agreements[1]
    session.add(
        FundingAttribution(
            ledger_entry_id=entry.id,
            donor_agreement_id=uk_agreement.id,
            earmark_id=uk_agreement.earmarks[0].id,
            base_amount=Decimal("1000000"),
            rule="forged",
            recorded_at=utcnow(),
        )
    )
    session.flush()
    session.expire_all()
    report = earmark_report(session, scenario.programme(session))
    assert not report.ok
    uk = next(d for d in report.donors if d.agreement_ref == scenario.uk)
    assert uk.violations == [
        f"TR9-{scenario.suffix}: DKK 1,000,000.00 of earmark 'Western Balkans' spent in TR "
        "(Türkiye) on component BMM outside AL, BA, ME, MK, RS, XK"
    ]
    assert report.unattributed_entries == [f"TR9-{scenario.suffix}"]


def test_donor_funds_pay_only_for_spending_within_the_agreement_period(
    session: Session, scenario: Scenario
) -> None:
    prog = scenario.programme(session)
    with pytest.raises(
        Refused,
        match=r"funding\[0\]\.agreement: UK-\w+ is valid from 2025-04-01 to 2027-03-31; "
        r"this entry is dated 2025-03-01",
    ):
        ledger.record_expenditure(
            session,
            prog,
            component="BMM",
            reference=f"E1-{scenario.suffix}",
            amount="50000",
            currency="DKK",
            transaction_date=date(2025, 3, 1),
            country="RS",
            funding=[FundingShare(scenario.uk)],
            today=TODAY,
        )
    entry = ledger.record_expenditure(
        session,
        prog,
        component="BMM",
        reference=f"E2-{scenario.suffix}",
        amount="50000",
        currency="DKK",
        transaction_date=date(2025, 3, 1),
        country="RS",
        today=TODAY,
    )
    assert funders(entry) == {"DK-MFA/-": Decimal("50000")}
