"""Issue 14, items 15-16: schemathesis with *invalid* generated requests (bounded), on both databases:
no server error, every invalid input refused, every status documented, every error problem+json."""

from __future__ import annotations

from fastapi import FastAPI
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    status_code_conformance,
)

from tests.casework.schemathesis_run import api_failures

CHECKS = [not_a_server_error, negative_data_rejection, status_code_conformance, content_type_conformance]


def test_invalid_requests_are_refused_with_documented_statuses(app: FastAPI, senior_token: str) -> None:
    """Each casework operation: 5 generated invalid requests; failures collected per operation."""
    operations, failures = api_failures(app, senior_token, CHECKS, GenerationMode.NEGATIVE)
    assert operations >= 30
    assert not failures, "\n\n".join(failures)
