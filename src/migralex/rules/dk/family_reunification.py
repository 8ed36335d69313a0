"""Danish family reunification of spouses and partners: Udlændingeloven (UL) § 9, stk. 1, nr. 1.

Covers decisions from 1 January 2016. Applications lodged before 1 July 2018 are decided under the rules
before L 231 (2017-18): the attachment requirement (UL § 9, stk. 7 in LBK nr. 412 af 09/05/2016 and
nr. 1117 af 02/10/2017, with the 26-year exemption while the act had it), no housing-area bar and no visit
requirement. Applications from 1 July 2018 fall under L 231 (integration requirement instead of the attachment
requirement, housing-area bar, guarantee of DKK 100,000 at 2018 level, visit requirement) to date,
with the § 7(3) waiting period cut from 3 to 2 years on 1 July 2022 after ECtHR M.A. v. Denmark and, from
1 July 2024, the halved guarantee and the 5-years-of-work alternative to the sponsor's Danish test (S1).
Conditions: sponsor category, the 24-year rule, valid relationship, no public assistance for 3 years,
financial guarantee, housing (independent dwelling of reasonable size, secure tenure, not on the
boligkravsliste), integration requirement (4 of 6, S1 mandatory), no conviction for violence against a former
partner in the last 10 years, the integration declaration and the visit requirement.
Primary source: Udlændingeloven, LBK nr. 1009 af 02/09/2024
(https://www.retsinformation.dk/eli/lta/2024/1009); each condition cites its provision.
"""

from __future__ import annotations

from datetime import date

from migralex.engine import (
    FactType,
    Program,
    add_months,
    add_years,
    age_on,
    all_of,
    any_of,
    at_least,
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
from migralex.rules.citing import guidance_text, secondary_text, statute_text, travaux_text
from migralex.rules.dk.common import AGE_24_EXCEPTION, DANISH_TEST_LEVELS, MA_V_DENMARK, RESIDENCE_STATUSES
from migralex.rules.meta import GRANT, encoded_from

P = "dk.family_reunification.spouse"

UL_9_1_1 = citing.ul(
    "§ 9, stk. 1, nr. 1",
    (
        "1) en udlænding over 24 år, som samlever på fælles bopæl i ægteskab eller i fast samlivsforhold af "
        "længere varighed med en i Danmark fastboende person over 24 år, der a) har dansk indfødsret, b) har "
        "statsborgerskab i et af de andre nordiske lande, c) har opholdstilladelse efter § 7, stk. 1 eller "
        "2, eller "
        "§ 8, d) har haft opholdstilladelse efter § 7, stk. 3, i mere end de sidste 2 år, jf. dog § 37 m, "
        "eller e) "
        "har haft tidsubegrænset opholdstilladelse her i landet i mere end de sidste 3 år,"
    ),
    "Sponsor categories litra a-e; the same 24-year words in LBK nr. 412 af 09/05/2016 and nr. 1117 af "
    "02/10/2017.",
)

SPONSOR_STATUSES = RESIDENCE_STATUSES

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
    "sponsor.protection_granted_on",
    FactType.DATE,
    "Date the sponsor's residence permit under UL § 7 was granted",
)
EXCEPTIONAL_CIRCUMSTANCES = fact(
    "case.exceptional_circumstances",
    FactType.BOOL,
    "Exceptional circumstances (e.g. family unity, art. 8 ECHR) justify reunification before the waiting "
    "period ends",
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
    "The sponsor is at least {param:dk.family_reunification.spouse.min_age} years old on the date of "
    "decision",
    UL_9_1_1,
    age_on(SPONSOR_BIRTH_DATE, decision_date()) >= param(f"{P}.min_age"),
    tags={ConditionTag.AGE_LIMIT},
)
applicant_age = condition(
    f"{P}.applicant_age",
    "The applicant is at least {param:dk.family_reunification.spouse.min_age} years old on the date of "
    "decision",
    UL_9_1_1,
    age_on(APPLICANT_BIRTH_DATE, decision_date()) >= param(f"{P}.min_age"),
    tags={ConditionTag.AGE_LIMIT},
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
            AGE_24_EXCEPTION,
            AGE_DISPENSATION,
        )
    ],
    tags={ConditionTag.AGE_LIMIT},
)

sponsor_is_citizen_or_refugee = condition(
    f"{P}.sponsor_citizen_or_refugee",
    "The sponsor is a Danish or Nordic citizen, or a refugee under UL § 7, stk. 1 or 2, or § 8",
    citing.ul(
        "§ 9, stk. 1, nr. 1, litra a-c",
        (
            "... a) har dansk indfødsret, b) har statsborgerskab i et af de andre nordiske lande, c) har "
            "opholdstilladelse efter § 7, stk. 1 eller 2, eller § 8,"
        ),
        see_also=(
            travaux_text(
                "L 72 (2014-15) § 1, nr. 3",
                "https://ft.dk/samling/20141/lovforslag/l72/20141_l72_som_fremsat.htm",
            ),
        ),
    ),
    SPONSOR_STATUS.is_in(
        ["danish_citizen", "nordic_citizen", "refugee_convention", "protection_status", "quota_refugee"]
    ),
    tags={ConditionTag.SPONSOR_STATUS},
)
sponsor_long_permanent_resident = condition(
    f"{P}.sponsor_permanent_resident_3_years",
    "The sponsor has held permanent residence for more than the last "
    "{param:dk.family_reunification.spouse.permanent_residence_years} years",
    citing.ul(
        "§ 9, stk. 1, nr. 1, litra e",
        "e) har haft tidsubegrænset opholdstilladelse her i landet i mere end de sidste 3 år,",
        "Cited as litra b (Nordic citizens) before this check.",
        see_also=(
            secondary_text(
                "Udlændingeloven § 9, stk. 1, nr. 1, litra e [S: stadsrevisionen.dk]",
                "https://stadsrevisionen.dk/blog/permanent-opholdstilladelse/",
            ),
        ),
    ),
    all_of(
        SPONSOR_STATUS.eq("permanent_resident"),
        add_years(SPONSOR_PR_SINCE, param(f"{P}.permanent_residence_years"), "round_down") < decision_date(),
    ),
    tags={ConditionTag.SPONSOR_STATUS},
)
temporary_protection_waited = condition(
    f"{P}.temporary_protection_waiting_period",
    "A sponsor with temporary protection status (UL § 7, stk. 3) has held the permit for the waiting period",
    citing.ul(
        "§ 9, stk. 1, nr. 1, litra d",
        "d) har haft opholdstilladelse efter § 7, stk. 3, i mere end de sidste 2 år, jf. dog § 37 m, eller",
        see_also=(
            travaux_text(
                "L 87 (2015-16) § 1, nr. 6 (3 years, from 5 February 2016)",
                "https://eu.dk/samling/20151/lovforslag/l87/20151_l87_som_fremsat.htm",
                excerpt="d) har haft opholdstilladelse efter § 7, stk. 3, i mere end de sidste tre år",
            ),
            travaux_text(
                "L 185 (2021-22) § 1, nr. 1 (2 years, from 1 July 2022)",
                "https://ft.dk/samling/20211/lovforslag/l185/20211_l185_som_fremsat.htm",
                excerpt=(
                    "I § 9, stk. 1, nr. 1, litra d, ... ændres »3 år, eller« til: »2 år, jf. dog § 37 m, "
                    "eller«."
                ),
            ),
            MA_V_DENMARK,
        ),
    ),
    all_of(
        SPONSOR_STATUS.eq("temporary_protection"),
        add_years(SPONSOR_PROTECTION_SINCE, param(f"{P}.temporary_protection_wait_years"), "round_down")
        <= decision_date(),
    ),
    unless=[
        unless(
            f"{P}.temporary_protection_waiting_period.exceptional",
            "Exceptional circumstances: an individual assessment under art. 8 ECHR allows earlier "
            "reunification",
            MA_V_DENMARK,
            all_of(SPONSOR_STATUS.eq("temporary_protection"), EXCEPTIONAL_CIRCUMSTANCES),
        )
    ],
    tags={ConditionTag.WAITING_PERIOD},
)
sponsor_category = condition(
    f"{P}.sponsor_category",
    "The sponsor belongs to a category that can sponsor a spouse or partner",
    UL_9_1_1,
    any_of(sponsor_is_citizen_or_refugee, sponsor_long_permanent_resident, temporary_protection_waited),
    tags={ConditionTag.SPONSOR_STATUS},
)

no_public_assistance = condition(
    f"{P}.no_public_assistance",
    "The sponsor has received no assistance under aktivloven or the Integration Act in the "
    "{param:dk.family_reunification.spouse.no_assistance_years} years before "
    "the decision",
    citing.ul(
        "§ 9, stk. 5, 1. pkt.",
        (
            "Stk. 5. Opholdstilladelse efter stk. 1, nr. 1, skal, medmindre ganske særlige grunde, herunder "
            "hensynet "
            "til familiens enhed, afgørende taler derimod, betinges af, at den herboende person i 3 år "
            "forud for "
            "afgørelsen om opholdstilladelse ikke har modtaget hjælp efter lov om aktiv socialpolitik eller "
            "integrationsloven."
        ),
        see_also=(
            travaux_text(
                "L 188 (2009-10) § 1, nr. 1 (1 year -> 3 years)",
                "https://eu.dk/samling/20091/lovforslag/l188/20091_l188_som_fremsat.htm",
                excerpt="I § 9, stk. 5, 1. pkt., ændres »1 år« til: »3 år«.",
            ),
        ),
    ),
    any_of(
        not_(RECEIVED_ASSISTANCE),
        add_years(LAST_ASSISTANCE, param(f"{P}.no_assistance_years"), "round_down") <= decision_date(),
    ),
    tags={ConditionTag.PUBLIC_ASSISTANCE},
)

guarantee = condition(
    f"{P}.financial_guarantee",
    "The sponsor has provided the financial guarantee for future public assistance to the applicant",
    citing.ul(
        "§ 9, stk. 4, 1. pkt.",
        (
            "Stk. 4. Opholdstilladelse efter stk. 1, nr. 1, skal, medmindre ganske særlige grunde, herunder "
            "hensynet "
            "til familiens enhed, afgørende taler derimod, betinges af, at den herboende person, som det "
            "påhviler at "
            "forsørge ansøgeren, i en periode på 10 år stiller økonomisk sikkerhed for 57.000 kr. ..."
        ),
        see_also=(
            travaux_text(
                "L 231 (2017-18) § 1, nr. 1 (DKK 100,000)",
                "https://ft.dk/samling/20171/lovforslag/l231/20171_l231_som_fremsat.htm",
                excerpt="I § 9, stk. 4, 1. pkt., ændres »50.000 kr.« til: »100.000 kr.«",
            ),
            travaux_text(
                "L 157 (2023-24) § 1, nr. 2 (DKK 57,000), enacted as LOV nr. 686 af 11/06/2024",
                "https://ft.dk/samling/20231/lovforslag/l157/20231_l157_som_fremsat.htm",
                excerpt="I § 9, stk. 4, 1. pkt., ændres »100.000 kr.« til: »57.000 kr.«",
            ),
        ),
    ),
    GUARANTEE_PROVIDED,
    tags={ConditionTag.ASSETS},
)


# --- relationship (UL § 9, stk. 1, nr. 1) ---------------------------------------------------------
RELATIONSHIP_TYPE = fact(
    "case.relationship_type",
    FactType.CODE,
    "The couple's relationship: marriage, or stable cohabitation without marriage",
    codes=("married", "cohabiting"),
)
MARRIAGE_RECOGNISED = fact(
    "case.marriage_recognised",
    FactType.BOOL,
    "The marriage is valid and can be recognised under Danish law",
)
BOTH_PRESENT = fact(
    "case.both_present_at_ceremony",
    FactType.BOOL,
    "Both spouses were present at the marriage ceremony",
)
MARRIAGE_DATE = fact("case.marriage_date", FactType.DATE, "Date of the marriage")
COHABITATION_MONTHS = fact(
    "case.cohabitation_months",
    FactType.INT,
    "Months the couple has lived together at the same address (cohabitants)",
    minimum=0,
)
SUPPORT_UNDERTAKING = fact(
    "sponsor.support_undertaking_given",
    FactType.BOOL,
    "The sponsor has undertaken to support the applicant (required of unmarried cohabitants)",
)
FORCED_OR_PRO_FORMA = fact(
    "case.relationship_forced_or_pro_forma",
    FactType.BOOL,
    "The marriage or relationship was entered into against the will of one party, or mainly to obtain a "
    "residence permit (pro forma): a discretionary assessment",
)

# --- sponsor's record -----------------------------------------------------------------------------
PARTNER_VIOLENCE = fact(
    "sponsor.convicted_of_partner_violence",
    FactType.BOOL,
    "The sponsor has been convicted of violence or similar abuse against a former spouse or partner",
)
LAST_PARTNER_VIOLENCE = fact(
    "sponsor.last_partner_violence_conviction_date",
    FactType.DATE,
    "Date of the sponsor's latest conviction for violence against a former spouse or partner",
)

# --- housing (UL § 9, stk. 6, as enacted by L 231 (2017-18)) ------------------------------------------
INDEPENDENT_DWELLING = fact(
    "sponsor.has_independent_dwelling",
    FactType.BOOL,
    "The sponsor has at their disposal an independent dwelling: own entrance, a unit of its own (own kitchen "
    "or toilet not required); rooms in the parents' home normally do not count",
)
TENURE = fact(
    "sponsor.dwelling_tenure",
    FactType.CODE,
    "How the sponsor holds the dwelling",
    "owned; cooperative_share (holds the share); rented_unlimited or rented_fixed_term (rent or sub-rent); "
    "cooperative_rented_fixed_term (a time-limited rental of a cooperative dwelling); free_or_symbolic_rent "
    "(a loan of a dwelling for free or a symbolic rent)",
    codes=(
        "owned",
        "cooperative_share",
        "rented_unlimited",
        "rented_fixed_term",
        "cooperative_rented_fixed_term",
        "free_or_symbolic_rent",
    ),
)
LEASE_END = fact(
    "sponsor.dwelling_lease_end_date",
    FactType.DATE,
    "End date of a time-limited rental or sub-rental contract",
)
APPLICATION_DATE = fact("case.application_date", FactType.DATE, "Date the application was lodged")

# The guarantee amount is keyed to the application date for the 2018 change (see the parameters).
guarantee_amount = computation(
    f"{P}.guarantee_amount",
    "Amount of the financial guarantee required on the decision date",
    statute_text(
        "Udlændingeloven § 9, stk. 4 (indexed each 1 January): DKK 100,000 (2018 level) for applications "
        "lodged from 1 July 2018, the older DKK 50,000 (2012 level) for earlier applications; DKK 57,000 "
        "(2024 level) for guarantees posted from 1 July 2024 (LOV nr. 686 af 11/06/2024 § 8, stk. 1 and 3)",
        citing.UL,
        see_also=(
            guidance_text(
                "Udlændingestyrelsen, Økonomisk sikkerhedsstillelse: amounts 'for ansøgninger indgivet fra "
                "og med 1. juli 2018' and 'før 1. juli 2018'",
                "https://nyidanmark.dk/da/Ord-og-begreber/US/Familie/%C3%98konomisk-sikkerhedsstillelse---Ned"
                "s%C3%A6ttelse-og-frigivelse/",
            ),
            statute_text("Lov nr. 686 af 11/06/2024, § 8", "https://www.retsinformation.dk/eli/lta/2024/686"),
        ),
    ),
    if_(
        param(f"{P}.guarantee_regime_2018_from") > APPLICATION_DATE,
        param(f"{P}.guarantee_amount_applications_before_2018_07_01"),
        param(f"{P}.guarantee_amount"),
    ),
    unit="DKK",
)
HOUSEHOLD_SIZE = fact(
    "case.household_size",
    FactType.INT,
    "Number of persons who will live in the dwelling, the applicant included",
    minimum=1,
)
LIVING_ROOMS = fact(
    "sponsor.dwelling_living_rooms",
    FactType.INT,
    "Living rooms in the dwelling (kitchen, toilet and hall are not living rooms)",
    minimum=0,
)
FLOOR_AREA = fact(
    "sponsor.dwelling_floor_area_m2",
    FactType.INT,
    "Floor area of the dwelling in square metres",
    unit="m2",
    minimum=0,
)
ON_HOUSING_LIST = fact(
    "sponsor.dwelling_on_housing_requirement_list",
    FactType.BOOL,
    "At the time of application the sponsor's dwelling lies in a housing area on the housing-requirement "
    "list for spouse reunification (boligkravslisten: the vulnerable housing areas, Almenboligloven § 61 a, "
    "stk. 1)",
)
HOUSING_SPECIAL_REASONS = fact(
    "case.housing_very_special_reasons",
    FactType.BOOL,
    "Very special reasons, including family unity, speak against applying the housing requirements",
)

# --- integration requirement (4 of 6; in force for applications from 1 July 2018) ----------------------
SPONSOR_DANISH = fact(
    "sponsor.danish_test_level",
    FactType.CODE,
    "Highest Danish test the sponsor has passed (Prøve i Dansk 1-3, or an equivalent or higher test)",
    codes=DANISH_TEST_LEVELS,
)
SPONSOR_WORK_DANISH = fact(
    "sponsor.full_time_work_years_with_danish",
    FactType.INT,
    "Years of ordinary full-time employment in which the sponsor communicated in Danish to a significant "
    "degree",
    minimum=0,
)
SPONSOR_WORK = fact(
    "sponsor.full_time_work_years",
    FactType.INT,
    "Years of ordinary full-time employment or self-employment in Denmark",
    minimum=0,
)
SPONSOR_EDUCATION = fact(
    "sponsor.education_years",
    FactType.INT,
    "Years of education in Denmark",
    minimum=0,
)
SPONSOR_QUALIFYING_EDUCATION = fact(
    "sponsor.qualifying_education_beyond_basic_school",
    FactType.BOOL,
    "At least 1 year of the sponsor's education in Denmark was full-time qualifying education beyond basic "
    "school (10th grade and efterskole do not count)",
)
APPLICANT_ENGLISH_B1 = fact(
    "applicant.english_b1_or_higher",
    FactType.BOOL,
    "The applicant holds an English certificate at level B1 or higher from a recognised provider",
)
APPLICANT_DANISH = fact(
    "applicant.danish_test_level",
    FactType.CODE,
    "Highest Danish test the applicant has passed (Prøve i Dansk 1-3, or an equivalent or higher test)",
    codes=DANISH_TEST_LEVELS,
)
APPLICANT_WORK_LAST_5 = fact(
    "applicant.full_time_work_years_last_5_years",
    FactType.INT,
    "Years of ordinary full-time employment or self-employment within the last 5 years",
    minimum=0,
)
APPLICANT_HIGHER_EDUCATION = fact(
    "applicant.higher_or_vocational_education",
    FactType.BOOL,
    "The applicant has passed a programme of at least 1 year at a level comparable to a Danish higher "
    "education or a Danish vocational education",
)

# --- other conditions of 1 July 2018 ----------------------------------------------------------------
DECLARATION = fact(
    "case.integration_declaration_signed",
    FactType.BOOL,
    "Both spouses have signed the declaration on Danish language learning and integration",
)
VISITED = fact(
    "applicant.has_made_lawful_visit",
    FactType.BOOL,
    "The applicant has made at least one lawful visit to Denmark",
)

L231 = "https://ft.dk/samling/20171/lovforslag/l231/20171_l231_som_fremsat.htm"
NYIDANMARK_2018 = (
    "https://www.nyidanmark.dk/da/News%20Front%20Page/2018/06/Nye%20regler%20for%20aegtefaellesammenfoering"
)
NYIDANMARK_2024 = (
    "https://nyidanmark.dk/da/News%20Front%20Page/2024/05/"
    "Presented%20proposal%20to%20change%20the%20rules%20regarding%20family%20reunification%20of%20spouses"
)
HOUSING_PAGE = (
    "https://www.nyidanmark.dk/da/Ord-og-begreber/US/Familie/"
    "Familiesammenf%C3%B8ring---Selvst%C3%A6ndig-bolig-af-rimelig-st%C3%B8rrelse/"
)
NEMFAMILIE = "https://nemfamiliesammenfoering.dk/betingelser-for-aegtefaellesammenfoering/"

# Passages read on 2026-11-29 in the stored copies of the pages above (verified citations quote them).
L231_STK_6 = (
    "»Stk. 6. Opholdstilladelse efter stk. 1, nr. 1, skal, medmindre ganske særlige grunde, herunder "
    "hensynet til familiens enhed, taler derimod, betinges af, at 1) den herboende person godtgør at "
    "råde over en selvstændig bolig af rimelig størrelse, jf. stk. 31, 2) boligen på "
    "ansøgningstidspunktet ikke ligger i et boligområde, der er omfattet af den gældende bekendtgørelse "
    "om boligkravslisten for ægtefællesammenføring, jf. stk. 7, 2. pkt., og ..."
)
NEWS_2018_INTEGRATION = (
    "Det vil således normalt være en betingelse for at få opholdstilladelse, at den herboende og den "
    "ansøgende ægtefælle samlet opfylder 4 ud af 6 integrationsrelevante betingelser. Èn af "
    "betingelserne er dog ikke valgfri, og det er betingelsen om, at den herboende ægtefælle skal "
    "opfylde kravet om danskkundskaber."
)
NEWS_2018_CONDITIONS = (
    "Den herboende ægtefælle har arbejdet i Danmark i mindst 5 år; Den herboende ægtefælle har en "
    "uddannelse på mindst 6 år - ud af disse 6 år skal mindst 1 år være udover folkeskolen; Ansøger har "
    "enten danskkundskaber eller engelskkundskaber på et vist niveau; Ansøger har arbejdet i mindst 3 "
    "af de seneste 5 år; Ansøger har en uddannelse af mindst 1 års varighed"
)
HOUSING_PAGE_EXCERPT = (
    "En selvstændig bolig er en bolig, der har selvstændig indgang og fremstår som en enhed. ... At "
    "råde over en selvstændig bolig betyder, at du skal eje, leje eller fremleje din bolig. Eller du "
    "skal være andelshaver eller anpartshaver af en bolig. Hvis der er tale om en lejebolig eller en "
    "fremlejebolig, skal varigheden af lejekontrakten eller fremlejekontrakten enten være "
    "tidsubegrænset eller være på mindst 1½ år fra den dato, hvor ansøgning om opholdstilladelse bliver "
    "indgivet. ... Du opfylder ikke boligkravet, hvis du råder over en lejebolig eller en del af en "
    "lejebolig ved en låneaftale."
)
FAMILIESAMMENFOERING_DK = (
    "https://xn--familiesammenfring-t4b.dk/betingelser-familiesammenfoering-aegtefaelle/"
)

# --- relationship conditions -------------------------------------------------------------------------
valid_marriage = condition(
    f"{P}.valid_marriage",
    "A marriage recognisable under Danish law, both spouses present at the ceremony and both at least "
    "{param:dk.family_reunification.spouse.min_age_at_marriage} "
    "when they married",
    statute_text(
        "Udlændingeloven § 9, stk. 1, nr. 1 (marriage)",
        citing.UL,
        see_also=(
            secondary_text(
                "Udlændingeloven § 9, stk. 1, nr. 1 (marriage) [S: nemfamiliesammenfoering.dk]",
                NEMFAMILIE,
            ),
        ),
    ),
    all_of(
        RELATIONSHIP_TYPE.eq("married"),
        MARRIAGE_RECOGNISED,
        BOTH_PRESENT,
        age_on(SPONSOR_BIRTH_DATE, MARRIAGE_DATE) >= param(f"{P}.min_age_at_marriage"),
        age_on(APPLICANT_BIRTH_DATE, MARRIAGE_DATE) >= param(f"{P}.min_age_at_marriage"),
    ),
    tags={ConditionTag.RELATIONSHIP},
)
established_cohabitation = condition(
    f"{P}.established_cohabitation",
    "Unmarried partners have lived together at the same address for about 1.5 years, and the sponsor has "
    "undertaken to support the applicant",
    statute_text(
        "Udlændingeloven § 9, stk. 1, nr. 1 (fast samlivsforhold af længere varighed)",
        citing.UL,
        see_also=(
            secondary_text(
                (
                    "Udlændingeloven § 9, stk. 1, nr. 1 (fast samlivsforhold af længere varighed) [S: "
                    "nemfamiliesammenfoering.dk; familiesammenføring.dk]"
                ),
                NEMFAMILIE,
            ),
        ),
    ),
    all_of(
        RELATIONSHIP_TYPE.eq("cohabiting"),
        param(f"{P}.min_cohabitation_months") <= COHABITATION_MONTHS,
        SUPPORT_UNDERTAKING,
    ),
    tags={ConditionTag.RELATIONSHIP},
)
relationship = condition(
    f"{P}.relationship",
    "The couple is validly married or in a stable cohabitation, and the relationship is neither forced nor "
    "pro forma",
    statute_text(
        ("Udlændingeloven § 9, stk. 1, nr. 1 (valid relationship; forced or pro forma marriages excluded)"),
        citing.UL,
        see_also=(
            secondary_text(
                (
                    "Udlændingeloven § 9, stk. 1, nr. 1 (valid relationship; forced or pro forma "
                    "marriages excluded) [S: nemfamiliesammenfoering.dk]"
                ),
                NEMFAMILIE,
            ),
        ),
    ),
    all_of(any_of(valid_marriage, established_cohabitation), not_(FORCED_OR_PRO_FORMA)),
    tags={ConditionTag.RELATIONSHIP},
)

no_partner_violence = condition(
    f"{P}.no_partner_violence",
    "The sponsor has not been convicted of violence against a former spouse or partner in the last "
    "{param:dk.family_reunification.spouse.partner_violence_years} years",
    citing.ul(
        "§ 9, stk. 13",
        (
            "Stk. 13. Opholdstilladelse efter stk. 1, nr. 1, kan, medmindre ganske særlige grunde, herunder "
            "hensynet til familiens enhed, taler derfor, ikke gives, såfremt den herboende person inden for "
            "en "
            "periode på 10 år inden tidspunktet for afgørelsen for et eller flere forhold begået mod en "
            "ægtefælle "
            "eller samlever ved endelig dom er idømt betinget eller ubetinget frihedsstraf ..."
        ),
        "§ 9, stk. 10 in LBK nr. 412 af 09/05/2016 and nr. 1117 af 02/10/2017.",
        see_also=(
            secondary_text(
                (
                    "Sponsor not convicted of violence against a former spouse or partner within 10 years "
                    "[S: "
                    "familiesammenføring.dk]"
                ),
                FAMILIESAMMENFOERING_DK,
            ),
        ),
    ),
    any_of(
        not_(PARTNER_VIOLENCE),
        add_years(LAST_PARTNER_VIOLENCE, param(f"{P}.partner_violence_years"), "round_down")
        <= decision_date(),
    ),
    tags={ConditionTag.CRIMINALITY},
)

# --- which rules: applications before 1 July 2018 keep the rules before L 231 (2017-18) -------------------
NYIDANMARK_2018_IN_FORCE = (
    "https://www.nyidanmark.dk/da/Nyheder/2018/07/"
    "Nye-regler-for-%C3%A6gtef%C3%A6llesammenf%C3%B8ring-tr%C3%A6der-i-kraft"
)
REGIME_CITATION = guidance_text(
    "Udlændingestyrelsen, 'Nye regler for ægtefællesammenføring træder i kraft' (news of 1 July 2018): the "
    "rules of L 231 (2017-18) apply to applications lodged from 1 July 2018",
    NYIDANMARK_2018_IN_FORCE,
    (
        "The commencement and transitional clause of the act itself (L 231 (2017-18) § 2) was not read: the "
        "stored copies of the bill show § 1 only (searched 'L 231 2017-18 ikrafttræden', 'Loven træder i "
        "kraft den 1. juli 2018' in the pages corpus)."
    ),
    see_also=(
        travaux_text(
            "L 231 (2017-18), Forslag til lov om ændring af udlændingeloven (Reform af reglerne om "
            "ægtefællesammenføring med nyt integrationskrav i stedet for tilknytningskravet, skærpet "
            "boligkrav m.v.)",
            L231,
            pinpoint="§ 1, nr. 3 (§ 9, stk. 6 og 7, ophæves, og i stedet indsættes ...)",
            excerpt="3. § 9, stk. 6 og 7, ophæves, og i stedet indsættes:",
            verified=True,
        ),
    ),
    pinpoint="first paragraph",
    excerpt=(
        "I dag den 1. juli 2018 træder nye regler for ægtefællesammenføring i kraft. De gælder for "
        "ansøgninger, der indgives fra og med 1. juli 2018."
    ),
    verified=True,
)
applied_before_l231 = condition(
    f"{P}.applied_before_l231",
    "The application was lodged before {param:dk.family_reunification.spouse.l231_regime_from}: the rules "
    "before L 231 (2017-18) apply (the attachment requirement; no housing-area bar, no visit requirement)",
    REGIME_CITATION,
    param(f"{P}.l231_regime_from") > APPLICATION_DATE,
    gate=True,
    tags={ConditionTag.PROCEDURE},
)
applied_under_l231 = condition(
    f"{P}.applied_under_l231",
    "The application was lodged on or after {param:dk.family_reunification.spouse.l231_regime_from}: the "
    "rules of L 231 (2017-18) apply",
    REGIME_CITATION,
    param(f"{P}.l231_regime_from") <= APPLICATION_DATE,
    gate=True,
    tags={ConditionTag.PROCEDURE},
)

# --- housing conditions ------------------------------------------------------------------------------
independent_dwelling = condition(
    f"{P}.independent_dwelling",
    "The sponsor has an independent dwelling at their disposal",
    guidance_text(
        ("Udlændingeloven § 9, stk. 6, nr. 1 (L 231 (2017-18)); Udlændingestyrelsen on 'selvstændig bolig'"),
        HOUSING_PAGE,
        excerpt=HOUSING_PAGE_EXCERPT,
        verified=True,
    ),
    INDEPENDENT_DWELLING,
    tags={ConditionTag.HOUSING},
)
secure_tenure = condition(
    f"{P}.secure_tenure",
    "The sponsor owns the dwelling, holds a cooperative share, or rents it without time limit or for at "
    "least 1.5 years from the application date (a free or symbolic-rent loan does not count)",
    guidance_text(
        "Udlændingeloven § 9, stk. 6, nr. 1; 'rådighed' (Udlændingestyrelsen)",
        HOUSING_PAGE,
        excerpt=HOUSING_PAGE_EXCERPT,
        verified=True,
    ),
    any_of(
        TENURE.is_in(["owned", "cooperative_share", "rented_unlimited"]),
        all_of(
            TENURE.eq("rented_fixed_term"),
            add_months(APPLICATION_DATE, param(f"{P}.min_lease_months"), "round_down") <= LEASE_END,
        ),
    ),
    tags={ConditionTag.HOUSING},
)
reasonable_size = condition(
    f"{P}.reasonable_size",
    "The dwelling is of reasonable size: at most "
    "{param:dk.family_reunification.spouse.max_persons_per_living_room} persons per living room, or at "
    "least {param:dk.family_reunification.spouse.min_floor_area_per_person} m² per person",
    statute_text(
        "Udlændingeloven § 9, stk. 31 (reasonable size)",
        citing.UL,
        see_also=(
            secondary_text(
                ("Udlændingeloven § 9, stk. 31 (reasonable size) [S: familiesammenføring.dk, boligkravet]"),
                "https://xn--familiesammenfring-t4b.dk/boligkravet/",
            ),
        ),
    ),
    any_of(
        LIVING_ROOMS * param(f"{P}.max_persons_per_living_room") >= HOUSEHOLD_SIZE,
        HOUSEHOLD_SIZE * param(f"{P}.min_floor_area_per_person") <= FLOOR_AREA,
    ),
    tags={ConditionTag.HOUSING},
)
dwelling = condition(
    f"{P}.dwelling",
    "The sponsor has at their disposal an independent dwelling of reasonable size",
    travaux_text(
        "Udlændingeloven § 9, stk. 6, nr. 1, jf. stk. 31 (L 231 (2017-18))",
        L231,
        pinpoint="§ 1, nr. 3 (new § 9, stk. 6, nr. 1)",
        excerpt=L231_STK_6,
        verified=True,
    ),
    all_of(independent_dwelling, secure_tenure, reasonable_size),
    tags={ConditionTag.HOUSING},
)
outside_listed_area = condition(
    f"{P}.outside_listed_area",
    "At the time of application the dwelling is not in a housing area on the housing-requirement list "
    "(boligkravslisten)",
    travaux_text(
        "Udlændingeloven § 9, stk. 6, nr. 2, and stk. 7 (L 231 (2017-18)); BEK nr. 1458 af 29/11/2022",
        L231,
        "The bill's text was read; the executive order BEK nr. 1458 af 29/11/2022 (the list) was not opened.",
        pinpoint="§ 1, nr. 3 (new § 9, stk. 6, nr. 2, and stk. 7)",
        excerpt=L231_STK_6,
        verified=True,
    ),
    not_(ON_HOUSING_LIST),
    tags={ConditionTag.HOUSING},
)
housing = condition(
    f"{P}.housing",
    "The housing requirements are met: an independent dwelling of reasonable size, not in a listed area "
    "(the listed-area bar for applications from 1 July 2018)",
    travaux_text(
        "Udlændingeloven § 9, stk. 6 (L 231 (2017-18))",
        L231,
        pinpoint="§ 1, nr. 3 (new § 9, stk. 6)",
        excerpt=L231_STK_6,
        verified=True,
    ),
    all_of(dwelling, any_of(applied_before_l231, outside_listed_area)),
    unless=[
        unless(
            f"{P}.housing.very_special_reasons",
            "Very special reasons, including family unity, speak against the housing requirements",
            travaux_text(
                (
                    "Udlændingeloven § 9, stk. 6: 'medmindre ganske særlige grunde, herunder hensynet til"
                    " familiens enhed, taler derimod'"
                ),
                L231,
                pinpoint="§ 1, nr. 3 (new § 9, stk. 6, opening words)",
                excerpt=L231_STK_6,
                verified=True,
            ),
            HOUSING_SPECIAL_REASONS,
        )
    ],
    tags={ConditionTag.HOUSING},
)

# --- integration requirement ---------------------------------------------------------------------------
S1_WORK_YEARS = 5  # UL § 9 as amended from 1 July 2024; see the gate parameter s1_work_alternative
s1_sponsor_danish = condition(
    f"{P}.integration.s1_sponsor_danish",
    "S1 (mandatory): the sponsor has passed Prøve i Dansk 3 or an equivalent or higher test, or (from 1 July "
    "2024) has at least 5 years of ordinary full-time work involving Danish communication to a significant "
    "degree",
    guidance_text(
        (
            "Integration requirement S1 (nyidanmark.dk, 2018); work alternative from 1 July 2024 "
            "(nyidanmark.dk, May 2024)"
        ),
        NYIDANMARK_2024,
        pinpoint="second paragraph (news of 2 May 2024 on the bill tabled 11 April 2024)",
        excerpt=(
            "Hvis lovforslaget vedtages, vil kravet om, at den herboende ægtefælle skal have bestået prøve i "
            "dansk 3 eller en tilsvarende eller højere danskprøve, for at parret samlet set kan opfylde "
            "integrationskravet, også kunne opfyldes ved, at den herboende ægtefælle dokumenterer at have "
            "været i ordinær fuldtidsbeskæftigelse i 5 år, der i væsentlig grad har medført kommunikation "
            "på dansk."
        ),
        verified=True,
    ),
    any_of(
        SPONSOR_DANISH.eq("pd3"),
        if_(param(f"{P}.s1_work_alternative"), SPONSOR_WORK_DANISH >= S1_WORK_YEARS, False),
    ),
)
s2_sponsor_work = condition(
    f"{P}.integration.s2_sponsor_work",
    "S2: the sponsor has at least {param:dk.family_reunification.spouse.integration.s2_work_years} years of "
    "ordinary full-time employment or self-employment in Denmark",
    guidance_text(
        "Integration requirement S2 (nyidanmark.dk, 2018)",
        NYIDANMARK_2018,
        pinpoint="news of 6 June 2018, point 1 (the 5 optional conditions)",
        excerpt=NEWS_2018_CONDITIONS,
        verified=True,
    ),
    param(f"{P}.integration.s2_work_years") <= SPONSOR_WORK,
)
s3_sponsor_education = condition(
    f"{P}.integration.s3_sponsor_education",
    "S3: the sponsor has at least {param:dk.family_reunification.spouse.integration.s3_education_years} "
    "years of education in Denmark, at least 1 of them full-time qualifying "
    "education beyond basic school",
    guidance_text(
        "Integration requirement S3 (nyidanmark.dk, 2018)",
        NYIDANMARK_2018,
        pinpoint="news of 6 June 2018, point 1 (the 5 optional conditions)",
        excerpt=NEWS_2018_CONDITIONS,
        verified=True,
    ),
    all_of(param(f"{P}.integration.s3_education_years") <= SPONSOR_EDUCATION, SPONSOR_QUALIFYING_EDUCATION),
)
a1_applicant_language = condition(
    f"{P}.integration.a1_applicant_language",
    "A1: the applicant has English at level B1 or has passed Prøve i Dansk 1 (or an equivalent or higher "
    "test)",
    guidance_text("Integration requirement A1 (nyidanmark.dk, 2018)", NYIDANMARK_2018),
    any_of(APPLICANT_ENGLISH_B1, APPLICANT_DANISH.is_in(["pd1", "pd2", "pd3"])),
)
a2_applicant_work = condition(
    f"{P}.integration.a2_applicant_work",
    "A2: the applicant has at least {param:dk.family_reunification.spouse.integration.a2_work_years} years "
    "of ordinary full-time employment or self-employment within the "
    "last 5 years",
    guidance_text(
        "Integration requirement A2 (nyidanmark.dk, 2018)",
        NYIDANMARK_2018,
        pinpoint="news of 6 June 2018, point 1 (the 5 optional conditions)",
        excerpt=NEWS_2018_CONDITIONS,
        verified=True,
    ),
    param(f"{P}.integration.a2_work_years") <= APPLICANT_WORK_LAST_5,
)
a3_applicant_education = condition(
    f"{P}.integration.a3_applicant_education",
    "A3: the applicant has passed a programme of at least 1 year comparable to a Danish higher education or "
    "a Danish vocational education",
    guidance_text("Integration requirement A3 (nyidanmark.dk, 2018)", NYIDANMARK_2018),
    APPLICANT_HIGHER_EDUCATION,
)
integration = condition(
    f"{P}.integration",
    "The integration requirement: the couple meets at least "
    "{param:dk.family_reunification.spouse.integration.required_count} of the 6 conditions, S1 always among "
    "them",
    guidance_text(
        (
            "Udlændingeloven § 9, stk. 8 (integration requirement; the stk. read in LBK nr. 1009 af "
            "02/09/2024) (nyidanmark.dk, 2018)"
        ),
        NYIDANMARK_2018,
        pinpoint="news of 6 June 2018, point 1",
        excerpt=NEWS_2018_INTEGRATION,
        verified=True,
    ),
    all_of(
        s1_sponsor_danish,
        at_least(
            param(f"{P}.integration.required_count"),
            s1_sponsor_danish,
            s2_sponsor_work,
            s3_sponsor_education,
            a1_applicant_language,
            a2_applicant_work,
            a3_applicant_education,
        ),
    ),
    tags={ConditionTag.INTEGRATION},
)

declaration = condition(
    f"{P}.integration_declaration",
    "Both spouses have signed the declaration on Danish language learning and integration",
    citing.ul(
        "§ 9, stk. 2",
        (
            "Stk. 2. Opholdstilladelse efter stk. 1, nr. 1, skal betinges af, at ansøgeren og den herboende "
            "person "
            "underskriver en erklæring om efter bedste evne at ville deltage aktivt i ansøgerens og "
            "eventuelle "
            "medfølgende udenlandske børns danskuddannelse og integration i det danske samfund."
        ),
        see_also=(
            secondary_text(
                "Declaration on Danish education and integration [S: familiesammenføring.dk]",
                FAMILIESAMMENFOERING_DK,
            ),
        ),
    ),
    DECLARATION,
    tags={ConditionTag.INTEGRATION},
)
visit = condition(
    f"{P}.visit_requirement",
    "The applicant has made at least one lawful visit to Denmark (visit requirement of 1 July 2018, UL § 9, "
    "stk. 10)",
    guidance_text(
        "Visit requirement, L 231 (2017-18) (nyidanmark.dk, news of 6 June 2018)",
        NYIDANMARK_2018,
        (
            "Read in the Danish version of the news (published 6 June 2018; the English version was cited "
            "before). Still in the act as consolidated on 2 September 2024: § 9, stk. 10 (see_also)."
        ),
        see_also=(
            citing.ul(
                "§ 9, stk. 10",
                (
                    "Stk. 10. Opholdstilladelse efter stk. 1, nr. 1, kan, medmindre ganske særlige grunde, "
                    "herunder "
                    "hensynet til familiens enhed, taler derimod, kun gives, hvis ansøgeren har haft mindst "
                    "ét "
                    "lovligt ophold i Danmark ..."
                ),
            ),
        ),
        pinpoint="point 2",
        excerpt=(
            "2. Der skal opfyldes et besøgskrav. Ansøgeren skal normalt have haft mindst ét lovligt besøg i "
            "Danmark."
        ),
        verified=True,
    ),
    any_of(not_(param(f"{P}.visit_requirement")), applied_before_l231, VISITED),
)

# --- the attachment requirement (UL § 9, stk. 7 before L 231 (2017-18)) -----------------------------------
UL_2016 = "https://www.retsinformation.dk/eli/lta/2016/412"
UL_2017 = "https://www.retsinformation.dk/eli/lta/2017/1117"
UL_2016_STK_7 = (
    "Stk. 7. Opholdstilladelse efter stk. 1, nr. 1, litra a, når den herboende person ikke har haft dansk "
    "indfødsret i 26 år, og efter stk. 1, nr. 1, litra b-e, kan, medmindre ganske særlige grunde, herunder "
    "hensynet til familiens enhed, taler derimod, kun gives, såfremt ægtefællernes eller samlevernes samlede "
    "tilknytning til Danmark er større end ægtefællernes eller samlevernes samlede tilknytning til et andet "
    "land. Herboende personer med dansk indfødsret, der er adopteret fra udlandet inden det fyldte 6. år, og "
    "som senest i forbindelse med adoptionen har erhvervet dansk indfødsret, anses for at have haft dansk "
    "indfødsret fra fødslen."
)
UL_2017_STK_7 = (
    "Stk. 7. Opholdstilladelse efter stk. 1, nr. 1, kan, medmindre ganske særlige grunde, herunder hensynet "
    "til familiens enhed, taler derimod, kun gives, såfremt ægtefællernes eller samlevernes samlede "
    "tilknytning til Danmark er større end ægtefællernes eller samlevernes samlede tilknytning til et andet "
    "land."
)
L162 = "https://ft.dk/samling/20161/lovforslag/l162/20161_l162_som_fremsat.htm"
ATTACHMENT_CITATION = citing.dk_statute(
    "Udlændingeloven § 9, stk. 7 (tilknytningskravet), as consolidated on 2 October 2017",
    UL_2017,
    "LBK nr. 1117 af 02/10/2017",
    "§ 9, stk. 7",
    UL_2017_STK_7,
    "Repealed and replaced by L 231 (2017-18) § 1, nr. 3 for applications from 1 July 2018.",
    see_also=(
        citing.dk_statute(
            "Udlændingeloven § 9, stk. 7, as consolidated on 9 May 2016 (with the 26-year exemption)",
            UL_2016,
            "LBK nr. 412 af 09/05/2016",
            "§ 9, stk. 7",
            UL_2016_STK_7,
        ),
        travaux_text(
            "L 162 (2016-17), Forslag til lov om ændring af udlændingeloven (Ophævelse af 26-årsreglen i "
            "ægtefællesammenføringssager)",
            L162,
            pinpoint="§ 1, nr. 1-2, and § 2",
            excerpt=(
                '1. I § 9, stk. 7, 1. pkt., udgår "litra a, når den herboende person ikke har haft dansk '
                'indfødsret i 26 år, og efter stk. 1, nr. 1, litra b-e,". 2. § 9, stk. 7, 2. pkt., ophæves. '
                "§ 2 Loven træder i kraft dagen efter bekendtgørelse i Lovtidende."
            ),
            verified=True,
        ),
    ),
)
#: UL § 9, stk. 7 (LBK nr. 412 af 09/05/2016); whether it applies: parameter attachment_citizenship_exemption
ATTACHMENT_EXEMPTION_YEARS = 26
ATTACHMENT_GREATER = fact(
    "case.attachment_to_denmark_greater",
    FactType.BOOL,
    "The spouses' or partners' combined attachment to Denmark is greater than their combined attachment to "
    "another country (an overall assessment)",
)
SPONSOR_CITIZEN_SINCE = fact(
    "sponsor.danish_citizenship_since",
    FactType.DATE,
    "Date the sponsor became a Danish citizen (the date of birth for a child adopted from abroad before the "
    "age of 6 who became Danish by the adoption)",
)
ATTACHMENT_SPECIAL_REASONS = fact(
    "case.attachment_very_special_reasons",
    FactType.BOOL,
    "Very special reasons, including family unity, speak against applying the attachment requirement",
)
citizenship_26_years = condition(
    f"{P}.attachment.citizenship_26_years",
    "The sponsor has been a Danish citizen for 26 years, while the act exempted such a sponsor from the "
    "attachment requirement",
    citing.dk_statute(
        "Udlændingeloven § 9, stk. 7 (the 26-year exemption), as consolidated on 9 May 2016",
        UL_2016,
        "LBK nr. 412 af 09/05/2016",
        "§ 9, stk. 7, 1. and 2. pkt.",
        UL_2016_STK_7,
        "The exemption is gone from LBK nr. 1117 af 02/10/2017; it was repealed by L 162 (2016-17) after "
        "ECtHR (GC) Biao v. Denmark (see the parameter attachment_citizenship_exemption).",
    ),
    all_of(
        param(f"{P}.attachment_citizenship_exemption"),
        SPONSOR_STATUS.eq("danish_citizen"),
        add_years(SPONSOR_CITIZEN_SINCE, ATTACHMENT_EXEMPTION_YEARS, "round_down") <= decision_date(),
    ),
    tags={ConditionTag.NATIONALITY},
)
attachment = condition(
    f"{P}.attachment",
    "The attachment requirement: the couple's combined attachment to Denmark is greater than their combined "
    "attachment to another country",
    ATTACHMENT_CITATION,
    any_of(ATTACHMENT_GREATER, citizenship_26_years),
    unless=[
        unless(
            f"{P}.attachment.very_special_reasons",
            "Very special reasons, including family unity, speak against the attachment requirement",
            ATTACHMENT_CITATION,
            ATTACHMENT_SPECIAL_REASONS,
        )
    ],
    tags={ConditionTag.INTEGRATION},
)
integration_or_attachment = condition(
    f"{P}.integration_or_attachment",
    "The integration requirement, or for an application lodged before "
    "{param:dk.family_reunification.spouse.l231_regime_from} the attachment requirement",
    REGIME_CITATION,
    any_of(all_of(applied_under_l231, integration), all_of(applied_before_l231, attachment)),
    tags={ConditionTag.INTEGRATION},
)

eligible = condition(
    P,
    "Family reunification with a spouse or partner in Denmark",
    UL_9_1_1,
    all_of(
        sponsor_category,
        both_24,
        relationship,
        no_public_assistance,
        guarantee,
        housing,
        integration_or_attachment,
        no_partner_violence,
        declaration,
        visit,
    ),
)

SPOUSE = Program(
    id=P,
    meta=ProgramMeta(
        vocabulary=GRANT,
        money=(MoneyOutput("guarantee_amount", "DKK"),),
    ),
    in_force=encoded_from(
        date(2016, 1, 1),
        UL_9_1_1,
        "spouse reunification decided before 1 January 2016",
    ),
    title="Spouse or partner family reunification (Denmark)",
    description=(
        "UL § 9, stk. 1, nr. 1: sponsor category and § 7(3) waiting period, the 24-year rule, a valid "
        "relationship, no public assistance for 3 years, the financial guarantee, housing and the "
        "housing-area "
        "bar, the integration requirement (4 of 6, S1 mandatory), no partner-violence conviction in 10 "
        "years, the integration declaration and the visit requirement."
    ),
    root=eligible,
    citation=UL_9_1_1,
    outputs={"guarantee_amount": guarantee_amount},
)

PROGRAMS = [SPOUSE]
