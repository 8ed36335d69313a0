"""UK automatic deportation of foreign criminals and the bars to it.

UK Borders Act 2007 ss.32-33 (automatic deportation and its exceptions), Nationality, Immigration and Asylum
Act 2002 ss.117C-117D (Article 8 in deportation cases, from 28 July 2014) and s.72 (Refugee Convention art.
33(2), "particularly serious crime": 2 years until 27 June 2022, 12 months from 28 June 2022, NABA 2022 s.38),
and ECHR art. 3. Covers decisions from 28 July 2014 to date. The Sentencing Act 2026 extension of the duty to
deport to suspended sentences is enacted but its commencement is UNVERIFIED: encoded as ``proposed``.
Primary sources: UK Borders Act 2007 ss.32-38 and NIAA 2002 ss.72, 117C (https://www.legislation.gov.uk).
"""

from __future__ import annotations

from datetime import date

from migralex.engine import (
    FactType,
    Program,
    age_on,
    all_of,
    any_of,
    condition,
    fact,
    if_,
    not_,
    param,
)
from migralex.engine.meta import ConditionTag, OutcomeVocabulary, ProgramMeta
from migralex.rules import citing
from migralex.rules.citing import secondary_text, statute_text
from migralex.rules.meta import encoded_from
from migralex.rules.uk.facts import CUSTODIAL_MONTHS, SENTENCE_SUSPENDED

P = "uk.deportation"
S32_URL = (
    "http://legislation.data.gov.uk/ukpga/2007/30/crossheading/deportation-of-criminals/data.htm?wrap=true"
)
S33_URL = "http://www.opsi.gov.uk/acts/acts2007/plain/ukpga_20070030_en_3"
S117C_URL = "https://www.legislation.gov.uk/ukpga/2002/41/section/117C"
S32 = statute_text("UK Borders Act 2007 s.32 (automatic deportation)", S32_URL)
S33 = statute_text("UK Borders Act 2007 s.33 (exceptions), as enacted", S33_URL)
S38 = statute_text(
    (
        "UK Borders Act 2007 s.38 (sentence counting; wording UNVERIFIED) and the equivalent NIAA 2002 "
        "s.117D(4): a suspended sentence does not count unless activated; consecutive sentences only "
        "adding up to the length do not count [P-text via juristeca]"
    ),
    citing.NIAA_2002_117C,
    see_also=(
        secondary_text(
            (
                "UK Borders Act 2007 s.38 (sentence counting; wording UNVERIFIED) and the equivalent NIAA"
                " 2002 s.117D(4): a suspended sentence does not count unless activated; consecutive "
                "sentences only adding up to the length do not count [P-text via juristeca]"
            ),
            (
                "https://juristeca.com/uk/upper-tribunal-immigration-and-asylum-chamber/sentencias/2015/1"
                "0/case-no-ukut-00628-iac/4-in-this-part-references-to-a-person-who-has-been-sentenced-to"
                "-a-period-of-imprisonment-of-a-certain-length-of-time-"
            ),
        ),
    ),
)
S117C = statute_text(
    (
        "Nationality, Immigration and Asylum Act 2002 s.117C (wording as quoted in Akinyemi (No. 2) "
        "[2019] EWCA Civ 2098)"
    ),
    S117C_URL,
)

# --- facts ---------------------------------------------------------------------------------------
CITIZENSHIP = fact(
    "person.citizenship",
    FactType.CODE,
    "The person's citizenship for deportation purposes",
    "british_citizen, irish_citizen, or other",
    codes=("british_citizen", "irish_citizen", "other"),
)
CONVICTED_IN_UK = fact(
    "person.convicted_in_uk",
    FactType.BOOL,
    "The person has been convicted of an offence in the United Kingdom",
)
CONSECUTIVE = fact(
    "person.sentence_length_only_by_consecutive_sentences",
    FactType.BOOL,
    "The sentence reaches its length only by adding consecutive sentences together",
)
SPECIFIED_OFFENCE = fact(
    "person.offence_specified_under_niaa_s72_4a",
    FactType.BOOL,
    "The offence is specified by order under NIAA 2002 s.72(4)(a) ('serious criminal')",
)
BIRTH_DATE = fact("person.birth_date", FactType.DATE, "The person's date of birth")
CONVICTION_DATE = fact("person.conviction_date", FactType.DATE, "Date of the conviction")
EXTRADITION = fact(
    "person.subject_to_extradition_proceedings",
    FactType.BOOL,
    "The person is subject to a certificate, arrest, warrant or authority to proceed under the Extradition "
    "Acts 1989 or 2003 (s.33(5))",
)
MENTAL_HEALTH = fact(
    "person.mental_health_order",
    FactType.BOOL,
    "A hospital, guardianship, compulsion or transfer order or direction under mental health legislation has "
    "effect (s.33(6))",
)
IA1971_EXEMPT = fact(
    "person.exempt_under_immigration_act_1971_s7_s8",
    FactType.BOOL,
    "The person is exempt from deportation under Immigration Act 1971 ss.7-8 (long-resident Commonwealth and "
    "Irish citizens, crew and other exemptions)",
)
ART3_RISK = fact(
    "removal.real_risk_of_article_3_treatment",
    FactType.BOOL,
    "Removal would expose the person to a real risk of torture or inhuman or degrading treatment (ECHR art. "
    "3)",
)
IS_REFUGEE = fact("person.is_refugee", FactType.BOOL, "The person is a refugee (Refugee Convention)")
DANGER_REBUTTED = fact(
    "person.danger_presumption_rebutted",
    FactType.BOOL,
    "The person has rebutted the presumption that they constitute a danger to the community (NIAA 2002 s.72)",
)
LAWFUL_MOST_OF_LIFE = fact(
    "person.lawfully_resident_most_of_life",
    FactType.BOOL,
    "The person has been lawfully resident in the UK for most of their life",
)
INTEGRATED = fact(
    "person.socially_and_culturally_integrated",
    FactType.BOOL,
    "The person is socially and culturally integrated in the UK",
)
OBSTACLES = fact(
    "person.very_significant_obstacles_to_integration",
    FactType.BOOL,
    "There would be very significant obstacles to the person's integration into the country of return",
)
QUALIFYING_PARTNER = fact(
    "person.relationship_with_qualifying_partner",
    FactType.BOOL,
    "The person has a genuine and subsisting relationship with a qualifying partner (British or settled)",
)
HARSH_PARTNER = fact(
    "deportation.unduly_harsh_on_partner",
    FactType.BOOL,
    "The effect of deportation on the qualifying partner would be unduly harsh",
)
QUALIFYING_CHILD = fact(
    "person.parental_relationship_with_qualifying_child",
    FactType.BOOL,
    "The person has a genuine and subsisting parental relationship with a qualifying child (under 18, and "
    "British or resident in the UK for 7 continuous years)",
)
HARSH_CHILD = fact(
    "deportation.unduly_harsh_on_child",
    FactType.BOOL,
    "The effect of deportation on the qualifying child would be unduly harsh",
)
VERY_COMPELLING = fact(
    "deportation.very_compelling_circumstances",
    FactType.BOOL,
    "There are very compelling circumstances, over and above Exceptions 1 and 2 of s.117C",
)

# --- s.32: foreign criminal ------------------------------------------------------------------------
not_british_or_irish = condition(
    f"{P}.not_british_or_irish",
    "The person is not a British citizen (nor an Irish citizen: carve-out in the current text, date "
    "UNVERIFIED)",
    statute_text(
        (
            "UK Borders Act 2007 s.32(1)(a) (revised text: 'not a British citizen [F1 or an Irish "
            "citizen]')"
        ),
        S32_URL,
    ),
    all_of(
        CITIZENSHIP.ne("british_citizen"),
        not_(all_of(CITIZENSHIP.eq("irish_citizen"), param(f"{P}.irish_citizens_excluded").eq(True))),
    ),
    tags={ConditionTag.NATIONALITY},
)
convicted = condition(
    f"{P}.convicted_in_uk",
    "The person is convicted in the United Kingdom of an offence",
    statute_text("UK Borders Act 2007 s.32(1)(b)", S32_URL),
    CONVICTED_IN_UK,
    tags={ConditionTag.CRIMINALITY},
)
sentence_counts = condition(
    f"{P}.sentence_counts",
    "The prison sentence counts: it is not suspended (or suspended sentences count on this date)",
    S38,
    any_of(not_(SENTENCE_SUSPENDED), param(f"{P}.suspended_sentences_count")),
)
condition_1 = condition(
    f"{P}.condition_1",
    "Condition 1: sentenced to a period of imprisonment of at least "
    "{param:uk.deportation.automatic_min_sentence_months} months (not only by consecutive "
    "sentences)",
    statute_text("UK Borders Act 2007 s.32(2); s.38", S32_URL),
    all_of(
        param(f"{P}.automatic_min_sentence_months") <= CUSTODIAL_MONTHS, sentence_counts, not_(CONSECUTIVE)
    ),
    tags={ConditionTag.CRIMINALITY},
)
condition_2 = condition(
    f"{P}.condition_2",
    "Condition 2: the offence is specified under NIAA 2002 s.72(4)(a) and the person is sentenced to a "
    "period of imprisonment",
    statute_text("UK Borders Act 2007 s.32(3)", S32_URL),
    all_of(SPECIFIED_OFFENCE, CUSTODIAL_MONTHS > 0, sentence_counts),
    tags={ConditionTag.CRIMINALITY},
)
foreign_criminal = condition(
    f"{P}.foreign_criminal",
    "The person is a 'foreign criminal': not British (or Irish), convicted in the UK, and Condition 1 or 2 "
    "applies",
    S32,
    all_of(not_british_or_irish, convicted, any_of(condition_1, condition_2)),
    tags={ConditionTag.CRIMINALITY},
)

# --- Article 8: s.117C ---------------------------------------------------------------------------
private_life = condition(
    f"{P}.art8.exception_1_private_life",
    "s.117C Exception 1: lawfully resident in the UK for most of life, socially and culturally integrated, "
    "and very significant obstacles to integration in the country of return",
    statute_text("NIAA 2002 s.117C(4)", S117C_URL),
    all_of(LAWFUL_MOST_OF_LIFE, INTEGRATED, OBSTACLES),
)
family_life = condition(
    f"{P}.art8.exception_2_family_life",
    "s.117C Exception 2: a genuine and subsisting relationship with a qualifying partner or parental "
    "relationship with a qualifying child, and deportation would be unduly harsh on them",
    statute_text(
        "NIAA 2002 s.117C(5); qualifying partner and child: s.117D(1) (wording UNVERIFIED)",
        S117C_URL,
    ),
    any_of(all_of(QUALIFYING_PARTNER, HARSH_PARTNER), all_of(QUALIFYING_CHILD, HARSH_CHILD)),
)
very_compelling = condition(
    f"{P}.art8.very_compelling_circumstances",
    "Very compelling circumstances over and above Exceptions 1 and 2",
    statute_text(
        "NIAA 2002 s.117C(6); available also below 4 years: KO (Nigeria) [2018] UKSC 53 [S]",
        citing.NIAA_2002_117C,
        see_also=(
            secondary_text(
                "NIAA 2002 s.117C(6); available also below 4 years: KO (Nigeria) [2018] UKSC 53 [S]",
                (
                    "https://asadakhan.wordpress.com/2019/06/30/upper-tribunals-view-of-unduly-harsh-and-"
                    "very-compelling-circumstances-tests-in-section-117c-after-ko-nigeria/"
                ),
            ),
        ),
    ),
    VERY_COMPELLING,
)
under_4_years = condition(
    f"{P}.art8.sentence_under_4_years",
    "The sentence is shorter than 4 years (Exceptions 1 and 2 are available)",
    statute_text("NIAA 2002 s.117C(3) and (6)", S117C_URL),
    param(f"{P}.art8_serious_sentence_months") > CUSTODIAL_MONTHS,
)
article_8 = condition(
    f"{P}.art8.deportation_breaches_article_8",
    "Article 8: the public interest does not require deportation (an exception applies under 4 years, or "
    "very "
    "compelling circumstances)",
    S117C,
    if_(under_4_years, any_of(private_life, family_life, very_compelling), very_compelling),
    tags={ConditionTag.INTERNATIONAL_OBLIGATIONS},
)

# --- Refugee Convention: s.72 --------------------------------------------------------------------
particularly_serious_crime = condition(
    f"{P}.refugee.article_33_2_applies",
    "Refugee Convention art. 33(2) applies: a sentence of at least the threshold (particularly serious "
    "crime) "
    "and the presumption of danger to the community is not rebutted",
    statute_text(
        (
            "NIAA 2002 s.72(2), (5A) as amended by Nationality and Borders Act 2022 s.38 (12 months from "
            "28 June 2022; 2 years before)"
        ),
        "https://legislation.gov.uk/ukpga/2022/36/section/38/data.html",
        pinpoint="s.38(3)(b), (6)",
        excerpt=(
            "In subsection (2) ... in paragraph (b), for 'two years' substitute '12 months'. ... (5A) A "
            "person convicted by a final judgment of a particularly serious crime (whether within or outside "
            "the United Kingdom) is to be presumed to constitute a danger to the community of the United "
            "Kingdom."
        ),
    ),
    all_of(
        param(f"{P}.particularly_serious_crime_months") <= CUSTODIAL_MONTHS,
        sentence_counts,
        not_(DANGER_REBUTTED),
    ),
)
refugee_bar = condition(
    f"{P}.refugee_convention_bar",
    "Removal would breach the Refugee Convention: the person is a refugee and art. 33(2) does not apply",
    statute_text("UK Borders Act 2007 s.33(2)(b); Refugee Convention art. 33", S33_URL),
    all_of(IS_REFUGEE, not_(particularly_serious_crime)),
    tags={ConditionTag.INTERNATIONAL_OBLIGATIONS},
)
echr_bar = condition(
    f"{P}.echr_bar",
    "Removal would breach the person's Convention rights: art. 3 (real risk of ill-treatment) or art. 8",
    statute_text("UK Borders Act 2007 s.33(2)(a); ECHR arts. 3 and 8", S33_URL),
    any_of(ART3_RISK, article_8),
    tags={ConditionTag.INTERNATIONAL_OBLIGATIONS},
)

# --- s.33 exceptions -----------------------------------------------------------------------------
exception_1 = condition(
    f"{P}.exception_1_convention_rights",
    "Exception 1: removal would breach the ECHR or the Refugee Convention",
    statute_text("UK Borders Act 2007 s.33(2)", S33_URL),
    any_of(echr_bar, refugee_bar),
    tags={ConditionTag.INTERNATIONAL_OBLIGATIONS},
)
exception_2 = condition(
    f"{P}.exception_2_under_18",
    "Exception 2: the person was under 18 on the date of conviction",
    statute_text("UK Borders Act 2007 s.33(3)", S33_URL),
    age_on(BIRTH_DATE, CONVICTION_DATE) < 18,
    tags={ConditionTag.AGE_LIMIT},
)
exception_4 = condition(
    f"{P}.exception_4_extradition",
    "Exception 4: the person is subject to extradition proceedings",
    statute_text("UK Borders Act 2007 s.33(5)", S33_URL),
    EXTRADITION,
)
exception_5 = condition(
    f"{P}.exception_5_mental_health",
    "Exception 5: a hospital, guardianship or transfer order under mental health legislation has effect",
    statute_text("UK Borders Act 2007 s.33(6)", S33_URL),
    MENTAL_HEALTH,
)
ia_1971 = condition(
    f"{P}.immigration_act_1971_exemption",
    "The person is exempt under Immigration Act 1971 ss.7-8",
    statute_text("UK Borders Act 2007 s.33(1)(b)", S33_URL),
    IA1971_EXEMPT,
)
exception_applies = condition(
    f"{P}.s33_exception_applies",
    "An exception to automatic deportation applies",
    S33,
    any_of(exception_1, exception_2, exception_4, exception_5, ia_1971),
)

must_deport = condition(
    P,
    "The Secretary of State must make a deportation order: the person is a foreign criminal and no exception "
    "applies",
    statute_text("UK Borders Act 2007 s.32(5) (subject to s.33)", S32_URL),
    all_of(foreign_criminal, not_(exception_applies)),
)

DEPORTATION = Program(
    id=P,
    meta=ProgramMeta(
        vocabulary=OutcomeVocabulary(
            positive="deport",
            negative="no_deportation",
            positive_text="Must be deported",
            negative_text="Is not deported",
            positive_is_adverse=True,
        ),
    ),
    in_force=encoded_from(
        date(2014, 7, 28),
        S32,
        "automatic deportation before NIAA 2002 ss.117C-117D (in force 28 July 2014)",
    ),
    title="Automatic deportation of foreign criminals (UK)",
    description=(
        "UK Borders Act 2007 s.32 (12-month sentence or specified offence), s.33 exceptions, NIAA 2002 "
        "s.117C "
        "(Exceptions 1 and 2 under 4 years; very compelling circumstances), s.72 particularly serious crime "
        "(Refugee Convention) and ECHR art. 3. 'eligible' means a deportation order must be made."
    ),
    root=must_deport,
    citation=S32,
)

PROGRAMS = [DEPORTATION]
