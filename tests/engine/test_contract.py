"""The engine's public contract: structured citations, outcomes, program metadata, windows, list facts,
label templates. (Not law: these test the engine's types.)"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from migralex.cli import app
from migralex.engine import (
    OUTCOMES,
    STATUSES,
    Citation,
    ConditionTag,
    FactError,
    FactType,
    InForce,
    ItemField,
    MoneyOutput,
    Outcome,
    OutcomeVocabulary,
    ProgramMeta,
    case_law,
    cite,
    condition,
    fact_list,
    fill_label,
    label_parameters,
    secondary,
    statute,
)
from migralex.engine.labels import literals_equal_to

URL = "https://www.retsinformation.dk/eli/lta/2023/1079"


def test_four_outcomes_in_order() -> None:
    assert OUTCOMES == ("eligible", "ineligible", "unknown", "not_in_force")
    assert Outcome.NOT_IN_FORCE == "not_in_force"


def test_statuses_include_enacted_and_pilot() -> None:
    assert {"enacted", "pilot", "in_force", "proposed", "suspended", "repealed", "unverified"} == set(
        STATUSES
    )


def test_structured_citation_text_json_and_primary() -> None:
    c = statute(
        "Udlændingeloven",
        "§ 9, stk. 1, nr. 1",
        URL,
        consolidated="LBK nr. 1079 af 10/08/2023",
        verified=True,
        checked_on=date(2026, 11, 29),
        excerpt="begge parter er over 24 år",
        see_also=[secondary("Nyidanmark explainer", "https://nyidanmark.dk/")],
    )
    assert c.text == "Udlændingeloven § 9, stk. 1, nr. 1 (LBK nr. 1079 af 10/08/2023)"
    assert c.is_primary and not c.see_also[0].is_primary
    d = c.as_dict()
    assert d["kind"] == "statute" and d["verified"] is True and d["checked_on"] == "2026-11-29"
    assert d["see_also"][0]["kind"] == "secondary"
    assert cite("UL § 9", URL).kind == "unclassified"
    assert not cite("UL § 9", URL).is_primary
    assert case_law("Biao v. Denmark", "§ 138", "https://hudoc.echr.coe.int/").is_primary


def test_citation_yaml_both_forms_and_errors_name_the_field() -> None:
    old = Citation.from_yaml({"citation": "UL § 9", "url": URL}, "p values[0]")
    assert (old.kind, old.text, old.url) == ("unclassified", "UL § 9", URL)
    new = Citation.from_yaml(
        {"kind": "statute", "title": "Udlændingeloven", "pinpoint": "§ 9", "url": URL, "verified": True,
         "checked_on": "2026-11-29", "see_also": [{"kind": "secondary", "title": "News", "url": URL}]},
        "p values[0]",
    )  # fmt: skip
    assert new.checked_on == date(2026, 11, 29) and new.see_also[0].kind == "secondary"
    with pytest.raises(ValueError, match=r"source.kind 'law'"):
        Citation.from_yaml({"kind": "law", "title": "X"}, "p")
    with pytest.raises(ValueError, match=r"source\.verified"):
        Citation.from_yaml({"kind": "statute", "title": "X", "verified": "yes"}, "p")
    with pytest.raises(ValueError, match=r"source\.checked_on"):
        Citation.from_yaml({"kind": "statute", "title": "X", "checked_on": "soon"}, "p")
    with pytest.raises(ValueError, match=r"see_also\[0\]: source.title"):
        Citation.from_yaml({"kind": "statute", "title": "X", "see_also": [{"kind": "secondary"}]}, "p")


def test_vocabulary_labels_and_adverse() -> None:
    v = OutcomeVocabulary("deport", "no_deportation", "Must be deported", "Is not deported", True)
    assert v.label("eligible") == "deport" and v.label("not_in_force") == "not_in_force"
    assert v.adverse("eligible") and not v.adverse("ineligible") and not v.adverse("unknown")
    with pytest.raises(ValueError):
        OutcomeVocabulary("Deport", "no")
    with pytest.raises(ValueError, match="ISO 4217"):
        MoneyOutput("amount", "kr")
    assert ProgramMeta(money=(MoneyOutput("amount", "DKK"),)).money_output("amount") is not None


def test_in_force_window() -> None:
    start, repeal = cite("Act commencement", URL), cite("Repealing act", URL)
    w = InForce(
        date(2016, 2, 5), start, suspended=date(2020, 1, 1), suspended_until=date(2021, 1, 1),
        suspension_citation=cite("Suspension", URL), repealed=date(2024, 1, 1), repeal_citation=repeal,
    )  # fmt: skip
    gone = w.out_of_force(date(2016, 2, 4))
    assert gone is not None and gone.reason == "not_commenced" and gone.citation is start
    assert w.out_of_force(date(2016, 2, 5)) is None
    suspended = w.out_of_force(date(2020, 6, 1))
    assert suspended is not None and suspended.reason == "suspended"
    assert w.out_of_force(date(2021, 1, 1)) is None
    repealed = w.out_of_force(date(2024, 1, 1))
    assert repealed is not None and repealed.citation is repeal
    assert w.periods() == [(date(2016, 2, 5), date(2020, 1, 1)), (date(2021, 1, 1), date(2024, 1, 1))]
    with pytest.raises(ValueError, match="repeal_citation"):
        InForce(date(2016, 2, 5), start, repealed=date(2024, 1, 1))


def test_condition_tags_are_a_closed_set() -> None:
    c = condition("toy.x", "X", cite("T", URL), True, tags={"age_limit", ConditionTag.INCOME})
    assert c.tags == {ConditionTag.AGE_LIMIT, ConditionTag.INCOME}
    with pytest.raises(ValueError, match="unknown condition tag 'age'"):
        condition("toy.y", "Y", cite("T", URL), True, tags={"age"})


ASSETS = fact_list(
    "person.assets",
    "Assets",
    item={
        "value": ItemField(FactType.DECIMAL, "Value", minimum=0),
        "kind": ItemField(FactType.CODE, codes=("a", "b")),
    },
)


def test_list_fact_parsing_names_field_and_index() -> None:
    spec = ASSETS.spec
    parsed = spec.parse([{"value": "10.5", "kind": "a"}, {"value": None, "kind": "b"}])
    assert isinstance(parsed, tuple) and parsed[0]["value"] == Decimal("10.5") and parsed[1]["value"] is None
    with pytest.raises(FactError, match=r"person.assets\[1\].kind: missing field"):
        spec.parse([{"value": "1", "kind": "a"}, {"value": "2"}])
    with pytest.raises(FactError, match=r"person.assets\[0\].kind: unknown code"):
        spec.parse([{"value": "1", "kind": "z"}])
    with pytest.raises(FactError, match=r"person\.assets: expected a list"):
        spec.parse(5)
    schema = spec.json_schema()
    assert schema["items"]["required"] == ["value", "kind"]


def test_label_templates() -> None:
    label = "At least {param:dk.x.min_age} years old, and {param:dk.x.amount} DKK"
    assert label_parameters(label) == ["dk.x.min_age", "dk.x.amount"]
    values = {"dk.x.min_age": 24, "dk.x.amount": None}
    assert fill_label(label, values.get) == "At least 24 years old, and [unknown] DKK"
    assert literals_equal_to("At least 24 years old", [24]) == [Decimal(24)]
    assert literals_equal_to("At least {param:dk.x.min_age} years old", [24]) == []


def test_programs_json_shows_typed_metadata_and_assess_json_the_outcome_label(tmp_path: Path) -> None:
    runner = CliRunner()
    listing = json.loads(runner.invoke(app, ["programs", "--format", "json"]).stdout)
    spouse = next(p for p in listing if p["id"] == "dk.family_reunification.spouse")
    assert {"vocabulary", "money", "in_force", "tags", "citation"} <= set(spouse)
    assert spouse["vocabulary"]["positive"] and isinstance(spouse["vocabulary"]["positive_is_adverse"], bool)
    facts = tmp_path / "case.json"
    facts.write_text("{}", encoding="utf-8")
    result = runner.invoke(app, ["assess", "dk.family_reunification.spouse", "--facts", str(facts)])
    decision = json.loads(result.stdout)
    assert decision["outcome"] in OUTCOMES
    assert decision["outcome_label"] and "unknown_parameters" in decision and "not_in_force" in decision
