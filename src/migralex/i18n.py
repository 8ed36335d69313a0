"""Message catalogues (Babel / gettext ``.po``) for notices now and casework pages later.

Catalogues live in ``migralex/locale/<lang>/LC_MESSAGES/<domain>.po`` and are read with Babel when first
used: no compiled ``.mo`` file, no build step and no network. English is the source language (a message id
is its English text); every other language must translate every message it is asked for, and a
:class:`Translator` records each message it could not translate, so a test can fail on any of them.

Domains: ``notices`` (the notice templates), ``rules`` (program titles, condition and fact labels, codes,
as the rule packs write them), ``pages`` (casework pages), ``casework`` (messages the services make: refusals,
work-queue tasks, timeline entries).

A service message is made with ``N_("no person %(id)s", id=5)``: a :class:`Message`, which *is* its English
text (a ``str``, so the API, logs and the audit trail keep the stable English wording) and also carries the
message id and parameters, so a page translates it later in the reader's language
(``Translator.gettext(message)``). ``N_`` marks the literal for extraction (:func:`marked_messages`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, overload

from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

Language = Literal["en", "da"]
LANGUAGES: tuple[Language, ...] = ("en", "da")
SOURCE_LANGUAGE: Language = "en"
#: Babel locale used to format dates and numbers in each language.
LOCALES: dict[Language, str] = {"en": "en_GB", "da": "da_DK"}


#: How a list parameter of a message is written (in every language).
LIST_SEPARATOR = "; "


class Message(str):
    """A message to translate later: its value is the English text; ``msgid`` and ``params`` rebuild it.

    A parameter that is itself a :class:`Message` (e.g. :func:`term`) is translated with the message.
    """

    msgid: str
    params: dict[str, Any]

    def __new__(cls, msgid: str, params: Mapping[str, Any] | None = None) -> Message:
        """The English text of ``msgid`` with ``params`` filled in (``%(name)s`` placeholders; a list or
        tuple parameter is written as its items joined by ``"; "``)."""
        shown = {
            k: LIST_SEPARATOR.join(map(str, v)) if isinstance(v, list | tuple) else v
            for k, v in (params or {}).items()
        }
        made = super().__new__(cls, msgid % shown if params else msgid)
        made.msgid = msgid
        made.params = dict(params or {})
        return made

    def as_dict(self) -> dict[str, Any]:
        """``{"msgid", "params"}``, parameters as text (a message parameter nested the same way)."""
        return {
            "msgid": self.msgid,
            "params": {k: _plain(v) for k, v in self.params.items()},
        }


def from_dict(data: Mapping[str, Any]) -> Message:
    """The :class:`Message` of :meth:`Message.as_dict` (nested messages rebuilt; other parameters as text)."""

    def param(value: Any) -> Any:
        if isinstance(value, Mapping) and "msgid" in value:
            return from_dict(value)
        if isinstance(value, list):
            return [param(v) for v in value]
        return value

    return Message(str(data["msgid"]), {k: param(v) for k, v in (data.get("params") or {}).items()})


def _plain(value: Any) -> Any:
    if isinstance(value, Message):
        return value.as_dict()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)


@overload
def N_(message: str) -> str: ...
@overload
def N_(message: str, **params: Any) -> Message: ...
def N_(message: str, **params: Any) -> str:
    """Mark a message for extraction; with parameters, a :class:`Message` translated where it is shown."""
    return Message(message, params) if params else message


def term(text: str) -> Message:
    """A text translated wherever it is shown, also as another message's parameter (``N_`` without
    parameters gives a plain ``str``, translated only where it is shown on its own): a literal (marked for
    extraction like ``N_``) or a catalogue entry such as a case kind or a role."""
    return Message(text)


def code_term(code: str) -> Message:
    """A stored code (a case kind, decision kind or role such as ``senior_caseworker``) as a :func:`term`:
    its words, underscores as spaces, translated wherever it is shown."""
    return Message(code.replace("_", " "))


#: Source files (under ``migralex/``) whose marked messages a page may show (domains ``casework``, ``lab``,
#: ``programmes``, or ``pages`` for the pages' own labels).
SERVICE_SOURCES = (
    "casework/*.py",
    "casework/api/*.py",
    "casework/lifecycle/*.py",
    "notices/service.py",
    "error_messages.py",
    "lab/jobs.py",
    "lab/report.py",
    "lab/results.py",
    "lab/web.py",
    "programmes/dashboard.py",
    "programmes/earmarks.py",
    "programmes/charts.py",
    "programmes/webbase.py",
    "web/*.py",
    "web/pages/*.py",
)


#: Extraction keywords: ``N_`` and ``term`` take the message first; ``require_role`` names the refused action
#: third (``needs_role``, the API's dependency, second).
KEYWORDS: dict[str, Any] = {"N_": None, "term": None, "require_role": (3,), "needs_role": (2,)}


def marked_messages(patterns: Iterable[str] = SERVICE_SOURCES) -> dict[str, list[str]]:
    """Every message marked with ``N_`` in the source files ``patterns``: {message: [file:line, ...]}."""
    root = Path(str(resources.files("migralex")))
    out: dict[str, list[str]] = {}
    for pattern in patterns:
        for path in sorted(root.glob(pattern)):
            for line, message, _comments, _context in extract_from_file(
                "python", str(path), keywords=KEYWORDS
            ):
                text = message[0] if isinstance(message, tuple) else message
                if text:
                    out.setdefault(text, []).append(f"{path.relative_to(root)}:{line}")
    return out


def catalogue_path(language: str, domain: str) -> Any:
    """Where the ``.po`` file of a language and domain lives (inside the installed package)."""
    return resources.files("migralex") / "locale" / language / "LC_MESSAGES" / f"{domain}.po"


@cache
def catalogue(language: str, domain: str) -> Catalog:
    """The catalogue of a language and domain, read once per process (empty when there is no file)."""
    path = catalogue_path(language, domain)
    if not path.is_file():
        return Catalog(locale=language, domain=domain)
    with path.open("rb") as fh:
        return read_po(fh, locale=language, domain=domain)


class Translator:
    """gettext for one language: looks messages up in the given domains, records what it cannot translate."""

    def __init__(self, language: Language, domains: tuple[str, ...] = ("notices", "rules")) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"language {language!r}: expected one of {', '.join(LANGUAGES)}")
        self.language = language
        self.locale = LOCALES[language]
        self.catalogues = [catalogue(language, d) for d in domains]
        self.missing: list[str] = []

    def _found(self, message: str, context: str | None = None) -> str | None:
        """The translation of ``message`` in the catalogues (not fuzzy, not empty), or None."""
        for cat in self.catalogues:
            found = cat.get(message, context=context)
            if found is not None and found.string and not found.fuzzy:
                return str(found.string)
        return None

    def _lookup(self, message: str, context: str | None) -> str:
        if self.language == SOURCE_LANGUAGE or not message:
            return message
        found = self._found(message, context)
        if found is not None:
            return found
        key = f"{context}|{message}" if context else message
        if key not in self.missing:
            self.missing.append(key)
        return message

    def has(self, message: str, context: str | None = None) -> bool:
        """Whether ``message`` has a translation (or needs none: the source language); records nothing."""
        if self.language == SOURCE_LANGUAGE or not message:
            return True
        return self._found(message, context) is not None

    def gettext(self, message: str) -> str:
        """The translation of ``message`` (the message itself, recorded as missing, when there is none).

        A :class:`Message` is translated by its id, then its parameters filled in (message parameters
        translated too).
        """
        if isinstance(message, Message):
            text = self._lookup(message.msgid, None)
            if not message.params:
                return text
            return text % {k: self._param(v) for k, v in message.params.items()}
        return self._lookup(message, None)

    def _param(self, value: Any) -> Any:
        if isinstance(value, Message):
            return self.gettext(value)
        if isinstance(value, list | tuple):
            return LIST_SEPARATOR.join(str(self._param(v)) for v in value)
        return value

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """Singular or plural form (both languages here have the English plural rule: n != 1)."""
        return self._lookup(singular if n == 1 else plural, None)

    def pgettext(self, context: str, message: str) -> str:
        """The translation of ``message`` in a context (e.g. ``code`` for a code value)."""
        return self._lookup(message, context)

    def date(self, d: date) -> str:
        """A date written out in the language (``3 March 2025``, ``3. marts 2025``)."""
        return format_date(d, format="long", locale=self.locale)

    def number(self, n: int | Decimal) -> str:
        """A number with the language's separators."""
        return format_decimal(n, locale=self.locale)
