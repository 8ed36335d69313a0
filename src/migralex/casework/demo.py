"""Demo data for ``migralex serve --demo``: users, people and cases in several stages (loaded once).

All people are fictional. Decisions are made through the services, so they are audited and pass
the same safeguards as real ones.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from migralex.casework import access, lifecycle
from migralex.casework.models import Setting, User
from migralex.casework.schemas import AssessmentIn, CaseIn, DecisionIn, FamilyLinkIn, PersonIn

#: (username, role, display name, password): printed by ``serve --demo``. Demo only.
DEMO_USERS = (
    ("anna", "caseworker", "Anna Berg", "anna-demo-pass"),
    ("bo", "caseworker", "Bo Lund", "bo-demo-pass"),
    ("sara", "senior_caseworker", "Sara Holm", "sara-demo-pass"),
    ("ida", "auditor", "Ida Krog", "ida-demo-pass"),
    ("admin", "administrator", "Admin", "admin-demo-pass"),
)
MARKER = "demo_loaded"


def _programs() -> set[str]:
    from migralex.rules.registry import programs

    return set(programs())


def load(session: Session, today: date | None = None) -> bool:
    """Load the demo once (idempotent); True when it was loaded now."""
    if session.get(Setting, MARKER) is not None:
        return False
    users: dict[str, User] = {}
    for username, role, name, password in DEMO_USERS:
        found = session.scalar(select(User).where(User.username == username))
        users[username] = found or access.create_user(
            session, None, username, password, role, name, demo=True
        )
    anna, sara = users["anna"], users["sara"]
    today = today or date.today()
    granted_on = today - timedelta(days=200)
    have = _programs()

    def person(actor: User, **kw: object) -> int:
        return lifecycle.create_person(session, actor, PersonIn.model_validate(kw)).id

    # 1. Temporary protection (generalised violence), Damascus: affected by a safe-country designation.
    p1 = person(
        anna, full_name="Rami Haddad", birth_date=date(1988, 5, 14), nationality="SY", home_region="Damascus"
    )
    c1 = lifecycle.open_case(session, anna, CaseIn(kind="asylum_claim", person_id=p1, opened_on=granted_on))
    # 2. Convention refugee (personal persecution), Damascus: excluded from designations.
    p2 = person(
        anna,
        full_name="Lina Saleh",
        birth_date=date(1990, 1, 2),
        nationality="SY",
        home_region="Damascus",
        vulnerabilities=["torture_survivor", "ptsd"],
        vulnerability_notes="Istanbul Protocol medical report on file; avoid placement near firing ranges.",
    )
    c2 = lifecycle.open_case(session, anna, CaseIn(kind="asylum_claim", person_id=p2, opened_on=granted_on))
    if "dk.asylum.status" in have:
        base = {
            "applicant.outside_country_of_nationality": True,
            "case.first_country_of_asylum_applies": False,
        }
        lifecycle.decide(
            session,
            anna,
            c1,
            DecisionIn(
                kind="grant",
                decision_date=granted_on,
                program="dk.asylum.status",
                reasons="Demo: § 7(3) grant.",
                facts={
                    **base,
                    "applicant.well_founded_fear_of_persecution": False,
                    "applicant.real_risk_of_serious_harm": True,
                    "applicant.risk_from_generalised_violence": True,
                },
            ),
        )
        lifecycle.decide(
            session,
            anna,
            c2,
            DecisionIn(
                kind="grant",
                decision_date=granted_on,
                program="dk.asylum.status",
                reasons="Demo: § 7(1) grant.",
                facts={
                    **base,
                    "applicant.well_founded_fear_of_persecution": True,
                    "applicant.real_risk_of_serious_harm": True,
                    "applicant.risk_from_generalised_violence": False,
                },
            ),
        )
        # 3. Family reunification: Lina's spouse applies (tied to Lina's status).
        p3 = person(anna, full_name="Omar Saleh", birth_date=date(1989, 7, 20), nationality="SY")
        lifecycle.add_family_link(
            session,
            anna,
            lifecycle.get_person(session, anna, p3),
            FamilyLinkIn(relative_id=p2, relation="spouse"),
        )
        lifecycle.open_case(
            session,
            anna,
            CaseIn(
                kind="family_reunification",
                person_id=p3,
                sponsor_id=p2,
                opened_on=today,
                summary="Spouse of a Convention refugee.",
            ),
        )
    # 4. A minor applicant, and a couple where one is a minor (separation needs an individual assessment).
    p4 = person(
        sara,
        full_name="Yusuf Ahmadi",
        birth_date=date(today.year - 16, 2, 1),
        nationality="AF",
        vulnerabilities=["minor"],
    )
    p5 = person(sara, full_name="Karim Ahmadi", birth_date=date(today.year - 24, 6, 1), nationality="AF")
    lifecycle.add_family_link(
        session,
        sara,
        lifecycle.get_person(session, sara, p5),
        FamilyLinkIn(relative_id=p4, relation="spouse"),
    )
    c4 = lifecycle.open_case(
        session,
        sara,
        CaseIn(
            kind="asylum_claim",
            person_id=p4,
            assigned_to=users["bo"].id,
            opened_on=today,
            summary="Minor spouse; accommodation question.",
        ),
    )
    lifecycle.record_assessment(
        session,
        users["bo"],
        c4,
        AssessmentIn(
            kind="vulnerability_considered",
            conclusion="considered",
            reasons="Intake interview with guardian present; age assessment pending.",
        ),
    )
    # 5. An expulsion case with no safeguards recorded yet (decisions are blocked until they are).
    p6 = person(anna, full_name="Marek Nowak", birth_date=date(1979, 11, 3), nationality="PL")
    lifecycle.open_case(
        session,
        anna,
        CaseIn(
            kind="expulsion",
            person_id=p6,
            opened_on=today,
            summary="Sentence of 2 years; expulsion considered (UL § 22).",
        ),
    )
    session.add(Setting(key=MARKER, value=today.isoformat()))
    return True
