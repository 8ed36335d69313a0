"""The ruleset interpreter against the IATI Rulesets' own meta-tests.

``meta_tests.sh`` in https://github.com/IATI/IATI-Rulesets runs a ruleset tester on small
rulesets and files and expects ``True`` (passes) or ``False`` (fails). Each case below is
one line of that script, the ruleset and file re-expressed here (same rule type, same
situation, same expected outcome); the script's own files are not copied.
"""

from __future__ import annotations

# ruff: noqa: E501 - one meta-test per line, XML inline
from datetime import UTC, datetime
from typing import Any

import pytest
from lxml import etree

from migralex.programmes import rulesets
from migralex.programmes.rulesets import RuleInfo

INFO = RuleInfo("meta", "error", "meta-test")
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def rs(rule: str, **case: Any) -> rulesets.Ruleset:
    return {"//iati-activity": {rule: [{**case, "info": INFO}]}}


def doc(activity: str | None) -> str:
    return (
        "<iati-activities/>"
        if activity is None
        else f"<iati-activities><iati-activity{activity}</iati-activity></iati-activities>"
    )


EMPTY, EMPTY_ACTIVITY = doc(None), doc(">")
TITLE, TITLE_TEXT = doc("><title/>"), doc("><title>Water</title>")
TITLE_DESCRIPTION = doc("><title/><description/>")
TITLE_DESCRIPTION_CONTENT = doc("><title>a</title><description>b</description>")
CASES: list[tuple[str, rulesets.Ruleset, str, bool]] = [
    ("empty empty", {}, EMPTY, True),
    ("title_exists empty", rs("atleast_one", paths=["title"]), EMPTY, True),
    ("title_exists empty_activity", rs("atleast_one", paths=["title"]), EMPTY_ACTIVITY, False),
    ("title_exists title", rs("atleast_one", paths=["title"]), TITLE, True),
    ("title_text_exists title", rs("atleast_one", paths=["title/text()"]), TITLE, False),
    ("title_text_exists title_text", rs("atleast_one", paths=["title/text()"]), TITLE_TEXT, True),
    ("no_paths empty", rs("atleast_one", paths=[]), EMPTY, True),
    ("no_paths empty_activity", rs("atleast_one", paths=[]), EMPTY_ACTIVITY, False),
    ("no_more_than_one_title title", rs("no_more_than_one", paths=["title"]), TITLE, True),
    ("no_more_than_one_title empty_activity", rs("no_more_than_one", paths=["title"]), EMPTY_ACTIVITY, True),
    (
        "no_more_than_one_title title_twice",
        rs("no_more_than_one", paths=["title"]),
        doc("><title/><title/>"),
        False,
    ),
    ("dependent empty_activity", rs("dependent", paths=["title", "description"]), EMPTY_ACTIVITY, True),
    ("dependent title", rs("dependent", paths=["title", "description"]), TITLE, False),
    ("dependent description", rs("dependent", paths=["title", "description"]), doc("><description/>"), False),
    ("dependent title_description", rs("dependent", paths=["title", "description"]), TITLE_DESCRIPTION, True),
    (
        "sum sum_good",
        rs("sum", paths=["sector/@percentage"], sum=100),
        doc('><sector percentage="60"/><sector percentage="40"/>'),
        True,
    ),
    (
        "sum sum_bad",
        rs("sum", paths=["sector/@percentage"], sum=100),
        doc('><sector percentage="60"/><sector percentage="50"/>'),
        False,
    ),
    (
        "sum_two sum_two_good",
        rs("sum", paths=["recipient-country/@percentage", "recipient-region/@percentage"], sum=100),
        doc('><recipient-country percentage="30"/><recipient-region percentage="70"/>'),
        True,
    ),
    (
        "sum_two sum_two_bad",
        rs("sum", paths=["recipient-country/@percentage", "recipient-region/@percentage"], sum=100),
        doc('><recipient-country percentage="30"/><recipient-region percentage="60"/>'),
        False,
    ),
    (
        "date_order empty_activity",
        rs(
            "date_order", less="activity-date[@type='1']/@iso-date", more="activity-date[@type='3']/@iso-date"
        ),
        EMPTY_ACTIVITY,
        True,
    ),
    (
        "date_order date_good",
        rs(
            "date_order", less="activity-date[@type='1']/@iso-date", more="activity-date[@type='3']/@iso-date"
        ),
        doc(
            '><activity-date type="1" iso-date="2020-01-01"/><activity-date type="3" iso-date="2021-01-01"/>'
        ),
        True,
    ),
    (
        "date_order date_bad",
        rs(
            "date_order", less="activity-date[@type='1']/@iso-date", more="activity-date[@type='3']/@iso-date"
        ),
        doc(
            '><activity-date type="1" iso-date="2021-01-02"/><activity-date type="3" iso-date="2021-01-01"/>'
        ),
        False,
    ),
    (
        "regex_matches regex_good",
        rs("regex_matches", paths=["iati-identifier"], regex="[^/&|?]+"),
        doc("><iati-identifier>GB-1-1</iati-identifier>"),
        True,
    ),
    (
        "regex_matches regex_bad",
        rs("regex_matches", paths=["iati-identifier"], regex="[^/&|?]+"),
        doc("><iati-identifier>GB-1/1</iati-identifier>"),
        False,
    ),
    (
        "regex_no_matches regex_bad",
        rs("regex_no_matches", paths=["iati-identifier"], regex="[^/&|?]+"),
        doc("><iati-identifier>GB-1/1</iati-identifier>"),
        True,
    ),
    (
        "regex_no_matches regex_good",
        rs("regex_no_matches", paths=["iati-identifier"], regex="[^/&|?]+"),
        doc("><iati-identifier>GB-1-1</iati-identifier>"),
        False,
    ),
    (
        "starts_with identifiers",
        rs("startswith", paths=["iati-identifier"], prefix=["reporting-org/@ref"], separator="-"),
        doc('><iati-identifier>GB-1-1</iati-identifier><reporting-org ref="GB-1"/>'),
        True,
    ),
    (
        "starts_with identifiers_bad",
        rs("startswith", paths=["iati-identifier"], prefix=["reporting-org/@ref"], separator="-"),
        doc('><iati-identifier>GB-2-1</iati-identifier><reporting-org ref="GB-1"/>'),
        False,
    ),
    (
        "unique unique_good",
        rs("unique", paths=["iati-identifier", "reporting-org/@ref"]),
        doc('><iati-identifier>GB-1-1</iati-identifier><reporting-org ref="GB-1"/>'),
        True,
    ),
    (
        "unique unique_bad",
        rs("unique", paths=["iati-identifier", "reporting-org/@ref"]),
        doc('><iati-identifier>GB-1</iati-identifier><reporting-org ref="GB-1"/>'),
        False,
    ),
    (
        "unique_title_description title_description_content",
        rs("unique", paths=["title", "description"]),
        TITLE_DESCRIPTION_CONTENT,
        True,
    ),
    (
        "no_percent no_percent_good",
        rs("no_percent", paths=["crs-add/loan-terms/@rate-1"]),
        doc('><crs-add><loan-terms rate-1="4"/></crs-add>'),
        True,
    ),
    (
        "no_percent no_percent_bad",
        rs("no_percent", paths=["crs-add/loan-terms/@rate-1"]),
        doc('><crs-add><loan-terms rate-1="4%"/></crs-add>'),
        False,
    ),
    (
        "evaluates_to_true evaluates_to_true_good",
        rs("evaluates_to_true", eval="count(title) = 1"),
        TITLE,
        True,
    ),
    (
        "evaluates_to_true evaluates_to_true_bad",
        rs("evaluates_to_true", eval="count(title) = 1"),
        EMPTY_ACTIVITY,
        False,
    ),
    (
        "if_then if_then_good",
        rs("if_then", **{"if": "count(@default-currency) = 0", "then": "count(value/@currency) > 0"}),
        doc('><value currency="GBP"/>'),
        True,
    ),
    (
        "if_then if_then_bad",
        rs("if_then", **{"if": "count(@default-currency) = 0", "then": "count(value/@currency) > 0"}),
        doc("><value/>"),
        False,
    ),
    (
        "condition empty_activity",
        rs("atleast_one", paths=["activity-date[@type='4']"], condition="activity-status/@code = 3"),
        EMPTY_ACTIVITY,
        True,
    ),
    (
        "condition activity_status_2",
        rs("atleast_one", paths=["activity-date[@type='4']"], condition="activity-status/@code = 3"),
        doc('><activity-status code="2"/>'),
        True,
    ),
    (
        "condition activity_status_3",
        rs("atleast_one", paths=["activity-date[@type='4']"], condition="activity-status/@code = 3"),
        doc('><activity-status code="3"/>'),
        False,
    ),
]
ONLY_ONE_OF = rs(
    "only_one_of",
    excluded=["recipient-region", "recipient-country"],
    paths=["transaction/recipient-country", "transaction/recipient-region"],
)
TIME_LIMIT = rs("time_limit", start="budget/period-start/@iso-date", end="budget/period-end/@iso-date")
ONE_OR_ALL = {
    "//iati-activity": {
        "one_or_all": [
            {"one": "@xml:lang", "all": "lang", "info": INFO},
            {"one": "sector", "all": "sector", "info": INFO},
            {"one": "@default-currency", "all": "currency", "info": INFO},
        ]
    }
}
ONE_OR_ALL_ORG = {
    "//iati-organisation": {
        "one_or_all": [
            {"one": "@xml:lang", "all": "lang", "info": INFO},
            {"one": "@default-currency", "all": "currency", "info": INFO},
        ]
    }
}
LANG_CURRENCY = ' xml:lang="en" default-currency="GBP">'


def budget(start: str, end: str) -> str:
    return doc(f'><budget><period-start iso-date="{start}"/><period-end iso-date="{end}"/></budget>')


CASES += [
    (
        "only_one_of only_one_of_activity_bad",
        ONLY_ONE_OF,
        doc("><recipient-country/><transaction><recipient-country/></transaction>"),
        False,
    ),
    ("only_one_of only_one_of_activity_good", ONLY_ONE_OF, doc("><recipient-country/><transaction/>"), True),
    (
        "only_one_of only_one_of_transaction_bad",
        ONLY_ONE_OF,
        doc("><transaction><recipient-country/></transaction><transaction><recipient-region/></transaction>"),
        False,
    ),
    (
        "only_one_of only_one_of_transaction_good",
        ONLY_ONE_OF,
        doc("><transaction><recipient-country/></transaction>"),
        True,
    ),
    ("period_time period_time_good (365 days)", TIME_LIMIT, budget("2019-01-01", "2020-01-01"), True),
    ("period_time period_time_bad (366 days)", TIME_LIMIT, budget("2019-01-01", "2020-01-02"), False),
    ("time_limit time_limit_good", TIME_LIMIT, budget("2020-01-01", "2020-06-30"), True),
    ("time_limit time_limit_bad", TIME_LIMIT, budget("2020-01-01", "2021-06-30"), False),
    (
        "date_now date_now_good",
        rs("date_now", date="@last-updated-datetime"),
        doc(' last-updated-datetime="2026-11-29T11:59:59Z">'),
        True,
    ),
    (
        "date_now date_now_bad",
        rs("date_now", date="@last-updated-datetime"),
        doc(' last-updated-datetime="2026-11-29T12:00:01Z">'),
        False,
    ),
    (
        "at_least_one at_least_one_bad",
        {"//participating-org": {"atleast_one": [{"paths": ["@ref", "narrative"], "info": INFO}]}},
        doc('><participating-org role="1"/>'),
        False,
    ),
    (
        "at_least_one at_least_one_ref",
        {"//participating-org": {"atleast_one": [{"paths": ["@ref", "narrative"], "info": INFO}]}},
        doc('><participating-org role="1" ref="GB-GOV-1"/>'),
        True,
    ),
    (
        "at_least_one at_least_one_narrative",
        {"//participating-org": {"atleast_one": [{"paths": ["@ref", "narrative"], "info": INFO}]}},
        doc('><participating-org role="1"><narrative>FCDO</narrative></participating-org>'),
        True,
    ),
    (
        "one_or_all one_or_all_lang_bad",
        ONE_OR_ALL,
        doc(' default-currency="GBP"><title><narrative>a</narrative></title><sector/>'),
        False,
    ),
    (
        "one_or_all one_or_all_lang_good",
        ONE_OR_ALL,
        doc(LANG_CURRENCY + "<title><narrative>a</narrative></title><sector/>"),
        True,
    ),
    (
        "one_or_all one_or_all_lang_bad_all",
        ONE_OR_ALL,
        doc(
            ' default-currency="GBP"><title><narrative xml:lang="en">a</narrative><narrative>b</narrative></title><sector/>'
        ),
        False,
    ),
    (
        "one_or_all one_or_all_lang_good_all",
        ONE_OR_ALL,
        doc(
            ' default-currency="GBP"><title><narrative xml:lang="en">a</narrative><narrative xml:lang="fr">b</narrative></title><sector/>'
        ),
        True,
    ),
    (
        "one_or_all one_or_all_sector_bad",
        ONE_OR_ALL,
        doc(LANG_CURRENCY + "<transaction><sector/></transaction><transaction/>"),
        False,
    ),
    ("one_or_all one_or_all_sector_good", ONE_OR_ALL, doc(LANG_CURRENCY + "<sector/><transaction/>"), True),
    (
        "one_or_all one_or_all_sector_all_good",
        ONE_OR_ALL,
        doc(LANG_CURRENCY + "<transaction><sector/></transaction><transaction><sector/></transaction>"),
        True,
    ),
    (
        "one_or_all one_or_all_sector_all_bad",
        ONE_OR_ALL,
        doc(LANG_CURRENCY + "<transaction><sector/></transaction><transaction/>"),
        False,
    ),
    (
        "one_or_all one_or_all_currency_bad",
        ONE_OR_ALL,
        doc(' xml:lang="en"><sector/><budget><value>1</value></budget>'),
        False,
    ),
    (
        "one_or_all one_or_all_currency_good",
        ONE_OR_ALL,
        doc(LANG_CURRENCY + "<sector/><budget><value>1</value></budget>"),
        True,
    ),
    (
        "one_or_all one_or_all_currency_all_bad",
        ONE_OR_ALL,
        doc(
            ' xml:lang="en"><sector/><budget><value currency="GBP">1</value></budget><transaction><value>1</value></transaction>'
        ),
        False,
    ),
    (
        "one_or_all one_or_all_currency_all_good",
        ONE_OR_ALL,
        doc(
            ' xml:lang="en"><sector/><budget><value currency="GBP">1</value></budget><transaction><sector/><value currency="EUR">1</value></transaction>'
        ),
        True,
    ),
    (
        "one_or_all_org one_or_all_org_currency_good",
        ONE_OR_ALL_ORG,
        '<iati-organisations><iati-organisation xml:lang="en"><total-budget><value currency="GBP">1</value></total-budget></iati-organisation></iati-organisations>',
        True,
    ),
    (
        "one_or_all_org one_or_all_org_currency_bad",
        ONE_OR_ALL_ORG,
        '<iati-organisations><iati-organisation xml:lang="en"><total-budget><value>1</value></total-budget></iati-organisation></iati-organisations>',
        False,
    ),
    (
        "between_dates between_dates_good",
        {
            "//budget": {
                "between_dates": [
                    {
                        "date": "value/@value-date",
                        "start": "period-start/@iso-date",
                        "end": "period-end/@iso-date",
                        "info": INFO,
                    }
                ]
            }
        },
        budget("2020-01-01", "2020-12-31").replace("</budget>", '<value value-date="2020-06-01"/></budget>'),
        True,
    ),
    (
        "between_dates between_dates_bad",
        {
            "//budget": {
                "between_dates": [
                    {
                        "date": "value/@value-date",
                        "start": "period-start/@iso-date",
                        "end": "period-end/@iso-date",
                        "info": INFO,
                    }
                ]
            }
        },
        budget("2020-01-01", "2020-12-31").replace("</budget>", '<value value-date="2021-06-01"/></budget>'),
        False,
    ),
    (
        "range range_good",
        rs("range", paths=["capital-spend/@percentage"], min=0.0, max=100.0),
        doc('><capital-spend percentage="88.8"/>'),
        True,
    ),
    (
        "range range_bad",
        rs("range", paths=["capital-spend/@percentage"], min=0.0, max=100.0),
        doc('><capital-spend percentage="101"/>'),
        False,
    ),
]


@pytest.mark.parametrize(("name", "ruleset", "xml", "passes"), CASES, ids=[c[0] for c in CASES])
def test_meta_test(name: str, ruleset: rulesets.Ruleset, xml: str, passes: bool) -> None:
    failures = rulesets.run(ruleset, etree.fromstring(xml.encode()), now=NOW)
    assert (failures == []) is passes, failures


#: Every activity rule of the 2.03 standard ruleset, as the IATI Validator Rule Tracker lists it
#: (https://github.com/IATI/validator-rule-tracker, rulesets.csv, version 2.03 rows).
OFFICIAL_ACTIVITY_RULES = set(
    [
        "1.1.3",
        "1.1.21",
        "1.14.8",
        "6.11.1",
        "6.2.2",
        "4.1.1",
        "6.7.2",
        "7.8.1",
        "11.1.1",
        "11.1.2",
        "11.1.3",
        "11.1.4",
        "11.1.5",
        "11.2.1",
        "11.2.2",
        "1.3.13",
        "1.14.13",
        "1.3.1",
        "1.14.1",
        "1.16.1",
        "1.6.1",
        "1.7.1",
        "2.1.2",
        "3.4.1",
        "3.4.4",
        "3.4.2",
        "7.9.2",
        "7.9.1",
        "7.9.4",
        "107.1.2",
        "2.1.1",
        "2.1.4",
        "3.1.2",
        "12.1.1",
        "12.3.1",
        "12.2.1",
        "2.2.1",
        "102.1.1",
        "107.1.1",
        "107.2.1",
        "6.6.2",
        "3.6.2",
        "3.7.1",
        "3.7.2",
        "3.1.1",
        "3.1.4",
        "107.2.2",
        "6.8.1",
        "1.11.1",
        "1.11.13",
        "6.9.1",
        "1.10.13",
        "1.10.1",
        "1.4.1",
        "6.9.2",
        "1.15.1",
        "1.5.1",
        "1.15.13",
        "6.14.1",
        "6.13.1",
        "6.10.1",
        "1.8.13",
        "1.8.1",
        "1.9.1",
        "8.6.3",
        "7.5.3",
        "8.11.1",
        "8.6.1",
        "8.8.1",
        "8.8.2",
        "8.8.3",
        "8.9.1",
        "8.9.2",
        "8.9.3",
        "8.10.1",
        "8.10.2",
        "8.10.3",
        "4.3.1",
        "4.4.1",
    ]
)


def test_every_standard_rule_has_an_official_id_and_severity() -> None:
    ids = set()

    def walk(cases: Any) -> None:
        for rule, rule_cases in cases.items():
            for case in rule_cases:
                if rule == "loop":
                    walk(case["do"])
                else:
                    assert case["info"].severity in ("error", "warning")
                    ids.add(case["info"].id)

    for rules in rulesets.STANDARD.values():
        walk(rules)
    assert {
        "1.1.3",
        "6.2.2",
        "3.7.1",
        "6.9.1",
        "6.9.2",
        "1.3.1",
        "4.3.1",
        "4.4.1",
        "12.1.1",
        "2.2.1",
        "1.14.8",
    } <= ids
    assert {"3.4.2", "7.5.3", "11.1.1", "11.1.2", "11.2.1", "11.2.2"} <= ids
