"""The registry of rule packs, programs and reforms: what ``migralex programs`` lists.

Packs are built once per process, on first use.
"""

from __future__ import annotations

import importlib
from functools import cache

from migralex.engine import Program, Reform, RulePack
from migralex.engine.errors import UnknownProgramError

#: Pack modules: each exposes ``build_pack()``.
PACKS = ["migralex.rules.dk", "migralex.rules.uk"]
#: Reform modules: each exposes ``REFORMS`` (a list of ``Reform``).
REFORM_MODULES: list[str] = [
    "migralex.rules.reforms.uk_adopts_dk_family_reunion",
    "migralex.rules.reforms.uk_core_protection_2025",
    "migralex.rules.reforms.dk_areas_without_origin_criterion",
    "migralex.rules.reforms.uk_bsai_2025_sexual_offences",
]


@cache
def packs() -> dict[str, RulePack]:
    """All rule packs by id."""
    out: dict[str, RulePack] = {}
    for name in PACKS:
        pack: RulePack = importlib.import_module(name).build_pack()
        out[pack.id] = pack
    return out


@cache
def reforms() -> dict[str, Reform]:
    """All reforms by id."""
    out: dict[str, Reform] = {}
    for name in REFORM_MODULES:
        for reform in importlib.import_module(name).REFORMS:
            out[reform.id] = reform
    return out


def programs() -> dict[str, Program]:
    """All programs of all packs, by id."""
    return {pid: p for pack in packs().values() for pid, p in pack.programs.items()}


def get_program(program_id: str) -> Program:
    """A program by id, or :class:`UnknownProgramError` listing the known ones."""
    found = programs().get(program_id)
    if found is None:
        known = ", ".join(sorted(programs()))
        raise UnknownProgramError(f"unknown program {program_id!r}; known programs: {known}")
    return found


def get_reform(reform_id: str) -> Reform:
    """A reform by id, or :class:`UnknownProgramError` listing the known ones."""
    found = reforms().get(reform_id)
    if found is None:
        known = ", ".join(sorted(reforms())) or "none"
        raise UnknownProgramError(f"unknown reform {reform_id!r}; known reforms: {known}")
    return found
