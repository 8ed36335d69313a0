"""Reform ``dk_areas_without_origin_criterion``: the housing-area lists without the non-Western criterion.

CJEU (Grand Chamber), 18 December 2025, C-417/23 Slagelse Almennyttige Boligselskab, Afdeling
Schackenborgvænge, ECLI:EU:C:2025:1017: the Almenboligloven rule that obliges development plans in areas
where "immigrants from non-Western countries and their descendants" have exceeded 50 % of the residents
constitutes **direct discrimination** (Directive 2000/43/EC art. 2(2)(a)) in so far as it is established that
its adoption rests on the ethnic origin of the majority of those residents; otherwise it is to be tested as
**indirect discrimination** (art. 2(2)(b)), whether it is justified and proportionate. The case went back to
Østre Landsret; no national judgment applying it was found. The pack keeps the criterion (it is the law in
force) and marks it challenged in its citation; this reform is the option of dropping it: the
parallel-society, transformation-area and prevention-area tests then rest on the socio-economic criteria
alone. It is an option for the policy lab, not a bill.
"""

from __future__ import annotations

from pathlib import Path

from migralex.engine import ParameterSet, Reform, all_of, at_least, condition, const, param
from migralex.rules.dk import parallel_society as ps
from migralex.rules.dk.common import C_417_23

A = "dk.area"

no_origin_criterion = condition(
    ps.non_western_majority.id,
    "No criterion on the residents' origin (the reform removes the non-Western share)",
    C_417_23,
    const(True),
)
prevention_without_origin = condition(
    ps.prevention.id,
    "Prevention area (forebyggelsesområde) without the origin criterion: a housing area meeting the required "
    "number of the lower-threshold criteria",
    C_417_23,
    all_of(
        ps.housing_area,
        at_least(param(f"{A}.criteria_required"), ps.p_work, ps.p_crime, ps.p_schooling, ps.p_income),
    ),
)

DK_AREAS_WITHOUT_ORIGIN_CRITERION = Reform(
    id="dk_areas_without_origin_criterion",
    title="Housing-area lists without the non-Western criterion (option after CJEU C-417/23)",
    description=(
        "Drops the share of immigrants and descendants from non-Western countries from the parallel-society "
        "(Almenboligloven § 61 a, stk. 2) and prevention-area (§ 61 b) tests, after the CJEU held on 18 "
        "December 2025 (C-417/23) that the criterion is direct discrimination on ethnic origin if the law "
        "rests on it, and otherwise must pass the indirect-discrimination test. An option, not a bill."
    ),
    base="dk",
    status="proposed",
    citation=C_417_23,
    parameters=ParameterSet(),
    replacements={
        no_origin_criterion.id: no_origin_criterion,
        prevention_without_origin.id: prevention_without_origin,
    },
    programs=(ps.P,),
    source_files=(Path(__file__),),
)

REFORMS = [DK_AREAS_WITHOUT_ORIGIN_CRITERION]
