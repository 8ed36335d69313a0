"""The report's charts on the toy program (eight persons, hand-computed in test_waterfall): a real waterfall
whose bars float from the running total, who gains and who loses drawn as charts, age bands in their
natural order, text no smaller than 12 px, and "not known" wherever a value is missing."""

from __future__ import annotations

import math
import re
from typing import Any

import lxml.etree
import lxml.html

from migralex.lab import charts
from migralex.lab.report import render_html, report_context, summary_table
from migralex.lab.results import AGE_BANDS, NOT_KNOWN, Aggregates, Plan, Summary
from tests.lab import toy

REFORM = "min_age_16"


def summary() -> Summary:
    plan = Plan(toy.program(), [toy.reform(16)], toy.ON)
    rows = plan.evaluate(toy.frame())
    return Summary(plan, Aggregates.of(plan, rows), "toy", False, "polars", 8)


def _rects(svg: str) -> list[tuple[float, float, str]]:
    """(x, width, title) of every bar of an SVG chart, top to bottom."""
    root = lxml.etree.fromstring(svg.encode())
    ns = {"s": "http://www.w3.org/2000/svg"}
    return [
        (float(r.get("x", "nan")), float(r.get("width", "nan")), r.findtext("s:title", namespaces=ns) or "")
        for r in root.iterfind(".//s:rect", ns)
        if r.findtext("s:title", namespaces=ns)
    ]


def test_the_eligibility_waterfall_runs_from_the_baseline_count_to_the_reform_count() -> None:
    s = summary()
    counts = {(sc, o): n for sc, o, n, _ in s.counts().iter_rows()}
    steps = charts.impact_steps(s, REFORM)
    # 1 eligible under the baseline (person 0); persons 1 and 6 (16 and 17) gain at the lower age: 3
    assert [(st["label"], st["delta"], st["total"]) for st in steps] == [
        ("eligible under the baseline", 1, 1),
        ("gain: was ineligible", 2, 3),
        ("eligible under the reform", 3, 3),
    ]
    assert steps[0]["total"] == counts["baseline", "eligible"]
    assert steps[-1]["total"] == counts[REFORM, "eligible"]
    running = steps[0]["total"]
    for st in steps[1:-1]:  # each step floats from the running total before it
        assert (st["start"], st["end"]) == tuple(sorted((running, running + st["delta"])))
        running += st["delta"]
        assert st["total"] == running
    assert running == steps[-1]["total"]


def test_the_exclusion_waterfall_floats_each_step_from_the_running_total_of_the_table() -> None:
    s = summary()
    table = s.waterfall("baseline").to_dicts()
    steps = charts._cascade(s, "baseline")
    downs = [st for st in steps if st["kind"] == "down"]
    assert [st["total"] for st in downs] == [w["remaining"] for w in table] == [5, 3, 3]
    assert [st["n"] for st in downs] == [w["excluded_first"] for w in table]
    counts = {o: n for sc, o, n, _ in s.counts().iter_rows() if sc == "baseline"}
    remains = [st for st in steps if st["step"].startswith("=")]
    assert sum(st["n"] for st in remains) == table[-1]["remaining"] == counts["eligible"] + counts["unknown"]
    # in the drawing, each red bar ends where the running total stood: x + width = total before the step
    bars = _rects(charts.svg_waterfall(s, "baseline"))
    left, width, top = charts.CASCADE_LEFT, charts.CASCADE_WIDTH, s.n
    before = s.n
    for (x, w, _), st in zip(bars[1 : 1 + len(downs)], downs, strict=True):
        if st["n"]:
            assert math.isclose(x + w, left + width * before / top, abs_tol=0.1)
            assert math.isclose(x, left + width * st["total"] / top, abs_tol=0.1)
        before = st["total"]


def test_the_report_table_of_the_eligibility_waterfall_matches_its_counts() -> None:
    s = summary()
    doc: Any = lxml.html.fromstring(render_html(s))
    heading = doc.xpath("//h4[normalize-space(.)='From the baseline to the reform: eligible persons']")[0]
    table = heading.getnext().getnext().xpath(".//table")[0]
    rows = [[c.text_content().strip() for c in r.xpath("./td")] for r in table.xpath(".//tbody/tr")]
    assert rows == [
        ["eligible under the baseline", "1", "1"],
        ["gain: was ineligible", "+2", "3"],
        ["eligible under the reform", "3", "3"],
    ]
    csv = summary_table(s)
    impact = csv.filter(csv["table"] == "impact")
    assert impact.filter(impact["measure"] == "total")["value"].to_list() == [1.0, 3.0, 3.0]


def test_who_gains_and_who_loses_are_charts_overall_and_by_group() -> None:
    s = summary()
    overall = _rects(charts.svg_gains(s, REFORM))
    assert [t for _, _, t in overall][:2] == ["gain / persons: 2", "lose / persons: 0"]
    by_nationality = _rects(charts.svg_gains_by(s, REFORM, "nationality"))
    assert [t for _, _, t in by_nationality] == ["A / lose: 0", "A / gain: 2", "B / lose: 0", "B / gain: 0"]
    html = render_html(s)
    for key in ("gains", *(f"gains-{d}" for d in ("nationality", "age_band", "status"))):
        spec = key.replace("gains", f"gains-{REFORM}", 1)
        assert f'id="spec-{spec}"' in html, spec  # a Vega-Lite spec beside each drawn chart


def test_age_bands_run_from_under_18_up_by_their_lower_bound() -> None:
    s = summary()
    lower = {label: lo for lo, label in AGE_BANDS}
    expected = ["under 18", "24-29", "30-39", "40-49", "50-64", NOT_KNOWN]
    assert expected == sorted(expected, key=lambda g: lower.get(g, math.inf))
    assert sorted(expected) != expected  # by the label, "under 18" would sort after "50-64"
    ctx = report_context(s)
    table = [row["group"] for row in ctx["breakdowns"]["age_band"] if row["scenario"] == "baseline"]
    assert table == expected
    assert [row["age_band"] for row in ctx["gains_by"][REFORM]["age_band"]] == expected
    drawn = [t.split(" / ")[0] for _, _, t in _rects(charts.svg_breakdown(s, "age_band"))]
    assert list(dict.fromkeys(drawn)) == expected
    diverging = [t.split(" / ")[0] for _, _, t in _rects(charts.svg_gains_by(s, REFORM, "age_band"))]
    assert list(dict.fromkeys(diverging)) == expected
    assert charts.breakdown_spec(s, "age_band")["encoding"]["y"]["sort"] == expected
    assert charts.gains_by_spec(s, REFORM, "age_band")["encoding"]["y"]["sort"] == expected


def test_chart_text_is_at_least_12_px_even_when_a_chart_is_scaled_to_its_column() -> None:
    s = summary()
    html = render_html(s)
    svgs = re.findall(r"<svg [^>]*>", html)
    assert len(svgs) >= 10
    for tag in svgs:
        width = int(re.search(r'width="(\d+)"', tag).group(1))  # type: ignore[union-attr]
        least = int(re.search(r"min-width:(\d+)px", tag).group(1))  # type: ignore[union-attr]
        assert charts.FONT * least / width >= 12  # the smallest it may be drawn
    sizes = [int(x) for x in re.findall(r'font-size="(\d+)"', html)]
    assert min(sizes) >= 12
    spec: dict[str, Any] = charts.impact_spec(s, REFORM)
    config = spec["config"]
    assert (
        min(config["axis"]["labelFontSize"], config["legend"]["labelFontSize"], config["title"]["fontSize"])
        >= 12
    )


def test_not_known_instead_of_none_or_nan_anywhere_in_the_report() -> None:
    s = summary()
    recorded = s.meta()
    # a run whose rule pack and decision date were not recorded (e.g. read back from an older summary.json)
    s.meta = lambda: {**recorded, "rulepack": {"id": "toylab", "version": None, "hash": None}, "date": None}  # type: ignore[method-assign]
    nan = float("nan")
    ranges = {("outcomes", "baseline", "all", "all", "eligible", "share"): (nan, nan)}
    ranges[("gains_losses", REFORM, "all", "all", "gain", "count")] = (None, None)  # type: ignore[assignment]
    html = render_html(s, ranges=ranges)
    doc: Any = lxml.html.fromstring(html)
    visible = " ".join(doc.xpath("//body//text()[not(ancestor::script)]"))
    assert re.search(r"\bNone\b", visible) is None and re.search(r"\bnan\b", visible, re.I) is None
    rule_pack = doc.xpath("//dt[normalize-space(.)='Rule pack']/following-sibling::dd[1]")[0]
    assert rule_pack.text_content().strip() == f"toylab {NOT_KNOWN} ({NOT_KNOWN})"
    decided = doc.xpath("//dt[normalize-space(.)='Decision date']/following-sibling::dd[1]")[0]
    assert decided.text_content().strip() == NOT_KNOWN
    assert "not known" in " ".join(doc.xpath("//td/text()"))  # the person with no birth date
