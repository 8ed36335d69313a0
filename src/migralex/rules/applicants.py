"""Who a family program is for: the applicant's relation to the sponsor (this module may know ids).

A family reunification case offers the programs that decide its kind (:func:`migralex.rules.meta.decides`),
and starts on the one whose applicant relation matches the case: a spouse case on the spouse program, a
child's case on the child program. Pages ask :func:`serves_relation`; they never read a program id.
"""

from __future__ import annotations

from enum import StrEnum

from migralex.engine import Program
from migralex.rules.meta import decides


class Relation(StrEnum):
    """The applicant's relation to the sponsor (as casework records family links)."""

    SPOUSE = "spouse"
    PARTNER = "partner"
    CHILD = "child"


#: Family programs by id: the relations of the applicants they decide.
APPLICANT_RELATIONS: dict[str, frozenset[Relation]] = {
    "dk.family_reunification.spouse": frozenset({Relation.SPOUSE, Relation.PARTNER}),
    "dk.family_reunification.child": frozenset({Relation.CHILD}),
    "uk.family.partner": frozenset({Relation.SPOUSE, Relation.PARTNER}),
    "uk.family_reunion.refugee": frozenset({Relation.SPOUSE, Relation.PARTNER, Relation.CHILD}),
}


def serves_relation(program: Program, relation: Relation | None) -> bool:
    """True when ``program`` decides applications of an applicant with this relation to the sponsor."""
    return relation is not None and relation in APPLICANT_RELATIONS.get(program.id, frozenset())


def programs_for_case(programs: list[Program], case_kind: str, relation: Relation | None) -> list[Program]:
    """The programs that decide a case of ``case_kind``, the one for ``relation`` first (pack order kept)."""
    fitting = [p for p in programs if decides(p.id, case_kind)]
    return sorted(fitting, key=lambda p: not serves_relation(p, relation))
