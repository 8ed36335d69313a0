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


def _lines(text: str, chars: int) -> list[str]:
    """``text`` wrapped at word boundaries into lines of at most about ``chars`` characters."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _header(title: str, subtitle: str, width: int, body: int) -> tuple[list[str], int]:
    """The opening of a chart ``width`` px wide whose bars take ``body`` px below the (wrapped) title.

    The chart scales with its column but never below ``MIN_TEXT_PX`` text (its ``min-width``; the column
    scrolls instead). Returns the parts and the y where the bars start.
    """
    per_line = int(width / (0.58 * (FONT + 2)))
    heading = _lines(title, per_line)
    sub = _lines(subtitle, int(width / (0.56 * FONT)))
    y = 0
    texts = []
    for line in heading:
        y += FONT + 6
        texts.append(f'<text x="0" y="{y}" font-size="{FONT + 2}" font-weight="bold">{escape(line)}</text>')
    for line in sub:
        y += FONT + 4
        texts.append(f'<text x="0" y="{y}" font-size="{FONT}" fill="#594300">{escape(line)}</text>')
    top = y + 12
    height = top + body
    least = ceil(width * MIN_TEXT_PX / FONT)
    opening = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" '
        f'style="width:100%;max-width:{width}px;min-width:{least}px;height:auto" '
        f'font-family="{_FONT_STACK}" font-size="{FONT}">'
        f"<title>{escape(title)} ({escape(subtitle)})</title>"
    )
    return [opening, *texts], top


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


#: Width of every static chart, in px: narrow enough for a phone's column at 12 px text or more.
CHART_WIDTH = 360
#: Longest bar of a bar chart (the rest of the width holds its value).
CHART_BARS = 280
#: Where a cascade's bars start and how wide the largest one is, in px (step names stand above the bars).
CASCADE_LEFT, CASCADE_WIDTH = 0, 280
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


def _cascade(summary: Summary, scenario: str, t: Gettext = _same) -> list[dict[str, Any]]:
    """Steps of the exclusion cascade: everyone evaluated, each condition's exclusions, what remains.

    A condition's step carries its ``name`` already in the language of ``t`` (its values filled in)."""
    wf = summary.waterfall(scenario, t)
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
                "name": label or _short(cid),
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
    data = [{**st, "name": st.get("name") or t(st["label"])} for st in steps]
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
    return _cascade_spec(summary, _cascade(summary, scenario, t), title, t)


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
            y=alt.Y("group:N", sort=order, title=t(summary.dimension_labels()[dim])),
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

    Each category's label stands above its bars (so the chart stays narrow enough for a phone).
    ``colours`` colour each series; ``category_colours`` (one series) colour each category instead.
    """
    bar_h, label_h, gap, width = 20, FONT + 6, 10, CHART_BARS
    n_series = max(len(series), 1)
    legend = series if len(series) > 1 else []
    group_h = label_h + bar_h * n_series + gap
    body = (FONT + 8) * len(legend) + group_h * len(categories)
    top = max((abs(v) for row in values for v in row), default=0) or 1
    fill = colours or [PALETTE[j % len(PALETTE)] for j in range(n_series)]
    out, y = _header(title, subtitle, CHART_WIDTH, body)

    def colour(i: int, j: int) -> str:
        return category_colours[i] if category_colours else fill[j]

    for j, name in enumerate(legend):
        out.append(f'<rect x="0" y="{y}" width="12" height="12" fill="{fill[j]}"/>')
        out.append(f'<text x="18" y="{y + 11}">{escape(_fit(name, 40))}</text>')
        y += FONT + 8
    for i, cat in enumerate(categories):
        out.append(f'<text x="0" y="{y + FONT}">{escape(_fit(cat, 44))}</text>')
        y += label_h
        for j, v in enumerate(values[i]):
            w = width * abs(v) / top
            label = f"{v:.1%}" if percent else f"{v:,.0f}"
            out.append(
                f'<rect x="0" y="{y}" width="{w:.1f}" height="{bar_h - 3}" fill="{colour(i, j)}">'
                f"<title>{escape(cat)} / {escape(series[j])}: {label}</title></rect>"
            )
            out.append(f'<text class="v" x="{w + 5:.1f}" y="{y + bar_h - 6}">{label}</text>')
            y += bar_h
        y += gap
    out.append("</svg>")
    return "".join(out)


def svg_cascade(title: str, subtitle: str, steps: list[dict[str, Any]], t: Gettext = _same) -> str:
    """A waterfall: each bar floats from the running total (``start`` to ``end``), joined by a dashed line.

    Totals are blue, steps down red and signed "−", steps up green and signed "+"; each step's name stands
    above its bar.
    """
    bar_h, label_h, left, width = 20, FONT + 6, CASCADE_LEFT, CASCADE_WIDTH
    top = max((st["end"] for st in steps), default=0) or 1
    out, y = _header(title, subtitle, CHART_WIDTH, (label_h + bar_h + 6) * len(steps))
    previous: float | None = None
    for st in steps:
        name = str(st.get("name") or t(str(st["label"])))
        out.append(f'<text x="0" y="{y + FONT}">{escape(_fit(name, 44))}</text>')
        if previous is not None and st["kind"] != "total":  # joins this step to the running total before it
            xp = left + width * previous / top
            out.append(
                f'<line x1="{xp:.1f}" y1="{y - 6}" x2="{xp:.1f}" y2="{y + label_h}" '
                'stroke="#0b0c0c" stroke-dasharray="2,2"/>'
            )
        y += label_h
        x0 = left + width * st["start"] / top
        w = max(width * (st["end"] - st["start"]) / top, 1.0)
        out.append(
            f'<rect x="{x0:.1f}" y="{y}" width="{w:.1f}" height="{bar_h - 3}" '
            f'fill="{CASCADE_COLOURS[st["kind"]]}">'
            f"<title>{escape(name)}: {st['n']:,}</title></rect>"
        )
        sign = {"down": "−", "up": "+"}.get(st["kind"], "") if st["n"] else ""
        out.append(f'<text class="v" x="{x0 + w + 5:.1f}" y="{y + bar_h - 6}">{sign}{st["n"]:,}</text>')
        previous = st["total"]
        y += bar_h + 6
    out.append("</svg>")
    return "".join(out)


def svg_waterfall(summary: Summary, scenario: str, t: Gettext = _same) -> str:
    """A cascade: the population, each condition removing the rows it excludes first, then what remains."""
    title = f"{t('Exclusion waterfall')} ({scenario})"
    return svg_cascade(title, t(summary.synthetic_label()), _cascade(summary, scenario, t), t)


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
    bar_h, label_h, margin = 20, FONT + 6, 64
    half = (CHART_WIDTH - 2 * margin) / 2
    top = max([*gains, *loses, 1])
    title = f"{t('Gains and losses by')} {t(words(dim))}: {reform}"
    out, y = _header(
        title, t(summary.synthetic_label()), CHART_WIDTH, FONT + 12 + (label_h + bar_h + 6) * len(groups)
    )
    centre = CHART_WIDTH / 2
    out.append(f'<rect x="0" y="{y}" width="12" height="12" fill="{CLASS_COLOURS["lose"]}"/>')
    out.append(f'<text x="18" y="{y + 11}">← {escape(t("lose"))}</text>')
    out.append(f'<text x="{CHART_WIDTH - 18}" y="{y + 11}" text-anchor="end">{escape(t("gain"))} →</text>')
    out.append(
        f'<rect x="{CHART_WIDTH - 12}" y="{y}" width="12" height="12" fill="{CLASS_COLOURS["gain"]}"/>'
    )
    y += FONT + 12
    rows_h = (label_h + bar_h + 6) * len(groups)
    out.append(f'<line x1="{centre}" y1="{y}" x2="{centre}" y2="{y + rows_h}" stroke="#0b0c0c"/>')
    for name, gain, lose in zip(groups, gains, loses, strict=True):
        out.append(f'<text x="0" y="{y + FONT}">{escape(_fit(name, 44))}</text>')
        y += label_h
        wl, wg = half * lose / top, half * gain / top
        out.append(
            f'<rect x="{centre - wl:.1f}" y="{y}" width="{wl:.1f}" height="{bar_h - 3}" '
            f'fill="{CLASS_COLOURS["lose"]}">'
            f"<title>{escape(name)} / {escape(t('lose'))}: {lose:,}</title></rect>"
        )
        out.append(
            f'<rect x="{centre}" y="{y}" width="{wg:.1f}" height="{bar_h - 3}" '
            f'fill="{CLASS_COLOURS["gain"]}">'
            f"<title>{escape(name)} / {escape(t('gain'))}: {gain:,}</title></rect>"
        )
        minus, plus = ("−" if lose else ""), ("+" if gain else "")
        out.append(
            f'<text class="v" x="{centre - wl - 5:.1f}" y="{y + bar_h - 6}" text-anchor="end">'
            f"{minus}{lose:,}</text>"
        )
        out.append(f'<text class="v" x="{centre + wg + 5:.1f}" y="{y + bar_h - 6}">{plus}{gain:,}</text>')
        y += bar_h + 6
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
