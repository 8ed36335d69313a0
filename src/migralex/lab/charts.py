"""Charts of a simulation: Altair (Vega-Lite) specs, and static SVG fallbacks that need no JavaScript.

No Vega JavaScript ships with the installed packages and reports must work offline, so the HTML report
draws every chart as inline SVG (text at 12-14 px) beside a table of its numbers, and embeds the Vega-Lite
spec as JSON (for users who open the report where vega-embed is available, or who paste the spec into a Vega
editor). No CDN is referenced. Every chart carries the population's origin (synthetic or not) as a subtitle.
"""

from __future__ import annotations

from html import escape
from typing import Any

import altair as alt
import polars as pl

from migralex.lab.results import DIMENSIONS, OUTCOMES, TRANSITION_CLASSES, Summary

PALETTE = ("#1b6ca8", "#e07b39", "#3b9c5a", "#a23b72", "#6c757d", "#c9a227")
OUTCOME_COLOURS = {
    "eligible": "#3b7d4f",
    "ineligible": "#b03a2e",
    "unknown": "#80868b",
    "not_in_force": "#c9a227",
}
CLASS_COLOURS = {
    "gain": "#3b7d4f",
    "lose": "#b03a2e",
    "become_unknown": "#80868b",
    "become_known": "#1b6ca8",
    "other_change": "#a23b72",
    "unchanged": "#c8ccd0",
}
FONT = 13
_FONT_STACK = "system-ui, sans-serif"


def _short(cid: str) -> str:
    return cid.rsplit(".", 1)[-1]


def _title(summary: Summary, text: str) -> dict[str, Any]:
    return {"text": text, "subtitle": summary.synthetic_label()}


def _header(title: str, subtitle: str, width: int, height: int) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" style="max-width:100%;height:auto" '
        f'font-family="{_FONT_STACK}" font-size="{FONT}">'
        f"<title>{escape(title)} ({escape(subtitle)})</title>",
        f'<text x="0" y="16" font-size="15" font-weight="bold">{escape(title)}</text>',
        f'<text x="0" y="34" font-size="{FONT}" fill="#7a5c00">{escape(subtitle)}</text>',
    ]


# --- Vega-Lite specs ------------------------------------------------------------------------------------
def waterfall_spec(summary: Summary, scenario: str) -> dict[str, Any]:
    """Vega-Lite cascade: the population, each condition's exclusions as a falling step, what remains."""
    data = _cascade(summary, scenario)
    order = [d["step"] for d in data]
    chart = (
        alt.Chart({"values": data})
        .mark_bar()
        .encode(
            y=alt.Y("step:N", sort=order, title=None),
            x=alt.X("start:Q", title="persons"),
            x2="end:Q",
            color=alt.Color(
                "kind:N",
                scale=alt.Scale(
                    domain=["population", "excluded", "remaining"], range=["#1b6ca8", "#b03a2e", "#3b7d4f"]
                ),
            ),
            tooltip=["step:N", "label:N", "n:Q"],
        )
        .properties(title=_title(summary, f"Exclusion waterfall ({scenario})"), width=460)
    )
    return dict(chart.to_dict())


def outcomes_spec(summary: Summary) -> dict[str, Any]:
    """Vega-Lite: outcome counts under each scenario, side by side."""
    data = summary.counts().to_dicts()
    chart = (
        alt.Chart({"values": data})
        .mark_bar()
        .encode(
            x=alt.X("scenario:N", title=None, sort=summary.scenarios),
            xOffset=alt.XOffset("outcome:N", sort=list(OUTCOMES)),
            y=alt.Y("n:Q", title="persons"),
            color=alt.Color(
                "outcome:N",
                scale=alt.Scale(domain=list(OUTCOME_COLOURS), range=list(OUTCOME_COLOURS.values())),
            ),
            tooltip=["scenario:N", "outcome:N", "n:Q", alt.Tooltip("share:Q", format=".1%")],
        )
        .properties(title=_title(summary, "Outcomes: baseline vs reforms"), width=460)
    )
    return dict(chart.to_dict())


def gains_spec(summary: Summary, reform: str) -> dict[str, Any]:
    """Vega-Lite: rows per transition class (baseline -> reform)."""
    gl = summary.gains_losses(reform)
    data = [{"class": c, "n": gl[c]} for c in TRANSITION_CLASSES]
    chart = (
        alt.Chart({"values": data})
        .mark_bar()
        .encode(
            y=alt.Y("class:N", sort=list(TRANSITION_CLASSES), title=None),
            x=alt.X("n:Q", title="persons"),
            color=alt.Color(
                "class:N", scale=alt.Scale(domain=list(CLASS_COLOURS), range=list(CLASS_COLOURS.values()))
            ),
            tooltip=["class:N", "n:Q"],
        )
        .properties(title=_title(summary, f"Who gains and who loses: {reform}"), width=460)
    )
    return dict(chart.to_dict())


def breakdown_spec(summary: Summary, dim: str) -> dict[str, Any]:
    """Vega-Lite: share eligible by a dimension under each scenario (groups in natural order)."""
    b = summary.breakdown(dim)
    order = list(dict.fromkeys(b["group"].to_list()))
    data = b.filter(pl.col("outcome") == "eligible").to_dicts()
    chart = (
        alt.Chart({"values": data})
        .mark_bar()
        .encode(
            y=alt.Y("group:N", sort=order, title=summary.dimension_labels()[dim]),
            yOffset=alt.YOffset("scenario:N"),
            x=alt.X("share:Q", axis=alt.Axis(format="%"), title="share eligible"),
            color=alt.Color("scenario:N"),
            tooltip=["group:N", "scenario:N", "n:Q", alt.Tooltip("share:Q", format=".1%")],
        )
        .properties(title=_title(summary, f"Share eligible by {dim.replace('_', ' ')}"), width=460)
    )
    return dict(chart.to_dict())


# --- static SVG -----------------------------------------------------------------------------------------
def svg_bars(
    title: str,
    categories: list[str],
    series: list[str],
    values: list[list[float]],
    *,
    subtitle: str = "",
    percent: bool = False,
    colours: list[str] | None = None,
) -> str:
    """A static horizontal grouped bar chart: ``values[i][j]`` is category i, series j."""
    bar_h, gap, left, width = 20, 12, 210, 380
    n_series = max(len(series), 1)
    group_h = bar_h * n_series + gap
    legend_h = 24 if len(series) > 1 else 0
    top_y = 48 + legend_h
    height = top_y + group_h * len(categories) + 8
    top = max((abs(v) for row in values for v in row), default=0) or 1
    legend_w = [max(120, 16 + 8 * len(s[:40])) for s in series]
    total_w = max(left + width + 110, sum(legend_w) + 20 * len(series))
    fill = colours or [PALETTE[j % len(PALETTE)] for j in range(n_series)]
    out = _header(title, subtitle, total_w, height)
    x = 0
    for j, s in enumerate(series if len(series) > 1 else []):
        out.append(f'<rect x="{x}" y="{44}" width="12" height="12" fill="{fill[j]}"/>')
        out.append(f'<text x="{x + 16}" y="{55}">{escape(s[:40])}</text>')
        x += legend_w[j] + 20
    y = top_y
    for i, cat in enumerate(categories):
        out.append(f'<text x="{left - 8}" y="{y + group_h / 2}" text-anchor="end">{escape(cat[:30])}</text>')
        for j, v in enumerate(values[i]):
            w = width * abs(v) / top
            label = f"{v:.1%}" if percent else f"{v:,.0f}"
            yy = y + j * bar_h
            out.append(
                f'<rect x="{left}" y="{yy}" width="{w:.1f}" height="{bar_h - 3}" fill="{fill[j]}">'
                f"<title>{escape(cat)} / {escape(series[j])}: {label}</title></rect>"
            )
            out.append(f'<text class="v" x="{left + w + 5:.1f}" y="{yy + bar_h - 6}">{label}</text>')
        y += group_h
    out.append("</svg>")
    return "".join(out)


def _cascade(summary: Summary, scenario: str) -> list[dict[str, Any]]:
    """Steps of a cascade: start and end of each bar (population, exclusions, outcomes that remain)."""
    wf = summary.waterfall(scenario)
    n = summary.n
    steps: list[dict[str, Any]] = [
        {
            "step": "population",
            "label": "everyone evaluated",
            "start": 0,
            "end": n,
            "n": n,
            "kind": "population",
        }
    ]
    level = n
    for cid, label, first, _rem, _any, _unk in wf.iter_rows():
        steps.append(
            {
                "step": _short(cid),
                "label": label,
                "start": level - first,
                "end": level,
                "n": first,
                "kind": "excluded",
            }
        )
        level -= first
    counts = {o: k for s, o, k, _ in summary.counts().iter_rows() if s == scenario}
    start = 0
    for o in ("eligible", "unknown", "not_in_force"):
        if counts.get(o):
            steps.append(
                {
                    "step": f"= {o.replace('_', ' ')}",
                    "label": f"remaining: {o}",
                    "start": start,
                    "end": start + counts[o],
                    "n": counts[o],
                    "kind": "remaining",
                }
            )
            start += counts[o]
    return steps


def svg_waterfall(summary: Summary, scenario: str) -> str:
    """A cascade: the population, each condition removing the rows it excludes first, then what remains."""
    steps = _cascade(summary, scenario)
    bar_h, left, width = 24, 210, 380
    top = max(summary.n, 1)
    height = 48 + bar_h * len(steps) + 8
    out = _header(f"Exclusion waterfall ({scenario})", summary.synthetic_label(), left + width + 120, height)
    colour = {"population": "#1b6ca8", "excluded": "#b03a2e", "remaining": "#3b7d4f"}
    y = 48
    prev_end = None
    for st in steps:
        x0 = left + width * st["start"] / top
        w = max(width * (st["end"] - st["start"]) / top, 1.0)
        name = escape(str(st["step"])[:30])
        out.append(f'<text x="{left - 8}" y="{y + bar_h - 8}" text-anchor="end">{name}</text>')
        out.append(
            f'<rect x="{x0:.1f}" y="{y}" width="{w:.1f}" height="{bar_h - 4}" fill="{colour[st["kind"]]}">'
            f"<title>{escape(st['label'])}: {st['n']:,}</title></rect>"
        )
        if prev_end is not None and st["kind"] == "excluded":
            xe = left + width * st["end"] / top
            out.append(
                f'<line x1="{xe:.1f}" y1="{y - 4}" x2="{xe:.1f}" y2="{y}" '
                'stroke="#444" stroke-dasharray="2,2"/>'
            )
        sign = "−" if st["kind"] == "excluded" and st["n"] else ""
        out.append(f'<text class="v" x="{x0 + w + 5:.1f}" y="{y + bar_h - 8}">{sign}{st["n"]:,}</text>')
        prev_end = st["end"]
        y += bar_h
    out.append("</svg>")
    return "".join(out)


def svg_outcomes(summary: Summary) -> str:
    """Static grouped bars: each outcome under each scenario."""
    c = summary.counts()
    got = {(s, o): float(n) for s, o, n, _ in c.iter_rows()}
    vals = [[got.get((s, o), 0.0) for s in summary.scenarios] for o in OUTCOMES]
    return svg_bars(
        "Outcomes: baseline vs reforms",
        [o.replace("_", " ") for o in OUTCOMES],
        summary.scenarios,
        vals,
        subtitle=summary.synthetic_label(),
    )


def svg_gains(summary: Summary, reform: str) -> str:
    """Static bars: rows in each transition class (gain, lose, ...), baseline -> reform."""
    gl = summary.gains_losses(reform)
    return svg_bars(
        f"Who gains and who loses: {reform}",
        [c.replace("_", " ") for c in TRANSITION_CLASSES],
        ["persons"],
        [[float(gl[c])] for c in TRANSITION_CLASSES],
        subtitle=summary.synthetic_label(),
        colours=[PALETTE[0]],
    )


def svg_gains_by(summary: Summary, reform: str, dim: str) -> str:
    """Static grouped bars: gains and losses per group of a dimension."""
    g = summary.gains_losses_by(reform, dim)
    return svg_bars(
        f"Gains and losses by {dim.replace('_', ' ')}: {reform}",
        g[dim].to_list(),
        ["gain", "lose"],
        [[float(a), float(b)] for a, b in zip(g["gain"], g["lose"], strict=True)],
        subtitle=summary.synthetic_label(),
        colours=[CLASS_COLOURS["gain"], CLASS_COLOURS["lose"]],
    )


def svg_breakdown(summary: Summary, dim: str) -> str:
    """Static grouped bars: share eligible by a dimension under each scenario (natural group order)."""
    b = summary.breakdown(dim)
    groups = list(dict.fromkeys(b["group"].to_list()))
    elig = {(g, s): sh for g, s, o, _, sh in b.iter_rows() if o == "eligible"}
    vals = [[float(elig.get((g, s), 0.0)) for s in summary.scenarios] for g in groups]
    return svg_bars(
        f"Share eligible by {dim.replace('_', ' ')}",
        groups,
        summary.scenarios,
        vals,
        subtitle=summary.synthetic_label(),
        percent=True,
    )


__all__ = ["DIMENSIONS"]
