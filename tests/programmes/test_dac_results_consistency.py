"""DAC classifications, organisation identifiers, results, child activities and the
consistency rules (issue #18): what a donor's IATI officer checks before publishing.

Bad input is refused naming the field, with nothing written; each consistency rule is
tampered once and the file is refused naming the element; an override records why.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from lxml import etree
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from migralex.programmes import classification, consistency, governance, iati, ledger, results, structure
from migralex.programmes.classification import Dac
from migralex.programmes.errors import ProgrammeError
from migralex.programmes.models import ConsistencyOverride, EntryClassification, Organisation

from .conftest import TODAY, Scenario

NOW = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)


def _classified(session: Session, sc: Scenario) -> None:
    classification.set_programme_classification(
        session,
        sc.programme(session),
        collaboration_type="1",
        defaults=Dac(flow_type="10", finance_type="110", aid_type="C01", tied_status="5"),
    )


def _export(session: Session, sc: Scenario) -> etree._Element:
    return etree.fromstring(iati.export_activity(session, sc.programme(session), now=NOW))


def test_dac_defaults_and_an_entry_override_are_published(session: Session, scenario: Scenario) -> None:
    _classified(session, scenario)
    prog = scenario.programme(session)
    ledger.record_incoming_commitment(
        session,
        prog,
        agreement=scenario.uk,
        reference=f"UK-IC-{scenario.suffix}",
        amount="25700000",
        currency="DKK",
        transaction_date=date(2026, 2, 18),
        today=TODAY,
    )
    classification.classify_entry(
        session, f"UK-IC-{scenario.suffix}", Dac(aid_type="B031"), reason="co-donor's pooled contribution"
    )
    act = _export(session, scenario).find("iati-activity")
    assert act is not None
    codes = {
        tag: act.find(tag).get("code")  # type: ignore[union-attr]
        for tag in (
            "collaboration-type",
            "default-flow-type",
            "default-finance-type",
            "default-aid-type",
            "default-tied-status",
        )
    }
    assert codes == {
        "collaboration-type": "1",
        "default-flow-type": "10",
        "default-finance-type": "110",
        "default-aid-type": "C01",
        "default-tied-status": "5",
    }
    uk = next(t for t in act.findall("transaction") if t.get("ref") == f"UK-IC-{scenario.suffix}")
    assert uk.find("aid-type").get("code") == "B031"  # type: ignore[union-attr]
    # every transaction names its provider and receiver; outgoing ones are paid by the reporting org
    for t in act.findall("transaction"):
        assert t.find("provider-org") is not None and t.find("receiver-org") is not None, t.get("ref")
        if t.find("transaction-type").get("code") in ("2", "3", "4"):  # type: ignore[union-attr,operator]
            assert t.find("provider-org").get("ref") == "XM-DAC-3-1"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("kwargs", "field", "text"),
    [
        ({"collaboration_type": "9"}, "collaboration_type", "unknown CollaborationType code '9'"),
        ({"defaults": Dac("20", "110", "C01", "5")}, "default_flow_type", "FlowType '20' is withdrawn"),
        ({"defaults": Dac("10", "999", "C01", "5")}, "default_finance_type", "unknown FinanceType"),
        ({"defaults": Dac("10", "110", "Z99", "5")}, "default_aid_type", "unknown AidType"),
        ({"defaults": Dac("10", "110", "C01", "1")}, "default_tied_status", "unknown TiedStatus code '1'"),
    ],
)
def test_an_unknown_codelist_value_is_refused_naming_the_field(
    session: Session, scenario: Scenario, kwargs: dict[str, object], field: str, text: str
) -> None:
    prog = scenario.programme(session)
    args: dict[str, object] = {"collaboration_type": "1", "defaults": Dac("10", "110", "C01", "5"), **kwargs}
    with pytest.raises(ProgrammeError, match=rf"{field}: {text}"):
        classification.set_programme_classification(session, prog, **args)  # type: ignore[arg-type]
    session.refresh(prog)
    assert prog.collaboration_type is None and prog.default_flow_type is None  # nothing written


def test_an_entry_override_needs_a_known_code_and_a_reason(session: Session, scenario: Scenario) -> None:
    prog = scenario.programme(session)
    e = ledger.record_incoming_commitment(
        session,
        prog,
        agreement=scenario.uk,
        reference=f"UK-X-{scenario.suffix}",
        amount="1000",
        currency="DKK",
        transaction_date=date(2026, 2, 18),
        today=TODAY,
    )
    with pytest.raises(ProgrammeError, match=r"aid_type: unknown AidType .* 'ZZZ'; reason: is required"):
        classification.classify_entry(session, e.reference, Dac(aid_type="ZZZ"), reason=" ")
    assert session.scalar(select(func.count()).select_from(EntryClassification)) == 0


@pytest.mark.parametrize(
    ("ref", "text"),
    [
        ("denmark mfa", "is not an organisation identifier"),
        ("ZZ-MFA-1", "registration agency ZZ-MFA is not in the vendored"),
        (" XM-DAC-3-1", "has surrounding whitespace"),
        ("XM-DAC-3/1", "is not an organisation identifier"),
    ],
)
def test_a_malformed_organisation_identifier_is_refused(session: Session, ref: str, text: str) -> None:
    before = session.scalar(select(func.count()).select_from(Organisation))
    with pytest.raises(ProgrammeError, match=rf"iati_ref: .*{text}"):
        structure.add_organisation(session, short_name=f"BAD-{abs(hash(ref))}", name="Bad", iati_ref=ref)
    assert session.scalar(select(func.count()).select_from(Organisation)) == before


def test_a_budget_period_over_twelve_months_is_refused(session: Session, scenario: Scenario) -> None:
    prog = scenario.programme(session)
    with pytest.raises(ProgrammeError, match=r"period_end: .*7\.5\.3.* 2027-01-01 to 2028-01-02 is 366"):
        governance.add_budget(
            session,
            prog,
            period_start=date(2027, 1, 1),
            period_end=date(2028, 1, 2),
            amount="1",
            currency="DKK",
        )
    # exactly 365 days, as the official rule allows
    governance.add_budget(
        session, prog, period_start=date(2027, 1, 1), period_end=date(2028, 1, 1), amount="1", currency="DKK"
    )


def test_a_transaction_in_an_unknown_currency_is_refused(session: Session, scenario: Scenario) -> None:
    prog = scenario.programme(session)
    with pytest.raises(ProgrammeError, match=r"currency: .*'DKX'"):
        ledger.record_incoming_commitment(
            session,
            prog,
            agreement=scenario.uk,
            reference=f"UK-DKX-{scenario.suffix}",
            amount="1",
            currency="DKX",
            transaction_date=date(2026, 2, 18),
            today=TODAY,
        )
    assert ledger.ledger(session, prog) == [e for e in ledger.ledger(session, prog) if e.currency != "DKX"]


def test_results_and_child_activities_are_published_and_valid(session: Session, scenario: Scenario) -> None:
    _classified(session, scenario)
    prog = scenario.programme(session)
    r = results.add_result(session, prog, component="BMM", result_type="1", title="Officials trained")
    ind = results.add_indicator(
        session, r, title="Number trained", measure="1", baseline_year=2025, baseline_value="0"
    )
    results.set_period(
        session, ind, period_start=date(2026, 1, 1), period_end=date(2026, 6, 30), target="100"
    )
    results.set_period(session, ind, period_start=date(2026, 1, 1), period_end=date(2026, 6, 30), actual="60")
    child = results.add_child_activity(session, prog, partner_agreement=scenario.iom)
    root = _export(session, scenario)
    parent, kid = root.findall("iati-activity")
    period = parent.find("result/indicator/period")
    assert period is not None
    assert (period.find("target").get("value"), period.find("actual").get("value")) == ("100", "60")  # type: ignore[union-attr]
    assert parent.find("result/indicator/baseline").get("value") == "0"  # type: ignore[union-attr]
    assert kid.get("hierarchy") == "2" and kid.findtext("iati-identifier") == child.iati_identifier
    assert parent.find("related-activity[@type='2']").get("ref") == child.iati_identifier  # type: ignore[union-attr]
    assert kid.find("related-activity[@type='1']").get("ref") == prog.iati_identifier  # type: ignore[union-attr]
    assert kid.find("participating-org[@role='4']").get("ref") == "XM-DAC-47066"  # type: ignore[union-attr]


def test_a_qualitative_indicator_takes_no_number(session: Session, scenario: Scenario) -> None:
    prog = scenario.programme(session)
    r = results.add_result(session, prog, result_type="2", title="Rights-based practice")
    with pytest.raises(ProgrammeError, match="baseline_value: a qualitative indicator"):
        results.add_indicator(
            session, r, title="Practice", measure="5", baseline_year=2025, baseline_value="3"
        )
    with pytest.raises(ProgrammeError, match="result_type: unknown IATI ResultType '7'"):
        results.add_result(session, prog, result_type="7", title="x")


def test_an_export_with_no_sector_and_no_geography_is_refused(session: Session, scenario: Scenario) -> None:
    data = etree.fromstring(iati.to_bytes(iati.build_activity(session, scenario.programme(session), now=NOW)))
    act = data.find("iati-activity")
    assert act is not None
    for tag in ("sector", "recipient-country", "recipient-region", "activity-scope"):
        for el in act.findall(tag):
            act.remove(el)
    errors = [p for p in iati.validate(etree.tostring(data), now=NOW) if p.is_error]
    assert {p.rule_id for p in errors} >= {"6.2.2", "3.7.1"}


# ---- consistency rules: each tampered once -------------------------------------------------


def _base_doc(session: Session, sc: Scenario) -> etree._Element:
    return etree.fromstring(iati.to_bytes(iati.build_activity(session, sc.programme(session), now=NOW)))


def test_budgets_over_the_total_commitment_are_refused_naming_the_budget(
    session: Session, scenario: Scenario
) -> None:
    prog = scenario.programme(session)
    total = iati.total_commitment(prog)
    for year in (2026, 2027):
        governance.add_budget(
            session,
            prog,
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
            amount=str(total / 2 + 1),
            currency="DKK",
        )
    with pytest.raises(
        iati.IatiInvalid, match=r"consistency\.budget-total: budget: budgets add up to .* more than"
    ):
        iati.export_activity(session, prog, now=NOW)
    consistency.record_override(
        session,
        prog,
        "consistency.budget-total",
        reason="revised budget awaiting the donors' top-up",
        actor="lead",
    )
    assert iati.export_activity(session, prog, now=NOW)  # published, and why is recorded
    (row,) = session.scalars(select(ConsistencyOverride).where(ConsistencyOverride.programme_id == prog.id))
    assert (row.rule_id, row.actor) == ("consistency.budget-total", "lead")


def test_an_override_needs_a_known_rule_and_a_reason(session: Session, scenario: Scenario) -> None:
    with pytest.raises(ProgrammeError, match=r"rule: unknown consistency rule 'x'.*; reason: is required"):
        consistency.record_override(session, scenario.programme(session), "x", reason="", actor="lead")


@pytest.mark.parametrize(
    ("rule", "element"),
    [
        ("consistency.status-dates", "activity-status"),
        ("consistency.value-currency", "value"),
        ("consistency.percent-vocabulary", "sector"),
        ("consistency.percent-vocabulary", "recipient-country"),
    ],
)
def test_each_consistency_rule_refuses_naming_the_element(
    session: Session, scenario: Scenario, rule: str, element: str
) -> None:
    root = _base_doc(session, scenario)
    act = root.find("iati-activity")
    assert act is not None
    assert consistency.check(root) == []
    if rule == "consistency.status-dates":
        act.remove(act.find("activity-date[@type='2']"))  # type: ignore[arg-type]
    elif rule == "consistency.value-currency":
        act.find("transaction/value").attrib.pop("currency")  # type: ignore[union-attr]
    elif element == "sector":
        extra = etree.Element("sector", vocabulary="99", code="X", percentage="40")
        etree.SubElement(extra, "narrative").text = "programme pillar"
        act.findall("sector")[-1].addnext(extra)
        act.findall("sector")[-1].addnext(etree.Element("sector", vocabulary="99", code="Y"))
    else:
        act.find("recipient-country").attrib.pop("percentage")  # type: ignore[union-attr]
    data = etree.tostring(root)
    problems = [p for p in iati.validate(data, now=NOW) if p.layer == "consistency"]
    assert problems and all(p.rule_id == rule for p in problems), problems
    assert f"{rule}: {element}:" in problems[0].message and problems[0].line


def test_the_demo_file_passes_every_official_and_consistency_rule(session: Session) -> None:
    from migralex.programmes.demo import load_demo

    prog = load_demo(session, today=date(2026, 11, 23))
    data = iati.export_activity(session, prog, now=datetime(2026, 11, 23, 12, tzinfo=UTC))
    problems = iati.validate(
        data, now=datetime(2026, 11, 23, 12, tzinfo=UTC), total_commitment=iati.total_commitment(prog)
    )
    assert problems == []
    root = etree.fromstring(data)
    assert len(root.findall("iati-activity[@hierarchy='2']")) == 3
    assert root.find("iati-activity/result/indicator") is not None
    assert iati.total_commitment(prog) == Decimal("325700000")
