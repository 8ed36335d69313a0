"""Texts the services store in English (deadline labels, the summary of a review case they open).

The database and the API keep the English text. A page shows it in the reader's language with
:func:`read_back`: a stored text written from one of :data:`STORED` is matched back to its message id and
parameters (a :class:`~migralex.i18n.Message`); any other text (typed by a caseworker) is returned as it is.
"""

from __future__ import annotations

import re
from functools import cache

from migralex.engine.meta import OutOfForce
from migralex.i18n import N_, Message

#: A residence status's review date, set when the status is granted.
REVIEW_DEADLINE = N_("Review of %(status)s status (permit ends %(until)s)")
REVIEW_DEADLINE_OPEN_ENDED = N_("Review of %(status)s status (permit does not end)")
TOLERATED_STAY_REVIEW = N_("Review of tolerated stay")
#: The appeal deadline a notice of decision sets.
APPEAL_DEADLINE = N_("Appeal deadline for decision %(decision)s (%(body)s)")
#: The summary of a review case opened because a review date came.
REVIEW_DUE = N_("Review due %(on)s: %(status)s until %(until)s")
STORED = (REVIEW_DEADLINE, REVIEW_DEADLINE_OPEN_ENDED, TOLERATED_STAY_REVIEW, APPEAL_DEADLINE, REVIEW_DUE)


@cache
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    out = []
    for msgid in STORED:
        parts = re.split(r"%\((\w+)\)s", msgid)  # literal, name, literal, name, ..., literal
        regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
        out.append((re.compile(regex), msgid))
    return out


def read_back(text: str) -> str:
    """The stored ``text`` as a :class:`Message` when a service wrote it from :data:`STORED`, else itself."""
    if isinstance(text, Message):
        return text
    for pattern, msgid in _patterns():
        if (found := pattern.fullmatch(text)) is not None:
            return Message(msgid, found.groupdict()) if found.groupdict() else Message(msgid)
    return text


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
