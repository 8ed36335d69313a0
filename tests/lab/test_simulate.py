"""Simulations on the registered rules: single-case agreement, engines, files, reforms, the CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from migralex.cli import app
from migralex.engine import ParameterSet, Reform, assess, cite
from migralex.lab import Plan, parse_population, simulate, write_outputs
from migralex.lab.results import OUTCOMES, TRANSITION_CLASSES
from migralex.rules.registry import get_program, programs, reforms

ON = date(2025, 3, 1)
SPOUSE = "dk.family_reunification.spouse"


def min_age_reform(age: int = 21) -> Reform:
    """A test reform of the Danish spouse rules: a lower 24-year rule."""
    p = f"{SPOUSE}.min_age"
    return Reform(
        id=f"test_min_age_{age}",
        title=f"Minimum age {age}",
        description="test only",
        base="dk",
        status="proposed",
        citation=cite("test", "https://example.org"),
        parameters=ParameterSet.from_mapping(
            {
                p: {
                    "label": "Minimum age",
                    "type": "int",
                    "unit": "years",
                    "values": [
                        {
                            "from": "2018-07-01",
                            "value": age,
                            "status": "proposed",
                            "source": {"citation": "test", "url": "https://example.org"},
                        }
                    ],
                }
            }
        ),
    )


def test_row_results_agree_with_single_case_assess(tmp_path: Path) -> None:
    program = get_program(SPOUSE)
    reform = min_age_reform()
    plan = Plan(program, [reform], ON)
    source = parse_population("synthetic:dk-spouse:3000:seed=11:missing=0.05", ON)
    simulate(plan, source, tmp_path)
    rows = pl.read_parquet(tmp_path / "rows.parquet")
    from migralex.population import generate

    facts = generate(source.spec, plan.facts())  # type: ignore[union-attr]
    joined = rows.join(facts, on="person_id")
    decided = ("eligible", "ineligible", "unknown")
    assert set(OUTCOMES) >= set(decided)
    sample = pl.concat([joined.filter(pl.col("baseline/outcome") == o).head(15) for o in decided])
    assert sample.height == 45
    for r in sample.iter_rows(named=True):
        case = {f: r[f] for f in program.fact_specs() if r[f] is not None}
        case = {k: frozenset(v) if isinstance(v, list) else v for k, v in case.items()}
        for scenario, ref in (("baseline", None), (reform.id, reform)):
            d = assess(program, case, ON, ref)
            assert d.outcome == r[f"{scenario}/outcome"], (scenario, r["person_id"])
            for node in plan.conditions(scenario):
                res = d.condition(node.id)
                assert res is not None and res.value == r[f"{scenario}/{node.id}"], (scenario, node.id)


def test_lower_age_reform_only_gains_and_matches_rows(tmp_path: Path) -> None:
    plan = Plan(get_program(SPOUSE), [min_age_reform(21)], ON)
    s = simulate(plan, parse_population("synthetic:dk-spouse:20000:seed=3", ON), tmp_path)
    gl = s.gains_losses("test_min_age_21")
    rows = pl.read_parquet(tmp_path / "rows.parquet")
    gains = rows.filter(
        (pl.col("baseline/outcome") != "eligible") & (pl.col("test_min_age_21/outcome") == "eligible")
    )
    assert gl["gain"] == gains.height > 0
    assert gl["lose"] == 0
    assert s.n == 20_000 == sum(s.counts().filter(pl.col("scenario") == "baseline")["n"])
    both = s.waterfall("baseline").filter(pl.col("condition") == f"{SPOUSE}.both_24")
    after = s.waterfall("test_min_age_21").filter(pl.col("condition") == f"{SPOUSE}.both_24")
    assert after["excluded_any"][0] < both["excluded_any"][0]


def test_polars_and_streaming_engines_agree(tmp_path: Path) -> None:
    plan = Plan(get_program(SPOUSE), [min_age_reform()], ON)
    source = parse_population("synthetic:dk-refugee-sponsors:140000:seed=5", ON)
    a = simulate(plan, source, tmp_path / "a", engine="polars")
    b = simulate(plan, source, tmp_path / "b", engine="streaming", chunk_size=65_536)
    assert a.counts().equals(b.counts())
    for s in plan.scenarios:
        assert a.waterfall(s).equals(b.waterfall(s))
    assert pl.read_parquet(tmp_path / "a" / "rows.parquet").equals(
        pl.read_parquet(tmp_path / "b" / "rows.parquet")
    )


def test_file_population_with_bad_rows(tmp_path: Path) -> None:
    path = tmp_path / "pop.csv"
    path.write_text(
        "sponsor.birth_date,applicant.birth_date,sponsor.residence_status\n"
        "1990-01-01,1995-01-01,danish_citizen\n1990-13-01,1995-01-01,danish_citizen\n"
        "1990-01-01,1995-01-01,martian\n1980-01-01,1980-01-01,other\n",
        encoding="utf-8",
    )
    plan = Plan(get_program(SPOUSE), [], ON)
    s = simulate(plan, parse_population(str(path), ON), tmp_path / "out", engine="streaming", chunk_size=2)
    assert (s.n_read, s.n, s.agg.n_rejected) == (4, 2, 2)
    rejects = pl.read_csv(tmp_path / "out" / "rejects.csv")
    assert rejects.select("row", "column").rows() == [
        (2, "sponsor.birth_date"),
        (3, "sponsor.residence_status"),
    ]
    rows = pl.read_parquet(tmp_path / "out" / "rows.parquet")
    assert rows["row"].to_list() == [1, 4] and not rows["synthetic"].any()
    out = write_outputs(s, tmp_path / "out")
    html = out["report"].read_text(encoding="utf-8")
    assert "User-supplied population" in html and "2 rejected" in html


@pytest.mark.parametrize("reform_id", sorted(r for r, ref in reforms().items() if ref.base in ("dk", "uk")))
def test_registered_reforms_simulate(reform_id: str, tmp_path: Path) -> None:
    reform = reforms()[reform_id]
    program = next(p for p in programs().values() if reform.applies_to(p))
    plan = Plan(program, [reform], ON)
    country = reform.base
    profile = "uk-refugee-sponsors" if country == "uk" else "dk-spouse"
    s = simulate(plan, parse_population(f"synthetic:{profile}:5000:seed=1", ON), tmp_path)
    assert s.n == 5000
    gl = s.gains_losses(reform.id)
    t = s.transitions(reform.id)
    assert sum(gl[c] for c in TRANSITION_CLASSES) == 5000 == int(t["n"].sum())


def test_cli_simulate_writes_outputs_and_offline_report(tmp_path: Path) -> None:
    out = tmp_path / "sim"
    result = CliRunner().invoke(
        app,
        [
            "simulate",
            "--population",
            "synthetic:uk-partners:4000:seed=2",
            "--rules",
            "dk",
            "--program",
            "family_reunification.spouse",
            "--date",
            "2025-03-01",
            "--out",
            str(out),
            "--engine",
            "streaming",
            "--chunk-size",
            "65536",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "SYNTHETIC POPULATION" in result.output and "Exclusion waterfall: baseline" in result.output
    assert "UK population judged under DK rules" in result.output
    meta = json.loads((out / "summary.json").read_text())
    assert meta["synthetic"] is True and meta["rows_evaluated"] == 4000 and meta["rulepack"]["id"] == "dk"
    assert sum(c["n"] for c in meta["counts"]) == 4000
    summary = pl.read_csv(out / "summary.csv")
    assert summary["synthetic"].all()
    assert (
        summary.filter((pl.col("table") == "outcomes") & (pl.col("measure") == "count"))["value"].sum()
        == 4000
    )
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "SYNTHETIC DATA" in html and "<svg" in html and 'id="spec-outcomes"' in html
    assert "<script src" not in html and "cdn" not in html.lower()


def test_cli_errors_are_clear() -> None:
    r = CliRunner().invoke(
        app, ["simulate", "-p", "synthetic:nope:10", "--program", SPOUSE, "--out", "/tmp/x"]
    )
    assert r.exit_code == 2 and "unknown population profile" in r.output
    r = CliRunner().invoke(
        app,
        [
            "simulate",
            "-p",
            "synthetic:dk-spouse:10",
            "--program",
            SPOUSE,
            "--reform",
            "nope",
            "--out",
            "/tmp/x",
        ],
    )
    assert r.exit_code == 2 and "unknown reform" in r.output
    r = CliRunner().invoke(
        app,
        ["simulate", "-p", "synthetic:dk-spouse:10", "--program", SPOUSE, "--rules", "uk", "--out", "/tmp/x"],
    )
    assert r.exit_code == 2 and "belongs to the dk rule pack" in " ".join(r.output.split())


def test_per_row_decision_dates_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "dated.csv"
    # the same couple decided the day before and on the applicant's 24th birthday; one row without a date
    path.write_text(
        "decided,sponsor.birth_date,applicant.birth_date,sponsor.residence_status,case.age_requirement_dispensation\n"
        "2025-02-28,1990-01-01,2001-03-01,danish_citizen,false\n"
        "2025-03-01,1990-01-01,2001-03-01,danish_citizen,false\n"
        ",1990-01-01,2001-03-01,danish_citizen,false\n",
        encoding="utf-8",
    )
    plan = Plan(get_program(SPOUSE), [], ON, date_column="decided")
    s = simulate(plan, parse_population(str(path), ON), tmp_path / "out", engine="streaming", chunk_size=2)
    rows = pl.read_parquet(tmp_path / "out" / "rows.parquet").sort("row")
    assert rows["row"].to_list() == [1, 2] and s.agg.n_rejected == 1
    assert rows[f"baseline/{SPOUSE}.both_24"].to_list() == [False, True]
    assert rows["age_band"].to_list() == ["18-23", "24-29"]
    assert rows["decided"].to_list() == [date(2025, 2, 28), date(2025, 3, 1)]
    rejects = pl.read_csv(tmp_path / "out" / "rejects.csv")
    assert rejects.rows() == [(3, "decided", "the decision date is missing", None)]
    with pytest.raises(ValueError, match="population files"):
        simulate(
            Plan(get_program(SPOUSE), [], ON, date_column="decided"),
            parse_population("synthetic:dk-spouse:10", ON),
            None,
        )


def test_every_columns_mode_gives_the_same_summary_from_the_cli(tmp_path: Path) -> None:
    """--columns top|all|outcome change what rows.parquet keeps, never a number of the summary."""
    summaries = {}
    for mode in ("top", "all", "outcome"):
        out = tmp_path / mode
        r = CliRunner().invoke(
            app,
            [
                "simulate",
                "-p",
                "synthetic:uk-refugee-sponsors:3000:seed=4",
                "--program",
                "uk.family_reunion.refugee",
                "--reform",
                "uk_adopts_dk_family_reunion",
                "--date",
                "2025-03-01",
                "--columns",
                mode,
                "--out",
                str(out),
            ],
        )
        assert r.exit_code == 0, r.output
        summaries[mode] = pl.read_csv(out / "summary.csv").filter(pl.col("table") != "population")
        cols = pl.read_parquet_schema(out / "rows.parquet")
        conds = [c for c in cols if c.startswith("uk_adopts_dk_family_reunion/uk.")]
        assert (conds == []) == (mode == "outcome")
    assert summaries["top"].equals(summaries["all"]) and summaries["top"].equals(summaries["outcome"])
    wf = summaries["outcome"].filter((pl.col("table") == "waterfall") & (pl.col("measure") == "excluded_any"))
    assert wf["value"].sum() > 0  # the waterfall is not emptied by --columns outcome


def test_missing_facts_and_parameters_are_named_in_cli_and_json(tmp_path: Path) -> None:
    """A file without the reform's facts, and rules whose parameters have no value: both are named."""
    pop = tmp_path / "pop.parquet"
    r = CliRunner().invoke(
        app,
        [
            "population",
            "generate",
            "--profile",
            "uk-refugee-sponsors",
            "--n",
            "2000",
            "--program",
            "uk.family_reunion.refugee",
            "--date",
            "2025-03-01",
            "--out",
            str(pop),
        ],
    )
    assert r.exit_code == 0, r.output
    args = ["--program", "uk.family_reunion.refugee", "--reform", "uk_adopts_dk_family_reunion"]
    r = CliRunner().invoke(
        app, ["simulate", "-p", str(pop), *args, "--date", "2025-03-01", "--out", str(tmp_path / "a")]
    )
    assert r.exit_code == 0, r.output
    text = " ".join(r.output.split())
    assert "Facts the population lacks" in text and "sponsor.financial_guarantee_provided" in text
    assert "SYNTHETIC POPULATION" in text  # the file's own synthetic column
    meta = json.loads((tmp_path / "a" / "summary.json").read_text())
    assert meta["synthetic"] is True and meta["synthetic_rows"] == 2000
    gaps = {m["fact"] for m in meta["missing_facts"]}
    assert "sponsor.financial_guarantee_provided" in gaps and all(
        m["rows_unknown"] > 0 for m in meta["missing_facts"]
    )
    # with --reform, population generate fills the reform's facts: nothing is missing
    full = tmp_path / "full.parquet"
    r = CliRunner().invoke(
        app,
        [
            "population",
            "generate",
            "--profile",
            "uk-refugee-sponsors",
            "--n",
            "2000",
            *args,
            "--date",
            "2025-03-01",
            "--out",
            str(full),
        ],
    )
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(
        app, ["simulate", "-p", str(full), *args, "--date", "2025-03-01", "--out", str(tmp_path / "b")]
    )
    assert "Facts the population lacks" not in r.output
    assert json.loads((tmp_path / "b" / "summary.json").read_text())["missing_facts"] == []
    # the expulsion rules' minimum prison days have no value: named, with why
    r = CliRunner().invoke(
        app,
        [
            "simulate",
            "-p",
            "synthetic:dk-convicted:500",
            "--program",
            "dk.expulsion",
            "--date",
            "2025-03-01",
            "--out",
            str(tmp_path / "c"),
        ],
    )
    text = " ".join(r.output.split())
    assert "parameter without a value" in text and "dk.expulsion.short_residence_min_prison_days" in text
