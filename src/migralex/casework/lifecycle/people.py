"""People: intake (with duplicate checks), who may see whom, family links, the status held."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import bindparam, func, or_, select, true
from sqlalchemy.orm import Session

from migralex.casework import audit
from migralex.casework.access import (
    CAN_WRITE_CASES,
    require_role,
)
from migralex.casework.errors import Conflict, InvalidInput, NotFound
from migralex.casework.models import (
    Case,
    DuplicateFlag,
    FamilyLink,
    Person,
    ResidenceStatus,
    User,
)
from migralex.casework.schemas import FamilyLinkIn, PersonIn
from migralex.i18n import N_


# --- people --------------------------------------------------------------------------------------
def name_key(name: str) -> str:
    """``name`` case-folded with runs of spaces collapsed: the stored ``Person.name_key``."""
    return " ".join(name.casefold().split())


#: People with a birth date, nationality and name key (built once: every intake looks them up).
_DUPLICATES = (
    select(Person.id)
    .where(
        Person.birth_date == bindparam("birth_date"),
        Person.nationality == bindparam("nationality"),
        Person.name_key == bindparam("name_key"),
    )
    .order_by(Person.id)
)


def possible_duplicates(session: Session, data: PersonIn) -> list[int]:
    """Ids of people on file with the same name (ignoring case and spacing), birth date and nationality
    (one indexed lookup of the stored name key)."""
    if data.birth_date is None:
        return []
    params = {
        "birth_date": data.birth_date,
        "nationality": data.nationality,
        "name_key": name_key(data.full_name),
    }
    return list(session.scalars(_DUPLICATES, params).all())


def create_person(session: Session, actor: User, data: PersonIn) -> Person:
    """Record a person at intake (with vulnerability flags); a likely duplicate needs ``allow_duplicate``.

    Only matches the recorder may see are named (409); a match they may not see is never revealed: the
    person is recorded and the match goes to the senior caseworkers' queue (:class:`DuplicateFlag`).
    """
    require_role(actor, CAN_WRITE_CASES, "recording a person")
    dupes = possible_duplicates(session, data)
    visible = (
        set(
            session.scalars(
                select(Person.id).where(Person.id.in_(dupes), _people_visible(actor)), {"actor_id": actor.id}
            ).all()
        )
        if dupes
        else set()
    )
    if visible and not data.allow_duplicate:
        shown = sorted(visible)
        raise Conflict(
            N_(
                "a person with the same name, birth date and nationality is on file (person %(ids)s); "
                "open a case for them, or send allow_duplicate if this is someone else",
                ids=", ".join(map(str, shown)),
            ),
            "full_name",
            {"possible_duplicates": shown},
        )
    person = Person(
        full_name=data.full_name,
        name_key=name_key(data.full_name),
        birth_date=data.birth_date,
        nationality=data.nationality,
        home_region=data.home_region,
        vulnerabilities=sorted(set(data.vulnerabilities)),
        vulnerability_notes=data.vulnerability_notes,
        created_by=actor.id,
    )
    session.add(person)
    session.flush()
    if hidden := [d for d in dupes if d not in visible]:
        session.add(DuplicateFlag(person_id=person.id, matches=hidden, raised_by=actor.id))
    # special-category data (GDPR art. 9) is referenced, not copied, into the permanent audit log
    audit.record(
        session,
        actor,
        "person.create",
        "person",
        person.id,
        detail={"vulnerabilities": len(person.vulnerabilities), "notes": bool(data.vulnerability_notes)},
    )
    return person


#: SQL condition: persons the caseworker whose id is bound as ``actor_id`` may see (correlated, so one person
#: costs two index lookups, not a list of all the caseworker's cases); built once.
_VISIBLE_TO_CASEWORKER = or_(
    Person.created_by == bindparam("actor_id"),
    select(Case.id).where(Case.person_id == Person.id, Case.assigned_to == bindparam("actor_id")).exists(),
    select(Case.id).where(Case.sponsor_id == Person.id, Case.assigned_to == bindparam("actor_id")).exists(),
)


def _people_visible(actor: User) -> Any:
    """SQL condition: persons ``actor`` may see; execute it with ``{"actor_id": actor.id}``."""
    return _VISIBLE_TO_CASEWORKER if actor.role == "caseworker" else true()


#: A person by id, and one a caseworker may see (built once: every case opened and person read looks one up).
_PERSON = select(Person).where(Person.id == bindparam("person_id"))
_PERSON_FOR_CASEWORKER = _PERSON.where(_VISIBLE_TO_CASEWORKER)


def get_person(session: Session, actor: User, person_id: int, field: str = "person_id") -> Person:
    """A person ``actor`` may see (audited), else :class:`NotFound`."""
    stmt = _PERSON_FOR_CASEWORKER if actor.role == "caseworker" else _PERSON
    person = session.scalar(stmt, {"person_id": person_id, "actor_id": actor.id})
    if person is None:
        raise NotFound(N_("no person %(id)s", id=person_id), field)
    audit.record(session, actor, "person.read", "person", person.id)
    return person


def list_people(session: Session, actor: User, limit: int, offset: int) -> tuple[list[Person], int]:
    """A page of the people ``actor`` may see."""
    cond, params = _people_visible(actor), {"actor_id": actor.id}
    total = session.scalar(select(func.count()).select_from(Person).where(cond), params) or 0
    rows = session.scalars(
        select(Person).where(cond).order_by(Person.id).limit(limit).offset(offset), params
    ).all()
    audit.record(session, actor, "person.list", "person", "*", detail={"offset": offset, "count": len(rows)})
    return list(rows), total


def add_family_link(session: Session, actor: User, person: Person, data: FamilyLinkIn) -> FamilyLink:
    """Link ``person`` to a relative (both must be visible to ``actor``)."""
    require_role(actor, CAN_WRITE_CASES, "recording a family link")
    if data.relative_id == person.id:
        raise InvalidInput(N_("a person cannot be their own relative"), "relative_id")
    get_person(session, actor, data.relative_id, "relative_id")
    exists = session.scalar(
        select(FamilyLink).where(
            FamilyLink.person_id == person.id,
            FamilyLink.relative_id == data.relative_id,
            FamilyLink.relation == data.relation,
        )
    )
    if exists is not None:
        return exists
    link = FamilyLink(person_id=person.id, relative_id=data.relative_id, relation=data.relation)
    session.add(link)
    session.flush()
    audit.record(
        session,
        actor,
        "family_link.create",
        "person",
        person.id,
        detail={"relative_id": data.relative_id, "relation": data.relation},
    )
    return link


def family_of(session: Session, person_id: int) -> list[tuple[str, Person]]:
    """``(relation, relative)`` pairs in both directions."""
    inverse = {"child": "parent", "parent": "child"}
    out: list[tuple[str, Person]] = []
    for link in session.scalars(
        select(FamilyLink).where(or_(FamilyLink.person_id == person_id, FamilyLink.relative_id == person_id))
    ).all():
        if link.person_id == person_id:
            other, relation = link.relative_id, link.relation
        else:
            other, relation = link.person_id, inverse.get(link.relation, link.relation)
        p = session.get(Person, other)
        if p is not None:
            out.append((relation, p))
    return out


def active_status(session: Session, person_id: int, on: date | None = None) -> ResidenceStatus | None:
    """The person's current status (not ended), newest first."""
    q = select(ResidenceStatus).where(
        ResidenceStatus.person_id == person_id, ResidenceStatus.ended_on.is_(None)
    )
    if on is not None:
        q = q.where(ResidenceStatus.valid_from <= on)
    return session.scalars(q.order_by(ResidenceStatus.id.desc())).first()


#: A person's statuses not ended, oldest first (built once: every grant, extension and ending reads them).
_CURRENT_STATUSES = (
    select(ResidenceStatus)
    .where(ResidenceStatus.person_id == bindparam("person_id"), ResidenceStatus.ended_on.is_(None))
    .order_by(ResidenceStatus.id)
)


class CurrentStatuses:
    """A person's current (not ended) statuses, selected at the first use and held for one decision: its
    facts (the status held) and its effect (the statuses it ends) read them with one SELECT, not two.

    :meth:`forget` once they are ended: the next use selects again.
    """

    def __init__(self, session: Session, person_id: int) -> None:
        self.session, self.person_id = session, person_id
        self._rows: list[ResidenceStatus] | None = None

    def rows(self) -> list[ResidenceStatus]:
        """The statuses, oldest first."""
        if self._rows is None:
            self._rows = list(self.session.scalars(_CURRENT_STATUSES, {"person_id": self.person_id}).all())
        return self._rows

    def latest(self) -> ResidenceStatus | None:
        """The newest of them (as :func:`active_status` without a date)."""
        rows = self.rows()
        return rows[-1] if rows else None

    def forget(self) -> None:
        """Drop the held rows (they were changed): the next use selects them again."""
        self._rows = None
