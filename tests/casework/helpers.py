"""Scenario helpers shared by the casework tests."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

#: Facts for dk.asylum.status giving temporary protection (§ 7, stk. 3: generalised violence).
GENERALISED = {
    "applicant.outside_country_of_nationality": True,
    "case.first_country_of_asylum_applies": False,
    "applicant.well_founded_fear_of_persecution": False,
    "applicant.real_risk_of_serious_harm": True,
    "applicant.risk_from_generalised_violence": True,
}
#: Facts for dk.asylum.status giving Convention status (§ 7, stk. 1: personal persecution).
PERSECUTED = {
    **GENERALISED,
    "applicant.well_founded_fear_of_persecution": True,
    "applicant.risk_from_generalised_violence": False,
}


#: Nationalities the scenario helpers and tests use by name.
USED_COUNTRIES = frozenset({"SY", "SYR", "IQ", "IR", "AF", "ER", "PL"})


def unused_country(slot: int, slots: int = 2) -> str:
    """A real ISO 3166-1 alpha-3 code no test uses by name, drawn from slot ``slot`` of ``slots``.

    Tests that count holders of one nationality draw from different slots, so they never share one.
    """
    import random

    import pycountry

    codes = sorted(c.alpha_3 for c in pycountry.countries if c.alpha_3 not in USED_COUNTRIES)
    return random.choice(codes[slot::slots])


def person(api: Any, name: str = "Test Person", **kw: Any) -> dict[str, Any]:
    """Record a person through the API."""
    body = {
        "full_name": f"{name} {uuid.uuid4().hex[:6]}",
        "nationality": "SY",
        "birth_date": "1990-01-01",
        **kw,
    }
    result: dict[str, Any] = api.post("/people", body)
    return result


def granted_case(
    api: Any, facts: dict[str, Any] | None = None, on: str = "2025-01-10", **person_kw: Any
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """(person, asylum case, grant decision) using dk.asylum.status."""
    p = person(api, **person_kw)
    case = api.post("/cases", {"kind": "asylum_claim", "person_id": p["id"], "opened_on": on})
    d = api.post(
        f"/cases/{case['id']}/decisions",
        {
            "kind": "grant",
            "decision_date": on,
            "program": "dk.asylum.status",
            "facts": facts or GENERALISED,
            "reasons": "Test grant.",
        },
    )
    return p, case, d


#: The default date of a recorded assessment: before every decision date the scenarios use (an assessment
#: counts only for decisions dated on or after it).
ASSESSED_ON = "2024-01-02"


def assess(
    api: Any, case_id: int, kind: str, conclusion: str = "done", on: str = ASSESSED_ON
) -> dict[str, Any]:
    """Record a safeguard assessment dated ``on``."""
    body = {
        "kind": kind,
        "conclusion": conclusion,
        "reasons": f"Recorded {kind} for the test, with reasons.",
        "recorded_on": on,
    }
    result: dict[str, Any] = api.post(f"/cases/{case_id}/assessments", body)
    return result


def complete(api: Any, case_id: int, program: str, on: str, facts: dict[str, Any]) -> dict[str, Any]:
    """Answer the program's missing facts favourably (true, 24, an old date, first code) until it decides.

    Keeps tests about one condition (e.g. the age limit) independent of the rest of a pack in progress.
    """
    schema = next(p for p in api.get("/programs") if p["id"] == program)["facts_schema"]["properties"]
    facts = dict(facts)
    for _ in range(20):
        ev = api.post(
            f"/cases/{case_id}/evaluate", {"program": program, "date": on, "facts": facts}, expect=200
        )
        if ev["outcome"] != "unknown":
            return facts
        for fid in ev["missing_facts"]:
            spec = schema[fid]
            types = spec.get("type", [])
            if spec.get("enum"):
                facts[fid] = next(c for c in spec["enum"] if c is not None)
            elif "boolean" in types:
                facts[fid] = True
            elif spec.get("format") == "date":
                facts[fid] = "2015-01-01"
            elif "integer" in types or "number" in types:
                facts[fid] = 24
            elif "array" in types:
                facts[fid] = []
            else:
                facts[fid] = "x"
    raise AssertionError(f"{program} stays unknown: {ev['missing_facts']}")


def wait_until(condition: Callable[[], bool], what: str, bound: float = 30) -> None:
    """Synchronise with another thread or process (not a timing assertion: a generous bound against a
    hang)."""
    deadline = time.monotonic() + bound
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting until {what}")
        time.sleep(0.005)
