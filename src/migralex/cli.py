"""The ``migralex`` command line (stable contract: other tools call it).

migralex programs
migralex schema PROGRAM
migralex assess PROGRAM --facts case.json [--date YYYY-MM-DD] [--reform NAME] [--format json|text]
migralex compare --facts case.json --program P [--program Q ...] [--reform R ...]
migralex reforms | migralex reform NAME [--date D]
migralex docs --out docs/rules [--check]
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from migralex.engine import Decision, MigralexError, Program, Reform, assess
from migralex.engine.diff import reform_changes
from migralex.engine.errors import FactError
from migralex.engine.explain import render_text
from migralex.engine.facts import parse_date, parse_facts

app = typer.Typer(
    help="migralex: immigration and asylum law as executable, explainable, testable rules.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, highlight=False)

F = TypeVar("F", bound=Callable[..., Any])


class Format(StrEnum):
    """Output format of ``assess``."""

    json = "json"
    text = "text"


def fail(message: str) -> NoReturn:
    """Print a clear error and exit with status 2 (bad input)."""
    err.print(f"[bold red]error:[/] {message}", markup=True)
    raise typer.Exit(2)


def user_errors(fn: F) -> F:
    """Turn migralex errors into exit 2 with a message naming the field, never a traceback."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except MigralexError as exc:
            fail(str(exc))

    return wrapper  # type: ignore[return-value]


def _date(raw: str | None) -> date:
    return date.today() if raw is None else parse_date(raw, "--date")


def _read_json(path: Path) -> dict[str, Any]:
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


def _program(program_id: str) -> Program:
    from migralex.rules.registry import get_program

    return get_program(program_id)


def _reform(reform_id: str | None) -> Reform | None:
    from migralex.rules.registry import get_reform

    return get_reform(reform_id) if reform_id else None


@app.command()
def programs(
    fmt: Annotated[
        Format, typer.Option("--format", help="text (a table) or json (with typed metadata)")
    ] = Format.text,
) -> None:
    """List programs with their jurisdiction, status and description (json: also outcome vocabulary,
    adverse flag, money outputs, in-force window and condition tags)."""
    from migralex.rules.registry import programs as all_programs

    listed = sorted(all_programs().values(), key=lambda p: p.id)
    if fmt is Format.json:
        listing = [
            {
                "id": p.id,
                "jurisdiction": p.jurisdiction,
                "status": p.status,
                "title": p.title,
                "description": p.description,
                "citation": p.citation.as_dict(),
                **p.describe_meta(),
            }
            for p in listed
        ]
        print(json.dumps(listing, indent=2, ensure_ascii=False))
        return
    table = Table(title="migralex programs")
    table.add_column("program", no_wrap=True)
    for name in ("jurisdiction", "status", "description"):
        table.add_column(name)
    for program in listed:
        table.add_row(
            program.id, program.jurisdiction, program.status, f"{program.title}. {program.description}"
        )
    out.print(table)


@app.command()
@user_errors
def schema(
    program: Annotated[str, typer.Argument(help="Program id, e.g. dk.family_reunification.spouse")],
    reform: Annotated[str | None, typer.Option(help="Schema under a reform (it may read more facts)")] = None,
) -> None:
    """Print the JSON Schema of the facts a program reads."""
    from migralex.engine.facts import facts_json_schema

    prog = _program(program)
    ref = _reform(reform)
    specs = prog.fact_specs(ref.replacements if ref else None)
    print(json.dumps(facts_json_schema(prog.id, specs.values()), indent=2, ensure_ascii=False))


def decide(program_id: str, facts_file: Path, on: str | None, reform_id: str | None) -> Decision:
    """Read, validate and assess one case (shared by ``assess`` and the web layer)."""
    prog = _program(program_id)
    ref = _reform(reform_id)
    facts = prog.parse_facts(_read_json(facts_file), ref)
    return assess(prog, facts, _date(on), ref)


@app.command("assess")
@user_errors
def assess_cmd(
    program: Annotated[str, typer.Argument(help="Program id, e.g. dk.family_reunification.spouse")],
    facts: Annotated[Path, typer.Option("--facts", help="JSON file of facts ('-' for stdin)")],
    on: Annotated[
        str | None, typer.Option("--date", help="Decision date YYYY-MM-DD (default: today)")
    ] = None,
    reform: Annotated[str | None, typer.Option(help="Assess under a named reform")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="json or text")] = Format.json,
) -> None:
    """Assess one case: the outcome, the cited explanation tree and the facts still needed."""
    decision = decide(program, facts, on, reform)
    if fmt is Format.json:
        print(json.dumps(decision.to_json(), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(render_text(decision, color=sys.stdout.isatty()))


@app.command()
@user_errors
def compare(
    facts: Annotated[Path, typer.Option("--facts", help="JSON file of facts")],
    program: Annotated[list[str], typer.Option("--program", help="Program id (repeat)")],
    reform: Annotated[list[str] | None, typer.Option("--reform", help="Reform id (repeat)")] = None,
    on: Annotated[str | None, typer.Option("--date", help="Decision date YYYY-MM-DD")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="json or text")] = Format.text,
) -> None:
    """Judge the same case under several programs (e.g. uk and dk) and reforms, side by side.

    Each program reads the facts it knows; a fact no program reads is an error. Status and relationship
    codes of another pack are translated to the program's nearest ones (``migralex.rules.codes``) and the
    translations are shown.
    """
    from migralex.rules.codes import translate_facts

    raw = _read_json(facts)
    when = _date(on)
    runs: list[tuple[Program, Reform | None]] = [(_program(p), None) for p in program]
    for rid in reform or []:
        ref = _reform(rid)
        assert ref is not None
        targets = [p for p, _ in runs if ref.applies_to(p)] or [
            p for p in _all_programs() if ref.applies_to(p)
        ]
        if not targets:
            fail(f"--reform {rid}: applies to none of the programs given")
        runs.extend((p, ref) for p in targets[:1])
    read: set[str] = set()
    for prog, ref in runs:
        read.update(prog.fact_specs(ref.replacements if ref else None))
    unread = sorted(set(raw) - read)
    if unread:
        raise FactError(unread[0], "no program compared reads this fact")
    decisions = []
    translated = []
    for prog, ref in runs:
        specs = prog.fact_specs(ref.replacements if ref else None)
        own, notes = translate_facts(raw, specs)
        decisions.append(assess(prog, parse_facts(specs, own, ignore_unknown=True), when, ref))
        translated.append(notes)
    if fmt is Format.json:
        rows = [
            {**d.to_json(), "translated_facts": [t.as_dict() for t in notes]}
            for d, notes in zip(decisions, translated, strict=True)
        ]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    table = Table(
        "program",
        "rules",
        "outcome",
        "failing conditions",
        "missing facts",
        "translated facts",
        title=f"Compared on {when}",
    )
    for d, notes in zip(decisions, translated, strict=True):
        failing = [r.label for r in d.deciding_failures()]
        table.add_row(
            d.program.id,
            f"reform {d.reform.id} ({d.reform.status})" if d.reform else f"{d.program.jurisdiction} baseline",
            d.outcome if d.outcome_label == d.outcome else f"{d.outcome_label} ({d.outcome})",
            "\n".join(failing) or "-",
            ", ".join(d.missing_facts) or "-",
            "\n".join(map(str, notes)) or "-",
        )
    out.print(table)


def _all_programs() -> list[Program]:
    from migralex.rules.registry import programs as all_programs

    return list(all_programs().values())


@app.command("reforms")
def reforms_cmd() -> None:
    """List the named reforms."""
    from migralex.rules.registry import reforms as all_reforms

    table = Table("reform", "base", "status", "title")
    for r in all_reforms().values():
        table.add_row(r.id, r.base, r.status, r.title)
    out.print(table)


@app.command("reform")
@user_errors
def reform_cmd(
    name: Annotated[str, typer.Argument(help="Reform id")],
    on: Annotated[str | None, typer.Option("--date", help="Compare parameters in force on this date")] = None,
    fmt: Annotated[Format, typer.Option("--format")] = Format.text,
) -> None:
    """Show a reform side by side with its baseline: each changed parameter and condition, with sources."""
    from migralex.rules.registry import packs

    ref = _reform(name)
    assert ref is not None
    when = _date(on)
    changes = reform_changes(ref, packs()[ref.base], when)
    if fmt is Format.json:
        print(
            json.dumps(
                {"reform": ref.id, "date": when.isoformat(), "changes": [c.as_dict() for c in changes]},
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    out.print(f"[bold]{ref.id}[/]: {ref.title} ({ref.status})\n{ref.description}\nSource: {ref.citation}")
    table = Table("what", "id", "baseline", "reform", title=f"Changes against {ref.base} on {when}")
    for c in changes:
        table.add_row(
            c.kind,
            f"{c.id}\n{c.label}",
            f"{c.old}\n[dim]{c.old_source}[/]",
            f"{c.new}\n[dim]{c.new_source}[/]",
        )
    out.print(table)


@app.command()
@user_errors
def docs(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for <pack>.md")] = Path("docs/rules"),
    check: Annotated[bool, typer.Option(help="Exit 1 if the files differ instead of writing")] = False,
) -> None:
    """Generate the rule catalogue docs/rules/<pack>.md from the rule packs."""
    from migralex.rules.docs import generate

    stale = []
    for path, text in generate(out_dir).items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            stale.append(path)
            if not check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    if check and stale:
        err.print("out of date (run `migralex docs`): " + ", ".join(map(str, stale)))
        raise typer.Exit(1)
    out.print(("checked " if check else "wrote ") + str(out_dir))


def _mount_optional() -> None:
    """Mount the commands of the other parts (programme ledger, casework service, policy lab).

    Each part's ``cli`` module exposes ``register(app)`` (or ``programme_app``); parts not installed are
    skipped, so the engine CLI works on its own.
    """
    import importlib

    try:
        from migralex.programmes.cli import programme_app  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        pass
    else:
        app.add_typer(programme_app, name="programme", help="Donor programme ledger and IATI export")
    for name in ("migralex.casework.cli", "migralex.lab.cli", "migralex.rules.sources"):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(app)


_mount_optional()


def main() -> None:
    """Entry point."""
    app()
