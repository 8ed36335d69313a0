"""What the assessment pages show: answers in words, the check-answers rows, what would change the outcome,
and which decision the outcome supports. "not known" is shown for every missing value, never ``None``."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from babel import Locale
from babel.dates import format_date

from migralex.casework.lifecycle import DecisionKind
from migralex.engine import Program, Reform, fill_label
from migralex.engine.program import Decision as EngineDecision
from migralex.i18n import SOURCE_LANGUAGE, Translator
from migralex.rules.questions import InputKind, Question, QuestionsError, code_label, question_for

Gettext = Callable[[str], str]
NOT_KNOWN_TEXT = "not known"


def shown(value: Any, gettext: Gettext) -> str:
    """A value in words: yes/no for booleans, "not known" for None, lists joined."""
    if value is None or value == "":
        return gettext(NOT_KNOWN_TEXT)
    if value is True:
        return gettext("yes")
    if value is False:
        return gettext("no")
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(shown(v, gettext) for v in value) or gettext("none")
    return str(value)


_DECIMAL = re.compile(r"-?\d+\.\d+")


def _json_value(value: Any) -> Any:
    """A parameter value as the explanation's JSON holds it, back as the engine showed it in the label
    (a decimal is written as a string there)."""
    return Decimal(value) if isinstance(value, str) and _DECIMAL.fullmatch(value) else value


def label_text(template: str, filled: str, value_of: Callable[[str], Any], tr: Translator) -> str:
    """A condition's label in the page's language: a label that names parameters (``{param:ID}``) is
    translated as its template, then filled with the values the rules used (so the catalogue holds one
    entry whatever the value on the date; a catalogue entry for the label as filled is used when the
    template has none); any other label is translated as it stands."""
    if template and template != filled and (tr.has(template) or not tr.has(filled)):
        return fill_label(tr.gettext(template), value_of)
    return tr.gettext(filled)


def node_label(node: Mapping[str, Any], tr: Translator) -> str:
    """The label of an explanation node (``migralex assess`` JSON, as shown or as stored) in the page's
    language, filled with the parameter values the node records."""
    params = node.get("parameters") or {}

    def value_of(pid: str) -> Any:
        p = params.get(pid)
        return _json_value(p.get("value") if isinstance(p, Mapping) else p)

    return label_text(str(node.get("label_template") or ""), str(node.get("label", "")), value_of, tr)


def code_text(code: str, tr: Translator) -> str:
    """A code answer's label in the page's language: the rule packs' translation of the code (message
    context ``code``), a country code by the country's name in the language, else the label in words."""
    if tr.language != SOURCE_LANGUAGE:
        if tr.has(code, context="code"):
            return tr.pgettext("code", code)
        if len(code) == 2 and code.isupper():
            name = Locale.parse(tr.locale).territories.get(code)
            if name:
                return str(name)
    return tr.gettext(code_label(code))


def answer_text(q: Question, raw: Any, tr: Translator) -> str:
    """An answer as the caseworker reads it (a date in words, a code by its label)."""
    gettext = tr.gettext
    if raw is None:
        return gettext(NOT_KNOWN_TEXT)
    kind = q.kind
    if kind is InputKind.DATE:
        try:
            return format_date(date.fromisoformat(str(raw)), "long", locale=tr.locale)
        except ValueError:
            return str(raw)
    if kind is InputKind.ONE_OF:
        return code_text(str(raw), tr)
    if kind is InputKind.ANY_OF:
        return ", ".join(code_text(str(c), tr) for c in raw) or gettext("none of these")
    if kind is InputKind.ITEMS:
        return gettext("%(n)s items") % {"n": len(raw)} if isinstance(raw, list) else str(raw)
    if kind in (InputKind.WHOLE_NUMBER, InputKind.AMOUNT) and q.unit:
        return f"{raw} {gettext(q.unit)}"
    return shown(raw, gettext)


@dataclass(frozen=True)
class Row:
    """One row of "check your answers": the question, the answer, where it came from, the fact id."""

    question: Question
    answer: str
    from_case: bool
    fact_id: str


def summary_rows(
    program: Program,
    reform: Reform | None,
    facts: Mapping[str, Any],
    not_known: list[str],
    entered: Mapping[str, Any],
    tr: Translator,
) -> list[Row]:
    """Every fact used (entered, or known from the case record) and every fact marked not known."""
    rows = []
    for fid in [*facts, *(f for f in not_known if f not in facts)]:
        try:
            q = question_for(program, fid, reform)
        except QuestionsError:
            continue  # a fact this program (under this reform) does not read
        raw = None if fid in not_known else facts.get(fid)
        rows.append(Row(q, answer_text(q, raw, tr), fid not in entered and fid not in not_known, fid))
    order = {s: i for i, s in enumerate(type(rows[0].question.subject))} if rows else {}
    return sorted(rows, key=lambda r: order[r.question.subject])


def fact_questions(program: Program, reform: Reform | None) -> Callable[[str], str | None]:
    """For the explanation tree: a fact id -> its question (None for a fact the program does not read)."""

    def text(fact_id: str) -> str | None:
        try:
            return question_for(program, fact_id, reform).text
        except QuestionsError:
            return None

    return text


def fact_answers(program: Program, reform: Reform | None, tr: Translator) -> Callable[[str, Any], str]:
    """For the explanation tree: (fact id, value) -> the value in words (a date in words, a code's label)."""

    def text(fact_id: str, value: Any) -> str:
        try:
            return answer_text(question_for(program, fact_id, reform), value, tr)
        except QuestionsError:
            return shown(value, tr.gettext)

    return text


@dataclass(frozen=True)
class Change:
    """Something that would change the outcome: a condition not met, or a question or value still open."""

    label: str
    citation: dict[str, Any] | None
    kind: str  # "condition" | "question" | "parameter"


def what_would_change(
    decision: EngineDecision, reform: Reform | None, tr: Translator | None = None
) -> list[Change]:
    """For a refusal the deciding conditions; for an open outcome the questions and law values still open.
    With ``tr`` a condition's label is in its language (a label naming parameters translated before it is
    filled)."""
    out: list[Change] = []
    for failed in decision.deciding_failures():
        citation = failed.node.citation.as_dict() if failed.node.citation else None
        label = failed.label
        if tr is not None:
            used = {pid: pv.value for pid, pv in failed.parameters.items()}
            label = label_text(failed.node.label, label, used.get, tr)
        out.append(Change(label, citation, "condition"))
    if decision.outcome == "unknown":
        for fid in decision.missing_facts:
            out.append(Change(question_for(decision.program, fid, reform).text, None, "question"))
        for u in decision.unknown_parameters:
            out.append(
                Change(
                    _parameter_label(decision.program, u.id),
                    u.source.as_dict() if u.source else None,
                    "parameter",
                )
            )
    return out


def _parameter_label(program: Program, param_id: str) -> str:
    if program.pack is not None and param_id in program.pack.parameters:
        return program.pack.parameters[param_id].label
    return param_id


def unknown_parameters(decision: EngineDecision) -> list[dict[str, Any]]:
    """The law's values not known on the date: label, status and source (never asked as a question)."""
    return [
        {
            "id": u.id,
            "label": _parameter_label(decision.program, u.id),
            "status": u.status,
            "source": u.source.as_dict() if u.source else None,
            "on": u.on,
        }
        for u in decision.unknown_parameters
    ]


def supported_kind(decision: EngineDecision | None, kinds: list[DecisionKind]) -> str | None:
    """The decision kind the outcome supports (grant after eligible, refusal after ineligible); None when
    the outcome is unknown or no kind expects it."""
    if decision is None or decision.outcome not in ("eligible", "ineligible"):
        return None
    flip = decision.program.meta.vocabulary.positive_is_adverse
    for kind in kinds:
        expects = kind.expects
        if expects and flip:
            expects = "ineligible" if expects == "eligible" else "eligible"
        if expects == decision.outcome:
            return kind.id
    return None
