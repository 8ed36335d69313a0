"""Runs the law-readable appeal cases under tests/cases/appeals/: route, body and last day to appeal."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from migralex.rules.appeals import AppealInputError, AppealQuery, add_period, appeal_route
from migralex.rules.families import FAMILIES, ProgramFamily
from migralex.rules.registry import programs

CASES_DIR = Path(__file__).parent.parent / "cases" / "appeals"


def _cases() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in raw["cases"]:
            out.append((f"{path.stem}: {case['name']}", {"pack": raw["pack"], **case}))
    return out


CASES = _cases()


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[i for i, _ in CASES])
def test_appeal_case(case: dict[str, Any]) -> None:
    query = AppealQuery(
        decision_kind=case["decision"],
        notified_on=case["notified_on"],
        in_country=case.get("in_country"),
        certification=case.get("certification", "none"),
        manifestly_unfounded=case.get("manifestly_unfounded", False),
        departed_on=case.get("departed_on"),
        decided_on=case.get("decided_on"),
    )
    expected = dict(case["expected"])
    if "error" in expected:
        with pytest.raises(AppealInputError) as err:
            appeal_route(case["pack"], ProgramFamily(case["family"]), query)
        assert err.value.field == expected["error"], case["source"]
        return
    got = appeal_route(case["pack"], ProgramFamily(case["family"]), query).as_dict()
    for key, want in expected.items():
        assert got[key] == _iso(want), f"{key}: {got[key]!r} != {want!r} ({case['source']})"


def test_there_are_appeal_cases_for_both_packs() -> None:
    assert {c["pack"] for _, c in CASES} == {"dk", "uk"}
    assert len(CASES) >= 15


def test_every_program_has_a_family() -> None:
    assert set(programs()) == set(FAMILIES)


def test_every_route_cites_its_source() -> None:
    for _, case in CASES:
        if "error" in case["expected"] or case["expected"].get("kind") == "not_determined":
            continue
        query = AppealQuery(
            case["decision"],
            case["notified_on"],
            case.get("in_country"),
            case.get("certification", "none"),
            case.get("manifestly_unfounded", False),
            case.get("departed_on"),
            case.get("decided_on"),
        )
        route = appeal_route(case["pack"], ProgramFamily(case["family"]), query)
        assert route.citations and all(c.url.startswith("https://") for c in route.citations)


def test_periods_count_from_the_day_after_the_event() -> None:
    assert add_period(date(2025, 3, 3), 8, "weeks") == date(2025, 4, 28)
    assert add_period(date(2025, 3, 3), 14, "days") == date(2025, 3, 17)
    with pytest.raises(ValueError, match="unit"):
        add_period(date(2025, 3, 3), 1, "months")


def test_departure_before_notification_is_refused() -> None:
    query = AppealQuery("refusal", date(2025, 3, 3), True, "s94", departed_on=date(2025, 3, 1))
    with pytest.raises(AppealInputError) as err:
        appeal_route("uk", ProgramFamily.ASYLUM, query)
    assert err.value.field == "departed_on"
