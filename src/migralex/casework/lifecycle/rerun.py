"""Re-running a stored decision on today's rule pack, and what changed in its explanation."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from migralex.casework import audit
from migralex.casework.errors import Conflict
from migralex.casework.lifecycle.evaluation import find_program, find_reform
from migralex.casework.lifecycle.kinds import (
    explanation,
)
from migralex.casework.messages import fact_error
from migralex.casework.models import (
    Decision,
    User,
)
from migralex.engine import assess
from migralex.engine.errors import FactError
from migralex.i18n import N_


def _flatten(result: dict[str, Any] | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """Condition results by node id, and parameter values by key, from a stored ``Decision.to_json()``."""
    conditions: dict[str, Any] = {}
    parameters: dict[str, Any] = {}

    def walk(node: dict[str, Any]) -> None:
        if "id" in node:
            conditions[str(node["id"])] = node.get("result")
        for key, value in (node.get("parameters") or {}).items():
            if isinstance(value, dict):
                parameters[key] = {k: value.get(k) for k in ("value", "status", "from", "until")}
        for child in node.get("children") or []:
            if isinstance(child, dict):
                walk(child)

    for root in (result or {}).get("conditions") or []:
        walk(root)
    for output in ((result or {}).get("outputs") or {}).values():
        if isinstance(output, dict) and isinstance(output.get("explanation"), dict):
            walk(output["explanation"])
    return conditions, parameters


def explanation_changes(stored: dict[str, Any] | None, current: dict[str, Any]) -> dict[str, Any]:
    """Which conditions and parameter values differ between a stored explanation and today's."""
    old_c, old_p = _flatten(stored)
    new_c, new_p = _flatten(current)

    def diff(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            {
                "id": key,
                "stored": old.get(key),
                "current": new.get(key),
                "only_in": ("stored" if key not in new else "current" if key not in old else None),
            }
            for key in sorted(set(old) | set(new))
            if old.get(key) != new.get(key) or (key in old) != (key in new)
        ]

    return {"conditions_changed": diff(old_c, new_c), "parameters_changed": diff(old_p, new_p)}


def rerun(session: Session, actor: User, decision: Decision) -> dict[str, Any]:
    """Re-run a stored decision on today's rule pack; the same pack hash must give an identical result.

    Facts stored under an older fact schema first pass through the pack's upgraders
    (:mod:`migralex.rules.upgrades`); the answer lists the upgrades applied and, beside same/different,
    which conditions and parameter values changed between the stored explanation and today's.
    """
    from migralex.rules.upgrades import upgrade_facts

    audit.record(session, actor, "decision.rerun", "decision", decision.id, decision.case_id)
    if not decision.program_id:
        return {
            "decision_id": decision.id,
            "stored_rulepack_hash": None,
            "current_rulepack_hash": None,
            "same_pack": True,
            "identical": True,
            "stored_outcome": None,
            "current_outcome": None,
            "facts_upgraded": [],
            "not_in_force": None,
            "conditions_changed": [],
            "parameters_changed": [],
        }
    program = find_program(decision.program_id)
    reform = find_reform(decision.reform_id, program)
    raw, steps = upgrade_facts(decision.program_id, decision.rulepack_version, decision.facts)
    try:
        facts = program.parse_facts(raw, reform)
    except FactError as exc:
        raise Conflict(
            N_(
                "decision %(id)s: stored facts do not fit today's rules after upgrading: %(problem)s",
                id=decision.id,
                problem=fact_error(exc, program.fact_specs(reform.replacements if reform else None)),
            ),
            f"facts.{exc.field}",
        ) from None
    current = explanation(assess(program, facts, decision.decision_date, reform))
    now_hash = (current.get("rulepack") or {}).get("hash")
    return {
        "decision_id": decision.id,
        "stored_rulepack_hash": decision.rulepack_hash,
        "current_rulepack_hash": now_hash,
        "same_pack": now_hash == decision.rulepack_hash,
        "identical": current == decision.result,
        "stored_outcome": decision.outcome,
        "current_outcome": current.get("outcome"),
        "facts_upgraded": [f"{s.pack} {s.version}: {s.summary}" for s in steps],
        "not_in_force": current.get("not_in_force"),
        **explanation_changes(decision.result, current),
    }
