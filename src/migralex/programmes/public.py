"""The public activity page of a programme, in the d-portal spirit: no sign-in, no personal data.

    GET /public/programmes/{code}            what the programme is, who funds it, budgets,
                                             spending by year and partner, results
    GET /public/programmes/{code}.json       the same data as JSON
    GET /public/programmes/{code}/iati.xml   the validated IATI 2.03 activity XML

Only what the IATI file publishes anyway is shown: organisations, amounts, dates, results
and published documents. Nothing about people (signatories, meeting minutes, irregularity
cases, consultations, audit trail) and no write routes. Mount :data:`public_router`
without the sign-in guard.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from migralex.programmes import iati
from migralex.programmes.codelists import ACTIVITY_STATUS
from migralex.programmes.dashboard import jsonable, result_rows
from migralex.programmes.governance import current_budgets
from migralex.programmes.ledger import ledger
from migralex.programmes.models import Programme
from migralex.programmes.webbase import SessionDep, _programme, page

public_router = APIRouter()
SPENDING = ("disbursement", "expenditure")


def public_view(session: Any, programme: Programme) -> dict[str, Any]:
    """The public facts of ``programme`` (no personal data)."""
    entries = ledger(session, programme)
    received: dict[int, Decimal] = defaultdict(Decimal)
    spending: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for e in entries:
        if e.entry_type == "incoming_funds" and e.donor_agreement_id is not None:
            received[e.donor_agreement_id] += e.base_amount
        if e.entry_type in SPENDING:
            who = e.receiver_org.name if e.receiver_org else "(not named)"
            spending[(e.transaction_date.year, who)] += e.base_amount
    budgets = current_budgets(session, programme)
    base = programme.base_currency
    code_suffix = f"({programme.code})"
    return {
        "code": programme.code,
        "heading": programme.title
        if programme.title.endswith(code_suffix)
        else f"{programme.title} {code_suffix}",
        "description": programme.description,
        "objectives": programme.objectives,
        "start_date": programme.start_date,
        "end_date": programme.end_date,
        "status": ACTIVITY_STATUS.get(programme.activity_status, programme.activity_status),
        "iati_identifier": programme.iati_identifier,
        "reporting_org": programme.reporting_org.name,
        "currency": base,
        "illustrative": any(e.illustrative for e in entries),
        "donors": [
            {
                "name": a.donor.name,
                "role": "lead donor" if a.role == "lead" else "co-donor",
                "pledged": sum((c.base_amount for c in a.contributions), Decimal(0)),
                "received": received.get(a.id, Decimal(0)),
            }
            for a in programme.donor_agreements
        ],
        "partners": sorted({p.organisation.name for p in programme.participants if p.iati_role == "4"}),
        "budgets": [
            {
                "period_start": b.period_start,
                "period_end": b.period_end,
                "amount": b.amount,
                "currency": b.currency,
                "status": "committed" if b.status == "2" else "indicative",
            }
            for b in budgets
            if b.component_id is None
        ],
        "budget_total": sum(
            (b.amount for b in budgets if b.component_id is None and b.currency == base), Decimal(0)
        ),
        "total_commitment": iati.total_commitment(programme),
        "spending": [
            {"year": year, "partner": who, "amount": amount}
            for (year, who), amount in sorted(spending.items())
            if amount
        ],
        "results": result_rows(session, programme),
        "documents": [
            {"title": d.title, "url": d.url, "date": d.document_date}
            for d in programme.documents
            if d.publish
        ],
        "xml_url": f"/public/programmes/{programme.code}/iati.xml",
    }


@public_router.get("/public/programmes/{code}/iati.xml", tags=["public"])
def public_iati(code: str, session: SessionDep) -> Response:
    """The programme's IATI 2.03 activity XML (refused with 409 if it would not validate)."""
    prog = _programme(session, code)
    try:
        data = iati.export_activity(session, prog, now=datetime.now(UTC))
    except iati.IatiInvalid as exc:
        raise HTTPException(status_code=409, detail=[str(p) for p in exc.problems]) from None
    return Response(
        data,
        media_type="application/xml",
        headers={"Content-Disposition": f'attachment; filename="{prog.code}-iati.xml"'},
    )


@public_router.get("/public/programmes/{code}.json", tags=["public"])
def public_json(code: str, session: SessionDep) -> dict[str, Any]:
    """The public activity page's data as JSON."""
    return jsonable(public_view(session, _programme(session, code)))  # type: ignore[no-any-return]


@public_router.get("/public/programmes/{code}", response_class=HTMLResponse, include_in_schema=False)
def public_page(request: Request, code: str, session: SessionDep) -> HTMLResponse:
    """The public activity page."""
    view = public_view(session, _programme(session, code))
    return page(request, "programmes/public.html", {"p": view})
