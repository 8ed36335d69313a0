"""The audit log with the chain verification (auditors and administrators)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from migralex.casework import access, audit, checkpoint, queries
from migralex.web.pages.deps import SignedIn, render

router = APIRouter(include_in_schema=False)
PAGE = 100
MAX_OFFSET = 2**31 - 1


@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    request: Request, viewer: SignedIn, offset: Annotated[str, Query(max_length=40)] = "0"
) -> Response:
    """A page of the audit log, newest first, and whether the hash chain is intact (an offset out of
    range is brought within it, not refused: it comes from a link a person may have edited)."""
    access.require_role(viewer.user, access.CAN_READ_AUDIT, "the audit log")
    start = min(int(offset), MAX_OFFSET) if offset.isdigit() else 0
    s = viewer.session
    entries = queries.audit_entries(s, PAGE, start)
    latest = checkpoint.latest()
    state = request.app.state
    since = getattr(state, "audit_verified", None) or ((latest.seq, latest.hash) if latest else None)
    result = audit.verify(s, since)
    if result.ok:  # the next view walks only the entries written after this one
        state.audit_verified = queries.audit_head(s)
    audit.record(s, viewer.user, "audit.read", "audit", "*")
    ctx = {"entries": entries, "verify": result, "offset": start, "checkpoint": latest, "page": PAGE}
    return render(request, "audit.html", ctx)
