"""The HTML report keeps each promise docs/lab.md makes about it.

A generated population is written to a file (so the synthetic label must come from the file's own column),
simulated under the UK refugee family reunion rules and the reform that adds the Danish spouse conditions
(whose facts the file lacks), and the report is checked promise by promise.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import lxml.html
import polars as pl
import pytest

from migralex.lab import Plan, parse_population, simulate, write_outputs
from migralex.lab.results import AGE_BAND_ORDER, DIMENSIONS, OUTCOMES, TRANSITION_CLASSES
from migralex.population import PopulationSpec, generate, get_profile
from migralex.rules.registry import get_program, get_reform


def _xp(node: Any, path: str) -> list[Any]:
    """The nodes an XPath query finds (lxml's stubs type the answer as a union of every possible kind)."""
    found = node.xpath(path)
    assert isinstance(found, list)
    return found


ON = date(2025, 3, 1)
PROGRAM = "uk.family_reunion.refugee"
REFORM = "uk_adopts_dk_family_reunion"
DOCS = Path(__file__).parents[2] / "docs" / "lab.md"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object, str, pl.DataFrame]:
    tmp = tmp_path_factory.mktemp("report")
    program = get_program(PROGRAM)
    spec = PopulationSpec(get_profile("uk-refugee-sponsors"), 3000, 5, ON)
    path = tmp / "population.parquet"
    generate(spec, program.fact_specs()).write_parquet(path)  # the baseline's facts only
    plan = Plan(program, [get_reform(REFORM)], ON)
    summary = simulate(plan, parse_population(str(path), ON), tmp / "out")
    paths = write_outputs(summary, tmp / "out")
    html = paths["report"].read_text(encoding="utf-8")
    return tmp / "out", summary, html, pl.read_csv(paths["summary"])


def _numbers(text: str) -> list[float]:
    """Every number in a displayed text, unsigned: "12,345" -> 12345, "−1,234" -> 1234, "12.3%" -> 0.123."""
    out = []
    for token in re.findall(r"\d[\d,]*(?:\.\d+)?%?", text):
        t = token.replace(",", "")
        out.append(float(t[:-1]) / 100 if t.endswith("%") else float(t))
    return out


def test_docs_make_the_promises_checked_here() -> None:
    text = " ".join(DOCS.read_text(encoding="utf-8").split())
    for promise in (
        "with the numbers in HTML tables beside them",
        "`summary.csv` holds every number the report shows",
        "transition matrix",
        "whose age band",
        "whose status",
    ):
        assert promise in text, promise


def test_a_table_beside_every_chart(run: Any) -> None:
    _, _, html, _ = run
    doc = lxml.html.fromstring(html)
    svgs = _xp(doc, "//svg")
    paired = _xp(doc, "//div[@class='lab-pair'][.//svg][.//table]//svg")
    assert len(svgs) >= 1 + 2 + 1 + 1 + 3 + 3 and len(paired) == len(svgs)


def test_summary_csv_holds_every_number_shown(run: Any) -> None:
    _, _, html, csv = run
    values = csv["value"].to_list() + csv["low"].drop_nulls().to_list() + csv["high"].drop_nulls().to_list()
    counts = {abs(round(v)) for v in values}
    shares = {abs(round(v, 3)) for v in values if -1 <= v <= 1}
    doc = lxml.html.fromstring(html)
    numeric = "//td[contains(@class, 'govuk-table__cell--numeric')] | //td[contains(@class, 'lab-range')]"
    cells = [c.text_content() for c in _xp(doc, numeric)]
    cells += [t.text_content() for t in _xp(doc, "//svg//text[@class='v']")]  # the value labels
    shown = [n for c in cells for n in _numbers(c)]
    assert len(shown) > 200
    for n in shown:
        if n != int(n) or (-1 < n < 1 and n != 0):  # a share shown to 0.1 %
            assert any(abs(n - s) <= 0.0005 for s in shares), n
        else:
            assert round(n) in counts, n


def test_the_synthetic_label_comes_from_the_file_and_is_on_every_table_and_chart(run: Any) -> None:
    _, summary, html, csv = run
    assert summary.synthetic is False and summary.is_synthetic  # a file, every row marked synthetic
    assert csv["synthetic"].all()
    doc = lxml.html.fromstring(html)
    label = summary.synthetic_label()
    assert (
        "SYNTHETIC DATA" in label
        and "SYNTHETIC DATA" in _xp(doc, "//p[contains(@class, 'lab-banner')]")[0].text_content()
    )
    for svg in _xp(doc, "//svg"):
        assert label in svg.text_content()
    pair_tables = _xp(doc, "//div[@class='lab-pair']//table")
    assert pair_tables and all(label in _xp(t, "./caption")[0].text_content() for t in pair_tables)


def test_transition_matrix_overall_and_by_every_breakdown_with_definitions(run: Any) -> None:
    _, summary, html, csv = run
    assert "baseline (rows)" in html and all(d.replace("_", " ") in html for d in TRANSITION_CLASSES)
    t = csv.filter(pl.col("table") == "transitions")
    assert set(t["dimension"].unique()) == {"all", *DIMENSIONS}
    for dim in ("all", *DIMENSIONS):
        assert t.filter(pl.col("dimension") == dim)["value"].sum() == summary.n
        assert t.filter(pl.col("dimension") == dim)["outcome"].n_unique() == len(OUTCOMES) ** 2
    gl = csv.filter((pl.col("table") == "gains_losses") & (pl.col("dimension") == "all"))
    parts = gl.filter(pl.col("outcome").is_in(TRANSITION_CLASSES))["value"].sum()
    assert parts == summary.n


def test_breakdowns_say_whose_age_and_status_in_natural_order(run: Any) -> None:
    _, _, html, _ = run
    assert "Age band: age of the applicant on the decision date" in html
    assert "Status: the sponsor's residence status" in html
    doc = lxml.html.fromstring(html)
    heading = _xp(doc, "//h3[starts-with(normalize-space(.), 'Age band')]")[0]
    table = _xp(heading.getnext(), ".//table")[0]
    groups = [_xp(r, "./td")[0].text_content() for r in _xp(table, ".//tr[td]")]
    order = [g for g in AGE_BAND_ORDER if g in groups]
    assert list(dict.fromkeys(groups)) == order


def test_missing_facts_are_named_with_the_rows_they_leave_unknown(run: Any) -> None:
    _, _, html, csv = run
    gaps = csv.filter(pl.col("table") == "missing_facts")
    assert "sponsor.financial_guarantee_provided" in gaps["group"].to_list()
    assert gaps["value"].min() > 0  # rows unknown on the condition that reads the fact
    assert "Why some results are unknown" in html and "sponsor.financial_guarantee_provided" in html


def test_readable_text_and_no_none(run: Any) -> None:
    _, _, html, _ = run
    sizes = [int(s) for s in re.findall(r'font-size="(\d+)"', html)]
    assert sizes and min(sizes) >= 12
    doc = lxml.html.fromstring(html)
    visible = " ".join(_xp(doc, "//body//text()[not(ancestor::script)]"))
    assert "None" not in visible and "null" not in visible
