"""What a notice says, built from a stored decision: decision, reasons, safeguards, appeal, next steps.

Everything here comes from the decision exactly as stored (facts, explanation tree, rule pack, reform,
safeguards) and from the appeal route; nothing is re-evaluated. Wording and language are the templates'
job (:mod:`migralex.notices.render`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from migralex.engine import Program
from migralex.rules.appeals import AppealRoute
from migralex.rules.families import ProgramFamily

#: Families whose programs give ``eligible`` when the adverse measure applies (expulsion, revocation).
MEASURE_FAMILIES = frozenset({ProgramFamily.EXPULSION, ProgramFamily.PROTECTION_REVOCATION})


@dataclass(frozen=True)
class FactLine:
    """A fact a condition read: its id, label (as the rule pack words it), type and stored value."""

    id: str
    label: str
    type: str
    value: Any
    unit: str = ""


@dataclass(frozen=True)
class ValueLine:
    """A dated parameter value a condition applied, with its source."""

    value: Any
    unit: str
    status: str
    since: str
    source: dict[str, str]


@dataclass(frozen=True)
class Reason:
    """One deciding condition: what it requires, whether it holds, the facts and law it rests on."""

    id: str
    label: str
    holds: bool
    facts: tuple[FactLine, ...]
    values: tuple[ValueLine, ...]
    citation: dict[str, str]
    #: the label as the rule pack writes it, when it names parameters (``{param:ID}``) filled in ``label``
    label_template: str = ""
    #: parameter id -> value used, to fill ``label_template`` in another language
    parameter_values: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class NoticeContent:
    """Everything a notice states, independent of language and format."""

    decision_id: int
    case_reference: str
    addressee: str
    kind: str
    outcome: str | None
    adverse: bool
    decision_date: date
    notified_on: date
    program_id: str | None
    program_title: str
    family: ProgramFamily
    reasons: tuple[Reason, ...]
    safeguards: tuple[dict[str, Any], ...]
    route: AppealRoute
    next_steps: tuple[FactLine, ...]
    missing: tuple[FactLine, ...]
    rulepack: dict[str, str | None]
    reform: dict[str, str | None] | None
    caseworker_reasons: str
    unverified: tuple[dict[str, str], ...] = field(default_factory=tuple)


def _walk(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("children") or []:
        yield from _walk(child)


def deciding_nodes(root: dict[str, Any], measure: bool, outcome: str | None) -> list[dict[str, Any]]:
    """The conditions that decide a stored outcome.

    A refusal (``ineligible``): the deepest false conditions reached from the root through false ones,
    as :meth:`migralex.engine.Decision.deciding_failures` does on a live decision. A measure that applies
    (``eligible`` in an expulsion or revocation family) or a grant: the root's conditions, which all hold.
    """
    if outcome == "ineligible":
        out: dict[str, dict[str, Any]] = {}

        def walk(n: dict[str, Any]) -> None:
            failing = [
                c for c in n.get("children") or [] if c.get("result") is False and c["kind"] == "condition"
            ]
            if not failing:
                out.setdefault(n["id"], n)
            for c in failing:
                walk(c)

        walk(root)
        return list(out.values())
    if outcome == "eligible":
        held = [c for c in root.get("children") or [] if c["kind"] == "condition" and c.get("result") is True]
        return held if (measure or held) else [root]
    return []


def _fact_lines(ids: Any, facts: dict[str, Any], program: Program | None) -> tuple[FactLine, ...]:
    specs = program.fact_specs() if program else {}
    out = []
    for fid in ids:
        spec = specs.get(fid)
        out.append(
            FactLine(
                fid,
                spec.label if spec else fid,
                spec.type.value if spec else "code",
                facts.get(fid),
                spec.unit if spec else "",
            )
        )
    return tuple(out)


def _reason(node: dict[str, Any], facts: dict[str, Any], program: Program | None) -> Reason:
    values = tuple(
        ValueLine(p.get("value"), p.get("unit", ""), p["status"], p["from"], p["source"])
        for p in (node.get("parameters") or {}).values()
    )
    return Reason(
        id=node["id"],
        label=node["label"],
        holds=node.get("result") is True,
        facts=_fact_lines(sorted(node.get("facts") or {}), facts, program),
        values=values,
        citation=node["citation"],
        label_template=node.get("label_template", ""),
        parameter_values=tuple(
            (key.split("@", 1)[0], p.get("value")) for key, p in (node.get("parameters") or {}).items()
        ),
    )


def build(
    *,
    decision: Any,
    case_reference: str,
    addressee: str,
    notified_on: date,
    program: Program | None,
    family: ProgramFamily,
    route: AppealRoute,
) -> NoticeContent:
    """The content of the notice of a stored casework decision (a ``cw_decision`` row)."""
    result: dict[str, Any] = decision.result or {}
    roots = result.get("conditions") or []
    # a program whose positive outcome is the adverse measure (its typed vocabulary, else its family)
    measure = bool(program and program.meta.vocabulary.positive_is_adverse) or family in MEASURE_FAMILIES
    nodes = deciding_nodes(roots[0], measure, decision.outcome) if roots else []
    reasons = tuple(_reason(n, decision.facts or {}, program) for n in nodes)
    # what the person can do next: documents on each fact a refusal rests on
    step_ids: dict[str, None] = {}
    if decision.adverse:
        for r in reasons:
            for f in r.facts:
                step_ids.setdefault(f.id, None)
    unverified: dict[str, dict[str, str]] = {}
    for r in reasons:
        for v in r.values:
            if v.status != "in_force":
                unverified.setdefault(v.source.get("citation", ""), v.source)
    if route.unverified:
        for c in route.citations:
            unverified.setdefault(c.text, c.as_dict())
    title = (program.title if program else None) or str(decision.program_id or "")
    pack = {
        "id": decision.rulepack_id,
        "version": decision.rulepack_version,
        "hash": decision.rulepack_hash,
    }
    reform = {"id": decision.reform_id, "hash": decision.reform_hash} if decision.reform_id else None
    return NoticeContent(
        decision_id=decision.id,
        case_reference=case_reference,
        addressee=addressee,
        kind=decision.kind,
        outcome=decision.outcome,
        adverse=decision.adverse,
        decision_date=decision.decision_date,
        notified_on=notified_on,
        program_id=decision.program_id,
        program_title=title,
        family=family,
        reasons=reasons,
        safeguards=tuple(decision.safeguards or ()),
        route=route,
        next_steps=_fact_lines(step_ids, decision.facts or {}, program),
        missing=_fact_lines(result.get("missing_facts") or [], decision.facts or {}, program),
        rulepack=pack,
        reform=reform,
        caseworker_reasons=decision.reasons or "",
        unverified=tuple(unverified.values()),
    )
