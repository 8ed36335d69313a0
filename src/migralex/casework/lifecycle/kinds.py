"""Decision kinds (what each may be made on, does and needs), administrative settings, date helpers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic_core import from_json

from migralex.db.types import EncodedJSON
from migralex.engine import Decision as EngineDecision
from migralex.engine.dates import add_months as engine_add_months

#: Administrative settings (not law): review opens this many days before a permit ends;
#: tolerated stay is reviewed this often.
REVIEW_LEAD_DAYS = 90
TOLERATED_STAY_REVIEW_MONTHS = 6
PROTECTION_STATUSES = frozenset(
    {"refugee_convention", "protection_status", "temporary_protection", "quota_refugee", "protection"}
)


@dataclass(frozen=True)
class DecisionKind:
    """What a decision kind may be made on, what it does and which safeguards it needs."""

    id: str
    label: str
    case_kinds: tuple[str, ...]
    adverse: bool
    expects: str | None  # outcome a program must give (for a normal-polarity program)
    effect: str  # grant | extend | end_status | tolerated | none
    is_return: bool = False
    needs_individual: bool = False
    final: bool = True
    next_case: str | None = None


DECISION_KINDS: dict[str, DecisionKind] = {
    k.id: k
    for k in (
        DecisionKind(
            "grant",
            "Grant",
            ("asylum_claim", "family_reunification", "permanent_residence"),
            False,
            "eligible",
            "grant",
        ),
        DecisionKind(
            "refusal",
            "Refusal",
            ("asylum_claim", "family_reunification", "permanent_residence", "extension"),
            True,
            "ineligible",
            "none",
        ),
        DecisionKind(
            "extension", "Extension of the permit", ("review", "extension"), False, "eligible", "extend"
        ),
        DecisionKind(
            "revocation",
            "Revocation / non-extension",
            ("review", "extension"),
            True,
            "ineligible",
            "end_status",
            needs_individual=True,
            next_case="return",
        ),
        DecisionKind(
            "separate_accommodation",
            "Separate accommodation of a couple",
            ("asylum_claim",),
            True,
            None,
            "none",
            needs_individual=True,
            final=False,
        ),
        DecisionKind(
            "expulsion",
            "Expulsion",
            ("expulsion",),
            True,
            None,
            "end_status",
            is_return=True,
            needs_individual=True,
            next_case="return",
        ),
        DecisionKind(
            "voluntary_return",
            "Voluntary return with support",
            ("return",),
            False,
            None,
            "none",
            is_return=True,
        ),
        DecisionKind(
            "enforced_return",
            "Enforced return",
            ("return",),
            True,
            None,
            "none",
            is_return=True,
            needs_individual=True,
        ),
        DecisionKind(
            "departure_centre",
            "Placement in a departure centre",
            ("return",),
            True,
            None,
            "none",
            is_return=True,
            needs_individual=True,
            final=False,
        ),
        DecisionKind(
            "tolerated_stay",
            "Tolerated stay (tålt ophold)",
            ("return", "expulsion"),
            False,
            None,
            "tolerated",
        ),
    )
}
DEFAULT_STATUS = {
    "asylum_claim": "protection",
    "family_reunification": "family_reunification",
    "permanent_residence": "permanent_resident",
}


# --- small helpers -------------------------------------------------------------------------------
def add_years(d: date, years: int) -> date:
    """``d`` plus whole years; 29 February rounds down to 28 February (the engine's date arithmetic)."""
    return engine_add_months(d, 12 * years, "round_down")


def add_months(d: date, months: int) -> date:
    """``d`` plus whole months, rounding down to the month's last day (the engine's date arithmetic)."""
    return engine_add_months(d, months, "round_down")


def explanation(decision: EngineDecision) -> EncodedJSON:
    """The engine's decision as stored: its JSON (:meth:`~migralex.engine.Decision.to_json_bytes`, each
    citation written once per program) and that JSON's object, the same values :func:`jsonable` gives of
    :meth:`~migralex.engine.Decision.to_json`. The column stores the text as written, not encoded again.
    """
    return EncodedJSON.from_text(decision.to_json_bytes())


def jsonable(data: Any) -> Any:
    """``data`` as plain JSON types (Decimals and dates as strings), as stored.

    Written by :func:`json.dumps` (``default=str``), read back by pydantic-core's parser (about twice as
    fast on a decision's trace; the same values), or by :func:`json.loads` for text it refuses (a lone
    surrogate).
    """
    text = json.dumps(data, default=str)
    try:
        return from_json(text)
    except ValueError:
        return json.loads(text)
