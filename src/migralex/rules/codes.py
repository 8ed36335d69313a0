"""One mapping of residence-status and relationship codes between the rule packs (dk <-> uk).

A case written for one country's rules can be judged under the other's (``migralex compare``, the policy
lab): a status code the target pack does not know becomes the *nearest* status of that pack, and a
relationship recorded under one pack's fact becomes the other pack's fact. Every translation is a stated
assumption, returned as a :class:`Translation` so that callers show it beside the result; a code with no
counterpart is left unknown rather than guessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from migralex.engine import FactSpec
from migralex.rules.dk.common import RESIDENCE_STATUSES as DK_STATUSES
from migralex.rules.uk.facts import SPONSOR_STATUSES as UK_STATUSES

#: The residence-status code list of each pack (the codes of every ``<role>.residence_status`` fact).
STATUS_CODES: dict[str, tuple[str, ...]] = {"dk": DK_STATUSES, "uk": UK_STATUSES}

#: Nearest status in the target pack for a code it does not share (codes both packs use map to themselves).
NEAREST_STATUS: dict[tuple[str, str], dict[str, str]] = {
    ("dk", "uk"): {
        "danish_citizen": "british_citizen",
        "nordic_citizen": "other",  # free movement under the Nordic passport union: no UK counterpart
        "quota_refugee": "refugee_convention",  # resettled refugees hold refugee status in the UK
        "temporary_protection": "protection_status",  # UL § 7, stk. 3 ~ humanitarian protection
    },
    ("uk", "dk"): {
        "british_citizen": "danish_citizen",
        "settled_protection_route": "permanent_resident",
        "euss_limited_leave": "other",
        "ecaa_leave": "other",
    },
}


@dataclass(frozen=True)
class FactEquivalent:
    """The same relationship recorded by a fact of one pack and a fact of another, with its code mapping."""

    source_pack: str
    source: str
    target_pack: str
    target: str
    codes: Mapping[str, str]


#: Relationship facts: Danish spouse rules (``case.relationship_type``: married / cohabiting) and UK rules
#: (Appendix FM ``relationship.type``; Appendix Family Reunion ``applicant.relationship_to_sponsor``).
RELATIONSHIPS: tuple[FactEquivalent, ...] = (
    FactEquivalent(
        "dk",
        "case.relationship_type",
        "uk",
        "relationship.type",
        {"married": "married", "cohabiting": "unmarried_partner"},
    ),
    FactEquivalent(
        "dk",
        "case.relationship_type",
        "uk",
        "applicant.relationship_to_sponsor",
        {"married": "partner", "cohabiting": "partner"},
    ),
    # a UK civil partnership, fiancé(e) or proposed civil partnership has no Danish code here: left unknown
    FactEquivalent(
        "uk",
        "relationship.type",
        "dk",
        "case.relationship_type",
        {"married": "married", "unmarried_partner": "cohabiting"},
    ),
)


@dataclass(frozen=True)
class Translation:
    """One fact carried from another pack's vocabulary: ``fact`` was ``original`` (``source`` fact)."""

    fact: str
    source: str
    original: Any
    value: Any
    note: str

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "fact": self.fact,
            "from_fact": self.source,
            "from": self.original,
            "to": self.value,
            "note": self.note,
        }

    def __str__(self) -> str:
        src = "" if self.source == self.fact else f"{self.source} = "
        return f"{self.fact}: {src}{self.original!r} -> {self.value!r} ({self.note})"


def status_pack(codes: tuple[str, ...]) -> str | None:
    """The pack whose residence-status list this is (a fact's type, never its id, says it is a status)."""
    return next((pack for pack, known in STATUS_CODES.items() if tuple(codes) == known), None)


def translate_status(code: str, target: str) -> str | None:
    """``code`` (a status of any pack) as a status of pack ``target``: itself, the nearest, or None."""
    if code in STATUS_CODES[target]:
        return code
    for (src, dst), table in NEAREST_STATUS.items():
        if dst == target and code in STATUS_CODES[src] and code in table:
            return table[code]
    return None


def translate_facts(
    raw: Mapping[str, Any], specs: Mapping[str, FactSpec]
) -> tuple[dict[str, Any], list[Translation]]:
    """``raw`` facts made readable by a program reading ``specs``: other packs' codes translated.

    A status code the program's status list lacks becomes its nearest status; a relationship recorded
    under another pack's fact fills the program's own relationship fact (a value the program already has
    is never overwritten). Facts the program does not read are passed through untouched.
    """
    out = dict(raw)
    notes: list[Translation] = []
    for fid, spec in specs.items():
        value = raw.get(fid)
        target = status_pack(spec.codes)
        if target is not None and isinstance(value, str) and value not in spec.codes:
            nearest = translate_status(value, target)
            if nearest is not None:
                out[fid] = nearest
                notes.append(Translation(fid, fid, value, nearest, f"nearest {target} status"))
    for eq in RELATIONSHIPS:
        if eq.target in specs and raw.get(eq.target) is None and raw.get(eq.source) is not None:
            mapped = eq.codes.get(raw[eq.source])
            if mapped is not None and mapped in specs[eq.target].codes:
                out[eq.target] = mapped
                note = f"{eq.source_pack} relationship read as {eq.target_pack}"
                notes.append(Translation(eq.target, eq.source, raw[eq.source], mapped, note))
    return out, notes
