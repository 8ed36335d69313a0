"""``POST /api/v1/assess`` answers exactly as ``migralex assess --format json`` (both backends)."""

# ruff: noqa: F811  (the casework fixtures are imported by name and requested as arguments)
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from typer.testing import CliRunner

from migralex.casework.models import AuditEntry
from migralex.cli import app as cli
from tests.casework.conftest import app, client, db_url, make_api, sessions  # noqa: F401

CASES = [
    # a Danish spouse case with most facts unknown, on a date whose guarantee amount is not known
    ("dk.family_reunification.spouse", "2025-06-01", {"sponsor.birth_date": "1990-07-02"}, None),
    # Convention refugee status under the Danish asylum rules
    (
        "dk.asylum.status",
        "2025-03-01",
        {
            "applicant.outside_country_of_nationality": True,
            "case.first_country_of_asylum_applies": False,
            "applicant.well_founded_fear_of_persecution": True,
            "applicant.real_risk_of_serious_harm": True,
            "applicant.risk_from_generalised_violence": False,
        },
        None,
    ),
    # UK refugee family reunion judged under the reform adopting the Danish rules
    (
        "uk.family_reunion.refugee",
        "2024-05-01",
        {"sponsor.birth_date": "2003-01-01"},
        "uk_adopts_dk_family_reunion",
    ),
]


def cli_json(
    tmp_path: Path,
    program: str,
    on: str,
    facts: dict[str, Any],
    reform: str | None,
    explain: str = "full",
) -> Any:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(facts))
    args = ["assess", program, "--facts", str(path), "--date", on, "--format", "json", "--explain", explain]
    result = CliRunner().invoke(cli, [*args, *(["--reform", reform] if reform else [])])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(("program", "on", "facts", "reform"), CASES, ids=[c[0] for c in CASES])
def test_the_api_answers_as_the_cli(
    program: str,
    on: str,
    facts: dict[str, Any],
    reform: str | None,
    make_api: Any,
    client: TestClient,
    tmp_path: Path,
) -> None:
    api = make_api("caseworker")
    body = {"program": program, "date": on, "facts": facts, **({"reform": reform} if reform else {})}
    r = client.post("/api/v1/assess", json=body, headers=api.headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/json"
    assert r.json() == cli_json(tmp_path, program, on, facts, reform)


@pytest.mark.parametrize("explain", ["failing", "none"])
def test_the_api_gives_as_much_explanation_as_asked_like_the_cli(
    explain: str, make_api: Any, client: TestClient, tmp_path: Path
) -> None:
    program, on, facts, reform = "dk.asylum.status", "2025-03-01", CASES[1][2], None  # Convention status
    assert isinstance(facts, dict)
    api = make_api("caseworker")
    body = {"program": program, "date": on, "facts": facts, "explain": explain}
    r = client.post("/api/v1/assess", json=body, headers=api.headers)
    assert r.status_code == 200, r.text
    answer = r.json()
    assert answer == cli_json(tmp_path, program, on, facts, reform, explain)
    full = client.post("/api/v1/assess", json={**body, "explain": "full"}, headers=api.headers).json()
    assert answer["outcome"] == full["outcome"] and answer["missing_facts"] == full["missing_facts"]
    assert len(json.dumps(answer)) < len(json.dumps(full)), "a compact answer leaves conditions out"


def test_the_check_writes_nothing_and_needs_a_sign_in(
    make_api: Any, client: TestClient, sessions: Any
) -> None:
    api = make_api("auditor")  # any signed-in role may check; nothing is changed
    with sessions() as s:
        before = s.scalar(select(func.count()).select_from(AuditEntry))
    r = client.post(
        "/api/v1/assess",
        json={"program": "dk.expulsion", "date": "2025-06-01", "facts": {}},
        headers=api.headers,
    )
    assert r.status_code == 200 and r.json()["outcome"] == "unknown"
    assert r.json()["unknown_parameters"], "the 2025 prison thresholds are not encoded as one number"
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == before
    anonymous = client.post("/api/v1/assess", json={})  # 401 before the body is even read
    assert anonymous.status_code == 401 and anonymous.headers["content-type"].startswith(
        "application/problem+json"
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"program": "no.such.program"}, "program"),
        ({"program": "dk.asylum.status", "reform": "no_such_reform"}, "reform"),
        (
            {"program": "dk.family_reunification.spouse", "facts": {"sponsor.birth_date": "1990-02-30"}},
            "facts.sponsor.birth_date",
        ),
        ({"program": "dk.asylum.status", "date": "2025-13-01"}, "date"),
        ({"program": "dk.asylum.status", "date": "0001-01-01"}, "date"),
        ({"program": "dk.asylum.status", "extra": 1}, "extra"),
        ({"program": "dk.asylum.status", "explain": "some"}, "explain"),
    ],
)
def test_bad_input_is_problem_json_naming_the_field(
    body: dict[str, Any], field: str, make_api: Any, client: TestClient
) -> None:
    api = make_api("caseworker")
    r = client.post("/api/v1/assess", json=body, headers=api.headers)
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["field"] == field


def test_the_request_model_is_in_the_openapi_document(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    op = spec["paths"]["/api/v1/assess"]["post"]
    ref = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert ref.endswith("/AssessIn")
    assert set(spec["components"]["schemas"]["AssessIn"]["properties"]) == {
        "program",
        "date",
        "facts",
        "reform",
        "explain",
    }
