"""Typed answers of the guided assessment become the fact values the engine reads, or plain-words errors;
the decision the outcome supports is the one preselected."""

from __future__ import annotations

from datetime import date

import pytest

from migralex.casework.errors import InvalidInput
from migralex.casework.lifecycle import DECISION_KINDS
from migralex.engine import assess
from migralex.rules.questions import question_for
from migralex.rules.registry import get_program
from migralex.web.assessment_flow import NONE_OF_THESE, NOT_KNOWN, Draft, read_answers, sign, unsign
from migralex.web.assessment_views import supported_kind

SPOUSE = get_program("dk.family_reunification.spouse")
RETURN = get_program("uk.voluntary_return")


def q(fact_id: str, program: object = SPOUSE):
    return question_for(program, fact_id)  # type: ignore[arg-type]


def test_a_date_given_as_day_month_year_is_read_as_the_date() -> None:
    birth = q("sponsor.birth_date")
    got = read_answers(
        [birth],
        {
            "answer-sponsor.birth_date-day": "2",
            "answer-sponsor.birth_date-month": "7",
            "answer-sponsor.birth_date-year": "1990",
        },
    )
    assert got.values == {"sponsor.birth_date": "1990-07-02"} and got.errors == {}


def test_a_date_that_does_not_exist_is_an_error_and_the_input_is_kept() -> None:
    birth = q("sponsor.birth_date")
    form = {
        "answer-sponsor.birth_date-day": "31",
        "answer-sponsor.birth_date-month": "2",
        "answer-sponsor.birth_date-year": "1990",
    }
    got = read_answers([birth], form)
    assert got.errors == {"sponsor.birth_date": "The date must be a real date, like 27 3 2007"}
    assert got.inputs == form and got.values == {}


def test_yes_no_and_not_known() -> None:
    violence, guarantee = (
        q("sponsor.convicted_of_partner_violence"),
        q("sponsor.financial_guarantee_provided"),
    )
    got = read_answers(
        [violence, guarantee],
        {
            "answer-sponsor.convicted_of_partner_violence": "no",
            "answer-sponsor.financial_guarantee_provided": NOT_KNOWN,
        },
    )
    assert got.values == {"sponsor.convicted_of_partner_violence": False}
    assert got.not_known == ["sponsor.financial_guarantee_provided"]
    missing = read_answers([violence], {})
    assert missing.errors == {"sponsor.convicted_of_partner_violence": "Select yes, no or not known"}


def test_a_number_is_a_whole_number_within_the_fact_range() -> None:
    rooms = q("sponsor.dwelling_living_rooms")
    assert read_answers([rooms], {"answer-sponsor.dwelling_living_rooms": "3"}).values == {
        "sponsor.dwelling_living_rooms": 3
    }
    bad = read_answers([rooms], {"answer-sponsor.dwelling_living_rooms": "three"})
    assert bad.errors == {"sponsor.dwelling_living_rooms": "Enter a whole number"}
    unknown = read_answers([rooms], {"answer-sponsor.dwelling_living_rooms-unknown": "on"})
    assert unknown.not_known == ["sponsor.dwelling_living_rooms"] and unknown.errors == {}


def test_a_code_set_may_be_none_of_these() -> None:
    grounds = q("person.voluntary_return_grounds", RETURN)
    got = read_answers([grounds], {"answer-person.voluntary_return_grounds": [NONE_OF_THESE]})
    assert got.values == {"person.voluntary_return_grounds": []}
    empty = read_answers([grounds], {})
    assert "Select all that apply" in empty.errors["person.voluntary_return_grounds"]


def test_an_answer_changes_what_is_not_known() -> None:
    draft = Draft("dk.family_reunification.spouse", date(2025, 6, 1), not_known=["case.marriage_date"])
    draft.answer({"case.marriage_date": "2022-08-12"}, ["sponsor.has_custody"])
    assert draft.facts == {"case.marriage_date": "2022-08-12"} and draft.not_known == ["sponsor.has_custody"]


def test_the_check_keeps_its_answers_in_a_signed_field_that_cannot_be_altered() -> None:
    draft = Draft("dk.family_reunification.spouse", date(2025, 6, 1), facts={"case.household_size": 2})
    token = sign(b"k" * 32, draft)
    assert unsign(b"k" * 32, token).facts == {"case.household_size": 2}
    with pytest.raises(InvalidInput) as err:
        unsign(b"k" * 32, token[:-1] + ("0" if token[-1] != "0" else "1"))
    assert err.value.field == "state"


def test_the_decision_form_preselects_what_the_outcome_supports() -> None:
    """dk spouse, 1 June 2025: a sponsor convicted of partner violence within the bar -> refusal."""
    kinds = [k for k in DECISION_KINDS.values() if "family_reunification" in k.case_kinds]
    facts = SPOUSE.parse_facts(
        {
            "sponsor.convicted_of_partner_violence": True,
            "sponsor.last_partner_violence_conviction_date": "2024-01-01",
        }
    )
    refused = assess(SPOUSE, facts, date(2025, 6, 1))
    assert refused.outcome == "ineligible" and supported_kind(refused, kinds) == "refusal"
    assert supported_kind(assess(SPOUSE, {}, date(2025, 6, 1)), kinds) is None  # unknown: nothing preselected


def test_every_string_of_the_assessment_pages_has_its_danish_wording() -> None:
    import re
    from importlib import resources

    from migralex.i18n import Translator
    from migralex.ui.templating import PAGE_DOMAINS

    folder = resources.files("migralex.web") / "templates" / "assessment"
    t = Translator("da", domains=PAGE_DOMAINS)
    for template in folder.iterdir():
        for message in re.findall(r'_\("((?:[^"\\]|\\.)*)"\)', template.read_text(encoding="utf-8")):
            t.gettext(message)
    for message in (
        "Select yes, no or not known",
        "The date must be a real date, like 27 3 2007",
        "Enter a whole number",
    ):
        t.gettext(message)
    assert t.missing == []


def test_a_code_answer_is_shown_by_its_label_in_the_page_language() -> None:
    """The dk spouse program asks the applicant's highest Danish test passed: the answer "pd1" reads
    "Prøve i Dansk 1" in Danish, from the rule pack's catalogue (message context ``code``), and a country
    code reads as the country's name in the language; English keeps the labels in words."""
    from migralex.i18n import Translator
    from migralex.rules.questions import code_label
    from migralex.ui.templating import PAGE_DOMAINS
    from migralex.web.assessment_views import answer_text, code_text

    danish, english = Translator("da", domains=PAGE_DOMAINS), Translator("en", domains=PAGE_DOMAINS)
    level = q("applicant.danish_test_level")
    assert answer_text(level, "pd1", danish) == "Prøve i Dansk 1"
    assert answer_text(level, "pd1", english) == code_label("pd1")
    assert code_text("SY", danish) == "Syrien" and code_text("SY", english) == "Syria"
    assert danish.missing == []
