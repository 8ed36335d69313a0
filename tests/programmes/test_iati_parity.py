"""``validate-iati`` agrees with the official IATI Rulesets on single-change copies.

Each case takes an activity that passes every official rule, changes one thing, and
expects the official rule that change breaks (id and severity as the IATI Validator
reports them), with the element named. The cases listed in issue #18 as mismatches of the
earlier validator are all here, each a regression test; so are three changes the official
rules allow and the earlier validator refused.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from migralex.programmes import iati

DATA = Path(__file__).parent / "data"
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
Change = Callable[[etree._Element], object]


def _base() -> etree._ElementTree:
    return etree.parse(str(DATA / "brief_example_activity.xml"))


def _one(act: etree._Element, path: str) -> etree._Element:
    el = act.find(path)
    assert el is not None, path
    return el


def _drop(path: str) -> Change:
    def change(act: etree._Element) -> None:
        found = act.xpath(path)
        for el in found if isinstance(found, list) else []:
            assert isinstance(el, etree._Element)
            parent = el.getparent()
            assert parent is not None
            parent.remove(el)

    return change


def _set(path: str, attr: str, value: str) -> Change:
    return lambda act: _one(act, path).set(attr, value)


def _text(path: str, value: str) -> Change:
    def change(act: etree._Element) -> None:
        _one(act, path).text = value

    return change


def _empty_narratives(path: str) -> Change:
    def change(act: etree._Element) -> None:
        for n in _one(act, path).findall("narrative"):
            n.text = ""

    return change


def _org_without_name(path: str) -> Change:
    def change(act: etree._Element) -> None:
        org = _one(act, path)
        if "ref" in org.attrib:
            del org.attrib["ref"]
        for n in org.findall("narrative"):
            org.remove(n)

    return change


def _countries(*shares: str) -> Change:
    def change(act: etree._Element) -> None:
        countries = act.findall("recipient-country")
        for c, share in zip(countries, shares, strict=False):
            c.set("percentage", share)
        for c in countries[len(shares) :]:
            act.remove(c)

    return change


def _sector_99_without_name(act: etree._Element) -> None:
    dac = act.findall("sector")[-1]
    extra = etree.Element("sector", vocabulary="99", code="RMGP-1", percentage="100")
    dac.addnext(extra)


def _sector_on_transactions_too(act: etree._Element) -> None:
    for t in act.findall("transaction"):
        _one(t, "value").addnext(etree.Element("sector", code="15190"))


def _no_languages(act: etree._Element) -> None:
    act.attrib.pop("{http://www.w3.org/XML/1998/namespace}lang")


def _no_currency(act: etree._Element) -> None:
    act.attrib.pop("default-currency")
    for v in act.iter("value"):
        if "currency" in v.attrib:
            del v.attrib["currency"]


def _no_start_dates(act: etree._Element) -> None:
    for d in act.findall("activity-date"):
        if d.get("type") in ("1", "2"):
            d.set("type", "3")


def _two_region_vocabularies(act: etree._Element) -> None:
    _countries("40", "10", "10")(act)  # countries 60
    last = act.findall("recipient-country")[-1]
    last.addnext(etree.Element("recipient-region", code="RMGP-WB", vocabulary="99", percentage="40"))
    last.addnext(etree.Element("recipient-region", code="89", vocabulary="1", percentage="40"))


BREAKS: list[tuple[str, Change, str, str]] = [
    # the ten the earlier validator called valid (issue #18)
    ("no sector anywhere", _drop("sector"), "6.2.2", "iati-activity"),
    ("no recipient country or region", _drop("recipient-country"), "3.7.1", "iati-activity"),
    (
        "identifier with surrounding whitespace",
        _text("iati-identifier", " XM-DAC-3-1-EXAMPLE-RMGP-TWB "),
        "1.3.1",
        "iati-activity",
    ),
    (
        "provider-org with neither ref nor name",
        _org_without_name("transaction/provider-org"),
        "6.9.1",
        "provider-org",
    ),
    (
        "receiver-org with neither ref nor name",
        _org_without_name("transaction/receiver-org"),
        "6.9.2",
        "receiver-org",
    ),
    ("empty transaction description", _empty_narratives("transaction/description"), "4.4.1", "description"),
    ("empty document-link title", _empty_narratives("document-link/title"), "4.3.1", "title"),
    ("country percentages 110 and -60", _countries("110", "-60"), "12.1.1", "iati-activity"),
    ("vocabulary-99 sector without a name", _sector_99_without_name, "2.2.1", "iati-activity"),
    (
        "reporting-org ref with an unknown agency prefix",
        _set("reporting-org", "ref", "ZZ-MFA-1"),
        "1.14.8",
        "iati-activity",
    ),
    # the rule ids the earlier validator got wrong, and the other official rules
    (
        "planned start after planned end",
        _set("activity-date[@type='1']", "iso-date", "2031-01-01"),
        "11.1.2",
        "iati-activity",
    ),
    (
        "transaction date in the future",
        _set("transaction/transaction-date", "iso-date", "2026-12-01"),
        "11.2.1",
        "iati-activity",
    ),
    (
        "value date in the future",
        _set("transaction/value", "value-date", "2026-12-01"),
        "11.2.2",
        "iati-activity",
    ),
    (
        "last-updated later today",
        _set(".", "last-updated-datetime", "2026-11-22T12:00:01Z"),
        "11.1.1",
        "iati-activity",
    ),
    (
        "actual start in the future",
        _set("activity-date[@type='2']", "iso-date", "2026-12-01"),
        "11.1.4",
        "iati-activity",
    ),
    ("budget period of 366 days", _set("budget/period-end", "iso-date", "2026-07-02"), "7.5.3", "budget"),
    ("budget ends before it starts", _set("budget/period-end", "iso-date", "2025-06-30"), "8.6.3", "budget"),
    (
        "identifier with a slash",
        _text("iati-identifier", "XM-DAC-3-1-EXAMPLE/RMGP"),
        "1.3.13",
        "iati-activity",
    ),
    (
        "identifier equal to the reporting org's",
        _text("iati-identifier", "XM-DAC-3-1"),
        "1.1.3",
        "iati-activity",
    ),
    (
        "participating-org with neither ref nor name",
        _org_without_name("participating-org"),
        "6.10.1",
        "participating-org",
    ),
    ("sector shares adding up to 90", _set("sector", "percentage", "50"), "2.1.2", "iati-activity"),
    ("sectors on the activity and on transactions", _sector_on_transactions_too, "6.6.2", "iati-activity"),
    ("no default language and narratives without one", _no_languages, "4.1.1", "iati-activity"),
    ("no currency anywhere", _no_currency, "7.8.1", "iati-activity"),
    ("no start date", _no_start_dates, "6.11.1", "iati-activity"),
    (
        "policy marker without significance",
        lambda act: _one(act, "policy-marker").attrib.pop("significance"),
        "6.14.1",
        "policy-marker",
    ),
    (
        "unit indicator baseline without value",
        lambda act: _one(act, "result/indicator/baseline").attrib.pop("value"),
        "8.8.1",
        "baseline",
    ),
]


def _problems(change: Change) -> list[iati.IatiProblem]:
    doc = _base()
    act = doc.getroot().find("iati-activity")
    assert act is not None
    change(act)
    return iati.validate(etree.tostring(doc), now=NOW)


def test_the_base_activity_passes_every_official_rule() -> None:
    assert iati.validate(etree.tostring(_base()), now=NOW) == []


@pytest.mark.parametrize(("case", "change", "rule_id", "element"), BREAKS, ids=[b[0] for b in BREAKS])
def test_a_single_change_is_caught_by_the_official_rule(
    case: str, change: Change, rule_id: str, element: str
) -> None:
    problems = _problems(change)
    hits = [p for p in problems if p.rule_id == rule_id]
    assert hits, (case, [str(p) for p in problems])
    assert f"{rule_id}: {element}:" in hits[0].message
    assert hits[0].line is not None


@pytest.mark.parametrize(
    ("case", "change"),
    [
        ("a budget period of exactly 365 days", _set("budget/period-end", "iso-date", "2026-07-01")),
        ("last-updated earlier the same day", _set(".", "last-updated-datetime", "2026-11-22T11:59:59Z")),
        (
            "country and region shares adding up to 100 within each region vocabulary",
            _two_region_vocabularies,
        ),
    ],
)
def test_what_the_official_rules_allow_is_valid(case: str, change: Change) -> None:
    assert [str(p) for p in _problems(change)] == []


def test_a_reporting_org_ref_that_is_no_org_id_is_an_error() -> None:
    problems = _problems(_set("reporting-org", "ref", "denmark mfa"))
    errors = [p for p in problems if p.layer == "codelist" and p.is_error]
    assert (
        errors and "reporting-org/@ref: 'denmark mfa' is not an organisation identifier" in errors[0].message
    )
    # an unknown agency is, as in the official rule 1.14.8, a warning
    problems = _problems(_set("reporting-org", "ref", "ZZ-MFA-1"))
    assert {(p.layer, p.severity) for p in problems if "ZZ-MFA" in p.message} >= {("codelist", "warning")}
    assert not [p for p in problems if p.layer == "codelist" and p.is_error]


def _add(path: str, tag: str, **attrs: str) -> Callable[[etree._Element], None]:
    """Insert a new ``tag`` right after the (first) element at ``path``."""

    def change(act: etree._Element) -> None:
        el = etree.Element(tag, attrib=attrs)
        _one(act, path).addnext(el)

    return change


def _chain(*changes: Change) -> Change:
    def change(act: etree._Element) -> None:
        for c in changes:
            c(act)

    return change


def _geo_on_every_transaction(act: etree._Element) -> None:
    for t in act.findall("transaction"):
        _one(t, "value").addnext(etree.Element("recipient-country", code="RS"))


def _geo_on_one_transaction(act: etree._Element) -> None:
    _drop("recipient-country")(act)
    _one(act, "transaction/value").addnext(etree.Element("recipient-country", code="RS"))


def _qualitative(act: etree._Element) -> None:
    _one(act, "result/indicator").set("measure", "5")


#: One change per further official rule: the rest of the 2.03 activity ruleset.
MORE: list[tuple[str, Change, str]] = [
    (
        "identifier not prefixed with the reporting org's ref",
        _text("iati-identifier", "DK-RMGP-TWB"),
        "1.1.21",
    ),
    ("country shares adding up to 90, no region", _set("recipient-country", "percentage", "30"), "3.1.2"),
    ("country on every transaction and on the activity", _geo_on_every_transaction, "3.6.2"),
    ("country on one transaction only", _geo_on_one_transaction, "3.7.2"),
    (
        "actual end before actual start",
        _add("activity-date[@type='3']", "activity-date", type="4", **{"iso-date": "2025-06-30"}),
        "11.1.3",
    ),
    (
        "actual end in the future",
        _add("activity-date[@type='3']", "activity-date", type="4", **{"iso-date": "2026-12-31"}),
        "11.1.5",
    ),
    ("reporting-org ref with a slash", _set("reporting-org", "ref", "XM-DAC-3/1"), "1.14.13"),
    ("reporting-org ref with a trailing space", _set("reporting-org", "ref", "XM-DAC-3-1 "), "1.14.1"),
    (
        "related-activity ref with spaces",
        _add("document-link", "related-activity", ref=" XM-DAC-3-1-X ", type="2"),
        "1.7.1",
    ),
    (
        "previous activity identifier with spaces",
        _add("participating-org", "other-identifier", ref=" OLD-1 ", type="A3"),
        "1.6.1",
    ),
    (
        "previous reporting-org identifier with spaces",
        _add("participating-org", "other-identifier", ref=" DK-1 ", type="B1"),
        "1.16.1",
    ),
    (
        "owner-org with neither ref nor name",
        lambda act: etree.SubElement(
            _add("participating-org", "other-identifier", ref="X-1", type="A1")(act)
            or _one(act, "other-identifier"),
            "owner-org",
        ),
        "6.8.1",
    ),
    (
        "owner-org ref with a slash",
        lambda act: etree.SubElement(
            _add("participating-org", "other-identifier", ref="X-1", type="A1")(act)
            or _one(act, "other-identifier"),
            "owner-org",
            ref="A/B",
        ),
        "1.11.13",
    ),
    (
        "owner-org ref with spaces",
        lambda act: etree.SubElement(
            _add("participating-org", "other-identifier", ref="X-1", type="A1")(act)
            or _one(act, "other-identifier"),
            "owner-org",
            ref=" A-B ",
        ),
        "1.11.1",
    ),
    (
        "several sectors, one without a percentage",
        lambda act: _one(act, "sector").attrib.pop("percentage"),
        "2.1.1",
    ),
    (
        "a single sector at 60 %",
        _chain(_drop("sector[position() > 1]"), _set("sector", "percentage", "60")),
        "2.1.4",
    ),
    (
        "a sector share above 100",
        _chain(_set("sector", "percentage", "160"), _set("sector[2]", "percentage", "-75")),
        "12.3.1",
    ),
    ("capital spend of 120 %", _add("default-tied-status", "capital-spend", percentage="120"), "12.2.1"),
    (
        "several countries, one without a percentage",
        lambda act: _one(act, "recipient-country").attrib.pop("percentage"),
        "3.1.1",
    ),
    ("a single country at 40 %", _chain(_drop("recipient-country[position() > 1]")), "3.1.4"),
    (
        "countries and a region adding up to 110",
        _add("recipient-country[7]", "recipient-region", code="89", vocabulary="1", percentage="10"),
        "3.4.2",
    ),
    (
        "countries and a region, the region without a percentage",
        _add("recipient-country[7]", "recipient-region", code="89", vocabulary="1"),
        "3.4.1",
    ),
    (
        "a single region at 50 % and no country",
        _chain(
            _drop("recipient-country"),
            _add("activity-scope", "recipient-region", code="89", vocabulary="1", percentage="50"),
        ),
        "3.4.4",
    ),
    (
        "only a reporting-org sector vocabulary",
        _chain(_drop("sector"), _add("recipient-country[7]", "sector", vocabulary="99", code="X")),
        "102.1.1",
    ),
    ("only a non-DAC default aid type", _set("default-aid-type", "vocabulary", "2"), "107.1.1"),
    (
        "two DAC default aid types",
        _add("default-aid-type", "default-aid-type", code="B03", vocabulary="1"),
        "107.1.2",
    ),
    (
        "a transaction with only a non-DAC aid type",
        _add("transaction/receiver-org", "aid-type", code="1", vocabulary="2"),
        "107.2.1",
    ),
    (
        "a transaction with two DAC aid types",
        _chain(
            _add("transaction/receiver-org", "aid-type", code="C01", vocabulary="1"),
            _add("transaction/aid-type", "aid-type", code="B03", vocabulary="1"),
        ),
        "107.2.2",
    ),
    (
        "a sector on one transaction only and none on the activity",
        _chain(
            _drop("sector"),
            lambda act: _one(act, "transaction/value").addnext(etree.Element("sector", code="15190")),
        ),
        "6.7.2",
    ),
    (
        "a reporting-org policy marker without a name",
        _add("policy-marker", "policy-marker", vocabulary="99", code="X"),
        "6.13.1",
    ),
    ("participating-org ref with a slash", _set("participating-org", "ref", "XM-DAC-3/1"), "1.8.13"),
    ("participating-org ref with spaces", _set("participating-org", "ref", " XM-DAC-3-1"), "1.8.1"),
    ("participating-org activity id with spaces", _set("participating-org", "activity-id", " X-1 "), "1.9.1"),
    ("provider-org ref with a slash", _set("transaction/provider-org", "ref", "GB/GOV"), "1.10.13"),
    ("provider-org ref with spaces", _set("transaction/provider-org", "ref", "GB-GOV-1 "), "1.10.1"),
    (
        "provider activity id with spaces",
        _set("transaction/provider-org", "provider-activity-id", " GB-1-X"),
        "1.4.1",
    ),
    ("receiver-org ref with a slash", _set("transaction/receiver-org", "ref", "XM/DAC"), "1.15.13"),
    ("receiver-org ref with spaces", _set("transaction/receiver-org", "ref", " XM-DAC-3-1"), "1.15.1"),
    (
        "receiver activity id with spaces",
        _set("transaction/receiver-org", "receiver-activity-id", "X-1 "),
        "1.5.1",
    ),
    (
        "several budget items, one without a percentage",
        lambda act: [
            _add("policy-marker", "country-budget-items", vocabulary="4")(act),
            etree.SubElement(_one(act, "country-budget-items"), "budget-item", code="1.1.1", percentage="50"),
            etree.SubElement(_one(act, "country-budget-items"), "budget-item", code="1.1.2"),
        ],
        "7.9.1",
    ),
    (
        "budget items adding up to 90",
        lambda act: [
            _add("policy-marker", "country-budget-items", vocabulary="4")(act),
            etree.SubElement(_one(act, "country-budget-items"), "budget-item", code="1.1.1", percentage="50"),
            etree.SubElement(_one(act, "country-budget-items"), "budget-item", code="1.1.2", percentage="40"),
        ],
        "7.9.2",
    ),
    (
        "a single budget item at 50 %",
        lambda act: [
            _add("policy-marker", "country-budget-items", vocabulary="4")(act),
            etree.SubElement(_one(act, "country-budget-items"), "budget-item", code="1.1.1", percentage="50"),
        ],
        "7.9.4",
    ),
    (
        "indicator period ending before it starts",
        _set("result/indicator/period/period-end", "iso-date", "2025-06-01"),
        "8.6.1",
    ),
    (
        "planned disbursement ending before it starts",
        lambda act: [
            _add("budget[2]", "planned-disbursement")(act),
            etree.SubElement(
                _one(act, "planned-disbursement"), "period-start", attrib={"iso-date": "2026-02-01"}
            ),
            etree.SubElement(
                _one(act, "planned-disbursement"), "period-end", attrib={"iso-date": "2026-01-01"}
            ),
        ],
        "8.6.3",
    ),
    (
        "a reference on the result and on its indicator",
        lambda act: [
            etree.SubElement(_one(act, "result"), "reference", code="1", vocabulary="99"),
            _one(act, "result/indicator/title").addnext(  # type: ignore[func-returns-value]
                etree.Element("reference", code="2", vocabulary="99")
            ),
        ],
        "8.11.1",
    ),
    ("baseline value not a number", _set("result/indicator/baseline", "value", "none"), "8.8.2"),
    ("a qualitative baseline with a value", _qualitative, "8.8.3"),
    (
        "a unit target without a value",
        lambda act: _one(act, "result/indicator/period/target").attrib.pop("value"),
        "8.9.1",
    ),
    ("target value not a number", _set("result/indicator/period/target", "value", "many"), "8.9.2"),
    ("a qualitative target with a value", _qualitative, "8.9.3"),
    (
        "a unit actual without a value",
        lambda act: _one(act, "result/indicator/period/actual").attrib.pop("value"),
        "8.10.1",
    ),
    ("actual value not a number", _set("result/indicator/period/actual", "value", "n/a"), "8.10.2"),
    ("a qualitative actual with a value", _qualitative, "8.10.3"),
]


@pytest.mark.parametrize(("case", "change", "rule_id"), MORE, ids=[m[0] for m in MORE])
def test_every_other_official_rule_is_caught(case: str, change: Change, rule_id: str) -> None:
    problems = _problems(change)
    assert rule_id in {p.rule_id for p in problems}, (case, [str(p) for p in problems])


def test_the_single_change_cases_cover_every_official_activity_rule() -> None:
    from .test_rulesets import OFFICIAL_ACTIVITY_RULES

    covered = {b[2] for b in BREAKS} | {m[2] for m in MORE}
    assert covered == OFFICIAL_ACTIVITY_RULES
