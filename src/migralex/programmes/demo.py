"""Demo data: the Regional Migration Governance Programme for Türkiye and the Western
Balkans (RMGP-TWB), built from public facts, with every invented number labelled.

What is a public fact (sources in :data:`PROVENANCE`):

* title, total budget DKK 300 million, Finance Act line §06.32.10.13, managed by the MFA
  Department for Migration, Peace and Stabilisation (MIGSTAB) with the Ministry for
  Immigration and Integration (UIM) - Danish MFA procurement notice for the appraisal;
* from the press release (:data:`PRESS_RELEASE_CITATION`): the MoU signed on 18 February
  2026 by Elsebeth Søndergaard Krone (Danish MFA) and Olaf Henricson-Bell (FCDO); Denmark
  lead donor managing the programme on behalf of all donors, the UK co-donor through a
  delegated cooperation arrangement; about DKK 25.7 million from the UK for 2025-2026,
  earmarked for activities in the Western Balkans; the three core areas (border and
  migration management, labour-market access for refugees and migrants, combating human
  trafficking and migrant smuggling); IOM, GIZ and DIHR as partners in the Western Balkans;
  the programme running until 2030; annual donor meetings, regular reporting on
  activities, financial management and any irregularities, joint consultations before
  major adjustments, anti-corruption safeguards, and donors' freedom to adjust
  contributions;
* IATI organisation identifiers XM-DAC-3-1 (Danish MFA), GB-GOV-1 (FCDO), XM-DAC-47066
  (IOM), XM-DAC-5-52 (GIZ).

What is **UNVERIFIED**: which countries make up "Türkiye and the Western Balkans" (the
Western Balkans six + Türkiye is assumed), the exact start and end dates, the UK amount in
GBP and its tranching, and which partner works on which core area.

Everything else - the RMGP-TWB IATI identifier, country and sector shares, budgets,
partner ceilings, transactions, exchange rates, the actual start date, the DAC
classifications, results and indicator values, DIHR's organisation type, meetings,
reports, the irregularity case, the consultation, and every agreement threshold - is
**illustrative**.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from migralex.programmes import (
    agreements,
    classification,
    consultations,
    governance,
    ledger,
    results,
    structure,
)
from migralex.programmes.agreements import AgreementPolicy
from migralex.programmes.classification import Dac
from migralex.programmes.earmarks import FundingShare
from migralex.programmes.governance import DecisionInput
from migralex.programmes.models import ExchangeRate, Organisation, Programme
from migralex.programmes.structure import Share

CODE = "RMGP-TWB"
TITLE = "Regional Migration Governance Programme for Türkiye and the Western Balkans 2025-2030 (RMGP-TWB)"
WB6 = ("AL", "BA", "ME", "MK", "RS", "XK")
ILLUSTRATIVE = "illustrative"

PRESS_RELEASE_TITLE = "The United Kingdom and Denmark Deepen Cooperation on Regional Migration Governance"
#: The press release as published by the British Embassy Copenhagen on its press room.
PRESS_RELEASE = (
    "https://via.ritzau.dk/pressemeddelelse/14796434/the-united-kingdom-and-denmark-deepen-cooperation-on-"
    "regional-migration-governance?lang=en&publisherId=13562939"
)
PRESS_RELEASE_CITATION = (
    f"British Embassy Copenhagen, '{PRESS_RELEASE_TITLE}', press release, 18 February 2026"
)
APPRAISAL_NOTICE = (
    "https://um.dk/en/about-us/procurement/contracts/contracts-with-an-estimated-value-up-to-dkk-1064177/"
    "contract-opportunities/archive/regional-migration"
)


@dataclass(frozen=True)
class Fact:
    """One statement used by the demo, where it comes from, and how sure it is."""

    statement: str
    source: str
    status: str  # "public" | "UNVERIFIED" | "illustrative"


def _press(statement: str) -> Fact:
    return Fact(statement, f"{PRESS_RELEASE_CITATION}, {PRESS_RELEASE}", "public")


PROVENANCE: tuple[Fact, ...] = (
    Fact(
        "Title: Regional Migration Governance Programme for Türkiye and the Western Balkans 2025-2030",
        APPRAISAL_NOTICE,
        "public",
    ),
    Fact(
        "Total budget DKK 300 million, Finance Act §06.32.10.13, managed by MFA MIGSTAB with UIM",
        APPRAISAL_NOTICE,
        "public",
    ),
    _press(
        "Denmark is lead donor and manages the programme on behalf of all donors; the UK is co-donor "
        "through a delegated cooperation arrangement"
    ),
    _press("UK contributes approx. DKK 25.7 million in 2025-2026 (FY25-26)"),
    _press("The UK's contribution is earmarked for activities in the Western Balkans"),
    _press(
        "MoU signed on 18 February 2026 at the British Embassy Copenhagen by Elsebeth Søndergaard Krone "
        "(State Secretary for Development Policy, Danish MFA) and Olaf Henricson-Bell "
        "(Migration Director, FCDO)"
    ),
    _press(
        "Three core areas: strengthening border and migration management; enhancing access to labour markets "
        "for refugees and migrants; combating human trafficking and migrant smuggling"
    ),
    _press("Programme runs until 2030; IOM, GIZ and DIHR implement in the Western Balkans"),
    _press(
        "Governance: annual donor meetings on progress, budgets and work plans; regular reporting on "
        "activities, financial management and any cases of irregularities; joint consultations before any "
        "major programme adjustments; accountability and anti-corruption safeguards; donors may adjust "
        "contributions"
    ),
    Fact(
        "IATI org ids: XM-DAC-3-1, GB-GOV-1, XM-DAC-47066, XM-DAC-5-52 (agency-prefix scheme: IATI, "
        "'Modify DAC-derived organisation identifiers', "
        "https://support.iatistandard.org/hc/en-us/articles/214392946-Modify-DAC-derived-organisation-identifiers)",
        "IATI publisher data (research note; the identifiers were not re-read from the IATI Registry)",
        "public",
    ),
    Fact(
        "Countries: Albania, Bosnia and Herzegovina, Kosovo, Montenegro, North Macedonia, Serbia, Türkiye",
        "the press release names 'Türkiye and the Western Balkans' but not the countries",
        "UNVERIFIED",
    ),
    Fact(
        "Programme dates 2025-01-01 to 2030-12-31",
        "title says 2025-2030 and the press release 'runs until 2030'; exact dates not public",
        "UNVERIFIED",
    ),
    Fact("UK contribution amount in GBP and its tranching", "not public", "UNVERIFIED"),
    Fact(
        "Which partner implements which core area; whether partners also work in Türkiye",
        "not public",
        "UNVERIFIED",
    ),
    Fact(
        "RMGP-TWB IATI identifier XM-DAC-3-1-EXAMPLE-RMGP-TWB", "invented: no identifier found", ILLUSTRATIVE
    ),
    Fact(
        "DAC classifications (collaboration type 1, flow type 10 ODA, finance type 110, aid type C01, "
        "untied; UK contribution B03), DIHR's organisation type, the actual start date, results and "
        "indicator values",
        "invented for the demo: the donors' own classifications are not public",
        ILLUSTRATIVE,
    ),
    Fact(
        "Country and sector shares, budgets, ceilings, transactions, rates, meetings, reports, irregularity, "
        "consultation, agreement thresholds",
        "invented for the demo",
        ILLUSTRATIVE,
    ),
)

ORGANISATIONS: tuple[tuple[str, str, str | None, str | None, str | None, str | None], ...] = (
    ("DK-MFA", "Ministry of Foreign Affairs of Denmark", "XM-DAC-3-1", "10", "DK", None),
    ("FCDO", "Foreign, Commonwealth and Development Office (United Kingdom)", "GB-GOV-1", "10", "GB", None),
    ("IOM", "International Organization for Migration (IOM)", "XM-DAC-47066", "40", None, None),
    (
        "GIZ",
        "Deutsche Gesellschaft für Internationale Zusammenarbeit (GIZ)",
        "XM-DAC-5-52",
        "10",
        "DE",
        "Publishers classify GIZ's organisation type inconsistently; 10 used here.",
    ),
    (
        "DIHR",
        "Danish Institute for Human Rights (DIHR)",
        None,
        "15",
        "DK",
        "No IATI organisation identifier found; a DK-CVR-<number> id is the convention but the number is "
        "UNVERIFIED, so it is published by name only. Type 15 (other public sector) is illustrative.",
    ),
    (
        "REVIEW",
        "Independent review team (illustrative)",
        None,
        "70",
        None,
        "Illustrative receiver of the demo's review-mission expenditure.",
    ),
)


def _ensure_organisations(session: Session) -> None:
    for short, name, ref, typ, country, note in ORGANISATIONS:
        exists = session.scalar(select(Organisation.id).where(Organisation.short_name == short))
        if exists is None:
            structure.add_organisation(
                session, short_name=short, name=name, iati_ref=ref, iati_type=typ, country=country, note=note
            )


def _ensure_rate(session: Session, currency: str, rate: str, on: date) -> None:
    exists = session.scalar(
        select(ExchangeRate.id).where(
            ExchangeRate.from_currency == currency,
            ExchangeRate.to_currency == "DKK",
            ExchangeRate.rate_date == on,
            ExchangeRate.kind == "booking",
        )
    )
    if exists is None:
        ledger.record_exchange_rate(
            session,
            from_currency=currency,
            to_currency="DKK",
            rate=rate,
            rate_date=on,
            kind="booking",
            source="illustrative demo rate (not a published rate)",
            actor="demo",
        )


def load_demo(session: Session, *, today: date | None = None) -> Programme:
    """Load RMGP-TWB into the database behind ``session`` (idempotent); the caller commits."""
    existing = session.scalar(select(Programme).where(Programme.code == CODE))
    if existing is not None:
        return existing
    today = today or date.today()
    _ensure_organisations(session)
    prog = structure.create_programme(
        session,
        code=CODE,
        title=TITLE,
        iati_identifier="XM-DAC-3-1-EXAMPLE-RMGP-TWB",
        reporting_org="DK-MFA",
        base_currency="DKK",
        start_date=date(2025, 1, 1),
        end_date=date(2030, 12, 31),
        description=(
            "Multi-donor programme led by Denmark, which manages it on behalf of all donors; "
            "the United Kingdom "
            "co-finances it as co-donor through a delegated cooperation arrangement."
        ),
        objectives=(
            "Border and migration management; access to labour markets for refugees and migrants; countering "
            "migrant smuggling and human trafficking."
        ),
        total_budget=Decimal("300000000"),
        activity_status="2",
        actual_start_date=date(2025, 9, 1),
        finance_act_line="§06.32.10.13",
        managing_unit="MFA Department for Migration, Peace and Stabilisation (MIGSTAB), "
        "with the Ministry for "
        "Immigration and Integration (UIM)",
        note=(
            "Demo data. Public facts: title, DKK 300 m total budget, finance-act line, lead/co-donor roles, "
            "approx. DKK 25.7 m UK contribution 2025-26 earmarked for the Western Balkans, the three core "
            "areas, partners IOM/GIZ/DIHR, run to 2030, the MoU's governance points. UNVERIFIED: country "
            "list, exact dates, GBP amount, partner per core area. Everything else is illustrative, "
            "including the IATI identifier, the actual start date and the DAC classifications."
        ),
        actor="demo",
    )
    structure.set_geography(
        session,
        prog,
        [Share("TR", "40", note="share illustrative; country list UNVERIFIED")]
        + [Share(c, "10", note="share illustrative; country list UNVERIFIED") for c in WB6],
        actor="demo",
    )
    structure.set_sectors(session, prog, [Share("15190", "100")], actor="demo")
    structure.add_component(
        session,
        prog,
        code="BMM",
        name="Border and migration management",
        sector_code="15190",
        note="incl. integrated border management; AVRR where possible",
    )
    structure.add_component(
        session, prog, code="LAB", name="Labour-market access for refugees and migrants", sector_code="16020"
    )
    structure.add_component(
        session,
        prog,
        code="CTS",
        name="Countering migrant smuggling and human trafficking",
        sector_code="15190",
    )
    for org, role, label in (
        ("DK-MFA", "1", "lead donor"),
        ("FCDO", "1", "co-donor"),
        ("DK-MFA", "2", None),
        ("DK-MFA", "3", None),
        ("IOM", "4", None),
        ("GIZ", "4", None),
        ("DIHR", "4", None),
    ):
        structure.add_participant(session, prog, organisation=org, role=role, label=label)
    structure.add_document(
        session,
        prog,
        title="The United Kingdom and Denmark deepen cooperation on regional "
        "migration governance (press release)",
        url=PRESS_RELEASE,
        category="A12",
        document_date=date(2026, 2, 18),
    )
    structure.add_document(
        session,
        prog,
        title="Appraisal of the RMGP-TWB 2025-2030 (procurement notice)",
        url=APPRAISAL_NOTICE,
        category="A10",
    )

    # -- donors ------------------------------------------------------------------------------
    dk = agreements.add_donor_agreement(
        session,
        prog,
        donor="DK-MFA",
        ref="DK-RMGP-TWB-APPROPRIATION",
        instrument="programme_appropriation",
        title="Danish appropriation, Finance Act §06.32.10.13",
        role="lead",
        currency="DKK",
        valid_from=date(2025, 1, 1),
        valid_to=date(2030, 12, 31),
        policy=AgreementPolicy(
            irregularity_notice_days=0,
            activity_report_months=4,
            financial_report_months=6,
            major_adjustment_percent=Decimal("10"),
            consultation_days=21,
        ),
        note="Policy numbers illustrative.",
        actor="demo",
    )
    agreements.add_contribution(
        session,
        dk,
        amount="300000000",
        currency="DKK",
        period_start=date(2025, 1, 1),
        period_end=date(2030, 12, 31),
        value_date=date(2025, 1, 1),
        label="Danish programme budget DKK 300 m (public); phasing not public",
        actor="demo",
    )
    uk = agreements.add_donor_agreement(
        session,
        prog,
        donor="FCDO",
        ref="UK-DK-MOU-RMGP-TWB",
        instrument="delegated_cooperation",
        title="UK-Denmark MoU: delegated cooperation on regional migration governance",
        role="co_donor",
        currency="DKK",
        valid_from=date(2025, 4, 1),
        valid_to=date(2030, 12, 31),
        signed_on=date(2026, 2, 18),
        signatories="Elsebeth Søndergaard Krone (State Secretary for Development Policy, Danish MFA); "
        "Olaf Henricson-Bell (Migration Director, FCDO)",
        document_url=PRESS_RELEASE,
        policy=AgreementPolicy(
            irregularity_notice_days=0,
            activity_report_months=3,
            financial_report_months=6,
            major_adjustment_amount=Decimal("2500000"),
            consultation_days=14,
        ),
        note=f"Signed 18 February 2026 and governance points as stated in {PRESS_RELEASE_CITATION}; "
        "validity after FY25-26 UNVERIFIED; policy numbers (days, months, thresholds) illustrative.",
        actor="demo",
    )
    agreements.add_contribution(
        session,
        uk,
        amount="25700000",
        currency="DKK",
        period_start=date(2025, 4, 1),
        period_end=date(2026, 3, 31),
        value_date=date(2026, 2, 18),
        label="UK FY25-26, approx. DKK 25.7 m (public; GBP amount UNVERIFIED)",
        actor="demo",
    )
    agreements.add_earmark(
        session,
        uk,
        name="Western Balkans",
        amount="25700000",
        currency="DKK",
        value_date=date(2026, 2, 18),
        countries=WB6,
        category="3",
        note=f"UK funds earmarked for activities in the Western Balkans ({PRESS_RELEASE_CITATION}); "
        "which countries count as the Western Balkans is UNVERIFIED",
        actor="demo",
    )

    # -- partners (all illustrative) ----------------------------------------------------------
    _ensure_rate(session, "EUR", "7.4630", date(2025, 10, 1))
    _ensure_rate(session, "EUR", "7.4610", date(2026, 4, 15))
    _ensure_rate(session, "EUR", "7.4580", date(2026, 11, 2))  # for the revaluation report
    _ensure_rate(session, "GBP", "8.6000", date(2026, 11, 2))  # reports in GBP
    structure.add_partner_agreement(
        session,
        prog,
        partner="IOM",
        component="BMM",
        ref="RMGP-TWB-IOM-BMM",
        countries=[*WB6, "TR"],
        start_date=date(2025, 7, 1),
        end_date=date(2029, 12, 31),
        ceiling="90000000",
        currency="DKK",
        note="illustrative ceiling; component mapping UNVERIFIED",
        actor="demo",
    )
    structure.add_partner_agreement(
        session,
        prog,
        partner="GIZ",
        component="LAB",
        ref="RMGP-TWB-GIZ-LAB",
        countries=list(WB6),
        start_date=date(2025, 9, 1),
        end_date=date(2029, 12, 31),
        ceiling="6000000",
        currency="EUR",
        note="illustrative ceiling; component mapping UNVERIFIED",
        actor="demo",
    )
    structure.add_partner_agreement(
        session,
        prog,
        partner="DIHR",
        component="CTS",
        ref="RMGP-TWB-DIHR-CTS",
        countries=list(WB6),
        start_date=date(2025, 10, 1),
        end_date=date(2028, 12, 31),
        ceiling="12000000",
        currency="DKK",
        note="illustrative ceiling; component mapping UNVERIFIED",
        actor="demo",
    )

    # -- ledger (all illustrative except the UK commitment of approx. DKK 25.7 m) ----------------
    ledger.record_incoming_commitment(
        session,
        prog,
        agreement=uk.ref,
        reference="UK-FY2526-COMMIT",
        amount="25700000",
        currency="DKK",
        transaction_date=date(2026, 2, 18),
        description="UK contribution FY25-26 under the MoU (approx., public)",
        today=today,
        actor="demo",
    )
    ledger.record_incoming_funds(
        session,
        prog,
        agreement=uk.ref,
        reference="UK-FY2526-RECEIPT-1",
        amount="12850000",
        currency="DKK",
        transaction_date=date(2026, 3, 16),
        description="First UK transfer (illustrative)",
        illustrative=True,
        today=today,
        actor="demo",
    )
    for pa, ref, amount, cur, on in (
        ("RMGP-TWB-IOM-BMM", "IOM-COMMIT-1", "45000000", "DKK", date(2025, 9, 1)),
        ("RMGP-TWB-GIZ-LAB", "GIZ-COMMIT-1", "3000000", "EUR", date(2025, 10, 1)),
        ("RMGP-TWB-DIHR-CTS", "DIHR-COMMIT-1", "6000000", "DKK", date(2025, 11, 3)),
    ):
        ledger.record_outgoing_commitment(
            session,
            prog,
            partner_agreement=pa,
            reference=ref,
            amount=amount,
            currency=cur,
            transaction_date=on,
            illustrative=True,
            description="illustrative commitment",
            today=today,
            actor="demo",
        )
    for pa, ref, amount, cur, on, country in (
        ("RMGP-TWB-IOM-BMM", "IOM-DISB-TR-1", "10000000", "DKK", date(2025, 10, 15), "TR"),
        ("RMGP-TWB-IOM-BMM", "IOM-DISB-RS-1", "8000000", "DKK", date(2026, 3, 20), "RS"),
        ("RMGP-TWB-IOM-BMM", "IOM-DISB-AL-1", "4000000", "DKK", date(2026, 5, 11), "AL"),
        ("RMGP-TWB-GIZ-LAB", "GIZ-DISB-MK-1", "1200000", "EUR", date(2026, 4, 15), "MK"),
        ("RMGP-TWB-DIHR-CTS", "DIHR-DISB-ME-1", "2000000", "DKK", date(2026, 6, 1), "ME"),
        ("RMGP-TWB-DIHR-CTS", "DIHR-DISB-BA-1", "2000000", "DKK", date(2026, 6, 3), "BA"),
    ):
        ledger.record_disbursement(
            session,
            prog,
            partner_agreement=pa,
            reference=ref,
            amount=amount,
            currency=cur,
            transaction_date=on,
            country=country,
            illustrative=True,
            description="illustrative disbursement",
            today=today,
            actor="demo",
        )
    ledger.reverse_entry(
        session,
        "DIHR-DISB-ME-1",
        on=date(2026, 6, 3),
        reason="Booked to Montenegro by mistake; the transfer was for Bosnia and Herzegovina "
        "(illustrative correction, re-booked as DIHR-DISB-BA-1)",
        today=today,
        actor="demo",
    )
    ledger.record_expenditure(
        session,
        prog,
        component="BMM",
        reference="DK-MTR-TR-1",
        amount="750000",
        currency="DKK",
        transaction_date=date(2026, 9, 15),
        country="TR",
        funding=[FundingShare(dk.ref)],
        receiver="REVIEW",
        illustrative=True,
        description="Review mission (illustrative direct cost)",
        today=today,
        actor="demo",
    )

    # -- budgets and work plans (illustrative; they add up to the public DKK 300 m) -------------
    for year, amount in (
        (2025, "30000000"),
        (2026, "60000000"),
        (2027, "60000000"),
        (2028, "60000000"),
        (2029, "50000000"),
        (2030, "40000000"),
    ):
        governance.add_budget(
            session,
            prog,
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
            amount=amount,
            currency="DKK",
            status="2" if year <= 2026 else "1",
            label=f"Annual budget {year} (illustrative)",
            actor="demo",
        )
    governance.add_work_plan(session, prog, year=2026, title="Work plan 2026 (illustrative)")
    governance.add_work_plan(session, prog, year=2027, title="Work plan 2027 (illustrative draft)")
    meeting = governance.schedule_meeting(
        session, prog, held_on=date(2026, 3, 10), title="Annual donor meeting 2026 (illustrative)"
    )
    decisions = governance.record_minutes(
        session,
        prog,
        meeting.id,
        minutes="ILLUSTRATIVE minutes: the donors reviewed progress in 2025, the 2026 budget and work plan; "
        "the "
        "UK contribution was welcomed and the 2026 budget raised accordingly.",
        decisions=[
            DecisionInput("approve_work_plan", "Work plan 2026 approved", "2026"),
            DecisionInput("approve_budget", "Budget 2026 revised to DKK 72 m (illustrative)", "2026"),
        ],
        today=today,
        actor="demo",
    )
    governance.revise_budget(
        session,
        prog,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        amount="72000000",
        currency="DKK",
        decision_id=decisions[1].id,
        label="Budget 2026 revised after the UK contribution (illustrative)",
        actor="demo",
    )
    governance.schedule_meeting(
        session, prog, held_on=date(2027, 3, 9), title="Annual donor meeting 2027 (illustrative, planned)"
    )

    # -- reports, irregularity, consultation (illustrative) ---------------------------------------
    reports = governance.schedule_reports(session, prog, year=2025)
    reports += governance.schedule_reports(session, prog, year=2026)
    for r in reports:
        if r.period_end is not None and r.period_end.year == 2025 and r.kind == "activity":
            governance.submit_report(session, prog, r.id, submitted_on=date(2026, 3, 30), today=today)
    case = governance.report_irregularity(
        session,
        prog,
        case_no="RMGP-TWB-IRR-001 (illustrative)",
        detected_on=date(2026, 9, 2),
        reported_on=date(2026, 9, 2),
        irregularity_type="non_compliance",
        partner_agreement="RMGP-TWB-DIHR-CTS",
        locality="Sarajevo",
        description="ILLUSTRATIVE: procurement rules not followed for a training venue",
        suspected_amount="85000",
        suspected_currency="DKK",
        today=today,
        actor="demo",
    )
    governance.update_irregularity(
        session,
        prog,
        case.case_no,
        status="investigating",
        on=date(2026, 9, 20),
        note="Partner's internal audit engaged (illustrative)",
        today=today,
        actor="demo",
    )
    cons = consultations.open_consultation(
        session,
        prog,
        kind="budget_reallocation",
        subject="Move DKK 6 m from countering trafficking (CTS) to border and migration management (BMM) "
        "in 2027 "
        "(illustrative)",
        amount="6000000",
        currency="DKK",
        opened_on=date(2026, 10, 1),
        actor="demo",
    )
    consultations.respond(
        session,
        prog,
        cons.id,
        agreement=dk.ref,
        answer="no_objection",
        answered_on=date(2026, 10, 2),
        actor="demo",
    )
    _classify_and_results(session, prog, dk.ref)
    session.flush()
    return prog


def _classify_and_results(session: Session, prog: Programme, dk_ref: str) -> None:
    """DAC classifications, results per core area and child activities (all illustrative)."""
    classification.set_programme_classification(
        session,
        prog,
        collaboration_type="1",
        defaults=Dac(flow_type="10", finance_type="110", aid_type="C01", tied_status="5"),
        actor="demo",
    )
    for ref in ("UK-FY2526-COMMIT", "UK-FY2526-RECEIPT-1"):
        classification.classify_entry(
            session,
            ref,
            Dac(aid_type="B03"),
            reason="illustrative: a co-donor's contribution to a programme managed by the lead donor",
            actor="demo",
        )
    for component, title, indicator, target, actual in (
        (
            "BMM",
            "Strengthened border and migration management",
            "Officials trained (illustrative)",
            "400",
            "310",
        ),
        (
            "LAB",
            "Better access to labour markets for refugees and migrants",
            "People placed in work (illustrative)",
            "250",
            "180",
        ),
        (
            "CTS",
            "Stronger action against trafficking and smuggling",
            "Cases referred for support (illustrative)",
            "120",
            "95",
        ),
    ):
        result = results.add_result(
            session, prog, component=component, result_type="1", title=title, illustrative=True, actor="demo"
        )
        ind = results.add_indicator(
            session, result, title=indicator, measure="1", baseline_year=2025, baseline_value="0"
        )
        results.set_period(
            session,
            ind,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 12, 31),
            target=target,
            actual=actual,
        )
    for pa in ("RMGP-TWB-IOM-BMM", "RMGP-TWB-GIZ-LAB", "RMGP-TWB-DIHR-CTS"):
        results.add_child_activity(session, prog, partner_agreement=pa, actor="demo")
    del dk_ref
