"""Calibration figures are cited in the docs; the population CLI writes labelled synthetic files."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from typer.testing import CliRunner

from migralex.cli import app
from migralex.population.calibration import FIGURES
from migralex.population.profiles import PROFILES
from migralex.population.sources import SECTIONS, render

DOCS = Path(__file__).parents[2] / "docs"


def test_every_calibration_figure_is_cited_with_its_url() -> None:
    text = (DOCS / "data-sources.md").read_text(encoding="utf-8")
    for f in FIGURES.values():
        assert f"`{f.id}`" in text and f.url in text, f.id
    lab = (DOCS / "lab.md").read_text(encoding="utf-8")
    assert all(p in lab for p in PROFILES)


def test_data_sources_hold_the_generated_tables_verbatim() -> None:
    """Figures, plausibility ranges, profile overrides and every fact's distribution, as the code has them."""
    text = (DOCS / "data-sources.md").read_text(encoding="utf-8")
    for name in SECTIONS:
        assert render(name) in text, f"{name}: run python -m migralex.population.sources docs/data-sources.md"
    primary = [f for f in FIGURES.values() if f.grade == "P"]
    assert len(primary) >= 10 and all(
        f.title and f.publisher and f.published for f in primary if f.id[:2] == "dk"
    )


def test_population_generate_csv_and_parquet(tmp_path: Path) -> None:
    runner = CliRunner()
    args = [
        "population",
        "generate",
        "--profile",
        "uk-convicted",
        "--n",
        "2k",
        "--seed",
        "3",
        "--program",
        "uk.voluntary_return",
        "--date",
        "2025-03-01",
    ]
    r = runner.invoke(app, [*args, "--out", str(tmp_path / "p.csv")])
    assert r.exit_code == 0, r.output
    csv = pl.read_csv(tmp_path / "p.csv", infer_schema=False)
    assert csv.height == 2000 and set(csv["synthetic"].unique()) == {"true"}
    assert any(";" in (v or "") for v in csv["person.voluntary_return_grounds"].to_list())
    r = runner.invoke(app, [*args, "--out", str(tmp_path / "p.parquet")])
    pq = pl.read_parquet(tmp_path / "p.parquet")
    assert pq.height == 2000 and pq["person.voluntary_return_grounds"].dtype == pl.List(pl.String)
    assert (
        pq["person.custodial_sentence_months"].to_list()
        == csv["person.custodial_sentence_months"].cast(pl.Int64).to_list()
    )
    v = runner.invoke(
        app, ["population", "validate", str(tmp_path / "p.csv"), "--program", "uk.voluntary_return"]
    )
    assert v.exit_code == 0 and "2,000 rows read, 0 with errors" in v.output
