"""The registry of rule packs, programs and reforms: what ``migralex programs`` lists.

Every rule pack and every reform is registered here, and only here (:data:`PACKS`,
:data:`REFORM_MODULES`). A pack is a package under ``migralex.rules`` whose ``__init__`` names its
``TITLE``, ``VERSION`` and rule ``MODULES`` (each exposing ``PROGRAMS``); its dated parameters are the
``*.yaml`` files in its ``parameters/`` folder. Packs are built once per process, on first use, and only
the packs a command needs.
"""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path

from migralex.engine import ParameterSet, Program, Reform, RulePack
from migralex.engine.errors import UnknownProgramError

#: Rule packs: pack id -> package. Program ids begin with their pack's id (``dk.asylum.status``).
PACKS: dict[str, str] = {
    "dk": "migralex.rules.dk",
    "uk": "migralex.rules.uk",
}
#: Reform modules: each exposes ``REFORMS`` (a list of ``Reform``).
REFORM_MODULES: list[str] = [
    "migralex.rules.reforms.uk_adopts_dk_family_reunion",
    "migralex.rules.reforms.uk_core_protection_2025",
    "migralex.rules.reforms.dk_areas_without_origin_criterion",
    "migralex.rules.reforms.uk_bsai_2025_sexual_offences",
]


@cache
def pack(pack_id: str) -> RulePack:
    """One rule pack, built from its package: its parameters and the programs of its modules."""
    if pack_id not in PACKS:
        raise UnknownProgramError(f"unknown rule pack {pack_id!r}; known packs: {', '.join(sorted(PACKS))}")
    package = importlib.import_module(PACKS[pack_id])
    programs: dict[str, Program] = {}
    for name in package.MODULES:
        for program in importlib.import_module(f"{package.__name__}.{name}").PROGRAMS:
            programs[program.id] = program
    here = Path(package.__file__ or "").parent
    return RulePack(
        id=pack_id,
        title=package.TITLE,
        version=package.VERSION,
        parameters=ParameterSet.load([here / "parameters"]),
        programs=programs,
        source_dir=here,
    )


def packs() -> dict[str, RulePack]:
    """All rule packs by id."""
    return {pack_id: pack(pack_id) for pack_id in PACKS}


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
    return {pid: p for rules in packs().values() for pid, p in rules.programs.items()}


def get_program(program_id: str) -> Program:
    """A program by id (building only its pack), or :class:`UnknownProgramError` listing the known ones."""
    pack_id = program_id.split(".", 1)[0]
    if pack_id in PACKS:
        found = pack(pack_id).programs.get(program_id)
        if found is not None:
            return found
    known = ", ".join(sorted(programs()))
    raise UnknownProgramError(f"unknown program {program_id!r}; known programs: {known}")


def get_reform(reform_id: str) -> Reform:
    """A reform by id, or :class:`UnknownProgramError` listing the known ones."""
    found = reforms().get(reform_id)
    if found is None:
        known = ", ".join(sorted(reforms())) or "none"
        raise UnknownProgramError(f"unknown reform {reform_id!r}; known reforms: {known}")
    return found
