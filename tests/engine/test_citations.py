"""Structured citations are shown with their kind and verification, the law's own words under the
condition, and a check lists conditions without a primary source. (Toy rules, not law.)"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from migralex.engine import (
    FactType,
    ParameterSet,
    Program,
    RulePack,
    all_of,
    assess,
    citation_counts,
    cite,
    condition,
    conditions_without_primary,
    fact,
    secondary,
    statute,
    unless,
)
from migralex.engine.citations import program_citations
from migralex.engine.explain import render_text

URL = "https://www.retsinformation.dk/eli/lta/2024/1079"
ACT = statute(
    "Udlændingeloven",
    "§ 9, stk. 1, nr. 1",
    URL,
    consolidated="LBK nr. 1079 af 10/08/2023",
    verified=True,
    checked_on=date(2026, 11, 29),
    excerpt="begge parter er over 24 år",
)
NEWS = secondary("A news report", "https://example.org/news")
A = fact("t.a", FactType.BOOL, "A")
B = fact("t.b", FactType.BOOL, "B")
primary = condition("t.primary", "Backed by the act", ACT, A)
newsy = condition("t.newsy", "Backed by the news only", NEWS, B)
helped = condition("t.helped", "Unclassified, with a statute under see_also", cite("UL § 9", URL), A)
root = condition(
    "t.root",
    "Root",
    statute("Udlændingeloven", "§ 9", URL, see_also=[NEWS]),
    all_of(primary, newsy, helped),
    unless=[unless("t.root.x", "Exception from the news", NEWS, B)],
)
PROGRAM = Program("t.p", "Test", "test", root, ACT)
RulePack("t", "Test", "0", ParameterSet(), {PROGRAM.id: PROGRAM}, Path(__file__).parent)


def test_text_shows_kind_verification_and_the_law_s_words_under_the_condition() -> None:
    text = render_text(assess(PROGRAM, {"t.a": True, "t.b": False}, date(2025, 1, 1)), width=200)
    assert (
        "[statute, verified 2026-11-29] Udlændingeloven § 9, stk. 1, nr. 1 (LBK nr. 1079 af 10/08/2023)"
        in text
    )
    assert '"begge parter er over 24 år"' in text
    assert "[secondary, unverified] A news report" in text
    assert "see also [secondary, unverified] A news report <https://example.org/news>" in text


def test_json_carries_every_field() -> None:
    js = assess(PROGRAM, {"t.a": True, "t.b": True}, date(2025, 1, 1)).to_json()
    cited = js["conditions"][0]["children"][0]["citation"]
    assert cited["kind"] == "statute" and cited["verified"] is True and cited["primary"] is True
    assert cited["pinpoint"] == "§ 9, stk. 1, nr. 1" and cited["consolidated"] == "LBK nr. 1079 af 10/08/2023"
    assert cited["excerpt"] == "begge parter er over 24 år" and cited["checked_on"] == "2026-11-29"


def test_conditions_without_a_primary_source_are_listed() -> None:
    missing = conditions_without_primary(PROGRAM)
    assert sorted((u.node, u.citation.kind) for u in missing) == [
        ("t.helped", "unclassified"),
        ("t.newsy", "secondary"),
        ("t.root.x", "secondary"),
    ]
    assert missing[0].as_dict()["citation"]["kind"] in ("secondary", "unclassified")


def test_counts_by_kind_and_verification() -> None:
    counts = citation_counts(program_citations(PROGRAM))
    assert counts["by_kind"]["statute"] == 3  # the program's, the root's, the primary condition's
    assert counts["by_kind"]["secondary"] == 2 and counts["by_kind"]["unclassified"] == 1
    assert counts["verified"] == {"yes": 2, "no": 4}
