"""IATI 2.03 export: valid against the official XSD (vendored, loaded offline), the code
lists and the rules the brief lists (percentages add up to 100, budget periods within a
year, no future dates); and the validator catches what the XSD alone lets through."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy.orm import Session

from migralex.programmes import governance, iati, ledger, structure
from migralex.programmes.iati import IatiInvalid, validate

from .conftest import TODAY, Scenario

NOW = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)
DATA = Path(__file__).parent / "data"


def exported(session: Session, sc: Scenario) -> etree._Element:
    prog = sc.programme(session)
    governance.add_budget(
        session,
        prog,
        period_start=date(2025, 7, 1),
        period_end=date(2025, 12, 31),
        amount="30000000",
        currency="DKK",
        status="2",
    )
    governance.add_budget(
        session,
        prog,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        amount="60000000",
        currency="DKK",
    )
    ledger.record_incoming_commitment(
        session,
        prog,
        agreement=sc.uk,
        reference=f"UK-IC-{sc.suffix}",
        amount="25700000",
        currency="DKK",
        transaction_date=date(2026, 2, 18),
        today=TODAY,
    )
    d = ledger.record_disbursement(
        session,
        prog,
        partner_agreement=sc.iom,
        reference=f"D1-{sc.suffix}",
        amount="10000000",
        currency="DKK",
        transaction_date=date(2025, 10, 1),
        country="RS",
        today=TODAY,
    )
    ledger.reverse_entry(session, d.reference, on=date(2025, 10, 2), reason="wrong country", today=TODAY)
    ledger.record_disbursement(
        session,
        prog,
        partner_agreement=sc.iom,
        reference=f"D2-{sc.suffix}",
        amount="10000000",
        currency="DKK",
        transaction_date=date(2025, 10, 2),
        country="BA",
        today=TODAY,
    )
    structure.add_document(
        session,
        prog,
        title="UK and Denmark deepen cooperation (press release)",
        url="https://example.org/press",
        category="A12",
        document_date=date(2026, 2, 18),
    )
    data = iati.export_activity(session, prog, now=NOW)
    return etree.fromstring(data)


def test_the_export_validates_and_carries_the_programme(session: Session, scenario: Scenario) -> None:
    root = exported(session, scenario)
    assert root.get("version") == "2.03"
    (act,) = root.findall("iati-activity")
    assert act.findtext("iati-identifier") == f"XM-DAC-3-1-TEST-{scenario.suffix}"
    assert act.find("reporting-org").get("ref") == "XM-DAC-3-1"  # type: ignore[union-attr]
    roles = [(p.get("ref"), p.get("role")) for p in act.findall("participating-org")]
    assert roles == [
        ("XM-DAC-3-1", "1"),
        ("GB-GOV-1", "1"),
        ("XM-DAC-3-1", "2"),
        ("XM-DAC-3-1", "3"),
        ("XM-DAC-47066", "4"),
        ("XM-DAC-5-52", "4"),
        (None, "4"),
    ]
    assert act.findall("participating-org")[-1].findtext("narrative") == "Danish Institute for Human Rights"
    countries = {c.get("code"): c.get("percentage") for c in act.findall("recipient-country")}
    assert countries == {"TR": "40", "AL": "10", "BA": "10", "ME": "10", "MK": "10", "RS": "10", "XK": "10"}
    assert [(s.get("code"), s.get("percentage")) for s in act.findall("sector")] == [("15190", "100")]
    assert [d.get("type") for d in act.findall("activity-date")] == ["1", "2", "3"]
    budgets = [
        (b.find("period-start").get("iso-date"), b.findtext("value"))  # type: ignore[union-attr]
        for b in act.findall("budget")
    ]
    assert budgets == [("2025-07-01", "30000000"), ("2026-01-01", "60000000")]
    tx = [
        (t.get("ref"), t.find("transaction-type").get("code"))  # type: ignore[union-attr]
        for t in act.findall("transaction")
    ]
    assert tx == [
        (f"IOM-C1-{scenario.suffix}", "2"),
        (f"UK-IC-{scenario.suffix}", "11"),
        (f"D2-{scenario.suffix}", "3"),
    ]  # the reversed pair cancels out
    uk = act.findall("transaction")[1]
    assert uk.find("provider-org").get("ref") == "GB-GOV-1"  # type: ignore[union-attr]
    assert uk.find("value").get("value-date") == "2026-02-18"  # type: ignore[union-attr]
    assert act.find("document-link/category").get("code") == "A12"  # type: ignore[union-attr]
    assert act.find("transaction/recipient-country") is None  # geography at activity level only


def test_the_vendored_schema_is_the_official_one_and_loads_offline() -> None:
    import hashlib

    digest = hashlib.sha256((iati.schema_dir() / "iati-activities-schema.xsd").read_bytes()).hexdigest()
    assert digest == "62c91a66c82ee26864d5e6c3f4bd6358de14d3aec69bc649db85da9f9a0792bc"
    assert (iati.schema_dir() / "NOTICE.md").read_text().count("CC BY 4.0") >= 1
    assert iati.load_schema() is iati.load_schema()


def test_the_brief_example_activity_validates() -> None:
    assert iati.validate_file(DATA / "brief_example_activity.xml", today=date(2026, 11, 22)) == []


def _mutated(change: str) -> bytes:
    doc = etree.parse(str(DATA / "brief_example_activity.xml"))
    act = doc.getroot().find("iati-activity")
    assert act is not None
    if change == "no-status":
        act.remove(act.find("activity-status"))  # type: ignore[arg-type]
    elif change == "percent-155":
        act.find("recipient-country").set("percentage", "95")  # type: ignore[union-attr]
    elif change == "sector-90":
        act.find("sector").set("percentage", "50")  # type: ignore[union-attr]
    elif change == "two-year-budget":
        act.find("budget/period-end").set("iso-date", "2027-12-31")  # type: ignore[union-attr]
    elif change == "future-transaction":
        act.find("transaction/transaction-date").set("iso-date", "2027-01-01")  # type: ignore[union-attr]
    elif change == "role-9":
        act.find("participating-org").set("role", "9")  # type: ignore[union-attr]
    elif change == "type-99":
        act.find("transaction/transaction-type").set("code", "99")  # type: ignore[union-attr]
    elif change == "currency":
        act.find("budget/value").set("currency", "DKX")  # type: ignore[union-attr]
    elif change == "withdrawn-sector":
        act.find("sector").set("code", "15161")  # type: ignore[union-attr]
    return etree.tostring(doc)


@pytest.mark.parametrize(
    ("change", "layer", "text"),
    [
        ("no-status", "schema", "Element 'activity-date': This element is not expected"),
        (
            "percent-155",
            "rule",
            "3.1.2: iati-activity: Percentage values for recipient countries, must add up to 100%. "
            "(they add up to 155)",
        ),
        ("sector-90", "rule", "2.1.2: iati-activity: Percentage values for sectors, within a vocabulary"),
        ("two-year-budget", "rule", "7.5.3: budget: Budget Period must not be longer than one year."),
        (
            "future-transaction",
            "rule",
            "11.2.1: iati-activity: The transaction date must not be in the future",
        ),
        ("role-9", "codelist", "participating-org/@role: '9' is not in OrganisationRole"),
        ("type-99", "codelist", "transaction/transaction-type/@code: '99' is not in TransactionType"),
        ("currency", "codelist", "'DKX' is not in Currency"),
        ("withdrawn-sector", "codelist", "sector 15161 is withdrawn"),
    ],
)
def test_the_validator_reports_what_is_wrong(change: str, layer: str, text: str) -> None:
    problems = validate(_mutated(change), today=date(2026, 11, 22))
    assert any(p.layer == layer and text in p.message for p in problems), problems
    if change in ("percent-155", "role-9", "type-99", "two-year-budget"):
        # the XSD alone accepts these: the native checks are what catch them
        assert iati.load_schema().validate(etree.ElementTree(etree.fromstring(_mutated(change))))


def test_an_invalid_programme_is_not_exported(session: Session, scenario: Scenario) -> None:
    prog = scenario.programme(session)
    ledger.record_disbursement(
        session,
        prog,
        partner_agreement=scenario.iom,
        reference=f"DX-{scenario.suffix}",
        amount="1000",
        currency="DKK",
        transaction_date=date(2026, 6, 30),
        country="RS",
        today=TODAY,
    )
    with pytest.raises(IatiInvalid, match=r"11\.2\.1: iati-activity: The transaction date must not be"):
        iati.export_activity(session, prog, now=datetime(2026, 6, 1, tzinfo=UTC))


def test_malformed_xml_is_reported_not_raised(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<iati-activities version='2.03'><iati-activity>")
    (problem,) = iati.validate_file(bad)
    assert problem.layer == "schema" and "not well-formed" in problem.message
