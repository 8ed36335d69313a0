"""Texts the services store in English (deadline labels and sources, the summary of a case they open).

The database and the API keep the English text. A page shows it in the reader's language with
:func:`read_back`: a stored text written from one of :data:`STORED` is matched back to its message id and
parameters (a :class:`~migralex.i18n.Message`); any other text (typed by a caseworker) is returned as it is.
:data:`STORED` also says how each parameter reads back: a word translated as a :func:`~migralex.i18n.term`
(a time unit, the event a time limit runs from), a stored text read back in turn (the source a review date
was computed from), an appeal body's name from its code, or as it is (numbers, dates, ids). The English
wording of every message is the one the services stored before, so rows written earlier read back too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from migralex.engine.meta import OutOfForce
from migralex.error_messages import answer_error, engine_error, expected_of, fact_error
from migralex.i18n import N_, Message, term

__all__ = ["answer_error", "engine_error", "expected_of", "fact_error", "out_of_force", "read_back"]

#: A residence status's review date, set when the status is granted.
REVIEW_DEADLINE = N_("Review of %(status)s status (permit ends %(until)s)")
REVIEW_DEADLINE_OPEN_ENDED = N_("Review of %(status)s status (permit does not end)")
TOLERATED_STAY_REVIEW = N_("Review of tolerated stay")
#: The appeal deadline a notice of decision sets.
APPEAL_DEADLINE = N_("Appeal deadline for decision %(decision)s (%(body)s)")
#: The summary of a review case opened because a review date came.
REVIEW_DUE = N_("Review due %(on)s: %(status)s until %(until)s")
#: The summary of the return case that follows an adverse decision.
FOLLOWS = N_("Follows %(decision)s in %(case)s")
#: The summary of the review of a family member whose sponsor's status ended.
SPONSOR_ENDED = N_("Sponsor's status ended by %(case)s: individual review of the family member's permit")
#: The summary of a review opened by a safe-country designation.
DESIGNATION_REVIEW = N_(
    "Safe-country designation %(id)s (%(place)s from %(on)s): individual review of protection on "
    "generalised violence"
)

# How a deadline was computed (``cw_deadline.source``).
SOURCE_ENTERED = N_("entered by the caseworker")
SOURCE_PERMIT_YEARS = N_("%(program)s output permit_years = %(years)s (rule pack %(pack)s %(hash)s)")
SOURCE_SPONSOR = N_("tied to the sponsor's status %(status)s")
SOURCE_PERMANENT = N_("permanent residence does not expire")
SOURCE_REVIEW_BEFORE = N_("permit end: %(source)s; review %(days)s days before (administrative setting)")
SOURCE_EXTENDED = N_("extended %(years)s years from %(start)s (%(source)s)")
SOURCE_OUTPUT = N_("program output %(output)s = %(value)s")
SOURCE_TOLERATED = N_("every %(months)s months (administrative setting)")
#: An appeal deadline: the law, then the time limit and the event it runs from.
SOURCE_APPEAL = N_("%(law)s (%(period)s %(unit)s from %(runs_from)s on %(on)s)")

#: Time units and the events a time limit runs from (:data:`migralex.rules.appeals.RunsFrom`), as words.
UNITS = {"weeks": term("weeks"), "days": term("days"), "months": term("months"), "years": term("years")}
RUNS_FROM = {
    "notification": term("notification"),
    "sent": term("sending"),
    "receipt": term("receipt"),
    "judgment": term("judgment"),
    "departure": term("departure"),
}
#: Appeal bodies by code (the notices name them the same way).
APPEAL_BODIES = {
    "udlaendingenaevnet": N_("Udlændingenævnet (the Immigration Appeals Board)"),
    "flygtningenaevnet": N_("Flygtningenævnet (the Refugee Appeals Board)"),
    "landsret": N_("the High Court (landsretten)"),
    "ftt_iac": N_("the First-tier Tribunal (Immigration and Asylum Chamber)"),
}


def unit_term(unit: str) -> Any:
    """A time unit as a translated word (an unknown unit as it is)."""
    return UNITS.get(unit, unit)


def runs_from_term(event: str) -> Any:
    """The event a time limit runs from as a translated word (stored: ``sent``; shown: ``sending``)."""
    return RUNS_FROM.get(event, event)


def _body(text: str) -> Any:
    return term(APPEAL_BODIES[text]) if text in APPEAL_BODIES else text


def _word(text: str) -> Any:
    return term(text)


def _runs_from(text: str) -> Any:
    found = {str(v): v for v in RUNS_FROM.values()}
    return runs_from_term(text) if text in RUNS_FROM else found.get(text, text)


@dataclass(frozen=True)
class Param:
    """How a parameter of a stored message reads back: what text it can be (a regular expression) and
    what it becomes (``read``; None: the text as it is)."""

    pattern: str = ".*?"
    read: Callable[[str], Any] | None = None


def _nested(text: str) -> Any:
    return read_back(text)


NUMBER, DATE, ID = Param(r"\d+"), Param(r"\d{4}-\d{2}-\d{2}"), Param(r"[\w-]+")
#: Every stored message: {msgid: {parameter: how it reads back}} (a parameter not named: any text, as is).
STORED: dict[str, dict[str, Param]] = {
    REVIEW_DEADLINE: {"until": DATE},
    REVIEW_DEADLINE_OPEN_ENDED: {},
    TOLERATED_STAY_REVIEW: {},
    APPEAL_DEADLINE: {"decision": NUMBER, "body": Param(read=_body)},
    REVIEW_DUE: {"on": DATE},
    FOLLOWS: {"decision": Param(read=_word), "case": ID},
    SPONSOR_ENDED: {"case": ID},
    DESIGNATION_REVIEW: {"id": NUMBER, "on": DATE},
    SOURCE_ENTERED: {},
    SOURCE_PERMIT_YEARS: {"years": NUMBER},
    SOURCE_SPONSOR: {"status": NUMBER},
    SOURCE_PERMANENT: {},
    SOURCE_REVIEW_BEFORE: {"source": Param(read=_nested), "days": NUMBER},
    SOURCE_EXTENDED: {"years": NUMBER, "start": DATE, "source": Param(read=_nested)},
    SOURCE_OUTPUT: {"output": ID, "value": NUMBER},
    SOURCE_TOLERATED: {"months": NUMBER},
    SOURCE_APPEAL: {
        "period": NUMBER,
        "unit": Param(r"\w+", _word),
        "runs_from": Param(r"\w+", _runs_from),
        "on": DATE,
    },
}


@cache
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    out = []
    for msgid, params in STORED.items():
        parts = re.split(r"%\((\w+)\)s", msgid)  # literal, name, literal, name, ..., literal
        regex = "".join(
            re.escape(p) if i % 2 == 0 else f"(?P<{p}>{params.get(p, Param()).pattern})"
            for i, p in enumerate(parts)
        )
        out.append((re.compile(regex, re.DOTALL), msgid))
    # the most literal text first: a text that fits two messages (a source nested in another) is the one
    # that explains more of it ("permit end: ...; review ..." before the source it wraps)
    return sorted(out, key=lambda pm: -len(re.sub(r"%\(\w+\)s", "", pm[1])))


def read_back(text: str) -> str:
    """The stored ``text`` as a :class:`Message` when a service wrote it from :data:`STORED`, else itself.

    Parameters read back as :data:`STORED` says (a unit as a translated word, a nested source as a message).
    """
    if isinstance(text, Message):
        return text
    for pattern, msgid in _patterns():
        if (found := pattern.fullmatch(text)) is not None:
            how = STORED[msgid]
            params = {k: _read(how.get(k), v) for k, v in found.groupdict().items()}
            return Message(msgid, params) if params else Message(msgid)
    return text


def _read(param: Param | None, text: str) -> Any:
    return param.read(text) if param is not None and param.read is not None else text


def out_of_force(why: OutOfForce) -> Message:
    """Why rules were not in force on a date, as a message (English: :meth:`OutOfForce.message`)."""
    since = why.since.isoformat()
    if why.reason == "not_commenced":
        return N_("not yet in force (commences %(since)s)", since=since)
    if why.reason == "suspended" and why.until is not None:
        return N_("suspended from %(since)s until %(until)s", since=since, until=why.until.isoformat())
    if why.reason == "suspended":
        return N_("suspended from %(since)s", since=since)
    return N_("repealed with effect from %(since)s", since=since)
