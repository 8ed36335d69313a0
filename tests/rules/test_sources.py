"""The sourcing report: ``docs/rules/sources.md`` is a ratchet, and the report reads the law's own markers.

The committed file records, per pack, how many citations are secondary or unclassified, how many conditions
lack a primary citation, how many parameter values are unverified or rest on no primary source, and how many
yearly-indexed parameters are more than a year old. Recomputed as of the file's own date, no count may be
higher than the file says: sourcing only gets better. Regenerate after an improvement with
``migralex sources --format markdown --on <date> --out docs/rules/sources.md``.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from migralex.cli import app
from migralex.engine import ParameterSet
from migralex.rules.sources import RATCHET, committed_counts, pack_sources, report, worse_than

SOURCES_MD = Path(__file__).resolve().parents[2] / "docs" / "rules" / "sources.md"
runner = CliRunner()


def test_no_count_is_worse_than_the_committed_file() -> None:
    committed = committed_counts(SOURCES_MD)
    current = report(date.fromisoformat(committed["as_of"]))["counts"]
    problems = worse_than(current, committed["counts"])
    assert not problems, "sourcing got worse than docs/rules/sources.md:\n  " + "\n  ".join(problems)


def test_every_pack_is_in_the_committed_file() -> None:
    committed = committed_counts(SOURCES_MD)
    current = report(date.fromisoformat(committed["as_of"]))["counts"]
    assert set(current) <= set(committed["counts"]), "regenerate docs/rules/sources.md for the new pack"


def test_the_ratchet_catches_a_count_that_grew() -> None:
    before = {"dk": dict.fromkeys(RATCHET, 3)}
    after = {"dk": {**dict.fromkeys(RATCHET, 3), "unverified_values": 4}}
    assert worse_than(after, before) == ["dk.unverified_values: 4 > 3 (committed)"]
    assert worse_than(before, after) == []


def test_a_yearly_indexed_amount_older_than_a_year_is_flagged(tmp_path: Path) -> None:
    # the law re-sets the amount each 1 January; the latest value is from 2025, so on 2026-11-29 it is stale
    (tmp_path / "p.yaml").write_text(
        """
x.amount:
  label: An amount the law indexes each year
  type: decimal
  indexation: yearly
  values:
    - from: 2025-01-01
      value: null
      status: unverified
      source: {citation: "Act § 1", url: "https://example.org/act", note: "Needed: the 2025 rate"}
x.fixed:
  label: A fixed age
  type: int
  values:
    - from: 2010-01-01
      value: 24
      status: in_force
      source: {kind: statute, title: Act, pinpoint: "§ 2", url: "https://example.org/act"}
""",
        encoding="utf-8",
    )
    params = ParameterSet.load([tmp_path])
    late = pack_sources("x", "X", [], params, date(2026, 11, 29))
    assert [s["parameter"] for s in late.stale_yearly] == ["x.amount"]
    assert [u["needed"] for u in late.unverified] == ["Needed: the 2025 rate"]
    assert late.in_force_on_secondary == []
    early = pack_sources("x", "X", [], params, date(2025, 6, 1))
    assert early.stale_yearly == []


def test_json_output_lists_each_pack_with_its_counts() -> None:
    result = runner.invoke(app, ["sources", "--format", "json", "--on", "2026-11-29"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["as_of"] == "2026-11-29"
    ids = [p["id"] for p in data["packs"]]
    assert ids[:2] == ["dk", "uk"] and ids[-1] == "reforms"
    for p in data["packs"]:
        assert set(RATCHET) <= set(p["counts"])
        for row in p["unverified_values"]:
            assert row["needed"], f"{row['parameter']} from {row['from']}: no note on what would verify it"


def test_text_output_and_bad_input() -> None:
    result = runner.invoke(app, ["sources", "--on", "2026-11-29"])
    assert result.exit_code == 0
    assert "conditions without a primary citation" in result.output
    assert runner.invoke(app, ["sources", "--format", "xml"]).exit_code == 2
    bad = runner.invoke(app, ["sources", "--on", "2026-02-30"])
    assert bad.exit_code == 2 and "--on" in bad.output
