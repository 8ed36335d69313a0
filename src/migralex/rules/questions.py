"""Questions in plain words for every fact of every program (this module may read fact ids).

Each pack has a file ``rules/questions_text/<pack>.yaml`` (outside the pack's folder, so that rewording a
question never changes the pack's hash): for every fact id, the *subject* the fact is about
(:class:`Subject`), the question, an optional hint (default: the fact's own label, the law's wording) and,
for numbers and dates, the unit and an example. Pages ask :func:`question_for` and group by
:attr:`Question.subject`; they never read a fact id to decide how to ask. Danish wording lives in
``locale/da/LC_MESSAGES/questions.po`` (message id = the English text).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

import pycountry
import yaml

from migralex.engine import FactSpec, Program, Reform
from migralex.engine.facts import FactType
from migralex.i18n import N_


class Subject(StrEnum):
    """Who or what a fact is about: the guided assessment asks one subject per page, in this order."""

    SPONSOR = "sponsor"
    APPLICANT = "applicant"
    CHILD = "child"
    CASE = "case"

    @property
    def heading(self) -> str:
        """The page heading for this subject's questions (English; translated by the page)."""
        return SUBJECT_HEADINGS[self]


SUBJECT_HEADINGS: dict[Subject, str] = {
    Subject.SPONSOR: N_("About the sponsor"),
    Subject.APPLICANT: N_("About the applicant"),
    Subject.CHILD: N_("About the child"),
    Subject.CASE: N_("About the case and household"),
}
#: The order subjects are asked in.
SUBJECT_ORDER: tuple[Subject, ...] = tuple(Subject)


class InputKind(StrEnum):
    """How a question is answered on a page (from the fact's type, never from its id)."""

    YES_NO = "yes_no"
    DATE = "date"
    WHOLE_NUMBER = "whole_number"
    AMOUNT = "amount"
    ONE_OF = "one_of"
    ANY_OF = "any_of"
    ITEMS = "items"


_KINDS: dict[FactType, InputKind] = {
    FactType.BOOL: InputKind.YES_NO,
    FactType.DATE: InputKind.DATE,
    FactType.INT: InputKind.WHOLE_NUMBER,
    FactType.DECIMAL: InputKind.AMOUNT,
    FactType.CODE: InputKind.ONE_OF,
    FactType.CODE_SET: InputKind.ANY_OF,
    FactType.LIST: InputKind.ITEMS,
}
#: Facts that need a unit and an example in their question.
NEEDS_EXAMPLE = (InputKind.DATE, InputKind.WHOLE_NUMBER, InputKind.AMOUNT)


@dataclass(frozen=True)
class Option:
    """One answer of a code list: the code (the value sent) and its label."""

    code: str
    label: str


@dataclass(frozen=True)
class Question:
    """How to ask for one fact: subject, question, hint, unit and example, input kind and options."""

    fact: FactSpec
    subject: Subject
    text: str
    hint: str
    unit: str
    example: str

    @property
    def kind(self) -> InputKind:
        """The input that answers it."""
        return _KINDS[self.fact.type]

    @property
    def options(self) -> list[Option]:
        """The answers of a code list, with labels (countries by their name)."""
        return [Option(code, code_label(code)) for code in self.fact.codes]


class QuestionsError(ValueError):
    """A questions file is missing an entry or has a bad one."""


def code_label(code: str) -> str:
    """A code in words: a country code by the country's name, ``none`` as "None of these", else the code
    with spaces."""
    if code == "none":
        return "None of these"
    if len(code) == 2 and code.isupper():
        country = pycountry.countries.get(alpha_2=code)
        if country is not None:
            return str(getattr(country, "common_name", None) or country.name)
        if code == "XK":
            return "Kosovo"
    return code.replace("_", " ").capitalize()


@cache
def _table(pack_id: str) -> Mapping[str, Mapping[str, Any]]:
    """The questions file of a pack (empty when it has none)."""
    path = resources.files("migralex.rules") / "questions_text" / f"{pack_id}.yaml"
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise QuestionsError(f"questions_text/{pack_id}.yaml: expected a mapping of fact ids")
    return data


def _pack_of(program: Program) -> str:
    return program.pack.id if program.pack is not None else program.id.split(".", 1)[0]


def question(pack_id: str, spec: FactSpec) -> Question:
    """The question for ``spec`` in ``pack_id``, or :class:`QuestionsError` when none is written."""
    entry = _table(pack_id).get(spec.id)
    if not isinstance(entry, dict) or not entry.get("question"):
        raise QuestionsError(f"questions_text/{pack_id}.yaml: no question for fact {spec.id}")
    try:
        subject = Subject(str(entry.get("subject")))
    except ValueError:
        known = ", ".join(s.value for s in Subject)
        where = f"questions_text/{pack_id}.yaml: fact {spec.id}"
        raise QuestionsError(f"{where}: subject {entry.get('subject')!r} is not one of {known}") from None
    return Question(
        fact=spec,
        subject=subject,
        text=str(entry["question"]),
        hint=str(entry.get("hint") or spec.description or spec.label),
        unit=str(entry.get("unit") or spec.unit or ""),
        example=str(entry.get("example") or ""),
    )


def question_for(program: Program, fact_id: str, reform: Reform | None = None) -> Question:
    """The question for one fact of ``program`` (under ``reform``, whose facts it may add)."""
    specs = program.fact_specs(reform.replacements if reform else None)
    if fact_id not in specs:
        raise QuestionsError(f"program {program.id} has no fact {fact_id}")
    return question(_pack_of(program), specs[fact_id])


def questions_for(program: Program, reform: Reform | None = None) -> dict[str, Question]:
    """Every question of ``program`` (under ``reform``), by fact id."""
    specs = program.fact_specs(reform.replacements if reform else None)
    pack_id = _pack_of(program)
    return {fid: question(pack_id, spec) for fid, spec in specs.items()}


def group_by_subject(questions: list[Question]) -> list[tuple[Subject, list[Question]]]:
    """Questions grouped by subject, subjects in :data:`SUBJECT_ORDER`, each group in the given order."""
    groups = [(s, [q for q in questions if q.subject is s]) for s in SUBJECT_ORDER]
    return [(s, qs) for s, qs in groups if qs]
