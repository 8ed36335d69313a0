"""Danish expulsion of foreign criminals by judgment: Udlændingeloven (UL) §§ 22-24 and § 26, stk. 2, as
consolidated in LBK nr. 1009 af 02/09/2024 and amended by LOV nr. 755 af 20/06/2025, with the non-refoulement
bar (UL § 31; Refugee Convention art. 33; ECHR art. 3) deciding between return and tolerated stay.

Covers decisions from 2 September 2024 (LBK 1009/2024) to date, in two regimes:

* until LOV 755/2025 (in force from 1 July 2025 on press reports; the act's commencement clause was
  not read, LBK nr. 1183 af 25/09/2025 carries the new § 22): the "step ladder", where the longer the
  lawful stay the more serious the crime needed. Only the rungs are encoded (§ 22 for more than 9 years
  of lawful residence, or more than 8 for refugees; §§ 23-24 for shorter stays). The thresholds were read
  (§ 22: 3 years, § 23: 1 year, § 24: any custodial sentence, each lower for several offences, earlier
  sentences or listed offences) but are not encoded as single numbers, so a pre-reform case with a
  sentence stays undecided on the threshold;
* from LOV 755/2025: any unconditional prison sentence leads to expulsion as the starting point, whatever the
  length of stay. The parameter ``dk.expulsion.step_ladder`` says which regime is law on the date, so the
  residence rung (``dk.expulsion.long_residence``) is only read while the ladder stands.

In both, § 26, stk. 2: expulsion unless it would "with certainty" breach Denmark's international obligations
(in practice ECHR art. 8), decided on recorded facts. An expelled person whose return would breach
non-refoulement stays on tolerated stay ("tålt ophold"), in practice at a departure centre (Kærshovedgård).
The January 2026 proposals (1 year of prison for serious crime, GPS tags) are not law and not encoded.
Primary source: Udlændingeloven, LBK nr. 1009 af 02/09/2024
(https://www.retsinformation.dk/eli/lta/2024/1009); each condition cites its provision.
"""

from __future__ import annotations

from datetime import date

from migralex.engine import (
    FactType,
    Program,
    all_of,
    any_of,
    computation,
    condition,
    fact,
    if_,
    not_,
    param,
)
from migralex.engine.meta import ConditionTag, OutcomeVocabulary, ProgramMeta
from migralex.rules import citing
from migralex.rules.citing import guidance_text, secondary_text, statute_text, travaux_text
from migralex.rules.dk.asylum import PERSON_STATUS
from migralex.rules.dk.common import (
    AGE_HEALTH_WEIGH_AGAINST_REMOVAL,
    REMOVAL_AFFECTS_CLOSE_FAMILY,
    RETURN_BREACHES_NON_REFOULEMENT,
    STRONG_TIES_TO_HOST_COUNTRY,
    WEAK_TIES_TO_COUNTRY_OF_RETURN,
    recorded,
)
from migralex.rules.meta import encoded_from

E = "dk.expulsion"

LOV_755 = (
    "https://www.lovguiden.dk/loven/lov-om-ændring-af-udlændingeloven-og-forskellige-andre-love-skærpelse-af-"
    "udvisningsreglerne-samt-indarbejdelse-af-reglerne-om-udvisning-af-udlændinge-omfattet-af-eu-reglerne-mv/1"
)
L128 = "https://ft.dk/samling/20051/lovforslag/l128/20051_l128_som_fremsat.htm"
UL_26_2 = citing.ul(
    "§ 26, stk. 2",
    (
        "Stk. 2. En udlænding skal udvises efter §§ 22-24 og 25, medmindre dette med sikkerhed vil være i "
        "strid "
        "med Danmarks internationale forpligtelser, jf. dog § 26 b."
    ),
    "After LOV nr. 755/2025 the provision refers to §§ 22-23 (§ 24 repealed); LBK nr. 1183 af 25/09/2025 § "
    "26 was "
    "not read.",
    see_also=(
        secondary_text(
            (
                "Udlændingeloven § 26, stk. 2: 'En udlænding skal udvises efter §§ 22-24 og 25, medmindre"
                " dette med sikkerhed vil være i strid med Danmarks internationale forpligtelser' (2018 "
                "wording; after LOV 755/2025 '§§ 22-23')"
            ),
            "https://www.elov.dk/udlaendingeloven/paragraf/26/",
        ),
    ),
)
DEPARTURE_CENTRE = "https://nyidanmark.dk/da/Words%20and%20Concepts%20Front%20Page/US/Housing/udrejsecenter"

# --- facts ---------------------------------------------------------------------------------------------
RESIDENCE_YEARS = fact(
    "person.lawful_residence_years",
    FactType.INT,
    "Completed years of lawful residence in the country before the judgment",
    minimum=0,
)
PRISON_DAYS = fact(
    "person.unconditional_prison_days",
    FactType.INT,
    "Length of the unconditional prison sentence in the judgment, in days (0 if the sentence is conditional "
    "or not a prison sentence)",
    minimum=0,
)
CAME_AS_CHILD = fact(
    "person.came_as_child",
    FactType.BOOL,
    "The person came to the country as a child (weighed by the Supreme Court, e.g. Levakovic)",
)
PREVIOUS_CONVICTIONS = fact(
    "person.previous_convictions",
    FactType.BOOL,
    "The person has previous convictions",
)
CERTAIN_BREACH = fact(
    "case.expulsion_certainly_breaches_international_obligations",
    FactType.BOOL,
    "Conclusion of the court: expulsion would with certainty breach Denmark's international obligations "
    "(ECHR art. 8)",
)

REFUGEE_STATUSES = ("refugee_convention", "protection_status", "temporary_protection", "quota_refugee")

# --- conditions ----------------------------------------------------------------------------------------
foreign_national = condition(
    f"{E}.foreign_national",
    "The person is not a Danish citizen",
    citing.ul(
        "§ 24",
        (
            "§ 24. Andre udlændinge kan udvises 1) af de grunde, der er nævnt i §§ 22 eller 23, eller 2) "
            "hvis "
            "udlændingen idømmes betinget eller ubetinget frihedsstraf ..."
        ),
        "§§ 22-24 apply to 'udlændinge' only (§ 24 repealed by LOV nr. 755/2025, whose § 22 again speaks of "
        "'Udlændinge').",
    ),
    PERSON_STATUS.ne("danish_citizen"),
    tags={ConditionTag.NATIONALITY},
)
long_residence = condition(
    f"{E}.long_residence",
    "Step-ladder rung of § 22: more than {param:dk.expulsion.long_residence_years} years of lawful "
    "residence, or more than {param:dk.expulsion.long_residence_years_refugee} years for a refugee "
    "(UL § 7 or § 8, stk. 1-2)",
    citing.ul(
        "§ 22, indledningen",
        (
            "§ 22. En udlænding, som har haft lovligt ophold her i landet i mere end de sidste 9 år, og en "
            "udlænding med opholdstilladelse efter § 7 eller § 8, stk. 1 eller 2, som har haft lovligt "
            "ophold her "
            "i landet i mere end de sidste 8 år, kan udvises, hvis ..."
        ),
        "The step ladder before LOV nr. 755/2025; see_also the act that introduced the 9/8-year rungs.",
        see_also=(travaux_text("Udlændingeloven § 22 as amended by L 128 (2005-06) § 1, nr. 4", L128),),
    ),
    if_(
        PERSON_STATUS.is_in(REFUGEE_STATUSES),
        param(f"{E}.long_residence_years_refugee") < RESIDENCE_YEARS,
        param(f"{E}.long_residence_years") < RESIDENCE_YEARS,
    ),
    tags={ConditionTag.RESIDENCE},
)
sentence_threshold = condition(
    f"{E}.sentence_threshold",
    "The sentence is serious enough for expulsion: once the step ladder is gone (LOV 755/2025), an "
    "unconditional prison sentence of at least {param:dk.expulsion.min_prison_days} day(s), whatever the "
    "length of stay; under the step ladder, the threshold of the person's rung of §§ 22-24 (not encoded)",
    statute_text(
        (
            "Lov nr. 755 af 20/06/2025 om ændring af udlændingeloven m.fl. (skærpelse af "
            "udvisningsreglerne), "
            "§ 1 (UL §§ 22-24)"
        ),
        "https://www.retsinformation.dk/eli/lta/2025/755",
        (
            "New § 22 read in the act and in LBK nr. 1183 af 25/09/2025. "
            + citing.DK_MIRROR_NOTE
            + " The act's commencement clause was not read; in force by 25 September 2025 at the latest."
        ),
        pinpoint="§ 1 (new UL § 22, stk. 1)",
        excerpt="§ 22. Udlændinge, der idømmes ubetinget fængselsstraf, udvises, jf. dog § 26, stk. 2.",
        verified=True,
        see_also=(
            secondary_text(
                (
                    "LOV nr. 755 af 20/06/2025 (L 180, 2024-25): any unconditional prison sentence leads to "
                    "expulsion as the starting point; the step ladder abolished"
                ),
                LOV_755,
            ),
        ),
    ),
    if_(
        param(f"{E}.step_ladder"),
        all_of(
            any_of(not_(long_residence), param(f"{E}.long_residence_min_prison_days") <= PRISON_DAYS),
            any_of(long_residence, param(f"{E}.short_residence_min_prison_days") <= PRISON_DAYS),
        ),
        param(f"{E}.min_prison_days") <= PRISON_DAYS,
    ),
    tags={ConditionTag.CRIMINALITY},
)
no_certain_breach = condition(
    f"{E}.international_obligations",
    "Expulsion would not with certainty breach Denmark's international obligations (ECHR art. 8), on the "
    "court's recorded assessment of the person's ties, family, age and health, arrival as a child and record",
    UL_26_2,
    all_of(
        recorded(STRONG_TIES_TO_HOST_COUNTRY),
        recorded(REMOVAL_AFFECTS_CLOSE_FAMILY),
        recorded(WEAK_TIES_TO_COUNTRY_OF_RETURN),
        recorded(AGE_HEALTH_WEIGH_AGAINST_REMOVAL),
        recorded(CAME_AS_CHILD),
        recorded(PREVIOUS_CONVICTIONS),
        not_(CERTAIN_BREACH),
    ),
    tags={ConditionTag.INTERNATIONAL_OBLIGATIONS},
)
expelled = condition(
    E,
    "The person shall be expelled by the judgment",
    UL_26_2,
    all_of(foreign_national, sentence_threshold, no_certain_breach),
)
return_possible = condition(
    f"{E}.return_possible",
    "Return would not breach non-refoulement (persecution, Refugee Convention art. 33; death penalty, "
    "torture or inhuman treatment, ECHR art. 3)",
    guidance_text(
        "Udlændingeloven § 31 (non-refoulement); tolerated stay for those who cannot be returned",
        DEPARTURE_CENTRE,
    ),
    not_(RETURN_BREACHES_NON_REFOULEMENT),
    tags={ConditionTag.INTERNATIONAL_OBLIGATIONS},
)
outcome_code = computation(
    f"{E}.outcome_code",
    "What follows the judgment: expel (expelled and returned), tolerated_stay (expelled, but return would "
    "breach non-refoulement: tålt ophold at a departure centre), or not_expelled",
    guidance_text(
        "Tolerated stay and departure centres (Udlændingestyrelsen, udrejsecenter)",
        DEPARTURE_CENTRE,
        pinpoint="'Målgruppen for beboere på Udrejsecenter Kærshovedgård'",
        excerpt=(
            "Målgruppen for beboere på Udrejsecenter Kærshovedgård er primært: Udlændinge, der har fået "
            "endeligt afslag på asyl, og som ikke medvirker til deres udrejse. Udlændinge, der er udvist ved "
            "dom. Udlændinge, der er på tålt ophold. ..."
        ),
        verified=True,
    ),
    if_(expelled, if_(return_possible, "expel", "tolerated_stay"), "not_expelled"),
)

EXPULSION = Program(
    id=E,
    meta=ProgramMeta(
        vocabulary=OutcomeVocabulary(
            positive="expel",
            negative="no_expulsion",
            positive_text="Expelled by the judgment",
            negative_text="Not expelled",
            positive_is_adverse=True,
        ),
    ),
    in_force=encoded_from(
        date(2024, 9, 2),
        UL_26_2,
        "expulsion under the step ladder of §§ 22-24 as consolidated before LBK nr. 1009 af 02/09/2024",
    ),
    title="Expulsion of foreign criminals by judgment (Denmark)",
    description=(
        "UL §§ 22-24, 26, stk. 2 (LBK 1009/2024, LOV 755/2025): the sentence threshold by regime, the 'with "
        "certainty' art. 8 test on recorded facts, and the non-refoulement bar that turns expulsion into "
        "tolerated stay."
    ),
    root=expelled,
    citation=UL_26_2,
    outputs={"outcome_code": outcome_code},
)

PROGRAMS = [EXPULSION]
