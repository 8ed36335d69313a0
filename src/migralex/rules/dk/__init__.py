"""Danish rule pack ``dk``: Udlændingeloven, Hjemrejseloven, Repatrieringsloven, Almenboligloven and the
Refugee Convention as applied by the Danish courts."""

from __future__ import annotations

import importlib

from migralex.rules.upgrades import FactUpgrade

TITLE = "Denmark"
VERSION = "0.2.0"

#: Rule modules of this pack; each exposes ``PROGRAMS``.
MODULES = [
    "asylum",
    "family_reunification",
    "family_reunification_child",
    "permanent_residence",
    "expulsion",
    "asset_seizure",
    "repatriation",
    "parallel_society",
    "departure_centre",
    "refugee_penalty_bar",
    "vulnerability",
]


def upgrades() -> list[FactUpgrade]:
    """Upgraders of stored facts shipped by the rule modules (see :mod:`migralex.rules.upgrades`)."""
    modules = [importlib.import_module(f"{__name__}.{name}") for name in MODULES]
    return [u for module in modules for u in getattr(module, "UPGRADES", [])]
