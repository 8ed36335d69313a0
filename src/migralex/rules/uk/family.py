"""UK partner route: Immigration Rules Appendix FM (family members), five-year partner route.

Covers applications from 9 July 2012 (Appendix FM) to date, at the entry stage (entry clearance or first
leave to remain) and the extension stage (further leave after 30 months): age, sponsor status, relationship,
the minimum income requirement (GBP 18,600 plus child elements until 10 April 2024; GBP 29,000 flat from
11 April 2024, HC 590, with transitional protection), the savings alternative, English and accommodation.
Settlement (ILR) is not encoded. The case date is the **date of application**.
Primary source: Immigration Rules, Appendix FM (https://www.gov.uk/guidance/immigration-rules).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

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
    if_,
    not_,
    param,
    unless,
)
from migralex.engine.meta import ConditionTag, MoneyOutput, ProgramMeta
from migralex.rules import citing
from migralex.rules.citing import guidance_text, regulation_text, secondary_text
from migralex.rules.meta import GRANT, commenced
from migralex.rules.uk.facts import (
    APPLICANT_BIRTH_DATE,
    ENGLISH_EXEMPTION,
    ENGLISH_LEVEL,
    GENUINE,
    LIVE_TOGETHER,
    RELATIONSHIP_TYPE,
    SPONSOR_BIRTH_DATE,
    SPONSOR_STATUS,
)

P = "uk.family.partner"
FM_URL = "https://www.gov.uk/guidance/immigration-rules/immigration-rules-appendix-fm-family-members"
FM = regulation_text("Immigration Rules, Appendix FM (family members): partner", FM_URL)
MIR_2024 = regulation_text(
    "Appendix FM E-ECP.3.1 / E-LTRP.3.1, as amended by Statement of Changes HC 590 (from 11 April 2024)",
    citing.APPENDIX_FM,
    see_also=(
        secondary_text(
            (
                "Appendix FM E-ECP.3.1 / E-LTRP.3.1, as amended by Statement of Changes HC 590 (from 11 "
                "April 2024) [S: Migraco]"
            ),
            (
                "https://www.migraco.com/en/new-statement-of-changes-sets-out-changes-to-the-financial-re"
                "quirement-under-appendix-fm/"
            ),
        ),
    ),
)

# --- facts ---------------------------------------------------------------------------------------
STAGE = fact(
    "application.stage",
    FactType.CODE,
    "Stage of the five-year partner route",
    "entry (entry clearance or first leave to remain) or extension (further leave after 30 months)",
    codes=("entry", "extension"),
)
COHABITATION_START = fact(
    "relationship.cohabitation_start_date",
    FactType.DATE,
    "Date unmarried partners began living together in a relationship akin to marriage or civil partnership",
)
INCOME = fact(
    "sponsor.gross_annual_income",
    FactType.DECIMAL,
    "Gross annual income counted towards the financial requirement (sponsor, and applicant where allowed)",
    unit="GBP",
)
SAVINGS = fact(
    "application.cash_savings",
    FactType.DECIMAL,
    "Cash savings held by the applicant, the sponsor or both, counted under E-LTRP.3.1(b)",
    unit="GBP",
)
CHILDREN = fact(
    "application.dependent_children",
    FactType.INT,
    "Number of the couple's children in the application who are not British or settled (child element of "
    "the pre-11 April 2024 minimum income)",
    minimum=0,
)
TRANSITIONAL = fact(
    "application.transitional_mir_protection",
    FactType.BOOL,
    "The applicant was granted (or applied for and was granted) partner permission under the rules before "
    "11 April 2024 and applies with the same partner",
)
SPECIFIED_BENEFIT = fact(
    "sponsor.receives_specified_benefit",
    FactType.BOOL,
    "The sponsor receives a listed benefit (e.g. PIP, DLA, Carer's Allowance, Attendance Allowance, Adult or "
    "Child Disability Payment, armed forces or war pensions)",
)
ADEQUATE_MAINTENANCE = fact(
    "application.adequate_maintenance",
    FactType.BOOL,
    "After tax, national insurance and housing costs, the family's income is at least the Income Support "
    "level",
)
UNJUSTIFIABLY_HARSH = fact(
    "case.unjustifiably_harsh_consequences",
    FactType.BOOL,
    "Refusal would breach Article 8 ECHR because it would have unjustifiably harsh consequences "
    "(GEN.3.1-3.2 exceptional circumstances)",
)
EXCLUSIVE = fact(
    "accommodation.owned_or_occupied_exclusively",
    FactType.BOOL,
    "The accommodation is owned or occupied exclusively by the family (at least one room for its exclusive "
    "use)",
)
NO_PUBLIC_FUNDS = fact(
    "accommodation.without_recourse_to_public_funds",
    FactType.BOOL,
    "The accommodation is available for the whole household without recourse to public funds",
)
OVERCROWDED = fact(
    "accommodation.overcrowded",
    FactType.BOOL,
    "The accommodation is overcrowded under the room and space standards of the Housing Act 1985 ss.324-326",
)
UNHEALTHY = fact(
    "accommodation.contravenes_public_health_regulations",
    FactType.BOOL,
    "The accommodation contravenes public health regulations",
)

# --- age -----------------------------------------------------------------------------------------
AGE_CITE = regulation_text(
    (
        "Appendix FM E-ECP.2.1-2.2 / E-LTRP.1.4-1.5 (paragraph numbers UNVERIFIED): both aged 18 or over "
        "at the date of application"
    ),
    citing.APPENDIX_FM,
    see_also=(
        secondary_text(
            (
                "Appendix FM E-ECP.2.1-2.2 / E-LTRP.1.4-1.5 (paragraph numbers UNVERIFIED): both aged 18 "
                "or over at the date of application [S: Whytecroft Ford]"
            ),
            "https://whytecroftford.com/proving-your-relationship-for-uk-partner-visa",
        ),
    ),
)
sponsor_age = condition(
    f"{P}.sponsor_age",
    "The sponsor is aged {param:uk.family.partner.min_age} or over on the date of application",
    AGE_CITE,
    age_on(SPONSOR_BIRTH_DATE, decision_date()) >= param(f"{P}.min_age"),
    tags={ConditionTag.AGE_LIMIT},
)
applicant_age = condition(
    f"{P}.applicant_age",
    "The applicant is aged {param:uk.family.partner.min_age} or over on the date of application",
    AGE_CITE,
    age_on(APPLICANT_BIRTH_DATE, decision_date()) >= param(f"{P}.min_age"),
    tags={ConditionTag.AGE_LIMIT},
)
both_18 = condition(
    f"{P}.both_18", "Both partners are aged 18 or over", AGE_CITE, all_of(sponsor_age, applicant_age),
    tags={ConditionTag.AGE_LIMIT},
)

# --- sponsor and relationship --------------------------------------------------------------------
sponsor_status = condition(
    f"{P}.sponsor_status",
    "The sponsor is a British citizen, settled in the UK, in the UK with refugee leave or humanitarian "
    "protection, or (from 31 December 2020) holds EUSS limited leave or ECAA leave",
    guidance_text(
        (
            "Appendix FM GEN.1.2-1.3 (sponsor categories; GEN.1.3(d)-(e) from 31 Dec 2020); Home Office "
            "guidance 'Appendix FM 1.7A maintenance', v11.0"
        ),
        (
            "https://gov.uk/government/publications/chapter-8-appendix-fm-family-members/appendix-fm-17a-"
            "maintenance-accessible-version"
        ),
    ),
    SPONSOR_STATUS.is_in(param(f"{P}.sponsor_statuses")),
    tags={ConditionTag.SPONSOR_STATUS},
)
relationship_type = condition(
    f"{P}.relationship_type",
    "The applicant is the sponsor's spouse, civil partner, fiancé(e) or proposed civil partner, or an "
    "unmarried partner who has lived with the sponsor in a relationship akin to marriage for at least "
    "{param:uk.family.partner.cohabitation_years} "
    "years",
    regulation_text(
        "Appendix FM GEN.1.2 (definition of partner)",
        citing.APPENDIX_FM,
        see_also=(
            secondary_text(
                "Appendix FM GEN.1.2 (definition of partner) [S: Thaxted Legal]",
                (
                    "https://thaxtedlegal.com/family-spouse-unmarried-partner-living-together-2-years-dur"
                    "able-relationship"
                ),
            ),
        ),
    ),
    any_of(
        RELATIONSHIP_TYPE.is_in(["married", "civil_partner", "fiance", "proposed_civil_partner"]),
        all_of(
            RELATIONSHIP_TYPE.eq("unmarried_partner"),
            add_years(COHABITATION_START, param(f"{P}.cohabitation_years"), "round_down") <= decision_date(),
        ),
    ),
    tags={ConditionTag.RELATIONSHIP},
)
relationship_genuine = condition(
    f"{P}.relationship_genuine",
    "The relationship is genuine and subsisting and the partners intend to live together permanently in the "
    "UK",
    regulation_text(
        "Appendix FM (relationship requirements)",
        citing.APPENDIX_FM,
        see_also=(
            secondary_text(
                "Appendix FM (relationship requirements) [S: Whytecroft Ford]",
                "https://whytecroftford.com/proving-your-relationship-for-uk-partner-visa",
            ),
        ),
    ),
    all_of(GENUINE, LIVE_TOGETHER),
    tags={ConditionTag.RELATIONSHIP},
)

# --- financial requirement -----------------------------------------------------------------------
CHILD_ELEMENTS = param(f"{P}.mir_first_child") + param(f"{P}.mir_each_further_child") * (CHILDREN - 1)
PRE_2024_CHILD_ELEMENTS = param(f"{P}.pre_2024_mir_first_child") + param(
    f"{P}.pre_2024_mir_each_further_child"
) * (CHILDREN - 1)
transitional = condition(
    f"{P}.transitional_minimum_income",
    "The pre-11 April 2024 minimum income applies: transitional protection for a partner first granted under "
    "the old rules who applies with the same partner",
    regulation_text(
        (
            "Immigration Rules, Appendix FM: minimum income, with the transitional provision of Statement of "
            "Changes HC 590 (from 11 April 2024)"
        ),
        citing.APPENDIX_FM,
        see_also=(
            secondary_text(
                (
                    "Statement of Changes HC 590, transitional provision (from 11 April 2024) [S: "
                    "theimmigrationlawyer.uk]"
                ),
                (
                    "https://theimmigrationlawyer.uk/2024/04/15/increase-to-the-minimum-income-requirement-for-th"
                    "ose-in-the-five-year-partner-and-child-routes-under-appendix-fm/"
                ),
            ),
        ),
    ),
    all_of(param(f"{P}.transitional_protection"), TRANSITIONAL),
)
required_income = computation(
    f"{P}.minimum_income",
    "Minimum gross annual income the application must show (the minimum income requirement)",
    MIR_2024,
    if_(
        transitional,
        param(f"{P}.pre_2024_mir") + if_(CHILDREN >= 1, PRE_2024_CHILD_ELEMENTS, Decimal("0")),
        param(f"{P}.mir") + if_(CHILDREN >= 1, CHILD_ELEMENTS, Decimal("0")),
    ),
    unit="GBP",
)
SAVINGS_BASE = param(f"{P}.savings_threshold")
MULTIPLIER = param(f"{P}.savings_multiplier")
financial = condition(
    f"{P}.financial_requirement",
    "The minimum income requirement is met from income, or from cash savings above GBP "
    "{param:uk.family.partner.savings_threshold} covering {param:uk.family.partner.savings_multiplier} "
    "times the shortfall",
    regulation_text(
        "Appendix FM E-ECP.3.1 / E-LTRP.3.1(a)-(b) (savings: 16,000 + 2.5 x shortfall)",
        citing.APPENDIX_FM,
        see_also=(
            secondary_text(
                (
                    "Appendix FM E-ECP.3.1 / E-LTRP.3.1(a)-(b) (savings: 16,000 + 2.5 x shortfall) [S: "
                    "Migraco; EIN]"
                ),
                (
                    "https://www.migraco.com/en/new-statement-of-changes-sets-out-changes-to-the-financia"
                    "l-requirement-under-appendix-fm/"
                ),
            ),
        ),
    ),
    any_of(
        required_income <= INCOME,
        SAVINGS_BASE + MULTIPLIER * required_income <= SAVINGS,
        SAVINGS_BASE + MULTIPLIER * (required_income - INCOME) <= SAVINGS,
    ),
    unless=[
        unless(
            f"{P}.financial_requirement.adequate_maintenance",
            "A sponsor receiving a listed benefit meets the requirement by adequate maintenance instead",
            regulation_text(
                (
                    "Appendix FM E-ECP.3.3 / E-LTRP.3.3 (adequate maintenance; paragraph numbers "
                    "UNVERIFIED)"
                ),
                citing.APPENDIX_FM,
                see_also=(
                    secondary_text(
                        (
                            "Appendix FM E-ECP.3.3 / E-LTRP.3.3 (adequate maintenance; paragraph numbers "
                            "UNVERIFIED) [S: Mondaq, Mar 2025]"
                        ),
                        (
                            "https://www.mondaq.com/uk/work-visas/1600356/changes-to-the-minimum-income-r"
                            "equirement-for-spouse-visas-who-is-affected"
                        ),
                    ),
                ),
            ),
            all_of(SPECIFIED_BENEFIT, ADEQUATE_MAINTENANCE),
            priority=1,
        ),
        unless(
            f"{P}.financial_requirement.exceptional_circumstances",
            "Refusal would have unjustifiably harsh consequences (Article 8): the requirement is treated as "
            "met, and the grant is on the 10-year route",
            regulation_text(
                "Appendix FM GEN.3.1-3.2 (exceptional circumstances)",
                citing.APPENDIX_FM,
                see_also=(
                    secondary_text(
                        "Appendix FM GEN.3.1-3.2 (exceptional circumstances) [S: OTB Legal]",
                        "https://otb.legal/minimum-income-requirement-changes/",
                    ),
                ),
            ),
            UNJUSTIFIABLY_HARSH,
            priority=2,
        ),
    ],
    tags={ConditionTag.INCOME},
)

# --- English -------------------------------------------------------------------------------------
english = condition(
    f"{P}.english_language",
    "The applicant speaks and understands English at the level required at this stage: A1 at entry, A2 at "
    "the 30-month extension (for leave expiring from 1 May 2017)",
    regulation_text(
        "Appendix FM E-ECP.4.1 / E-LTRP.4.1; A2 at extension by Statement of Changes HC 667",
        citing.APPENDIX_FM,
        see_also=(
            secondary_text(
                (
                    "Appendix FM E-ECP.4.1 / E-LTRP.4.1; A2 at extension by Statement of Changes HC 667 "
                    "[S: Richmond Chambers]"
                ),
                (
                    "http://www.immigrationbarrister.co.uk/Blog/Visa-applications/changes-to-the-appendix"
                    "-fm-english-language-requirement.html"
                ),
            ),
        ),
    ),
    any_of(
        all_of(STAGE.eq("entry"), ENGLISH_LEVEL.is_in(param(f"{P}.english_levels.entry"))),
        all_of(STAGE.eq("extension"), ENGLISH_LEVEL.is_in(param(f"{P}.english_levels.extension"))),
    ),
    unless=[
        unless(
            f"{P}.english_language.exempt",
            "The applicant is exempt: aged 65 or over, disability, exceptional circumstances, national of a "
            "majority English-speaking country, or degree taught or researched in English",
            regulation_text(
                "Appendix FM E-ECP.4.2 / E-LTRP.4.2 (exemptions; paragraph numbers UNVERIFIED)",
                citing.APPENDIX_FM,
                see_also=(
                    secondary_text(
                        (
                            "Appendix FM E-ECP.4.2 / E-LTRP.4.2 (exemptions; paragraph numbers "
                            "UNVERIFIED) [S: Richmond Chambers]"
                        ),
                        (
                            "http://www.immigrationbarrister.co.uk/Blog/Visa-applications/changes-to-the-"
                            "appendix-fm-english-language-requirement.html"
                        ),
                    ),
                ),
            ),
            ENGLISH_EXEMPTION.ne("none"),
        )
    ],
    tags={ConditionTag.INTEGRATION},
)

# --- accommodation -------------------------------------------------------------------------------
accommodation = condition(
    f"{P}.accommodation",
    "There is adequate accommodation for the family without recourse to public funds, owned or occupied "
    "exclusively by them, not overcrowded and not contravening public health regulations",
    regulation_text(
        "Appendix FM E-ECP.3.4 / E-LTRP.3.4; Housing Act 1985 ss.324-326",
        citing.APPENDIX_FM,
        see_also=(
            secondary_text(
                (
                    "Appendix FM E-ECP.3.4 / E-LTRP.3.4; Housing Act 1985 ss.324-326 [S: visahelpuk; "
                    "Latitude Law]"
                ),
                (
                    "https://latitudelaw.com/news/essential-guide-to-spouse-visa-accommodation-requiremen"
                    "ts-in-the-uk"
                ),
            ),
        ),
    ),
    all_of(EXCLUSIVE, NO_PUBLIC_FUNDS, not_(OVERCROWDED), not_(UNHEALTHY)),
    tags={ConditionTag.HOUSING},
)

eligible = condition(
    P,
    "Permission as a partner under Appendix FM (five-year route, entry or extension stage)",
    FM,
    all_of(
        both_18, sponsor_status, relationship_type, relationship_genuine, financial, english, accommodation
    ),
)

PARTNER = Program(
    id=P,
    meta=ProgramMeta(
        vocabulary=GRANT,
        money=(MoneyOutput("minimum_income", "GBP"),),
    ),
    in_force=commenced(date(2012, 7, 9), FM),
    title="Partner route (UK, Appendix FM)",
    description=(
        "Five-year partner route, entry and 30-month extension stages: both 18+, sponsor status, "
        "relationship, "
        "minimum income GBP 18,600 (+ child elements) until 10 April 2024 and GBP 29,000 from 11 April 2024 "
        "(HC 590), savings alternative, English A1/A2, accommodation. Assess on the date of application."
    ),
    root=eligible,
    citation=FM,
    outputs={"minimum_income": required_income},
)

PROGRAMS = [PARTNER]
