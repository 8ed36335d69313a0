"""Charts for the dashboard, with no CDN and no JavaScript needed.

* :func:`bar_chart_svg` draws a horizontal bar chart as inline SVG (server-side).
* :func:`spending_spec` builds the same data as an Altair / Vega-Lite JSON specification,
  served as JSON for anyone who has Vega locally; Altair is used only to build and check
  the spec (offline), never to fetch a renderer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from html import escape
from typing import Any

import altair as alt

from migralex.i18n import N_
from migralex.programmes.common import fmt_money
from migralex.programmes.dashboard import Dashboard

PALETTE = ("#1f5f8b", "#c8553d", "#588b8b", "#f28f3b", "#6b4e71", "#93a8ac")


def bar_chart_svg(
    title: str,
    rows: Sequence[tuple[str, dict[str, Decimal]]],
    currency: str,
    *,
    width: int = 640,
    bar_height: int = 22,
) -> str:
    """A stacked horizontal bar chart: ``rows`` are (label, {series: amount}). Returns an ``<svg>``."""
    series: list[str] = []
    for _, parts in rows:
        series += [s for s in parts if s not in series]
    colours = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(series)}
    label_w, value_w, top = 170, 150, 34
    plot_w = width - label_w - value_w
    totals = [sum(parts.values(), Decimal(0)) for _, parts in rows]
    biggest = max(totals, default=Decimal(0)) or Decimal(1)
    height = top + len(rows) * (bar_height + 8) + 30
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="16" font-size="14" font-weight="bold">{escape(title)}</text>',
    ]
    for i, ((label, parts), total) in enumerate(zip(rows, totals, strict=True)):
        y = top + i * (bar_height + 8)
        text_y = f"{y + bar_height * 0.7:.1f}"
        out.append(f'<text x="{label_w - 6}" y="{text_y}" text-anchor="end">{escape(label)}</text>')
        x = Decimal(label_w)
        for name, amount in parts.items():
            w = Decimal(plot_w) * amount / biggest
            out.append(
                f'<rect x="{x:.1f}" y="{y}" width="{max(w, Decimal(0)):.1f}" height="{bar_height}" '
                f'fill="{colours[name]}"><title>{escape(name)}: '
                f"{escape(fmt_money(amount, currency))}</title></rect>"
            )
            x += w
        out.append(f'<text x="{x + 6:.1f}" y="{text_y}">{escape(fmt_money(total, currency))}</text>')
    legend_y = top + len(rows) * (bar_height + 8) + 12
    lx = label_w
    for name in series:
        out.append(f'<rect x="{lx}" y="{legend_y}" width="12" height="12" fill="{colours[name]}"/>')
        out.append(f'<text x="{lx + 16}" y="{legend_y + 10}">{escape(name)}</text>')
        lx += 24 + 7 * len(name)
    out.append("</svg>")
    return "\n".join(out)


def _same(text: str) -> str:
    return text


def country_chart_svg(dash: Dashboard, gettext: Callable[[str], str] = _same) -> str:
    """Spending by country, stacked by paying donor (titles through ``gettext``: the page's language)."""
    unattributed = gettext(N_("unattributed"))
    rows = [(f"{c.name} ({c.code})", c.by_donor or {unattributed: c.spent}) for c in dash.countries]
    return bar_chart_svg(gettext(N_("Spending by country and donor")), rows, dash.currency)


def component_chart_svg(dash: Dashboard, gettext: Callable[[str], str] = _same) -> str:
    """Commitments and spending by component (titles through ``gettext``: the page's language)."""
    spent, committed = gettext(N_("spent")), gettext(N_("committed, not yet spent"))
    rows = [
        (c.code, {spent: c.spent, committed: max(c.committed - c.spent, Decimal(0))}) for c in dash.components
    ]
    return bar_chart_svg(gettext(N_("Commitments and spending by component")), rows, dash.currency)


def spending_spec(dash: Dashboard) -> dict[str, Any]:
    """Vega-Lite spec (via Altair, offline) of spending by country and donor.

    Amounts travel as exact decimal strings; the spec asks Vega to parse them for plotting.
    """
    values = [
        {"country": f"{c.name} ({c.code})", "donor": donor, "amount": format(amount.normalize(), "f")}
        for c in dash.countries
        for donor, amount in c.by_donor.items()
    ]
    chart = (
        alt.Chart(title=f"{dash.code}: spending by country and donor ({dash.currency})")
        .mark_bar()
        .encode(
            x=alt.X("amount:Q", title=f"Amount ({dash.currency})"),
            y=alt.Y("country:N", sort="-x", title=None),
            color=alt.Color("donor:N", title="Paid from"),
            tooltip=["country:N", "donor:N", alt.Tooltip("amount:Q", format=",.2f")],
        )
    )
    spec: dict[str, Any] = chart.to_dict()
    spec["data"] = {"values": values, "format": {"parse": {"amount": "number"}}}
    return spec
