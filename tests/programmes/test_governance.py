"""Governance: annual donor meetings, budgets and work plans, reports with due dates,
irregularities reported without delay to all donors, consultations before major
adjustments, and contribution adjustments recorded as agreement amendments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from migralex.programmes import agreements, consultations, governance
from migralex.programmes.errors import ProgrammeError, Refused
from migralex.programmes.governance import DecisionInput

from .conftest import TODAY, Scenario

# ---- meetings, budgets, work plans ---------------------------------------------------------


def test_annual_meeting_reviews_progress_budgets_and_work_plans(session: Session, scenario: Scenario) -> None:
    prog = scenario.programme(session)
    plan = governance.add_work_plan(session, prog, year=2026, title="Work plan 2026")
    meeting = governance.schedule_meeting(
        session, prog, held_on=date(2026, 3, 10), agenda=["Irregularity update"]
    )
    assert meeting.agenda == ["Progress", "Budgets", "Work plans", "Irregularity update"]
    assert meeting.participants == ["DK-MFA", "FCDO"]
    made = governance.record_minutes(
        session,
        prog,
        meeting.id,
        minutes="Donors reviewed progress, the 2026 budget and work plan.",
        decisions=[
            DecisionInput("approve_work_plan", "Work plan 2026 approved", "2026"),
            DecisionInput("approve_budget", "Budget 2026 approved", "2026"),
        ],
        today=TODAY,
    )
    assert [d.kind for d in made] == ["approve_work_plan", "approve_budget"]
    assert plan.status == "approved" and plan.approved_by_decision_id == made[0].id
    assert meeting.status == "held"
    with pytest.raises(ProgrammeError, match="meeting: minutes are already recorded"):
        governance.record_minutes(session, prog, meeting.id, minutes="again", today=TODAY)


def test_minutes_of_a_future_meeting_are_refused(session: Session, scenario: Scenario) -> None:
    prog = scenario.programme(session)
    meeting = governance.schedule_meeting(session, prog, held_on=date(2027, 3, 10))
    with pytest.raises(ProgrammeError, match="held_on: 2027-03-10 is in the future"):
        governance.record_minutes(session, prog, meeting.id, minutes="Not yet", today=TODAY)


def test_budgets_are_annual_and_revisions_append_versions(session: Session, scenario: Scenario) -> None:
    prog = scenario.programme(session)
    governance.add_budget(
        session,
        prog,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        amount="60000000",
        currency="DKK",
        status="2",
    )
    with pytest.raises(ProgrammeError, match=r"period_end: a budget period must not be longer than one year"):
        governance.add_budget(
            session,
            prog,
            period_start=date(2027, 1, 1),
            period_end=date(2028, 1, 2),  # 366 days: the official rule allows at most 365
            amount="1",
            currency="DKK",
        )
    with pytest.raises(Refused, match="already exists; revise it instead"):
        governance.add_budget(
            session,
            prog,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 12, 31),
            amount="1",
            currency="DKK",
        )
    governance.revise_budget(
        session,
        prog,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        amount="55000000",
        currency="DKK",
    )
    (current,) = governance.current_budgets(session, prog)
    assert (current.version, current.budget_type, current.amount) == (2, "2", Decimal("55000000"))
    assert [b.amount for b in governance.budget_lines(session, prog)] == [
        Decimal("60000000"),
        Decimal("55000000"),
    ]


# ---- reports ------------------------------------------------------------------------------


def test_reports_fall_due_by_each_agreement_and_overdue_ones_are_listed(
    session: Session, scenario: Scenario
) -> None:
    prog = scenario.programme(session)
    made = governance.schedule_reports(session, prog, year=2025)
    assert governance.schedule_reports(session, prog, year=2025) == []  # idempotent
    due = {(r.agreement.donor.short_name, r.kind): (r.period_start, r.due_on) for r in made}
    assert due[("FCDO", "activity")] == (date(2025, 4, 1), date(2026, 3, 31))
    assert due[("FCDO", "financial")] == (date(2025, 4, 1), date(2026, 6, 30))
    assert due[("DK-MFA", "activity")] == (date(2025, 1, 1), date(2026, 3, 31))
    listing = governance.reports_due(session, today=date(2026, 4, 15), within_days=90, programme=prog)
    states = {(s.report.agreement.donor.short_name, s.report.kind): (s.state, s.days) for s in listing}
    assert states[("FCDO", "activity")] == ("overdue", 15)
    assert states[("FCDO", "financial")] == ("due", -76)
    uk_activity = next(r for r in made if r.agreement.ref == scenario.uk and r.kind == "activity")
    governance.submit_report(session, prog, uk_activity.id, submitted_on=date(2026, 4, 16), today=TODAY)
    overdue = governance.overdue_reports(session, today=date(2026, 4, 20), programme=prog)
    assert [(o.report.agreement.ref, o.report.kind) for o in overdue] == [(scenario.dk, "activity")]


# ---- irregularities -------------------------------------------------------------------------


def test_an_irregularity_is_reported_without_delay_to_all_donors(
    session: Session, scenario: Scenario
) -> None:
    prog = scenario.programme(session)
    case = governance.report_irregularity(
        session,
        prog,
        case_no=f"C-{scenario.suffix}",
        detected_on=date(2026, 5, 4),
        reported_on=date(2026, 5, 4),
        irregularity_type="corruption",
        corruption_type="bribery",
        partner_agreement=scenario.iom,
        description="Suspected kickback in a procurement (illustrative)",
        suspected_amount="120000",
        suspected_currency="DKK",
        suspected_amount_local="1900000",
        local_currency="RSD",
        today=TODAY,
    )
    assert case.status == "open" and case.organisation_id is not None
    assert sorted(n.agreement.donor.short_name for n in case.notifications) == ["DK-MFA", "FCDO"]
    assert {n.notified_on for n in case.notifications} == {date(2026, 5, 4)}
    assert governance.late_notices(case) == []
    assert governance.open_irregularities(session, prog) == [case]
    governance.update_irregularity(
        session,
        prog,
        case.case_no,
        status="closed_recovered",
        on=date(2026, 6, 1),
        note="Amount repaid by the partner",
        today=TODAY,
    )
    assert [e.status for e in case.events] == ["open", "closed_recovered"]
    assert len(case.notifications) == 4  # every donor told of the opening and of the closure
    assert governance.open_irregularities(session, prog) == []
    with pytest.raises(ProgrammeError, match="is already closed_recovered"):
        governance.update_irregularity(
            session, prog, case.case_no, status="open", on=date(2026, 6, 2), note="reopen", today=TODAY
        )


def test_a_late_irregularity_notice_is_shown_as_late(session: Session, scenario: Scenario) -> None:
    prog = scenario.programme(session)
    case = governance.report_irregularity(
        session,
        prog,
        case_no=f"L-{scenario.suffix}",
        detected_on=date(2026, 5, 4),
        reported_on=date(2026, 5, 20),
        irregularity_type="theft",
        description="Laptops stolen (illustrative)",
        today=TODAY,
    )
    # the UK agreement says "without delay" (0 days); the Danish one uses the default (0 days)
    assert {n.agreement.ref for n in governance.late_notices(case)} == {scenario.uk, scenario.dk}


def test_an_irregularity_with_bad_input_is_refused(session: Session, scenario: Scenario) -> None:
    with pytest.raises(ProgrammeError) as err:
        governance.report_irregularity(
            session,
            scenario.programme(session),
            case_no="X",
            detected_on=date(2026, 5, 4),
            reported_on=date(2026, 5, 1),
            irregularity_type="mischief",
            description="x",
            suspected_amount="100",
            today=TODAY,
        )
    assert {p.field for p in err.value.problems} == {"irregularity_type", "reported_on", "suspected_currency"}


# ---- consultations and contribution adjustments ----------------------------------------------


def test_a_major_adjustment_waits_for_every_donor(session: Session, scenario: Scenario) -> None:
    prog = scenario.programme(session)
    cons = consultations.open_consultation(
        session,
        prog,
        kind="budget_reallocation",
        subject="Move DKK 40 m from LAB to BMM",
        amount="40000000",
        currency="DKK",
        opened_on=date(2026, 5, 1),
    )
    assert cons.is_major and cons.share_percent == Decimal("13.33")
    assert cons.major_because == (
        f"13.33% of the total budget reaches the 10% threshold of {scenario.dk}; "
        f"DKK 40,000,000.00 reaches the DKK 2,000,000.00 threshold of {scenario.uk}"
    )
    assert cons.answer_by == date(2026, 5, 15)
    consultations.respond(
        session, prog, cons.id, agreement=scenario.dk, answer="no_objection", answered_on=date(2026, 5, 2)
    )
    with pytest.raises(Refused) as err:
        consultations.approve(session, prog, cons.id, decided_on=date(2026, 5, 3), text="approved")
    assert "until every donor has been consulted and answered; no answer yet from FCDO" in str(err.value)
    assert cons.status == "open"
    consultations.respond(
        session, prog, cons.id, agreement=scenario.uk, answer="no_objection", answered_on=date(2026, 5, 10)
    )
    decision = consultations.approve(session, prog, cons.id, decided_on=date(2026, 5, 11), text="approved")
    assert cons.status == "approved" and cons.decision_id == decision.id
    assert consultations.open_consultations(session, prog) == []


def test_an_objection_blocks_approval(session: Session, scenario: Scenario) -> None:
    prog = scenario.programme(session)
    cons = consultations.open_consultation(
        session,
        prog,
        kind="geographic_change",
        subject="Add Moldova",
        amount="5000000",
        currency="DKK",
        opened_on=date(2026, 5, 1),
    )
    with pytest.raises(ProgrammeError, match="text: an objection needs its reasons"):
        consultations.respond(
            session, prog, cons.id, agreement=scenario.uk, answer="objection", answered_on=date(2026, 5, 2)
        )
    consultations.respond(
        session,
        prog,
        cons.id,
        agreement=scenario.uk,
        answer="objection",
        answered_on=date(2026, 5, 2),
        text="Outside the MoU's geography",
    )
    consultations.respond(
        session, prog, cons.id, agreement=scenario.dk, answer="no_objection", answered_on=date(2026, 5, 2)
    )
    with pytest.raises(
        Refused, match=r"cannot approve: objected to by FCDO \(UK-\w+\): Outside the MoU's geography"
    ):
        consultations.approve(session, prog, cons.id, decided_on=date(2026, 5, 3), text="approved")


def test_a_minor_adjustment_needs_no_round_of_answers(session: Session, scenario: Scenario) -> None:
    prog = scenario.programme(session)
    cons = consultations.open_consultation(
        session,
        prog,
        kind="budget_reallocation",
        subject="Small shift",
        amount="500000",
        currency="DKK",
        opened_on=date(2026, 5, 1),
    )
    assert not cons.is_major and cons.major_because == ""
    consultations.approve(
        session, prog, cons.id, decided_on=date(2026, 5, 2), text="approved by the lead donor"
    )
    assert cons.status == "approved"


def test_donors_adjust_contributions_by_amendment(session: Session, scenario: Scenario) -> None:
    prog = scenario.programme(session)
    first = agreements.adjust_contribution(
        session,
        prog,
        agreement=scenario.uk,
        change="1000000",
        currency="DKK",
        effective_on=date(2026, 5, 1),
        period_start=date(2026, 4, 1),
        period_end=date(2026, 12, 31),
        reason="UK top-up (illustrative)",
    )
    assert (first.number, first.kind) == (1, "contribution_increase")
    with pytest.raises(
        Refused,
        match=r"consultation_id: a contribution change of DKK 5,000,000.00 is a major "
        r"adjustment .* it needs an approved consultation of all donors",
    ):
        agreements.adjust_contribution(
            session,
            prog,
            agreement=scenario.uk,
            change="-5000000",
            currency="DKK",
            effective_on=date(2026, 5, 2),
            period_start=date(2026, 4, 1),
            period_end=date(2026, 12, 31),
            reason="UK reduction",
        )
    cons = consultations.open_consultation(
        session,
        prog,
        kind="contribution_adjustment",
        subject="UK reduces FY26-27 by DKK 5 m",
        amount="5000000",
        currency="DKK",
        opened_on=date(2026, 5, 2),
    )
    for ref in (scenario.dk, scenario.uk):
        consultations.respond(
            session, prog, cons.id, agreement=ref, answer="no_objection", answered_on=date(2026, 5, 3)
        )
    consultations.approve(session, prog, cons.id, decided_on=date(2026, 5, 4), text="agreed")
    with pytest.raises(
        Refused,
        match=r"change: would reduce UK-\w+ to DKK 21,700,000.00, below the "
        r"DKK 25,700,000.00 already earmarked or spent from it",
    ):
        agreements.adjust_contribution(
            session,
            prog,
            agreement=scenario.uk,
            change="-5000000",
            currency="DKK",
            effective_on=date(2026, 5, 5),
            period_start=date(2026, 4, 1),
            period_end=date(2026, 12, 31),
            reason="UK reduction",
            consultation_id=cons.id,
        )
    second = agreements.adjust_contribution(
        session,
        prog,
        agreement=scenario.uk,
        change="5000000",
        currency="DKK",
        effective_on=date(2026, 5, 5),
        period_start=date(2026, 4, 1),
        period_end=date(2026, 12, 31),
        reason="UK increase",
        consultation_id=cons.id,
    )
    assert second.number == 2 and second.consultation_id == cons.id
    uk = prog.donor_agreements[1]
    assert sum(c.amount for c in uk.contributions) == Decimal("31700000")
