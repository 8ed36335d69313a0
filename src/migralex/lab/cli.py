"""Lab commands mounted on the main ``migralex`` app.

migralex simulate --population P --program X [--rules PACK] [--reform R ...] [--date D] --out DIR
                  [--engine polars|streaming|spark]
migralex population profiles | generate | validate
migralex lab recipes | recipe NAME --out DIR [--n N] [--seeds K]
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
from migralex.lab.recipes import RECIPES, get_recipe, run_recipe
from migralex.lab.report import write_outputs
from migralex.lab.results import OUTCOMES, TRANSITION_CLASSES, TRANSITION_DEFINITIONS, Plan, Summary
from migralex.lab.simulate import Synthetic, parse_population, simulate
from migralex.population.generate import PopulationSpec, generate, parse_size, undocumented
from migralex.population.profiles import PROFILES, get_profile
from migralex.population.validate import PopulationFileError, validate_file
from migralex.rules.registry import get_program, get_reform, programs

population_app = typer.Typer(help="Synthetic populations and population files", no_args_is_help=True)
lab_app = typer.Typer(help="Named, reproducible analyses (recipes)", no_args_is_help=True)


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
    """Tables: outcomes per scenario, gains and losses, transitions, waterfalls, gaps in the data.

    In json and csv the tables go to standard output; the origin of the population, the definitions of the
    transition classes, what each breakdown is and the parameters without a value go to standard error.
    """
    report = Report(fmt)
    if summary.is_synthetic:
        report.note(
            "[bold black on yellow] SYNTHETIC POPULATION [/] results describe generated people, "
            "not real cases"
        )
    elif summary.n_synthetic:
        report.note(f"[bold black on yellow] {escape(summary.synthetic_label())} [/]")
    when = (
        summary.plan.on.isoformat()
        if summary.plan.date_column is None
        else f"dates in {summary.plan.date_column}"
    )
    origin = (
        " (SYNTHETIC population)"
        if summary.is_synthetic
        else f" ({summary.synthetic_label()})"
        if summary.n_synthetic
        else ""
    )
    t = Table(title=escape(f"{summary.plan.program.id} on {when}: {summary.n:,} persons{origin}"))
    t.add_column("scenario")
    for o in OUTCOMES:
        t.add_column(_label(o), justify="right")
        t.add_column(f"{_label(o)} share", justify="right")
    c = summary.counts()
    for s in summary.scenarios:
        row = c.filter(pl.col("scenario") == s)
        cells = []
        for o in OUTCOMES:
            hit = row.filter(pl.col("outcome") == o)
            cells += [_fmt(int(hit["n"][0])), _fmt(float(hit["share"][0]))]
        t.add_row(s, *cells)
    report.table(t)
    if len(summary.scenarios) > 1:
        g = Table(title="Who gains and who loses (baseline -> reform; each person in exactly one class)")
        g.add_column("reform")
        for col in (*TRANSITION_CLASSES, "net"):
            g.add_column(_label(col), justify="right")
        for r in summary.scenarios[1:]:
            gl = summary.gains_losses(r)
            g.add_row(r, *(f"{gl[k]:,}" for k in TRANSITION_CLASSES), f"{gl['net']:+,}")
        report.table(g)
        for k, text in TRANSITION_DEFINITIONS.items():
            report.note(escape(f"  {_label(k)}: {text}"))
        for r in summary.scenarios[1:]:
            m = Table(title=f"Transitions: baseline (rows) -> {r} (columns)")
            m.add_column("baseline")
            for o in OUTCOMES:
                m.add_column(_label(o), justify="right")
            tr = summary.transitions(r)
            for a in OUTCOMES:
                got = {b: n for _, x, b, n, _ in tr.iter_rows() if x == a}
                m.add_row(_label(a), *(f"{got.get(b, 0):,}" for b in OUTCOMES))
            report.table(m)
    for s in summary.scenarios:
        w = Table(title=f"Exclusion waterfall: {s}")
        for col in ("condition", "excluded first", "remaining", "excluded (any)", "unknown"):
            w.add_column(col, justify="left" if col == "condition" else "right")
        for cid, _label_text, first, rem, anyf, unk in summary.waterfall(s).iter_rows():
            w.add_row(cid, f"{first:,}", f"{rem:,}", f"{anyf:,}", f"{unk:,}")
        report.table(w)
    for text in summary.dimension_labels().values():
        report.note(escape(f"breakdown {text}"))
    print_gaps(summary, report)
    report.close()


def _label(key: str) -> str:
    """An outcome or transition class as shown in a table (``not_in_force`` -> ``not in force``)."""
    return key.replace("_", " ")


def print_gaps(summary: Summary, report: Report) -> None:
    """Facts the population lacks (with the rows they turn unknown) and parameters without a value."""
    gaps = summary.missing_facts()
    if gaps:
        t = Table(title="Facts the population lacks (unknown for every row)")
        for col in ("fact", "scenario", "condition reading it", "rows unknown on it"):
            t.add_column(col, justify="right" if col.startswith("rows") else "left")
        for m in gaps:
            t.add_row(m["fact"], m["scenario"], m["condition"], f"{m['rows_unknown']:,}")
        report.table(t)
    elif summary.absent_facts:
        report.note(escape(f"facts absent from the population: {', '.join(summary.absent_facts)}"))
    for p in summary.plan.missing_parameters():
        report.note(
            "[bold red]parameter without a value[/] "
            + escape(
                f"on {p['date']} ({p['scenario']}): {p['parameter']} ({p['label']}; {p['why']}); "
                "every condition reading it is unknown"
            )
        )


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
    spark_master: Annotated[
        str | None,
        typer.Option(
            "--spark-master",
            envvar="MIGRALEX_SPARK_MASTER",
            help="Spark master for --engine spark: local[2], spark://HOST:7077, k8s://https://HOST",
        ),
    ] = None,
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
        session = None
        if engine is Engine.spark:
            from migralex.lab.spark import require_java, spark_session

            require_java()
            session = spark_session(spark_master)
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
                spark=session,
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
    for col in ("profile", "country", "title", "status column holds", "program", "calibration figures"):
        t.add_column(col)
    for p in PROFILES.values():
        t.add_row(p.id, p.country, p.title, p.status_owner, p.program, str(len(p.calibration)))
    print_tables([t], fmt)


@population_app.command("generate")
def generate_cmd(
    profile: Annotated[str, typer.Option("--profile", help="Profile id (migralex population profiles)")],
    n: Annotated[str, typer.Option("--n", help="Rows, e.g. 1000 or 1m")],
    program: Annotated[list[str], typer.Option("--program", help="Program(s) whose facts to generate")],
    out_file: Annotated[Path, typer.Option("--out", help="Output .parquet or .csv")],
    reform: Annotated[
        list[str] | None,
        typer.Option("--reform", help="Reform id (repeatable): also generate the facts it reads"),
    ] = None,
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
        progs = [get_program(pid) for pid in program]
        for prog in progs:
            facts.update(prog.fact_specs())
        for rid in reform or []:
            ref = get_reform(rid)
            targets = [p for p in progs if ref.applies_to(p)]
            if not targets:
                raise ValueError(f"reform {rid} applies to none of the programs given (it is for {ref.base})")
            for prog in targets:
                facts.update(prog.fact_specs(ref.replacements))
    except (MigralexError, ValueError, KeyError) as exc:
        fail(str(exc).strip("'\""))
    df = generate(spec, facts)
    left_out = undocumented(spec, facts)
    if left_out:
        out.print(
            f"[bold]{len(left_out)} fact(s) have no documented distribution and are left out[/] "
            f"(docs/data-sources.md): {', '.join(left_out)}"
        )
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


@lab_app.command("recipes")
def recipes_cmd(fmt: FormatOption = OutputFormat.text) -> None:
    """List the recipes."""
    t = Table(title="Recipes (migralex lab recipe NAME --out DIR)")
    for col in ("recipe", "title", "program", "profile"):
        t.add_column(col)
    for r in RECIPES.values():
        t.add_row(r.id, r.title, r.program, r.profile)
    print_tables([t], fmt)


@lab_app.command("recipe")
def recipe_cmd(
    name: Annotated[str, typer.Argument(help="Recipe id (migralex lab recipes)")],
    out_dir: Annotated[Path, typer.Option("--out", help="Output directory")],
    n: Annotated[str | None, typer.Option("--n", help="People per run (default: the recipe's)")] = None,
    seeds: Annotated[
        int | None, typer.Option("--seeds", help="Number of runs, seeds 1..K (default: the recipe's)")
    ] = None,
) -> None:
    """Run a recipe: a short report with sources, assumptions, ranges across seeds and charts."""
    try:
        recipe = get_recipe(name)
        size = parse_size(n) if n is not None else None
        if seeds is not None and seeds < 1:
            raise ValueError("--seeds must be at least 1")
        use = tuple(range(1, seeds + 1)) if seeds is not None else None
        paths = run_recipe(recipe, out_dir, n=size, seeds=use)
    except (MigralexError, ValueError, KeyError) as exc:
        fail(str(exc).strip("'\""))
    out.print(f"[bold black on yellow] SYNTHETIC POPULATION [/] {escape(recipe.title)}")
    out.print("wrote " + ", ".join(str(p) for p in paths.values()) + f" and {out_dir / 'full'}/")


def register(app: typer.Typer) -> None:
    """Add ``simulate`` and the ``population`` and ``lab`` sub-apps to the main CLI."""
    app.command("simulate")(simulate_cmd)
    app.add_typer(population_app, name="population", help="Synthetic populations and population files")
    app.add_typer(lab_app, name="lab", help="Named, reproducible analyses (recipes)")
