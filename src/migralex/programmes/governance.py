"""Governance: annual budgets and work plans, donor meetings with minutes and decisions,
reports owed to donors (with due dates and overdue lists), and irregularity cases.

* Budgets are versioned, never edited: a revision appends a new version (IATI budget
  type 2). A budget period is at most one year (IATI rule 7.5.3).
* An annual donor meeting's agenda always covers progress, budgets and work plans.
* Reporting deadlines come from each donor agreement (months after the period end).
* A suspected irregularity is reported to *all* donors when it is recorded, "without
  delay"; each notice carries the deadline from that donor's agreement, and every
  status change is notified to all donors again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from migralex.engine.dates import add_months as engine_add_months
from migralex.programmes.codelists import BUDGET_STATUS
from migralex.programmes.common import (
    audit,
    check_amount,
    check_currency,
    check_date_in_programme,
    check_not_future,
    get_component,
    get_organisation,
    get_partner_agreement,
    utcnow,
)
from migralex.programmes.errors import Collector, NotFoundError, Refused
from migralex.programmes.models import (
    BudgetLine,
    DonorAgreement,
    IrregularityCase,
    IrregularityEvent,
    IrregularityNotification,
    Meeting,
    Programme,
    ProgrammeDecision,
    ReportDue,
    WorkPlan,
)

ANNUAL_AGENDA: tuple[str, ...] = ("Progress", "Budgets", "Work plans")
DECISION_KINDS = ("approve_work_plan", "approve_budget", "accept_report", "approve_adjustment", "other")
IRREGULARITY_TYPES = (
    "corruption",
    "theft",
    "robbery",
    "fire",
    "vandalism",
    "contract_violation",
    "non_compliance",
    "results_not_achieved",
    "court_case",
    "other",
)
CORRUPTION_TYPES = ("theft", "nepotism", "bribery", "embezzlement", "contract_award", "execution", "other")
IRREGULARITY_STATUSES = ("open", "investigating", "closed_unfounded", "closed_recovered", "closed_loss")


def add_months(on: date, months: int) -> date:
    """``on`` plus ``months`` calendar months, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    return engine_add_months(on, months, "round_down")


#: IATI rule 7.5.3 as the IATI Validator applies it: end minus start at most 365 days.
MAX_BUDGET_DAYS = 365


def one_year_after(on: date) -> date:
    """The same calendar day a year later (29 February -> 28 February)."""
    return add_months(on, 12)


# ---- budgets and work plans ---------------------------------------------------------------


def _budget_key(line: BudgetLine) -> tuple[int | None, date, date]:
    return (line.component_id, line.period_start, line.period_end)


def _budget(
    session: Session,
    programme: Programme,
    *,
    revise: bool,
    period_start: date,
    period_end: date,
    amount: Decimal | str,
    currency: str,
    status: str,
    component: str | None,
    label: str,
    decision_id: int | None,
    actor: str,
) -> BudgetLine:
    c = Collector()
    check_currency(currency, "currency", c)
    amt = check_amount(amount, currency, "amount", c, positive=False)
    if amt is not None and amt < 0:
        c.add("amount", f"must not be negative (got {amt})")
    c.check(status in BUDGET_STATUS, "status", "must be '1' (indicative) or '2' (committed)")
    c.check(period_end >= period_start, "period_end", "must not be before period_start")
    c.check(
        (period_end - period_start).days <= MAX_BUDGET_DAYS,
        "period_end",
        f"a budget period must not be longer than one year (IATI rule 7.5.3: at most {MAX_BUDGET_DAYS} "
        f"days from start to end; {period_start.isoformat()} to {period_end.isoformat()} is "
        f"{(period_end - period_start).days})",
    )
    check_date_in_programme(programme, period_start, "period_start", c)
    check_date_in_programme(programme, period_end, "period_end", c)
    c.raise_if_any()
    assert amt is not None  # noqa: S101 -- narrows a type for mypy
    comp = get_component(session, programme, component) if component else None
    key = (comp.id if comp else None, period_start, period_end)
    versions = [b for b in budget_lines(session, programme) if _budget_key(b) == key]
    if versions and not revise:
        raise Refused.of("period_start", "a budget for this period already exists; revise it instead")
    if revise and not versions:
        raise NotFoundError.of("period_start", "no budget for this period to revise")
    line = BudgetLine(
        programme_id=programme.id,
        component_id=key[0],
        period_start=period_start,
        period_end=period_end,
        amount=amt,
        currency=currency,
        value_date=period_start,
        budget_type="2" if revise else "1",
        status=status,
        version=max((b.version for b in versions), default=0) + 1,
        decision_id=decision_id,
        label=label,
        recorded_at=utcnow(),
    )
    session.add(line)
    session.flush()
    audit(
        session,
        programme_id=programme.id,
        actor=actor,
        action="revise" if revise else "create",
        entity="budget_line",
        entity_id=line.id,
        detail={"amount": str(amt), "version": line.version},
    )
    return line


def add_budget(
    session: Session,
    programme: Programme,
    *,
    period_start: date,
    period_end: date,
    amount: Decimal | str,
    currency: str,
    status: str = "1",
    component: str | None = None,
    label: str = "",
    decision_id: int | None = None,
    actor: str = "system",
) -> BudgetLine:
    """Add an original budget (at most one year) for the programme or one component."""
    return _budget(
        session,
        programme,
        revise=False,
        period_start=period_start,
        period_end=period_end,
        amount=amount,
        currency=currency,
        status=status,
        component=component,
        label=label,
        decision_id=decision_id,
        actor=actor,
    )


def revise_budget(
    session: Session,
    programme: Programme,
    *,
    period_start: date,
    period_end: date,
    amount: Decimal | str,
    currency: str,
    status: str = "2",
    component: str | None = None,
    label: str = "",
    decision_id: int | None = None,
    actor: str = "system",
) -> BudgetLine:
    """Append a revised version of an existing budget (IATI budget type 2)."""
    return _budget(
        session,
        programme,
        revise=True,
        period_start=period_start,
        period_end=period_end,
        amount=amount,
        currency=currency,
        status=status,
        component=component,
        label=label,
        decision_id=decision_id,
        actor=actor,
    )


def budget_lines(session: Session, programme: Programme) -> list[BudgetLine]:
    """Every budget version of ``programme``."""
    return list(
        session.scalars(
            select(BudgetLine).where(BudgetLine.programme_id == programme.id).order_by(BudgetLine.id)
        ).all()
    )


def current_budgets(session: Session, programme: Programme) -> list[BudgetLine]:
    """The newest version of each budget, ordered by period."""
    latest: dict[tuple[int | None, date, date], BudgetLine] = {}
    for line in budget_lines(session, programme):
        key = _budget_key(line)
        if key not in latest or line.version > latest[key].version:
            latest[key] = line
    return sorted(latest.values(), key=lambda b: (b.period_start, b.component_id or 0))


def add_work_plan(
    session: Session,
    programme: Programme,
    *,
    year: int,
    title: str,
    summary: str = "",
    document_url: str | None = None,
) -> WorkPlan:
    """Add the draft work plan for ``year``; it is approved by a donor-meeting decision."""
    c = Collector()
    c.check(
        programme.start_date.year <= year <= programme.end_date.year,
        "year",
        f"{year} is outside the programme period",
    )
    if session.scalar(
        select(WorkPlan.id).where(WorkPlan.programme_id == programme.id, WorkPlan.year == year)
    ):
        c.add("year", f"a work plan for {year} already exists")
    c.raise_if_any()
    plan = WorkPlan(
        programme_id=programme.id,
        year=year,
        title=title,
        summary=summary,
        document_url=document_url,
        status="draft",
    )
    session.add(plan)
    session.flush()
    return plan


# ---- meetings and decisions --------------------------------------------------------------


@dataclass(frozen=True)
class DecisionInput:
    """A decision taken at a meeting. ``subject_ref``: the year (work plan, budget) or report id."""

    kind: str
    text: str
    subject_ref: str | None = None


def schedule_meeting(
    session: Session,
    programme: Programme,
    *,
    held_on: date,
    kind: str = "annual",
    title: str | None = None,
    participants: Sequence[str] | None = None,
    agenda: Sequence[str] = (),
) -> Meeting:
    """Plan a donor meeting. An annual meeting's agenda always starts with progress, budgets, work plans."""
    c = Collector()
    c.check(kind in ("annual", "extraordinary"), "kind", "must be 'annual' or 'extraordinary'")
    check_date_in_programme(programme, held_on, "held_on", c)
    if kind == "extraordinary":
        c.check(bool(agenda), "agenda", "an extraordinary meeting needs an agenda")
    c.raise_if_any()
    items = list(ANNUAL_AGENDA) if kind == "annual" else []
    items += [a for a in agenda if a not in items]
    donors = [a.donor.short_name for a in programme.donor_agreements]
    meeting = Meeting(
        programme_id=programme.id,
        kind=kind,
        held_on=held_on,
        title=title or f"{'Annual' if kind == 'annual' else 'Extraordinary'} donor meeting {held_on.year}",
        agenda=items,
        participants=list(participants) if participants is not None else donors,
        status="planned",
    )
    session.add(meeting)
    session.flush()
    return meeting


def record_minutes(
    session: Session,
    programme: Programme,
    meeting_id: int,
    *,
    minutes: str,
    decisions: Sequence[DecisionInput] = (),
    today: date | None = None,
    actor: str = "system",
) -> list[ProgrammeDecision]:
    """Record that a meeting was held, its minutes and decisions (applied to work plans, reports)."""
    today = today or date.today()
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.programme_id != programme.id:
        raise NotFoundError.of("meeting", f"no meeting {meeting_id} in {programme.code}")
    c = Collector()
    c.check(meeting.status == "planned", "meeting", "minutes are already recorded")
    c.check(bool(minutes.strip()), "minutes", "are required")
    check_not_future(meeting.held_on, today, "held_on", c)
    for i, d in enumerate(decisions):
        c.check(
            d.kind in DECISION_KINDS, f"decisions[{i}].kind", f"must be one of {', '.join(DECISION_KINDS)}"
        )
    c.raise_if_any()
    made: list[ProgrammeDecision] = []
    for i, d in enumerate(decisions):
        decision = ProgrammeDecision(
            programme_id=programme.id,
            meeting_id=meeting.id,
            decided_on=meeting.held_on,
            kind=d.kind,
            text=d.text,
            subject_ref=d.subject_ref,
            recorded_at=utcnow(),
        )
        session.add(decision)
        session.flush()
        if d.kind == "approve_work_plan":
            plan = session.scalar(
                select(WorkPlan).where(
                    WorkPlan.programme_id == programme.id, WorkPlan.year == int(d.subject_ref or 0)
                )
            )
            if plan is None:
                raise NotFoundError.of(f"decisions[{i}].subject_ref", f"no work plan for {d.subject_ref}")
            plan.status = "approved"
            plan.approved_by_decision_id = decision.id
        elif d.kind == "accept_report":
            report = session.get(ReportDue, int(d.subject_ref or 0))
            if report is None or report.programme_id != programme.id:
                raise NotFoundError.of(f"decisions[{i}].subject_ref", f"no report {d.subject_ref}")
            if report.submitted_on is None:
                raise Refused.of(f"decisions[{i}].subject_ref", f"report {report.id} has not been submitted")
            report.accepted_on = meeting.held_on
        made.append(decision)
    meeting.minutes = minutes
    meeting.status = "held"
    session.flush()
    audit(
        session,
        programme_id=programme.id,
        actor=actor,
        action="minutes",
        entity="meeting",
        entity_id=meeting.id,
        detail={"decisions": [d.id for d in made]},
    )
    return made


# ---- reports -------------------------------------------------------------------------------


def schedule_reports(session: Session, programme: Programme, *, year: int) -> list[ReportDue]:
    """Create the activity and financial reports owed to each donor for ``year`` (idempotent)."""
    created: list[ReportDue] = []
    for agr in programme.donor_agreements:
        start = max(date(year, 1, 1), programme.start_date, agr.valid_from)
        end = min(date(year, 12, 31), programme.end_date, agr.valid_to)
        if start > end:
            continue
        for kind, months in (
            ("activity", agr.activity_report_months),
            ("financial", agr.financial_report_months),
        ):
            exists = session.scalar(
                select(ReportDue.id).where(
                    ReportDue.donor_agreement_id == agr.id,
                    ReportDue.kind == kind,
                    ReportDue.period_start == start,
                    ReportDue.period_end == end,
                )
            )
            if exists:
                continue
            report = ReportDue(
                programme_id=programme.id,
                donor_agreement_id=agr.id,
                kind=kind,
                period_start=start,
                period_end=end,
                due_on=add_months(end, months),
                title=f"{kind.capitalize()} report {year} to {agr.donor.short_name}",
            )
            session.add(report)
            created.append(report)
    session.flush()
    return created


def submit_report(
    session: Session,
    programme: Programme,
    report_id: int,
    *,
    submitted_on: date,
    document_url: str | None = None,
    today: date | None = None,
) -> ReportDue:
    """Mark a report as submitted."""
    today = today or date.today()
    report = session.get(ReportDue, report_id)
    if report is None or report.programme_id != programme.id:
        raise NotFoundError.of("report", f"no report {report_id} in {programme.code}")
    c = Collector()
    c.check(report.submitted_on is None, "report", f"report {report_id} was already submitted")
    check_not_future(submitted_on, today, "submitted_on", c)
    c.raise_if_any()
    report.submitted_on = submitted_on
    report.document_url = document_url
    session.flush()
    return report


@dataclass(frozen=True)
class ReportState:
    """A report not yet submitted, with how it stands on ``today``."""

    report: ReportDue
    state: str  # "overdue" | "due"
    days: int  # days overdue (positive) or days left (negative or zero)


def reports_due(
    session: Session, *, today: date | None = None, within_days: int = 90, programme: Programme | None = None
) -> list[ReportState]:
    """Unsubmitted reports that are overdue or due within ``within_days``, most urgent first."""
    today = today or date.today()
    stmt = select(ReportDue).where(
        ReportDue.submitted_on.is_(None), ReportDue.due_on <= today + timedelta(days=within_days)
    )
    if programme is not None:
        stmt = stmt.where(ReportDue.programme_id == programme.id)
    rows = session.scalars(stmt.order_by(ReportDue.due_on, ReportDue.id)).all()
    return [ReportState(r, "overdue" if r.due_on < today else "due", (today - r.due_on).days) for r in rows]


def overdue_reports(
    session: Session, *, today: date | None = None, programme: Programme | None = None
) -> list[ReportState]:
    """Unsubmitted reports whose due date has passed."""
    return [
        r
        for r in reports_due(session, today=today, within_days=0, programme=programme)
        if r.state == "overdue"
    ]


# ---- irregularities -----------------------------------------------------------------------


def _notify_all(
    session: Session, programme: Programme, case: IrregularityCase, on: date, subject: str, due_from: date
) -> list[IrregularityNotification]:
    notes = []
    for agr in programme.donor_agreements:
        note = IrregularityNotification(
            case_id=case.id,
            donor_agreement_id=agr.id,
            notified_on=on,
            due_by=due_from + timedelta(days=agr.irregularity_notice_days),
            subject=subject,
            recorded_at=utcnow(),
        )
        session.add(note)
        notes.append(note)
    session.flush()
    return notes


def report_irregularity(
    session: Session,
    programme: Programme,
    *,
    case_no: str,
    detected_on: date,
    reported_on: date,
    irregularity_type: str,
    description: str,
    partner_agreement: str | None = None,
    organisation: str | None = None,
    locality: str | None = None,
    corruption_type: str | None = None,
    suspected_amount: Decimal | str | None = None,
    suspected_currency: str | None = None,
    suspected_amount_local: Decimal | str | None = None,
    local_currency: str | None = None,
    today: date | None = None,
    actor: str = "system",
) -> IrregularityCase:
    """Open an irregularity case and notify every donor of the programme at once.

    Each donor's notice records the deadline from its agreement (detection date plus
    ``irregularity_notice_days``; 0 = same day); a notice after it is shown as late.
    """
    today = today or date.today()
    c = Collector()
    c.check(bool(case_no.strip()), "case_no", "is required")
    c.check(
        irregularity_type in IRREGULARITY_TYPES,
        "irregularity_type",
        f"must be one of {', '.join(IRREGULARITY_TYPES)}",
    )
    if corruption_type is not None:
        c.check(
            corruption_type in CORRUPTION_TYPES,
            "corruption_type",
            f"must be one of {', '.join(CORRUPTION_TYPES)}",
        )
    c.check(bool(description.strip()), "description", "is required")
    check_not_future(detected_on, today, "detected_on", c)
    check_not_future(reported_on, today, "reported_on", c)
    c.check(reported_on >= detected_on, "reported_on", "must not be before detected_on")
    check_date_in_programme(programme, detected_on, "detected_on", c)
    amounts: dict[str, Decimal | None] = {"suspected_amount": None, "suspected_amount_local": None}
    for fld, value, cur_field, cur in (
        ("suspected_amount", suspected_amount, "suspected_currency", suspected_currency),
        ("suspected_amount_local", suspected_amount_local, "local_currency", local_currency),
    ):
        if value is None:
            continue
        if cur is None:
            c.add(cur_field, f"is required with {fld}")
        elif check_currency(cur, cur_field, c):
            amounts[fld] = check_amount(value, cur, fld, c)
    if session.scalar(select(IrregularityCase.id).where(IrregularityCase.case_no == case_no)):
        c.add("case_no", f"a case {case_no!r} already exists")
    c.check(bool(programme.donor_agreements), "programme", "has no donors to notify")
    c.raise_if_any()
    pa = get_partner_agreement(session, partner_agreement, programme) if partner_agreement else None
    org = get_organisation(session, organisation) if organisation else (pa.partner if pa else None)
    case = IrregularityCase(
        programme_id=programme.id,
        case_no=case_no,
        partner_agreement_id=pa.id if pa else None,
        organisation_id=org.id if org else None,
        locality=locality,
        detected_on=detected_on,
        reported_on=reported_on,
        irregularity_type=irregularity_type,
        corruption_type=corruption_type,
        description=description,
        suspected_amount=amounts["suspected_amount"],
        suspected_currency=suspected_currency,
        suspected_amount_local=amounts["suspected_amount_local"],
        local_currency=local_currency,
        status="open",
    )
    session.add(case)
    session.flush()
    session.add(
        IrregularityEvent(
            case_id=case.id,
            occurred_on=reported_on,
            status="open",
            note="case opened and reported to all donors",
            recorded_at=utcnow(),
        )
    )
    notes = _notify_all(
        session, programme, case, reported_on, f"Suspected irregularity {case_no}: {description}", detected_on
    )
    for note in notes:
        session.add(
            ReportDue(
                programme_id=programme.id,
                donor_agreement_id=note.donor_agreement_id,
                kind="irregularity",
                due_on=note.due_by,
                submitted_on=reported_on,
                irregularity_case_id=case.id,
                title=f"Irregularity notice {case_no}",
            )
        )
    session.flush()
    session.refresh(case, ["notifications", "events"])
    audit(
        session,
        programme_id=programme.id,
        actor=actor,
        action="report",
        entity="irregularity_case",
        entity_id=case.id,
        detail={"case_no": case_no, "donors_notified": len(notes)},
    )
    return case


def get_case(session: Session, programme: Programme, case_no: str) -> IrregularityCase:
    """The irregularity case ``case_no`` of ``programme``."""
    case = session.scalar(select(IrregularityCase).where(IrregularityCase.case_no == case_no))
    if case is None or case.programme_id != programme.id:
        raise NotFoundError.of("case_no", f"no irregularity case {case_no!r} in {programme.code}")
    return case


def update_irregularity(
    session: Session,
    programme: Programme,
    case_no: str,
    *,
    status: str,
    on: date,
    note: str,
    auditor_general_notified_on: date | None = None,
    today: date | None = None,
    actor: str = "system",
) -> IrregularityCase:
    """Move a case to ``status`` (history is kept) and notify every donor of the change."""
    today = today or date.today()
    case = get_case(session, programme, case_no)
    c = Collector()
    c.check(status in IRREGULARITY_STATUSES, "status", f"must be one of {', '.join(IRREGULARITY_STATUSES)}")
    c.check(not case.status.startswith("closed"), "case_no", f"case {case_no} is already {case.status}")
    c.check(on >= case.reported_on, "on", "must not be before the case was reported")
    check_not_future(on, today, "on", c)
    c.check(bool(note.strip()), "note", "is required")
    c.raise_if_any()
    session.add(
        IrregularityEvent(case_id=case.id, occurred_on=on, status=status, note=note, recorded_at=utcnow())
    )
    case.status = status
    if auditor_general_notified_on is not None:
        case.auditor_general_notified_on = auditor_general_notified_on
    _notify_all(session, programme, case, on, f"Irregularity {case_no} now {status}: {note}", on)
    session.refresh(case, ["notifications", "events"])
    audit(
        session,
        programme_id=programme.id,
        actor=actor,
        action="status",
        entity="irregularity_case",
        entity_id=case.id,
        reason=note,
        detail={"status": status},
    )
    return case


def open_irregularities(session: Session, programme: Programme | None = None) -> list[IrregularityCase]:
    """Cases not yet closed."""
    stmt = select(IrregularityCase).where(~IrregularityCase.status.startswith("closed"))
    if programme is not None:
        stmt = stmt.where(IrregularityCase.programme_id == programme.id)
    return list(session.scalars(stmt.order_by(IrregularityCase.detected_on)).all())


def donors_not_notified(programme: Programme, case: IrregularityCase) -> list[DonorAgreement]:
    """Donor agreements of ``programme`` with no notice of ``case`` (every donor must have one)."""
    notified = {n.donor_agreement_id for n in case.notifications}
    return [a for a in programme.donor_agreements if a.id not in notified]


def late_notices(case: IrregularityCase) -> list[IrregularityNotification]:
    """Notices sent after the deadline of the donor's agreement."""
    return [n for n in case.notifications if n.notified_on > n.due_by]


def meetings(session: Session, programme: Programme) -> list[Meeting]:
    """All meetings of ``programme`` by date."""
    return list(
        session.scalars(
            select(Meeting).where(Meeting.programme_id == programme.id).order_by(Meeting.held_on)
        ).all()
    )


__all__ = [
    "ANNUAL_AGENDA",
    "DecisionInput",
    "ReportState",
    "add_budget",
    "add_months",
    "add_work_plan",
    "budget_lines",
    "current_budgets",
    "late_notices",
    "open_irregularities",
    "overdue_reports",
    "record_minutes",
    "report_irregularity",
    "reports_due",
    "revise_budget",
    "schedule_meeting",
    "schedule_reports",
    "submit_report",
    "update_irregularity",
]
