"""The versioned REST API, ``/api/v1`` (bearer tokens from ``POST /api/v1/auth/token``).

One module per resource; what they share (the request's transaction, the signed-in user, role
checks, idempotency) is in :mod:`.deps`, the error shape in :mod:`.problems`.
Every request runs in one transaction: on any error nothing it wrote is kept, except the audit
entries of reads, refused accesses and blocked decisions, which are written on their own.
Creating endpoints honour an ``Idempotency-Key`` header: the same key with the same body replays
the stored response; with another body it is a 409.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends

from migralex.casework.api import (
    audit_log,
    auth,
    cases,
    decisions,
    designations,
    people,
    queue,
    reports,
    users,
)
from migralex.casework.api.convert import case_out, decision_out, person_out
from migralex.casework.api.deps import (
    MAX_ID,
    Actor,
    Creds,
    DbSession,
    Id,
    IdemKey,
    Limit,
    Offset,
    api_user,
    client_address,
    created,
    current_user,
    needs_role,
    replay,
    require_bearer,
    sessions,
    transaction,
)
from migralex.casework.api.problems import ERRORS, ErrorOut, install_error_handlers
from migralex.casework.transactions import KEEP_ON_ERROR, rollback_keeping_audit

#: ``/auth/token`` is the only route reachable without a token.
auth_router = APIRouter(prefix="/api/v1", responses=ERRORS)
auth_router.include_router(auth.public)
router = APIRouter(prefix="/api/v1", responses=ERRORS, dependencies=[Depends(require_bearer)])
# Route matching tries the routes in this order (each module's paths are its own, so the order changes no
# match): the signed-in user's own routes (four) and the busiest resources first, so their requests are
# matched after fewer misses (each a regular expression and FastAPI's scope bookkeeping).
for _part in (auth, decisions, cases, people, queue, users, designations, reports, audit_log):
    router.include_router(_part.router)

__all__ = [
    "ERRORS",
    "KEEP_ON_ERROR",
    "MAX_ID",
    "Actor",
    "Creds",
    "DbSession",
    "ErrorOut",
    "Id",
    "IdemKey",
    "Limit",
    "Offset",
    "api_user",
    "auth_router",
    "case_out",
    "client_address",
    "created",
    "current_user",
    "decision_out",
    "install_error_handlers",
    "needs_role",
    "person_out",
    "replay",
    "require_bearer",
    "rollback_keeping_audit",
    "router",
    "sessions",
    "transaction",
]
