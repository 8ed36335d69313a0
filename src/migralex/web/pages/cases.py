"""The case page and recording a document (only the file's fingerprint is kept)."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from migralex.casework import lifecycle, queries, safeguards
from migralex.casework.errors import CaseworkError
from migralex.casework.models import Case
from migralex.casework.schemas import DocumentIn
from migralex.casework.transactions import rollback_keeping_audit
from migralex.i18n import N_
from migralex.ui.templating import translator
from migralex.web.pages.deps import PageId, SignedIn, Viewer, check_csrf, field_errors, render, service_error

router = APIRouter(include_in_schema=False)

#: Largest file fingerprinted on upload (the file itself is not kept: only its metadata and sha256).
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
DOC_TYPES = (
    "passport",
    "identity_document",
    "medical_report",
    "interview_record",
    "country_information",
    "correspondence",
    "other",
)
DOC_LABELS = {
    "title": N_("Title"),
    "doc_type": N_("Type of document"),
    "file": N_("File"),
    "filename": N_("File"),
    "received_on": N_("Date received"),
}


def case_context(viewer: Viewer, case: Case) -> dict[str, Any]:
    """The case page's template context (also used by pages that re-show the case with a message)."""
    today = date.today()
    return {
        "o": queries.case_overview(viewer.session, viewer.user, case, today),
        "case": case,
        "safeguards": safeguards.SAFEGUARDS,
        "doc_types": DOC_TYPES,
        "today": today,
        "doc_errors": {},
        "doc_values": {},
    }


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(request: Request, case_id: PageId, viewer: SignedIn) -> Response:
    """Case page: vulnerabilities, family, statuses, safeguards, timeline, decisions, documents."""
    case = lifecycle.load_case(viewer.session, viewer.user, case_id)
    ctx = case_context(viewer, case)
    ctx["notice"] = {"created": "Case opened.", "document": "Document recorded."}.get(
        next(iter(request.query_params), ""), ""
    )
    return render(request, "case.html", ctx)


async def uploaded(request: Request) -> dict[str, Any]:
    """The document form: fields, and the file's name, sha256 and size (the file itself is not kept)."""
    form = await request.form()
    upload = form.get("file")
    digest, size = hashlib.sha256(), 0
    too_big = False
    name = ""
    if upload is not None and not isinstance(upload, str):
        name = upload.filename or ""
        while chunk := await upload.read(1 << 20):
            size += len(chunk)
            too_big = too_big or size > MAX_UPLOAD_BYTES
            if not too_big:
                digest.update(chunk)
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    return {**fields, "_file": {"name": name, "sha256": digest.hexdigest(), "size": size, "too_big": too_big}}


@router.post("/cases/{case_id}/documents", response_class=HTMLResponse)
def add_document(
    request: Request,
    case_id: PageId,
    form: Annotated[dict[str, Any], Depends(uploaded)],
    viewer: SignedIn,
) -> Response:
    """Record a document: the file's sha256 and size are computed here; the file is not stored."""
    check_csrf(form, viewer)
    case = lifecycle.load_case(viewer.session, viewer.user, case_id, write=True)
    upload = form["_file"]
    tr = translator(request)
    errors: dict[str, str] = {}
    if not upload["name"]:
        errors["file"] = tr.gettext("Choose a file")
    elif upload["too_big"]:
        errors["file"] = tr.gettext("The file must be smaller than %(n)s MB") % {
            "n": MAX_UPLOAD_BYTES // (1024 * 1024)
        }
    data = None
    if not errors:
        try:
            data = DocumentIn(
                title=form.get("title") or upload["name"],
                doc_type=form.get("doc_type") or "other",
                filename=upload["name"][:300],
                sha256=upload["sha256"],
                size_bytes=upload["size"],
                received_on=form.get("received_on") or date.today(),
            )
        except ValidationError as exc:
            errors = field_errors(request, exc, DOC_LABELS)
    if data is not None:
        try:
            lifecycle.add_document(viewer.session, viewer.user, case, data)
            return RedirectResponse(f"/cases/{case_id}?document=1#documents", status_code=303)
        except CaseworkError as exc:
            rollback_keeping_audit(viewer.session)
            errors = service_error(request, exc.message, exc.field, DOC_LABELS)
    ctx = case_context(viewer, case)
    ctx["doc_errors"] = {("file" if k == "filename" else k): v for k, v in errors.items()}
    ctx["doc_values"] = form
    return render(request, "case.html", ctx, 422)
