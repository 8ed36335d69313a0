"""``migralex programme ...``: the donor-programme ledger from the command line.

    migralex programme demo                      # migrate the database and load RMGP-TWB
    migralex programme list
    migralex programme dashboard RMGP-TWB [--format text|json|csv]
    migralex programme earmarks RMGP-TWB         # per-donor earmark proof
    migralex programme reports-due [--programme RMGP-TWB] [--within 90]
    migralex programme consultations [RMGP-TWB]
    migralex programme export-iati RMGP-TWB [--out rmgp.xml]
    migralex programme validate-iati rmgp.xml
    migralex programme migrate

The database is ``--database-url URL`` (old spelling ``--db``), else ``$DATABASE_URL``, else
``var/migralex.sqlite3``. ``--date`` (old spelling ``--today``) sets the day the ledger is read on.
Exit status: 0 success, 1 invalid IATI file, 2 bad input (the message names the field).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import Session

from migralex.clikit import (
    DatabaseUrlOption,
    DbAlias,
    FormatOption,
    OutputFormat,
    Report,
    err,
    fail,
    one_of,
    out,
)
from migralex.db.migrate import is_up_to_date, upgrade
from migralex.db.session import make_engine, make_session_factory, resolve_url
from migralex.programmes import iati
from migralex.programmes.common import fmt_money, get_programme
from migralex.programmes.consultations import missing_answers, open_consultations
from migralex.programmes.dashboard import build_dashboard
from migralex.programmes.demo import PROVENANCE, load_demo
from migralex.programmes.earmarks import earmark_report
from migralex.programmes.errors import ProgrammeError
from migralex.programmes.governance import reports_due
from migralex.programmes.models import Programme

programme_app = typer.Typer(
    name="programme",
    help="Donor programme ledger: contributions, earmarks, governance, IATI 2.03 export.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

F = TypeVar("F", bound=Callable[..., Any])
_state: dict[str, str | None] = {"db": None}

TodayOption = Annotated[
    str | None,
    typer.Option("--date", metavar="YYYY-MM-DD", help="Evaluate as of this date (default: today)."),
]
#: Hidden old spelling of ``--date``.
TodayAlias = Annotated[str | None, typer.Option("--today", hidden=True)]


def user_errors(fn: F) -> F:
    """Turn programme errors into exit 2 with the field and the problem, never a traceback."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ProgrammeError as exc:
            for p in exc.problems:
                err.print(f"[bold red]error:[/] {p.field}: {p.message}", markup=True)
            raise typer.Exit(2) from None
        except (OperationalError, ProgrammingError) as exc:
            fail(f"database problem ({exc.orig.__class__.__name__ if exc.orig else 'error'}): {exc.orig}")

    return wrapper  # type: ignore[return-value]


@programme_app.callback()
def main(database_url: DatabaseUrlOption = None, db: DbAlias = None) -> None:
    """Donor programme ledger (RMGP-TWB demo included)."""
    _state["db"] = one_of(database_url, db, "--database-url", "--db")


def _today(value: str | None, alias: str | None = None) -> date:
    name = "--today" if value is None and alias is not None else "--date"
    value = one_of(value, alias, "--date", "--today")
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{name}: {value!r} is not a date (YYYY-MM-DD)")


@contextmanager
def _session(write: bool = False) -> Iterator[Session]:
    engine = make_engine(_state["db"])
    try:
        if not is_up_to_date(engine):
            fail(
                f"the database at {_where()} has no up-to-date programme schema; run "
                "`migralex programme migrate` (or `migralex programme demo`)"
            )
        factory = make_session_factory(engine)
        if write:
            with factory.begin() as session:
                yield session
        else:
            with factory() as session:
                yield session
    finally:
        engine.dispose()


def _where() -> str:
    url = resolve_url(_state["db"])
    return url.split("@")[-1] if "@" in url else url


def _money(amount: Decimal | None, currency: str) -> str:
    return "" if amount is None else fmt_money(amount, currency)


def _programme(session: Session, code: str) -> Programme:
    return get_programme(session, code)


@programme_app.command()
@user_errors
def migrate() -> None:
    """Create or upgrade the database schema (Alembic)."""
    upgrade(_state["db"])
    out.print(f"database at {_where()} is up to date")


@programme_app.command()
@user_errors
def demo(
    today: TodayOption = None, fmt: FormatOption = OutputFormat.text, today_alias: TodayAlias = None
) -> None:
    """Migrate the database and load the RMGP-TWB demo (idempotent)."""
    upgrade(_state["db"])
    with _session(write=True) as session:
        prog = load_demo(session, today=_today(today, today_alias))
        code = prog.code
    report = Report(fmt)
    report.note(f"[bold]{code}[/] loaded into {_where()}")
    table = Table(title="Where the demo's facts come from", show_lines=False)
    for col in ("status", "statement", "source"):
        table.add_column(col)
    for fact in PROVENANCE:
        table.add_row(fact.status, fact.statement, fact.source)
    report.table(table)
    report.close()


@programme_app.command("list")
@user_errors
def list_programmes(fmt: FormatOption = OutputFormat.text) -> None:
    """List the programmes in the database."""
    with _session() as session:
        progs = session.scalars(select(Programme).order_by(Programme.code)).all()
        table = Table(title="Programmes")
        for col in ("code", "title", "period", "total budget", "donors"):
            table.add_column(col)
        for p in progs:
            table.add_row(
                p.code,
                p.title,
                f"{p.start_date} to {p.end_date}",
                _money(p.total_budget, p.base_currency),
                ", ".join(f"{a.donor.short_name} ({a.role})" for a in p.donor_agreements),
            )
    report = Report(fmt)
    report.table(table)
    report.close()


@programme_app.command()
@user_errors
def dashboard(
    programme: Annotated[str, typer.Argument(help="Programme code, e.g. RMGP-TWB")],
    today: TodayOption = None,
    fmt: FormatOption = OutputFormat.text,
    as_json: Annotated[bool, typer.Option("--json", hidden=True)] = False,
    today_alias: TodayAlias = None,
) -> None:
    """Contributions, earmarks, spending by component and country, reports due, open consultations.

    ``--format json`` prints the dashboard's data; ``csv`` prints its tables.
    """
    with _session() as session:
        dash = build_dashboard(session, _programme(session, programme), today=_today(today, today_alias))
    if as_json or fmt is OutputFormat.json:
        sys.stdout.write(json.dumps(dash.as_json(), indent=2, ensure_ascii=False) + "\n")
        return
    report = Report(fmt)
    cur = dash.currency
    report.note(
        f"[bold]{dash.title}[/] ({dash.code}), {dash.start_date} to {dash.end_date}, "
        f"total budget {_money(dash.total_budget, cur)}"
    )
    if dash.illustrative:
        report.note(
            "[yellow]Contains illustrative (invented) amounts: see `migralex programme demo` for "
            "provenance.[/]"
        )
    t = Table(title="Donors and contributions")
    for col in (
        "donor",
        "agreement",
        "role",
        "pledged",
        "incoming commitments",
        "received",
        "spent",
        "earmarked",
    ):
        t.add_column(
            col,
            justify="right"
            if col in ("pledged", "incoming commitments", "received", "spent", "earmarked")
            else "left",
        )
    for d in dash.donors:
        t.add_row(
            d.donor,
            d.agreement,
            d.role,
            _money(d.pledged, cur),
            _money(d.incoming_commitments, cur),
            _money(d.received, cur),
            _money(d.spent, cur),
            _money(d.earmarked, cur),
        )
    report.table(t)
    t = Table(title=f"Earmarks ({'all held' if dash.earmarks_ok else 'BREACHED'})")
    for col in ("donor", "earmark", "may be spent in", "amount", "spent", "remaining", "spent where"):
        t.add_column(col)
    for e in dash.earmarks:
        t.add_row(
            e.donor,
            e.name,
            e.scope,
            _money(e.amount, cur),
            _money(e.spent, cur),
            _money(e.remaining, cur),
            ", ".join(f"{k} {_money(v, cur)}" for k, v in sorted(e.by_country.items())),
        )
    report.table(t)
    for v in dash.violations:
        report.note(f"[bold red]earmark breach:[/] {v}")
    t = Table(title="By component")
    for col in ("component", "committed", "spent"):
        t.add_column(col)
    for c in dash.components:
        t.add_row(f"{c.code} {c.name}", _money(c.committed, cur), _money(c.spent, cur))
    report.table(t)
    t = Table(title="Spending by country")
    for col in ("country", "spent", "paid from"):
        t.add_column(col)
    for country in dash.countries:
        t.add_row(
            f"{country.name} ({country.code})",
            _money(country.spent, cur),
            ", ".join(f"{k} {_money(v, cur)}" for k, v in country.by_donor.items()),
        )
    report.table(t)
    report.table(_reports_table(dash.reports_due))
    t = Table(title="Consultations open")
    for col in ("id", "subject", "amount", "major", "answers", "waiting for", "answer by"):
        t.add_column(col)
    for cons in dash.consultations_open:
        t.add_row(
            str(cons["id"]),
            cons["subject"],
            _money(cons["amount"], cons["currency"]),
            "yes" if cons["major"] else "no",
            f"{cons['answers']}/{cons['donors']}",
            ", ".join(cons["waiting_for"]),
            str(cons["answer_by"]),
        )
    report.table(t)
    t = Table(title="Irregularities open")
    for col in ("case", "status", "type", "detected", "reported", "donors notified", "late notices"):
        t.add_column(col)
    for i in dash.irregularities_open:
        t.add_row(
            i["case_no"],
            i["status"],
            i["type"],
            str(i["detected_on"]),
            str(i["reported_on"]),
            ", ".join(i["donors_notified"]),
            ", ".join(i["late_notices"]) or "none",
        )
    report.table(t)
    report.close()


def _reports_table(rows: list[dict[str, Any]]) -> Table:
    t = Table(title="Reports due")
    for col in ("programme", "report", "to", "due", "state"):
        t.add_column(col)
    for r in rows:
        state = f"OVERDUE by {r['days_overdue']} days" if r["state"] == "overdue" else "due"
        t.add_row(r.get("programme", ""), r["title"], r["to"], str(r["due_on"]), state)
    return t


@programme_app.command()
@user_errors
def earmarks(
    programme: Annotated[str, typer.Argument(help="Programme code")], fmt: FormatOption = OutputFormat.text
) -> None:
    """Per donor: what was pledged, where its money went, and whether every earmark held."""
    out_ = Report(fmt)
    with _session() as session:
        prog = _programme(session, programme)
        report = earmark_report(session, prog)
        cur = report.currency
        for d in report.donors:
            t = Table(
                title=f"{d.donor} ({d.agreement_ref}, {d.role}): pledged {_money(d.pledged, cur)}, "
                f"spent {_money(d.attributed, cur)}"
            )
            for col in ("earmark", "may be spent in", "amount", "spent", "remaining", "spent where"):
                t.add_column(col)
            for line in d.earmarks:
                t.add_row(
                    line.name,
                    line.scope,
                    _money(line.amount, cur),
                    _money(line.spent, cur),
                    _money(line.remaining, cur),
                    ", ".join(f"{k} {_money(v, cur)}" for k, v in sorted(line.by_country.items()) if v),
                )
            t.add_row(
                "(unearmarked)",
                "anywhere",
                "",
                _money(d.unearmarked_spent, cur),
                "",
                ", ".join(f"{k} {_money(v, cur)}" for k, v in sorted(d.by_country.items()) if v),
            )
            out_.table(t)
            for v in d.violations:
                out_.note(f"[bold red]breach:[/] {v}")
    out_.close()
    out_.note("all earmarks held" if report.ok else "[bold red]earmarks breached[/]")
    if not report.ok:
        raise typer.Exit(1)


@programme_app.command("reports-due")
@user_errors
def reports_due_cmd(
    programme: Annotated[str | None, typer.Option("--programme", help="Only this programme")] = None,
    within: Annotated[int, typer.Option("--within", help="Days ahead to include")] = 90,
    today: TodayOption = None,
    fmt: FormatOption = OutputFormat.text,
    today_alias: TodayAlias = None,
) -> None:
    """Reports overdue or due soon, across programmes."""
    with _session() as session:
        prog = _programme(session, programme) if programme else None
        states = reports_due(session, today=_today(today, today_alias), within_days=within, programme=prog)
        codes = {p.id: p.code for p in session.scalars(select(Programme)).all()}
        rows = [
            {
                "programme": codes.get(s.report.programme_id, ""),
                "title": s.report.title,
                "to": s.report.agreement.donor.short_name,
                "due_on": s.report.due_on,
                "state": s.state,
                "days_overdue": max(s.days, 0),
            }
            for s in states
        ]
    report = Report(fmt)
    report.table(_reports_table(rows))
    report.close()
    if not rows:
        report.note("no reports due")


@programme_app.command()
@user_errors
def consultations(
    programme: Annotated[str | None, typer.Argument(help="Programme code")] = None,
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Open consultations and which donors have not answered yet."""
    with _session() as session:
        prog = _programme(session, programme) if programme else None
        t = Table(title="Consultations open")
        for col in ("id", "subject", "major because", "answered", "waiting for", "answer by"):
            t.add_column(col)
        for c in open_consultations(session, prog):
            p = session.get(Programme, c.programme_id)
            assert p is not None  # noqa: S101 -- narrows a type for mypy
            missing = missing_answers(p, c)
            t.add_row(
                str(c.id),
                c.subject,
                c.major_because or "(minor)",
                f"{len(c.responses)}/{len(p.donor_agreements)}",
                ", ".join(a.donor.short_name for a in missing),
                str(c.answer_by),
            )
    report = Report(fmt)
    report.table(t)
    report.close()


@programme_app.command("export-iati")
@user_errors
def export_iati(
    programme: Annotated[str, typer.Argument(help="Programme code")],
    out_file: Annotated[Path | None, typer.Option("--out", help="Write here instead of stdout")] = None,
) -> None:
    """Write the programme as IATI 2.03 activity XML, validated first (schema, code lists, rules)."""
    with _session() as session:
        try:
            data = iati.export_activity(session, _programme(session, programme), now=datetime.now(UTC))
        except iati.IatiInvalid as exc:
            for p in exc.problems:
                err.print(f"invalid: {p}")
            raise typer.Exit(1) from None
    if out_file is None:
        sys.stdout.write(data.decode("utf-8"))
        return
    out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.write_bytes(data)
    err.print(f"wrote {out_file} ({len(data)} bytes, valid IATI 2.03)")


@programme_app.command("validate-iati")
def validate_iati(
    file: Annotated[Path, typer.Argument(help="IATI activity XML file")],
    today: TodayOption = None,
    today_alias: TodayAlias = None,
) -> None:
    """Validate an IATI 2.03 activity file offline: XSD, code lists, rules. Exit 1 if invalid."""
    if not file.is_file():
        fail(f"file: {file} does not exist")
    problems = iati.validate_file(file, today=_today(today, today_alias))
    if problems:
        for p in problems:
            out.print(f"invalid: {p}")
        raise typer.Exit(1)
    out.print(f"valid: {file} (IATI 2.03 schema, code lists and rules)")


def register(app: typer.Typer) -> None:
    """Add ``programme`` to the main CLI."""
    app.add_typer(programme_app, name="programme", help="Donor programme ledger and IATI export")
