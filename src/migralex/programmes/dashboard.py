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

from migralex.i18n import N_
from migralex.programmes.codelists import INDICATOR_MEASURE, RESULT_TYPE, country_name
from migralex.programmes.consultations import missing_answers, open_consultations
from migralex.programmes.earmarks import agreement_capacity, earmark_report
from migralex.programmes.governance import (
    current_budgets,
    donors_not_notified,
    late_notices,
    open_irregularities,
    reports_due,
)
from migralex.programmes.ledger import ledger
from migralex.programmes.models import IndicatorPeriod, Programme
from migralex.programmes.results import programme_results

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
    total_commitment: Decimal = ZERO
    budget_total: Decimal = ZERO
    results: list[dict[str, Any]] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)

    @property
    def heading(self) -> str:
        """The title, followed by the code unless the title already ends with it."""
        suffix = f"({self.code})"
        return self.title if self.title.endswith(suffix) else f"{self.title} {suffix}"

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


def governance_alerts(
    due: list[dict[str, Any]], cons: list[dict[str, Any]], irregularities: list[dict[str, Any]]
) -> list[str]:
    """What is overdue or missing: reports, donors' answers, irregularity notices."""
    alerts: list[str] = []
    for r in due:
        if r["days_overdue"] > 0:
            shown = {
                "title": r["title"],
                "to": r["to"],
                "due": r["due_on"].isoformat(),
                "days": r["days_overdue"],
            }
            alerts.append(
                N_("OVERDUE report: %(title)s, due %(due)s, %(days)s days late", **shown)
                if r["to"] in r["title"]
                else N_("OVERDUE report: %(title)s to %(to)s, due %(due)s, %(days)s days late", **shown)
            )
    alerts += [
        N_(
            "OVERDUE consultation #%(id)s: %(donors)s has not answered; answers were due %(due)s, "
            "%(days)s days ago",
            id=c["id"],
            donors=", ".join(c["waiting_for"]),
            due=c["answer_by"].isoformat(),
            days=c["overdue_days"],
        )
        for c in cons
        if c["overdue_days"] > 0
    ]
    for i in irregularities:
        if i["not_notified"]:
            alerts.append(
                N_(
                    "Irregularity %(case)s: not notified to %(donors)s",
                    case=i["case_no"],
                    donors=", ".join(i["not_notified"]),
                )
            )
        if i["late_notices"]:
            alerts.append(
                N_(
                    "Irregularity %(case)s: notice late to %(donors)s",
                    case=i["case_no"],
                    donors=", ".join(i["late_notices"]),
                )
            )
    return alerts


def result_rows(session: Session, programme: Programme) -> list[dict[str, Any]]:
    """Results with their indicators, baselines, targets and actuals (one row per period)."""
    rows: list[dict[str, Any]] = []
    for r in programme_results(session, programme):
        for ind in r.indicators:
            periods: list[IndicatorPeriod | None] = list(ind.periods) or [None]
            for per in periods:
                rows.append(
                    {
                        "component": r.component.code if r.component else "",
                        "result": r.title,
                        "type": RESULT_TYPE.get(r.result_type, r.result_type),
                        "indicator": ind.title,
                        "measure": INDICATOR_MEASURE.get(ind.measure, ind.measure),
                        "baseline": ind.baseline_value,
                        "baseline_year": ind.baseline_year,
                        "period_start": per.period_start if per else None,
                        "period_end": per.period_end if per else None,
                        "target": per.target_value if per else None,
                        "actual": per.actual_value if per else None,
                        "illustrative": r.illustrative,
                    }
                )
    return rows


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
                "overdue_days": (today - c.answer_by).days if missing and c.answer_by < today else 0,
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
            "not_notified": [a.donor.short_name for a in donors_not_notified(programme, i)],
        }
        for i in open_irregularities(session, programme)
    ]
    violations = [v for d in proof.donors for v in d.violations]
    violations += [
        N_("%(ref)s: not fully attributed to donor funds", ref=ref) for ref in proof.unattributed_entries
    ]
    budget_total = sum(
        (
            b.amount
            for b in current_budgets(session, programme)
            if b.currency == programme.base_currency and b.component_id is None
        ),
        ZERO,
    )
    return Dashboard(
        total_commitment=sum((agreement_capacity(a) for a in programme.donor_agreements), ZERO),
        budget_total=budget_total,
        results=result_rows(session, programme),
        alerts=governance_alerts(due, cons, irregularities),
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
