"""The messages a notice can show, for the catalogues and for the test that every one is translated.

``notice_messages()`` extracts the template and code messages with Babel (as ``pybabel extract`` would);
``rule_messages(program)`` lists what a rule pack contributes: the program title, condition and fact
labels, and code values (context ``code``).
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

from babel.messages.extract import extract_from_file

from migralex.casework.messages import APPEAL_BODIES
from migralex.engine import Program
from migralex.engine.facts import FactType
from migralex.i18n import catalogue
from migralex.rules.registry import get_program

KEYWORDS = {"_": None, "gettext": None, "N_": None, "tr": None}


def notice_messages() -> list[str]:
    """Every message id in the notice templates and in :mod:`migralex.notices.render` (with the appeal
    bodies it names), in order."""
    root = Path(str(resources.files("migralex.notices")))
    out: dict[str, None] = {}
    sources = [("jinja2.ext:babel_extract", p) for p in sorted((root / "templates").rglob("*.html"))]
    sources.append(("python", root / "render.py"))
    for method, path in sources:
        for _line, message, _comments, _context in extract_from_file(
            method, str(path), keywords=KEYWORDS, options={"extensions": "jinja2.ext.i18n"}
        ):
            if isinstance(message, tuple):
                for m in message:
                    if m:
                        out.setdefault(m, None)
            elif message:
                out.setdefault(message, None)
    for body in APPEAL_BODIES.values():  # kept with the casework messages (the work queue names them too)
        out.setdefault(body, None)
    return list(out)


def rule_messages(program: Program) -> list[tuple[str | None, str]]:
    """(context, message) pairs a notice on ``program`` may show: title, labels and code values."""
    out: dict[tuple[str | None, str], None] = {(None, program.title): None}
    for node in program.nodes():
        out.setdefault((None, node.label), None)
    for spec in program.fact_specs().values():
        out.setdefault((None, spec.label), None)
        if spec.type in (FactType.CODE, FactType.CODE_SET):
            for code in spec.codes:
                out.setdefault(("code", code), None)
    return list(out)


def untranslated(language: str, program_ids: list[str]) -> list[str]:
    """Messages of the notice templates and of the given programs that ``language`` does not translate."""
    notices, rules = catalogue(language, "notices"), catalogue(language, "rules")
    out = [m for m in notice_messages() if not getattr(notices.get(m), "string", "")]
    for pid in program_ids:
        for ctx, m in rule_messages(get_program(pid)):
            if not getattr(rules.get(m, context=ctx), "string", ""):
                out.append(f"{pid}: {ctx + '|' if ctx else ''}{m}")
    return out


def main(argv: list[str] | None = None) -> int:
    """``python -m migralex.notices.messages da [PROGRAM ...]``: list untranslated messages (1 if any)."""
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: python -m migralex.notices.messages LANGUAGE [PROGRAM ...]", file=sys.stderr)
        return 2
    missing = untranslated(args[0], args[1:])
    for m in missing:
        print(m)
    print(f"{len(missing)} untranslated", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
