"""The guided assessment without the web: the draft, the next group of questions, reading typed answers.

A :class:`Draft` holds what the caseworker has answered (raw JSON values, as the engine reads them) and
which facts they said are not known. :func:`next_group` asks the engine's ``missing_facts`` (only facts
that can still change the outcome) and returns the first subject's questions; :func:`read_answers` turns
the posted inputs (dates as day/month/year, yes/no radios, code radios, numbers) into fact values or
plain-words errors, keeping what was typed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from migralex.casework.errors import InvalidInput
from migralex.casework.messages import answer_error
from migralex.engine import Program, Reform
from migralex.engine.errors import FactError
from migralex.engine.facts import FactType
from migralex.engine.program import Decision as EngineDecision
from migralex.i18n import N_
from migralex.rules.questions import InputKind, Question, Subject, group_by_subject, question_for

#: The answer that says "not known" (radios, selects, checkboxes).
NOT_KNOWN = "__not_known__"
#: The code-set answer "none of these".
NONE_OF_THESE = "__none__"
#: The largest draft kept (bytes of JSON): a case has a few hundred facts at most.
MAX_DRAFT = 64_000


@dataclass
class Draft:
    """An assessment in progress: program, date, reform, answers and the facts marked not known."""

    program: str
    on: date
    reform: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    not_known: list[str] = field(default_factory=list)

    def as_json(self) -> str:
        """The draft as JSON (stored, or signed into a form)."""
        return json.dumps(
            {
                "program": self.program,
                "date": self.on.isoformat(),
                "reform": self.reform,
                "facts": self.facts,
                "not_known": self.not_known,
            },
            sort_keys=True,
            default=str,
        )

    @classmethod
    def from_json(cls, text: str) -> Draft:
        """A draft read back (:class:`InvalidInput` naming ``draft`` when it is not one)."""
        try:
            data = json.loads(text)
            return cls(
                program=str(data["program"]),
                on=date.fromisoformat(str(data["date"])),
                reform=str(data["reform"]) if data.get("reform") else None,
                facts=dict(data.get("facts") or {}),
                not_known=[str(f) for f in data.get("not_known") or []],
            )
        except (ValueError, KeyError, TypeError, RecursionError):
            raise InvalidInput(
                "the saved answers could not be read; start the assessment again", "draft"
            ) from None

    def answer(self, values: Mapping[str, Any], not_known: list[str]) -> None:
        """Record answers (a fact answered is no longer "not known", and the other way round)."""
        for fid, value in values.items():
            self.facts[fid] = value
            if fid in self.not_known:
                self.not_known.remove(fid)
        for fid in not_known:
            self.facts.pop(fid, None)
            if fid not in self.not_known:
                self.not_known.append(fid)


def sign(key: bytes, draft: Draft) -> str:
    """The draft as a signed token for a hidden form field (the stateless check keeps no row)."""
    body = base64.urlsafe_b64encode(draft.as_json().encode()).decode()
    mac = hmac.new(key, f"check:{body}".encode(), hashlib.sha256).hexdigest()
    return f"{body}.{mac}"


def unsign(key: bytes, token: str) -> Draft:
    """The draft of a signed token, or :class:`InvalidInput` naming ``state`` when tampered with."""
    body, _, mac = token.rpartition(".")
    good = hmac.new(key, f"check:{body}".encode(), hashlib.sha256).hexdigest()
    if not body or len(body) > MAX_DRAFT * 2 or not hmac.compare_digest(mac, good):
        raise InvalidInput(N_("the check's answers were changed or have expired; start again"), "state")
    return Draft.from_json(base64.urlsafe_b64decode(body.encode()).decode())


# --- which questions next -------------------------------------------------------------------------
@dataclass(frozen=True)
class Group:
    """One page of questions: a subject and its questions (in the engine's order)."""

    subject: Subject
    questions: list[Question]


def next_group(decision: EngineDecision, reform: Reform | None, draft: Draft) -> Group | None:
    """The first subject's questions among the facts that can still change the outcome (None: done)."""
    asked = [m for m in decision.missing_facts if m not in draft.not_known]
    questions = [question_for(decision.program, m, reform) for m in asked]
    groups = group_by_subject(questions)
    if not groups:
        return None
    subject, qs = groups[0]
    return Group(subject, qs)


def change_group(program: Program, reform: Reform | None, fact_id: str) -> Group:
    """The page that changes one answer (the "Change" link of the check-answers page)."""
    try:
        q = question_for(program, fact_id, reform)
    except ValueError:
        raise InvalidInput(N_("that answer cannot be changed here"), "change") from None
    return Group(q.subject, [q])


# --- typed inputs -------------------------------------------------------------------------------
def input_name(q: Question) -> str:
    """The name of a question's input (a date has ``-day``, ``-month``, ``-year`` beside it)."""
    return f"answer-{q.fact.id}"


def current_inputs(q: Question, draft: Draft, known: Mapping[str, Any]) -> dict[str, Any]:
    """What a question's inputs show before any answer is posted: the draft's answer, else the case's."""
    name = input_name(q)
    if q.fact.id in draft.not_known:
        return {name: NOT_KNOWN, f"{name}-unknown": "on"}
    value = draft.facts.get(q.fact.id, known.get(q.fact.id))
    if value is None:
        return {}
    if q.kind is InputKind.DATE:
        try:
            d = date.fromisoformat(str(value))
        except ValueError:
            return {}
        return {f"{name}-day": str(d.day), f"{name}-month": str(d.month), f"{name}-year": str(d.year)}
    if q.kind is InputKind.YES_NO:
        return {name: "yes" if value else "no"}
    if q.kind is InputKind.ANY_OF:
        return {name: list(value) or [NONE_OF_THESE]}
    if q.kind is InputKind.ITEMS:
        lines = [", ".join(_item_text(v) for v in item.values()) for item in value]
        return {name: "\n".join(lines)}
    return {name: str(value)}


def _item_text(v: Any) -> str:
    if v is True:
        return "yes"
    if v is False:
        return "no"
    return "" if v is None else str(v)


def _one(form: Mapping[str, Any], name: str) -> str:
    raw = form.get(name, "")
    if isinstance(raw, list):
        raw = raw[-1] if raw else ""
    return str(raw).strip()


def _many(form: Mapping[str, Any], name: str) -> list[str]:
    raw = form.get(name, [])
    return [str(r) for r in (raw if isinstance(raw, list) else [raw]) if str(r)]


def _read_one(q: Question, form: Mapping[str, Any]) -> tuple[Any, bool, str | None]:
    """(raw value, not known, error) for one question."""
    name = input_name(q)
    unknown = _one(form, f"{name}-unknown") == "on" or _one(form, name) == NOT_KNOWN
    kind = q.kind
    if kind is InputKind.DATE:
        parts = [_one(form, f"{name}-{p}") for p in ("day", "month", "year")]
        if not any(parts):
            return None, unknown, None if unknown else "Enter the date, or tick “Not known”"
        if not all(parts):
            return None, False, "The date must include a day, month and year"
        try:
            day, month, year = (int(p) for p in parts)
            raw: Any = date(year, month, day).isoformat()
        except ValueError:
            return None, False, "The date must be a real date, like 27 3 2007"
    elif kind is InputKind.YES_NO:
        choice = _one(form, name)
        if choice not in ("yes", "no", NOT_KNOWN):
            return None, False, "Select yes, no or not known"
        if choice == NOT_KNOWN:
            return None, True, None
        raw = choice == "yes"
    elif kind is InputKind.ONE_OF:
        choice = _one(form, name)
        if not choice:
            return None, False, "Select an answer, or “Not known”"
        if choice == NOT_KNOWN:
            return None, True, None
        raw = choice
    elif kind is InputKind.ANY_OF:
        chosen = _many(form, name)
        if NOT_KNOWN in chosen:
            return None, True, None
        if not chosen:
            return None, False, "Select all that apply, “None of these” or “Not known”"
        raw = [c for c in chosen if c != NONE_OF_THESE]
    elif kind is InputKind.ITEMS:
        text = _one(form, name)
        if not text:
            return None, unknown, None if unknown else "Enter the items, one a line, or tick “Not known”"
        try:
            raw = _items(q, text)
        except ValueError as exc:
            return None, False, exc.args[0]  # a message, translated where it is shown
    else:
        text = _one(form, name).replace(" ", "")
        if not text:
            return None, unknown, None if unknown else "Enter a number, or tick “Not known”"
        if kind is InputKind.WHOLE_NUMBER:
            try:
                raw = int(text)
            except ValueError:
                return None, False, "Enter a whole number"
        else:
            try:
                raw = str(Decimal(text.replace(",", "")))
            except InvalidOperation:
                return None, False, "Enter an amount in figures, like 1500.50"
    try:
        q.fact.parse(raw)
    except FactError as exc:  # what the answer must be, from the fact's type (never the engine's words)
        return None, False, answer_error(exc, q.fact)
    return raw, False, None


def _items(q: Question, text: str) -> list[dict[str, Any]]:
    """Records of a list fact, one a line, fields in their declared order, comma separated."""
    names = list(q.fact.item)
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split(",")]
        if len(cells) != len(names):
            raise ValueError(
                N_("Line %(n)s: give %(count)s values separated by commas", n=n, count=len(names))
            )
        record: dict[str, Any] = {}
        for name, cell in zip(names, cells, strict=True):
            ftype = q.fact.item[name].type
            if ftype is FactType.BOOL:
                if cell.lower() not in ("yes", "no"):
                    raise ValueError(N_("Line %(n)s: write yes or no", n=n))
                record[name] = cell.lower() == "yes"
            elif ftype is FactType.INT:
                try:
                    record[name] = int(cell)
                except ValueError:
                    raise ValueError(
                        N_("Line %(n)s: %(cell)s is not a whole number", n=n, cell=cell)
                    ) from None
            else:
                record[name] = cell
        out.append(record)
    return out


@dataclass
class Answers:
    """What a question page posted: values, facts not known, errors (by fact id) and the raw inputs."""

    values: dict[str, Any]
    not_known: list[str]
    errors: dict[str, str]
    inputs: dict[str, Any]


def read_answers(questions: list[Question], form: Mapping[str, Any]) -> Answers:
    """Read every question of a page; errors are kept beside what was typed."""
    values: dict[str, Any] = {}
    not_known: list[str] = []
    errors: dict[str, str] = {}
    for q in questions:
        raw, unknown, error = _read_one(q, form)
        if error is not None:
            errors[q.fact.id] = error
        elif unknown:
            not_known.append(q.fact.id)
        else:
            values[q.fact.id] = raw
    inputs = {k: v for k, v in form.items() if k.startswith("answer-")}
    return Answers(values, not_known, errors, inputs)
