"""Issue 14, items 15-16: every bad input a 4xx naming the real field, nothing written; one error shape
(RFC 9457 problem+json); the OpenAPI schema declares the constraints the code enforces."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from .helpers import csrf_of, web_login

PROBLEM = "application/problem+json"


@pytest.mark.parametrize("field", ["person_id", "sponsor_id", "parent_case_id", "assigned_to"])
@pytest.mark.parametrize("value", [2**31, 2**63, 2**64 + 5])
def test_ids_beyond_the_integer_range_are_a_422_naming_the_field(
    make_api: Any, field: str, value: int
) -> None:
    """Probe 15: ids at or above 2**31 (PostgreSQL integer) are refused before reaching the database."""
    sara = make_api("senior_caseworker")
    body = {"kind": "asylum_claim", "person_id": 1, field: value}
    r = sara.post("/cases", body, expect=422)
    assert r["field"] == field
    link = sara.post("/people/1/family-links", {"relative_id": value, "relation": "spouse"}, expect=None)
    assert link["field"] == "relative_id" and link["status"] == 422


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"full_name": "A", "nationality": "SY", "birth_date": 0}, "birth_date"),
        ({"full_name": "   ", "nationality": "SY"}, "full_name"),
        ({"full_name": "A", "nationality": "ZZZ"}, "nationality"),
        ({"full_name": "A", "nationality": "SY", "birth_date": "1700-01-01"}, "birth_date"),
        ({"full_name": "A", "nationality": "SY", "vulnerability_notes": "x\x00y"}, "vulnerability_notes"),
        ({"full_name": "A", "nationality": "SY", "allow_duplicate": "yes"}, "allow_duplicate"),
    ],
)
def test_person_inputs_are_strict_and_errors_name_the_field(
    make_api: Any, body: dict[str, Any], field: str
) -> None:
    """Probe 15: a number is not a date, blank is not a name, ZZZ is not a country; each names its field."""
    anna = make_api("caseworker")
    r = anna.post("/people", body, expect=422)
    assert r["field"] == field, r
    assert anna.get("/people")["total"] == 0


def test_stateless_and_unknown_nationalities_are_accepted(make_api: Any) -> None:
    """Probe 15: the travel-document codes for stateless persons and refugees are valid nationalities."""
    anna = make_api("caseworker")
    for code in ("XXA", "XXB", "XXX", "SYR", "DK"):
        anna.post("/people", {"full_name": f"Code {code}", "nationality": code})


def test_a_boolean_is_not_an_id(make_api: Any) -> None:
    """Probe 15: ``person_id: true`` is refused, not taken as person 1."""
    anna = make_api("caseworker")
    r = anna.post("/cases", {"kind": "asylum_claim", "person_id": True}, expect=422)
    assert r["field"] == "person_id"


def test_deep_nesting_and_unpaired_surrogates_are_refused(make_api: Any, client: TestClient) -> None:
    """Probe 15: facts nested 5,000 deep, and a fact key with an unpaired surrogate, are 4xx."""
    anna = make_api("caseworker")
    p = anna.post("/people", {"full_name": "Deep", "nationality": "SY"})
    case = anna.post("/cases", {"kind": "asylum_claim", "person_id": p["id"]})
    deep = '{"a":' * 5000 + "1" + "}" * 5000
    raw = '{"program": "dk.asylum.status", "date": "2025-01-01", "facts": ' + deep + "}"
    r = client.post(
        f"/api/v1/cases/{case['id']}/evaluate",
        content=raw,
        headers={**anna.headers, "content-type": "application/json"},
    )
    assert 400 <= r.status_code < 500 and r.headers["content-type"] == PROBLEM
    shallow = '{"a":' * 40 + "1" + "}" * 40
    raw = '{"program": "dk.asylum.status", "date": "2025-01-01", "facts": ' + shallow + "}"
    r = client.post(
        f"/api/v1/cases/{case['id']}/evaluate",
        content=raw,
        headers={**anna.headers, "content-type": "application/json"},
    )
    assert r.status_code == 422 and r.json()["field"] == "facts"
    raw = '{"program": "dk.asylum.status", "date": "2025-01-01", "facts": {"\\ud800x": true}}'
    r = client.post(
        f"/api/v1/cases/{case['id']}/evaluate",
        content=raw,
        headers={**anna.headers, "content-type": "application/json"},
    )
    assert r.status_code == 422 and r.json()["field"] == "facts"


def test_page_inputs_deep_form_and_huge_offset(make_api: Any, client: TestClient) -> None:
    """Probe 15: the guided-assessment form and the check's state with 5,000-deep JSON, and
    /audit?offset=10**20, are answered without a server error."""
    anna, ida = make_api("caseworker"), make_api("auditor")
    p = anna.post("/people", {"full_name": "Form", "nationality": "SY"})
    case = anna.post("/cases", {"kind": "asylum_claim", "person_id": p["id"]})
    web_login(client, anna)
    token = csrf_of(client.get("/").text)
    deep = "[" * 5000 + "]" * 5000
    client.get(f"/cases/{case['id']}/assess?program=dk.asylum.status&date=2025-03-01")
    r = client.post(
        f"/cases/{case['id']}/assess/questions",
        data={"csrf": token, "answer-applicant.outside_country_of_nationality": deep},
    )
    assert r.status_code == 422
    assert client.post("/check/questions", data={"csrf": token, "state": deep}).status_code == 422
    client.cookies.clear()
    web_login(client, ida)
    assert client.get(f"/audit?offset={10**20}").status_code == 200


def test_one_error_shape_everywhere(make_api: Any, client: TestClient) -> None:
    """Probe 16: 401, 404, 405, 409, 422 and unknown paths under /api all answer problem+json."""
    anna = make_api("caseworker")
    answers = [
        client.get("/api/v1/me"),
        client.get("/api/v1/cases/2000000000", headers=anna.headers),
        client.put("/api/v1/me", headers=anna.headers),
        client.get("/api/v1/no-such-thing", headers=anna.headers),
        client.get("/api/v1/cases?limit=0", headers=anna.headers),
        client.post(
            "/api/v1/cases", content="{not json", headers={**anna.headers, "content-type": "application/json"}
        ),
    ]
    for r in answers:
        assert r.headers["content-type"] == PROBLEM, (r.status_code, r.text)
        body = r.json()
        assert {"type", "title", "status", "detail"} <= set(body) and body["status"] == r.status_code


def test_openapi_declares_the_constraints(app: FastAPI) -> None:
    """Probe 16: id bounds, date ranges, non-blank names and problem+json errors are in the schema."""
    doc = app.openapi()
    case_in = doc["components"]["schemas"]["CaseIn"]["properties"]
    assert case_in["person_id"]["maximum"] == 2**31 - 1 and case_in["person_id"]["minimum"] == 1
    person_in = doc["components"]["schemas"]["PersonIn"]["properties"]
    birth = json.dumps(person_in["birth_date"])
    assert "1900-01-01" in birth and "today" in birth  # a birth date is never in the future
    opened = json.dumps(doc["components"]["schemas"]["CaseIn"]["properties"]["opened_on"])
    assert "1900-01-01" in opened and "2200-12-31" in opened
    assert person_in["full_name"]["pattern"] == r"\S"
    responses = doc["paths"]["/api/v1/cases"]["post"]["responses"]
    assert "application/problem+json" in responses["422"]["content"]
