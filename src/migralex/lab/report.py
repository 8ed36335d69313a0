"""Outputs of a simulation: the CSV summary, the JSON provenance and the self-contained HTML report.

Every number the report shows is a row of ``summary.csv`` (table, scenario, dimension, group, outcome,
measure, value, low, high, synthetic); ``low``/``high`` are the 95 % bootstrap range where one is computed.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import polars as pl
from jinja2 import Environment, PackageLoader, select_autoescape

from migralex.i18n import LANGUAGES, N_, SOURCE_LANGUAGE, Language, Translator
from migralex.lab import charts
from migralex.lab.charts import words
from migralex.lab.results import (
    DIMENSIONS,
    NOT_KNOWN,
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
#: Catalogues the report's words are looked up in.
REPORT_DOMAINS = ("lab", "rules")

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
        for step in charts.impact_steps(summary, ref):  # the eligibility cascade: change and running total
            add("impact", ref, "step", step["label"], "", "change", step["delta"])
            add("impact", ref, "step", step["label"], "", "total", step["total"])
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


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _shown(value: Any) -> Any:
    """What a template prints: "not known" for a value nobody recorded (None, NaN), never "None"."""
    return NOT_KNOWN if _missing(value) else value


def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("migralex.lab", "templates"),
        autoescape=select_autoescape(),
        finalize=_shown,
    )
    env.filters["n"] = lambda v: NOT_KNOWN if _missing(v) else f"{int(v):,}"
    env.filters["pct"] = lambda v: NOT_KNOWN if _missing(v) else f"{float(v):.1%}"
    env.filters["signed"] = lambda v: NOT_KNOWN if _missing(v) else f"{int(v):+,}"
    env.filters["words"] = charts.words
    return env


def page_body_name(language: str) -> str:
    """The file holding the report's page body in ``language`` (the lab shows it inside the shell)."""
    return f"page-{language}.html"


def _banner(summary: Summary) -> str:
    if summary.is_synthetic:
        return BANNER_SYNTHETIC
    return BANNER_PARTLY if summary.n_synthetic else BANNER_USER


def _range(ranges: Ranges, key: tuple[str, str, str, str, str, str], pct: bool, t: Any = str) -> str:
    lo_hi = ranges.get(key)
    if lo_hi is None or _missing(lo_hi[0]) or _missing(lo_hi[1]):
        return ""
    lo, hi = lo_hi
    assert lo is not None and hi is not None  # noqa: S101 -- narrows a type for mypy
    shown = (
        {"lo": f"{lo:.1%}", "hi": f"{hi:.1%}"} if pct else {"lo": f"{round(lo):,}", "hi": f"{round(hi):,}"}
    )
    return str(t(N_("%(lo)s to %(hi)s", **shown)))


def _facts_of_run(meta: dict[str, Any], dims: dict[str, str], t: Any = str) -> list[tuple[str, str]]:
    """The summary list at the top of the report: (label, value in the language of ``t``), "not known" for
    what is missing."""
    pack = meta.get("rulepack") or {}
    rulepack = NOT_KNOWN
    if pack:
        ident, version = pack.get("id") or NOT_KNOWN, pack.get("version") or NOT_KNOWN
        rulepack = f"{ident} {version} ({(pack.get('hash') or NOT_KNOWN)[:12]})"
    reforms = "; ".join(f"{r['id']} ({words(r['status'])}): {r['title']}" for r in meta["reforms"])
    date_ = meta.get("date") or (
        t(N_("each row's %(column)s", column=meta["date_column"])) if meta.get("date_column") else NOT_KNOWN
    )
    names = {"read": "rows_read", "evaluated": "rows_evaluated", "rejected": "rows_rejected"}
    counts = {k: format(meta[m], ",") for k, m in {**names, "synthetic": "synthetic_rows"}.items()}
    rows = [
        ("Program", meta["program"]),
        ("Rule pack", rulepack),
        ("Decision date", date_),
        ("Population", f"{meta['population']} ({t(meta['synthetic_label'])})"),
        (
            "Rows",
            t(
                N_(
                    "%(read)s read, %(evaluated)s evaluated, %(rejected)s rejected, %(synthetic)s marked "
                    "synthetic by the population's own column",
                    **counts,
                )
            ),
        ),
        ("Reforms", reforms or t(N_("none"))),
        (
            "Engine",
            t(
                N_(
                    "%(engine)s, condition columns kept: %(columns)s",
                    engine=meta["engine"],
                    columns=meta["columns"],
                )
            ),
        ),
        ("Breakdowns", "; ".join(str(t(d)) for d in dims.values())),
    ]
    return [(label, t(NOT_KNOWN) if value == NOT_KNOWN else value) for label, value in rows]


def report_context(
    summary: Summary,
    *,
    downloads: dict[str, str] | None = None,
    ranges: Ranges | None = None,
    language: Language = SOURCE_LANGUAGE,
) -> dict[str, Any]:
    """Everything the report's templates show, with chart text in ``language``."""
    r = ranges or {}
    t = Translator(language, domains=REPORT_DOMAINS).gettext
    meta = summary.meta()
    specs: dict[str, Any] = {"outcomes": charts.outcomes_spec(summary, t)}
    svgs = {"outcomes": charts.svg_outcomes(summary, t)}
    for s in summary.scenarios:
        specs[f"waterfall-{s}"] = charts.waterfall_spec(summary, s, t)
        svgs[f"waterfall-{s}"] = charts.svg_waterfall(summary, s, t)
    reforms = summary.scenarios[1:]
    for ref in reforms:
        specs[f"impact-{ref}"] = charts.impact_spec(summary, ref, t)
        svgs[f"impact-{ref}"] = charts.svg_impact(summary, ref, t)
        specs[f"gains-{ref}"] = charts.gains_spec(summary, ref, t)
        svgs[f"gains-{ref}"] = charts.svg_gains(summary, ref, t)
        for d in DIMENSIONS:
            specs[f"gains-{ref}-{d}"] = charts.gains_by_spec(summary, ref, d, t)
            svgs[f"gains-{ref}-{d}"] = charts.svg_gains_by(summary, ref, d, t)
    for d in DIMENSIONS:
        specs[f"by-{d}"] = charts.breakdown_spec(summary, d, t)
        svgs[f"by-{d}"] = charts.svg_breakdown(summary, d, t)
    counts = [
        {**c, "range": _range(r, ("outcomes", c["scenario"], ALL, ALL, c["outcome"], "share"), True, t)}
        for c in summary.counts().to_dicts()
    ]
    gains = {}
    for ref in reforms:
        gl = summary.gains_losses(ref)
        gains[ref] = {
            c: {"n": gl[c], "range": _range(r, ("gains_losses", ref, ALL, ALL, c, "count"), False, t)}
            for c in (*TRANSITION_CLASSES, "net")
        }
    dim_labels = summary.dimension_labels()
    return {
        "_": t,
        "gettext": t,
        "language": language,
        "meta": meta,
        "facts_of_run": _facts_of_run(meta, dim_labels, t),
        "banner": _banner(summary),
        "synthetic": summary.is_synthetic,
        "label": summary.synthetic_label(),
        "program": summary.plan.program,
        "counts": counts,
        "outcomes": OUTCOMES,
        "scenarios": summary.scenarios,
        "gains": gains,
        "impacts": {ref: charts.impact_steps(summary, ref) for ref in reforms},
        "classes": TRANSITION_CLASSES,
        "definitions": TRANSITION_DEFINITIONS,
        "gains_by": {
            ref: {d: summary.gains_losses_by(ref, d).to_dicts() for d in DIMENSIONS} for ref in reforms
        },
        "matrices": {ref: {d: _matrix_rows(summary, ref, d) for d in (None, *DIMENSIONS)} for ref in reforms},
        "breakdowns": {d: _breakdown_rows(summary, d) for d in DIMENSIONS},
        "dim_labels": dim_labels,
        "waterfalls": {s: summary.waterfall(s, t).to_dicts() for s in summary.scenarios},
        "svgs": svgs,
        "specs": {k: json.dumps(v).replace("</", "<\\/") for k, v in specs.items()},
        "downloads": downloads or {},
        "dims": DIMENSIONS,
        "has_ranges": bool(r),
    }


def render_html(
    summary: Summary,
    *,
    downloads: dict[str, str] | None = None,
    ranges: Ranges | None = None,
    language: Language = SOURCE_LANGUAGE,
) -> str:
    """The self-contained HTML report (inline SVG charts beside their tables, Vega-Lite specs; no CDN)."""
    ctx = report_context(summary, downloads=downloads, ranges=ranges, language=language)
    return _env().get_template("report.html").render(ctx)


def render_page_body(ctx: dict[str, Any]) -> str:
    """The report's content alone, to be shown inside the shell's page (see :func:`report_context`)."""
    return _env().get_template("report_body.html").render(ctx)


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


def write_outputs(
    summary: Summary, out: Path, *, ranges: Ranges | None = None, pages: bool = False
) -> dict[str, Path]:
    """Write summary.csv, summary.json and report.html beside the row results.

    With ``pages`` also the report's page body in each language (``page-<lang>.html``, for the lab's pages).

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
    if pages:
        for language in LANGUAGES:
            ctx = report_context(summary, downloads=downloads, ranges=r, language=language)
            paths[f"page-{language}"] = out / page_body_name(language)
            paths[f"page-{language}"].write_text(render_page_body(ctx), encoding="utf-8")
    return paths
