"""Input that matches reality (issue #12): a birth date is a past day, a nationality is a real code,
every id is bounded, and a safe-country designation is recorded once. Each refusal is a 4xx naming
the field, and nothing is written."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import pycountry
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from migralex.casework.models import Case, Person, SafeDesignation
from tests.casework.helpers import GENERALISED, granted_case, unused_country


def count(sessions: sessionmaker[Session], model: Any) -> int:
    with sessions() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_a_person_born_in_2099_is_refused_naming_birth_date(
    make_api: Any, sessions: sessionmaker[Session]
) -> None:
    anna = make_api("caseworker")
    before = count(sessions, Person)
    r = anna.post(
        "/people", {"full_name": "Born Later", "nationality": "SY", "birth_date": "2099-01-01"}, 422
    )
    assert r["field"] == "birth_date" and "future" in r["message"]
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    r = anna.post("/people", {"full_name": "Born Tomorrow", "nationality": "SY", "birth_date": tomorrow}, 422)
    assert r["field"] == "birth_date"
    r = anna.post(
        "/people", {"full_name": "Born Early", "nationality": "SY", "birth_date": "1899-12-31"}, 422
    )
    assert r["field"] == "birth_date" and "1900-01-01" in r["message"]
    assert count(sessions, Person) == before
    born_today = anna.post(
        "/people",
        {
            "full_name": f"Newborn {uuid.uuid4().hex[:6]}",
            "nationality": "SY",
            "birth_date": str(date.today()),
        },
    )
    assert born_today["birth_date"] == str(date.today())


def test_nationality_zz_and_zzz_are_refused_naming_nationality(
    make_api: Any, sessions: sessionmaker[Session]
) -> None:
    anna = make_api("caseworker")
    before = count(sessions, Person)
    for code in ("ZZ", "ZZZ", "QQ", "sy", "SYRIA"):
        r = anna.post("/people", {"full_name": f"Code {code}", "nationality": code}, 422)
        assert r["field"] == "nationality", (code, r)
    assert count(sessions, Person) == before


def test_icao_travel_document_codes_are_nationalities_and_alpha_3_is_stored_as_alpha_2(
    make_api: Any,
) -> None:
    """ICAO Doc 9303 Part 3: XXA stateless, XXB refugee (1951 Convention), XXC refugee (other),
    XXX unspecified. The field holds ISO 3166-1 alpha-2; an alpha-3 code is accepted and stored so."""
    anna = make_api("caseworker")
    for code in ("XXA", "XXB", "XXC", "XXX"):
        assert anna.post("/people", {"full_name": f"Code {code}", "nationality": code})["nationality"] == code
    assert anna.post("/people", {"full_name": "Syrian", "nationality": "SYR"})["nationality"] == "SY"
    assert anna.post("/people", {"full_name": "Kosovar", "nationality": "XKX"})["nationality"] == "XK"


def test_ids_beyond_32_bits_are_refused_naming_the_field(make_api: Any) -> None:
    anna = make_api("caseworker")
    r = anna.post("/cases", {"kind": "asylum_claim", "person_id": 2**31}, 422)
    assert r["field"] == "person_id"
    assert anna.get(f"/cases/{2**31}", expect=422)["field"] == "case_id"
    assert anna.get(f"/people/{2**31}", expect=422)["field"] == "person_id"


def test_openapi_declares_birth_date_and_nationality_constraints(app: FastAPI) -> None:
    person_in = app.openapi()["components"]["schemas"]["PersonIn"]["properties"]
    birth = str(person_in["birth_date"])
    assert "1900-01-01" in birth and "today" in birth
    nationality = str(person_in["nationality"])
    assert "^[A-Z]{2,3}$" in nationality and "XXA" in nationality and "XXC" in nationality


def test_the_same_designation_twice_is_refused_naming_the_first_and_opens_no_second_review(
    make_api: Any, sessions: sessionmaker[Session]
) -> None:
    """A senior caseworker previews, then records, a designation; recording it again (same country,
    region and date) is a 409 naming the first, and the holder gets no second review case."""
    anna, sara = make_api("caseworker"), make_api("senior_caseworker")
    country, region = unused_country(0), f"Region {uuid.uuid4().hex[:8]}"
    holder, _, _ = granted_case(anna, GENERALISED, nationality=country, home_region=region)
    body = {"country": country, "region": region, "safe_from": "2025-06-01", "basis": "Country report 2025"}
    preview = sara.post("/safe-countries/preview", body, expect=200)
    assert preview["id"] is None and [h["person_id"] for h in preview["affected"]] == [holder["id"]]
    first = sara.post("/safe-countries", body)
    reviews, designations = count(sessions, Case), count(sessions, SafeDesignation)
    again = sara.post("/safe-countries", body, expect=409)
    assert again["field"] == "country" and again["existing_designation_id"] == first["id"]
    assert f"designation {first['id']}" in again["message"]
    assert sara.post("/safe-countries/preview", body, expect=409)["existing_designation_id"] == first["id"]
    assert (count(sessions, Case), count(sessions, SafeDesignation)) == (reviews, designations)
    # the alpha-2 spelling of the same country is the same designation
    found = pycountry.countries.get(alpha_3=country)
    assert found is not None
    alpha_2 = found.alpha_2
    same = sara.post("/safe-countries", {**body, "country": alpha_2}, expect=409)
    assert same["existing_designation_id"] == first["id"]
    # another date is another designation
    later = sara.post("/safe-countries", {**body, "safe_from": "2026-06-01"})
    assert later["id"] != first["id"]
