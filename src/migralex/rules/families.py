"""Program families: which kind of decision a program makes, as typed data (this module may know ids).

Notices and appeal routes are chosen by family, never by reading a program id. When the engine's typed
program metadata carries a family, this table is where it is read from instead.
"""

from __future__ import annotations

from enum import StrEnum

from migralex.engine import Program


class ProgramFamily(StrEnum):
    """The kind of decision a program backs."""

    FAMILY_REUNIFICATION = "family_reunification"
    ASYLUM = "asylum"
    PROTECTION_REVOCATION = "protection_revocation"
    EXPULSION = "expulsion"
    SETTLEMENT = "settlement"
    RETURN_SUPPORT = "return_support"
    OTHER = "other"


#: Every program of the packs, by id.
FAMILIES: dict[str, ProgramFamily] = {
    "dk.asylum.status": ProgramFamily.ASYLUM,
    "dk.asylum.revocation": ProgramFamily.PROTECTION_REVOCATION,
    "dk.family_reunification.spouse": ProgramFamily.FAMILY_REUNIFICATION,
    "dk.family_reunification.child": ProgramFamily.FAMILY_REUNIFICATION,
    "dk.permanent_residence": ProgramFamily.SETTLEMENT,
    "dk.expulsion": ProgramFamily.EXPULSION,
    "dk.asset_seizure": ProgramFamily.OTHER,
    "dk.repatriation_support": ProgramFamily.RETURN_SUPPORT,
    "dk.area.parallel_society": ProgramFamily.OTHER,
    "uk.family_reunion.refugee": ProgramFamily.FAMILY_REUNIFICATION,
    "uk.family.partner": ProgramFamily.FAMILY_REUNIFICATION,
    "uk.asylum.protection": ProgramFamily.ASYLUM,
    "uk.deportation": ProgramFamily.EXPULSION,
    "uk.voluntary_return": ProgramFamily.RETURN_SUPPORT,
    "uk.voluntary_return.family_pilot_2026": ProgramFamily.RETURN_SUPPORT,
    # second-round programs: no appeal route or notice template of their own is encoded yet
    "dk.departure_centre": ProgramFamily.OTHER,
    "dk.refugee_penalty_bar": ProgramFamily.OTHER,
    "dk.vulnerability_screening": ProgramFamily.OTHER,
    "uk.asylum_support": ProgramFamily.OTHER,
    "uk.deportation.deport_now_appeal_later": ProgramFamily.OTHER,
}


def family_of(program: Program | None) -> ProgramFamily:
    """The family of a program (``OTHER`` for a decision made without a program or not listed)."""
    if program is None:
        return ProgramFamily.OTHER
    return FAMILIES.get(program.id, ProgramFamily.OTHER)
