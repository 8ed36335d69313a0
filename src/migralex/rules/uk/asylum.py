"""UK protection grants and their length: Immigration Rules Part 11 and Appendix Settlement Protection.

Covers grants decided from 17 July 2023 (when HC 1496 paused the Nationality and Borders Act 2022 "Group 2"
30-month grants, so every grant was 5 years) to date. For claims lodged on or after 2 March 2026 the grant
is 30 months ("core protection", Restoring Order and Control, 17 Nov 2025), except for unaccompanied children;
whether 30-month grantees can settle after 5 years is UNVERIFIED (unknown); the 20-year road to settlement is
a proposal (status ``proposed``, see the ``uk_core_protection_2025`` reform).
The case date is the **date of decision**; the cohort is set by the date the claim was lodged.
Primary source: Immigration Rules, Part 11 (https://www.gov.uk/guidance/immigration-rules).
"""

from __future__ import annotations

from datetime import date

from migralex.engine import (
    FactType,
    Program,
    any_of,
    computation,
    condition,
    const,
    fact,
    if_,
    param,
    unless,
)
from migralex.engine.meta import ConditionTag, ProgramMeta
from migralex.rules import citing
from migralex.rules.citing import regulation_text, secondary_text
from migralex.rules.meta import PROTECTION as PROTECTION_GRANT
from migralex.rules.meta import encoded_from

P = "uk.asylum.protection"
CORE_PROTECTION_FROM = date(2026, 3, 2)

PART_11 = regulation_text(
    "Immigration Rules Part 11 (asylum) and Appendix Settlement Protection",
    "https://www.gov.uk/guidance/immigration-rules/immigration-rules-part-11-asylum",
)
THIRTY_MONTHS = regulation_text(
    (
        "Immigration Rules as changed for claims lodged on or after 2 March 2026 (statement of changes "
        "number UNVERIFIED; primary text not read)"
    ),
    citing.IMMIGRATION_RULES,
    see_also=(
        secondary_text(
            (
                "Immigration Rules as changed for claims lodged on or after 2 March 2026 (statement of "
                "changes number UNVERIFIED; primary text not read) [S: solicitorsfirm.com; TM Legis]"
            ),
            "https://www.solicitorsfirm.com/uk-asylum-rules-change-march-2026/",
        ),
    ),
)

# --- facts ---------------------------------------------------------------------------------------
REFUGEE = fact(
    "applicant.recognised_as_refugee",
    FactType.BOOL,
    "The claimant is recognised as a refugee (refugee status)",
)
HP = fact(
    "applicant.granted_humanitarian_protection",
    FactType.BOOL,
    "The claimant is granted humanitarian protection",
)
CLAIM_LODGED = fact(
    "claim.lodged_date",
    FactType.DATE,
    "Date the protection claim (or the further submissions that led to the grant) was lodged",
)
UASC = fact(
    "applicant.unaccompanied_asylum_seeking_child",
    FactType.BOOL,
    "The claimant is an unaccompanied asylum-seeking child at the date of decision, or would have been but "
    "turned 18 before the final decision",
)

# --- conditions ----------------------------------------------------------------------------------
refugee_status = condition(
    f"{P}.refugee_status", "The claimant is granted refugee status", PART_11, REFUGEE,
    tags={ConditionTag.PROTECTION},
)
humanitarian_protection = condition(
    f"{P}.humanitarian_protection", "The claimant is granted humanitarian protection", PART_11, HP,
    tags={ConditionTag.PROTECTION},
)
granted = condition(
    P,
    "Protection is granted: refugee status or humanitarian protection",
    PART_11,
    any_of(refugee_status, humanitarian_protection),
)

lodged_before_core = condition(
    f"{P}.claim_lodged_before_2026_03_02",
    "The claim was lodged on or before 1 March 2026 (before the 30-month 'core protection' grants)",
    THIRTY_MONTHS,
    const(CORE_PROTECTION_FROM) > CLAIM_LODGED,
)
unaccompanied_child = condition(
    f"{P}.unaccompanied_child",
    "The claimant is an unaccompanied asylum-seeking child, or would have been but turned 18 before the "
    "final decision",
    regulation_text(
        "Immigration Rules from 2 March 2026: unaccompanied children keep 5-year grants",
        citing.IMMIGRATION_RULES,
        see_also=(
            secondary_text(
                (
                    "Immigration Rules from 2 March 2026: unaccompanied children keep 5-year grants [S: "
                    "solicitorsfirm.com]"
                ),
                "https://www.solicitorsfirm.com/uk-asylum-rules-change-march-2026/",
            ),
        ),
    ),
    UASC,
    tags={ConditionTag.AGE_LIMIT},
)

FIVE_YEAR_PERMISSION = regulation_text(
    (
        "Immigration Rules: 5 years' permission for claims lodged up to 1 March 2026 and for unaccompanied "
        "children (the appendix carrying the 2026 change is not identified)"
    ),
    citing.IMMIGRATION_RULES,
    see_also=(
        secondary_text(
            (
                "Claims lodged up to 1 March 2026 and unaccompanied children: 5 years' permission [S: "
                "solicitorsfirm.com]"
            ),
            "https://www.solicitorsfirm.com/uk-asylum-rules-change-march-2026/",
        ),
    ),
)
permission_months = computation(
    f"{P}.permission_months",
    "Length of the first permission to stay granted with protection, in months",
    THIRTY_MONTHS,
    param(f"{P}.permission_months"),
    unit="months",
    unless=[
        unless(
            f"{P}.permission_months.claim_before_2026_03_02",
            "A claim lodged on or before 1 March 2026 gets 5 years' permission",
            FIVE_YEAR_PERMISSION,
            lodged_before_core,
            param(f"{P}.five_year_permission_months"),
            priority=1,
        ),
        unless(
            f"{P}.permission_months.unaccompanied_child",
            "An unaccompanied asylum-seeking child (or one who turned 18 before the final decision) gets 5 "
            "years",
            FIVE_YEAR_PERMISSION,
            unaccompanied_child,
            param(f"{P}.five_year_permission_months"),
            priority=2,
        ),
    ],
)
SETTLEMENT_5 = regulation_text(
    (
        "Appendix Settlement Protection: settlement after 5 years, following a safe return review; people"
        " granted 5 years are expected still to settle after 5 years"
    ),
    citing.IMMIGRATION_RULES,
    see_also=(
        secondary_text(
            (
                "Appendix Settlement Protection: settlement after 5 years, following a safe return "
                "review; people granted 5 years are expected still to settle after 5 years [S: TM Legis]"
            ),
            "https://www.tmlegis.co.uk/blog/immigration-law-90ba447d",
        ),
    ),
)
settlement_years = computation(
    f"{P}.settlement_years",
    "Years of permission before the person can apply for settlement (indefinite leave to remain)",
    SETTLEMENT_5,
    param(f"{P}.settlement_years"),
    unit="years",
    unless=[
        unless(
            f"{P}.settlement_years.claim_before_2026_03_02",
            "A person granted permission on a claim lodged up to 1 March 2026 can settle after "
            "{param:uk.asylum.protection.five_year_settlement_years} years",
            SETTLEMENT_5,
            lodged_before_core,
            param(f"{P}.five_year_settlement_years"),
            priority=1,
        ),
        unless(
            f"{P}.settlement_years.unaccompanied_child",
            "An unaccompanied child granted the longer permission can settle after "
            "{param:uk.asylum.protection.five_year_settlement_years} years",
            SETTLEMENT_5,
            unaccompanied_child,
            param(f"{P}.five_year_settlement_years"),
            priority=2,
        ),
    ],
)
status = computation(
    f"{P}.status",
    "The status granted: refugee_convention (refugee status), protection_status (humanitarian protection), "
    "or none",
    PART_11,
    if_(refugee_status, "refugee_convention", if_(humanitarian_protection, "protection_status", "none")),
)

PROTECTION = Program(
    id=P,
    meta=ProgramMeta(
        vocabulary=PROTECTION_GRANT,
        status_output="status_code",
    ),
    in_force=encoded_from(
        date(2023, 7, 17),
        PART_11,
        "grants before HC 1496 (17 July 2023), including the Nationality and Borders Act 2022 "
        "Group 2 grants,",
    ),
    title="Grant of protection and its length (UK)",
    description=(
        "Refugee status or humanitarian protection, with the length of the first permission (60 months; 30 "
        "months for adult claims lodged from 2 March 2026) and the years to settlement (5; unknown for "
        "30-month grantees; 20 proposed). Assess on the date of decision."
    ),
    root=granted,
    citation=PART_11,
    outputs={
        "permission_months": permission_months,
        "settlement_years": settlement_years,
        "status_code": status,
    },
)

PROGRAMS = [PROTECTION]
