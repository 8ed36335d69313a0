"""``migralex programme ...``: the donor-programme ledger from the command line.

    migralex programme demo                      # migrate the database and load RMGP-TWB
    migralex programme list
    migralex programme dashboard RMGP-TWB [--format text|json|csv]
    migralex programme earmarks RMGP-TWB         # per-donor earmark proof
    migralex programme reports-due [--programme RMGP-TWB] [--within 90]
    migralex programme consultations [RMGP-TWB]
    migralex programme export-iati RMGP-TWB [--out rmgp.xml]
    migralex programme validate-iati rmgp.xml [--total-commitment 325700000]
    migralex programme status RMGP-TWB           # overdue reports/consultations, irregularity notices
    migralex programme override RMGP-TWB consistency.budget-total --reason ... --by ...
    migralex programme add-result RMGP-TWB --component BMM --type 1 --title ...
    migralex programme add-indicator RESULT_ID --title ... --measure 1 --baseline-year 2025 --baseline 0
    migralex programme indicator-period INDICATOR_ID --start 2026-01-01 --end 2026-12-31 --target 400
    migralex programme fx RMGP-TWB --date 2026-11-23 [--rate-kind booking]
    migralex programme migrate

The database is ``--database-url URL`` (old spelling ``--db``), else ``$DATABASE_URL``, else
``var/migralex.sqlite3``. ``--date`` (old spelling ``--today``) sets the day the ledger is read on
(``fx``: the day of the revaluation, old spelling ``--on``).
Exit status: 0 success, 1 invalid IATI file (or, for ``status``, something overdue), 2 bad
input (the message names the field).
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
from rich.markup import escape
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
from migralex.programmes import consistency, iati, results
from migralex.programmes import fx as fx_mod
from migralex.programmes.common import fmt_money, get_programme
from migralex.programmes.consultations import missing_answers, open_consultations
from migralex.programmes.dashboard import build_dashboard
from migralex.programmes.demo import PROVENANCE, load_demo
from migralex.programmes.earmarks import earmark_report
from migralex.programmes.errors import ProgrammeError
from migralex.programmes.governance import reports_due
from migralex.programmes.models import Programme, Result

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
        f"[bold]{escape(dash.heading)}[/], {dash.start_date} to {dash.end_date}, "
        f"total budget {_money(dash.total_budget, cur)}; budgets {_money(dash.budget_total, cur)} of a "
        f"total commitment of {_money(dash.total_commitment, cur)} (all donors' contributions)"
    )
    _alerts(report, dash.alerts)
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
    report.table(_results_table(dash.results))
    report.close()


def _alerts(report: Report, alerts: list[str]) -> None:
    for a in alerts:
        report.note(f"[bold red]{escape(a)}[/]")


def _results_table(rows: list[dict[str, Any]]) -> Table:
    t = Table(title="Results")
    for col in ("area", "result", "indicator", "baseline", "period", "target", "actual"):
        t.add_column(col)
    for r in rows:
        period = f"{r['period_start']} to {r['period_end']}" if r["period_start"] else ""
        t.add_row(
            r["component"],
            r["result"]
            + (" (illustrative)" if r["illustrative"] and "illustrative" not in r["result"] else ""),
            r["indicator"],
            "" if r["baseline"] is None else f"{r['baseline'].normalize():f} ({r['baseline_year']})",
            period,
            "" if r["target"] is None else f"{r['target'].normalize():f}",
            "" if r["actual"] is None else f"{r['actual'].normalize():f}",
        )
    return t


@programme_app.command()
@user_errors
def status(
    programme: Annotated[str, typer.Argument(help="Programme code, e.g. RMGP-TWB")],
    today: TodayOption = None,
    today_alias: TodayAlias = None,
) -> None:
    """Governance at a glance: overdue reports and consultations, irregularity notices. Exit 1 if any."""
    with _session() as session:
        dash = build_dashboard(session, _programme(session, programme), today=_today(today, today_alias))
    report = Report()
    report.note(f"[bold]{escape(dash.heading)}[/] as of {dash.today}")
    if not dash.alerts:
        report.note("nothing overdue; every irregularity notified to every donor")
        return
    _alerts(report, dash.alerts)
    raise typer.Exit(1)


@programme_app.command()
@user_errors
def override(
    programme: Annotated[str, typer.Argument(help="Programme code")],
    rule: Annotated[str, typer.Argument(help="Consistency rule id, e.g. consistency.budget-total")],
    reason: Annotated[str, typer.Option("--reason", help="Why the programme is published anyway")],
    actor: Annotated[str, typer.Option("--by", help="Who decided")],
) -> None:
    """Record a decision to publish despite a consistency rule (append-only, audited)."""
    with _session(write=True) as session:
        row = consistency.record_override(
            session, _programme(session, programme), rule, reason=reason, actor=actor
        )
        out.print(escape(f"override {row.id} recorded: {rule} by {actor}: {reason}"))


@programme_app.command("add-result")
@user_errors
def add_result_cmd(
    programme: Annotated[str, typer.Argument(help="Programme code")],
    title: Annotated[str, typer.Option("--title")],
    result_type: Annotated[
        str, typer.Option("--type", help="IATI ResultType: 1 output, 2 outcome, 3 impact")
    ],
    component: Annotated[str | None, typer.Option("--component", help="Core area code")] = None,
) -> None:
    """Add a result to a programme (optionally to one core area)."""
    with _session(write=True) as session:
        r = results.add_result(
            session, _programme(session, programme), result_type=result_type, title=title, component=component
        )
        out.print(f"result {r.id} added")


@programme_app.command("add-indicator")
@user_errors
def add_indicator_cmd(
    result_id: Annotated[int, typer.Argument(help="Result id")],
    title: Annotated[str, typer.Option("--title")],
    measure: Annotated[
        str, typer.Option("--measure", help="IATI IndicatorMeasure: 1 unit ... 5 qualitative")
    ],
    baseline_year: Annotated[int | None, typer.Option("--baseline-year")] = None,
    baseline: Annotated[str | None, typer.Option("--baseline")] = None,
) -> None:
    """Add an indicator (with its baseline) to a result."""
    with _session(write=True) as session:
        result = session.get(Result, result_id)
        if result is None:
            fail(f"result: no result {result_id}")
        ind = results.add_indicator(
            session,
            result,
            title=title,
            measure=measure,
            baseline_year=baseline_year,
            baseline_value=baseline,
        )
        out.print(f"indicator {ind.id} added")


@programme_app.command("indicator-period")
@user_errors
def indicator_period_cmd(
    indicator_id: Annotated[int, typer.Argument(help="Indicator id")],
    start: Annotated[str, typer.Option("--start", metavar="YYYY-MM-DD", help="Period start")],
    end: Annotated[str, typer.Option("--end", metavar="YYYY-MM-DD", help="Period end")],
    target: Annotated[str | None, typer.Option("--target")] = None,
    actual: Annotated[str | None, typer.Option("--actual")] = None,
) -> None:
    """Record an indicator period's target and/or actual value."""
    with _session(write=True) as session:
        ind = results.get_indicator(session, indicator_id)
        per = results.set_period(
            session,
            ind,
            period_start=_date_option(start, "--start"),
            period_end=_date_option(end, "--end"),
            target=target,
            actual=actual,
        )
        out.print(f"indicator {ind.id}: period {per.period_start} to {per.period_end} recorded")


@programme_app.command()
@user_errors
def fx(
    programme: Annotated[str, typer.Argument(help="Programme code")],
    on: Annotated[
        str | None, typer.Option("--date", metavar="YYYY-MM-DD", help="Revalue at this date (required)")
    ] = None,
    rate_kind: Annotated[str, typer.Option("--rate-kind", help="planning | booking | realised")] = "booking",
    currency: Annotated[
        list[str] | None, typer.Option("--currency", help="Report currency (repeat); default DKK and GBP")
    ] = None,
    fmt: FormatOption = OutputFormat.text,
    on_alias: Annotated[str | None, typer.Option("--on", hidden=True)] = None,
) -> None:
    """FX revaluation: each entry in its currency, as booked and as revalued, in DKK and GBP."""
    when = one_of(on, on_alias, "--date", "--on")
    if when is None:
        fail("--date: the revaluation date is required (YYYY-MM-DD)")
    currencies = tuple(currency) if currency else ("DKK", "GBP")
    with _session() as session:
        reval = fx_mod.revaluation(
            session,
            _programme(session, programme),
            on=_date_option(when, "--date" if on is not None else "--on"),
            rate_kind=rate_kind,
            currencies=currencies,
        )
    base = reval.base_currency
    t = Table(title=f"{reval.programme}: revaluation at {reval.on} ({reval.rate_kind} rates)")
    for col in (
        "entry",
        "date",
        "amount",
        "booked rate",
        f"booked {base}",
        "rate now",
        f"now {base}",
        f"difference {base}",
        *[f"now {c}" for c in currencies],
    ):
        t.add_column(col)
    for ln in reval.lines:
        t.add_row(
            ln.reference,
            str(ln.transaction_date),
            _money(ln.amount, ln.currency),
            f"{ln.booked_rate.normalize():f}",
            _money(ln.booked_base, base),
            f"{ln.revalued_rate.normalize():f}",
            _money(ln.revalued_base, base),
            _money(ln.difference_base, base),
            *[_money(ln.revalued[c], c) for c in currencies],
        )
    report = Report(fmt)
    report.table(t)
    report.close()
    for r in reval.rates:
        rate = f"{r.from_currency}->{r.to_currency} {r.rate.normalize():f} of {r.rate_date}"
        report.note(escape(f"rate {rate} ({r.source})"))
    report.note(f"revaluation difference: {_money(reval.difference_base, base)}")


def _date_option(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{name}: {value!r} is not a date (YYYY-MM-DD)")


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
    total_commitment: Annotated[
        str | None,
        typer.Option("--total-commitment", help="Check budgets against this total (default currency)"),
    ] = None,
) -> None:
    """Validate an IATI 2.03 activity file offline: XSD, code lists, the official IATI Rulesets
    (errors and warnings, with their rule ids) and the consistency rules. Exit 1 on any of them."""
    if not file.is_file():
        fail(f"file: {file} does not exist")
    commitment: Decimal | None = None
    if total_commitment is not None:
        try:
            commitment = Decimal(total_commitment)
        except ArithmeticError:
            fail(f"--total-commitment: {total_commitment!r} is not a number")
    given = today is not None or today_alias is not None
    when = datetime.combine(_today(today, today_alias), datetime.max.time(), tzinfo=UTC) if given else None
    problems = iati.validate_file(file, now=when, total_commitment=commitment)
    if problems:
        for p in problems:
            out.print(escape(f"{'invalid' if p.is_error else 'warning'}: {p}"))
        raise typer.Exit(1)
    out.print(f"valid: {file} (IATI 2.03 schema, code lists, official rulesets and consistency rules)")


def register(app: typer.Typer) -> None:
    """Add ``programme`` to the main CLI."""
    app.add_typer(programme_app, name="programme", help="Donor programme ledger and IATI export")
