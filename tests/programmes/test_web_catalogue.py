"""Every string of the programme ledger's pages has its Danish wording in programmes.po."""

from __future__ import annotations

import re
from importlib import resources

from migralex.i18n import catalogue
from migralex.programmes.webbase import NOT_KNOWN, ROLES

# {{ _("...") }} and the dashboard's column-header macro th("...", True)
MESSAGE = re.compile(
    r"""(?:\b_|\bth)\(\s*"((?:[^"\\]|\\.)*)"\s*(?:,\s*True\s*)?\)|\b_\(\s*'((?:[^'\\]|\\.)*)'\s*\)"""
)


def template_messages() -> set[str]:
    """The message ids of every programme ledger template."""
    folder = resources.files("migralex.programmes") / "templates" / "programmes"
    found = set()
    for path in folder.iterdir():
        for m in MESSAGE.finditer(path.read_text(encoding="utf-8")):
            found.add((m.group(1) if m.group(1) is not None else m.group(2)).replace("\\\\", "\\"))
    return found


def test_every_page_string_has_danish_wording() -> None:
    danish = catalogue("da", "programmes")
    messages = template_messages() | {NOT_KNOWN, *ROLES.values(), "committed", "indicative", "lead donor"}
    assert len(messages) > 80
    untranslated = sorted(m for m in messages if not getattr(danish.get(m), "string", None))
    assert untranslated == []
