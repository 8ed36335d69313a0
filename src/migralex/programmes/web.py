"""Web routes of the programme ledger: a JSON API under ``/api/v1/programmes`` and HTML
dashboard pages under ``/programmes`` (Jinja2 templates, inline SVG charts, no CDN).

Mount it in an app::

    from migralex.programmes.web import router
    app.include_router(router)
    app.state.db_engine = make_engine(url)   # optional; else $DATABASE_URL or var/migralex.sqlite3

JSON API
    GET  /api/v1/programmes                               programmes
    GET  /api/v1/programmes/reports-due?within=90         reports overdue or due soon
    GET  /api/v1/programmes/{code}                        dashboard data
    GET  /api/v1/programmes/{code}/earmarks               per-donor earmark proof
    GET  /api/v1/programmes/{code}/ledger                 ledger entries with attributions
    GET  /api/v1/programmes/{code}/consultations          open consultations
    GET  /api/v1/programmes/{code}/chart.vl.json          Vega-Lite spec of spending by country/donor
    GET  /api/v1/programmes/{code}/iati.xml               validated IATI 2.03 activity XML
    POST /api/v1/programmes/{code}/disbursements          record a disbursement
    POST /api/v1/programmes/{code}/consultations/{id}/responses   record a donor's answer

Errors: 404 for an unknown programme or record, 422 with ``{"detail": [{"field", "problem"}]}``
for bad input or a refused operation (nothing is written).
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy import select

from migralex.programmes import consultations as consult
from migralex.programmes import iati
from migralex.programmes.charts import component_chart_svg, country_chart_svg, spending_spec
from migralex.programmes.dashboard import build_dashboard, jsonable
from migralex.programmes.earmarks import FundingShare, earmark_report
from migralex.programmes.errors import ProgrammeError
from migralex.programmes.governance import reports_due
from migralex.programmes.ledger import ledger, record_disbursement
from migralex.programmes.models import Programme
from migralex.programmes.public import public_router as public_router  # mounted without sign-in
from migralex.programmes.webbase import SessionDep, _error, _programme, page
from migralex.ui.templating import translator

router = APIRouter()


def _today(value: date | None) -> date:
    return value or date.today()


# ---- JSON API --------------------------------------------------------------------------------


@router.get("/api/v1/programmes", tags=["programmes"])
def api_list(session: SessionDep) -> list[dict[str, Any]]:
    """Programmes with their period, budget and donors."""
    progs = session.scalars(select(Programme).order_by(Programme.code)).all()
    return [
        jsonable(
            {
                "code": p.code,
                "title": p.title,
                "start_date": p.start_date,
                "end_date": p.end_date,
                "currency": p.base_currency,
                "total_budget": p.total_budget,
                "iati_identifier": p.iati_identifier,
                "donors": [
                    {"donor": a.donor.short_name, "role": a.role, "agreement": a.ref}
                    for a in p.donor_agreements
                ],
            }
        )
        for p in progs
    ]


@router.get("/api/v1/programmes/reports-due", tags=["programmes"])
def api_reports_due(
    session: SessionDep,
    within: Annotated[int, Query(ge=0, le=3650)] = 90,
    today: date | None = None,
    programme: str | None = None,
) -> list[dict[str, Any]]:
    """Reports overdue or due within ``within`` days, across programmes (or one)."""
    prog = _programme(session, programme) if programme else None
    codes = {p.id: p.code for p in session.scalars(select(Programme)).all()}
    return [
        jsonable(
            {
                "programme": codes.get(s.report.programme_id),
                "id": s.report.id,
                "title": s.report.title,
                "kind": s.report.kind,
                "to": s.report.agreement.donor.short_name,
                "due_on": s.report.due_on,
                "state": s.state,
                "days_overdue": max(s.days, 0),
            }
        )
        for s in reports_due(session, today=_today(today), within_days=within, programme=prog)
    ]


@router.get("/api/v1/programmes/{code}", tags=["programmes"])
def api_dashboard(code: str, session: SessionDep, today: date | None = None) -> dict[str, Any]:
    """Contributions, earmarks, spending by component and country, reports due, open consultations."""
    return build_dashboard(session, _programme(session, code), today=_today(today)).as_json()


@router.get("/api/v1/programmes/{code}/earmarks", tags=["programmes"])
def api_earmarks(code: str, session: SessionDep) -> dict[str, Any]:
    """Per donor: pledged, attributed, each earmark's scope and use, and any breach."""
    report = earmark_report(session, _programme(session, code))
    data: dict[str, Any] = jsonable(asdict(report))
    data["ok"] = report.ok
    return data


@router.get("/api/v1/programmes/{code}/ledger", tags=["programmes"])
def api_ledger(code: str, session: SessionDep) -> list[dict[str, Any]]:
    """Every ledger entry (append-only), with its rate and funding attribution."""
    prog = _programme(session, code)
    entries = ledger(session, prog)
    refs = {e.id: e.reference for e in entries}
    return [
        jsonable(
            {
                "reference": e.reference,
                "type": e.entry_type,
                "transaction_date": e.transaction_date,
                "amount": e.amount,
                "currency": e.currency,
                "value_date": e.value_date,
                "fx_rate": e.fx_rate,
                "base_amount": e.base_amount,
                "base_currency": prog.base_currency,
                "country": e.country,
                "component": e.component.code if e.component else None,
                "receiver": e.receiver_org.short_name if e.receiver_org else None,
                "provider": e.provider_org.short_name if e.provider_org else None,
                "reverses": refs.get(e.reverses_id) if e.reverses_id else None,
                "illustrative": e.illustrative,
                "description": e.description,
                "funding": [
                    {
                        "agreement": a.agreement.ref,
                        "earmark": a.earmark.name if a.earmark else None,
                        "amount": a.base_amount,
                    }
                    for a in e.attributions
                ],
            }
        )
        for e in entries
    ]


@router.get("/api/v1/programmes/{code}/consultations", tags=["programmes"])
def api_consultations(code: str, session: SessionDep, today: date | None = None) -> list[dict[str, Any]]:
    """Open consultations, who has answered and who has not."""
    dash = build_dashboard(session, _programme(session, code), today=_today(today))
    return dash.as_json()["consultations_open"]  # type: ignore[no-any-return]


@router.get("/api/v1/programmes/{code}/chart.vl.json", tags=["programmes"])
def api_chart(code: str, session: SessionDep) -> JSONResponse:
    """Vega-Lite (Altair) spec of spending by country and paying donor."""
    dash = build_dashboard(session, _programme(session, code))
    return JSONResponse(spending_spec(dash))


@router.get("/api/v1/programmes/{code}/iati.xml", tags=["programmes"])
def api_iati(code: str, session: SessionDep) -> Response:
    """The programme as IATI 2.03 activity XML, validated (422 with the problems if not)."""
    try:
        data = iati.export_activity(session, _programme(session, code), now=datetime.now(UTC))
    except iati.IatiInvalid as exc:
        raise HTTPException(
            422, detail=[{"field": p.layer, "problem": str(p)} for p in exc.problems]
        ) from None
    return Response(content=data, media_type="application/xml")


class FundingIn(BaseModel):
    """Explicit funding share (amounts in the programme's base currency)."""

    agreement: str
    amount: Decimal | None = None
    earmark: str | None = None


class DisbursementIn(BaseModel):
    """A disbursement to an implementing partner. Send amounts as strings, e.g. ``"250000.00"``."""

    partner_agreement: str
    reference: str
    amount: Decimal
    currency: str = Field(min_length=1, max_length=8)
    transaction_date: date
    country: str
    value_date: date | None = None
    description: str = ""
    funding: list[FundingIn] | None = None


@router.post("/api/v1/programmes/{code}/disbursements", status_code=201, tags=["programmes"])
def api_disburse(code: str, body: DisbursementIn, session: SessionDep) -> dict[str, Any]:
    """Record a disbursement; refused with the field and the reason if it breaks a rule or an earmark."""
    prog = _programme(session, code)
    try:
        entry = record_disbursement(
            session,
            prog,
            partner_agreement=body.partner_agreement,
            reference=body.reference,
            amount=body.amount,
            currency=body.currency,
            transaction_date=body.transaction_date,
            country=body.country,
            value_date=body.value_date,
            description=body.description,
            actor="api",
            funding=[FundingShare(f.agreement, f.amount, f.earmark) for f in body.funding]
            if body.funding
            else None,
        )
        session.commit()
    except ProgrammeError as exc:
        session.rollback()
        raise _error(exc) from None
    result: dict[str, Any] = jsonable(
        {
            "reference": entry.reference,
            "base_amount": entry.base_amount,
            "currency": entry.currency,
            "funding": [
                {
                    "agreement": a.agreement.ref,
                    "earmark": a.earmark.name if a.earmark else None,
                    "amount": a.base_amount,
                }
                for a in entry.attributions
            ],
        }
    )
    return result


class ResponseIn(BaseModel):
    """A donor's answer to a consultation."""

    agreement: str
    answer: str
    answered_on: date
    text: str = ""


@router.post(
    "/api/v1/programmes/{code}/consultations/{consultation_id}/responses",
    status_code=201,
    tags=["programmes"],
)
def api_respond(code: str, consultation_id: int, body: ResponseIn, session: SessionDep) -> dict[str, Any]:
    """Record a donor's no-objection or objection."""
    prog = _programme(session, code)
    try:
        resp = consult.respond(
            session,
            prog,
            consultation_id,
            agreement=body.agreement,
            answer=body.answer,
            answered_on=body.answered_on,
            text=body.text,
            actor="api",
        )
        session.commit()
    except ProgrammeError as exc:
        session.rollback()
        raise _error(exc) from None
    return {"consultation": consultation_id, "agreement": body.agreement, "answer": resp.answer}


# ---- HTML ------------------------------------------------------------------------------------


@router.get("/programmes", response_class=HTMLResponse, include_in_schema=False)
def page_list(request: Request, session: SessionDep) -> HTMLResponse:
    """List of programmes."""
    progs = session.scalars(select(Programme).order_by(Programme.code)).all()
    return page(request, "programmes/list.html", {"programmes": progs})


@router.get("/programmes/{code}", response_class=HTMLResponse, include_in_schema=False)
def page_dashboard(
    request: Request, code: str, session: SessionDep, today: date | None = None
) -> HTMLResponse:
    """Dashboard page: contributions, earmarks, charts, reports due, open consultations."""
    dash = build_dashboard(session, _programme(session, code), today=_today(today))
    gettext = translator(request).gettext
    return page(
        request,
        "programmes/dashboard.html",
        {
            "d": dash,
            "country_svg": country_chart_svg(dash, gettext),
            "component_svg": component_chart_svg(dash, gettext),
        },
    )
