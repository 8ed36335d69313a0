"""Charts of a simulation: Altair (Vega-Lite) specs, and static SVG fallbacks that need no JavaScript.

No Vega JavaScript ships with the installed packages and reports must work offline, so the HTML report
draws every chart as inline SVG beside a table of its numbers, and embeds the Vega-Lite spec as JSON (for
users who open the report where vega-embed is available, or who paste the spec into a Vega editor). No CDN
is referenced. Every chart carries the population's origin (synthetic or not) as a subtitle.

Text is drawn at :data:`FONT` px and a chart never shrinks below :data:`MIN_TEXT_PX` px text (its
``min-width``): on a narrow screen its column scrolls instead. Groups keep their natural order (age bands by
their lower bound); a group nobody recorded is "not known". Every visible word goes through ``t`` (gettext).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from math import ceil
from typing import Any

import altair as alt
import polars as pl

from migralex.lab.results import DIMENSIONS, NOT_KNOWN, OUTCOMES, TRANSITION_CLASSES, Summary

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
FONT = 14
#: The smallest text size a chart may be scaled down to.
MIN_TEXT_PX = 12
_FONT_STACK = "system-ui, sans-serif"
Gettext = Callable[[str], str]


def _same(message: str) -> str:
    return message


def _short(cid: str) -> str:
    return cid.rsplit(".", 1)[-1]


def _fit(text: str, chars: int) -> str:
    """``text`` cut to ``chars`` characters with an ellipsis (the full text stays in the bar's tooltip)."""
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def _title(summary: Summary, text: str, t: Gettext = _same) -> dict[str, Any]:
    return {"text": text, "subtitle": t(summary.synthetic_label())}


def _header(title: str, subtitle: str, width: int, height: int) -> list[str]:
    """The opening of a chart: scales with its column, but never below ``MIN_TEXT_PX`` text."""
    least = ceil(width * MIN_TEXT_PX / FONT)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" '
        f'style="width:100%;max-width:{width}px;min-width:{least}px;height:auto" '
        f'font-family="{_FONT_STACK}" font-size="{FONT}">'
        f"<title>{escape(title)} ({escape(subtitle)})</title>",
        f'<text x="0" y="17" font-size="{FONT + 2}" font-weight="bold">{escape(title)}</text>',
        f'<text x="0" y="37" font-size="{FONT}" fill="#594300">{escape(subtitle)}</text>',
    ]


def words(code: str | None) -> str:
    """A code as words (``not_in_force`` -> ``not in force``); nothing recorded -> "not known"."""
    return NOT_KNOWN if code is None else str(code).replace("_", " ")


def _readable(chart: Any) -> dict[str, Any]:
    """The spec of ``chart`` with text no smaller than :data:`MIN_TEXT_PX`."""
    spec: dict[str, Any] = (
        chart.configure_axis(labelFontSize=FONT, titleFontSize=FONT, labelLimit=260)
        .configure_legend(labelFontSize=FONT, titleFontSize=FONT, labelLimit=260)
        .configure_title(fontSize=FONT + 2, subtitleFontSize=FONT)
        .to_dict()
    )
    return spec


#: Where a cascade's bars start (after the step labels) and how wide the largest one is, in px.
CASCADE_LEFT, CASCADE_WIDTH = 240, 280
#: The kinds of bar a cascade draws, and their colours: a total, a step down, a step up.
CASCADE_COLOURS = {"total": "#1d70b8", "down": "#b03a2e", "up": "#3b7d4f"}
#: Steps of the eligibility cascade from the baseline to a reform (translated in lab.po).
IMPACT_START = "eligible under the baseline"
IMPACT_END = "eligible under the reform"
IMPACT_GAIN = {
    "ineligible": "gain: was ineligible",
    "unknown": "gain: was unknown",
    "not_in_force": "gain: was not in force",
}
IMPACT_LOSE = {
    "ineligible": "lose: now ineligible",
    "unknown": "lose: now unknown",
    "not_in_force": "lose: now not in force",
}


def impact_steps(summary: Summary, reform: str) -> list[dict[str, Any]]:
    """The eligibility cascade from the baseline to ``reform``: a real waterfall.

    It starts at the persons eligible under the baseline; each step adds those who become eligible from one
    other outcome, or removes those who stop being eligible to one; it ends at the persons eligible under
    the reform. Each step floats from the running total: ``start``/``end`` are the bar's ends, ``delta``
    the signed change, ``total`` the running total after the step. Steps of no persons are left out.
    """
    t = summary.transitions(reform)
    moved = {(a, b): int(n) for _, a, b, n, _ in t.iter_rows()}
    base = sum(n for (a, _), n in moved.items() if a == "eligible")
    steps: list[dict[str, Any]] = [
        {
            "step": "start",
            "label": IMPACT_START,
            "start": 0,
            "end": base,
            "delta": base,
            "total": base,
            "n": base,
            "kind": "total",
        }
    ]
    level = base
    changes = [(IMPACT_GAIN[o], moved.get((o, "eligible"), 0)) for o in OUTCOMES if o in IMPACT_GAIN]
    changes += [(IMPACT_LOSE[o], -moved.get(("eligible", o), 0)) for o in OUTCOMES if o in IMPACT_LOSE]
    for label, delta in changes:
        if not delta:
            continue
        low, high = sorted((level, level + delta))
        level += delta
        kind = "up" if delta > 0 else "down"
        steps.append(
            {
                "step": label,
                "label": label,
                "start": low,
                "end": high,
                "delta": delta,
                "total": level,
                "n": abs(delta),
                "kind": kind,
            }
        )
    steps.append(
        {
            "step": "end",
            "label": IMPACT_END,
            "start": 0,
            "end": level,
            "delta": level,
            "total": level,
            "n": level,
            "kind": "total",
        }
    )
    return steps


def _cascade(summary: Summary, scenario: str) -> list[dict[str, Any]]:
    """Steps of the exclusion cascade: everyone evaluated, each condition's exclusions, what remains."""
    wf = summary.waterfall(scenario)
    n = summary.n
    steps: list[dict[str, Any]] = [
        {
            "step": "population",
            "label": "everyone evaluated",
            "start": 0,
            "end": n,
            "n": n,
            "total": n,
            "kind": "total",
        }
    ]
    level = n
    for cid, label, first, _rem, _any, _unk in wf.iter_rows():
        steps.append(
            {
                "step": _short(cid),
                "label": label or _short(cid),
                "start": level - first,
                "end": level,
                "n": first,
                "total": level - first,
                "kind": "down",
            }
        )
        level -= first
    counts = {o: k for s, o, k, _ in summary.counts().iter_rows() if s == scenario}
    start = 0
    for o in ("eligible", "unknown", "not_in_force"):
        if counts.get(o):
            steps.append(
                {
                    "step": f"= {words(o)}",
                    "label": f"remaining: {words(o)}",
                    "start": start,
                    "end": start + counts[o],
                    "n": counts[o],
                    "total": level,
                    "kind": "total",
                }
            )
            start += counts[o]
    return steps


def _cascade_spec(summary: Summary, steps: list[dict[str, Any]], title: str, t: Gettext) -> dict[str, Any]:
    data = [{**st, "name": t(st["label"])} for st in steps]
    chart = (
        alt.Chart({"values": data})
        .mark_bar()
        .encode(
            y=alt.Y("name:N", sort=[d["name"] for d in data], title=None),
            x=alt.X("start:Q", title=t("persons")),
            x2="end:Q",
            color=alt.Color(
                "kind:N",
                legend=None,
                scale=alt.Scale(domain=list(CASCADE_COLOURS), range=list(CASCADE_COLOURS.values())),
            ),
            tooltip=["name:N", "n:Q", "total:Q"],
        )
        .properties(title={"text": title, "subtitle": t(summary.synthetic_label())}, width=460)
    )
    return _readable(chart)


# --- Vega-Lite specs ------------------------------------------------------------------------------------
def waterfall_spec(summary: Summary, scenario: str, t: Gettext = _same) -> dict[str, Any]:
    """Vega-Lite cascade: the population, each condition's exclusions as a falling step, what remains."""
    title = f"{t('Exclusion waterfall')} ({scenario})"
    return _cascade_spec(summary, _cascade(summary, scenario), title, t)


def impact_spec(summary: Summary, reform: str, t: Gettext = _same) -> dict[str, Any]:
    """Vega-Lite cascade of eligible persons from the baseline to ``reform`` (see :func:`impact_steps`)."""
    title = f"{t('Eligible persons, baseline to reform')}: {reform}"
    return _cascade_spec(summary, impact_steps(summary, reform), title, t)


def outcomes_spec(summary: Summary, t: Gettext = _same) -> dict[str, Any]:
    """Vega-Lite: outcome counts under each scenario, side by side."""
    data = [{**r, "outcome": t(words(r["outcome"]))} for r in summary.counts().to_dicts()]
    names = [t(words(o)) for o in OUTCOME_COLOURS]
    chart = (
        alt.Chart({"values": data})
        .mark_bar()
        .encode(
            x=alt.X("scenario:N", title=None, sort=summary.scenarios),
            xOffset=alt.XOffset("outcome:N", sort=names),
            y=alt.Y("n:Q", title=t("persons")),
            color=alt.Color(
                "outcome:N",
                title=t("outcome"),
                scale=alt.Scale(domain=names, range=list(OUTCOME_COLOURS.values())),
            ),
            tooltip=["scenario:N", "outcome:N", "n:Q", alt.Tooltip("share:Q", format=".1%")],
        )
        .properties(title=_title(summary, t("Outcomes: baseline vs reforms"), t), width=460)
    )
    return _readable(chart)


def gains_spec(summary: Summary, reform: str, t: Gettext = _same) -> dict[str, Any]:
    """Vega-Lite: rows per transition class (baseline -> reform)."""
    gl = summary.gains_losses(reform)
    names = [t(words(c)) for c in TRANSITION_CLASSES]
    data = [{"class": name, "n": gl[c]} for c, name in zip(TRANSITION_CLASSES, names, strict=True)]
    chart = (
        alt.Chart({"values": data})
        .mark_bar()
        .encode(
            y=alt.Y("class:N", sort=names, title=None),
            x=alt.X("n:Q", title=t("persons")),
            color=alt.Color(
                "class:N", legend=None, scale=alt.Scale(domain=names, range=list(CLASS_COLOURS.values()))
            ),
            tooltip=["class:N", "n:Q"],
        )
        .properties(title=_title(summary, f"{t('Who gains and who loses')}: {reform}", t), width=460)
    )
    return _readable(chart)


def gains_by_spec(summary: Summary, reform: str, dim: str, t: Gettext = _same) -> dict[str, Any]:
    """Vega-Lite diverging bars: per group, persons who gain (right) and who lose (left)."""
    g = summary.gains_losses_by(reform, dim)
    groups = [t(words(x)) for x in g[dim].to_list()]
    data = []
    for name, gain, lose in zip(groups, g["gain"], g["lose"], strict=True):
        data.append({"group": name, "class": t("gain"), "n": int(gain)})
        data.append({"group": name, "class": t("lose"), "n": -int(lose)})
    chart = (
        alt.Chart({"values": data})
        .mark_bar()
        .encode(
            y=alt.Y("group:N", sort=groups, title=t(words(dim))),
            x=alt.X("n:Q", title=t("persons (losses to the left, gains to the right)")),
            color=alt.Color(
                "class:N",
                title=None,
                scale=alt.Scale(
                    domain=[t("gain"), t("lose")], range=[CLASS_COLOURS["gain"], CLASS_COLOURS["lose"]]
                ),
            ),
            tooltip=["group:N", "class:N", "n:Q"],
        )
        .properties(
            title=_title(summary, f"{t('Gains and losses by')} {t(words(dim))}: {reform}", t), width=460
        )
    )
    return _readable(chart)


def breakdown_spec(summary: Summary, dim: str, t: Gettext = _same) -> dict[str, Any]:
    """Vega-Lite: share eligible by a dimension under each scenario (groups in natural order)."""
    b = summary.breakdown(dim)
    order = [t(words(x)) for x in dict.fromkeys(b["group"].to_list())]
    data = [
        {**r, "group": t(words(r["group"]))} for r in b.filter(pl.col("outcome") == "eligible").to_dicts()
    ]
    chart = (
        alt.Chart({"values": data})
        .mark_bar()
        .encode(
            y=alt.Y("group:N", sort=order, title=summary.dimension_labels()[dim]),
            yOffset=alt.YOffset("scenario:N", sort=summary.scenarios),
            x=alt.X("share:Q", axis=alt.Axis(format="%"), title=t("share eligible")),
            color=alt.Color("scenario:N", sort=summary.scenarios, title=t("scenario")),
            tooltip=["group:N", "scenario:N", "n:Q", alt.Tooltip("share:Q", format=".1%")],
        )
        .properties(title=_title(summary, f"{t('Share eligible by')} {t(words(dim))}", t), width=460)
    )
    return _readable(chart)


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
    category_colours: list[str] | None = None,
) -> str:
    """A static horizontal grouped bar chart: ``values[i][j]`` is category i, series j.

    ``colours`` colour each series; ``category_colours`` (one series) colour each category instead.
    """
    bar_h, gap, left, width = 22, 12, 220, 300
    n_series = max(len(series), 1)
    group_h = bar_h * n_series + gap
    legend_h = 26 if len(series) > 1 else 0
    top_y = 52 + legend_h
    height = top_y + group_h * len(categories) + 8
    top = max((abs(v) for row in values for v in row), default=0) or 1
    legend_w = [max(120, 16 + 9 * len(s[:40])) for s in series]
    total_w = max(left + width + 90, sum(legend_w) + 20 * len(series))
    fill = colours or [PALETTE[j % len(PALETTE)] for j in range(n_series)]
    out = _header(title, subtitle, total_w, height)

    def colour(i: int, j: int) -> str:
        return category_colours[i] if category_colours else fill[j]

    x = 0
    for j, s in enumerate(series if len(series) > 1 else []):
        out.append(f'<rect x="{x}" y="{48}" width="12" height="12" fill="{fill[j]}"/>')
        out.append(f'<text x="{x + 16}" y="{59}">{escape(s[:40])}</text>')
        x += legend_w[j] + 20
    y = top_y
    for i, cat in enumerate(categories):
        out.append(
            f'<text x="{left - 8}" y="{y + group_h / 2}" text-anchor="end">{escape(_fit(cat, 26))}</text>'
        )
        for j, v in enumerate(values[i]):
            w = width * abs(v) / top
            label = f"{v:.1%}" if percent else f"{v:,.0f}"
            yy = y + j * bar_h
            out.append(
                f'<rect x="{left}" y="{yy}" width="{w:.1f}" height="{bar_h - 3}" fill="{colour(i, j)}">'
                f"<title>{escape(cat)} / {escape(series[j])}: {label}</title></rect>"
            )
            out.append(f'<text class="v" x="{left + w + 5:.1f}" y="{yy + bar_h - 6}">{label}</text>')
        y += group_h
    out.append("</svg>")
    return "".join(out)


def svg_cascade(title: str, subtitle: str, steps: list[dict[str, Any]], t: Gettext = _same) -> str:
    """A waterfall: each bar floats from the running total (``start`` to ``end``), joined by a dashed line.

    Totals are blue, steps down red and signed "−", steps up green and signed "+".
    """
    bar_h, left, width = 28, CASCADE_LEFT, CASCADE_WIDTH
    top = max((st["end"] for st in steps), default=0) or 1
    height = 52 + bar_h * len(steps) + 8
    out = _header(title, subtitle, left + width + 90, height)
    y = 52
    previous: float | None = None
    for st in steps:
        x0 = left + width * st["start"] / top
        w = max(width * (st["end"] - st["start"]) / top, 1.0)
        name = escape(_fit(t(str(st["label"])), 28))
        out.append(f'<text x="{left - 8}" y="{y + bar_h - 10}" text-anchor="end">{name}</text>')
        out.append(
            f'<rect x="{x0:.1f}" y="{y}" width="{w:.1f}" height="{bar_h - 6}" '
            f'fill="{CASCADE_COLOURS[st["kind"]]}">'
            f"<title>{escape(t(str(st['label'])))}: {st['n']:,}</title></rect>"
        )
        if previous is not None and st["kind"] != "total":  # joins this step to the running total before it
            xp = left + width * previous / top
            out.append(
                f'<line x1="{xp:.1f}" y1="{y - 6}" x2="{xp:.1f}" y2="{y}" '
                'stroke="#0b0c0c" stroke-dasharray="2,2"/>'
            )
        sign = {"down": "−", "up": "+"}.get(st["kind"], "") if st["n"] else ""
        out.append(f'<text class="v" x="{x0 + w + 5:.1f}" y="{y + bar_h - 10}">{sign}{st["n"]:,}</text>')
        previous = st["total"]
        y += bar_h
    out.append("</svg>")
    return "".join(out)


def svg_waterfall(summary: Summary, scenario: str, t: Gettext = _same) -> str:
    """A cascade: the population, each condition removing the rows it excludes first, then what remains."""
    title = f"{t('Exclusion waterfall')} ({scenario})"
    return svg_cascade(title, t(summary.synthetic_label()), _cascade(summary, scenario), t)


def svg_impact(summary: Summary, reform: str, t: Gettext = _same) -> str:
    """A cascade of eligible persons from the baseline to ``reform`` (see :func:`impact_steps`)."""
    title = f"{t('Eligible persons, baseline to reform')}: {reform}"
    return svg_cascade(title, t(summary.synthetic_label()), impact_steps(summary, reform), t)


def svg_outcomes(summary: Summary, t: Gettext = _same) -> str:
    """Static grouped bars: each outcome under each scenario."""
    c = summary.counts()
    got = {(s, o): float(n) for s, o, n, _ in c.iter_rows()}
    vals = [[got.get((s, o), 0.0) for s in summary.scenarios] for o in OUTCOMES]
    return svg_bars(
        t("Outcomes: baseline vs reforms"),
        [t(words(o)) for o in OUTCOMES],
        summary.scenarios,
        vals,
        subtitle=t(summary.synthetic_label()),
    )


def svg_gains(summary: Summary, reform: str, t: Gettext = _same) -> str:
    """Static bars: rows per transition class (gain, lose, ...), baseline -> reform, each in its colour."""
    gl = summary.gains_losses(reform)
    return svg_bars(
        f"{t('Who gains and who loses')}: {reform}",
        [t(words(c)) for c in TRANSITION_CLASSES],
        [t("persons")],
        [[float(gl[c])] for c in TRANSITION_CLASSES],
        subtitle=t(summary.synthetic_label()),
        category_colours=[CLASS_COLOURS[c] for c in TRANSITION_CLASSES],
    )


def svg_gains_by(summary: Summary, reform: str, dim: str, t: Gettext = _same) -> str:
    """Diverging bars per group of a dimension: persons who lose to the left, who gain to the right."""
    g = summary.gains_losses_by(reform, dim)
    groups = [t(words(x)) for x in g[dim].to_list()]
    gains = [int(x) for x in g["gain"]]
    loses = [int(x) for x in g["lose"]]
    bar_h, left, half = 26, 190, 150
    top = max([*gains, *loses, 1])
    height = 52 + 26 + bar_h * len(groups) + 8
    width = left + 2 * half + 80
    title = f"{t('Gains and losses by')} {t(words(dim))}: {reform}"
    out = _header(title, t(summary.synthetic_label()), width, height)
    centre = left + half
    out.append(f'<rect x="0" y="48" width="12" height="12" fill="{CLASS_COLOURS["lose"]}"/>')
    out.append(f'<text x="16" y="59">{escape(t("lose"))} ←</text>')
    out.append(f'<rect x="150" y="48" width="12" height="12" fill="{CLASS_COLOURS["gain"]}"/>')
    out.append(f'<text x="166" y="59">→ {escape(t("gain"))}</text>')
    y = 78
    out.append(f'<line x1="{centre}" y1="{y - 4}" x2="{centre}" y2="{height - 4}" stroke="#0b0c0c"/>')
    for name, gain, lose in zip(groups, gains, loses, strict=True):
        wl, wg = half * lose / top, half * gain / top
        out.append(
            f'<text x="{left - 60}" y="{y + bar_h - 9}" text-anchor="end">{escape(_fit(name, 16))}</text>'
        )
        out.append(
            f'<rect x="{centre - wl:.1f}" y="{y}" width="{wl:.1f}" height="{bar_h - 6}" '
            f'fill="{CLASS_COLOURS["lose"]}">'
            f"<title>{escape(name)} / {escape(t('lose'))}: {lose:,}</title></rect>"
        )
        out.append(
            f'<rect x="{centre}" y="{y}" width="{wg:.1f}" height="{bar_h - 6}" '
            f'fill="{CLASS_COLOURS["gain"]}">'
            f"<title>{escape(name)} / {escape(t('gain'))}: {gain:,}</title></rect>"
        )
        out.append(
            f'<text class="v" x="{centre - wl - 5:.1f}" y="{y + bar_h - 9}" text-anchor="end">'
            f"{'−' if lose else ''}{lose:,}</text>"
        )
        out.append(
            f'<text class="v" x="{centre + wg + 5:.1f}" y="{y + bar_h - 9}">'
            f"{'+' if gain else ''}{gain:,}</text>"
        )
        y += bar_h
    out.append("</svg>")
    return "".join(out)


def svg_breakdown(summary: Summary, dim: str, t: Gettext = _same) -> str:
    """Static grouped bars: share eligible by a dimension under each scenario (natural group order)."""
    b = summary.breakdown(dim)
    groups = list(dict.fromkeys(b["group"].to_list()))
    elig = {(g, s): sh for g, s, o, _, sh in b.iter_rows() if o == "eligible"}
    vals = [[float(elig.get((g, s), 0.0)) for s in summary.scenarios] for g in groups]
    return svg_bars(
        f"{t('Share eligible by')} {t(words(dim))}",
        [t(words(g)) for g in groups],
        summary.scenarios,
        vals,
        subtitle=t(summary.synthetic_label()),
        percent=True,
    )


__all__ = ["DIMENSIONS"]
