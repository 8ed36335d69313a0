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
Change = Callable[[etree._Element], None]


def _base() -> etree._ElementTree:
    return etree.parse(str(DATA / "brief_example_activity.xml"))


def _one(act: etree._Element, path: str) -> etree._Element:
    el = act.find(path)
    assert el is not None, path
    return el


def _drop(path: str) -> Change:
    def change(act: etree._Element) -> None:
        for el in act.findall(path):
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
        org.attrib.pop("ref", None)
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
        v.attrib.pop("currency", None)


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
