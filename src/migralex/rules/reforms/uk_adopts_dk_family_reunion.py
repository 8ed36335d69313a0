"""Reform ``uk_adopts_dk_family_reunion``: UK refugee family reunion under the Danish spouse conditions.

A modelling scenario, not a government bill: the UK reopens refugee family reunion (Appendix FRP, closed on
4 September 2025) but a partner must also meet the conditions of Udlændingeloven § 9, stk. 1, nr. 1 for
spouses: both aged 24, no public assistance to the sponsor for 3 years, a financial guarantee (the Danish
amount in DKK, converted to GBP), a language test, and the waiting period Denmark applies to sponsors with
temporary protection (§ 7, stk. 3; mapped here to UK humanitarian protection). Child applicants keep the UK
FRP child rules. The Danish ages, years and DKK amounts are read from the ``dk`` pack's parameter files, so
this reform follows that pack. Sources: Appendix Family Reunion
(Protection) and Udlændingeloven § 9, as cited on each condition.
"""

from __future__ import annotations

from pathlib import Path

import migralex.rules.dk as dk_pack
from migralex.engine import (
    FactType,
    ParameterSet,
    Reform,
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
from migralex.engine.meta import ConditionTag
from migralex.rules import citing
from migralex.rules.citing import regulation_text, secondary_text, statute_text, travaux_text
from migralex.rules.dk.common import AGE_24_EXCEPTION
from migralex.rules.uk import family_reunion as frp
from migralex.rules.uk.facts import (
    APPLICANT_BIRTH_DATE,
    ENGLISH_EXEMPTION,
    ENGLISH_LEVEL,
    SPONSOR_BIRTH_DATE,
    SPONSOR_STATUS,
)

HERE = Path(__file__).parent
P = frp.P
DK = "dk.family_reunification.spouse"
#: The Danish parameters this reform reads, loaded from the dk pack's own files.
DK_PARAMETERS = (
    f"{DK}.min_age",
    f"{DK}.no_assistance_years",
    f"{DK}.temporary_protection_wait_years",
    f"{DK}.guarantee_amount",
)

UL_9_1_1 = statute_text(
    "Udlændingeloven § 9, stk. 1, nr. 1 (spouses: both 24 or over)",
    "https://www.retsinformation.dk/eli/lta/2024/1009",
)
UL_9_5 = travaux_text(
    (
        "Udlændingeloven § 9, stk. 5, 1. pkt.: no assistance under aktivloven or the Integration Act in "
        "the 3 years before the decision (L 188 (2009-10))"
    ),
    "https://eu.dk/samling/20091/lovforslag/l188/20091_l188_som_fremsat.htm",
)
UL_9_4 = travaux_text(
    "Udlændingeloven § 9, stk. 4: financial guarantee (L 231 (2017-18); halved from 1 July 2024)",
    "https://ft.dk/samling/20171/lovforslag/l231/20171_l231_som_fremsat.htm",
)
WAITING = statute_text(
    (
        "Udlændingeloven § 9, stk. 1, nr. 1, litra d (§ 7, stk. 3 holders: 2 years from 1 July 2022, 3 "
        "before); ECtHR (GC) M.A. v. Denmark, no. 6697/18, 9 July 2021"
    ),
    citing.UL,
    see_also=(
        secondary_text(
            (
                "Udlændingeloven § 9, stk. 1, nr. 1, litra d (§ 7, stk. 3 holders: 2 years from 1 July "
                "2022, 3 before); ECtHR (GC) M.A. v. Denmark, no. 6697/18, 9 July 2021"
            ),
            (
                "https://coe.int/pl/web/execution/recent-achievements/-/asset_publisher/8LSjbtK8AR4u/cont"
                "ent/denmark-amends-family-reunification-rules-following-echr-judgment"
            ),
        ),
    ),
)
LANGUAGE = regulation_text(
    (
        "Denmark: applicant's Danish test at A1 within 6 months of the permit (rules of 1 July 2018); UK "
        "counterpart: English at CEFR A1, Appendix FM E-ECP.4.1"
    ),
    citing.APPENDIX_FM,
    see_also=(
        secondary_text(
            (
                "Denmark: applicant's Danish test at A1 within 6 months of the permit (rules of 1 July "
                "2018) [S: paragrafadvokaterne.dk]; UK counterpart: English at CEFR A1, Appendix FM "
                "E-ECP.4.1"
            ),
            (
                "https://paragrafadvokaterne.dk/en/artikler/nye-regler-for-aegtefaellesammenfoering-pr-1-"
                "juli-2018/"
            ),
        ),
    ),
)

# --- facts: same ids and types as the dk pack, so one case file reads under both -------------------
RECEIVED_ASSISTANCE = fact(
    "sponsor.has_received_public_assistance",
    FactType.BOOL,
    "Sponsor has ever received public (social) assistance",
    "Denmark: assistance under aktivloven or the Integration Act. Under this reform the same line is drawn "
    "for "
    "the UK by analogy: means-tested social assistance counts; contributory insurance benefits, housing and "
    "child benefits do not (which UK benefits count is not defined by any UK rule).",
)
LAST_ASSISTANCE = fact(
    "sponsor.last_public_assistance_date",
    FactType.DATE,
    "Last date the sponsor received public (social) assistance",
)
GUARANTEE_PROVIDED = fact(
    "sponsor.financial_guarantee_provided",
    FactType.BOOL,
    "The sponsor has provided the financial guarantee (demand guarantee or pledged deposit account)",
)
PROTECTION_SINCE = fact(
    "sponsor.protection_granted_on", FactType.DATE, "Date the sponsor's protection status was granted"
)
EXCEPTIONAL = fact(
    "case.exceptional_circumstances",
    FactType.BOOL,
    "Exceptional circumstances (e.g. family unity, art. 8 ECHR) justify reunification before the waiting "
    "period ends",
)
AGE_DISPENSATION = fact(
    "case.age_requirement_dispensation",
    FactType.BOOL,
    "An exception to the 24-year rule applies (e.g. international obligations, art. 8 ECHR)",
)

# --- the Danish conditions, as UK nodes ------------------------------------------------------------
both_24 = condition(
    f"{P}.partners_aged_24",
    "Both partners are at least {param:dk.family_reunification.spouse.min_age} years old (the Danish age "
    "rule)",
    UL_9_1_1,
    all_of(
        age_on(SPONSOR_BIRTH_DATE, decision_date()) >= param(f"{DK}.min_age"),
        age_on(APPLICANT_BIRTH_DATE, decision_date()) >= param(f"{DK}.min_age"),
    ),
    unless=[
        unless(
            f"{P}.partners_aged_24.exception",
            "Exception to the age rule where a refusal would breach international obligations",
            AGE_24_EXCEPTION,
            AGE_DISPENSATION,
        )
    ],
    tags={ConditionTag.AGE_LIMIT},
)
no_public_assistance = condition(
    f"{P}.sponsor_no_public_assistance",
    "The sponsor has received no public assistance in the "
    "{param:dk.family_reunification.spouse.no_assistance_years} years before the date of application",
    UL_9_5,
    any_of(
        not_(RECEIVED_ASSISTANCE),
        add_years(LAST_ASSISTANCE, param(f"{DK}.no_assistance_years"), "round_down") <= decision_date(),
    ),
    tags={ConditionTag.PUBLIC_ASSISTANCE},
)
guarantee = condition(
    f"{P}.financial_guarantee",
    "The sponsor has provided the financial guarantee (Danish amount converted to GBP)",
    UL_9_4,
    GUARANTEE_PROVIDED,
    tags={ConditionTag.ASSETS},
)
english_test = condition(
    f"{P}.english_test",
    "The applicant has passed an English test at CEFR A1 or above (the language test of the Danish model, "
    "at the UK partner-route entry level)",
    LANGUAGE,
    ENGLISH_LEVEL.is_in(param(f"{P}.english_levels")),
    unless=[
        unless(
            f"{P}.english_test.exempt",
            "The applicant is exempt (aged 65 or over, disability, exceptional circumstances, national of a "
            "majority English-speaking country, degree taught in English), as under Appendix FM",
            regulation_text(
                "Appendix FM E-ECP.4.2 exemptions (paragraph numbers UNVERIFIED)",
                citing.APPENDIX_FM,
                see_also=(
                    secondary_text(
                        (
                            "Appendix FM E-ECP.4.2 exemptions (paragraph numbers UNVERIFIED) [S: Richmond"
                            " Chambers]"
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
waiting_period = condition(
    f"{P}.waiting_period",
    "A sponsor with humanitarian protection (the reform's counterpart of Danish temporary protection, § 7, "
    "stk. 3) has held it for the Danish waiting period",
    WAITING,
    any_of(
        not_(SPONSOR_STATUS.is_in(param(f"{P}.waiting_period_statuses"))),
        add_years(PROTECTION_SINCE, param(f"{DK}.temporary_protection_wait_years"), "round_down")
        <= decision_date(),
    ),
    unless=[
        unless(
            f"{P}.waiting_period.exceptional",
            "Exceptional circumstances: an individual art. 8 ECHR assessment allows earlier reunification",
            WAITING,
            EXCEPTIONAL,
        )
    ],
    tags={ConditionTag.WAITING_PERIOD},
)

partner = condition(
    frp.partner.id,
    "The applicant qualifies as the sponsor's pre-flight partner and the Danish spouse conditions are met",
    UL_9_1_1,
    all_of(
        frp.is_partner,
        frp.partner_relationship,
        frp.pre_flight,
        frp.genuine,
        both_24,
        no_public_assistance,
        guarantee,
        english_test,
        waiting_period,
    ),
)
guarantee_amount = computation(
    frp.guarantee_amount.id,
    "Financial guarantee the sponsor must provide: the Danish amount (DKK) converted to GBP",
    UL_9_4,
    param(f"{DK}.guarantee_amount") * param(f"{P}.gbp_per_dkk"),
    unit="GBP",
)


def _parameters() -> ParameterSet:
    """This reform's overrides plus the Danish parameters it reads (from the dk pack's files)."""
    out = ParameterSet.load([HERE / "parameters" / "uk_adopts_dk_family_reunion.yaml"])
    danish = ParameterSet.load([Path(dk_pack.__file__).parent / "parameters"])
    for pid in DK_PARAMETERS:
        out.add(danish[pid])
    out.files.extend(danish.files)
    return out


UK_ADOPTS_DK_FAMILY_REUNION = Reform(
    id="uk_adopts_dk_family_reunion",
    title="UK refugee family reunion under the Danish spouse conditions",
    description=(
        "Scenario: the UK reopens refugee family reunion (closed since 4 September 2025) and adds Denmark's "
        "spouse conditions (Udlændingeloven § 9): both partners aged 24, no public assistance to the sponsor "
        "for 3 years, the Danish financial guarantee converted to GBP, an English test at A1, and Denmark's "
        "2-year waiting period (3 years before 1 July 2022) for sponsors with humanitarian protection. Child "
        "applicants keep the UK rules. The DKK-GBP rate is UNVERIFIED (HMRC monthly rate for November 2023 "
        "read from a secondary copy, rounded to 0.116)."
    ),
    base="uk",
    status="proposed",
    citation=statute_text(
        "Udlændingeloven § 9, stk. 1, nr. 1, stk. 4-5 applied to Appendix FRP (modelling scenario)",
        "https://www.retsinformation.dk/eli/lta/2024/1009",
    ),
    parameters=_parameters(),
    replacements={partner.id: partner, guarantee_amount.id: guarantee_amount},
    programs=(frp.P,),
    source_files=(Path(__file__),),
)

REFORMS = [UK_ADOPTS_DK_FAMILY_REUNION]
