"""Lab commands mounted on the main ``migralex`` app.

migralex simulate --population P --program X [--rules PACK] [--reform R ...] [--date D] --out DIR
                  [--engine polars|streaming|spark]
migralex population profiles | generate | validate
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import polars as pl
import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from migralex.clikit import FormatOption, OutputFormat, Report, err, fail, out, print_tables
from migralex.engine import MigralexError, Program, Reform
from migralex.engine.facts import parse_date
from migralex.lab.report import write_outputs
from migralex.lab.results import OUTCOMES, Plan, Summary
from migralex.lab.simulate import Synthetic, parse_population, simulate
from migralex.population.generate import PopulationSpec, generate, parse_size
from migralex.population.profiles import PROFILES, get_profile
from migralex.population.validate import PopulationFileError, validate_file
from migralex.rules.registry import get_program, get_reform, programs

population_app = typer.Typer(help="Synthetic populations and population files", no_args_is_help=True)


class Engine(StrEnum):
    """Evaluation engine."""

    polars = "polars"
    streaming = "streaming"
    spark = "spark"


class Columns(StrEnum):
    """Which condition columns the row results keep."""

    top = "top"
    all = "all"
    outcome = "outcome"


class OnBad(StrEnum):
    """What to do with rows that fail validation (they are always reported)."""

    reject = "reject"
    unknown = "unknown"


def resolve_program(program_id: str, rules: str | None) -> Program:
    """A program by full id, or by id within the ``--rules`` pack (``--rules dk --program family_...``)."""
    if rules is not None and not program_id.startswith(f"{rules}."):
        candidate = f"{rules}.{program_id}"
        if candidate in programs():
            return get_program(candidate)
    program = get_program(program_id)
    if rules is not None and program.jurisdiction != rules:
        fail(f"--rules {rules}: program {program.id} belongs to the {program.jurisdiction} rule pack")
    return program


def _date(raw: str | None) -> date:
    return date.today() if raw is None else parse_date(raw, "--date")


def _fmt(n: int | float) -> str:
    return f"{n:,}" if isinstance(n, int) else f"{n:.1%}"


def print_summary(summary: Summary, fmt: OutputFormat = OutputFormat.text) -> None:
    """Tables: outcomes per scenario, gains and losses, exclusion waterfalls."""
    if summary.synthetic:
        (out if fmt is OutputFormat.text else err).print(
            "[bold black on yellow] SYNTHETIC POPULATION [/] results describe generated people, "
            "not real cases"
        )
    when = (
        summary.plan.on.isoformat()
        if summary.plan.date_column is None
        else f"dates in {summary.plan.date_column}"
    )
    synthetic = " (SYNTHETIC population)" if summary.synthetic else ""
    t = Table(title=f"{summary.plan.program.id} on {when}: {summary.n:,} persons{synthetic}")
    t.add_column("scenario")
    for o in OUTCOMES:
        t.add_column(o, justify="right")
        t.add_column(f"{o} share", justify="right")
    c = summary.counts()
    for s in summary.scenarios:
        row = c.filter(pl.col("scenario") == s)
        cells = []
        for o in OUTCOMES:
            hit = row.filter(pl.col("outcome") == o)
            cells += [_fmt(int(hit["n"][0])), _fmt(float(hit["share"][0]))]
        t.add_row(s, *cells)
    tables = [t]
    if len(summary.scenarios) > 1:
        g = Table(title="Who gains and who loses (baseline -> reform)")
        for col in ("reform", "gain", "lose", "net", "become unknown", "unchanged"):
            g.add_column(col, justify="left" if col == "reform" else "right")
        for r in summary.scenarios[1:]:
            gl = summary.gains_losses(r)
            g.add_row(
                r,
                f"{gl['gain']:,}",
                f"{gl['lose']:,}",
                f"{gl['net']:+,}",
                f"{gl['become_unknown']:,}",
                f"{gl['unchanged']:,}",
            )
        tables.append(g)
    for s in summary.scenarios:
        w = Table(title=f"Exclusion waterfall: {s}")
        for col in ("condition", "excluded first", "remaining", "excluded (any)", "unknown"):
            w.add_column(col, justify="left" if col == "condition" else "right", overflow="fold")
        for cid, _label, first, rem, anyf, unk in summary.waterfall(s).iter_rows():
            w.add_row(cid, f"{first:,}", f"{rem:,}", f"{anyf:,}", f"{unk:,}")
        tables.append(w)
    print_tables(tables, fmt)


def simulate_cmd(
    population: Annotated[
        str,
        typer.Option(
            "--population",
            "-p",
            metavar="SOURCE",
            help="synthetic:PROFILE:N (optionally followed by :seed=S and :missing=R), "
            "or a .parquet or .csv file",
        ),
    ],
    program: Annotated[str, typer.Option("--program", help="Program id (or id within --rules)")],
    out_dir: Annotated[Path, typer.Option("--out", help="Output directory")],
    rules: Annotated[str | None, typer.Option("--rules", help="Rule pack to apply (dk, uk)")] = None,
    reform: Annotated[list[str] | None, typer.Option("--reform", help="Reform id (repeatable)")] = None,
    on: Annotated[str | None, typer.Option("--date", help="Decision date YYYY-MM-DD (default today)")] = None,
    engine: Annotated[Engine, typer.Option("--engine")] = Engine.polars,
    chunk_size: Annotated[str, typer.Option("--chunk-size", help="Rows per chunk (streaming, spark)")] = "1m",
    columns: Annotated[
        Columns, typer.Option("--columns", help="Condition columns kept in rows.parquet")
    ] = Columns.top,
    date_column: Annotated[
        str | None, typer.Option("--date-column", help="File column with each row's decision date")
    ] = None,
    on_bad: Annotated[
        OnBad, typer.Option("--on-bad", help="Rows failing validation: reject or keep as unknown")
    ] = OnBad.reject,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", help="Summary printed as text (tables), json or csv")
    ] = OutputFormat.text,
) -> None:
    """Evaluate a population under a program's baseline and reforms; write rows, summary and report."""
    try:
        prog = resolve_program(program, rules)
        reforms: list[Reform] = [get_reform(r) for r in reform or []]
        plan = Plan(prog, reforms, _date(on), columns=columns.value, date_column=date_column)
        source = parse_population(population, plan.on)
        if not isinstance(source, Synthetic):
            source.on_bad = on_bad.value
        size = parse_size(chunk_size)
        total = source.size()
    except (MigralexError, ValueError, KeyError, PopulationFileError) as exc:
        fail(str(exc).strip("'\""))
    if isinstance(source, Synthetic) and source.spec.profile.country != prog.jurisdiction:
        (out if fmt is OutputFormat.text else err).print(
            f"[bold]{source.spec.profile.country.upper()} population judged under "
            f"{prog.jurisdiction.upper()} "
            "rules[/]: residence statuses translated to the nearest status (docs/lab.md)"
        )
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=total < 2_000_000 and engine is Engine.polars,
    ) as bar:
        task = bar.add_task(f"{engine.value}: evaluating", total=total)
        try:
            summary = simulate(
                plan,
                source,
                out_dir,
                engine=engine.value,
                chunk_size=size,
                progress=lambda n: bar.advance(task, n),
            )
        except (MigralexError, PopulationFileError, ValueError) as exc:
            fail(str(exc))
    paths = write_outputs(summary, out_dir)
    print_summary(summary, fmt)
    note = out if fmt is OutputFormat.text else err
    if summary.agg.n_rejected:
        note.print(f"[bold red]{summary.agg.n_rejected:,} rows rejected[/] (see {out_dir / 'rejects.csv'})")
    note.print(
        f"{summary.n:,} rows in {summary.seconds:.2f} s ({engine.value}); wrote "
        + ", ".join(
            str(p)
            for p in [out_dir / ("rows" if engine is Engine.spark else "rows.parquet"), *paths.values()]
        )
    )


@population_app.command("profiles")
def profiles_cmd(fmt: FormatOption = OutputFormat.text) -> None:
    """List the synthetic population profiles."""
    t = Table(title="Synthetic population profiles")
    for col in ("profile", "country", "title", "calibration figures"):
        t.add_column(col)
    for p in PROFILES.values():
        t.add_row(p.id, p.country, p.title, str(len(p.calibration)))
    print_tables([t], fmt)


@population_app.command("generate")
def generate_cmd(
    profile: Annotated[str, typer.Option("--profile", help="Profile id (migralex population profiles)")],
    n: Annotated[str, typer.Option("--n", help="Rows, e.g. 1000 or 1m")],
    program: Annotated[list[str], typer.Option("--program", help="Program(s) whose facts to generate")],
    out_file: Annotated[Path, typer.Option("--out", help="Output .parquet or .csv")],
    seed: Annotated[int, typer.Option("--seed")] = 0,
    on: Annotated[str | None, typer.Option("--date", help="Date ages and periods refer to")] = None,
    missing: Annotated[
        float | None, typer.Option("--missing", help="Share of unknown values per fact")
    ] = None,
) -> None:
    """Generate a synthetic population (labelled synthetic) with the facts of one or more programs."""
    try:
        spec = PopulationSpec(get_profile(profile), parse_size(n), seed, _date(on), missing)
        facts = {}
        for pid in program:
            facts.update(get_program(pid).fact_specs())
    except (MigralexError, ValueError, KeyError) as exc:
        fail(str(exc).strip("'\""))
    df = generate(spec, facts)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    if out_file.suffix.lower() == ".csv":
        lists = [c for c, t in df.schema.items() if isinstance(t, pl.List)]
        df.with_columns(pl.col(c).list.join(";") for c in lists).write_csv(out_file)
    else:
        df.write_parquet(out_file)
    out.print(f"wrote {df.height:,} synthetic rows ({spec.label()}) to {out_file}")


@population_app.command("validate")
def validate_cmd(
    path: Annotated[Path, typer.Argument(help="Population .parquet or .csv")],
    program: Annotated[str, typer.Option("--program")],
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Write rejects.csv and valid.parquet here")
    ] = None,
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Check a population file against a program's facts; exit 1 when rows are bad.

    ``--format json|csv`` prints the first bad cells as data (the summary and notes go to standard error).
    """
    try:
        prog = get_program(program)
        v = validate_file(path, prog.fact_specs(), program_id=prog.id)
    except (MigralexError, PopulationFileError) as exc:
        fail(str(exc))
    report = Report(fmt)
    report.note(escape(v.summary()))
    for note in v.notes:
        report.note(escape(f"note: {note}"))
    if v.rejects.height:
        t = Table(title="Bad cells (first 20)")
        for col in v.rejects.columns:
            t.add_column(col)
        for r in v.rejects.head(20).iter_rows():
            t.add_row(*(str(x) for x in r))
        report.table(t)
    report.close()
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        v.rejects.write_csv(out_dir / "rejects.csv")
        v.frame.write_parquet(out_dir / "valid.parquet")
        report.note(f"wrote {out_dir / 'rejects.csv'} and {out_dir / 'valid.parquet'}")
    if v.rejects.height:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``simulate`` and the ``population`` sub-app to the main CLI."""
    app.command("simulate")(simulate_cmd)
    app.add_typer(population_app, name="population", help="Synthetic populations and population files")
