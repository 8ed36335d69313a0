"""One case judged under Danish and UK rules: status and relationship codes are translated between packs.

A Danish citizen's spouse (examples/dk_spouse_eligible.json) asking for UK refugee family reunion is
refused because a British citizen (the nearest UK status to a Danish citizen) is no refugee; a UK refugee's
21-year-old wife (examples/uk_refugee_wife_21.json) qualifies in the UK but fails the Danish 24-year rule
(Udlændingeloven § 9, stk. 1, nr. 1).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from migralex.cli import app
from migralex.rules.codes import (
    NEAREST_STATUS,
    RELATIONSHIPS,
    STATUS_CODES,
    translate_facts,
    translate_status,
)
from migralex.rules.registry import get_program

EXAMPLES = Path(__file__).parent.parent.parent / "examples"
runner = CliRunner()
DK_SPOUSE, UK_REUNION, REFORM = (
    "dk.family_reunification.spouse",
    "uk.family_reunion.refugee",
    "uk_adopts_dk_family_reunion",
)


def compare(example: str, on: str) -> dict[str, dict[str, Any]]:
    args = ["compare", "--facts", str(EXAMPLES / example), "--program", UK_REUNION, "--program", DK_SPOUSE]
    result = runner.invoke(app, [*args, "--reform", REFORM, "--date", on, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    return {f"{r['program']}+{(r['reform'] or {}).get('id', 'baseline')}": r for r in rows}


def test_danish_example_against_a_uk_program() -> None:
    rows = compare("dk_spouse_eligible.json", "2025-03-01")
    uk = rows[f"{UK_REUNION}+baseline"]
    assert uk["outcome"] == "ineligible"
    assert {
        "fact": "sponsor.residence_status",
        "from": "danish_citizen",
        "to": "british_citizen",
    }.items() <= {
        k: v for t in uk["translated_facts"] for k, v in t.items() if t["fact"] == "sponsor.residence_status"
    }.items()
    assert rows[f"{DK_SPOUSE}+baseline"]["outcome"] == "eligible"
    assert rows[f"{DK_SPOUSE}+baseline"]["translated_facts"] == []


def test_uk_example_against_the_danish_program() -> None:
    rows = compare("uk_refugee_wife_21.json", "2024-05-01")
    assert rows[f"{UK_REUNION}+baseline"]["outcome"] == "eligible"
    assert rows[f"{UK_REUNION}+{REFORM}"]["outcome"] == "ineligible"
    dk = rows[f"{DK_SPOUSE}+baseline"]
    assert dk["outcome"] == "ineligible"
    [relationship] = dk["translated_facts"]
    assert (relationship["from_fact"], relationship["fact"], relationship["to"]) == (
        "relationship.type",
        "case.relationship_type",
        "married",
    )


def test_translation_never_overwrites_a_fact_the_program_has() -> None:
    specs = get_program(UK_REUNION).fact_specs()
    raw = {"case.relationship_type": "cohabiting", "applicant.relationship_to_sponsor": "child"}
    facts, notes = translate_facts(raw, specs)
    assert facts["applicant.relationship_to_sponsor"] == "child"
    assert "applicant.relationship_to_sponsor" not in {t.fact for t in notes}


def test_every_mapped_code_exists_in_both_packs() -> None:
    for (src, dst), table in NEAREST_STATUS.items():
        for code, nearest in table.items():
            assert code in STATUS_CODES[src] and code not in STATUS_CODES[dst]
            assert nearest in STATUS_CODES[dst]
    specs = {
        fid: spec
        for program in (DK_SPOUSE, UK_REUNION, "uk.family.partner")
        for fid, spec in get_program(program).fact_specs().items()
    }
    for eq in RELATIONSHIPS:
        assert set(eq.codes) <= set(specs[eq.source].codes)
        assert set(eq.codes.values()) <= set(specs[eq.target].codes)
    assert translate_status("civil_servant", "uk") is None
