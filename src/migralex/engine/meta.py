"""Typed program metadata: what an outcome means, money outputs, condition tags, in-force windows.

Code outside ``migralex.rules`` reads the meaning of a program only from this metadata and from the typed
:class:`~migralex.engine.program.Decision`, never from ids. Every field has a default, so a program that
declares nothing keeps working::

    Program(
        id="dk.expulsion", ..., root=expel,
        meta=ProgramMeta(
            vocabulary=OutcomeVocabulary(
                positive="expel", negative="no_expulsion",
                positive_text="Must be expelled", negative_text="Is not expelled",
                positive_is_adverse=True,
            ),
            money=(MoneyOutput("seizable_amount", "DKK"),),
            status_output=None,  # or the output holding the residence status a grant confers
        ),
        in_force=InForce(date(2016, 2, 5), statute("Udlændingeloven", "§ 40, stk. 9", URL)),
    )
    condition(P + ".sponsor_age", "The sponsor is at least {param:dk.family_reunification.spouse.min_age} "
              "years old", cite(...), expr, tags={ConditionTag.AGE_LIMIT})
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from migralex.engine.citations import Citation
from migralex.engine.outcomes import Outcome

_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


class ConditionTag(StrEnum):
    """What a condition is about (a closed set; casework safeguards and lab tables select on it).

    * ``age_limit`` - a minimum or maximum age (of applicant, sponsor or child);
    * ``sponsor_status`` - the sponsor's nationality or residence status;
    * ``nationality`` - the person's own nationality (e.g. EU/Nordic, British or Irish);
    * ``relationship`` - marriage, partnership, parenthood, custody, genuineness;
    * ``residence`` - lawful residence, its length or continuity;
    * ``waiting_period`` - a period that must elapse (since a permit, a sentence, a first support);
    * ``income`` - income, employment, a financial requirement;
    * ``public_assistance`` - receipt of public benefits, public debt;
    * ``assets`` - assets, a guarantee, a seizure;
    * ``housing`` - size, tenure or location of a dwelling;
    * ``integration`` - language, tests, education, declarations;
    * ``criminality`` - convictions, sentences, charges, exclusion for crimes;
    * ``international_obligations`` - ECHR, Refugee Convention, non-refoulement;
    * ``protection`` - refugee or protection status and its grounds;
    * ``safe_country`` - a safe country or first country of asylum;
    * ``individual_assessment`` - a discretionary or case-by-case judgement;
    * ``deadline`` - an application deadline or time limit;
    * ``procedure`` - biometrics, forms, selection, cooperation.
    """

    AGE_LIMIT = "age_limit"
    SPONSOR_STATUS = "sponsor_status"
    NATIONALITY = "nationality"
    RELATIONSHIP = "relationship"
    RESIDENCE = "residence"
    WAITING_PERIOD = "waiting_period"
    INCOME = "income"
    PUBLIC_ASSISTANCE = "public_assistance"
    ASSETS = "assets"
    HOUSING = "housing"
    INTEGRATION = "integration"
    CRIMINALITY = "criminality"
    INTERNATIONAL_OBLIGATIONS = "international_obligations"
    PROTECTION = "protection"
    SAFE_COUNTRY = "safe_country"
    INDIVIDUAL_ASSESSMENT = "individual_assessment"
    DEADLINE = "deadline"
    PROCEDURE = "procedure"


CONDITION_TAGS: tuple[str, ...] = tuple(t.value for t in ConditionTag)


def as_tags(tags: Any) -> frozenset[ConditionTag]:
    """Normalise tags given as enum members or their string values; an unknown tag is an error."""
    out: set[ConditionTag] = set()
    for t in tags:
        try:
            out.add(ConditionTag(t))
        except ValueError:
            raise ValueError(
                f"unknown condition tag {t!r}; expected one of {', '.join(CONDITION_TAGS)}"
            ) from None
    return frozenset(out)


@dataclass(frozen=True, slots=True)
class OutcomeVocabulary:
    """What ``eligible`` and ``ineligible`` mean for this program, in codes and plain English.

    ``positive_is_adverse`` is true when the positive outcome goes against the person (deportation,
    revocation, seizure, listing): casework then treats it as an adverse decision.
    """

    positive: str = "eligible"
    negative: str = "ineligible"
    positive_text: str = "Eligible"
    negative_text: str = "Not eligible"
    positive_is_adverse: bool = False

    def __post_init__(self) -> None:
        for name in ("positive", "negative"):
            code = getattr(self, name)
            if not _CODE.match(code):
                raise ValueError(f"outcome vocabulary: {name} {code!r} must be lower_snake_case")
        if self.positive == self.negative:
            raise ValueError("outcome vocabulary: positive and negative must differ")

    def label(self, outcome: str) -> str:
        """The program's code for an outcome (``deport``); ``unknown``, ``not_in_force`` unchanged."""
        if outcome == Outcome.ELIGIBLE:
            return self.positive
        if outcome == Outcome.INELIGIBLE:
            return self.negative
        return str(Outcome(outcome))

    def text(self, outcome: str) -> str:
        """Plain English for an outcome."""
        if outcome == Outcome.ELIGIBLE:
            return self.positive_text
        if outcome == Outcome.INELIGIBLE:
            return self.negative_text
        if outcome == Outcome.UNKNOWN:
            return "Cannot be decided yet"
        return "Not in force on this date"

    def adverse(self, outcome: str) -> bool:
        """True when this outcome goes against the person."""
        if outcome == Outcome.ELIGIBLE:
            return self.positive_is_adverse
        if outcome == Outcome.INELIGIBLE:
            return not self.positive_is_adverse
        return False

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "positive": self.positive,
            "negative": self.negative,
            "positive_text": self.positive_text,
            "negative_text": self.negative_text,
            "positive_is_adverse": self.positive_is_adverse,
        }


DEFAULT_VOCABULARY = OutcomeVocabulary()


@dataclass(frozen=True, slots=True)
class MoneyOutput:
    """An output of the program that is an amount of money: its output name and ISO 4217 currency."""

    name: str
    currency: str

    def __post_init__(self) -> None:
        if not _CURRENCY.match(self.currency):
            raise ValueError(
                f"money output {self.name}: currency {self.currency!r} must be ISO 4217 (e.g. DKK)"
            )

    def as_dict(self) -> dict[str, str]:
        """JSON form."""
        return {"name": self.name, "currency": self.currency}


@dataclass(frozen=True, slots=True)
class OutOfForce:
    """Why a date lies outside a window: ``not_commenced``, ``suspended`` or ``repealed``."""

    reason: str
    since: date
    citation: Citation
    until: date | None = None

    def message(self) -> str:
        """Plain English: "not yet in force on 2016-02-04 (commences 2016-02-05)"."""
        if self.reason == "not_commenced":
            return f"not yet in force (commences {self.since.isoformat()})"
        if self.reason == "suspended":
            end = f" until {self.until.isoformat()}" if self.until else ""
            return f"suspended from {self.since.isoformat()}{end}"
        return f"repealed with effect from {self.since.isoformat()}"

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "reason": self.reason,
            "since": self.since.isoformat(),
            "until": self.until.isoformat() if self.until else None,
            "message": self.message(),
            "citation": self.citation.as_dict(),
        }


@dataclass(frozen=True, slots=True)
class InForce:
    """When a program (or a route/condition) exists: commencement, optional suspension, optional repeal.

    In force on ``d`` when ``commencement <= d``, not ``suspended <= d < suspended_until`` (an open-ended
    suspension when ``suspended_until`` is None) and not ``repealed <= d``. Each date has its citation.
    """

    commencement: date
    citation: Citation
    suspended: date | None = None
    suspended_until: date | None = None
    suspension_citation: Citation | None = None
    repealed: date | None = None
    repeal_citation: Citation | None = None

    def __post_init__(self) -> None:
        if self.suspended is not None:
            if self.suspension_citation is None:
                raise ValueError("in-force window: a suspension needs its suspension_citation")
            if self.suspended < self.commencement:
                raise ValueError("in-force window: suspended before commencement")
            if self.suspended_until is not None and self.suspended_until <= self.suspended:
                raise ValueError("in-force window: suspended_until must be after suspended")
        elif self.suspended_until is not None:
            raise ValueError("in-force window: suspended_until without suspended")
        if self.repealed is not None:
            if self.repeal_citation is None:
                raise ValueError("in-force window: a repeal needs its repeal_citation")
            if self.repealed <= self.commencement:
                raise ValueError("in-force window: repealed on or before commencement")

    def out_of_force(self, on: date) -> OutOfForce | None:
        """None when in force on ``on``; otherwise why not, with the citation that says so."""
        if on < self.commencement:
            return OutOfForce("not_commenced", self.commencement, self.citation)
        if self.repealed is not None and on >= self.repealed:
            assert self.repeal_citation is not None  # noqa: S101 -- narrows a type for mypy
            return OutOfForce("repealed", self.repealed, self.repeal_citation)
        if (
            self.suspended is not None
            and on >= self.suspended
            and (self.suspended_until is None or on < self.suspended_until)
        ):
            assert self.suspension_citation is not None  # noqa: S101 -- narrows a type for mypy
            return OutOfForce("suspended", self.suspended, self.suspension_citation, self.suspended_until)
        return None

    def periods(self) -> list[tuple[date, date | None]]:
        """The in-force periods as ``[start, end)`` pairs (``end`` None: open)."""
        end = self.repealed
        if self.suspended is None:
            return [(self.commencement, end)]
        out: list[tuple[date, date | None]] = [(self.commencement, self.suspended)]
        if self.suspended_until is not None and (end is None or self.suspended_until < end):
            out.append((self.suspended_until, end))
        return [(a, b) for a, b in out if b is None or a < b]

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "commencement": self.commencement.isoformat(),
            "citation": self.citation.as_dict(),
            "suspended": self.suspended.isoformat() if self.suspended else None,
            "suspended_until": self.suspended_until.isoformat() if self.suspended_until else None,
            "suspension_citation": self.suspension_citation.as_dict() if self.suspension_citation else None,
            "repealed": self.repealed.isoformat() if self.repealed else None,
            "repeal_citation": self.repeal_citation.as_dict() if self.repeal_citation else None,
        }


@dataclass(frozen=True, slots=True)
class ProgramMeta:
    """A program's typed metadata: outcome vocabulary, money outputs and the output that holds the
    residence status a grant confers, ``status_output`` (tags live on the conditions)."""

    vocabulary: OutcomeVocabulary = DEFAULT_VOCABULARY
    money: tuple[MoneyOutput, ...] = ()
    #: The output whose value is the residence status code a grant on this program confers (e.g.
    #: ``refugee_convention``); ``None`` when the program grants no status of its own.
    status_output: str | None = None

    def money_output(self, name: str) -> MoneyOutput | None:
        """The money declaration of an output, if it is money."""
        return next((m for m in self.money if m.name == name), None)

    def check(self, program_id: str, outputs: Mapping[str, Any]) -> None:
        """Every money output, and the status output, names an output of the program."""
        for m in self.money:
            if m.name not in outputs:
                raise ValueError(f"program {program_id}: money output {m.name!r} is not one of its outputs")
        if self.status_output is not None and self.status_output not in outputs:
            raise ValueError(
                f"program {program_id}: status output {self.status_output!r} is not one of its outputs"
            )

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "vocabulary": self.vocabulary.as_dict(),
            "money": [m.as_dict() for m in self.money],
            "status_output": self.status_output,
        }
