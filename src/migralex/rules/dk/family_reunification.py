"""Danish family reunification of spouses and partners: Udlændingeloven (UL) § 9, stk. 1, nr. 1.

Covers decisions from 1 July 2018 (the integration-requirement regime of L 231 (2017-18)) to date, with the
§ 7(3) waiting period cut from 3 to 2 years on 1 July 2022 after ECtHR M.A. v. Denmark.
Source brief: shared/research/dk-rules.md, section 2.
"""

from __future__ import annotations

from migralex.engine import (
    FactType,
    Program,
    add_years,
    age_on,
    all_of,
    any_of,
    cite,
    computation,
    condition,
    decision_date,
    fact,
    not_,
    param,
    unless,
)

P = "dk.family_reunification.spouse"

UL_9_1_1 = cite(
    "Udlændingeloven § 9, stk. 1, nr. 1",
    "https://www.retsinformation.dk/eli/lta/2024/1009",
    "LBK nr. 1009 af 02/09/2024; sponsor categories litra a-e",
)

SPONSOR_STATUSES = (
    "danish_citizen",
    "nordic_citizen",
    "permanent_resident",
    "refugee_convention",  # UL § 7, stk. 1
    "protection_status",  # UL § 7, stk. 2
    "quota_refugee",  # UL § 8
    "temporary_protection",  # UL § 7, stk. 3
    "other",
)

# --- facts ---------------------------------------------------------------------------------------
SPONSOR_BIRTH_DATE = fact("sponsor.birth_date", FactType.DATE, "Sponsor's date of birth")
APPLICANT_BIRTH_DATE = fact("applicant.birth_date", FactType.DATE, "Applicant's date of birth")
SPONSOR_STATUS = fact(
    "sponsor.residence_status",
    FactType.CODE,
    "Sponsor's citizenship or residence status in Denmark",
    "Danish or Nordic citizen, permanent resident, or refugee under UL § 7, stk. 1-3 or § 8",
    codes=SPONSOR_STATUSES,
)
SPONSOR_PR_SINCE = fact(
    "sponsor.permanent_residence_since", FactType.DATE, "Date the sponsor obtained permanent residence"
)
SPONSOR_PROTECTION_SINCE = fact(
    "sponsor.protection_granted_on", FactType.DATE, "Date the sponsor's residence permit under UL § 7 was granted"
)
EXCEPTIONAL_CIRCUMSTANCES = fact(
    "case.exceptional_circumstances",
    FactType.BOOL,
    "Exceptional circumstances (e.g. family unity, art. 8 ECHR) justify reunification before the waiting period ends",
)
AGE_DISPENSATION = fact(
    "case.age_requirement_dispensation",
    FactType.BOOL,
    "An exception to the 24-year rule applies (e.g. Denmark's international obligations, art. 8 ECHR)",
)
RECEIVED_ASSISTANCE = fact(
    "sponsor.has_received_public_assistance",
    FactType.BOOL,
    "Sponsor has ever received assistance under aktivloven or the Integration Act",
    "Kontanthjælp, integration benefit, educational assistance, resource-programme benefit, one-off help. "
    "Unemployment insurance (dagpenge), sickness benefit, housing and child benefits do not count.",
)
LAST_ASSISTANCE = fact(
    "sponsor.last_public_assistance_date",
    FactType.DATE,
    "Last date the sponsor received assistance under aktivloven or the Integration Act",
)
GUARANTEE_PROVIDED = fact(
    "sponsor.financial_guarantee_provided",
    FactType.BOOL,
    "The sponsor has provided the financial guarantee (demand guarantee or pledged deposit account)",
)

# --- conditions ----------------------------------------------------------------------------------
sponsor_age = condition(
    f"{P}.sponsor_age",
    "The sponsor is at least 24 years old on the date of decision",
    UL_9_1_1,
    age_on(SPONSOR_BIRTH_DATE, decision_date()) >= param(f"{P}.min_age"),
)
applicant_age = condition(
    f"{P}.applicant_age",
    "The applicant is at least 24 years old on the date of decision",
    UL_9_1_1,
    age_on(APPLICANT_BIRTH_DATE, decision_date()) >= param(f"{P}.min_age"),
)
both_24 = condition(
    f"{P}.both_24",
    "Both spouses or partners are at least 24 years old (the 24-year rule)",
    UL_9_1_1,
    all_of(sponsor_age, applicant_age),
    unless=[
        unless(
            f"{P}.both_24.exception",
            "Exception to the 24-year rule where a refusal would breach Denmark's international obligations",
            cite(
                "Udlændingeloven § 9, stk. 1, nr. 1 (exceptions) [S: advokat-ll.dk]",
                "https://advokat-ll.dk/privatret/udlaendingeret/familiesammenfoering/",
            ),
            AGE_DISPENSATION,
        )
    ],
)

sponsor_is_citizen_or_refugee = condition(
    f"{P}.sponsor_citizen_or_refugee",
    "The sponsor is a Danish or Nordic citizen, or a refugee under UL § 7, stk. 1 or 2, or § 8",
    cite(
        "Udlændingeloven § 9, stk. 1, nr. 1, litra a, c; L 72 (2014-15) § 1, nr. 3",
        "https://ft.dk/samling/20141/lovforslag/l72/20141_l72_som_fremsat.htm",
    ),
    SPONSOR_STATUS.is_in(
        ["danish_citizen", "nordic_citizen", "refugee_convention", "protection_status", "quota_refugee"]
    ),
)
sponsor_long_permanent_resident = condition(
    f"{P}.sponsor_permanent_resident_3_years",
    "The sponsor has held permanent residence for more than the last 3 years",
    cite(
        "Udlændingeloven § 9, stk. 1, nr. 1, litra b [S: stadsrevisionen.dk]",
        "https://stadsrevisionen.dk/blog/permanent-opholdstilladelse/",
    ),
    all_of(
        SPONSOR_STATUS.eq("permanent_resident"),
        add_years(SPONSOR_PR_SINCE, param(f"{P}.permanent_residence_years"), "round_down") < decision_date(),
    ),
)
temporary_protection_waited = condition(
    f"{P}.temporary_protection_waiting_period",
    "A sponsor with temporary protection status (UL § 7, stk. 3) has held the permit for the waiting period",
    cite(
        "Udlændingeloven § 9, stk. 1, nr. 1, litra d; ECtHR (GC) M.A. v. Denmark, no. 6697/18, 9 July 2021",
        "https://hudoc.echr.coe.int/eng?i=001-211178",
    ),
    all_of(
        SPONSOR_STATUS.eq("temporary_protection"),
        add_years(SPONSOR_PROTECTION_SINCE, param(f"{P}.temporary_protection_wait_years"), "round_down")
        <= decision_date(),
    ),
    unless=[
        unless(
            f"{P}.temporary_protection_waiting_period.exceptional",
            "Exceptional circumstances: an individual assessment under art. 8 ECHR allows earlier reunification",
            cite(
                "Council of Europe, execution of M.A. v. Denmark: 2 years 'except in certain exceptional "
                "circumstances'",
                "https://coe.int/pl/web/execution/recent-achievements/-/asset_publisher/8LSjbtK8AR4u/content/"
                "denmark-amends-family-reunification-rules-following-echr-judgment",
            ),
            all_of(SPONSOR_STATUS.eq("temporary_protection"), EXCEPTIONAL_CIRCUMSTANCES),
        )
    ],
)
sponsor_category = condition(
    f"{P}.sponsor_category",
    "The sponsor belongs to a category that can sponsor a spouse or partner",
    UL_9_1_1,
    any_of(sponsor_is_citizen_or_refugee, sponsor_long_permanent_resident, temporary_protection_waited),
)

no_public_assistance = condition(
    f"{P}.no_public_assistance",
    "The sponsor has received no assistance under aktivloven or the Integration Act in the 3 years before "
    "the decision",
    cite(
        "Udlændingeloven § 9, stk. 5, 1. pkt.; L 188 (2009-10) § 1, nr. 1",
        "https://eu.dk/samling/20091/lovforslag/l188/20091_l188_som_fremsat.htm",
    ),
    any_of(
        not_(RECEIVED_ASSISTANCE),
        add_years(LAST_ASSISTANCE, param(f"{P}.no_assistance_years"), "round_down") <= decision_date(),
    ),
)

guarantee = condition(
    f"{P}.financial_guarantee",
    "The sponsor has provided the financial guarantee for future public assistance to the applicant",
    cite(
        "Udlændingeloven § 9, stk. 4; L 231 (2017-18)",
        "https://ft.dk/samling/20171/lovforslag/l231/20171_l231_som_fremsat.htm",
    ),
    GUARANTEE_PROVIDED,
)

guarantee_amount = computation(
    f"{P}.guarantee_amount",
    "Amount of the financial guarantee required on the decision date",
    cite(
        "Udlændingeloven § 9, stk. 4 (indexed each 1 January)",
        "https://nyidanmark.dk/da/Ord-og-begreber/US/Familie/%C3%98konomisk-sikkerhedsstillelse---Neds%C3%A6ttelse-og-frigivelse/",
    ),
    param(f"{P}.guarantee_amount"),
    unit="DKK",
)

eligible = condition(
    P,
    "Family reunification with a spouse or partner in Denmark",
    UL_9_1_1,
    all_of(sponsor_category, both_24, no_public_assistance, guarantee),
)

SPOUSE = Program(
    id=P,
    title="Spouse or partner family reunification (Denmark)",
    description=(
        "UL § 9, stk. 1, nr. 1: sponsor category and § 7(3) waiting period, the 24-year rule, no public "
        "assistance for 3 years, the financial guarantee."
    ),
    root=eligible,
    citation=UL_9_1_1,
    outputs={"guarantee_amount": guarantee_amount},
)

PROGRAMS = [SPOUSE]
