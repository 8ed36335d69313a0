"""Intake: record a person (with vulnerabilities) and open their first case."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from migralex.casework import lifecycle
from migralex.casework.errors import CaseworkError
from migralex.casework.schemas import CaseIn, PersonIn
from migralex.casework.transactions import rollback_keeping_audit
from migralex.i18n import N_
from migralex.ui.templating import translator
from migralex.web.pages.deps import Form, SignedIn, check_csrf, field_errors, render, service_error

router = APIRouter(include_in_schema=False)

#: The form's fields and their labels (messages name a field by its label, never by its id).
LABELS = {
    "full_name": N_("Full name"),
    "birth_date": N_("Date of birth"),
    "nationality": N_("Nationality"),
    "home_region": N_("Home region"),
    "vulnerabilities": N_("Vulnerabilities"),
    "vulnerability_notes": N_("Notes on vulnerabilities"),
    "kind": N_("Case to open"),
    "case_kind": N_("Case to open"),
    "sponsor_id": N_("Sponsor's person number"),
    "summary": N_("Summary"),
}
VULNERABILITIES = ("torture_survivor", "ptsd", "minor", "pregnancy", "disability", "trafficking_victim")
CASE_KINDS = ("asylum_claim", "family_reunification", "expulsion")


def _form_page(request: Request, values: dict[str, Any], errors: dict[str, str], status: int) -> Response:
    ctx = {"values": values, "errors": errors, "vulnerabilities": VULNERABILITIES, "case_kinds": CASE_KINDS}
    return render(request, "person_new.html", ctx, status)


@router.get("/people/new", response_class=HTMLResponse)
def new_person_form(request: Request, viewer: SignedIn) -> Response:
    """Intake form (person, vulnerabilities, optional first case)."""
    return _form_page(request, {}, {}, 200)


@router.post("/people/new", response_class=HTMLResponse)
def new_person(request: Request, form: Form, viewer: SignedIn) -> Response:
    """Record a person and open their first case; a mistake re-shows the form with every answer kept."""
    check_csrf(form, viewer)
    vul = form.get("vulnerabilities[]", [])
    form["vulnerabilities[]"] = vul if isinstance(vul, list) else [vul]
    sponsor = str(form.get("sponsor_id", "")).strip()
    try:
        person_in = PersonIn(
            full_name=str(form.get("full_name", "")).strip(),
            birth_date=form.get("birth_date") or None,
            nationality=str(form.get("nationality", "")).strip().upper(),
            home_region=form.get("home_region") or None,
            vulnerabilities=form["vulnerabilities[]"],
            vulnerability_notes=form.get("vulnerability_notes", ""),
            allow_duplicate=form.get("allow_duplicate") == "on",
        )
        if sponsor and not sponsor.isdigit():
            tr = translator(request)
            wrong = tr.gettext("%(label)s must be a whole number") % {
                "label": tr.gettext(LABELS["sponsor_id"])
            }
            return _form_page(request, form, {"sponsor_id": wrong}, 422)
        case_fields: dict[str, Any] = {
            "kind": form.get("case_kind") or "asylum_claim",
            "person_id": 1,  # checked here; the real id is known once the person is recorded
            "sponsor_id": int(sponsor) if sponsor else None,
            "summary": form.get("summary", ""),
        }
        CaseIn(**case_fields)
    except ValidationError as exc:
        errors = field_errors(request, exc, LABELS)
        if "kind" in errors:
            errors["case_kind"] = errors.pop("kind")
        return _form_page(request, form, errors, 422)
    try:
        person = lifecycle.create_person(viewer.session, viewer.user, person_in)
        case = lifecycle.open_case(
            viewer.session, viewer.user, CaseIn(**{**case_fields, "person_id": person.id})
        )
    except CaseworkError as exc:
        rollback_keeping_audit(viewer.session)
        field = "case_kind" if exc.field == "kind" else exc.field
        return _form_page(request, form, service_error(request, exc.message, field, LABELS), exc.status)
    return RedirectResponse(f"/cases/{case.id}?created=1", status_code=303)
