"""Every fact of every program is asked in plain words: a subject, a question, a hint, and for numbers and
dates a unit and an example; every one of them has its Danish wording."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from migralex.engine import Program, Reform
from migralex.i18n import Translator
from migralex.rules.questions import (
    NEEDS_EXAMPLE,
    SUBJECT_HEADINGS,
    InputKind,
    Question,
    Subject,
    _table,
    group_by_subject,
    question_for,
    questions_for,
)
from migralex.rules.registry import PACKS, get_program, pack, programs, reforms
from migralex.ui.templating import PAGE_DOMAINS


def _under_every_reform() -> Iterator[tuple[Program, Reform | None]]:
    for program in programs().values():
        yield program, None
        for reform in reforms().values():
            if reform.applies_to(program):
                yield program, reform


def all_questions() -> list[tuple[str, Question]]:
    """(program id, question) for every fact of every program, under no reform and every reform."""
    out: list[tuple[str, Question]] = []
    for program, reform in _under_every_reform():
        out.extend((program.id, q) for q in questions_for(program, reform).values())
    return out


def test_every_fact_of_every_program_has_a_question_with_a_hint() -> None:
    missing = []
    for program, reform in _under_every_reform():
        for fact_id in program.fact_specs(reform.replacements if reform else None):
            q = question_for(program, fact_id, reform)
            if not q.text.strip() or not q.hint.strip():
                missing.append(f"{program.id}: {fact_id}")
    assert missing == []


def test_numbers_and_dates_have_an_example_and_numbers_a_unit() -> None:
    bad = [
        f"{pid}: {q.fact.id}"
        for pid, q in all_questions()
        if (q.kind in NEEDS_EXAMPLE and not q.example)
        or (q.kind in (InputKind.WHOLE_NUMBER, InputKind.AMOUNT) and not q.unit)
    ]
    assert bad == []


def test_a_question_never_shows_a_fact_id() -> None:
    shown = [(pid, q.fact.id) for pid, q in all_questions() if q.fact.id in f"{q.text} {q.hint}"]
    assert shown == []


def test_the_spouse_program_asks_about_the_sponsor_the_applicant_and_the_case() -> None:
    spouse = get_program("dk.family_reunification.spouse")
    groups = dict(group_by_subject(list(questions_for(spouse).values())))
    assert {Subject.SPONSOR, Subject.APPLICANT, Subject.CASE} <= set(groups)
    birth = question_for(spouse, "sponsor.birth_date")
    assert birth.subject is Subject.SPONSOR and birth.kind is InputKind.DATE
    assert birth.text == "What is the sponsor's date of birth?" and birth.example


def test_no_question_is_written_for_a_fact_its_pack_does_not_have() -> None:
    for pack_id in PACKS:
        facts = set()
        for program in pack(pack_id).programs.values():
            facts |= set(program.fact_specs())
            for reform in reforms().values():
                if reform.applies_to(program):
                    facts |= set(program.fact_specs(reform.replacements))
        assert sorted(set(_table(pack_id)) - facts) == [], pack_id


@pytest.mark.parametrize("language", ["da"])
def test_every_question_hint_unit_and_heading_has_its_danish_wording(language: str) -> None:
    t = Translator("da", domains=PAGE_DOMAINS)
    for _pid, q in all_questions():
        for text in (q.text, q.hint, q.unit):
            if text:
                t.gettext(text)
    for heading in SUBJECT_HEADINGS.values():
        t.gettext(heading)
    assert t.missing == []
    assert t.gettext("What is the sponsor's date of birth?") == "Hvad er referencens fødselsdato?"
