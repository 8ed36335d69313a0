"""Outputs of a simulation: the CSV summary, the JSON provenance and the self-contained HTML report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl
from jinja2 import Environment, PackageLoader, select_autoescape

from migralex.lab import charts
from migralex.lab.results import DIMENSIONS, Summary

SUMMARY_CSV = "summary.csv"
SUMMARY_JSON = "summary.json"
REPORT_HTML = "report.html"
CSV_SCHEMA = {
    "table": pl.String,
    "scenario": pl.String,
    "dimension": pl.String,
    "group": pl.String,
    "measure": pl.String,
    "value": pl.Float64,
}
BANNER_SYNTHETIC = (
    "SYNTHETIC DATA: these people do not exist. The population was generated from published aggregate "
    "statistics and stated assumptions (docs/data-sources.md); results show what the encoded rules do to "
    "such "
    "a population, not what happened to anyone."
)
BANNER_USER = "User-supplied population: results are only as good as the data given."


def summary_table(summary: Summary) -> pl.DataFrame:
    """Every number of the report in one long table (the CSV summary)."""
    rows: list[tuple[str, str, str, str, str, float]] = []
    for s, o, n, share in summary.counts().iter_rows():
        rows += [("outcomes", s, "", o, "count", float(n)), ("outcomes", s, "", o, "share", float(share))]
    for r in summary.scenarios[1:]:
        for k, v in summary.gains_losses(r).items():
            rows.append(("gains_losses", r, "", "", k, float(v)))
        for a, b, n in summary.transitions(r).iter_rows():
            rows.append(("transitions", r, "baseline", f"{a}->{b}", "count", float(n)))
    for s in summary.scenarios:
        for c, _, first, remaining, anyf, unknown in summary.waterfall(s).iter_rows():
            for m, v in (
                ("excluded_first", first),
                ("remaining", remaining),
                ("excluded_any", anyf),
                ("unknown", unknown),
            ):
                rows.append(("waterfall", s, "condition", c, m, float(v)))
    for dim in DIMENSIONS:
        for g, s, o, n, share in summary.breakdown(dim).iter_rows():
            rows.append(("breakdown", s, dim, f"{g}|{o}", "count", float(n)))
            rows.append(("breakdown", s, dim, f"{g}|{o}", "share", float(share)))
    return pl.DataFrame(rows, schema=CSV_SCHEMA, orient="row")


def _env() -> Environment:
    return Environment(loader=PackageLoader("migralex.lab", "templates"), autoescape=select_autoescape())


def render_html(summary: Summary, *, downloads: dict[str, str] | None = None) -> str:
    """The self-contained HTML report (inline SVG charts, Vega-Lite specs as JSON, tables; no CDN)."""
    meta = summary.meta()
    specs: dict[str, Any] = {"outcomes": charts.outcomes_spec(summary)}
    svgs = {"outcomes": charts.svg_outcomes(summary)}
    for s in summary.scenarios:
        specs[f"waterfall-{s}"] = charts.waterfall_spec(summary, s)
        svgs[f"waterfall-{s}"] = charts.svg_waterfall(summary, s)
    for d in DIMENSIONS:
        specs[f"by-{d}"] = charts.breakdown_spec(summary, d)
        svgs[f"by-{d}"] = charts.svg_breakdown(summary, d)
    reforms = summary.scenarios[1:]
    return (
        _env()
        .get_template("report.html")
        .render(
            meta=meta,
            banner=BANNER_SYNTHETIC if summary.synthetic else BANNER_USER,
            synthetic=summary.synthetic,
            program=summary.plan.program,
            counts=summary.counts().to_dicts(),
            scenarios=summary.scenarios,
            gains={r: summary.gains_losses(r) for r in reforms},
            gains_by={r: {d: summary.gains_losses_by(r, d).to_dicts() for d in DIMENSIONS} for r in reforms},
            waterfalls={s: summary.waterfall(s).to_dicts() for s in summary.scenarios},
            svgs=svgs,
            specs={k: json.dumps(v).replace("</", "<\\/") for k, v in specs.items()},
            downloads=downloads or {},
            dims=DIMENSIONS,
        )
    )


def write_outputs(summary: Summary, out: Path) -> dict[str, Path]:
    """Write summary.csv, summary.json and report.html beside the row results."""
    out.mkdir(parents=True, exist_ok=True)
    paths = {"summary": out / SUMMARY_CSV, "meta": out / SUMMARY_JSON, "report": out / REPORT_HTML}
    summary_table(summary).with_columns(pl.lit(summary.synthetic).alias("synthetic")).write_csv(
        paths["summary"]
    )
    meta = summary.meta()
    meta["counts"] = summary.counts().to_dicts()
    meta["gains_losses"] = {r: summary.gains_losses(r) for r in summary.scenarios[1:]}
    paths["meta"].write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    downloads = {p.name: p.name for p in out.iterdir() if p.suffix in (".parquet", ".csv", ".json")}
    downloads.update({SUMMARY_CSV: SUMMARY_CSV, SUMMARY_JSON: SUMMARY_JSON})
    paths["report"].write_text(render_html(summary, downloads=downloads), encoding="utf-8")
    return paths
