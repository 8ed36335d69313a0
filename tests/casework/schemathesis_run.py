"""One bounded schemathesis run over the casework API, shared by the conformance and negative tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode


def api_failures(
    app: FastAPI, token: str, checks: Sequence[Callable[..., Any]], mode: GenerationMode | None = None
) -> tuple[int, list[str]]:
    """(operations, failures): each casework operation under ``/api/v1`` (the programme ledger's excepted)
    gets 5 generated requests (``mode``: schemathesis' default, or e.g. only invalid ones), signed in with
    ``token`` and validated by ``checks``; every operation's failure is collected, not only the first."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", app).include(
        path_regex=r"^/api/v1/(?!programmes)"
    )
    headers = {"Authorization": f"Bearer {token}"}
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]  # an invalid schema fails here, loudly
        operations += 1
        strategy = operation.as_strategy() if mode is None else operation.as_strategy(generation_mode=mode)

        @settings(
            max_examples=5,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        @given(case=strategy)
        def run(case: Any) -> None:
            case.call_and_validate(headers=headers, checks=list(checks))

        try:
            run()
        except Exception as exc:  # collect every operation's failure, then report them together
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    return operations, failures
