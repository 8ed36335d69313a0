"""Reform ``uk_bsai_2025_sexual_offences``: Schedule 3 sexual offences as particularly serious crimes.

The Border Security, Asylum and Immigration Act 2025 (c. 31; Royal Assent 2 December 2025) includes the
Bill's clause 52: a conviction for an offence listed in Schedule 3 to the Sexual Offences Act 2003 (the
offences that trigger the notification requirement) is a conviction of a "particularly serious crime" for
the purposes of Refugee Convention art. 33(2), whatever the sentence. The section number in the Act and its
commencement were not found; the section was not among those commenced by 5 January 2026 (Free Movement),
so the rule is **enacted, not commenced**. Applied as a reform to ``uk.deportation``: the art. 33(2)
condition also holds for a Schedule 3 conviction of any length.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from migralex.engine import FactType, ParameterSet, Reform, all_of, any_of, condition, fact, not_, param
from migralex.engine.citations import secondary, statute
from migralex.rules.uk import deportation as dep
from migralex.rules.uk.facts import CUSTODIAL_MONTHS

CHECKED = date(2026, 11, 29)

BSAI_2025 = statute(
    "Border Security, Asylum and Immigration Act 2025 (c. 31)",
    "section inserted as Bill clause 52 (Schedule 3 sexual offences: particularly serious crime); section "
    "number UNVERIFIED",
    "https://www.legislation.gov.uk/ukpga/2025/31/contents",
    checked_on=CHECKED,
    note="Royal Assent 2 December 2025 (Free Movement; Right to Remain); commencement of this section not "
    "found.",
    see_also=(
        secondary(
            "Home Office answer to PQ 92085, 25 November 2025: 'Clause 52 ensures that convictions for "
            "Schedule 3 sexual offences will be assumed to be particularly serious for the purpose of "
            "exclusion from the Refugee Convention'",
            "https://www.parallelparliament.co.uk/question/92085/refugees-offenders",
            checked_on=CHECKED,
        ),
        secondary(
            "Free Movement, 'More of the Border Security, Asylum and Immigration Act 2025 now in force'",
            "https://freemovement.org.uk/more-of-the-border-security-asylum-and-immigration-act-2025-now-in-force",
            checked_on=CHECKED,
        ),
    ),
)

SCHEDULE_3 = fact(
    "person.convicted_of_sexual_offences_act_schedule_3_offence",
    FactType.BOOL,
    "The person has been convicted of an offence listed in Schedule 3 to the Sexual Offences Act 2003",
)

article_33_2 = condition(
    dep.particularly_serious_crime.id,
    "Refugee Convention art. 33(2) applies: a sentence of at least the threshold, or a Schedule 3 sexual "
    "offence whatever the sentence, and the presumption of danger to the community is not rebutted",
    BSAI_2025,
    all_of(
        any_of(
            all_of(
                param(f"{dep.P}.particularly_serious_crime_months") <= CUSTODIAL_MONTHS, dep.sentence_counts
            ),
            SCHEDULE_3,
        ),
        not_(dep.DANGER_REBUTTED),
    ),
)

UK_BSAI_2025_SEXUAL_OFFENCES = Reform(
    id="uk_bsai_2025_sexual_offences",
    title="Sch. 3 sexual offences as particularly serious crimes (BSAI Act 2025; enacted, not commenced)",
    description=(
        "Border Security, Asylum and Immigration Act 2025 (Royal Assent 2 December 2025), Bill clause 52: a "
        "conviction for a Sexual Offences Act 2003 Schedule 3 offence counts as a particularly serious crime "
        "under Refugee Convention art. 33(2) whatever the sentence. Enacted; commencement not found."
    ),
    base="uk",
    status="enacted",
    citation=BSAI_2025,
    parameters=ParameterSet(),
    replacements={article_33_2.id: article_33_2},
    programs=(dep.P,),
    source_files=(Path(__file__),),
)

REFORMS = [UK_BSAI_2025_SEXUAL_OFFENCES]
