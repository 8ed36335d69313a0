"""The audit log: reading it (itself audited) and verifying its chain."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlalchemy import func, select

from migralex.casework import access, audit
from migralex.casework.api.convert import model
from migralex.casework.api.deps import MAX_ID, DbSession, Limit, Offset, needs_role
from migralex.casework.models import AuditEntry, User
from migralex.casework.schemas import AuditOut, Page, VerifyOut

router = APIRouter(tags=["audit"])


@router.get("/audit", response_model=Page[AuditOut])
def audit_log(
    s: DbSession,
    actor: Annotated[User, Depends(needs_role(access.CAN_READ_AUDIT, "reading the audit log"))],
    limit: Limit = 50,
    offset: Offset = 0,
    case_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> Page[AuditOut]:
    """The audit log, newest first (auditors and administrators)."""
    q = select(AuditEntry)
    if case_id is not None:
        q = q.where(AuditEntry.case_id == case_id)
    total = s.scalar(q.with_only_columns(func.count())) or 0
    rows = s.scalars(q.order_by(AuditEntry.seq.desc()).limit(limit).offset(offset)).all()
    items = [model(AuditOut, e) for e in rows]
    audit.record(s, actor, "audit.read", "audit", "*", case_id)
    return Page[AuditOut](items=items, total=total, limit=limit, offset=offset)


@router.get(
    "/audit/verify",
    response_model=VerifyOut,
    dependencies=[Depends(needs_role(access.CAN_READ_AUDIT, "verifying the audit log"))],
)
def audit_verify(s: DbSession) -> VerifyOut:
    """Verify the whole audit chain."""
    v = audit.verify(s)
    return VerifyOut(ok=v.ok, checked=v.checked, bad_seq=v.bad_seq, reason=v.reason)
