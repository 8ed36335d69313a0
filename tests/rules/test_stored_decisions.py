"""Decisions stored by release 0.1 (tests/fixtures/stored_decisions_v0_1.json) still load and re-run.

The fixture was made by the casework service before any fact id or shape changed (see
tests/fixtures/make_stored_decisions.py). Each stored decision is written to a fresh casework database
exactly as stored, then re-run through :func:`migralex.casework.lifecycle.rerun`: the pack's upgraders carry
old facts to today's schema, and a changed outcome must be explained by changed conditions.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from migralex.casework import access, lifecycle
from migralex.casework.models import Case, Decision, Person, User
from migralex.casework.store import casework_engine, session_factory
from migralex.db.migrate import upgrade
from migralex.rules.registry import get_program

FIXTURE = Path(__file__).parent.parent / "fixtures" / "stored_decisions_v0_1.json"
STORED: list[dict[str, Any]] = json.loads(FIXTURE.read_text(encoding="utf-8"))["decisions"]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Session, User, list[Decision]]]:
    """A fresh casework database holding the stored decisions, row for row."""
    url = f"sqlite:///{tmp_path_factory.mktemp('stored') / 'cw.sqlite3'}"
    upgrade(url)
    engine = casework_engine(url)
    sessions = session_factory(engine)
    with sessions.begin() as session:
        actor = access.create_user(session, None, "auditor1", "auditor-pass-1234", "auditor", "Auditor")
        person = Person(full_name="Stored", nationality="SY", vulnerabilities=[])
        session.add(person)
        session.flush()
        case = Case(reference="CW-FIX-1", kind="review", person_id=person.id, opened_on=date(2015, 1, 1))
        session.add(case)
        session.flush()
        for row in STORED:
            amount = row["support_amount"]
            fields = {
                **row,
                "decision_date": date.fromisoformat(row["decision_date"]),
                "support_amount": None if amount is None else Decimal(amount),
            }
            session.add(Decision(**fields, case_id=case.id, safeguards=[], decided_by=actor.id))
    session = sessions()
    yield session, actor, list(session.query(Decision).order_by(Decision.id))
    session.close()
    engine.dispose()


def test_fixture_covers_both_packs_slots_percents_and_a_reform() -> None:
    programs = {row["program_id"] for row in STORED}
    assert {"dk.asset_seizure", "dk.area.parallel_society", "uk.family.partner"} <= programs
    assert any(row["reform_id"] for row in STORED)
    assert any("person.item_2_value" in row["facts"] for row in STORED)
    assert {row["rulepack_version"] for row in STORED} == {"0.1.0"}


@pytest.mark.parametrize(
    "index", range(len(STORED)), ids=[f"{i}-{r['program_id']}" for i, r in enumerate(STORED)]
)
def test_stored_decision_reruns(loaded: tuple[Session, User, list[Decision]], index: int) -> None:
    session, actor, decisions = loaded
    stored = decisions[index]
    report = lifecycle.rerun(session, actor, stored)
    assert report["stored_outcome"] == STORED[index]["outcome"]
    assert report["current_outcome"] in ("eligible", "ineligible", "unknown", "not_in_force")
    changed = {c["id"] for c in report["conditions_changed"]}
    if report["current_outcome"] == "not_in_force":
        # the date now lies outside the program's encoded window: the report says why, with the citation
        assert report["not_in_force"]["message"] and report["not_in_force"]["citation"]["citation"]
    elif report["current_outcome"] != report["stored_outcome"]:
        # a changed outcome is otherwise explained by the program's root condition among the changes
        assert get_program(stored.program_id or "").root.id in changed, report
    if report["same_pack"]:
        assert report["identical"] and not changed and not report["parameters_changed"]


def _nodes(result: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    stack = [*result["conditions"], *(o["explanation"] for o in result["outputs"].values())]
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(node.get("children", []))
    return out


def test_rerun_reports_changed_conditions_and_parameters() -> None:
    """A changed threshold and the root condition it flips are both named, with stored and current."""
    stored = STORED[0]["result"]
    current = json.loads(json.dumps(stored))
    root = current["conditions"][0]
    root["result"] = not root["result"]
    cash = next(c for c in root["children"] if c["id"] == "dk.asset_seizure.cash_seizable")
    key = next(iter(cash["parameters"]))
    old_value = cash["parameters"][key]["value"]
    for node in _nodes(current):  # the value read on that date, wherever it was read
        if key in node.get("parameters", {}):
            node["parameters"][key]["value"] = "12000"
    changes = lifecycle.explanation_changes(stored, current)
    assert changes["conditions_changed"] == [
        {"id": "dk.asset_seizure", "stored": True, "current": False, "only_in": None}
    ]
    [param] = changes["parameters_changed"]
    assert (param["id"], param["stored"]["value"], param["current"]["value"]) == (key, old_value, "12000")


def test_asset_seizure_slots_become_a_list_of_items() -> None:
    """Pack 0.1 stored up to three numbered item slots; pack 0.2 reads the list ``person.items_of_value``."""
    from migralex.rules.dk.asset_seizure import items_from_slots

    old = {
        "person.cash_amount": "8000",
        "person.item_count": 2,
        "person.item_1_value": "12000",
        "person.item_1_special_personal_value": True,
        "person.item_2_value": "15000",
        "person.item_2_special_personal_value": False,
        "person.item_3_value": "99999",  # beyond the count: never an item
    }
    assert items_from_slots(old) == {
        "person.cash_amount": "8000",
        "person.items_of_value": [
            {"value": "12000", "special_personal_value": True},
            {"value": "15000", "special_personal_value": False},
        ],
    }
    # a count above the old three slots: the items the old schema could not hold are unknown, never dropped
    five = items_from_slots({"person.item_count": 5})["person.items_of_value"]
    assert len(five) == 5 and five[3] == {"value": None, "special_personal_value": None}
    # an unknown count leaves the list unknown
    assert "person.items_of_value" not in items_from_slots({"person.item_1_value": "20000"})


def test_stored_asset_seizures_rerun_through_the_upgrader(
    loaded: tuple[Session, User, list[Decision]],
) -> None:
    session, actor, decisions = loaded
    seizures = [d for d in decisions if d.program_id == "dk.asset_seizure"]
    assert seizures
    for stored in seizures:
        report = lifecycle.rerun(session, actor, stored)
        assert report["facts_upgraded"] and "person.items_of_value" in report["facts_upgraded"][0]
        assert report["current_outcome"] == report["stored_outcome"]
        changed = {c["id"] for c in report["conditions_changed"]}
        assert "dk.asset_seizure.items_seizable" in changed  # the per-slot conditions became one
        assert "dk.asset_seizure.seizable_amount" not in changed  # and the amount is the same
