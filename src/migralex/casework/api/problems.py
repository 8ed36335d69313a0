"""One error shape for the API: ``application/problem+json`` (RFC 9457) naming the field at fault."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from migralex.casework.errors import PROBLEM_JSON, CaseworkError, problem


class ErrorOut(BaseModel):
    """Error body (RFC 9457 problem details): ``type``, ``title``, ``status``, ``detail``, plus a stable
    ``error`` code, the ``message`` and the ``field`` at fault."""

    type: str
    title: str
    status: int
    detail: str
    error: str
    message: str
    field: str | None = None


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut, "description": desc, "content": {PROBLEM_JSON: {}}}
    for code, desc in (
        (400, "Bad request"),
        (401, "Not signed in"),
        (403, "Not allowed (role, case access, or a cross-site request)"),
        (404, "Not found"),
        (405, "Method not allowed"),
        (409, "Conflict or safeguard block"),
        (413, "Request too large"),
        (422, "Invalid input (the field is named)"),
        (429, "Too many requests or failed sign-ins"),
        (503, "Database busy, retry"),
    )
}


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header"):
        parts = parts[1:] if len(parts) > 1 else parts
    return ".".join(parts)


def _safe(text: str) -> str:
    """``text`` without unpaired surrogates (they cannot be encoded in a response)."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def problem_response(
    status: int, code: str, message: str, field: str | None = None, **extra: Any
) -> JSONResponse:
    """A problem+json response, with ``WWW-Authenticate`` (401) or ``Retry-After`` (429, 503) as due."""
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    if status == 503:
        headers["Retry-After"] = "1"
    if status == 429 and "retry_after" in extra:
        headers["Retry-After"] = str(extra["retry_after"])
    return JSONResponse(
        jsonable_encoder(problem(status, code, message, field, extra)),
        status_code=status,
        headers=headers or None,
        media_type=PROBLEM_JSON,
    )


def install_error_handlers(app: FastAPI) -> None:
    """One error shape for the API: ``application/problem+json`` (RFC 9457) naming the field."""

    @app.exception_handler(CaseworkError)
    async def _casework(_request: Request, exc: CaseworkError) -> JSONResponse:
        return problem_response(exc.status, exc.code, exc.message, exc.field, **exc.extra)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        if not request.url.path.startswith("/api/"):  # pages and other parts keep FastAPI's default body
            return await request_validation_exception_handler(request, exc)
        errors = [
            {"field": _field(e.get("loc", ())), "message": _safe(str(e.get("msg", "")))} for e in exc.errors()
        ]
        first = errors[0] if errors else {"field": None, "message": "invalid request"}
        return problem_response(
            422, "invalid_input", f"{first['field']}: {first['message']}", first["field"], errors=errors
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if not request.url.path.startswith("/api/"):
            return await http_exception_handler(request, exc)
        code = HTTPStatus(exc.status_code).phrase.lower().replace(" ", "_")
        if isinstance(exc.detail, str):
            response = problem_response(exc.status_code, code, exc.detail)
        else:  # a list of {"field", "problem"} (the programme ledger)
            items = exc.detail if isinstance(exc.detail, list) else [exc.detail]
            first = items[0] if items and isinstance(items[0], dict) else {}
            message = str(first.get("problem", HTTPStatus(exc.status_code).phrase))
            response = problem_response(exc.status_code, code, message, first.get("field"), errors=items)
        for k, v in (exc.headers or {}).items():
            response.headers[k] = v
        return response

    @app.exception_handler(OperationalError)
    async def _busy(_request: Request, exc: OperationalError) -> JSONResponse:
        return problem_response(503, "unavailable", "database busy, retry")
