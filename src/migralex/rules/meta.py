"""Typed metadata shared by the packs: in-force windows and outcome vocabularies.

In-force windows come in two forms:

* :func:`commenced` - the rule itself starts on that date (the Danish asset seizure on 5 February 2016,
  the UK family pilot on 5 March 2026): before it the measure did not exist.
* :func:`encoded_from` - the rule is older than its encoding: before the date an earlier regime applied that
  this pack does not encode. The answer is then ``not_in_force`` with a note naming that regime, never a
  guess under today's rules.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from migralex.engine import Citation, InForce, OutcomeVocabulary


def commenced(
    on: date, citation: Citation, repealed: date | None = None, repeal: Citation | None = None
) -> InForce:
    """A program that came into existence on ``on`` (the citation says so)."""
    return InForce(on, citation, repealed=repealed, repeal_citation=repeal)


def encoded_from(on: date, citation: Citation, earlier: str) -> InForce:
    """A program encoded from ``on``; ``earlier`` names the regime before it, which is not encoded."""
    note = f"Encoded from {on.isoformat()}; {earlier} is not encoded (no answer is given under it)."
    return InForce(on, replace(citation, note=f"{citation.note} {note}".strip()))


# --- outcome vocabularies shared by several programs ------------------------------------------------------
#: A permit or a right applied for: granted or refused.
GRANT = OutcomeVocabulary(
    positive="grant",
    negative="refuse",
    positive_text="The permit can be granted",
    negative_text="The application is refused",
)
#: Protection applied for: granted or refused.
PROTECTION = OutcomeVocabulary(
    positive="protection",
    negative="no_protection",
    positive_text="Protection is granted",
    negative_text="Protection is refused",
)
#: A payment or support applied for.
SUPPORT = OutcomeVocabulary(
    positive="support",
    negative="no_support",
    positive_text="The support can be paid",
    negative_text="No support can be paid",
)


#: The casework case kinds each program decides, by exact program id (casework pages list them first).
CASE_KINDS: dict[str, tuple[str, ...]] = {
    "dk.asylum.status": ("asylum_claim", "extension", "review"),
    "dk.asylum.revocation": ("extension", "review"),
    "dk.family_reunification.spouse": ("family_reunification",),
    "dk.family_reunification.child": ("family_reunification",),
    "dk.permanent_residence": ("permanent_residence",),
    "dk.expulsion": ("expulsion",),
    "dk.repatriation_support": ("return",),
    "uk.asylum.protection": ("asylum_claim",),
    "uk.family.partner": ("family_reunification",),
    "uk.family_reunion.refugee": ("family_reunification",),
    "uk.deportation": ("expulsion",),
    "uk.voluntary_return": ("return",),
    "uk.voluntary_return.family_pilot_2026": ("return",),
}


def decides(program_id: str, case_kind: str) -> bool:
    """True when the program decides cases of this casework kind (see :data:`CASE_KINDS`)."""
    return case_kind in CASE_KINDS.get(program_id, ())
