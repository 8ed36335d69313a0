"""What every ``migralex`` sub-command shares: output formats, consoles, tables, errors, options.

* Tables never cut a cell: every column folds (wraps long words such as URLs) instead of truncating.
  On a terminal the table fits the window; in a pipe or a file the width is :data:`PIPE_WIDTH`.
* ``--format text|json|csv`` everywhere a table is printed (:func:`print_tables`).
* Errors go to standard error on one logical line (no mid-phrase wrapping) and exit 2.
* One spelling per option: ``--database-url``, ``--format``, ``--date``; old spellings are hidden aliases.

This module imports only the standard library, Typer and Rich, so that every command can use it cheaply.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

#: Width of Rich output that is not a terminal (a pipe, a file, a test runner).
PIPE_WIDTH = 200


def make_console(stderr: bool = False) -> Console:
    """A console: the terminal's width on a TTY, :data:`PIPE_WIDTH` otherwise; messages never wrap."""
    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() else PIPE_WIDTH
    return Console(stderr=stderr, highlight=False, width=width, soft_wrap=stderr)


out = make_console()
err = make_console(stderr=True)


class OutputFormat(StrEnum):
    """Output of a command that prints tables: Rich tables, JSON or CSV."""

    text = "text"
    json = "json"
    csv = "csv"


FormatOption = Annotated[
    OutputFormat, typer.Option("--format", help="text (tables), json or csv", case_sensitive=False)
]
DatabaseUrlOption = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        metavar="URL",
        help="Database URL (default: $DATABASE_URL, else var/migralex.sqlite3)",
    ),
]
#: Hidden old spelling of ``--database-url`` (still accepted).
DbAlias = Annotated[str | None, typer.Option("--db", hidden=True)]


def fail(message: str, console: Console | None = None) -> NoReturn:
    """Print a clear error on standard error and exit with status 2 (bad input)."""
    (console or err).print(f"[bold red]error:[/] {escape(message)}", markup=True)
    raise typer.Exit(2)


def one_of(primary: Any, alias: Any, name: str, alias_name: str) -> Any:
    """The value of an option given under its name or its hidden old spelling (not both, differently)."""
    if alias is not None and primary is not None and alias != primary:
        fail(f"{name} and {alias_name} (its old spelling) disagree; give {name} only")
    return primary if primary is not None else alias


def fold(table: Table) -> Table:
    """Let every column wrap, folding long words, so that no cell is ever cut."""
    for column in table.columns:
        column.overflow = "fold"
        column.no_wrap = False
    return table


def _plain(cell: Any) -> str:
    if isinstance(cell, Text):
        return cell.plain
    if isinstance(cell, str):
        return Text.from_markup(cell).plain
    return str(cell)


def headers(table: Table) -> list[str]:
    """Column headers as plain text, made unique: a repeated header gets its column number (``share (3)``)."""
    names = [_plain(c.header) for c in table.columns]
    return [name if names.count(name) == 1 else f"{name} ({i + 1})" for i, name in enumerate(names)]


def table_rows(table: Table) -> list[dict[str, str]]:
    """The cells of a Rich table as plain-text dicts keyed by column header (markup removed)."""
    names = headers(table)
    columns = [[_plain(cell) for cell in c.cells] for c in table.columns]
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def print_tables(
    tables: Sequence[Table], fmt: OutputFormat = OutputFormat.text, console: Console | None = None
) -> None:
    """Print tables as Rich text, JSON or CSV.

    JSON: one table is a list of row objects; several are ``[{"title", "rows"}, ...]``. CSV: one table is
    plain CSV; several are blocks, each preceded by a ``# title`` line and separated by a blank line.
    """
    if fmt is OutputFormat.text:
        target = console or out
        for table in tables:
            target.print(fold(table))
        return
    titled = [(_plain(t.title or ""), table_rows(t)) for t in tables]
    if fmt is OutputFormat.json:
        data: Any = (
            titled[0][1] if len(titled) == 1 else [{"title": title, "rows": rows} for title, rows in titled]
        )
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return
    for i, (title, rows) in enumerate(titled):
        if len(titled) > 1:
            sys.stdout.write(("\n" if i else "") + f"# {title}\n")
        writer = csv.DictWriter(sys.stdout, fieldnames=headers(tables[i]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


# --- help placeholders -----------------------------------------------------------------------------
# Typer 0.29 shows Python types as placeholders (``--demo <bool>``, ``--reform <list[str]>``). Help shows
# what to type instead: nothing for a flag, the choices, or a word (TEXT, INTEGER, NUMBER, PATH).

_WORDS = {str: "TEXT", int: "INTEGER", float: "NUMBER"}


def _placeholder(self: Any, ctx: Any) -> str:
    desc = self.type_descriptor
    if getattr(self, "is_flag", False) or desc.annotation is bool:
        return ""
    if desc.is_choice:
        label = "|".join(str(getattr(c, "value", c)) for c in desc.choices or ())
    elif desc.is_path:
        label = "PATH"
    else:
        annotation = desc.annotation
        if desc.is_list:
            args = getattr(annotation, "__args__", ())
            annotation = args[0] if args else str
        label = _WORDS.get(annotation, "TEXT")
    return f"{label}..." if desc.is_list else label


def _install_placeholders() -> None:
    import typer.core

    typer.core._TyperParameter.display_type = _placeholder  # type: ignore[method-assign]


_install_placeholders()


class Report:
    """A command's output of tables and notes: printed as they come (text), or tables gathered (json/csv).

    In json and csv, notes go to standard error so that standard output stays machine-readable;
    :meth:`close` prints the gathered tables.
    """

    def __init__(self, fmt: OutputFormat = OutputFormat.text) -> None:
        self.fmt = fmt
        self.tables: list[Table] = []

    def table(self, table: Table) -> None:
        """Print (text) or gather (json, csv) one table."""
        if self.fmt is OutputFormat.text:
            out.print(fold(table))
        else:
            self.tables.append(table)

    def note(self, message: str) -> None:
        """A line of Rich markup for the reader (standard error unless text)."""
        (out if self.fmt is OutputFormat.text else err).print(message, markup=True)

    def close(self) -> None:
        """Print the gathered tables (json, csv)."""
        if self.fmt is not OutputFormat.text:
            print_tables(self.tables, self.fmt)
