"""Named, reproducible analyses for questions in the news (``migralex lab recipe NAME``).

A recipe fixes the program, the reform, the synthetic profile, its size, the seeds and the decision date. It
runs the simulation once per seed, writes the full lab outputs of the first seed (``full/``) and a short
report (``recipe.html``, ``recipe.json``, ``recipe.csv``) with the question, the sources of every figure
(calibration figures, parameter values and the reform's legal basis), the assumptions, the headline numbers
with their range across seeds and a 95 % bootstrap range, and the charts.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
from jinja2 import Environment, PackageLoader, select_autoescape

from migralex.engine import Citation, ParameterSet, Reform
from migralex.lab import charts
from migralex.lab.report import write_outputs
from migralex.lab.results import TRANSITION_CLASSES, TRANSITION_DEFINITIONS, Plan, Summary
from migralex.lab.simulate import Synthetic, simulate
from migralex.lab.uncertainty import Ranges, bootstrap, seed_spread, spread_table
from migralex.population.calibration import FIGURES
from migralex.population.generate import PopulationSpec, undocumented
from migralex.population.profiles import get_profile
from migralex.rules.registry import get_program, get_reform

RECIPE_HTML = "recipe.html"
RECIPE_JSON = "recipe.json"
RECIPE_CSV = "recipe.csv"


def adopt_parameter(
    target: str, source_program: str, source_param: str, on: date, reform_id: str
) -> ParameterSet:
    """A parameter set giving ``target`` the value ``source_param`` has on ``on``, with that value's source.

    The value is read from the source program's pack, never written here.
    """
    pack = get_program(source_program).pack
    assert pack is not None  # noqa: S101 -- narrows a type for mypy
    src = pack.parameters[source_param]
    pv = src.value_on(on)
    if pv is None or pv.value is None:
        raise ValueError(f"{source_param} has no known value on {on}: recipe {reform_id} cannot run")
    return ParameterSet.from_mapping(
        {
            target: {
                "label": f"{src.label} (as {source_param})",
                "type": src.type,
                "unit": src.unit,
                "values": [
                    {
                        "from": pv.start.isoformat(),
                        "value": pv.value,
                        "status": "proposed",
                        "source": {"citation": pv.source.text, "url": pv.source.url},
                    }
                ],
            }
        },
        origin=f"recipe {reform_id}",
    )


def danish_age_rule_for_uk_partners(on: date) -> Reform:
    """Scenario: the UK partner route's minimum age takes the Danish spouse rule's minimum age."""
    rid = "uk_partner_danish_age_rule"
    return Reform(
        id=rid,
        title="The Danish 24-year rule applied to UK partner visas",
        description=(
            "Scenario: both partners must reach the minimum age of Udlændingeloven § 9, stk. 1, nr. 1 (read "
            "from the dk pack) instead of the UK partner route's own minimum age; everything else unchanged."
        ),
        base="uk",
        status="proposed",
        citation=Citation(
            "Udlændingeloven § 9, stk. 1, nr. 1 applied to Appendix FM (modelling scenario)",
            "https://www.retsinformation.dk/eli/lta/2024/1009",
        ),
        parameters=adopt_parameter(
            "uk.family.partner.min_age",
            "dk.family_reunification.spouse",
            "dk.family_reunification.spouse.min_age",
            on,
            rid,
        ),
        programs=("uk.family.partner",),
    )


@dataclass(frozen=True)
class Recipe:
    """A named analysis: what to simulate, and what to say about it."""

    id: str
    title: str
    question: str
    program: str
    reform: Callable[[date], Reform]
    profile: str
    on: date
    n: int
    seeds: tuple[int, ...]
    assumptions: tuple[str, ...]

    def plan(self, on: date | None = None) -> Plan:
        """The plan: the program under the baseline and the recipe's reform."""
        when = on or self.on
        return Plan(get_program(self.program), [self.reform(when)], when)


RECIPES: dict[str, Recipe] = {
    r.id: r
    for r in [
        Recipe(
            "uk-family-reunion-danish-conditions",
            "UK refugee family reunion under the Danish spouse conditions",
            "If the UK applied Denmark's spouse conditions (both at Denmark's minimum age, no public "
            "assistance, a "
            "financial guarantee, a language test, a waiting period after temporary protection) to "
            "refugee family "
            "reunion, who would no longer qualify?",
            "uk.family_reunion.refugee",
            lambda on: get_reform("uk_adopts_dk_family_reunion"),
            "uk-refugee-sponsors",
            date(2025, 6, 30),
            100_000,
            (1, 2, 3, 4, 5),
            (
                "The population is synthetic: refugee sponsors and their family members, status mix "
                "from 2024 "
                "UK grants, about 20,800 refugee family reunion visas a year (year to June 2025).",
                "Decision date 30 June 2025: before the route closed to new applications (the rule "
                "pack has the date).",
                "The reform is a modelling scenario, not a bill; its DKK-GBP rate is unverified (see "
                "the reform).",
                "The UK sponsor's receipt of public assistance (55 %) is an UNVERIFIED assumption; so"
                " are the "
                "applicant's English level and the sponsor's guarantee (docs/data-sources.md).",
                "Children keep the UK rules under the reform; only partners meet the Danish conditions.",
            ),
        ),
        Recipe(
            "uk-partner-danish-24-year-rule",
            "The Danish 24-year rule applied to UK partner visas",
            "If the UK partner route required both partners to reach Denmark's minimum age instead of "
            "its own, how many partner applicants would no longer qualify, and at which ages?",
            "uk.family.partner",
            danish_age_rule_for_uk_partners,
            "uk-partners",
            date(2025, 6, 30),
            100_000,
            (1, 2, 3, 4, 5),
            (
                "The population is synthetic: partners of British citizens and settled persons; the "
                "status and "
                "nationality mix is an UNVERIFIED assumption (no published split found).",
                "Ages: sponsors mean 33 (sd 9), applicants mean 29 (sd 8), an UNVERIFIED assumption: "
                "the share "
                "under the minimum age drives the result.",
                "Only the minimum age changes; income, English and accommodation rules stay as in force.",
            ),
        ),
    ]
}


def get_recipe(recipe_id: str) -> Recipe:
    """A recipe by id, or a ``KeyError`` naming the known ones."""
    try:
        return RECIPES[recipe_id]
    except KeyError:
        raise KeyError(f"unknown recipe {recipe_id!r}; known: {', '.join(RECIPES)}") from None


def _sources(summary: Summary, recipe: Recipe) -> list[dict[str, str]]:
    """Every source behind the recipe's numbers: calibration figures, parameter values, the reform."""
    profile = get_profile(recipe.profile)
    out = []
    for fid in profile.calibration:
        f = FIGURES[fid]
        kind = "official statistics" if f.grade == "P" else "press figure (UNVERIFIED)"
        out.append(
            {"what": f"{f.label} ({f.period}): {_figure(f.value)}", "source": f.title or kind, "url": f.url}
        )
    plan = summary.plan
    pack = plan.program.pack
    assert pack is not None  # noqa: S101 -- narrows a type for mypy
    for r in plan.reforms:
        out.append({"what": f"reform {r.id}: {r.title}", "source": r.citation.text, "url": r.citation.url})
        for p in r.parameters:
            pv = p.value_on(plan.on, include_proposed=True)
            if pv is not None:
                unit = f" {p.unit}" if p.unit else ""
                what = f"{p.label}: {_value(pv.value)}{unit} ({p.id})"
                out.append({"what": what, "source": pv.source.text, "url": pv.source.url})
    return out


def _value(v: Any) -> str:
    if v is None:
        return "not known"
    return ", ".join(sorted(v)) if isinstance(v, frozenset) else str(v)


def _figure(v: float) -> str:
    return f"{v:,.0f}" if v >= 1 else f"{v:.0%}"


def _headline(summary: Summary, spread: Ranges, boot: Ranges) -> list[dict[str, Any]]:
    """Headline numbers with the range across seeds and the bootstrap range."""
    ref = summary.scenarios[1]
    rows: list[dict[str, Any]] = []
    for s, o, n, share in summary.counts().iter_rows():
        key = ("outcomes", s, "all", "all", o, "share")
        rows.append(
            {
                "what": f"{s}: {o.replace('_', ' ')}",
                "value": share,
                "pct": True,
                "seeds": spread.get(key),
                "boot": boot.get(key),
                "n": n,
            }
        )
    gl = summary.gains_losses(ref)
    for c in (*TRANSITION_CLASSES, "net"):
        key = ("gains_losses", ref, "all", "all", c, "count")
        rows.append(
            {
                "what": f"{c.replace('_', ' ')} ({ref})",
                "value": gl[c],
                "pct": False,
                "seeds": spread.get(key),
                "boot": boot.get(key),
                "n": gl[c],
            }
        )
    return rows


def run_recipe(
    recipe: Recipe, out: Path, *, n: int | None = None, seeds: tuple[int, ...] | None = None
) -> dict[str, Path]:
    """Run a recipe; write the full outputs of the first seed to ``out/full`` and the short report to"
    " ``out``."""
    size = recipe.n if n is None else n
    use = recipe.seeds if seeds is None else seeds
    if not use:
        raise ValueError("a recipe needs at least one seed")
    plan = recipe.plan()
    profile = get_profile(recipe.profile)

    def one(seed: int) -> Summary:
        source = Synthetic(PopulationSpec(profile, size, seed, plan.on))
        return simulate(plan, source, out / "full" if seed == use[0] else None)

    runs, spread = seed_spread(one, use)
    main = runs[0]
    boot = bootstrap(main)
    out.mkdir(parents=True, exist_ok=True)
    write_outputs(main, out / "full", ranges=boot)
    ref = main.scenarios[1]
    _, first = seed_spread(lambda _: main, [use[0]])  # the first seed's own values (low = high)
    keys = ["table", "scenario", "dimension", "group", "outcome", "measure"]
    table = (
        spread_table(spread)
        .rename({"low": "seeds_low", "high": "seeds_high"})
        .join(spread_table(first).drop("high").rename({"low": "value"}), on=keys, how="left")
        .join(
            spread_table(boot).rename({"low": "bootstrap_low", "high": "bootstrap_high"}), on=keys, how="left"
        )
        .with_columns(pl.lit(len(use)).alias("seeds"), pl.lit(True).alias("synthetic"))
    )
    paths = {"csv": out / RECIPE_CSV, "json": out / RECIPE_JSON, "html": out / RECIPE_HTML}
    table.write_csv(paths["csv"])
    doc = {
        "recipe": recipe.id,
        "title": recipe.title,
        "question": recipe.question,
        "program": recipe.program,
        "reform": ref,
        "profile": recipe.profile,
        "date": plan.on.isoformat(),
        "rows_per_seed": size,
        "seeds": list(use),
        "synthetic": True,
        "assumptions": list(recipe.assumptions),
        "sources": _sources(main, recipe),
        "facts_without_distribution": undocumented(PopulationSpec(profile, 1, 0, plan.on), plan.facts()),
        "missing_parameters": plan.missing_parameters(),
        "headline": [{k: v for k, v in row.items() if k != "pct"} for row in _headline(main, spread, boot)],
        "definitions": TRANSITION_DEFINITIONS,
    }
    paths["json"].write_text(json.dumps(doc, indent=2, default=list) + "\n", encoding="utf-8")
    env = Environment(loader=PackageLoader("migralex.lab", "templates"), autoescape=select_autoescape())
    html = env.get_template("recipe.html").render(
        doc=doc,
        headline=_headline(main, spread, boot),
        label=main.synthetic_label(),
        outcomes_svg=charts.svg_outcomes(main),
        gains_svg=charts.svg_gains(main, ref),
        age_svg=charts.svg_gains_by(main, ref, "age_band"),
        waterfall_svg=charts.svg_waterfall(main, ref),
        n_seeds=len(use),
    )
    paths["html"].write_text(html, encoding="utf-8")
    return paths


__all__ = ["RECIPES", "Recipe", "get_recipe", "run_recipe"]
