"""Facts and evaluation: the program and reform named, facts the database knows, running the rules."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from migralex.casework.errors import InvalidInput
from migralex.casework.lifecycle.kinds import (
    PROTECTION_STATUSES,
)
from migralex.casework.lifecycle.people import CurrentStatuses, active_status
from migralex.casework.messages import engine_error
from migralex.casework.models import (
    Case,
    Person,
    SafeDesignation,
)
from migralex.engine import Decision as EngineDecision
from migralex.engine import MigralexError, Program, Reform, assess
from migralex.engine.errors import UnknownProgramError
from migralex.i18n import N_


def find_program(program_id: str) -> Program:
    """A registered program, or :class:`InvalidInput` naming ``program``."""
    from migralex.rules.registry import get_program

    try:
        return get_program(program_id)
    except UnknownProgramError:
        raise InvalidInput(N_("no program %(id)s is registered", id=program_id), "program") from None


def find_reform(reform_id: str | None, program: Program) -> Reform | None:
    if not reform_id:
        return None
    from migralex.rules.registry import get_reform

    try:
        reform = get_reform(reform_id)
    except UnknownProgramError:
        raise InvalidInput(N_("no reform %(id)s is registered", id=reform_id), "reform") from None
    if not reform.applies_to(program):
        raise InvalidInput(
            N_("reform %(reform)s does not apply to %(program)s", reform=reform_id, program=program.id),
            "reform",
        )
    return reform


# --- facts and evaluation -----------------------------------------------------------------------
#: The regions of a country designated safe by a date (None: the whole country); built once.
_SAFE_REGIONS = select(SafeDesignation.region).where(
    SafeDesignation.country == bindparam("country"), SafeDesignation.safe_from <= bindparam("on")
)


def _designated_safe(session: Session, person: Person, on: date) -> bool:
    regions = session.scalars(_SAFE_REGIONS, {"country": person.nationality, "on": on}).all()
    return any(region is None or region == person.home_region for region in regions)


def prefill(
    session: Session, case: Case, program: Program, on: date, current: CurrentStatuses | None = None
) -> dict[str, Any]:
    """Facts the database already knows for ``program`` on ``case`` (raw JSON values); ``current``: the
    person's current statuses, when the caller holds them (a decision, which ends them afterwards)."""
    specs = program.fact_specs()
    person = session.get(Person, case.person_id)
    assert person is not None  # noqa: S101 -- narrows a type for mypy
    known: dict[str, Any] = {}
    if person.birth_date:
        known["applicant.birth_date"] = known["person.birth_date"] = person.birth_date.isoformat()
    own = (current or CurrentStatuses(session, person.id)).latest()
    if own is not None:
        known["person.residence_status"] = own.status_code
        known["applicant.residence_status"] = own.status_code
    known["person.home_region_declared_safe"] = _designated_safe(session, person, on)
    if case.sponsor_id is not None:
        sponsor = session.get(Person, case.sponsor_id)
        status = active_status(session, case.sponsor_id)
        if sponsor is not None and sponsor.birth_date:
            known["sponsor.birth_date"] = sponsor.birth_date.isoformat()
        if status is not None:
            known["sponsor.residence_status"] = status.status_code
            if status.status_code in PROTECTION_STATUSES:
                known["sponsor.protection_granted_on"] = status.valid_from.isoformat()
            if status.status_code == "permanent_resident":
                known["sponsor.permanent_residence_since"] = status.valid_from.isoformat()
    out: dict[str, Any] = {}
    for fid, value in known.items():
        spec = specs.get(fid)
        if spec is None:
            continue
        if spec.codes and value not in spec.codes:
            continue
        out[fid] = value
    return out


def evaluate(
    session: Session,
    case: Case,
    program_id: str,
    on: date,
    entered: dict[str, Any],
    reform_id: str | None = None,
    current: CurrentStatuses | None = None,
) -> tuple[EngineDecision, dict[str, Any]]:
    """Run ``program_id`` on the case's stored facts overlaid with ``entered`` (entered ones win);
    ``current``: see :func:`prefill`."""
    program = find_program(program_id)
    reform = find_reform(reform_id, program)
    raw = {**prefill(session, case, program, on, current), **entered}
    try:
        return assess(program, program.parse_facts(raw, reform), on, reform), raw
    except MigralexError as exc:  # a fact that cannot be read, a parameter without a value, ...
        raise InvalidInput(
            *engine_error(exc, program.fact_specs(reform.replacements if reform else None), raw)
        ) from None
