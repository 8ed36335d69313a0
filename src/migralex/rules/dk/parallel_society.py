"""Danish housing-area lists ("parallel societies"): Almenboligloven (lov om almene boliger) § 61 a and
§ 61 b, as consolidated in LBK nr. 1171 af 11/11/2024. Here the "case" is a public housing area (facts
``area.*``).

Covers the lists published from 1 December 2021 (the first with prevention areas, introduced by L 23
(2021-22) together with the terms "parallel society" and "transformation area") to date:

* housing area (§ 61 a, stk. 3): contiguous cadastral units owned by public housing departments in 2010,
  with at least 1,000 residents;
* vulnerable area (stk. 1): at least 2 of 4 criteria (no work or education > 40 %; convictions >= 3 x the
  national average; basic schooling only > 60 %; income < 55 % of the regional average);
* parallel society (stk. 2): a vulnerable area where immigrants and descendants from non-Western countries are
  more than 50 % of the residents;
* transformation area (stk. 4): a parallel society in each of the last 5 years;
* prevention area (§ 61 b): non-Western share > 30 % and at least 2 of 4 criteria with lower thresholds.

The CJEU ruled in C-417/23 (December 2025) that the rules can amount to discrimination on ethnic origin and
left the assessment to Østre Landsret: the non-Western share is a dated parameter a reform can change.
Lists before December 2021 (the "ghetto lists" of 2010-2020) are not encoded. Each condition
cites its provision; the CJEU judgment is cited on the non-Western criterion.
"""

from __future__ import annotations

from datetime import date

from migralex.engine import (
    FactType,
    Program,
    all_of,
    at_least,
    computation,
    condition,
    fact,
    if_,
    param,
)
from migralex.engine.citations import Citation
from migralex.engine.meta import OutcomeVocabulary, ProgramMeta
from migralex.rules import citing
from migralex.rules.citing import secondary_text, statute_text, travaux_text
from migralex.rules.dk.common import C_417_23
from migralex.rules.meta import encoded_from

A = "dk.area"
P = "dk.area.parallel_society"

S61A = "https://danskelove.dk/almenboligloven/61a"
S61B = "https://www.lovguiden.dk/loven/almenboligloven/61b"
L23 = "https://ft.dk/samling/20211/lovforslag/l23/20211_l23_som_fremsat.htm"

#: Almenboligloven (LBK nr. 1171 af 11/11/2024) §§ 61 a-61 b, the words read for each pinpoint.
ABL_TEXT = {
    "§ 61 a, stk. 3": (
        "Stk. 3. Ved et boligområde nævnt i stk. 1 og 2 forstås fysisk sammenhængende matrikelnumre, som "
        "i 2010 var ejet af almene boligafdelinger og havde sammenlagt mindst 1.000 beboere."
    ),
    "§ 61 a, stk. 1, nr. 1": (
        "1) Andelen af beboere i alderen 18-64 år, der er uden tilknytning til arbejdsmarked eller "
        "uddannelse, overstiger 40 pct. opgjort som gennemsnittet over de seneste 2 år."
    ),
    "§ 61 a, stk. 1, nr. 2": (
        "2) Andelen af beboere dømt for overtrædelse af straffeloven, våbenloven eller lov om "
        "euforiserende stoffer udgør mindst tre gange landsgennemsnittet opgjort som gennemsnittet over "
        "de seneste 2 år."
    ),
    "§ 61 a, stk. 1, nr. 3": (
        "3) Andelen af beboere i alderen 30-59 år, der alene har en grundskoleuddannelse, overstiger 60 pct."
    ),
    "§ 61 a, stk. 1, nr. 4": (
        "4) Den gennemsnitlige bruttoindkomst for skattepligtige i alderen 15-64 år i området eksklusive "
        "uddannelsessøgende udgør mindre end 55 pct. af den gennemsnitlige bruttoindkomst for samme "
        "gruppe i regionen."
    ),
    "§ 61 a, stk. 1 and 3": (
        "§ 61 a. Ved et udsat boligområde forstås et område, hvor mindst to af følgende kriterier er "
        "opfyldt: ..."
    ),
    "§ 61 a, stk. 2": (
        "Stk. 2. Ved et parallelsamfund forstås et boligområde, hvor andelen af indvandrere og "
        "efterkommere fra ikkevestlige lande overstiger 50 pct., og hvor mindst to af kriterierne i stk. "
        "1 er opfyldt."
    ),
    "§ 61 a, stk. 4": (
        "Stk. 4. Ved et omdannelsesområde forstås et boligområde, som de seneste 5 år har opfyldt "
        "betingelserne i stk. 2."
    ),
    "§ 61 b, nr. 1": (
        "1) Andelen af beboere i alderen 18-64 år, der er uden tilknytning til arbejdsmarked eller "
        "uddannelse, overstiger 30 pct. opgjort som gennemsnittet over de seneste 2 år."
    ),
    "§ 61 b, nr. 2": (
        "2) Andelen af beboere dømt for overtrædelse af straffeloven, våbenloven eller lov om "
        "euforiserende stoffer udgør mindst to gange landsgennemsnittet opgjort som gennemsnittet over "
        "de seneste 2 år."
    ),
    "§ 61 b, nr. 3": (
        "3) Andelen af beboere i alderen 30-59 år, der alene har en grundskoleuddannelse, overstiger 60 pct."
    ),
    "§ 61 b, nr. 4": (
        "4) Den gennemsnitlige bruttoindkomst for skattepligtige i alderen 15-64 år i området eksklusive "
        "uddannelsessøgende udgør mindre end 65 pct. af den gennemsnitlige bruttoindkomst for samme "
        "gruppe i regionen."
    ),
    "§ 61 b": (
        "§ 61 b. Ved et forebyggelsesområde forstås et boligområde, jf. § 61 a, stk. 3, hvor andelen af "
        "indvandrere og efterkommere fra ikkevestlige lande overstiger 30 pct., og hvor mindst to af "
        "følgende kriterier er opfyldt: ..."
    ),
    "§ 61 a, stk. 5": (
        "Stk. 5. Social- og boligministeren offentliggør den 1. december hvert år, hvilke områder der "
        "opfylder betingelserne i stk. 1, 2 og 4 og § 61 b."
    ),
}


def _abl(title: str, pinpoint: str, *, see_also: tuple[Citation, ...]) -> Citation:
    """A verified citation of Almenboligloven at a pinpoint, with the words read there."""
    return citing.dk_statute(
        title,
        citing.ALMENBOLIGLOVEN,
        "LBK nr. 1171 af 11/11/2024",
        pinpoint,
        ABL_TEXT[pinpoint],
        see_also=see_also,
    )


# --- facts ---------------------------------------------------------------------------------------------
PUBLIC_HOUSING = fact(
    "area.public_housing_area",
    FactType.BOOL,
    "The area is made of physically contiguous cadastral units owned in 2010 by public housing departments "
    "(or a split or extension approved by the minister)",
)
RESIDENTS = fact("area.residents", FactType.INT, "Number of residents", minimum=0)
OUTSIDE_WORK = fact(
    "area.share_outside_work_or_education",
    FactType.DECIMAL,
    "Share of residents aged 18-64 with no attachment to the labour market or education, average of the last "
    "2 years",
    unit="%",
    minimum=0,
)
CONVICTIONS = fact(
    "area.conviction_rate_ratio",
    FactType.DECIMAL,
    "Share of residents convicted under the Criminal Code, the Weapons Act or the Euphoriant Substances Act, "
    "as a multiple of the national average, average of the last 2 years",
    unit="x national average",
    minimum=0,
)
BASIC_SCHOOLING = fact(
    "area.share_basic_schooling_only",
    FactType.DECIMAL,
    "Share of residents aged 30-59 whose only education is basic schooling (grundskole)",
    unit="%",
    minimum=0,
)
INCOME = fact(
    "area.income_share_of_regional_average",
    FactType.DECIMAL,
    "Average gross income of taxpayers aged 15-64 (students excluded) as a share of the regional average for "
    "the same group",
    unit="% of the regional average",  # a ratio that may exceed 100, not a share of a whole
    minimum=0,
)
NON_WESTERN = fact(
    "area.share_non_western",
    FactType.DECIMAL,
    "Share of residents who are immigrants or descendants from non-Western countries",
    unit="%",
    minimum=0,
)
PRIOR_YEARS = fact(
    "area.prior_consecutive_parallel_society_years",
    FactType.INT,
    "Number of consecutive years immediately before this year's list in which the area met the "
    "parallel-society criteria (§ 61 a, stk. 2)",
    minimum=0,
)

# --- conditions ----------------------------------------------------------------------------------------
housing_area = condition(
    f"{A}.housing_area",
    "A public housing area of at least {param:dk.area.min_residents} residents",
    _abl(
        "Almenboligloven § 61 a, stk. 3",
        "§ 61 a, stk. 3",
        see_also=(secondary_text("Almenboligloven § 61 a, stk. 3", S61A),),
    ),
    all_of(PUBLIC_HOUSING, param(f"{A}.min_residents") <= RESIDENTS),
)
v_work = condition(
    f"{A}.vulnerable.outside_work_or_education",
    "Criterion 1: more than {param:dk.area.vulnerable.outside_work_share} % of residents aged 18-64 outside "
    "work and education (2-year average)",
    _abl(
        "Almenboligloven § 61 a, stk. 1, nr. 1",
        "§ 61 a, stk. 1, nr. 1",
        see_also=(secondary_text("Almenboligloven § 61 a, stk. 1, nr. 1", S61A),),
    ),
    param(f"{A}.vulnerable.outside_work_share") < OUTSIDE_WORK,
)
v_crime = condition(
    f"{A}.vulnerable.convictions",
    "Criterion 2: convictions at least {param:dk.area.vulnerable.conviction_ratio} times the national "
    "average (2-year average)",
    _abl(
        "Almenboligloven § 61 a, stk. 1, nr. 2",
        "§ 61 a, stk. 1, nr. 2",
        see_also=(secondary_text("Almenboligloven § 61 a, stk. 1, nr. 2", S61A),),
    ),
    param(f"{A}.vulnerable.conviction_ratio") <= CONVICTIONS,
)
v_schooling = condition(
    f"{A}.vulnerable.basic_schooling",
    "Criterion 3: more than {param:dk.area.vulnerable.basic_schooling_share} % of residents aged 30-59 with "
    "basic schooling only",
    _abl(
        "Almenboligloven § 61 a, stk. 1, nr. 3",
        "§ 61 a, stk. 1, nr. 3",
        see_also=(secondary_text("Almenboligloven § 61 a, stk. 1, nr. 3", S61A),),
    ),
    param(f"{A}.vulnerable.basic_schooling_share") < BASIC_SCHOOLING,
)
v_income = condition(
    f"{A}.vulnerable.income",
    "Criterion 4: average gross income below {param:dk.area.vulnerable.income_share} % of the regional "
    "average",
    _abl(
        "Almenboligloven § 61 a, stk. 1, nr. 4",
        "§ 61 a, stk. 1, nr. 4",
        see_also=(secondary_text("Almenboligloven § 61 a, stk. 1, nr. 4", S61A),),
    ),
    param(f"{A}.vulnerable.income_share") > INCOME,
)
vulnerable = condition(
    f"{A}.vulnerable",
    "Vulnerable housing area (udsat boligområde): a housing area meeting at least "
    "{param:dk.area.criteria_required} of the 4 criteria",
    _abl(
        "Almenboligloven § 61 a, stk. 1 and 3",
        "§ 61 a, stk. 1 and 3",
        see_also=(secondary_text("Almenboligloven § 61 a, stk. 1 and 3", S61A),),
    ),
    all_of(housing_area, at_least(param(f"{A}.criteria_required"), v_work, v_crime, v_schooling, v_income)),
)
non_western_majority = condition(
    f"{P}.non_western_share",
    "More than {param:dk.area.parallel_society.non_western_share} % of residents are immigrants or "
    "descendants from non-Western countries",
    _abl(
        "Almenboligloven § 61 a, stk. 2 - CHALLENGED: CJEU C-417/23 (18 December 2025) holds the criterion "
        "direct discrimination on ethnic origin if the law rests on it, otherwise subject to the "
        "indirect-discrimination test; pending before Østre Landsret",
        "§ 61 a, stk. 2",
        see_also=(
            C_417_23,
            secondary_text("Almenboligloven § 61 a, stk. 2 (danskelove.dk copy)", S61A),
        ),
    ),
    param(f"{P}.non_western_share") < NON_WESTERN,
)
parallel_society = condition(
    P,
    "Parallel society (parallelsamfund): a vulnerable housing area where more than 50 % of residents are "
    "immigrants or descendants from non-Western countries",
    _abl(
        "Almenboligloven § 61 a, stk. 2",
        "§ 61 a, stk. 2",
        see_also=(secondary_text("Almenboligloven § 61 a, stk. 2", S61A),),
    ),
    all_of(vulnerable, non_western_majority),
)
transformation = condition(
    f"{A}.transformation_area",
    "Transformation area (omdannelsesområde): the area has met the parallel-society criteria in each of the "
    "last {param:dk.area.transformation_years} years (this year and the 4 before)",
    _abl(
        "Almenboligloven § 61 a, stk. 4 (formerly 'hårdt ghettoområde'; renamed by L 23 (2021-22))",
        "§ 61 a, stk. 4",
        see_also=(
            secondary_text(
                ("Almenboligloven § 61 a, stk. 4 (formerly 'hårdt ghettoområde'; renamed by L 23 (2021-22))"),
                S61A,
            ),
        ),
    ),
    all_of(parallel_society, param(f"{A}.transformation_years") - 1 <= PRIOR_YEARS),
)
p_work = condition(
    f"{A}.prevention.outside_work_or_education",
    "Prevention criterion 1: more than {param:dk.area.prevention.outside_work_share} % of residents aged "
    "18-64 outside work and education (2-year "
    "average)",
    _abl(
        "Almenboligloven § 61 b, nr. 1",
        "§ 61 b, nr. 1",
        see_also=(secondary_text("Almenboligloven § 61 b, nr. 1", S61B),),
    ),
    param(f"{A}.prevention.outside_work_share") < OUTSIDE_WORK,
)
p_crime = condition(
    f"{A}.prevention.convictions",
    "Second prevention criterion: convictions at least {param:dk.area.prevention.conviction_ratio} times the "
    "national average (average over two years)",
    _abl(
        "Almenboligloven § 61 b, nr. 2",
        "§ 61 b, nr. 2",
        see_also=(secondary_text("Almenboligloven § 61 b, nr. 2", S61B),),
    ),
    param(f"{A}.prevention.conviction_ratio") <= CONVICTIONS,
)
p_schooling = condition(
    f"{A}.prevention.basic_schooling",
    "Prevention criterion 3: more than {param:dk.area.prevention.basic_schooling_share} % of residents aged "
    "30-59 with basic schooling only",
    _abl(
        "Almenboligloven § 61 b, nr. 3",
        "§ 61 b, nr. 3",
        see_also=(secondary_text("Almenboligloven § 61 b, nr. 3", S61B),),
    ),
    param(f"{A}.prevention.basic_schooling_share") < BASIC_SCHOOLING,
)
p_income = condition(
    f"{A}.prevention.income",
    "Prevention criterion 4: average gross income below {param:dk.area.prevention.income_share} % of the "
    "regional average",
    _abl(
        "Almenboligloven § 61 b, nr. 4",
        "§ 61 b, nr. 4",
        see_also=(secondary_text("Almenboligloven § 61 b, nr. 4", S61B),),
    ),
    param(f"{A}.prevention.income_share") > INCOME,
)
prevention = condition(
    f"{A}.prevention_area",
    "Prevention area (forebyggelsesområde): a housing area where more than "
    "{param:dk.area.prevention.non_western_share} % of residents are immigrants "
    "or descendants from non-Western countries, meeting at least {param:dk.area.criteria_required} of the 4 "
    "lower-threshold criteria",
    _abl(
        "Almenboligloven § 61 b (introduced by L 23 (2021-22))",
        "§ 61 b",
        see_also=(secondary_text("Almenboligloven § 61 b (introduced by L 23 (2021-22))", S61B),),
    ),
    all_of(
        housing_area,
        param(f"{A}.prevention.non_western_share") < NON_WESTERN,
        at_least(param(f"{A}.criteria_required"), p_work, p_crime, p_schooling, p_income),
    ),
)
classification = computation(
    f"{A}.classification",
    "The most restrictive list the area is on: transformation_area, parallel_society, vulnerable_area, "
    "prevention_area or none (an area can be on several lists; see the other outputs)",
    _abl(
        "Almenboligloven § 61 a, stk. 5: the lists are published on 1 December each year",
        "§ 61 a, stk. 5",
        see_also=(
            secondary_text(
                "Almenboligloven § 61 a, stk. 5: the lists are published on 1 December each year",
                S61A,
            ),
        ),
    ),
    if_(
        transformation,
        "transformation_area",
        if_(
            parallel_society,
            "parallel_society",
            if_(vulnerable, "vulnerable_area", if_(prevention, "prevention_area", "none")),
        ),
    ),
)

PARALLEL_SOCIETY = Program(
    id=P,
    meta=ProgramMeta(
        vocabulary=OutcomeVocabulary(
            positive="listed",
            negative="not_listed",
            positive_text="On the parallel-society list",
            negative_text="Not on the parallel-society list",
            positive_is_adverse=True,
        ),
    ),
    in_force=encoded_from(
        date(2021, 12, 1),
        travaux_text("L 23 (2021-22): the lists from 1 December 2021, with prevention areas", L23),
        "the lists of 2010-2020 (the ghetto lists) before L 23 (2021-22)",
    ),
    title="Housing-area lists: vulnerable, parallel-society, transformation and prevention areas (Denmark)",
    description=(
        "Almenboligloven §§ 61 a-61 b (lists from 1 December 2021): classifies one public housing area from "
        "its statistics. The outcome is whether it is a parallel society; the outputs give every list."
    ),
    root=parallel_society,
    citation=statute_text(
        "Almenboligloven §§ 61 a-61 b (LBK nr. 1171 af 11/11/2024)",
        citing.ALMENBOLIGLOVEN,
        see_also=(secondary_text("Almenboligloven §§ 61 a-61 b (LBK nr. 1171 af 11/11/2024)", S61A),),
    ),
    outputs={
        "classification": classification,
        "vulnerable_area": vulnerable,
        "transformation_area": transformation,
        "prevention_area": prevention,
    },
)

PROGRAMS = [PARALLEL_SOCIETY]
