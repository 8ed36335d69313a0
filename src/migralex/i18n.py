"""Message catalogues (Babel / gettext ``.po``) for notices now and casework pages later.

Catalogues live in ``migralex/locale/<lang>/LC_MESSAGES/<domain>.po`` and are read with Babel when first
used: no compiled ``.mo`` file, no build step and no network. English is the source language (a message id
is its English text); every other language must translate every message it is asked for, and a
:class:`Translator` records each message it could not translate, so a test can fail on any of them.

Domains: ``notices`` (the notice templates), ``rules`` (program titles, condition and fact labels, codes,
as the rule packs write them). A casework page can use the same machinery with a ``pages`` domain.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any, Literal

from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

Language = Literal["en", "da"]
LANGUAGES: tuple[Language, ...] = ("en", "da")
SOURCE_LANGUAGE: Language = "en"
#: Babel locale used to format dates and numbers in each language.
LOCALES: dict[Language, str] = {"en": "en_GB", "da": "da_DK"}


def N_(message: str) -> str:
    """Mark a message for extraction without translating it here."""
    return message


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

    def _lookup(self, message: str, context: str | None) -> str:
        if self.language == SOURCE_LANGUAGE or not message:
            return message
        for cat in self.catalogues:
            found = cat.get(message, context=context)
            if found is not None and found.string and not found.fuzzy:
                return str(found.string)
        key = f"{context}|{message}" if context else message
        if key not in self.missing:
            self.missing.append(key)
        return message

    def gettext(self, message: str) -> str:
        """The translation of ``message`` (the message itself, recorded as missing, when there is none)."""
        return self._lookup(message, None)

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
