"""``migralex verify``: prove properties of the rule packs and find who a reform affects."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from migralex.engine.errors import MigralexError


def register(app: typer.Typer) -> None:
    """Add the ``verify`` command to the main CLI."""

    @app.command("verify")
    def verify_cmd(
        program_ids: Annotated[list[str] | None, typer.Argument(help="Programs (default: every one)")] = None,
        program: Annotated[list[str] | None, typer.Option("--program", help="A program (repeat)")] = None,
        reform: Annotated[
            str | None, typer.Option(help="Check under this reform, with who loses/gains")
        ] = None,
        on: Annotated[str | None, typer.Option("--date", help="Look for witnesses on this date")] = None,
        witness: Annotated[bool, typer.Option("--witness", help="Find who loses and gains")] = False,
        fmt: Annotated[str, typer.Option("--format", help="text or json")] = "text",
        markdown: Annotated[Path | None, typer.Option(help="Also write the results as Markdown here")] = None,
    ) -> None:
        """Check every condition, outcome, exception and parameter window with z3; with --reform, find
        a concrete person who loses and one who gains (re-assessed with both evaluators).

        Exit status 1 when a finding is not in the accepted findings, 2 on bad input.
        """
        from migralex.clikit import fail
        from migralex.engine.facts import parse_date
        from migralex.rules.registry import get_program, get_reform, programs, reforms
        from migralex.verify.run import (
            accepted_findings,
            check_inputs,
            new_findings,
            render_markdown,
            render_text,
            verify_program,
        )

        try:
            if fmt not in ("text", "json"):
                fail(f"--format: expected text or json, got {fmt!r}")
            ids = [*(program_ids or []), *(program or [])]
            when = parse_date(on, "--date") if on else None
            ref = get_reform(reform) if reform else None
            chosen = [get_program(i) for i in ids]
            if not chosen:
                chosen = [p for p in programs().values() if ref is None or ref.applies_to(p)]
            check_inputs(chosen, ref, when)
            scenarios = [(p, ref) for p in chosen]
            if not ids and ref is None and when is None:  # everything: each pack, then each reform
                scenarios += [(p, r) for r in reforms().values() for p in chosen if r.applies_to(p)]
            reports = [verify_program(p, r, when, witness) for p, r in scenarios]
            accepted = accepted_findings()
        except MigralexError as exc:
            fail(str(exc))
        if fmt == "json":
            print(json.dumps([r.as_dict() for r in reports], indent=2, ensure_ascii=False))
        else:
            print(render_text(reports, accepted))
        if markdown is not None:
            markdown.write_text(render_markdown(reports, accepted))
        if new_findings(reports, accepted):
            raise typer.Exit(1)
