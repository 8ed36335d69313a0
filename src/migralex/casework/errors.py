"""Errors the casework services raise; the API maps each to a 4xx JSON body."""

from __future__ import annotations

from typing import Any


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
        """The JSON error body: ``{"error", "message", "field", ...}``."""
        out: dict[str, Any] = {"error": self.code, "message": self.message, "field": self.field}
        out.update(self.extra)
        return out


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
