"""Property: whatever sequence of disbursements, explicit UK funding and reversals is tried,
what the ledger accepts never breaks an earmark, every entry is fully attributed, and the
UK's money is only ever found in the Western Balkans."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session, sessionmaker

from migralex.programmes import ledger
from migralex.programmes.common import get_programme
from migralex.programmes.earmarks import FundingShare, earmark_report
from migralex.programmes.errors import Refused

from .conftest import TODAY, WB6, Scenario

step = st.tuples(
    st.sampled_from([*WB6, "TR"]),
    st.integers(min_value=1, max_value=12_000_000).map(lambda n: Decimal(n) / 100 * 100),
    st.booleans(),  # name the UK funds explicitly
    st.booleans(),  # reverse it afterwards
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, min_size=1, max_size=7))
def test_accepted_spending_never_breaks_an_earmark(
    session_factory: sessionmaker[Session], scenario: Scenario, steps: list[tuple[str, Decimal, bool, bool]]
) -> None:
    with session_factory() as s:
        prog = get_programme(s, scenario.code)
        accepted = 0
        for country, amount, explicit_uk, undo in steps:
            ref = f"P-{uuid.uuid4().hex[:10]}"
            funding = [FundingShare(scenario.uk)] if explicit_uk else None
            try:
                entry = ledger.record_disbursement(
                    s,
                    prog,
                    partner_agreement=scenario.iom,
                    reference=ref,
                    amount=amount,
                    currency="DKK",
                    transaction_date=date(2026, 1, 5),
                    country=country,
                    funding=funding,
                    today=TODAY,
                )
            except Refused as exc:
                assert explicit_uk or "more than committed" in str(exc)
                if explicit_uk and country == "TR":
                    assert "earmarked" in str(exc)
                continue
            accepted += 1
            assert sum(a.base_amount for a in entry.attributions) == entry.base_amount
            if explicit_uk:
                assert country in WB6 and {a.agreement.ref for a in entry.attributions} == {scenario.uk}
            if undo:
                ledger.reverse_entry(s, ref, on=date(2026, 1, 6), reason="property test", today=TODAY)
        report = earmark_report(s, prog)
        assert report.ok, (report.unattributed_entries, [d.violations for d in report.donors])
        uk = next(d for d in report.donors if d.agreement_ref == scenario.uk)
        assert all(v == 0 for c, v in uk.by_country.items() if c not in WB6)
        for line in uk.earmarks:
            assert Decimal(0) <= line.spent <= line.amount
        s.rollback()
