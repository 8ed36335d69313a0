"""Safeguards that block a decision until the required assessment is recorded, each with its source.

Which safeguard applies (see docs/casework.md):

* **individual assessment** - before revoking, expelling, returning by force, placing in a departure
  centre, separating a couple, or refusing on an age limit when a minor is involved;
* **non-refoulement** - before any return or expulsion; a recorded *risk* blocks it outright;
* **best interests of the child** - before any decision on a case that touches a child;
* **vulnerability considered** - before an adverse decision on a person with a vulnerability flag.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from migralex.casework.models import Assessment, Case, FamilyLink, Person
from migralex.i18n import N_, term


@dataclass(frozen=True)
class Source:
    """A legal source with a public URL."""

    title: str
    url: str


# --- vulnerability screening (law helper; rule program dk.vulnerability_screening) ---------------------
#: Intake flags that screen positive for torture or trauma: before an adverse decision the record must hold a
#: medical or psychological assessment, not only a note that the vulnerability was considered.
SCREENING_FLAGS = frozenset({"torture_survivor", "ptsd"})
SCREENING_SOURCE = Source(
    "ECtHR, R.C. v. Sweden, no. 41827/07, 9 March 2010 (an expert opinion on the probable cause of the "
    "applicant's scars ought to have been obtained)",
    "https://www.bailii.org/eu/cases/ECHR/2010/307.html",
)


def screening_note(flags: list[str]) -> str:
    """The extra requirement a positive torture/trauma screening adds to 'vulnerability considered'."""
    positive = sorted(SCREENING_FLAGS.intersection(flags))
    if not positive:
        return ""
    return N_(
        "; screened positive for torture or trauma (%(flags)s): the assessment must be a documented "
        "medical or psychological assessment (Istanbul Protocol; R.C. v. Sweden)",
        flags=", ".join(positive),
    )


# --- end of vulnerability screening ------------------------------------------------------------------


@dataclass(frozen=True)
class Safeguard:
    """A safeguard: the assessment kind it needs and what it rests on."""

    id: str
    title: str
    rule: str
    sources: tuple[Source, ...]


SAFEGUARDS: dict[str, Safeguard] = {
    s.id: s
    for s in (
        Safeguard(
            "individual_assessment",
            N_("Individual assessment"),
            N_(
                "No revocation, expulsion, forced return, separation of a couple or refusal on an age limit "
                "involving a minor without an individual assessment of this person's case."
            ),
            (
                Source(
                    "Rigsretten (Court of Impeachment), judgment of 13 December 2021 (separation of asylum "
                    "couples without individual assessment; ECHR art. 8)",
                    "https://www.domstol.dk/rigsretten/",
                ),
                Source(
                    "ECtHR Grand Chamber, M.A. v. Denmark, no. 6697/18, 9 July 2021 (art. 8: individual "
                    "assessment of family-reunification restrictions)",
                    "https://hudoc.echr.coe.int/eng?i=001-211178",
                ),
                Source(
                    "Udlændingeloven § 26 (proportionality before expulsion or revocation)",
                    "https://www.retsinformation.dk/eli/lta/2024/1009",
                ),
            ),
        ),
        Safeguard(
            "non_refoulement",
            N_("Non-refoulement"),
            N_(
                "No return or expulsion while a non-refoulement check is not recorded; a check finding a "
                "real risk blocks return (consider tolerated stay)."
            ),
            (
                Source(
                    "Refugee Convention 1951, art. 33",
                    "https://www.unhcr.org/media/convention-and-protocol-relating-status-refugees",
                ),
                Source(
                    "European Convention on Human Rights, art. 3",
                    "https://www.echr.coe.int/documents/d/echr/convention_ENG",
                ),
            ),
        ),
        Safeguard(
            "best_interests_child",
            N_("Best interests of the child"),
            N_(
                "Any decision touching a child (the person, the sponsor or a close family member is under "
                "18) needs a recorded best-interests assessment."
            ),
            (
                Source(
                    "UN Convention on the Rights of the Child, art. 3",
                    "https://www.ohchr.org/en/instruments-mechanisms/instruments/convention-rights-child",
                ),
            ),
        ),
        Safeguard(
            "vulnerability_considered",
            N_("Vulnerability considered"),
            N_(
                "A person flagged at intake as vulnerable (torture survivor, PTSD, minor, pregnancy, ...) "
                "must have the vulnerability considered, on record, before an adverse decision."
            ),
            (
                Source(
                    "EU Reception Conditions Directive 2013/33/EU, arts. 21-22",
                    "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32013L0033",
                ),
                Source(
                    "Istanbul Protocol (OHCHR, 2022 edition): documentation of torture",
                    "https://www.ohchr.org/en/publications/policy-and-methodological-publications/istanbul-protocol-manual-effective-0",
                ),
                SCREENING_SOURCE,
            ),
        ),
    )
}


@dataclass(frozen=True)
class Block:
    """Why a decision is blocked: the safeguard, the reason, the sources."""

    safeguard: str
    reason: str
    sources: tuple[Source, ...]

    def as_dict(self) -> dict[str, Any]:
        """JSON shape ``{"safeguard", "reason", "sources": [{"title", "url"}]}``."""
        return {
            "safeguard": self.safeguard,
            "reason": self.reason,
            "sources": [asdict(s) for s in self.sources],
        }


def age_on(birth: date, on: date) -> int:
    """Whole years from ``birth`` to ``on``."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def is_minor(person: Person, on: date) -> bool:
    """Under 18 on ``on`` (or flagged ``minor`` at intake when the birth date is unknown)."""
    if person.birth_date is not None:
        return age_on(person.birth_date, on) < 18
    return "minor" in (person.vulnerabilities or [])


#: The family links of some people, either way round (built once: every decision reads them).
_LINKS = select(FamilyLink.person_id, FamilyLink.relative_id).where(
    FamilyLink.person_id.in_(bindparam("ids", expanding=True))
    | FamilyLink.relative_id.in_(bindparam("ids", expanding=True))
)


def children_touched(session: Session, case: Case, on: date) -> list[Person]:
    """The minors a decision on ``case`` touches: the person, the sponsor and their close family."""
    ids = {case.person_id} | ({case.sponsor_id} if case.sponsor_id else set())
    links = session.execute(_LINKS, {"ids": list(ids)}).all()
    ids |= {link.person_id for link in links} | {link.relative_id for link in links}
    # the people already loaded in this session (the case's person, usually) are not selected again
    people = (
        [p for i in ids if (p := session.get(Person, i)) is not None]
        if len(ids) <= 2
        else list(session.scalars(select(Person).where(Person.id.in_(ids))).all())
    )
    return sorted((p for p in people if is_minor(p, on)), key=lambda p: p.id)


#: How long a recorded assessment stays valid, in days, by safeguard (none is set: no source found gives
#: a fixed validity, so an assessment counts from its date on; add one here only with its source).
VALIDITY_DAYS: dict[str, int] = {}


def counts_on(a: Assessment, on: date) -> bool:
    """An assessment counts for a decision dated ``on`` if recorded on or before it and still valid."""
    days = VALIDITY_DAYS.get(a.kind)
    return a.recorded_on <= on and (days is None or on <= a.recorded_on + timedelta(days=days))


#: A case's assessments, oldest first (built once: every decision reads them).
_ASSESSMENTS = select(Assessment).where(Assessment.case_id == bindparam("case_id")).order_by(Assessment.id)


def recorded(session: Session, case: Case, on: date | None = None) -> dict[str, Assessment]:
    """The latest recorded assessment of each kind on ``case`` (that counts on ``on``, when given)."""
    out: dict[str, Assessment] = {}
    for a in session.scalars(_ASSESSMENTS, {"case_id": case.id}).all():
        if on is None or counts_on(a, on):
            out[a.kind] = a
    return out


def _a(kind: str) -> str:
    """``"an expulsion"``, ``"a revocation"``: the decision kind with its article."""
    words = kind.replace("_", " ")
    return f"{'an' if words[0] in 'aeiou' else 'a'} {words}"


@dataclass(frozen=True)
class Requirement:
    """A safeguard that applies to a decision, and why."""

    safeguard: str
    why: str


def requirements(
    session: Session,
    case: Case,
    kind: str,
    adverse: bool,
    on: date,
    *,
    is_return: bool,
    needs_individual: bool,
    separates_family: bool = False,
    age_limit_refusal: bool = False,
) -> list[Requirement]:
    """The safeguards a decision of ``kind`` on ``case`` must satisfy."""
    person = session.get(Person, case.person_id)
    assert person is not None  # noqa: S101 -- narrows a type for mypy
    minors = children_touched(session, case, on)
    out: list[Requirement] = []
    if needs_individual or separates_family or (age_limit_refusal and minors):
        why = (
            term("the decision separates a couple")
            if separates_family
            else term("it is a refusal on an age limit involving a minor")
            if age_limit_refusal and minors and not needs_individual
            else N_("it is %(decision)s decision", decision=term(_a(kind)))
        )
        out.append(Requirement("individual_assessment", why))
    if is_return:
        why = N_("%(decision)s decision sends the person back", decision=term(_a(kind)))
        out.append(Requirement("non_refoulement", why))
    if minors:
        names = ", ".join(p.full_name for p in minors)
        out.append(
            Requirement("best_interests_child", N_("the decision touches a child (%(names)s)", names=names))
        )
    if adverse and person.vulnerabilities:
        flags = ", ".join(person.vulnerabilities)
        why = N_(
            "the person is flagged vulnerable (%(flags)s)%(screening)s",
            flags=flags,
            screening=screening_note(person.vulnerabilities),
        )
        out.append(Requirement("vulnerability_considered", why))
    return out


def check(
    session: Session, case: Case, reqs: list[Requirement], on: date | None = None
) -> tuple[list[Block], list[dict[str, Any]]]:
    """Blocks for unmet requirements, and the evidence (assessment ids) for the met ones.

    With ``on`` (the decision date) only assessments recorded on or before it, and still valid, count.
    With no requirement (a grant to an adult, say) there is nothing to look up: no blocks, no evidence.
    """
    if not reqs:
        return [], []
    have = recorded(session, case, on)
    blocks: list[Block] = []
    met: list[dict[str, Any]] = []
    for req in reqs:
        sg = SAFEGUARDS[req.safeguard]
        found = have.get(req.safeguard)
        if found is None:
            blocks.append(
                Block(
                    sg.id,
                    N_(
                        "%(title)s not recorded: required because %(why)s. %(rule)s",
                        title=term(sg.title),
                        why=req.why,
                        rule=term(sg.rule),
                    ),
                    sg.sources,
                )
            )
        elif req.safeguard == "non_refoulement" and found.conclusion == "risk":
            blocks.append(
                Block(
                    sg.id,
                    N_(
                        "The non-refoulement check (assessment %(id)s) found a real risk on return: return "
                        "or expulsion is barred; consider tolerated stay.",
                        id=found.id,
                    ),
                    sg.sources,
                )
            )
        else:
            met.append(
                {
                    "safeguard": sg.id,
                    "assessment_id": found.id,
                    "conclusion": found.conclusion,
                    "why": req.why,
                }
            )
    return blocks, met
