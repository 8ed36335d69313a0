"""Property-based API tests generated from the OpenAPI document (schemathesis).

Every casework operation gets a bounded number of generated requests (signed in as a senior
caseworker); no response may be a 5xx, and every response must match the documented status codes,
content type and schema.
"""

from __future__ import annotations

from fastapi import FastAPI
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.casework.schemathesis_run import api_failures

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def test_api_conforms(app: FastAPI, senior_token: str) -> None:
    """Each casework operation: a few generated requests, all checks, failures collected per operation."""
    operations, failures = api_failures(app, senior_token, CHECKS)
    assert operations >= 25
    assert not failures, "\n\n".join(failures)
