"""Errors the casework services raise; the API maps each to a 4xx problem+json body (RFC 9457)."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

#: The media type of every error body of the API (RFC 9457, "Problem Details for HTTP APIs").
PROBLEM_JSON = "application/problem+json"


def problem(
    status: int, code: str, message: str, field: str | None = None, extra: dict[str, Any] | None = None
) -> dict[str, Any]:
    """An RFC 9457 problem object; ``error``, ``message`` and ``field`` are extension members."""
    body: dict[str, Any] = {
        "type": f"urn:migralex:problem:{code}",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": message,
        "error": code,
        "message": message,
        "field": field,
    }
    body.update(extra or {})
    return body


class CaseworkError(Exception):
    """Base class: ``status`` is the HTTP status, ``code`` a stable machine-readable name."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, field: str | None = None, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.extra = extra or {}

    def body(self) -> dict[str, Any]:
        """The problem+json body: ``type``, ``title``, ``status``, ``detail``, ``error``, ``field``, ..."""
        return problem(self.status, self.code, self.message, self.field, self.extra)


class InvalidInput(CaseworkError):
    """Bad input, naming the field."""

    status = 422
    code = "invalid_input"


class NotFound(CaseworkError):
    """No such record (or none the user may see)."""

    status = 404
    code = "not_found"


class Unauthenticated(CaseworkError):
    """No valid session or token."""

    status = 401
    code = "unauthenticated"


class Forbidden(CaseworkError):
    """The user's role or case access does not allow this."""

    status = 403
    code = "forbidden"


class Conflict(CaseworkError):
    """The request conflicts with the current state (e.g. a reused idempotency key)."""

    status = 409
    code = "conflict"


class TooManyAttempts(CaseworkError):
    """Sign-in throttled after repeated failures."""

    status = 429
    code = "too_many_attempts"


class SafeguardBlocked(CaseworkError):
    """A safeguard blocks the decision; ``extra["blocks"]`` lists each reason with its legal source."""

    status = 409
    code = "safeguard_blocked"
