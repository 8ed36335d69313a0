"""Safe-country designations: preview the holders affected, then record (senior caseworkers)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from migralex.casework import access, designations, queries
from migralex.casework.errors import CaseworkError
from migralex.casework.schemas import DesignationIn
from migralex.casework.transactions import rollback_keeping_audit
from migralex.i18n import N_
from migralex.web.pages.deps import Form, SignedIn, check_csrf, field_errors, render, service_error

router = APIRouter(include_in_schema=False)
LABELS = {
    "country": N_("Country"),
    "region": N_("Region"),
    "safe_from": N_("Safe from"),
    "basis": N_("Basis"),
}


@router.get("/safe-countries", response_class=HTMLResponse)
def safe_countries(request: Request, viewer: SignedIn) -> Response:
    """The designation form and the designations on record."""
    access.require_role(viewer.user, access.CAN_DESIGNATE, "safe-country designations")
    return _page(request, viewer.session, {}, {}, None, None, 200)


@router.post("/safe-countries", response_class=HTMLResponse)
def designate(request: Request, form: Form, viewer: SignedIn) -> Response:
    """Preview (``action=preview``) or record a designation; lists affected and excluded holders."""
    access.require_role(viewer.user, access.CAN_DESIGNATE, "safe-country designations")
    check_csrf(form, viewer)
    try:
        data = DesignationIn(
            country=str(form.get("country", "")).strip().upper(),
            region=form.get("region") or None,
            safe_from=form.get("safe_from") or None,
            basis=str(form.get("basis", "")).strip(),
        )
    except ValidationError as exc:
        return _page(request, viewer.session, form, field_errors(request, exc, LABELS), None, None, 422)
    try:
        if form.get("action") == "record":
            d, affected, excluded = designations.designate(viewer.session, viewer.user, data)
            recorded = {"designation": d, "affected": affected, "excluded": excluded}
            return _page(request, viewer.session, {}, {}, None, recorded, 200)
        affected, excluded = designations.holders(viewer.session, data)
    except CaseworkError as exc:
        rollback_keeping_audit(viewer.session)
        errors = service_error(request, exc.message, exc.field, LABELS)
        return _page(request, viewer.session, form, errors, None, None, exc.status)
    preview = {"affected": affected, "excluded": excluded}
    return _page(request, viewer.session, form, {}, preview, None, 200)


def _page(
    request: Request,
    session: Any,
    values: dict[str, Any],
    errors: dict[str, str],
    preview: dict[str, Any] | None,
    recorded: dict[str, Any] | None,
    status: int,
) -> Response:
    ctx = {
        "values": values,
        "errors": errors,
        "preview": preview,
        "recorded": recorded,
        "designations": queries.designations(session),
    }
    return render(request, "safe_countries.html", ctx, status)
