"""The lifecycle through the API: claim -> grant -> review -> extension or revocation -> return."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .helpers import GENERALISED, PERSECUTED, assess, complete, granted_case, person


def test_grant_stores_the_decision_exactly_and_computes_permit_and_review(make_api: Any) -> None:
    anna = make_api("caseworker")
    p, case, d = granted_case(anna)
    assert d["outcome"] == "eligible"
    assert d["program_id"] == "dk.asylum.status"
    assert d["rulepack"]["id"] == "dk" and len(d["rulepack"]["hash"]) == 64
    assert d["result"]["outputs"]["status"]["value"] == "temporary_protection"
    assert d["facts"]["applicant.risk_from_generalised_violence"] is True
    years = d["result"]["outputs"]["permit_years"]["value"]
    [status] = anna.get(f"/people/{p['id']}/statuses")
    assert status["status_code"] == "temporary_protection"
    assert status["ground"] == "generalised_violence"
    assert status["valid_until"] == f"{2025 + years}-01-10"
    deadlines = anna.get(f"/cases/{case['id']}/deadlines")
    assert [x["due_on"] for x in deadlines] == [status["review_on"]]
    assert "permit_years" in deadlines[0]["source"]
    # stored exactly: re-reading gives the same explanation; re-running on the same pack is identical
    assert anna.get(f"/decisions/{d['id']}")["result"] == d["result"]
    rerun = anna.get(f"/decisions/{d['id']}/rerun")
    assert rerun["same_pack"] and rerun["identical"] and rerun["current_outcome"] == "eligible"
    assert anna.get(f"/cases/{case['id']}")["status"] == "decided"


def test_decision_needing_facts_is_refused_naming_them_and_nothing_is_written(make_api: Any) -> None:
    anna = make_api("caseworker")
    p = person(anna)
    case = anna.post("/cases", {"kind": "asylum_claim", "person_id": p["id"]})
    body = anna.post(
        f"/cases/{case['id']}/decisions",
        {
            "kind": "grant",
            "decision_date": "2025-01-10",
            "program": "dk.asylum.status",
            "facts": {},
            "reasons": "x",
        },
        expect=422,
    )
    assert body["field"] == "facts" and "applicant.well_founded_fear_of_persecution" in body["missing_facts"]
    assert anna.get(f"/cases/{case['id']}/decisions") == []
    # the guided evaluation lists what is still needed and writes nothing
    ev = anna.post(
        f"/cases/{case['id']}/evaluate",
        {
            "program": "dk.asylum.status",
            "date": "2025-01-10",
            "facts": {"applicant.outside_country_of_nationality": True},
        },
        expect=200,
    )
    assert ev["outcome"] == "unknown" and ev["missing_facts"]
    assert "applicant.outside_country_of_nationality" not in ev["missing_facts"]


def test_wrong_fact_type_is_a_422_naming_the_fact(make_api: Any) -> None:
    anna = make_api("caseworker")
    p = person(anna)
    case = anna.post("/cases", {"kind": "asylum_claim", "person_id": p["id"]})
    body = anna.post(
        f"/cases/{case['id']}/decisions",
        {
            "kind": "grant",
            "decision_date": "2025-01-10",
            "program": "dk.asylum.status",
            "facts": {**GENERALISED, "applicant.real_risk_of_serious_harm": "perhaps"},
            "reasons": "x",
        },
        expect=422,
    )
    assert body["field"] == "facts.applicant.real_risk_of_serious_harm"
    assert (
        anna.post(
            f"/cases/{case['id']}/decisions",
            {"kind": "grant", "decision_date": "2025-01-10", "program": "no.such.program", "reasons": "x"},
            expect=422,
        )["field"]
        == "program"
    )


def test_grant_kind_must_match_the_outcome(make_api: Any) -> None:
    anna = make_api("caseworker")
    p = person(anna)
    case = anna.post("/cases", {"kind": "asylum_claim", "person_id": p["id"]})
    refused = {**GENERALISED, "applicant.real_risk_of_serious_harm": False}
    body = anna.post(
        f"/cases/{case['id']}/decisions",
        {
            "kind": "grant",
            "decision_date": "2025-01-10",
            "program": "dk.asylum.status",
            "facts": refused,
            "reasons": "x",
        },
        expect=422,
    )
    assert body["field"] == "kind" and "ineligible" in body["message"]
    refusal = anna.post(
        f"/cases/{case['id']}/decisions",
        {
            "kind": "refusal",
            "decision_date": "2025-01-10",
            "program": "dk.asylum.status",
            "facts": refused,
            "reasons": "No risk on return.",
        },
    )
    assert refusal["adverse"] is True
    # a refused claim opens a return case
    cases = anna.get("/cases?kind=return")["items"]
    assert any(c["parent_case_id"] == case["id"] for c in cases)


def test_review_then_extension_uses_the_program_output(make_api: Any) -> None:
    anna, sara = make_api("caseworker"), make_api("senior_caseworker")
    p, case, d = granted_case(anna)
    [status] = anna.get(f"/people/{p['id']}/statuses")
    opened = sara.post("/reviews/open-due", {"on": status["review_on"]}, expect=200)
    review = next(c for c in opened if c["person_id"] == p["id"])
    assert review["kind"] == "review" and review["assigned_to"] == anna.id
    ext = anna.post(
        f"/cases/{review['id']}/decisions",
        {"kind": "extension", "decision_date": status["review_on"], "reasons": "Situation unchanged."},
    )
    assert ext["adverse"] is False
    statuses = anna.get(f"/people/{p['id']}/statuses")
    assert len(statuses) == 2 and statuses[0]["ended_on"] == status["review_on"]
    years = d["result"]["outputs"]["extension_years"]["value"]
    old_end = int(status["valid_until"][:4])
    assert statuses[1]["valid_until"] == f"{old_end + years}{status['valid_until'][4:]}"
    # the old review deadline is done, a new one is in the queue
    assert all(x["done_on"] for x in anna.get(f"/cases/{case['id']}/deadlines"))
    queue = anna.get("/queue?on=2025-01-01&limit=200")["items"]
    assert any(i["case_id"] == review["id"] and i["due_on"] == statuses[1]["review_on"] for i in queue)


def test_revocation_blocked_until_individual_assessment_then_return_with_safeguards(make_api: Any) -> None:
    anna = make_api("caseworker")
    p, _, _ = granted_case(anna, vulnerabilities=["ptsd"])
    review = anna.post("/cases", {"kind": "review", "person_id": p["id"], "opened_on": "2025-10-01"})
    body = {"kind": "revocation", "decision_date": "2025-10-15", "reasons": "Damascus declared safe."}
    blocked = anna.post(f"/cases/{review['id']}/decisions", body, expect=409)
    assert blocked["error"] == "safeguard_blocked"
    names = {b["safeguard"] for b in blocked["blocks"]}
    assert names == {"individual_assessment", "vulnerability_considered"}
    for b in blocked["blocks"]:
        assert b["sources"] and all(s["url"].startswith("https://") for s in b["sources"])
    ia = next(b for b in blocked["blocks"] if b["safeguard"] == "individual_assessment")
    assert any("hudoc.echr.coe.int" in s["url"] for s in ia["sources"])
    assert anna.get(f"/cases/{review['id']}/decisions") == []
    assess(anna, review["id"], "individual_assessment")
    still = anna.post(f"/cases/{review['id']}/decisions", body, expect=409)
    assert [b["safeguard"] for b in still["blocks"]] == ["vulnerability_considered"]
    assess(anna, review["id"], "vulnerability_considered", "considered")
    d = anna.post(f"/cases/{review['id']}/decisions", body)
    assert {s["safeguard"] for s in d["safeguards"]} == {"individual_assessment", "vulnerability_considered"}
    assert all(s["ended_on"] == "2025-10-15" for s in anna.get(f"/people/{p['id']}/statuses"))
    ret = next(c for c in anna.get("/cases?kind=return")["items"] if c["parent_case_id"] == review["id"])
    # return: blocked without non-refoulement; a recorded risk bars it; tolerated stay is possible
    vr = {"kind": "voluntary_return", "decision_date": "2025-11-01", "reasons": "Wishes to return."}
    assert {b["safeguard"] for b in anna.post(f"/cases/{ret['id']}/decisions", vr, expect=409)["blocks"]} == {
        "non_refoulement"
    }
    assess(anna, ret["id"], "non_refoulement", "risk")
    barred = anna.post(f"/cases/{ret['id']}/decisions", vr, expect=409)
    assert "real risk" in barred["message"]
    ts = anna.post(
        f"/cases/{ret['id']}/decisions",
        {"kind": "tolerated_stay", "decision_date": "2025-11-01", "reasons": "Cannot be returned (art. 3)."},
    )
    assert ts["adverse"] is False
    assert anna.get(f"/people/{p['id']}/statuses")[-1]["status_code"] == "tolerated_stay"


def test_family_reunification_is_tied_to_the_sponsor(make_api: Any) -> None:
    anna = make_api("caseworker")
    sponsor, _, _ = granted_case(anna, facts=PERSECUTED, on="2024-01-01")
    spouse = person(anna, name="Spouse", birth_date="1991-03-03")
    nobody = person(anna, name="No status")
    anna.post(
        "/cases",
        {"kind": "family_reunification", "person_id": spouse["id"], "sponsor_id": nobody["id"]},
        expect=422,
    )
    assert (
        anna.post("/cases", {"kind": "family_reunification", "person_id": spouse["id"]}, expect=422)["field"]
        == "sponsor_id"
    )
    case = anna.post(
        "/cases", {"kind": "family_reunification", "person_id": spouse["id"], "sponsor_id": sponsor["id"]}
    )
    ev = anna.post(
        f"/cases/{case['id']}/evaluate",
        {"program": "dk.family_reunification.spouse", "date": "2025-06-01", "facts": {}},
        expect=200,
    )
    # prefilled from the database: both birth dates and the sponsor's status
    assert ev["facts"]["sponsor.residence_status"] == "refugee_convention"
    assert ev["facts"]["sponsor.birth_date"] == "1990-01-01"
    assert ev["facts"]["applicant.birth_date"] == "1991-03-03"
    assert "sponsor.residence_status" not in ev["missing_facts"]


def test_voluntary_return_records_the_support_computed_by_the_rules(make_api: Any) -> None:
    anna = make_api("caseworker")
    assert "dk.repatriation_support" in {p["id"] for p in anna.get("/programs")}
    p = person(anna, birth_date="1988-05-14")
    case = anna.post("/cases", {"kind": "return", "person_id": p["id"]})
    assess(anna, case["id"], "non_refoulement", "no_risk")
    facts = complete(
        anna,
        case["id"],
        "dk.repatriation_support",
        "2025-11-01",
        {
            "person.repatriation_group": "refugee",
            "person.nordic_eu_eea_swiss_citizen": False,
            "person.pending_criminal_charge": False,
            "person.has_sufficient_own_assets": False,
            "person.received_repatriation_support_before": False,
        },
    )
    d = anna.post(
        f"/cases/{case['id']}/decisions",
        {
            "kind": "voluntary_return",
            "decision_date": "2025-11-01",
            "program": "dk.repatriation_support",
            "facts": facts,
            "reasons": "Wishes to return; support applied for.",
        },
    )
    total = d["result"]["outputs"]["total_amount"]
    assert d["support_unit"] == total["unit"] == "DKK"
    if total["value"] is None:
        assert d["support_amount"] is None  # the rules cannot give the amount (unverified parameter)
    else:
        assert Decimal(str(d["support_amount"])) == Decimal(str(total["value"]))


def test_permanent_residence_replaces_the_temporary_status(make_api: Any) -> None:
    anna = make_api("caseworker")
    p, _, _ = granted_case(anna, facts=PERSECUTED, on="2019-03-01")
    case = anna.post("/cases", {"kind": "permanent_residence", "person_id": p["id"]})
    anna.post(
        f"/cases/{case['id']}/decisions",
        {
            "kind": "grant",
            "decision_date": "2025-02-01",
            "status_code": "permanent_resident",
            "reasons": "§ 11 met.",
        },
    )
    old, new = anna.get(f"/people/{p['id']}/statuses")
    assert old["ended_on"] == "2025-02-01"
    assert (
        new["status_code"] == "permanent_resident" and new["valid_until"] is None and new["review_on"] is None
    )
    nobody = person(anna, name="No status")
    r = anna.post("/cases", {"kind": "permanent_residence", "person_id": nobody["id"]}, expect=422)
    assert r["field"] == "person_id"


def test_family_permit_follows_the_sponsor_and_is_reviewed_when_the_sponsor_loses_status(
    make_api: Any,
) -> None:
    anna = make_api("caseworker")
    sponsor, _, _ = granted_case(anna, on="2024-01-01")
    [sponsor_status] = anna.get(f"/people/{sponsor['id']}/statuses")
    spouse = person(anna, name="Spouse")
    fr = anna.post(
        "/cases", {"kind": "family_reunification", "person_id": spouse["id"], "sponsor_id": sponsor["id"]}
    )
    anna.post(
        f"/cases/{fr['id']}/decisions",
        {"kind": "grant", "decision_date": "2024-06-01", "reasons": "Spouse of a protected person."},
    )
    [spouse_status] = anna.get(f"/people/{spouse['id']}/statuses")
    assert spouse_status["valid_until"] == sponsor_status["valid_until"]
    assert spouse_status["sponsor_id"] == sponsor["id"] and spouse_status["ground"] == "family"
    review = anna.post("/cases", {"kind": "review", "person_id": sponsor["id"]})
    assess(anna, review["id"], "individual_assessment")
    anna.post(
        f"/cases/{review['id']}/decisions",
        {"kind": "revocation", "decision_date": "2024-10-01", "reasons": "Ground lapsed."},
    )
    # the spouse's permit is not ended automatically: a review case is opened for an individual decision
    assert anna.get(f"/people/{spouse['id']}/statuses")[0]["ended_on"] is None
    reviews = [c for c in anna.get("/cases?kind=review&limit=200")["items"] if c["person_id"] == spouse["id"]]
    assert len(reviews) == 1 and reviews[0]["parent_case_id"] == review["id"]


def _variant(program_id: str, status_name: str, declared: bool) -> Any:
    """dk.asylum.status with its status output under another name, declared in its metadata or not."""
    from dataclasses import replace

    from migralex.engine.meta import ProgramMeta
    from migralex.rules.registry import get_program

    danish = get_program("dk.asylum.status")  # as its pack holds it
    outputs = {(status_name if k == "status" else k): v for k, v in danish.outputs.items()}
    meta = ProgramMeta(vocabulary=danish.meta.vocabulary, status_output=status_name if declared else None)
    return replace(danish, id=program_id, outputs=outputs, meta=meta, pack=danish.pack)


def test_the_granted_status_is_the_output_the_metadata_declares_whatever_its_name(
    make_api: Any, monkeypatch: Any
) -> None:
    """UL § 7, stk. 3 (generalised violence) gives temporary protection: the grant records that status
    because the program's metadata names the output holding it, not because the output is called
    ``status``; an output called ``status`` that the metadata does not declare is not read."""
    from migralex.rules import registry

    renamed = _variant("dk.asylum.status_renamed", "residence_permit_kind", declared=True)
    undeclared = _variant("dk.asylum.status_undeclared", "status", declared=False)
    known = {p.id: p for p in (renamed, undeclared)}
    original = registry.get_program
    monkeypatch.setattr(registry, "get_program", lambda pid: known.get(pid) or original(pid))

    anna = make_api("caseworker")
    for program, expected in ((renamed, "temporary_protection"), (undeclared, "protection")):
        p = person(anna)
        case = anna.post("/cases", {"kind": "asylum_claim", "person_id": p["id"], "opened_on": "2025-01-10"})
        d = anna.post(
            f"/cases/{case['id']}/decisions",
            {
                "kind": "grant",
                "decision_date": "2025-01-10",
                "program": program.id,
                "facts": GENERALISED,
                "reasons": "Generalised violence in the home area (UL § 7, stk. 3).",
            },
        )
        assert d["outcome"] == "eligible" and d["program_id"] == program.id
        assert ("status" in d["result"]["outputs"]) is (program is undeclared)
        [status] = anna.get(f"/people/{p['id']}/statuses")
        assert status["status_code"] == expected, program.id


def test_the_danish_and_uk_grant_programs_declare_their_status_output() -> None:
    from migralex.rules.registry import get_program

    assert get_program("dk.asylum.status").meta.status_output == "status"
    assert get_program("uk.asylum.protection").meta.status_output == "status_code"


def test_a_status_output_the_program_lacks_is_a_definition_error() -> None:
    from dataclasses import replace

    import pytest

    from migralex.engine.errors import DefinitionError
    from migralex.engine.meta import ProgramMeta

    program = _variant("dk.asylum.status_checked", "status", declared=True)
    with pytest.raises(DefinitionError, match="status output 'permit_kind' is not one of its outputs"):
        replace(program, meta=ProgramMeta(status_output="permit_kind"))
