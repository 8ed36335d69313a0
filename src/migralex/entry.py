"""The ``migralex`` console entry point: ``migralex assess`` without the command-line framework.

``migralex assess PROGRAM --facts FILE [--date D] [--reform R] [--format json|text] [--explain LEVEL]`` is
the command other tools call once per case, so its whole process is kept short: when the arguments are
exactly those (each option at most once, as ``--opt value`` or ``--opt=value``), the case is read, assessed
and printed here, importing the engine and the rule packs but not Typer, Click, Rich or pydantic (Rich only
for ``--format text``). Anything else (``--help``, an unknown or repeated option, a missing value, a bad
choice, every other command) goes to the Typer application in :mod:`migralex.cli`, unchanged; so do the
messages of errors in the case (through :func:`migralex.clikit.fail`): the output, the messages and the exit
codes are the same either way.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from migralex.engine.program import Decision, Explain, Program, Reform

#: ``assess`` options that take a value, and the values a choice option accepts (None: any)
ASSESS_OPTIONS: dict[str, tuple[str, ...] | None] = {
    "--facts": None,
    "--date": None,
    "--reform": None,
    "--format": ("json", "text"),
    "--explain": ("full", "failing", "none"),
}


def parse_assess(args: Sequence[str]) -> dict[str, str] | None:
    """The arguments of ``assess`` (after the word ``assess``) by name (``program`` and the option names),
    or None when they are anything but the plain form (the Typer command then handles them)."""
    found: dict[str, str] = {}
    i = 0
    while i < len(args):
        arg = args[i]
        if arg.startswith("-") and arg != "-":
            name, eq, value = arg.partition("=")
            if name not in ASSESS_OPTIONS or name in found:
                return None
            if not eq:
                i += 1
                if i == len(args) or args[i].startswith("--"):
                    return None
                value = args[i]
            choices = ASSESS_OPTIONS[name]
            if choices is not None and value not in choices:
                return None
            found[name] = value
        elif "program" in found:
            return None
        else:
            found["program"] = arg
        i += 1
    if "program" not in found or "--facts" not in found:
        return None
    return found


def read_json(path: Path) -> dict[str, Any]:
    """The facts file (``-``: standard input) as a JSON object; errors name ``--facts``."""
    from migralex.engine.errors import FactError

    try:
        text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    except OSError as exc:
        raise FactError("--facts", f"cannot read {path}: {exc.strerror}") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FactError("--facts", f"{path} is not valid JSON: {exc.msg} at line {exc.lineno}") from None
    if not isinstance(raw, dict):
        raise FactError("--facts", f"{path} must hold a JSON object of fact ids to values")
    return raw


def decision_date(raw: str | None) -> date:
    """The ``--date`` given (checked), or today."""
    from migralex.engine.facts import parse_date

    return date.today() if raw is None else parse_date(raw, "--date")


def get_program(program_id: str) -> Program:
    """A program of the registry (an unknown id is an error naming it)."""
    from migralex.rules.registry import get_program as registered

    return registered(program_id)


def get_reform(reform_id: str) -> Reform:
    """A named reform of the registry (an unknown id is an error naming it)."""
    from migralex.rules.registry import get_reform as registered

    return registered(reform_id)


def decide(
    program_id: str, facts_file: Path, on: str | None, reform_id: str | None, explain: Explain = "full"
) -> Decision:
    """Read, validate and assess one case (shared by ``assess`` and the web layer); ``explain="none"``
    evaluates values only (see :func:`migralex.engine.program.assess`)."""
    from migralex.engine.program import assess

    prog = get_program(program_id)
    ref = get_reform(reform_id) if reform_id else None
    facts = prog.parse_facts(read_json(facts_file), ref)
    return assess(prog, facts, decision_date(on), ref, explain=explain)


def print_decision(decision: Decision, fmt: str, explain: Explain) -> None:
    """What ``assess`` prints: the decision as indented JSON, or the readable tree."""
    if fmt == "json":
        print(json.dumps(decision.to_json(explain), indent=2, ensure_ascii=False))
    else:
        from migralex.engine.explain import render_text

        sys.stdout.write(render_text(decision, color=sys.stdout.isatty(), explain=explain))


_LEVELS: dict[str, Explain] = {"full": "full", "failing": "failing", "none": "none"}


def _fast_assess(options: dict[str, str]) -> int:
    """Run ``assess`` with parsed options; a migralex error is printed as the Typer command prints it."""
    from migralex.engine.errors import MigralexError

    explain: Explain = _LEVELS[options.get("--explain", "full")]
    try:
        decision = decide(
            options["program"],
            Path(options["--facts"]),
            options.get("--date"),
            options.get("--reform"),
            explain,
        )
    except MigralexError as exc:
        import typer

        from migralex.clikit import fail

        try:
            fail(str(exc))
        except typer.Exit as stop:
            return stop.exit_code
    print_decision(decision, options.get("--format", "json"), explain)
    return 0


def _as_click(run: Callable[[], int]) -> int:
    """``run()``, ending as a Click command ends on a closed pipe (quietly, 1) or an interrupt (1)."""
    try:
        return run()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to flush
        return 1
    except (EOFError, KeyboardInterrupt):
        print("\nAborted!", file=sys.stderr)
        return 1


def main() -> None:
    """The ``migralex`` command."""
    args = sys.argv[1:]
    if args[:1] == ["assess"]:
        options = parse_assess(args[1:])
        if options is not None:
            sys.exit(_as_click(lambda: _fast_assess(options)))
    from migralex.cli import app

    sys.exit(app())
