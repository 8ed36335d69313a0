"""Recipes: named analyses that run end to end and cite the source of every figure they use."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from migralex.cli import app
from migralex.lab.recipes import RECIPES, danish_age_rule_for_uk_partners
from migralex.population.calibration import FIGURES
from migralex.population.profiles import get_profile
from migralex.rules.registry import get_program


def test_the_danish_age_rule_reform_reads_its_value_and_source_from_the_dk_pack() -> None:
    """No number in the recipe: the UK minimum age takes the Danish parameter's value and its source."""
    on = date(2025, 6, 30)
    reform = danish_age_rule_for_uk_partners(on)
    danish = get_program("dk.family_reunification.spouse").pack.parameters[  # type: ignore[union-attr]
        "dk.family_reunification.spouse.min_age"
    ]
    ours = reform.parameters["uk.family.partner.min_age"].value_on(on, include_proposed=True)
    theirs = danish.value_on(on)
    assert ours is not None and theirs is not None
    assert (ours.value, ours.source.url) == (theirs.value, theirs.source.url)


@pytest.mark.parametrize("recipe_id", sorted(RECIPES))
def test_recipe_runs_and_cites_every_figure(recipe_id: str, tmp_path: Path) -> None:
    out = tmp_path / recipe_id
    r = CliRunner().invoke(
        app, ["lab", "recipe", recipe_id, "--out", str(out), "--n", "3000", "--seeds", "2"]
    )
    assert r.exit_code == 0, r.output
    doc = json.loads((out / "recipe.json").read_text(encoding="utf-8"))
    assert doc["synthetic"] is True and doc["seeds"] == [1, 2] and doc["assumptions"]
    urls = {s["url"] for s in doc["sources"]}
    for fid in get_profile(RECIPES[recipe_id].profile).calibration:
        assert FIGURES[fid].url in urls, fid
    assert all(s["url"].startswith("http") for s in doc["sources"])
    lose = next(h for h in doc["headline"] if h["what"].startswith("lose"))
    lo, hi = lose["seeds"]
    assert lo <= lose["value"] <= hi and lose["boot"][0] <= lose["value"] <= lose["boot"][1]
    csv = pl.read_csv(out / "recipe.csv")
    assert {"seeds_low", "seeds_high", "bootstrap_low", "bootstrap_high", "value"} <= set(csv.columns)
    html = (out / "recipe.html").read_text(encoding="utf-8")
    assert "SYNTHETIC DATA" in html and html.count("<svg") >= 4 and "Sources of every figure" in html
    assert (out / "full" / "report.html").exists() and (out / "full" / "summary.csv").exists()


def test_unknown_recipe_is_a_clear_error(tmp_path: Path) -> None:
    r = CliRunner().invoke(app, ["lab", "recipe", "nope", "--out", str(tmp_path)])
    assert r.exit_code == 2 and "unknown recipe" in r.output
