"""A condition label that names a parameter (``{param:ID}``) is shown in the page's language by translating
its template, then filling in the value the rules used: one catalogue entry serves every date and value."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from migralex.engine import assess
from migralex.engine.cases import load_cases
from migralex.i18n import Translator
from migralex.rules.registry import get_program
from migralex.web.assessment_views import node_label, what_would_change

CASES = Path(__file__).resolve().parents[1] / "cases" / "dk"
REGIME = "dk.family_reunification.spouse.applied_before_l231"


def _decision(application_date: str) -> object:
    program = get_program("dk.family_reunification.spouse")
    facts = program.parse_facts({"case.application_date": application_date})
    return assess(program, facts, date(2019, 3, 1))


def _node(tree: dict[str, object], node_id: str) -> dict[str, object] | None:
    if tree.get("id") == node_id:
        return tree
    for child in tree.get("children") or []:  # type: ignore[attr-defined]
        found = _node(child, node_id)
        if found is not None:
            return found
    return None


def test_a_label_naming_a_parameter_is_translated_by_its_template_and_filled_with_the_value() -> None:
    decision = _decision("2018-06-30")
    node = _node(decision.to_json()["conditions"][0], REGIME)  # type: ignore[attr-defined]
    assert node is not None and "label_template" in node, "the label names the date of the L 231 regime"
    danish = node_label(node, Translator("da"))
    assert danish.startswith("Ansøgningen er indgivet før 2018-07-01"), danish
    assert node_label(node, Translator("en")) == node["label"]


def test_the_conditions_that_decide_a_refusal_are_listed_in_the_page_language() -> None:
    """Every refused Danish spouse case of the law-readable cases: its deciding conditions, in Danish."""
    program = get_program("dk.family_reunification.spouse")
    refused = [
        c
        for f in sorted(CASES.glob("family_reunification_spouse*.yaml"))
        for c in load_cases(f)
        if c.outcome == "ineligible" and not c.reform and c.program == "dk.family_reunification.spouse"
    ]
    assert len(refused) > 10
    for case in refused:
        decision = assess(program, program.parse_facts(case.facts), case.date)
        tr = Translator("da")
        labels = [c.label for c in what_would_change(decision, None, tr)]
        assert labels and not tr.missing, (case.name, labels, tr.missing)
