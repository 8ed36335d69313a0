"""Safeguards in detail: age-limit refusals involving a minor, separating a couple, children, re-run."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from migralex.casework import lifecycle
from migralex.casework.models import Decision, User

from .helpers import PERSECUTED, assess, complete, granted_case, person

SPOUSE = "dk.family_reunification.spouse"
NO_DISPENSATION = {"case.age_requirement_dispensation": False, "case.exceptional_circumstances": False}
NO_DISPENSATION = {"case.age_requirement_dispensation": False, "case.exceptional_circumstances": False}


def _refuse_a_minor_spouse_on_the_age_limit(anna: Any) -> tuple[dict[str, Any], dict[str, Any], Any]:
    """A refugee sponsor's spouse born 2009-02-01, refused on 2025-06-01 under the 24-year rule with no
    dispensation: (the case, the refusal's body, the 409 answer blocking it)."""
    sponsor, _, _ = granted_case(anna, facts=PERSECUTED, on="2024-01-01", birth_date="1990-01-01")
    minor = person(anna, name="Minor spouse", birth_date="2009-02-01")
    case = anna.post(
        "/cases", {"kind": "family_reunification", "person_id": minor["id"], "sponsor_id": sponsor["id"]}
    )
    facts = complete(anna, case["id"], SPOUSE, "2025-06-01", NO_DISPENSATION)
    body = {
        "kind": "refusal",
        "decision_date": "2025-06-01",
        "program": SPOUSE,
        "facts": facts,
        "reasons": "Applicant under 24.",
    }
    return case, body, anna.post(f"/cases/{case['id']}/decisions", body, expect=409)


def test_refusal_on_the_age_limit_involving_a_minor_needs_individual_and_child_assessments(
    make_api: Any,
) -> None:
    anna = make_api("caseworker")
    case, body, blocked = _refuse_a_minor_spouse_on_the_age_limit(anna)
    assert {b["safeguard"] for b in blocked["blocks"]} == {"individual_assessment", "best_interests_child"}
    assert "age limit" in blocked["message"]
    assess(anna, case["id"], "individual_assessment")
    assess(anna, case["id"], "best_interests_child")
    d = anna.post(f"/cases/{case['id']}/decisions", body)
    assert d["outcome"] == "ineligible" and d["adverse"]


def test_refusal_on_the_age_limit_between_adults_needs_no_individual_assessment(make_api: Any) -> None:
    anna = make_api("caseworker")
    sponsor, _, _ = granted_case(anna, facts=PERSECUTED, on="2024-01-01", birth_date="1990-01-01")
    young = person(anna, name="Young adult spouse", birth_date="2004-02-01")
    case = anna.post(
        "/cases", {"kind": "family_reunification", "person_id": young["id"], "sponsor_id": sponsor["id"]}
    )
    facts = complete(anna, case["id"], SPOUSE, "2025-06-01", NO_DISPENSATION)
    d = anna.post(
        f"/cases/{case['id']}/decisions",
        {
            "kind": "refusal",
            "decision_date": "2025-06-01",
            "program": SPOUSE,
            "facts": facts,
            "reasons": "Applicant 21.",
        },
    )
    assert d["outcome"] == "ineligible" and d["safeguards"] == []


def test_separating_a_couple_is_blocked_without_individual_assessment(make_api: Any) -> None:
    """The 2016 instruction: couples where one was a minor separated without individual assessment."""
    anna = make_api("caseworker")
    wife = person(anna, name="Wife, 17", birth_date="2008-05-01")
    husband = person(anna, name="Husband, 26", birth_date="1999-01-01")
    anna.post(f"/people/{husband['id']}/family-links", {"relative_id": wife["id"], "relation": "spouse"})
    case = anna.post("/cases", {"kind": "asylum_claim", "person_id": husband["id"]})
    body = {"kind": "separate_accommodation", "decision_date": "2025-06-01", "reasons": "Instruction."}
    blocked = anna.post(f"/cases/{case['id']}/decisions", body, expect=409)
    names = {b["safeguard"] for b in blocked["blocks"]}
    assert names == {"individual_assessment", "best_interests_child"}
    rigsret = next(b for b in blocked["blocks"] if b["safeguard"] == "individual_assessment")
    assert any("Rigsretten" in s["title"] for s in rigsret["sources"])
    assess(anna, case["id"], "individual_assessment")
    assess(anna, case["id"], "best_interests_child")
    d = anna.post(f"/cases/{case['id']}/decisions", body)
    assert d["adverse"] and anna.get(f"/cases/{case['id']}")["status"] == "open"  # not final


def test_any_decision_touching_a_child_needs_best_interests_even_a_grant(make_api: Any) -> None:
    anna = make_api("caseworker")
    parent = person(anna, name="Parent")
    child = person(anna, name="Child", birth_date="2015-01-01")
    anna.post(f"/people/{parent['id']}/family-links", {"relative_id": child["id"], "relation": "child"})
    case = anna.post("/cases", {"kind": "asylum_claim", "person_id": parent["id"]})
    body = {
        "kind": "grant",
        "decision_date": "2025-01-10",
        "program": "dk.asylum.status",
        "facts": PERSECUTED,
        "reasons": "Grant.",
    }
    blocked = anna.post(f"/cases/{case['id']}/decisions", body, expect=409)
    assert [b["safeguard"] for b in blocked["blocks"]] == ["best_interests_child"]
    assert "Child" in blocked["message"]
    assess(anna, case["id"], "best_interests_child")
    anna.post(f"/cases/{case['id']}/decisions", body)


def test_assessment_conclusions_must_fit_the_kind(make_api: Any) -> None:
    anna = make_api("caseworker")
    p = person(anna)
    case = anna.post("/cases", {"kind": "expulsion", "person_id": p["id"]})
    r = anna.post(
        f"/cases/{case['id']}/assessments",
        {"kind": "non_refoulement", "conclusion": "done", "reasons": "Not a real conclusion."},
        expect=422,
    )
    assert r["field"] == "conclusion"
    r = anna.post(
        f"/cases/{case['id']}/assessments",
        {"kind": "individual_assessment", "conclusion": "done", "reasons": "short"},
        expect=422,
    )
    assert r["field"] == "reasons"


def test_rerun_reports_a_changed_pack(make_api: Any, sessions: sessionmaker[Session]) -> None:
    anna = make_api("caseworker")
    _, _, d = granted_case(anna)
    with sessions() as s:
        stored = s.get(Decision, d["id"])
        assert stored is not None
        # the same decision as if made under an older pack version (in memory only: decisions are append-only)
        old = Decision(
            id=stored.id,
            case_id=stored.case_id,
            kind=stored.kind,
            adverse=False,
            decision_date=date(2025, 1, 10),
            program_id=stored.program_id,
            facts=stored.facts,
            outcome=stored.outcome,
            reform_id=None,
            rulepack_hash="0" * 64,
            result={**(stored.result or {}), "rulepack": {"id": "dk", "version": "0.0.1", "hash": "0" * 64}},
        )
        user = s.get(User, anna.id)
        assert user is not None
        out = lifecycle.rerun(s, user, old)
        s.rollback()
    assert out["same_pack"] is False and out["identical"] is False
    assert out["current_outcome"] == out["stored_outcome"] == "eligible"


def test_age_limit_safeguard_follows_the_tag_not_the_condition_id(make_api: Any, request: Any) -> None:
    """Renaming the age conditions (no "age" left in any id) keeps the age-limit safeguard on: casework
    reads the ``age_limit`` tag, never the id."""
    from migralex.engine import ConditionTag
    from migralex.rules.registry import get_program

    def set_id(node: Any, node_id: str) -> None:  # nodes are frozen data; the field is set underneath
        object.__setattr__(node, "id", node_id)

    for node in get_program(SPOUSE).tagged(ConditionTag.AGE_LIMIT):
        request.addfinalizer(lambda node=node, old=node.id: set_id(node, old))
        set_id(node, node.id.replace("age", "rule").replace("24", "min"))
    assert not [n.id for n in get_program(SPOUSE).nodes() if "age" in n.id.rsplit(".", 1)[-1].split("_")]
    anna = make_api("caseworker")
    _, _, blocked = _refuse_a_minor_spouse_on_the_age_limit(anna)
    assert "individual_assessment" in {b["safeguard"] for b in blocked["blocks"]}
    assert "age limit" in blocked["message"]
