"""Danish rule pack ``dk``: Udlændingeloven and related acts, as encoded from shared/research/dk-rules.md."""

from __future__ import annotations

TITLE = "Denmark"
VERSION = "0.1.0"

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
]

