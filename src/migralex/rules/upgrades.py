"""Upgraders of stored facts: a decision stored under an older fact schema re-runs on today's rules.

A rule pack that renames a fact, changes its shape (numbered slots to a list) or its unit ships a
:class:`FactUpgrade` with the pack version that introduced the change. Facts stored by an older pack
version pass, in order, through every upgrade introduced after it. Upgrades never guess: a value they
cannot carry over is left out (so the fact is unknown) and the step says so.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

#: A function from the stored facts (raw JSON values) to the facts under the new schema.
Upgrader = Callable[[Mapping[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class FactUpgrade:
    """One change of a pack's fact schema, introduced in pack ``version``, for ``programs``."""

    pack: str
    version: str
    programs: tuple[str, ...]
    summary: str
    apply: Upgrader = field(repr=False)

    def applies(self, program_id: str, stored_version: str | None) -> bool:
        """True for a decision of one of ``programs`` stored by a pack older than ``version``."""
        if program_id not in self.programs:
            return False
        return stored_version is None or version_key(stored_version) < version_key(self.version)


def version_key(version: str) -> tuple[int, ...]:
    """``"0.10.1"`` -> ``(0, 10, 1)``; a non-numeric part counts as 0."""
    return tuple(int(p) if p.isdigit() else 0 for p in version.split("."))


def pack_upgrades() -> list[FactUpgrade]:
    """Every upgrade shipped by the registered packs (each pack module's ``upgrades()``), oldest first."""
    from migralex.rules.registry import PACKS

    found: list[FactUpgrade] = []
    for package in PACKS.values():
        module = importlib.import_module(package)
        if hasattr(module, "upgrades"):
            found.extend(module.upgrades())
    return sorted(found, key=lambda u: version_key(u.version))


def upgrade_facts(
    program_id: str,
    stored_version: str | None,
    facts: Mapping[str, Any],
    upgrades: Iterable[FactUpgrade] | None = None,
) -> tuple[dict[str, Any], list[FactUpgrade]]:
    """The stored ``facts`` of ``program_id`` under today's schema, and the upgrades applied."""
    out = dict(facts)
    applied: list[FactUpgrade] = []
    for step in upgrades if upgrades is not None else pack_upgrades():
        if step.applies(program_id, stored_version):
            out = step.apply(out)
            applied.append(step)
    return out, applied


def rename(mapping: Mapping[str, str]) -> Upgrader:
    """An upgrader that renames fact ids (``{old: new}``) and keeps every value."""

    def apply(facts: Mapping[str, Any]) -> dict[str, Any]:
        return {mapping.get(k, k): v for k, v in facts.items()}

    return apply
