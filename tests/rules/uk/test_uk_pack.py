"""The UK pack and its reforms: case coverage, shared fact types, citations, parameter dates.

``tests/test_cases.py`` runs each YAML case through both evaluators; this file checks that the UK cases,
taken together, exercise every condition three ways (passes, fails, unknown) and every exception, that each
reform has a person whose outcome it changes, and that facts shared with the Danish pack keep one type.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from migralex.engine import Node, Program, Reform, assess
from migralex.engine.cases import Case, load_cases
from migralex.engine.facts import FactSpec
from migralex.rules.registry import get_program, get_reform, packs

CASES_ROOT = Path(__file__).resolve().parents[2] / "cases"
CASES: list[Case] = [
    c for d in ("uk", "reforms") for f in sorted((CASES_ROOT / d).glob("*.yaml")) for c in load_cases(f)
]
UK_PROGRAMS = sorted(packs()["uk"].programs)
REFORMS = ["uk_adopts_dk_family_reunion", "uk_core_protection_2025"]


def _seen(cases: list[Case]) -> dict[str, set[bool | None]]:
    seen: dict[str, set[bool | None]] = defaultdict(set)
    for case in cases:
        seen[case.program].add({"eligible": True, "ineligible": False}.get(case.outcome))
        for node_id, value in case.conditions.items():
            seen[node_id].add(value)
    return seen


def _gaps(nodes: list[Node], cases: list[Case]) -> list[str]:
    seen = _seen(cases)
    gaps = []
    for node in nodes:
        if node.kind != "condition":
            continue
        missing = {True, False, None} - seen.get(node.id, set())
        if missing:
            gaps.append(f"{node.id}: no case expects {sorted(map(str, missing))}")
    return gaps


def _applied(program: Program, cases: list[Case], reform: Reform | None) -> set[str]:
    applied: set[str] = set()
    for case in cases:
        if case.program != program.id or (case.reform or None) != (reform.id if reform else None):
            continue
        decision = assess(program, program.parse_facts(case.facts, reform), case.date, reform)
        for result in decision.all_results():
            applied.update(e.unless.id for e in result.exceptions if e.applied)
    return applied


@pytest.mark.parametrize("program_id", UK_PROGRAMS)
def test_every_condition_passes_fails_and_is_unknown_in_some_case(program_id: str) -> None:
    program = get_program(program_id)
    baseline = [c for c in CASES if not c.reform]
    assert not _gaps(program.nodes(), baseline), "\n".join(_gaps(program.nodes(), baseline))


@pytest.mark.parametrize("program_id", UK_PROGRAMS)
def test_every_exception_applies_in_some_case(program_id: str) -> None:
    program = get_program(program_id)
    wanted = {u.id for node in program.nodes() for u in node.unless}
    missing = wanted - _applied(program, CASES, None)
    assert not missing, f"exceptions never applied: {sorted(missing)}"


@pytest.mark.parametrize("reform_id", REFORMS)
def test_reform_nodes_are_covered(reform_id: str) -> None:
    reform = get_reform(reform_id)
    cases = [c for c in CASES if c.reform == reform_id]
    gaps: list[str] = []
    for program_id in reform.programs:
        program = get_program(program_id)
        baseline_ids = {n.id for n in program.nodes()}
        new = [n for n in program.nodes(reform.replacements) if n.id not in baseline_ids]
        replaced = [reform.replacements[i] for i in reform.replacements if i in baseline_ids]
        gaps += _gaps([n for n in new + replaced if n.kind == "condition"], cases)
        wanted = {u.id for n in new + replaced for u in n.unless}
        missing = wanted - _applied(program, cases, reform)
        gaps += [f"exception never applied: {m}" for m in sorted(missing)]
    assert not gaps, "\n".join(gaps)


@pytest.mark.parametrize("reform_id", REFORMS)
def test_reform_changes_some_outcome_or_output(reform_id: str) -> None:
    """A case file shows someone decided one way under the baseline and another way under the reform."""
    reform = get_reform(reform_id)
    flipped = []
    for case in (c for c in CASES if c.reform == reform_id):
        program = get_program(case.program)
        facts = program.parse_facts(case.facts, reform)
        base_facts = {k: v for k, v in facts.items() if k in program.fact_specs()}
        base = assess(program, base_facts, case.date)
        new = assess(program, facts, case.date, reform)
        new_outputs = {k: r.value for k, r in new.outputs.items()}
        base_outputs = {k: r.value for k, r in base.outputs.items()}
        if base.outcome != new.outcome or new_outputs != base_outputs:
            flipped.append(case.name)
    assert flipped, f"no case shows {reform_id} changing an outcome or output"


def test_every_case_cites_a_public_source() -> None:
    bad = [c.name for c in CASES if "http" not in c.source]
    assert not bad, bad


def test_every_node_and_parameter_value_cites_a_public_url() -> None:
    pack = packs()["uk"]
    reform_params = [p for r in REFORMS for p in get_reform(r).parameters]
    for param in [*pack.parameters, *reform_params]:
        for value in param.values:
            assert value.source.url.startswith("http"), f"{param.id} from {value.start}"
    programs = [*pack.programs.values()]
    for program in programs:
        for node in program.nodes():
            assert node.citation.url.startswith("http"), node.id
            for u in node.unless:
                assert u.citation.url.startswith("http"), u.id
    for reform_id in REFORMS:
        reform = get_reform(reform_id)
        assert reform.citation.url.startswith("http")
        for node in reform.replacements.values():
            assert node.citation.url.startswith("http"), node.id


def _all_fact_specs() -> dict[str, list[FactSpec]]:
    specs: dict[str, list[FactSpec]] = defaultdict(list)
    for pack in packs().values():
        for program in pack.programs.values():
            for fid, spec in program.fact_specs().items():
                specs[fid].append(spec)
    for reform_id in REFORMS:
        reform = get_reform(reform_id)
        for program_id in reform.programs:
            for fid, spec in get_program(program_id).fact_specs(reform.replacements).items():
                specs[fid].append(spec)
    return specs


def test_a_fact_id_has_one_type_across_packs_and_reforms() -> None:
    clashes = [
        f"{fid}: {sorted({s.type.value for s in specs})}"
        for fid, specs in _all_fact_specs().items()
        if len({s.type for s in specs}) > 1
    ]
    assert not clashes, clashes


def test_danish_facts_used_by_the_reform_match_the_dk_pack() -> None:
    dk_specs = {fid: s for p in packs()["dk"].programs.values() for fid, s in p.fact_specs().items()}
    reform = get_reform("uk_adopts_dk_family_reunion")
    program = get_program("uk.family_reunion.refugee")
    for fid, spec in program.fact_specs(reform.replacements).items():
        if fid in dk_specs and spec.type.value != "code":
            assert dk_specs[fid].type == spec.type, fid


def test_route_closure_is_a_suspended_value_from_4_september_2025() -> None:
    param = packs()["uk"].parameters["uk.family_reunion.refugee.route_open"]
    before = param.value_on(date(2025, 9, 3))
    after = param.value_on(date(2025, 9, 4))
    assert before is not None and before.value is True and before.status == "in_force"
    assert after is not None and after.value is False and after.status == "suspended"


def test_minimum_income_history() -> None:
    param = packs()["uk"].parameters["uk.family.partner.mir"]
    values = {(v.start.isoformat(), str(v.value), v.status) for v in param.values}
    assert ("2012-07-09", "18600", "repealed") in values
    assert ("2024-04-11", "29000", "in_force") in values


def test_twenty_year_settlement_is_only_proposed_in_the_pack() -> None:
    param = packs()["uk"].parameters["uk.asylum.protection.settlement_years"]
    twenty = [v for v in param.values if v.value == 20]
    assert twenty and all(v.status == "proposed" for v in twenty)
    in_force = param.value_on(date(2026, 6, 1))
    assert in_force is not None and in_force.value is None and in_force.status == "unverified"
