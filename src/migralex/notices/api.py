"""Notice routes under ``/api/v1/decisions`` (bearer tokens, one transaction per request, audited).

* ``POST /decisions/{id}/notices``: issue a notice in a language (201, stored with the decision);
* ``GET /decisions/{id}/notice?language=da&format=pdf``: the latest issued notice, as HTML, PDF or JSON;
* ``POST /decisions/{id}/appeal``, ``GET /decisions/{id}/appeal``: record an appeal, see the deadline;
* ``POST /decisions/finalise``: make final the decisions whose appeal deadline passed without an appeal.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from migralex.casework.api import ERRORS, Creds, Id, api_user, require_bearer, transaction
from migralex.i18n import Language
from migralex.notices import service
from migralex.notices.models import Notice
from migralex.notices.schemas import AppealIn, AppealStatusOut, FinaliseIn, NoticeIn, NoticeOut

router = APIRouter(
    prefix="/api/v1", responses=ERRORS, dependencies=[Depends(require_bearer)], tags=["notices"]
)
Format = Literal["html", "pdf", "json"]


def notice_out(n: Notice) -> NoticeOut:
    """API shape of an issued notice."""
    return NoticeOut(
        id=n.id,
        decision_id=n.decision_id,
        case_id=n.case_id,
        language=n.language,
        notified_on=n.notified_on,
        appeal=n.appeal,
        appeal_deadline=n.appeal_deadline,
        rulepack_hash=n.rulepack_hash,
        html_sha256=n.html_sha256,
        pdf_sha256=n.pdf_sha256,
    )


@router.post("/decisions/{decision_id}/notices", response_model=NoticeOut, status_code=201)
def issue_notice(request: Request, decision_id: Id, body: NoticeIn, creds: Creds) -> NoticeOut:
    """Issue the notice of a decision in ``language``, stating the appeal route and deadline."""
    with transaction(request) as s:
        return notice_out(service.issue(s, api_user(s, creds), decision_id, body))


@router.get(
    "/decisions/{decision_id}/notice",
    response_model=NoticeOut,
    responses={200: {"content": {"text/html": {}, "application/pdf": {}}}},
)
def get_notice(
    request: Request,
    decision_id: Id,
    creds: Creds,
    language: Annotated[Language, Query()],
    format: Annotated[Format, Query()] = "html",
) -> Response | NoticeOut:
    """The latest notice of a decision in ``language`` as HTML, PDF or JSON (404 when none was issued)."""
    with transaction(request) as s:
        n = service.latest(s, api_user(s, creds), decision_id, language)
        if format == "pdf":
            return Response(
                n.pdf,
                media_type="application/pdf",
                headers={
                    "Content-Disposition": f'inline; filename="notice-{n.decision_id}-{n.language}.pdf"'
                },
            )
        if format == "html":
            return HTMLResponse(n.html)
        return notice_out(n)


@router.post("/decisions/{decision_id}/appeal", response_model=AppealStatusOut, status_code=201)
def lodge_appeal(request: Request, decision_id: Id, body: AppealIn, creds: Creds) -> AppealStatusOut:
    """Record that an appeal was lodged (late when after the deadline the notice stated)."""
    with transaction(request) as s:
        actor = api_user(s, creds)
        service.record_appeal(s, actor, decision_id, body.lodged_on)
        return AppealStatusOut(**service.appeal_status(s, actor, decision_id))


@router.get("/decisions/{decision_id}/appeal", response_model=AppealStatusOut)
def appeal_status(request: Request, decision_id: Id, creds: Creds) -> AppealStatusOut:
    """The decision's appeal deadline, any appeal lodged, and whether it is final."""
    with transaction(request) as s:
        return AppealStatusOut(**service.appeal_status(s, api_user(s, creds), decision_id))


@router.post("/decisions/finalise", response_model=list[AppealStatusOut])
def finalise(request: Request, body: FinaliseIn, creds: Creds) -> list[AppealStatusOut]:
    """Make final every decision whose appeal deadline passed before ``on`` without an appeal."""
    with transaction(request) as s:
        actor = api_user(s, creds)
        made = service.finalise_expired(s, actor, body.on)
        return [AppealStatusOut(**service.appeal_status(s, actor, f.decision_id)) for f in made]
