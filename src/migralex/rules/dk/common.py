"""Facts, codes and citations shared by several Danish programs (this module has no program of its own).

Fact ids are generic (``person.*``, ``sponsor.*``, ``applicant.*``, ``case.*``) so that one case file can be
judged under several rule packs; what is Danish about a fact is in its label, never in its id.
"""

from __future__ import annotations

from migralex.engine import Expr, FactType, fact
from migralex.engine import recorded as engine_recorded
from migralex.engine.citations import case_law, secondary
from migralex.rules import citing
from migralex.rules.citing import case_text, secondary_text, statute_text, travaux_text

#: Citizenship or residence status codes, shared by every fact ``<role>.residence_status``.
RESIDENCE_STATUSES = (
    "danish_citizen",
    "nordic_citizen",
    "permanent_resident",
    "refugee_convention",  # UL § 7, stk. 1
    "protection_status",  # UL § 7, stk. 2
    "quota_refugee",  # UL § 8
    "temporary_protection",  # UL § 7, stk. 3
    "other",
)
#: Statuses that are protection permits under UL § 7.
SECTION_7_STATUSES = ("refugee_convention", "protection_status", "temporary_protection")

#: Highest Danish test passed ("Prøve i Dansk" 1-3; each level includes an equivalent or higher test).
DANISH_TEST_LEVELS = ("none", "pd1", "pd2", "pd3")

# --- citations used by several modules -----------------------------------------------------------
UL = "https://www.retsinformation.dk/eli/lta/2024/1009"
UL_26 = statute_text(
    "Udlændingeloven § 26 (proportionality; pre-LOV 755/2025 consolidated wording)",
    citing.UL,
    see_also=(
        secondary_text(
            "Udlændingeloven § 26 (proportionality; pre-LOV 755/2025 consolidated wording)",
            "https://www.elov.dk/udlaendingeloven/paragraf/26/",
        ),
    ),
)
ECHR_8_PRACTICE = travaux_text(
    "ECHR art. 8 assessment as applied under UL § 26, stk. 2: ministry answer to B 191 (2020-21)",
    "https://eu.dk/samling/20201/beslutningsforslag/B191/spm/3/svar/1786845/2402300/index.htm",
)

# --- the personal circumstances weighed before revocation or removal (UL § 26, stk. 1, nr. 1-6) ------
STRONG_TIES_TO_HOST_COUNTRY = fact(
    "person.strong_ties_to_host_country",
    FactType.BOOL,
    "The person's attachment to the society of the country of residence is strong (UL § 26, stk. 1, nr. 1)",
    "Recorded by the caseworker or court: true or false once assessed; leave out until assessed.",
)
AGE_HEALTH_WEIGH_AGAINST_REMOVAL = fact(
    "person.age_health_weigh_against_removal",
    FactType.BOOL,
    "The person's age, health or other personal circumstances weigh against removal (UL § 26, stk. 1, nr. 2)",
)
TIES_TO_PERSONS_IN_HOST_COUNTRY = fact(
    "person.ties_to_persons_in_host_country",
    FactType.BOOL,
    "The person has ties to persons living in the country of residence (UL § 26, stk. 1, nr. 3)",
)
REMOVAL_AFFECTS_CLOSE_FAMILY = fact(
    "person.removal_affects_close_family",
    FactType.BOOL,
    "Removal would have consequences for close family members living in the country of residence, "
    "including family unity (UL § 26, stk. 1, nr. 4)",
)
WEAK_TIES_TO_COUNTRY_OF_RETURN = fact(
    "person.weak_ties_to_country_of_return",
    FactType.BOOL,
    "The person has no or only weak ties to the home country or other country of likely residence "
    "(UL § 26, stk. 1, nr. 5)",
)
OTHER_RISK_OF_HARM_ON_RETURN = fact(
    "person.other_risk_of_harm_on_return",
    FactType.BOOL,
    "The person risks harm in the home country other than under UL § 7, stk. 1-2 (UL § 26, stk. 1, nr. 6)",
)
RETURN_BREACHES_NON_REFOULEMENT = fact(
    "person.return_breaches_non_refoulement",
    FactType.BOOL,
    "Return would expose the person to persecution (Refugee Convention art. 33) or to death penalty, torture "
    "or inhuman or degrading treatment (ECHR art. 3): the non-refoulement check (UL § 31)",
    "Recorded by the authority; leave out until the check is made (return is then undecided).",
)


def recorded(item: Expr) -> Expr:
    """True once a fact has been recorded (either way), unknown while it is not (the engine's ``recorded``).

    Used for the inputs of an individual assessment that must never be skipped: the assessment stays
    unknown until every input is on file, and ``missing_facts`` lists the ones still to record.
    """
    return engine_recorded(item)


#: The exception to the 24-year rule (spouses; also read by the UK reform that adopts the Danish rule).
AGE_24_EXCEPTION = statute_text(
    "Udlændingeloven § 9, stk. 1, nr. 1 (exceptions)",
    citing.UL,
    see_also=(
        secondary_text(
            "Udlændingeloven § 9, stk. 1, nr. 1 (exceptions) [S: advokat-ll.dk]",
            "https://advokat-ll.dk/privatret/udlaendingeret/familiesammenfoering/",
        ),
    ),
)
#: ECtHR M.A. v. Denmark: exceptional circumstances shorten the § 7(3) waiting period (spouses and children).
MA_V_DENMARK = case_text(
    "ECtHR (GC) M.A. v. Denmark, no. 6697/18, 9 July 2021 (art. 8: an individual assessment of the waiting "
    "period)",
    "https://hudoc.echr.coe.int/eng?i=001-211178",
    see_also=(
        secondary_text(
            "Council of Europe, execution of M.A. v. Denmark: 2 years 'except in certain exceptional "
            "circumstances'",
            "https://coe.int/pl/web/execution/recent-achievements/-/asset_publisher/8LSjbtK8AR4u/content/"
            "denmark-amends-family-reunification-rules-following-echr-judgment",
        ),
    ),
)

#: CJEU C-417/23 (18 Dec 2025): the status of the non-Western criterion of Almenboligloven § 61 a, stk. 2.
C_417_23 = case_law(
    "CJEU (Grand Chamber), judgment of 18 December 2025, C-417/23 Slagelse Almennyttige Boligselskab, "
    "Afdeling Schackenborgvænge and Others, ECLI:EU:C:2025:1017",
    "operative part (Directive 2000/43/EC art. 2(2)(a) and (b))",
    "https://fra.europa.eu/it/caselaw-reference/cjeu-case-c-41723-judgment",
    excerpt=(
        "... national legislation laying down an obligation to adopt development plans designed to reduce "
        "the "
        "percentage of public family housing units in residential areas that are characterised, inter "
        "alia, by "
        "the fact that, during the last five years, the proportion of 'immigrants from non-Western countries "
        "and their descendants' residing in those areas has exceeded 50%: - constitutes direct "
        "discrimination, "
        "within the meaning of Article 2(2)(a), in so far as it is established that the adoption of that "
        "national legislation is based on the ethnic origin of the majority of ..."
    ),
    verified=True,
    checked_on=citing.CHECKED,
    note=(
        "Operative part read on the EU Agency for Fundamental Rights case-law page (the curia.europa.eu "
        "text was not opened); the excerpt breaks off where the stored page does, so the "
        "indirect-discrimination limb is stated from the judgment's summary in the project issue."
    ),
    see_also=(
        secondary(
            "Verfassungsblog, 'When Context Disappears: A Critique of the CJEU's Judgment in Slagelse "
            "Almennyttige Boligselskab, Afdeling Schackenborgvænge'",
            "https://verfassungsblog.de/when-context-disappears",
            checked_on=citing.CHECKED,
        ),
    ),
)
