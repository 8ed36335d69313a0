"""Charts of a simulation: Altair (Vega-Lite) specs, and static SVG fallbacks that need no JavaScript.

No Vega JavaScript ships with the installed packages and reports must work offline, so the HTML report
draws every chart as inline SVG and embeds the Vega-Lite spec beside it as JSON (for users who open the
report where vega-embed is available, or who paste the spec into a Vega editor). No CDN is referenced.
"""

from __future__ import annotations

from html import escape
from typing import Any

import altair as alt
import polars as pl

from migralex.lab.results import OUTCOMES, Summary

PALETTE = ("#1b6ca8", "#e07b39", "#3b9c5a", "#a23b72", "#6c757d", "#c9a227")
OUTCOME_COLOURS = {
    "eligible": "#3b9c5a",
    "ineligible": "#c0392b",
    "unknown": "#9aa0a6",
    "not_in_force": "#6c757d",
}


def _short(cid: str) -> str:
    return cid.rsplit(".", 1)[-1]


def waterfall_spec(summary: Summary, scenario: str) -> dict[str, Any]:
    """Vega-Lite: rows excluded first by each condition, and rows remaining, in the program's order."""
    wf = summary.waterfall(scenario).with_columns(
        pl.col("condition").map_elements(_short, pl.String).alias("step")
    )
    data = wf.select("step", "label", "excluded_first", "remaining", "excluded_any").to_dicts()
    order = [d["step"] for d in data]
    base = alt.Chart({"values": data}).encode(y=alt.Y("step:N", sort=order, title=None))
    bars = base.mark_bar(color="#c0392b").encode(
        x=alt.X("excluded_first:Q", title="excluded first at this step"),
        tooltip=["label:N", "excluded_first:Q", "excluded_any:Q", "remaining:Q"],
    )
    chart = bars.properties(title=f"Exclusion waterfall ({scenario})", width=420)
    return dict(chart.to_dict())


def outcomes_spec(summary: Summary) -> dict[str, Any]:
    """Vega-Lite: eligible / ineligible / unknown counts under each scenario, side by side."""
    data = summary.counts().to_dicts()
    chart = (
        alt.Chart({"values": data})
        .mark_bar()
        .encode(
            x=alt.X("scenario:N", title=None, sort=summary.scenarios),
            xOffset=alt.XOffset("outcome:N"),
            y=alt.Y("n:Q", title="persons"),
            color=alt.Color(
                "outcome:N",
                scale=alt.Scale(domain=list(OUTCOME_COLOURS), range=list(OUTCOME_COLOURS.values())),
            ),
            tooltip=["scenario:N", "outcome:N", "n:Q", alt.Tooltip("share:Q", format=".1%")],
        )
        .properties(title="Outcomes: baseline vs reforms", width=420)
    )
    return dict(chart.to_dict())


def breakdown_spec(summary: Summary, dim: str) -> dict[str, Any]:
    """Vega-Lite: share eligible by a dimension under each scenario."""
    data = summary.breakdown(dim).filter(pl.col("outcome") == "eligible").to_dicts()
    chart = (
        alt.Chart({"values": data})
        .mark_bar()
        .encode(
            y=alt.Y("group:N", title=dim.replace("_", " ")),
            yOffset=alt.YOffset("scenario:N"),
            x=alt.X("share:Q", axis=alt.Axis(format="%"), title="share eligible"),
            color=alt.Color("scenario:N"),
            tooltip=["group:N", "scenario:N", "n:Q", alt.Tooltip("share:Q", format=".1%")],
        )
        .properties(title=f"Share eligible by {dim.replace('_', ' ')}", width=420)
    )
    return dict(chart.to_dict())


def svg_bars(
    title: str, categories: list[str], series: list[str], values: list[list[float]], *, percent: bool = False
) -> str:
    """A static horizontal grouped bar chart: ``values[i][j]`` is category i, series j."""
    bar_h, gap, left, width = 14, 10, 190, 360
    n_series = max(len(series), 1)
    group_h = bar_h * n_series + gap
    legend_h = 18 if len(series) > 1 else 0
    height = 34 + legend_h + group_h * len(categories)
    top = max((v for row in values for v in row), default=0) or 1
    total_w = max(left + width + 90, left + 200 * len(series))
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{total_w}" '
        f'height="{height}" '
        f'font-family="sans-serif" font-size="11"><title>{escape(title)}</title>',
        f'<text x="0" y="14" font-size="13" font-weight="bold">{escape(title)}</text>',
    ]
    for j, s in enumerate(series if len(series) > 1 else []):
        x = left + j * 200
        out.append(f'<rect x="{x}" y="22" width="10" height="10" fill="{PALETTE[j % len(PALETTE)]}"/>')
        out.append(f'<text x="{x + 14}" y="31">{escape(s[:30])}</text>')
    y = 30 + legend_h
    for i, cat in enumerate(categories):
        out.append(f'<text x="{left - 6}" y="{y + group_h / 2}" text-anchor="end">{escape(cat[:32])}</text>')
        for j, v in enumerate(values[i]):
            w = width * v / top
            label = f"{v:.1%}" if percent else f"{v:,.0f}"
            yy = y + j * bar_h
            out.append(
                f'<rect x="{left}" y="{yy}" width="{w:.1f}" height="{bar_h - 2}" '
                f'fill="{PALETTE[j % len(PALETTE)]}"><title>{escape(cat)} / {escape(series[j])}: {label}'
                "</title></rect>"
            )
            out.append(f'<text x="{left + w + 4:.1f}" y="{yy + bar_h - 4}">{label}</text>')
        y += group_h
    out.append("</svg>")
    return "".join(out)


def svg_waterfall(summary: Summary, scenario: str) -> str:
    """Static waterfall: excluded first by each condition."""
    wf = summary.waterfall(scenario)
    return svg_bars(
        f"Exclusion waterfall ({scenario}): excluded first at each step",
        [_short(c) for c in wf["condition"].to_list()],
        ["excluded first"],
        [[float(v)] for v in wf["excluded_first"].to_list()],
    )


def svg_outcomes(summary: Summary) -> str:
    """Static grouped bars: each outcome under each scenario."""
    c = summary.counts()
    vals = [
        [
            float(c.filter((pl.col("scenario") == s) & (pl.col("outcome") == o))["n"][0])
            for s in summary.scenarios
        ]
        for o in OUTCOMES
    ]
    return svg_bars("Outcomes: baseline vs reforms", list(OUTCOMES), summary.scenarios, vals)


def svg_breakdown(summary: Summary, dim: str) -> str:
    """Static grouped bars: share eligible by a dimension under each scenario."""
    b = summary.breakdown(dim)
    groups = sorted(b["group"].unique().to_list())
    elig = {(g, s): sh for g, s, o, _, sh in b.iter_rows() if o == "eligible"}
    vals = [[float(elig.get((g, s), 0.0)) for s in summary.scenarios] for g in groups]
    return svg_bars(
        f"Share eligible by {dim.replace('_', ' ')}", groups, summary.scenarios, vals, percent=True
    )
