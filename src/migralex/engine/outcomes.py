"""The four outcomes of a decision.

* ``eligible`` - the root condition holds (what that *means* for the person is the program's
  :class:`~migralex.engine.meta.OutcomeVocabulary`: "eligible" may mean "must be deported");
* ``ineligible`` - it does not hold;
* ``unknown`` - it cannot be decided yet (missing facts, or a parameter without a known value);
* ``not_in_force`` - the date lies outside the program's life (before commencement, during a suspension,
  after repeal); the decision carries the citation that says so.

Code that enumerates outcomes (tables, charts, database enums) reads :data:`OUTCOMES`.
"""

from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
    """An outcome; a ``str``, so ``Outcome.ELIGIBLE == "eligible"``."""

    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    UNKNOWN = "unknown"
    NOT_IN_FORCE = "not_in_force"


#: Every outcome, in display order.
OUTCOMES: tuple[str, ...] = tuple(o.value for o in Outcome)
#: Outcomes that decide the case either way.
DECIDED: frozenset[str] = frozenset({Outcome.ELIGIBLE.value, Outcome.INELIGIBLE.value})
