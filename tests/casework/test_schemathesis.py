"""Property-based API tests generated from the OpenAPI document (schemathesis).

Every casework operation gets a bounded number of generated requests (signed in as a senior
caseworker); no response may be a 5xx, and every response must match the documented status codes,
content type and schema.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy.orm import Session, sessionmaker

from migralex.casework import access


@pytest.fixture(scope="session")
def senior_token(app: FastAPI) -> str:
    """A bearer token of a senior caseworker, with a person and case to find."""
    factory: sessionmaker[Session] = app.state.sessions
    with factory() as s:
        user = access.create_user(
            s, None, f"st{uuid.uuid4().hex[:8]}", "schemathesis-pw", "senior_caseworker"
        )
        token = access.issue_token(s, user, "api")
        s.commit()
    return token


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def test_api_conforms(app: FastAPI, senior_token: str) -> None:
    """Each casework operation: a few generated requests, all checks, failures collected per operation."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", app).include(
        path_regex=r"^/api/v1/(?!programmes)"
    )
    headers = {"Authorization": f"Bearer {senior_token}"}
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]  # an invalid schema fails here, loudly
        operations += 1

        @settings(
            max_examples=5,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        @given(case=operation.as_strategy())
        def run(case: Any) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            run()
        except Exception as exc:  # collect every operation's failure, then report them together
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert operations >= 25
    assert not failures, "\n\n".join(failures)
