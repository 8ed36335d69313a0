"""The ``migralex`` command line (stable contract: other tools call it).

migralex programs | reforms                       [--format text|json|csv]
migralex schema PROGRAM
migralex assess PROGRAM --facts case.json [--date YYYY-MM-DD] [--reform NAME] [--format json|text]
                [--explain full|failing|none]
migralex compare --facts case.json --program P [--program Q ...] [--reform R ...] [--format text|json|csv]
migralex reform NAME [--date D] [--format text|json|csv]
migralex docs --out docs/rules [--check]
migralex --version

The other parts' commands (``serve``, ``audit``, ``users``, ``casework``, ``simulate``, ``population``,
``lab``, ``programme``) are registered lazily: their modules (and the web framework, the database layer,
the lab's libraries) are imported only when one of their commands runs, so ``migralex assess`` stays fast,
and a core-only install says which extra a missing command needs.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
import typer.main
from rich.markup import escape
from rich.table import Table
from typer.core import TyperCommand, TyperGroup

from migralex.clikit import FormatOption, OutputFormat, err, fail, out, print_tables
from migralex.engine import MigralexError, Program, Reform, assess
from migralex.engine.diff import reform_changes
from migralex.engine.errors import FactError
from migralex.engine.facts import parse_facts
from migralex.engine.program import Explain
from migralex.entry import decide, decision_date, get_program, get_reform, print_decision, read_json

#: Modules that show an extra is installed (checked without importing them; see pyproject.toml).
EXTRAS: dict[str, tuple[str, ...]] = {
    "server": ("fastapi", "uvicorn", "sqlalchemy", "alembic", "pydantic"),
    "lab": ("numpy", "pyarrow", "jinja2", "altair"),
    "verify": ("z3",),
}
#: The other parts' commands: command name -> (module exposing ``register(app)``, extra it needs).
PARTS: dict[str, tuple[str, str]] = {
    "serve": ("migralex.web.cli", "server"),
    "audit": ("migralex.casework.cli", "server"),
    "users": ("migralex.casework.cli", "server"),
    "casework": ("migralex.casework.cli", "server"),
    "programme": ("migralex.programmes.cli", "server"),
    "simulate": ("migralex.lab.cli", "lab"),
    "population": ("migralex.lab.cli", "lab"),
    "lab": ("migralex.lab.cli", "lab"),
    "verify": ("migralex.verify.cli", "verify"),
    "sources": ("migralex.rules.sources", "core"),
}


def missing_module(extra: str) -> str | None:
    """The first module of ``extra`` (see :data:`EXTRAS`) that is not installed, checked without importing."""
    return next((m for m in EXTRAS.get(extra, ()) if importlib.util.find_spec(m) is None), None)


def _needs_extra(name: str, extra: str, missing: str) -> TyperCommand:
    """A stand-in for a command whose extra is not installed: it explains and exits 2."""

    def explain() -> NoReturn:
        fail(
            f"`migralex {name}` needs the {extra!r} extra (module {missing!r} is not installed): "
            f"pip install 'migralex[{extra}]'"
        )

    return TyperCommand(
        name,
        callback=explain,
        help=escape(f"(not installed: pip install 'migralex[{extra}]')"),
        context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
        add_help_option=False,
    )


class LazyGroup(TyperGroup):
    """The root command group: the parts in :data:`PARTS` are imported on first use."""

    def list_commands(self, ctx: Any) -> list[str]:
        """Engine commands first, then the parts' commands."""
        return [*self.commands, *(name for name in PARTS if name not in self.commands)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """The command, importing its part if needed."""
        if cmd_name not in self.commands and cmd_name in PARTS:
            self._load(cmd_name)
        return self.commands.get(cmd_name)

    def _load(self, cmd_name: str) -> None:
        module_name, extra = PARTS[cmd_name]
        missing = missing_module(extra)
        module = None
        try:
            module = None if missing else importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if not exc.name or exc.name.split(".")[0] == "migralex":
                raise
            missing = exc.name
        if module is None:
            for name, (other, _extra) in PARTS.items():
                if other == module_name:
                    self.commands[name] = _needs_extra(name, extra, missing or "?")
            return
        part = typer.Typer()
        module.register(part)
        for name, command in typer.main.get_group(part).commands.items():
            self.commands.setdefault(name, command)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            print(f"migralex {version('migralex')}")
        except PackageNotFoundError:  # running from a source tree that is not installed
            print("migralex (not installed)")
        raise typer.Exit()


app = typer.Typer(
    cls=LazyGroup,
    help="migralex: immigration and asylum law as executable, explainable, testable rules.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def root(
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = None,
) -> None:
    """migralex: immigration and asylum law as executable, explainable, testable rules."""


F = TypeVar("F", bound=Callable[..., Any])


class Format(StrEnum):
    """Output format of ``assess`` (a decision, not a table)."""

    json = "json"
    text = "text"


class ExplainLevel(StrEnum):
    """How much of the explanation ``assess`` prints (see :meth:`migralex.engine.Decision.to_json`)."""

    full = "full"
    failing = "failing"
    none = "none"


_LEVELS: dict[ExplainLevel, Explain] = {
    ExplainLevel.full: "full",
    ExplainLevel.failing: "failing",
    ExplainLevel.none: "none",
}


def user_errors(fn: F) -> F:
    """Turn migralex errors into exit 2 with a message naming the field, never a traceback."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except MigralexError as exc:
            fail(str(exc))

    return wrapper  # type: ignore[return-value]


def _reform(reform_id: str | None) -> Reform | None:
    return get_reform(reform_id) if reform_id else None


@app.command()
def programs(fmt: FormatOption = OutputFormat.text) -> None:
    """List programs with their jurisdiction, status and description (json: also outcome vocabulary,
    adverse flag, money outputs, in-force window and condition tags)."""
    from migralex.rules.registry import programs as all_programs

    listed = sorted(all_programs().values(), key=lambda p: p.id)
    if fmt is OutputFormat.json:  # with each program's typed metadata
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
    print_tables([table], fmt)


@app.command()
@user_errors
def schema(
    program: Annotated[str, typer.Argument(help="Program id, e.g. dk.family_reunification.spouse")],
    reform: Annotated[str | None, typer.Option(help="Schema under a reform (it may read more facts)")] = None,
) -> None:
    """Print the JSON Schema of the facts a program reads."""
    from migralex.engine.facts import facts_json_schema

    prog = get_program(program)
    ref = _reform(reform)
    specs = prog.fact_specs(ref.replacements if ref else None)
    print(json.dumps(facts_json_schema(prog.id, specs.values()), indent=2, ensure_ascii=False))


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
    explain: Annotated[
        ExplainLevel,
        typer.Option(
            "--explain",
            help="full: every condition; failing: only those false or unknown; none: the outcome alone",
        ),
    ] = ExplainLevel.full,
) -> None:
    """Assess one case: the outcome, the cited explanation tree and the facts still needed."""
    level = _LEVELS[explain]
    print_decision(decide(program, facts, on, reform, level), fmt.value, level)


@app.command()
@user_errors
def compare(
    facts: Annotated[Path, typer.Option("--facts", help="JSON file of facts")],
    program: Annotated[list[str], typer.Option("--program", help="Program id (repeat)")],
    reform: Annotated[list[str] | None, typer.Option("--reform", help="Reform id (repeat)")] = None,
    on: Annotated[str | None, typer.Option("--date", help="Decision date YYYY-MM-DD")] = None,
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Judge the same case under several programs (e.g. uk and dk) and reforms, side by side.

    Each program reads the facts it knows; a fact no program reads is an error. Status and relationship
    codes of another pack are translated to the program's nearest ones (``migralex.rules.codes``) and the
    translations are shown.
    """
    from migralex.rules.codes import translate_facts

    raw = read_json(facts)
    when = decision_date(on)
    runs: list[tuple[Program, Reform | None]] = [(get_program(p), None) for p in program]
    for rid in reform or []:
        named = get_reform(rid)
        targets = [p for p, _ in runs if named.applies_to(p)] or [
            p for p in _all_programs() if named.applies_to(p)
        ]
        if not targets:
            fail(f"--reform {rid}: applies to none of the programs given")
        runs.extend((p, named) for p in targets[:1])
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
    if fmt is OutputFormat.json:
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
    print_tables([table], fmt)


def _all_programs() -> list[Program]:
    from migralex.rules.registry import programs as all_programs

    return list(all_programs().values())


@app.command("reforms")
def reforms_cmd(fmt: FormatOption = OutputFormat.text) -> None:
    """List the named reforms."""
    from migralex.rules.registry import reforms as all_reforms

    table = Table("reform", "base", "status", "title")
    for r in all_reforms().values():
        table.add_row(r.id, r.base, r.status, r.title)
    print_tables([table], fmt)


@app.command("reform")
@user_errors
def reform_cmd(
    name: Annotated[str, typer.Argument(help="Reform id")],
    on: Annotated[str | None, typer.Option("--date", help="Compare parameters in force on this date")] = None,
    fmt: FormatOption = OutputFormat.text,
    witness: Annotated[
        bool, typer.Option("--witness", help="Also who loses and who gains (needs the verify extra)")
    ] = False,
) -> None:
    """Show a reform side by side with its baseline: each changed parameter and condition, with sources."""
    from migralex.rules.registry import packs

    ref = get_reform(name)
    when = decision_date(on)
    changes = reform_changes(ref, packs()[ref.base], when)
    if fmt is OutputFormat.json:
        print(
            json.dumps(
                {"reform": ref.id, "date": when.isoformat(), "changes": [c.as_dict() for c in changes]},
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    table = Table("what", "id", "baseline", "reform", title=f"Changes against {ref.base} on {when}")
    for c in changes:
        table.add_row(
            c.kind,
            f"{c.id}\n{c.label}",
            f"{c.old}\n[dim]{c.old_source}[/]",
            f"{c.new}\n[dim]{c.new_source}[/]",
        )
    if fmt is OutputFormat.text:
        out.print(f"[bold]{ref.id}[/]: {ref.title} ({ref.status})\n{ref.description}\nSource: {ref.citation}")
    print_tables([table], fmt)
    if witness:  # beside the diff: who the reform affects on that date (migralex verify --witness)
        if (missing := missing_module("verify")) is not None:
            fail(
                f"--witness needs the 'verify' extra (module {missing!r} is not installed): "
                "pip install 'migralex[verify]'"
            )
        from migralex.verify.run import reform_witness_text

        out.print(reform_witness_text(ref, when), markup=False)


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


def main() -> None:
    """Entry point."""
    app()
