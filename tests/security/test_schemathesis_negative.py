"""Issue 14, items 15-16: schemathesis with *invalid* generated requests (bounded), on both databases:
no server error, every invalid input refused, every status documented, every error problem+json."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    status_code_conformance,
)
from sqlalchemy.orm import Session, sessionmaker

from migralex.casework import access

CHECKS = [not_a_server_error, negative_data_rejection, status_code_conformance, content_type_conformance]


@pytest.fixture(scope="session")
def senior_token(app: FastAPI) -> str:
    """A bearer token of a senior caseworker."""
    factory: sessionmaker[Session] = app.state.sessions
    with factory() as s:
        user = access.create_user(
            s, None, f"neg{uuid.uuid4().hex[:8]}", "negative-probe-pw", "senior_caseworker"
        )
        token = access.issue_token(s, user, "api")
        s.commit()
    return token


def test_invalid_requests_are_refused_with_documented_statuses(app: FastAPI, senior_token: str) -> None:
    """Each casework operation: 5 generated invalid requests; failures collected per operation."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", app).include(
        path_regex=r"^/api/v1/(?!programmes)"
    )
    headers = {"Authorization": f"Bearer {senior_token}"}
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]
        operations += 1

        @settings(
            max_examples=5,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        @given(case=operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))
        def run(case: Any) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            run()
        except Exception as exc:  # collect every operation's failure, then report them together
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert operations >= 30
    assert not failures, "\n\n".join(failures)
