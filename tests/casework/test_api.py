"""API behaviour: 4xx naming the field, pagination, idempotency keys, transactions, designations."""

from __future__ import annotations

import uuid
from typing import Any

from .helpers import GENERALISED, PERSECUTED, assess, complete, granted_case, person, unused_country


def test_errors_name_the_field(make_api: Any) -> None:
    anna = make_api("caseworker")
    r = anna.post("/people", {"full_name": "", "nationality": "SY"}, expect=422)
    assert r["error"] == "invalid_input" and r["field"] == "full_name"
    r = anna.post("/people", {"full_name": "A", "nationality": "syria"}, expect=422)
    assert r["field"] == "nationality"
    r = anna.post("/people", {"full_name": "A", "nationality": "SY", "surprise": 1}, expect=422)
    assert r["field"] == "surprise"
    r = anna.post("/people", {"full_name": "A\x00B", "nationality": "SY"}, expect=422)
    assert "NUL" in r["message"]
    r = anna.post("/cases", {"kind": "asylum_claim", "person_id": 2_000_000_000}, expect=404)
    assert r["field"] == "person_id"
    assert anna.get("/cases?limit=0", expect=422)["field"] == "limit"
    assert anna.get("/cases/0", expect=422)["field"] == "case_id"


def test_pagination(make_api: Any) -> None:
    anna = make_api("caseworker")
    ids = [person(anna, name=f"Page {i}")["id"] for i in range(5)]
    first = anna.get("/people?limit=2&offset=0")
    second = anna.get("/people?limit=2&offset=2")
    third = anna.get("/people?limit=2&offset=4")
    assert first["total"] == 5 and first["limit"] == 2
    assert [p["id"] for p in first["items"] + second["items"] + third["items"]] == ids


def test_idempotency_key_replays_and_refuses_a_different_body(make_api: Any) -> None:
    anna = make_api("caseworker")
    key = {"Idempotency-Key": f"k-{uuid.uuid4()}"}
    body = {"full_name": "Once Only", "nationality": "IQ"}
    a = anna.post("/people", body, headers=key)
    b = anna.post("/people", body, headers=key)
    assert a == b
    assert anna.get("/people?limit=200")["total"] == 1
    c = anna.post("/people", {**body, "full_name": "Someone Else"}, expect=409, headers=key)
    assert c["field"] == "Idempotency-Key"
    # keys are per user: another user's same key is a new request
    bo = make_api("caseworker")
    assert bo.post("/people", body, headers=key)["id"] != a["id"]
    # decisions too: a retried decision is made once
    case = anna.post("/cases", {"kind": "asylum_claim", "person_id": a["id"]})
    dec = {
        "kind": "grant",
        "decision_date": "2025-01-10",
        "program": "dk.asylum.status",
        "facts": GENERALISED,
        "reasons": "retry-safe",
    }
    k2 = {"Idempotency-Key": f"d-{uuid.uuid4()}"}
    d1 = anna.post(f"/cases/{case['id']}/decisions", dec, headers=k2)
    d2 = anna.post(f"/cases/{case['id']}/decisions", dec, headers=k2)
    assert d1["id"] == d2["id"] and len(anna.get(f"/cases/{case['id']}/decisions")) == 1


def test_failed_request_writes_nothing(make_api: Any) -> None:
    """An extension with no length available fails after the decision row was flushed: all rolled back."""
    anna = make_api("caseworker")
    p = person(anna)
    case = anna.post("/cases", {"kind": "asylum_claim", "person_id": p["id"]})
    anna.post(
        f"/cases/{case['id']}/decisions",
        {
            "kind": "grant",
            "decision_date": "2025-01-01",
            "permit_until": "2026-01-01",
            "reasons": "manual grant",
        },
    )
    review = anna.post("/cases", {"kind": "review", "person_id": p["id"]})
    r = anna.post(
        f"/cases/{review['id']}/decisions",
        {"kind": "extension", "decision_date": "2025-12-01", "reasons": "no length known"},
        expect=422,
    )
    assert r["field"] == "extension_years"
    assert anna.get(f"/cases/{review['id']}/decisions") == []
    assert anna.get(f"/cases/{review['id']}")["status"] == "open"
    assert len(anna.get(f"/people/{p['id']}/statuses")) == 1


def test_safe_country_designation_reviews_only_generalised_violence(make_api: Any) -> None:
    anna, sara = make_api("caseworker"), make_api("senior_caseworker")
    country = unused_country(0)
    gv, _, _ = granted_case(anna, GENERALISED, nationality=country, home_region="Capital", name="GV holder")
    gv_other, _, _ = granted_case(
        anna, GENERALISED, nationality=country, home_region="North", name="GV north"
    )
    pp, _, _ = granted_case(anna, PERSECUTED, nationality=country, home_region="Capital", name="PP holder")
    body = {
        "country": country,
        "region": "Capital",
        "safe_from": "2025-06-01",
        "basis": "Country report 2025",
    }
    anna.post("/safe-countries", body, expect=403)
    preview = sara.post("/safe-countries/preview", body, expect=200)
    assert [h["person_id"] for h in preview["affected"]] == [gv["id"]]
    assert [h["person_id"] for h in preview["excluded"]] == [pp["id"]]
    assert sara.get("/cases?kind=review&limit=200")["items"] == [] or all(
        c["person_id"] != gv["id"] for c in sara.get("/cases?kind=review&limit=200")["items"]
    )
    d = sara.post("/safe-countries", body)
    [affected] = d["affected"]
    review = sara.get(f"/cases/{affected['review_case_id']}")
    assert review["kind"] == "review" and review["designation_id"] == d["id"] and review["status"] == "open"
    assert review["assigned_to"] == anna.id
    assert gv_other["id"] not in [h["person_id"] for h in d["affected"] + d["excluded"]]
    # the designation is now a fact the revocation program sees, but no permit ended by itself
    assert all(s["ended_on"] is None for s in anna.get(f"/people/{gv['id']}/statuses"))
    assert anna.post(
        f"/cases/{review['id']}/decisions",
        {"kind": "revocation", "decision_date": "2025-07-01", "reasons": "bulk"},
        expect=409,
    )["blocks"]


def test_case_safeguards_and_timeline(make_api: Any) -> None:
    anna = make_api("caseworker")
    p = person(anna, vulnerabilities=["torture_survivor"])
    case = anna.post("/cases", {"kind": "expulsion", "person_id": p["id"], "opened_on": "2025-01-01"})
    status = {s["decision_kind"]: s for s in anna.get(f"/cases/{case['id']}/safeguards")}
    assert set(status) == {"expulsion", "tolerated_stay"}
    assert {b["safeguard"] for b in status["expulsion"]["blocks"]} == {
        "individual_assessment",
        "non_refoulement",
        "vulnerability_considered",
    }
    assert status["tolerated_stay"]["blocks"] == []
    anna.post(
        f"/cases/{case['id']}/assessments",
        {
            "kind": "non_refoulement",
            "conclusion": "no_risk",
            "reasons": "Country information, interview.",
            "recorded_on": "2025-01-05",
        },
    )
    status = {s["decision_kind"]: s for s in anna.get(f"/cases/{case['id']}/safeguards")}
    assert [m["safeguard"] for m in status["expulsion"]["met"]] == ["non_refoulement"]
    timeline = anna.get(f"/cases/{case['id']}/timeline")
    assert [t["on"] for t in timeline] == ["2025-01-01", "2025-01-05"]


def test_designation_feeds_the_revocation_program_which_still_needs_an_individual_assessment(
    make_api: Any,
) -> None:
    anna, sara = make_api("caseworker"), make_api("senior_caseworker")
    assert "dk.asylum.revocation" in {p["id"] for p in anna.get("/programs")}
    country = unused_country(1)
    holder, _, _ = granted_case(anna, GENERALISED, nationality=country, home_region="Capital")
    d = sara.post(
        "/safe-countries",
        {
            "country": country,
            "region": "Capital",
            "safe_from": "2025-06-01",
            "basis": "Country of origin information.",
        },
    )
    review_id = d["affected"][0]["review_case_id"]
    no_personal_grounds = {
        "person.well_founded_fear_of_persecution": False,
        "person.real_risk_of_serious_harm": False,
        "person.other_risk_of_harm_on_return": False,
        "case.revocation_breaches_international_obligations": False,
        "person.strong_ties_to_host_country": False,
        "person.ties_to_persons_in_host_country": False,
        "person.removal_affects_close_family": False,
        "person.age_health_weigh_against_removal": False,
        "person.weak_ties_to_country_of_return": False,
        "person.home_country_fundamental_change": True,
    }
    schema = next(p for p in anna.get("/programs") if p["id"] == "dk.asylum.revocation")["facts_schema"]
    facts = {k: v for k, v in no_personal_grounds.items() if k in schema["properties"]}
    ev = anna.post(
        f"/cases/{review_id}/evaluate",
        {"program": "dk.asylum.revocation", "date": "2025-07-01", "facts": facts},
        expect=200,
    )
    # prefilled from the database: the holder's status and the designation
    assert ev["facts"]["person.residence_status"] == "temporary_protection"
    assert ev["facts"]["person.home_region_declared_safe"] is True
    facts = complete(anna, review_id, "dk.asylum.revocation", "2025-07-01", facts)
    body = {
        "kind": "revocation",
        "decision_date": "2025-07-01",
        "program": "dk.asylum.revocation",
        "facts": facts,
        "reasons": "General situation improved; no personal grounds.",
    }
    blocked = anna.post(f"/cases/{review_id}/decisions", body, expect=409)
    assert [b["safeguard"] for b in blocked["blocks"]] == ["individual_assessment"]
    assess(anna, review_id, "individual_assessment", on="2025-06-30")
    made = anna.post(f"/cases/{review_id}/decisions", body)
    assert made["outcome"] == "eligible" and made["program_id"] == "dk.asylum.revocation"
    assert all(s["ended_on"] == "2025-07-01" for s in anna.get(f"/people/{holder['id']}/statuses"))


def test_intake_flags_a_likely_duplicate(make_api: Any) -> None:
    anna, bo = make_api("caseworker"), make_api("caseworker")
    name = f"Amal Nasser {uuid.uuid4().hex[:6]}"
    first = anna.post("/people", {"full_name": name, "nationality": "SY", "birth_date": "1985-03-03"})
    dup = anna.post(
        "/people",
        {"full_name": f"  {name.upper()} ", "nationality": "SY", "birth_date": "1985-03-03"},
        expect=409,
    )
    assert dup["possible_duplicates"] == [first["id"]] and dup["field"] == "full_name"
    other = bo.post(
        "/people",
        {"full_name": name, "nationality": "SY", "birth_date": "1985-03-03", "allow_duplicate": True},
    )
    assert other["id"] != first["id"]
    bo.post("/people", {"full_name": name, "nationality": "IQ", "birth_date": "1985-03-03"})


def test_decisions_report_is_csv_without_names(make_api: Any, client: Any) -> None:
    import csv
    import io

    anna, sara = make_api("caseworker"), make_api("senior_caseworker")
    p, case, d = granted_case(anna, on="2025-03-03")
    anna.call("GET", "/reports/decisions.csv", expect=403)
    r = client.get("/api/v1/reports/decisions.csv?from=2025-03-03&to=2025-03-03", headers=sara.headers)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    mine = [row for row in rows if row["decision_id"] == str(d["id"])]
    assert mine and mine[0]["case_reference"] == case["reference"] and mine[0]["outcome"] == "eligible"
    assert mine[0]["rulepack_hash"] == d["rulepack"]["hash"]
    assert p["full_name"] not in r.text
    assert all(row["decision_date"] == "2025-03-03" for row in rows)
