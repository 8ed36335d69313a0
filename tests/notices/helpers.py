"""A stored decision (the ``cw_decision`` columns a notice reads) made from a real assessment."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from types import SimpleNamespace
from typing import Any

from migralex.casework.lifecycle import jsonable
from migralex.engine import assess
from migralex.rules.registry import get_program


def stored_decision(
    program_id: str,
    facts: dict[str, Any],
    on: date,
    kind: str,
    adverse: bool,
    safeguards: Sequence[dict[str, Any]] = (),
    reasons: str = "",
) -> Any:
    """What ``casework.lifecycle.decide`` would store for this program, facts and date."""
    program = get_program(program_id)
    decided = assess(program, program.parse_facts(facts), on)
    return SimpleNamespace(
        id=9,
        kind=kind,
        outcome=decided.outcome,
        adverse=adverse,
        decision_date=on,
        program_id=program_id,
        facts=jsonable(facts),
        result=jsonable(decided.to_json()),
        rulepack_id=program.jurisdiction,
        rulepack_version="0.1.0",
        rulepack_hash=program.pack.hash if program.pack else None,
        reform_id=None,
        reform_hash=None,
        safeguards=list(safeguards),
        reasons=reasons,
    )
