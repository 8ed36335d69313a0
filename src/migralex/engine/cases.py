"""Law-readable test cases (``tests/cases/**/*.yaml``) and the runner that checks both evaluators.

A case file::

    program: dk.family_reunification.spouse
    cases:
      - name: A sponsor aged 23 is refused on the 24-year rule
        date: 2025-03-01
        reform: null                       # optional reform id
        facts: {sponsor.birth_date: "2001-06-01", ...}
        expected:
          outcome: ineligible
          conditions: {dk.family_reunification.spouse.sponsor_age: false}
          outputs: {guarantee_amount: "57000"}
          missing_facts: [...]
        source: "Udlændingeloven § 9, stk. 1, nr. 1 - https://..."
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from migralex.engine.batch import evaluate_frame
from migralex.engine.program import Program, Reform, assess
from migralex.engine.values import Value, to_json


@dataclass
class Case:
    """One law-readable case."""

    file: Path
    name: str
    program: str
    date: date
    facts: dict[str, Any]
    outcome: str
    conditions: dict[str, Any] = field(default_factory=dict)
    outputs: dict[str, Any] = field(default_factory=dict)
    missing_facts: list[str] | None = None
    reform: str | None = None
    source: str = ""

    @property
    def test_id(self) -> str:
        """A readable pytest id."""
        return f"{self.file.parent.name}/{self.file.stem}: {self.name}"


def load_cases(path: Path) -> list[Case]:
    """Read one case file, checking its shape and naming the field at fault."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or "cases" not in raw:
        raise ValueError(f"{path}: expected a mapping with 'program' and 'cases'")
    out = []
    for i, item in enumerate(raw["cases"]):
        where = f"{path} cases[{i}]"
        for key in ("name", "date", "facts", "expected", "source"):
            if key not in item:
                raise ValueError(f"{where}: missing '{key}'")
        expected = item["expected"]
        if "outcome" not in expected:
            raise ValueError(f"{where}: expected.outcome is required")
        program = item.get("program", raw.get("program"))
        if not program:
            raise ValueError(f"{where}: no program (set it on the file or the case)")
        on = item["date"] if isinstance(item["date"], date) else date.fromisoformat(str(item["date"]))
        out.append(
            Case(
                file=path,
                name=str(item["name"]),
                program=str(program),
                date=on,
                facts=dict(item["facts"] or {}),
                outcome=str(expected["outcome"]),
                conditions=dict(expected.get("conditions") or {}),
                outputs=dict(expected.get("outputs") or {}),
                missing_facts=expected.get("missing_facts"),
                reform=item.get("reform", raw.get("reform")),
                source=str(item["source"]),
            )
        )
    return out


def _norm(value: Any) -> Any:
    """Compare YAML expectations and results alike: decimals by value, dates as ISO strings."""
    if isinstance(value, float):
        raise ValueError("write decimal expectations as strings, e.g. '57000.00'")
    if isinstance(value, Decimal):
        return value.normalize()
    if isinstance(value, str):
        try:
            return Decimal(value).normalize()
        except InvalidOperation:
            return value
    return to_json(value)


def check_case(
    case: Case,
    get_program: Callable[[str], Program],
    get_reform: Callable[[str], Reform],
) -> list[str]:
    """Run a case through both evaluators; return the list of mismatches (empty when it passes)."""
    program = get_program(case.program)
    reform = get_reform(case.reform) if case.reform else None
    facts = program.parse_facts(case.facts, reform)
    decision = assess(program, facts, case.date, reform)
    problems: list[str] = []
    if decision.outcome != case.outcome:
        problems.append(f"outcome: expected {case.outcome}, got {decision.outcome}")
    for node_id, want in case.conditions.items():
        r = decision.condition(node_id)
        if r is None:
            problems.append(f"condition {node_id}: not evaluated for this case")
        elif _norm(r.value) != _norm(want):
            problems.append(f"condition {node_id}: expected {want!r}, got {to_json(r.value)!r}")
    for name, want in case.outputs.items():
        if name not in decision.outputs:
            problems.append(f"output {name}: the program has no such output")
        elif _norm(decision.outputs[name].value) != _norm(want):
            problems.append(
                f"output {name}: expected {want!r}, got {to_json(decision.outputs[name].value)!r}"
            )
    if case.missing_facts is not None and decision.missing_facts != list(case.missing_facts):
        problems.append(f"missing_facts: expected {case.missing_facts}, got {decision.missing_facts}")
    problems.extend(_check_batch(program, reform, facts, case, decision))
    return problems


def _check_batch(
    program: Program, reform: Reform | None, facts: dict[str, Value], case: Case, decision: Any
) -> list[str]:
    """The polars evaluator must give the same outcome, node values and outputs."""
    specs = program.fact_specs(reform.replacements if reform else None)
    row = {fid: [spec.column_value(facts.get(fid))] for fid, spec in specs.items()}
    frame = pl.DataFrame(row, schema={fid: spec.polars_dtype() for fid, spec in specs.items()})
    df = evaluate_frame(
        program,
        frame,
        on=case.date,
        reforms=[reform] if reform else [],
        include_baseline=reform is None,
    )
    rec = df.row(0, named=True)
    problems = []
    if rec["outcome"] != decision.outcome:
        problems.append(f"batch outcome {rec['outcome']} differs from single-case {decision.outcome}")
    for r in decision.all_results():
        col = r.node.id
        if col in rec and _norm(rec[col]) != _norm(r.value):
            problems.append(f"batch {col} = {rec[col]!r} differs from single-case {to_json(r.value)!r}")
    return problems
