"""The programme dashboard: contributions, earmarks, spending by component and country,
budgets, reports due, open consultations and irregularities - one data structure used by
the CLI (Rich tables), the JSON API and the HTML pages."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from migralex.programmes.codelists import country_name
from migralex.programmes.consultations import missing_answers, open_consultations
from migralex.programmes.earmarks import earmark_report
from migralex.programmes.governance import current_budgets, late_notices, open_irregularities, reports_due
from migralex.programmes.ledger import ledger
from migralex.programmes.models import Programme

ZERO = Decimal(0)
SPENDING = ("disbursement", "expenditure")


@dataclass
class DonorRow:
    """One donor agreement's money, in the programme's base currency."""

    agreement: str
    donor: str
    role: str
    instrument: str
    pledged: Decimal
    incoming_commitments: Decimal
    received: Decimal
    spent: Decimal
    earmarked: Decimal


@dataclass
class EarmarkRow:
    """An earmark and how much of it was spent, and where."""

    agreement: str
    donor: str
    name: str
    scope: str
    amount: Decimal
    spent: Decimal
    remaining: Decimal
    by_country: dict[str, Decimal]


@dataclass
class ComponentRow:
    """Commitments and spending on one component."""

    code: str
    name: str
    committed: Decimal
    spent: Decimal


@dataclass
class CountryRow:
    """Spending in one country, split by donor."""

    code: str
    name: str
    spent: Decimal
    by_donor: dict[str, Decimal]


@dataclass
class Dashboard:
    """Everything the dashboard shows for one programme."""

    code: str
    title: str
    currency: str
    start_date: date
    end_date: date
    total_budget: Decimal | None
    today: date
    donors: list[DonorRow]
    earmarks: list[EarmarkRow]
    components: list[ComponentRow]
    countries: list[CountryRow]
    budgets: list[dict[str, Any]]
    reports_due: list[dict[str, Any]]
    consultations_open: list[dict[str, Any]]
    irregularities_open: list[dict[str, Any]]
    earmarks_ok: bool
    violations: list[str] = field(default_factory=list)
    illustrative: bool = False
    note: str | None = None

    def as_json(self) -> dict[str, Any]:
        """JSON-ready dict: Decimals as strings (exact), dates as ISO strings."""
        return jsonable(asdict(self))  # type: ignore[no-any-return]


def jsonable(value: Any) -> Any:
    """Decimals to exact strings, dates to ISO strings, recursively."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # exact, without storage padding: "25700000", "7.46"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def build_dashboard(session: Session, programme: Programme, *, today: date | None = None) -> Dashboard:
    """Compute the dashboard of ``programme`` as of ``today``."""
    today = today or date.today()
    entries = ledger(session, programme)
    proof = earmark_report(session, programme)
    proof_by_ref = {d.agreement_ref: d for d in proof.donors}

    donors = []
    for agr in programme.donor_agreements:
        mine = [e for e in entries if e.donor_agreement_id == agr.id]
        d = proof_by_ref[agr.ref]
        donors.append(
            DonorRow(
                agreement=agr.ref,
                donor=agr.donor.short_name,
                role=agr.role,
                instrument=agr.instrument,
                pledged=d.pledged,
                incoming_commitments=sum(
                    (e.base_amount for e in mine if e.entry_type == "incoming_commitment"), ZERO
                ),
                received=sum((e.base_amount for e in mine if e.entry_type == "incoming_funds"), ZERO),
                spent=d.attributed,
                earmarked=sum((em.base_amount for em in agr.earmarks), ZERO),
            )
        )
    earmarks = [
        EarmarkRow(
            agreement=d.agreement_ref,
            donor=d.donor,
            name=line.name,
            scope=line.scope,
            amount=line.amount,
            spent=line.spent,
            remaining=line.remaining,
            by_country={k: v for k, v in line.by_country.items() if v},
        )
        for d in proof.donors
        for line in d.earmarks
    ]
    committed: dict[int | None, Decimal] = defaultdict(lambda: ZERO)
    spent_comp: dict[int | None, Decimal] = defaultdict(lambda: ZERO)
    spent_country: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for e in entries:
        if e.entry_type == "outgoing_commitment":
            committed[e.component_id] += e.base_amount
        elif e.entry_type in SPENDING:
            spent_comp[e.component_id] += e.base_amount
            if e.country:
                spent_country[e.country] += e.base_amount
    components = [
        ComponentRow(c.code, c.name, committed[c.id], spent_comp[c.id]) for c in programme.components
    ]
    donor_by_country: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for d in proof.donors:
        for country, amount in d.by_country.items():
            if amount:
                donor_by_country[country][d.donor] = amount
    countries = [
        CountryRow(code, country_name(code), amount, donor_by_country.get(code, {}))
        for code, amount in sorted(spent_country.items(), key=lambda kv: (-kv[1], kv[0]))
        if amount
    ]
    budgets = [
        {
            "period_start": b.period_start,
            "period_end": b.period_end,
            "amount": b.amount,
            "currency": b.currency,
            "version": b.version,
            "type": "revised" if b.budget_type == "2" else "original",
            "status": "committed" if b.status == "2" else "indicative",
            "label": b.label,
        }
        for b in current_budgets(session, programme)
    ]
    due = [
        {
            "id": r.report.id,
            "title": r.report.title,
            "kind": r.report.kind,
            "to": r.report.agreement.donor.short_name,
            "due_on": r.report.due_on,
            "state": r.state,
            "days_overdue": max(r.days, 0),
        }
        for r in reports_due(session, today=today, within_days=120, programme=programme)
    ]
    cons = []
    for c in open_consultations(session, programme):
        missing = missing_answers(programme, c)
        cons.append(
            {
                "id": c.id,
                "kind": c.kind,
                "subject": c.subject,
                "amount": c.amount,
                "currency": c.currency,
                "major": c.is_major,
                "major_because": c.major_because,
                "opened_on": c.opened_on,
                "answer_by": c.answer_by,
                "answers": len(c.responses),
                "donors": len(programme.donor_agreements),
                "waiting_for": [a.donor.short_name for a in missing],
                "objections": [r.agreement.donor.short_name for r in c.responses if r.answer == "objection"],
            }
        )
    irregularities = [
        {
            "case_no": i.case_no,
            "status": i.status,
            "type": i.irregularity_type,
            "detected_on": i.detected_on,
            "reported_on": i.reported_on,
            "suspected_amount": i.suspected_amount,
            "currency": i.suspected_currency,
            "donors_notified": sorted({n.agreement.donor.short_name for n in i.notifications}),
            "late_notices": [n.agreement.donor.short_name for n in late_notices(i)],
        }
        for i in open_irregularities(session, programme)
    ]
    violations = [v for d in proof.donors for v in d.violations]
    violations += [f"{ref}: not fully attributed to donor funds" for ref in proof.unattributed_entries]
    return Dashboard(
        code=programme.code,
        title=programme.title,
        currency=programme.base_currency,
        start_date=programme.start_date,
        end_date=programme.end_date,
        total_budget=programme.total_budget,
        today=today,
        donors=donors,
        earmarks=earmarks,
        components=components,
        countries=countries,
        budgets=budgets,
        reports_due=due,
        consultations_open=cons,
        irregularities_open=irregularities,
        earmarks_ok=proof.ok,
        violations=violations,
        illustrative=any(e.illustrative for e in entries),
        note=programme.note,
    )
