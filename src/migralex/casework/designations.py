"""Safe-country designations and the bulk review cases they open.

An authorised user (senior caseworker or administrator) records that a country, or one region of it,
is safe from a date. Every current holder of that nationality (and region) whose protection rests on
**generalised violence** is affected and gets a review case; holders protected on **personal grounds**
(persecution, individual risk of serious harm) are listed as excluded. A review case decides nothing:
each needs its own individual decision, and revocation stays blocked until an individual assessment is
recorded (see :mod:`migralex.casework.safeguards`).

The same designation (same country, same region or whole country, same date) is recorded once: a second
one is refused (409 naming the first), so holders never get a second set of review cases.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from migralex.casework import audit
from migralex.casework.access import CAN_DESIGNATE, require_role
from migralex.casework.errors import Conflict
from migralex.casework.lifecycle import open_case
from migralex.casework.messages import DESIGNATION_REVIEW
from migralex.casework.models import Case, Person, ResidenceStatus, SafeDesignation, User
from migralex.casework.schemas import CaseIn, DesignationIn
from migralex.i18n import N_

PERSONAL_GROUNDS = frozenset({"personal_persecution", "individual_risk"})


def existing(session: Session, data: DesignationIn) -> SafeDesignation | None:
    """The designation already recorded for the same country, region (or whole country) and date."""
    region = (
        SafeDesignation.region.is_(None) if data.region is None else SafeDesignation.region == data.region
    )
    return session.scalars(
        select(SafeDesignation)
        .where(SafeDesignation.country == data.country, region, SafeDesignation.safe_from == data.safe_from)
        .order_by(SafeDesignation.id)
    ).first()


def refuse_duplicate(session: Session, data: DesignationIn) -> None:
    """409 naming the existing designation when ``data`` repeats one."""
    if (same := existing(session, data)) is not None:
        scope = (
            f"{same.country}/{same.region}"
            if same.region
            else N_("%(country)s (whole country)", country=same.country)
        )
        raise Conflict(
            N_(
                "designation %(id)s already declares %(scope)s safe from %(on)s; it is not recorded twice",
                id=same.id,
                scope=scope,
                on=same.safe_from,
            ),
            "country",
            {"existing_designation_id": same.id},
        )


def holders(session: Session, data: DesignationIn) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(affected, excluded) current holders for a designation, without writing anything."""
    q = (
        select(ResidenceStatus, Person)
        .join(Person, Person.id == ResidenceStatus.person_id)
        .where(ResidenceStatus.ended_on.is_(None), Person.nationality == data.country)
        .order_by(Person.id)
    )
    affected: list[dict[str, Any]] = []
    excluded: list[dict[str, Any]] = []
    for status, person in session.execute(q).all():
        if data.region is not None and person.home_region != data.region:
            continue
        row = {
            "person_id": person.id,
            "full_name": person.full_name,
            "status_id": status.id,
            "status_code": status.status_code,
            "ground": status.ground,
            "home_region": person.home_region,
        }
        if status.ground == "generalised_violence":
            affected.append({**row, "reason": "protection rests on generalised violence in the home area"})
        elif status.ground in PERSONAL_GROUNDS:
            excluded.append(
                {
                    **row,
                    "reason": "protection rests on personal grounds; a change in the general "
                    "situation does not end it",
                }
            )
    return affected, excluded


def designate(
    session: Session, actor: User, data: DesignationIn
) -> tuple[SafeDesignation, list[dict[str, Any]], list[dict[str, Any]]]:
    """Record the designation and open one review case per affected holder (in one transaction)."""
    require_role(actor, CAN_DESIGNATE, "recording a safe-country designation")
    refuse_duplicate(session, data)
    d = SafeDesignation(
        country=data.country,
        region=data.region,
        safe_from=data.safe_from,
        basis=data.basis,
        recorded_by=actor.id,
    )
    session.add(d)
    session.flush()
    audit.record(
        session,
        actor,
        "designation.create",
        "designation",
        d.id,
        detail={"country": d.country, "region": d.region, "safe_from": d.safe_from},
    )
    affected, excluded = holders(session, data)
    for row in affected:
        status = session.get(ResidenceStatus, row["status_id"])
        granting = session.get(Case, status.case_id) if status else None
        case = open_case(
            session,
            None,
            CaseIn(
                kind="review",
                person_id=row["person_id"],
                opened_on=data.safe_from,
                parent_case_id=granting.id if granting else None,
                assigned_to=granting.assigned_to if granting else None,
                summary=N_(
                    DESIGNATION_REVIEW,
                    id=d.id,
                    place=f"{d.country}{'/' + d.region if d.region else ''}",
                    on=d.safe_from,
                ),
            ),
            designation_id=d.id,
        )
        row["review_case_id"] = case.id
    return d, affected, excluded
