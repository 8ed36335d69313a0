"""Outputs of a simulation: the CSV summary, the JSON provenance and the self-contained HTML report.

Every number the report shows is a row of ``summary.csv`` (table, scenario, dimension, group, outcome,
measure, value, low, high, synthetic); ``low``/``high`` are the 95 % bootstrap range where one is computed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl
from jinja2 import Environment, PackageLoader, select_autoescape

from migralex.lab import charts
from migralex.lab.results import (
    DIMENSIONS,
    OUTCOMES,
    TRANSITION_CLASSES,
    TRANSITION_DEFINITIONS,
    Summary,
)
from migralex.lab.uncertainty import Ranges, bootstrap

SUMMARY_CSV = "summary.csv"
SUMMARY_JSON = "summary.json"
REPORT_HTML = "report.html"
CSV_SCHEMA = {
    "table": pl.String,
    "scenario": pl.String,
    "dimension": pl.String,
    "group": pl.String,
    "outcome": pl.String,
    "measure": pl.String,
    "value": pl.Float64,
    "low": pl.Float64,
    "high": pl.Float64,
}
BANNER_SYNTHETIC = (
    "SYNTHETIC DATA: these people do not exist. The population was generated from published aggregate "
    "statistics and stated assumptions (docs/data-sources.md); results show what the encoded rules do to "
    "such a population, not what happened to anyone."
)
BANNER_PARTLY = (
    "PARTLY SYNTHETIC DATA: some rows of this file say they are generated (its `synthetic` column)."
)
BANNER_USER = "User-supplied population: results are only as good as the data given."
ALL = "all"

Row = tuple[str, str, str, str, str, str, float, float | None, float | None]


def summary_table(summary: Summary, ranges: Ranges | None = None) -> pl.DataFrame:
    """Every number of the report in one long table (the CSV summary)."""
    r = ranges or {}
    rows: list[Row] = []

    def add(table: str, scenario: str, dim: str, group: str, outcome: str, measure: str, v: float) -> None:
        low, high = r.get((table, scenario, dim, group, outcome, measure), (None, None))
        rows.append((table, scenario, dim, group, outcome, measure, float(v), low, high))

    meta = summary.meta()
    for m in ("rows_read", "rows_evaluated", "rows_rejected", "synthetic_rows"):
        add("population", "", "", "", "", m, meta[m])
    for s, o, n, share in summary.counts().iter_rows():
        add("outcomes", s, ALL, ALL, o, "count", n)
        add("outcomes", s, ALL, ALL, o, "share", share)
    for ref in summary.scenarios[1:]:
        gl = summary.gains_losses(ref)
        for c in (*TRANSITION_CLASSES, "net"):
            add("gains_losses", ref, ALL, ALL, c, "count", gl[c])
        for d in DIMENSIONS:
            for row in summary.gains_losses_by(ref, d).iter_rows(named=True):
                add("gains_losses", ref, d, row[d], "n", "count", row["n"])
                for c in TRANSITION_CLASSES:
                    add("gains_losses", ref, d, row[d], c, "count", row[c])
        for by in (None, *DIMENSIONS):
            for g, a, b, n, _ in summary.transitions(ref, by).iter_rows():
                add("transitions", ref, by or ALL, g, f"{a}->{b}", "count", n)
    for s in summary.scenarios:
        for c, _, first, remaining, anyf, unknown in summary.waterfall(s).iter_rows():
            for m, v in (
                ("excluded_first", first),
                ("remaining", remaining),
                ("excluded_any", anyf),
                ("unknown", unknown),
            ):
                add("waterfall", s, "condition", c, "", m, v)
    for d in DIMENSIONS:
        b = summary.breakdown(d)
        for g, s, o, n, share in b.iter_rows():
            add("breakdown", s, d, g, o, "count", n)
            add("breakdown", s, d, g, o, "share", share)
        for g, s, n in (
            b.group_by("group", "scenario", maintain_order=True).agg(pl.col("n").sum()).iter_rows()
        ):
            add("breakdown", s, d, g, ALL, "count", n)
    for gap in summary.missing_facts():
        cells = (gap["scenario"], "fact", gap["fact"], gap["condition"])
        add("missing_facts", *cells, "rows_unknown", gap["rows_unknown"])
    for par in summary.plan.missing_parameters():
        add("missing_parameters", par["scenario"], "parameter", par["parameter"], "", "no_value_on_date", 1)
    return pl.DataFrame(rows, schema=CSV_SCHEMA, orient="row")


def _env() -> Environment:
    env = Environment(loader=PackageLoader("migralex.lab", "templates"), autoescape=select_autoescape())
    env.filters["n"] = lambda v: f"{int(v):,}"
    env.filters["pct"] = lambda v: f"{float(v):.1%}"
    env.filters["signed"] = lambda v: f"{int(v):+,}"
    return env


def _banner(summary: Summary) -> str:
    if summary.is_synthetic:
        return BANNER_SYNTHETIC
    return BANNER_PARTLY if summary.n_synthetic else BANNER_USER


def _range(ranges: Ranges, key: tuple[str, str, str, str, str, str], pct: bool) -> str:
    lo_hi = ranges.get(key)
    if lo_hi is None or lo_hi[0] is None or lo_hi[1] is None:
        return ""
    lo, hi = lo_hi
    return f"{lo:.1%} to {hi:.1%}" if pct else f"{round(lo):,} to {round(hi):,}"


def render_html(
    summary: Summary, *, downloads: dict[str, str] | None = None, ranges: Ranges | None = None
) -> str:
    """The self-contained HTML report (inline SVG charts beside their tables, Vega-Lite specs; no CDN)."""
    r = ranges or {}
    meta = summary.meta()
    label = summary.synthetic_label()
    specs: dict[str, Any] = {"outcomes": charts.outcomes_spec(summary)}
    svgs = {"outcomes": charts.svg_outcomes(summary)}
    for s in summary.scenarios:
        specs[f"waterfall-{s}"] = charts.waterfall_spec(summary, s)
        svgs[f"waterfall-{s}"] = charts.svg_waterfall(summary, s)
    for ref in summary.scenarios[1:]:
        specs[f"gains-{ref}"] = charts.gains_spec(summary, ref)
        svgs[f"gains-{ref}"] = charts.svg_gains(summary, ref)
        for d in DIMENSIONS:
            svgs[f"gains-{ref}-{d}"] = charts.svg_gains_by(summary, ref, d)
    for d in DIMENSIONS:
        specs[f"by-{d}"] = charts.breakdown_spec(summary, d)
        svgs[f"by-{d}"] = charts.svg_breakdown(summary, d)
    reforms = summary.scenarios[1:]
    counts = [
        {**c, "range": _range(r, ("outcomes", c["scenario"], ALL, ALL, c["outcome"], "share"), True)}
        for c in summary.counts().to_dicts()
    ]
    gains = {}
    for ref in reforms:
        gl = summary.gains_losses(ref)
        gains[ref] = {
            c: {"n": gl[c], "range": _range(r, ("gains_losses", ref, ALL, ALL, c, "count"), False)}
            for c in (*TRANSITION_CLASSES, "net")
        }
    matrices = {ref: {d: _matrix_rows(summary, ref, d) for d in (None, *DIMENSIONS)} for ref in reforms}
    breakdowns = {d: _breakdown_rows(summary, d) for d in DIMENSIONS}
    return (
        _env()
        .get_template("report.html")
        .render(
            meta=meta,
            banner=_banner(summary),
            synthetic=summary.is_synthetic,
            label=label,
            program=summary.plan.program,
            counts=counts,
            outcomes=OUTCOMES,
            scenarios=summary.scenarios,
            gains=gains,
            classes=TRANSITION_CLASSES,
            definitions=TRANSITION_DEFINITIONS,
            gains_by={
                ref: {d: summary.gains_losses_by(ref, d).to_dicts() for d in DIMENSIONS} for ref in reforms
            },
            matrices=matrices,
            breakdowns=breakdowns,
            dim_labels=summary.dimension_labels(),
            waterfalls={s: summary.waterfall(s).to_dicts() for s in summary.scenarios},
            svgs=svgs,
            specs={k: json.dumps(v).replace("</", "<\\/") for k, v in specs.items()},
            downloads=downloads or {},
            dims=DIMENSIONS,
            has_ranges=bool(r),
        )
    )


def _matrix_rows(summary: Summary, reform: str, dim: str | None) -> list[dict[str, Any]]:
    """Per group and baseline outcome: a row of counts by reform outcome."""
    t = summary.transitions(reform, dim)
    out = []
    for g in dict.fromkeys(t["group"].to_list()):
        sub = t.filter(pl.col("group") == g)
        for a in dict.fromkeys(sub["baseline"].to_list()):
            cells = {b: n for _, x, b, n, _ in sub.iter_rows() if x == a}
            out.append({"group": g, "baseline": a, "cells": cells, "total": sum(cells.values())})
    return out


def _breakdown_rows(summary: Summary, dim: str) -> list[dict[str, Any]]:
    b = summary.breakdown(dim)
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for g, s, o, n, share in b.iter_rows():
        row = out.setdefault((g, s), {"group": g, "scenario": s, "n": 0, "cells": {}})
        row["n"] += n
        row["cells"][o] = {"n": n, "share": share}
    return list(out.values())


def write_outputs(summary: Summary, out: Path, *, ranges: Ranges | None = None) -> dict[str, Path]:
    """Write summary.csv, summary.json and report.html beside the row results.

    ``ranges`` defaults to a 95 % bootstrap of the aggregates (:func:`migralex.lab.uncertainty.bootstrap`).
    """
    out.mkdir(parents=True, exist_ok=True)
    r = bootstrap(summary) if ranges is None else ranges
    paths = {"summary": out / SUMMARY_CSV, "meta": out / SUMMARY_JSON, "report": out / REPORT_HTML}
    summary_table(summary, r).with_columns(pl.lit(summary.is_synthetic).alias("synthetic")).write_csv(
        paths["summary"]
    )
    meta = summary.meta()
    meta["counts"] = summary.counts().to_dicts()
    meta["gains_losses"] = {ref: summary.gains_losses(ref) for ref in summary.scenarios[1:]}
    meta["transition_definitions"] = TRANSITION_DEFINITIONS
    paths["meta"].write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    downloads = {p.name: p.name for p in out.iterdir() if p.suffix in (".parquet", ".csv", ".json")}
    downloads.update({SUMMARY_CSV: SUMMARY_CSV, SUMMARY_JSON: SUMMARY_JSON})
    paths["report"].write_text(render_html(summary, downloads=downloads, ranges=r), encoding="utf-8")
    return paths
