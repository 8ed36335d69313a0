"""UK refugee family reunion: Appendix Family Reunion (Sponsors with Protection) ("Appendix FRP").

Covers applications from 12 April 2023 (the Appendix replaced Part 11, paras 352A-352FJ; the earlier Part 11
period is not encoded). The route closed to new applications at 15:00 on 4 September 2025 (Statement of
Changes HC 1298); applications made before then are decided under FRP (transitional provision FRP 11.1).
The case date is the **date of application**. Primary source: Immigration Rules,
Appendix Family Reunion (Protection).
"""

from __future__ import annotations

from datetime import date

from migralex.engine import (
    FactType,
    Program,
    add_years,
    age_on,
    all_of,
    any_of,
    computation,
    condition,
    decision_date,
    fact,
    not_,
    param,
    unless,
)
from migralex.engine.meta import ConditionTag, MoneyOutput, ProgramMeta
from migralex.rules import citing
from migralex.rules.citing import regulation_text, secondary_text
from migralex.rules.meta import GRANT, encoded_from
from migralex.rules.uk.facts import (
    APPLICANT_BIRTH_DATE,
    GENUINE,
    LIVE_TOGETHER,
    RELATIONSHIP_TYPE,
    SPONSOR_STATUS,
)

P = "uk.family_reunion.refugee"
FRP_URL = "https://gov.uk/guidance/immigration-rules/immigration-rules-appendix-family-reunion-sponsors-with-protection"
CLOSED_ON = date(2025, 9, 4)

FRP = regulation_text("Immigration Rules, Appendix Family Reunion (Sponsors with Protection)", FRP_URL)
FRP_2023 = regulation_text(
    "Appendix Family Reunion (Protection), text of April 2023",
    citing.APPENDIX_FRP,
    see_also=(
        secondary_text(
            "Appendix Family Reunion (Protection), text of April 2023 [S: cpdimmigration.com]",
            "https://cpdimmigration.com/?p=12457",
        ),
    ),
)
FRP_ELIGIBILITY = regulation_text(
    "Appendix FRP eligibility (paragraph numbers within FRP 3-10 UNVERIFIED)",
    citing.APPENDIX_FRP,
    see_also=(
        secondary_text(
            (
                "Appendix FRP eligibility (paragraph numbers within FRP 3-10 UNVERIFIED) [S: Law Society "
                "of Scotland Journal, Apr 2023]"
            ),
            (
                "https://lawscot.org.uk/members/journal/issues/vol-68-issue-04/immigration-family-reunion"
                "s-given-new-rules"
            ),
        ),
    ),
)
HC_1298 = regulation_text(
    (
        "Statement of Changes HC 1298: Appendix FRP closed to new applications from 15:00 on 4 September "
        "2025; FRP 11.1 (transitional)"
    ),
    citing.APPENDIX_FRP,
    see_also=(
        secondary_text(
            (
                "Statement of Changes HC 1298: Appendix FRP closed to new applications from 15:00 on 4 "
                "September 2025; FRP 11.1 (transitional) [S: EIN, 4 Sep 2025]"
            ),
            (
                "https://www.ein.org.uk/news/new-applications-refugee-family-reunion-route-suspended-3pm-"
                "today"
            ),
        ),
    ),
)

# --- facts ---------------------------------------------------------------------------------------
BEFORE_CLOSURE_TIME = fact(
    "application.made_before_route_closure_time",
    FactType.BOOL,
    "On 4 September 2025, the application was made before 15:00 UK time",
    "Only read for applications dated 4 September 2025, the day the route closed at 15:00 (HC 1298).",
)
BIOMETRICS = fact(
    "application.biometrics_provided", FactType.BOOL, "The applicant has provided biometrics when required"
)
EXCLUDED = fact(
    "applicant.excluded_from_protection",
    FactType.BOOL,
    "The Secretary of State has decided, or would decide, that paragraph 339AA, 339AC, 339D or 339GB "
    "(exclusion from the Refugee Convention or humanitarian protection, danger to the UK) applies to the "
    "applicant",
)
PART_9 = fact(
    "applicant.refused_under_part_9",
    FactType.BOOL,
    "The application falls for refusal under Part 9 of the Immigration Rules (general grounds for refusal)",
)
RELATION = fact(
    "applicant.relationship_to_sponsor",
    FactType.CODE,
    "How the applicant is related to the sponsor",
    "partner, child, or other",
    codes=("partner", "child", "other"),
)
RELATIONSHIP_START = fact(
    "relationship.start_date",
    FactType.DATE,
    "Date the unmarried partners' relationship akin to marriage or civil partnership began",
)
PRE_FLIGHT = fact(
    "relationship.formed_before_sponsor_fled",
    FactType.BOOL,
    "The partner relationship was formed before the sponsor left their country of former habitual "
    "residence to seek protection",
)
PRE_FLIGHT_CHILD = fact(
    "applicant.part_of_pre_flight_family_unit",
    FactType.BOOL,
    "The child was part of the sponsor's family unit before the sponsor left their country of former "
    "habitual residence",
)
INDEPENDENT_LIFE = fact(
    "applicant.leading_independent_life", FactType.BOOL, "The child is leading an independent life"
)
OWN_FAMILY_UNIT = fact(
    "applicant.formed_independent_family_unit",
    FactType.BOOL,
    "The child has formed an independent family unit",
)
CHILD_MARRIED = fact(
    "applicant.married_or_civil_partner", FactType.BOOL, "The child is married or in a civil partnership"
)
ADULT_CHILD_EXCEPTIONAL = fact(
    "applicant.adult_child_exceptional_circumstances",
    FactType.BOOL,
    "Exceptional circumstances allow a child aged 18 or over to qualify",
)

# --- conditions ----------------------------------------------------------------------------------
route_open = condition(
    f"{P}.route_open",
    "The refugee family reunion route is open to new applications on the date of application",
    HC_1298,
    param(f"{P}.route_open"),
    unless=[
        unless(
            f"{P}.route_open.before_1500_on_closing_day",
            "Transitional: an application made on 4 September 2025 before 15:00 is decided under Appendix "
            "FRP",
            regulation_text(
                "Appendix FRP, FRP 11.1 (transitional provision)",
                citing.APPENDIX_FRP,
                see_also=(
                    secondary_text(
                        (
                            "Appendix FRP, FRP 11.1 (transitional provision) [S: Morgan Smith, quoting "
                            "the Appendix header]"
                        ),
                        "https://morgansmithimmigration.com/?p=5638",
                    ),
                ),
            ),
            all_of(decision_date().eq(CLOSED_ON), BEFORE_CLOSURE_TIME),
        )
    ],
    tags={ConditionTag.DEADLINE},
)

biometrics = condition(
    f"{P}.biometrics",
    "The applicant has provided biometrics when required (validity)",
    regulation_text("Appendix FRP, FRP 1.3(a)", FRP_URL),
    BIOMETRICS,
    tags={ConditionTag.PROCEDURE},
)
sponsor_status = condition(
    f"{P}.sponsor_status",
    "The sponsor has protection status (refugee status or humanitarian protection) or settlement on a "
    "protection route, and is not a British citizen (validity)",
    regulation_text("Appendix FRP, FRP 1.3(b)-(c)", FRP_URL),
    SPONSOR_STATUS.is_in(param(f"{P}.sponsor_statuses")),
    tags={ConditionTag.SPONSOR_STATUS},
)
not_excluded = condition(
    f"{P}.not_excluded",
    "Paragraphs 339AA, 339AC, 339D and 339GB (exclusion, danger to the UK) do not apply to the applicant",
    regulation_text(
        "Appendix FRP, FRP 2.1 (April 2023 text)",
        citing.APPENDIX_FRP,
        see_also=(
            secondary_text(
                "Appendix FRP, FRP 2.1 (April 2023 text) [S: cpdimmigration.com]",
                "https://cpdimmigration.com/?p=12457",
            ),
        ),
    ),
    not_(EXCLUDED),
)
no_general_grounds = condition(
    f"{P}.no_general_grounds_for_refusal",
    "The application does not fall for refusal under Part 9 (general grounds for refusal)",
    regulation_text(
        "Appendix FRP, FRP 2.2 (April 2023 text)",
        citing.APPENDIX_FRP,
        see_also=(
            secondary_text(
                "Appendix FRP, FRP 2.2 (April 2023 text) [S: cpdimmigration.com]",
                "https://cpdimmigration.com/?p=12457",
            ),
        ),
    ),
    not_(PART_9),
)
suitability = condition(
    f"{P}.suitability",
    "The applicant meets the suitability requirements",
    FRP_2023,
    all_of(not_excluded, no_general_grounds),
)

is_partner = condition(
    f"{P}.applicant_is_partner",
    "The applicant applies as the sponsor's partner",
    FRP,
    RELATION.eq("partner"),
    gate=True,
)
partner_relationship = condition(
    f"{P}.partner_relationship",
    "The applicant is the sponsor's spouse or civil partner, or an unmarried partner in a relationship akin "
    "to marriage that has subsisted for at least "
    "{param:uk.family_reunion.refugee.unmarried_partner_min_years} years (subsistence, not cohabitation)",
    regulation_text(
        (
            "Part 11 para 352AA(ii) (before 12 Apr 2023); Fetle (Partners: two year requirement) [2014] "
            "UKUT 267 (IAC); wording under Appendix FRP / Appendix Relationship with Partner UNVERIFIED "
            "[S]"
        ),
        citing.APPENDIX_FRP,
        see_also=(
            secondary_text(
                (
                    "Part 11 para 352AA(ii) (before 12 Apr 2023); Fetle (Partners: two year requirement) "
                    "[2014] UKUT 267 (IAC); wording under Appendix FRP / Appendix Relationship with "
                    "Partner UNVERIFIED [S]"
                ),
                "https://immigrationbarrister.co.uk/?p=1701",
            ),
        ),
    ),
    any_of(
        RELATIONSHIP_TYPE.is_in(["married", "civil_partner"]),
        all_of(
            RELATIONSHIP_TYPE.eq("unmarried_partner"),
            add_years(RELATIONSHIP_START, param(f"{P}.unmarried_partner_min_years"), "round_down")
            <= decision_date(),
        ),
    ),
    tags={ConditionTag.RELATIONSHIP},
)
pre_flight = condition(
    f"{P}.pre_flight_relationship",
    "The relationship was formed before the sponsor left their country of former habitual residence",
    FRP_ELIGIBILITY,
    PRE_FLIGHT,
    tags={ConditionTag.RELATIONSHIP},
)
genuine = condition(
    f"{P}.genuine_relationship",
    "The relationship is genuine and subsisting and the couple intend to live together",
    FRP_ELIGIBILITY,
    all_of(GENUINE, LIVE_TOGETHER),
    tags={ConditionTag.RELATIONSHIP},
)
partner = condition(
    f"{P}.partner",
    "The applicant qualifies as the sponsor's pre-flight partner",
    FRP_ELIGIBILITY,
    all_of(is_partner, partner_relationship, pre_flight, genuine),
)

is_child = condition(
    f"{P}.applicant_is_child",
    "The applicant applies as the sponsor's child",
    FRP,
    RELATION.eq("child"),
    gate=True,
)
child_age = condition(
    f"{P}.child_under_18",
    "The child is under {param:uk.family_reunion.refugee.child_age_limit} on the date of application",
    regulation_text(
        "Appendix FRP eligibility (children under 18; over 18 only in exceptional circumstances)",
        citing.APPENDIX_FRP,
        see_also=(
            secondary_text(
                (
                    "Appendix FRP eligibility (children under 18; over 18 only in exceptional "
                    "circumstances) [S: Burness Paull]"
                ),
                (
                    "https://www.burnesspaull.com/legal-insights-news-events/insights/what-next-for-appen"
                    "dix-family-reunion-sponsors-with-protection?page=1"
                ),
            ),
        ),
    ),
    age_on(APPLICANT_BIRTH_DATE, decision_date()) < param(f"{P}.child_age_limit"),
    unless=[
        unless(
            f"{P}.child_under_18.adult_child_exceptional",
            "A child aged {param:uk.family_reunion.refugee.child_age_limit} or over qualifies in "
            "exceptional circumstances",
            regulation_text(
                "Appendix FRP (adult children in exceptional circumstances)",
                citing.APPENDIX_FRP,
                see_also=(
                    secondary_text(
                        (
                            "Appendix FRP (adult children in exceptional circumstances) [S: Burness "
                            "Paull; Law Society of Scotland]"
                        ),
                        (
                            "https://lawscot.org.uk/members/journal/issues/vol-68-issue-04/immigration-fa"
                            "mily-reunions-given-new-rules"
                        ),
                    ),
                ),
            ),
            ADULT_CHILD_EXCEPTIONAL,
        )
    ],
    tags={ConditionTag.AGE_LIMIT},
)
child_family_unit = condition(
    f"{P}.child_pre_flight_family_unit",
    "The child was part of the sponsor's family unit before the sponsor left",
    FRP_ELIGIBILITY,
    PRE_FLIGHT_CHILD,
    tags={ConditionTag.RELATIONSHIP},
)
child_dependent = condition(
    f"{P}.child_not_independent",
    "The child is not leading an independent life, has not formed an independent family unit and is not "
    "married or in a civil partnership",
    regulation_text(
        "Appendix FRP eligibility: child",
        citing.APPENDIX_FRP,
        see_also=(
            secondary_text(
                "Appendix FRP eligibility: child [S: British Red Cross report; Law Society of Scotland]",
                (
                    "https://british-red-cross.relayto.com/e/how-reuniting-families-can-provide-solutions"
                    "-to-the-refugee-crisis-8whifuteu1xl6/00rBxRcS7"
                ),
            ),
        ),
    ),
    all_of(not_(INDEPENDENT_LIFE), not_(OWN_FAMILY_UNIT), not_(CHILD_MARRIED)),
    tags={ConditionTag.RELATIONSHIP},
)
child = condition(
    f"{P}.child",
    "The applicant qualifies as the sponsor's pre-flight dependent child",
    FRP_ELIGIBILITY,
    all_of(is_child, child_age, child_family_unit, child_dependent),
)

family_member = condition(
    f"{P}.family_member",
    "The applicant is the sponsor's pre-flight partner or dependent child",
    FRP_ELIGIBILITY,
    any_of(partner, child),
    tags={ConditionTag.RELATIONSHIP},
)

eligible = condition(
    P,
    "Refugee family reunion (Appendix FRP) with a sponsor who has protection in the UK",
    FRP,
    all_of(route_open, biometrics, sponsor_status, suitability, family_member),
)

guarantee_amount = computation(
    f"{P}.guarantee_amount",
    "Financial guarantee the sponsor must provide (refugee family reunion has no financial requirement)",
    regulation_text(
        "Appendix FRP: no minimum income, maintenance, accommodation, English, fee or health surcharge",
        citing.APPENDIX_FRP,
        see_also=(
            secondary_text(
                (
                    "Appendix FRP: no minimum income, maintenance, accommodation, English, fee or health "
                    "surcharge [S: Right to Remain]"
                ),
                "https://righttoremain.org.uk/?p=44884",
            ),
        ),
    ),
    param(f"{P}.guarantee_amount"),
    unit="GBP",
)

REFUGEE = Program(
    id=P,
    meta=ProgramMeta(
        vocabulary=GRANT,
        money=(MoneyOutput("guarantee_amount", "GBP"),),
    ),
    in_force=encoded_from(
        date(2023, 4, 12),
        FRP,
        "refugee family reunion under Part 11, paras 352A-352FJ, before Appendix FRP (12 April "
        "2023),",
    ),
    title="Refugee family reunion (UK, Appendix FRP)",
    description=(
        "Pre-flight partner or child under 18 of a refugee or humanitarian-protection holder; no income, "
        "English, accommodation or fee requirement. Closed to new applications from 15:00 on 4 September "
        "2025 (HC 1298). Assess on the date of application."
    ),
    root=eligible,
    citation=FRP,
    outputs={"guarantee_amount": guarantee_amount},
    status="suspended",
)

PROGRAMS = [REFUGEE]
