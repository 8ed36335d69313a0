"""Reports: decisions in a date range as CSV, without names or facts about people."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from sqlalchemy import select

from migralex.casework import access, audit
from migralex.casework.api.deps import DbSession, needs_role
from migralex.casework.models import Case, Decision, User

router = APIRouter(tags=["reports"])

REPORT_COLUMNS = (
    "decision_id",
    "case_reference",
    "case_kind",
    "decision_kind",
    "adverse",
    "decision_date",
    "program",
    "outcome",
    "rulepack",
    "rulepack_hash",
    "reform",
    "support_amount",
    "support_unit",
    "safeguards_met",
)


@router.get(
    "/reports/decisions.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "CSV"}},
)
def decisions_report(
    s: DbSession,
    actor: Annotated[User, Depends(needs_role(access.CAN_READ_ALL, "decision reports"))],
    date_from: Annotated[date, Query(alias="from", ge=date(1900, 1, 1), le=date(2200, 12, 31))] = date(
        1900, 1, 1
    ),
    date_to: Annotated[date, Query(alias="to", ge=date(1900, 1, 1), le=date(2200, 12, 31))] = date(
        2200, 12, 31
    ),
) -> Response:
    """Decisions in a date range as CSV for reporting: no names or facts about people (data minimisation)."""
    rows = s.execute(
        select(Decision, Case)
        .join(Case, Case.id == Decision.case_id)
        .where(Decision.decision_date >= date_from, Decision.decision_date <= date_to)
        .order_by(Decision.id)
    ).all()
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(REPORT_COLUMNS)
    for d, c in rows:
        writer.writerow(
            [
                d.id,
                c.reference,
                c.kind,
                d.kind,
                d.adverse,
                d.decision_date.isoformat(),
                d.program_id or "",
                d.outcome or "",
                f"{d.rulepack_id or ''} {d.rulepack_version or ''}".strip(),
                d.rulepack_hash or "",
                d.reform_id or "",
                d.support_amount if d.support_amount is not None else "",
                d.support_unit or "",
                " ".join(sorted(str(m.get("safeguard")) for m in d.safeguards or [])),
            ]
        )
    audit.record(
        s,
        actor,
        "report.decisions",
        "report",
        "decisions",
        detail={"from": date_from, "to": date_to, "rows": len(rows)},
    )
    return Response(
        buf.getvalue(),
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="decisions.csv"'},
    )
