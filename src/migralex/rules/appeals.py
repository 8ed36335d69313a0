"""Appeal routes and time limits as dated, cited law: who may appeal a decision, to whom, and by when.

Each pack has an ``appeals`` module (:mod:`migralex.rules.dk.appeals`, :mod:`migralex.rules.uk.appeals`)
with a ``route(family, query, parameters)`` function; the time limits are dated parameters of the pack
(``parameters/appeals.yaml``), read on the date the clock starts.

Date arithmetic is explicit: the day the clock starts (notification, sending, receipt, judgment or
departure) is not counted and the time limit ends at the end of its last day, so ``N`` days after
``d`` is ``d + N days`` and ``N`` weeks after ``d`` is the same weekday ``N`` weeks later. Whether a
limit ending on a Saturday, Sunday or public holiday moves to the next working day is UNVERIFIED for
both packs, so no such shift is made: the date given is never later than the real deadline (a notice
may state a Saturday or a public holiday; tests/notices/test_deadlines.py pins this at boundary dates).

Searched without finding a primary text (2026-11-29):

* UK: the Tribunal Procedure (First-tier Tribunal) (Immigration and Asylum Chamber) Rules 2014
  (SI 2014/2604). The contents page (legislation.gov.uk, as made) lists rule 11 "Calculating time", and
  "working day" is defined in rule 1(4), but neither text was in any stored copy (legislation.gov.uk Part 1
  and Part 2 pages were cut before those provisions; the rule 19 text is what the UK pack encodes). The
  similar rule in other tribunal rules (an act due on a non-working day is in time on the next working day)
  is not evidence of this rule's wording, and no bank-holiday list is available offline.
* Denmark: no provision found that moves a complaint deadline to Udlændingenævnet (udlændingeloven § 46 a,
  stk. 3) or Flygtningenævnet, nor a general rule in forvaltningsloven; retsplejeloven (for the appeal of
  a judgment, § 904) was not found to say so in any copy read. Forældelsesloven § 27, stk. 2 moves a
  deadline ending on a weekend, a holiday, Grundlovsdag, 24 or 31 December, but only for that Act.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from migralex.engine import Citation, ParameterValue
from migralex.rules.families import ProgramFamily
from migralex.rules.registry import packs

#: What kind of route there is.
RouteKind = Literal["complaint", "automatic", "none", "court", "tribunal", "not_determined"]
#: The event from which the time limit runs.
RunsFrom = Literal["notification", "sent", "receipt", "judgment", "departure"]
Certification = Literal["none", "s94", "s94b"]
CERTIFICATIONS: tuple[Certification, ...] = ("none", "s94", "s94b")
#: Pack id -> module with ``route(family, query, parameters)``.
APPEAL_MODULES = {"dk": "migralex.rules.dk.appeals", "uk": "migralex.rules.uk.appeals"}


class AppealInputError(ValueError):
    """Input an appeal route cannot be computed from; ``field`` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class AppealQuery:
    """What the route depends on besides the program: the decision and how it was notified."""

    decision_kind: str
    notified_on: date
    in_country: bool | None = None
    certification: Certification = "none"
    manifestly_unfounded: bool = False
    departed_on: date | None = None
    #: the date of the decision or judgment (a time limit that runs from the judgment reads it)
    decided_on: date | None = None


@dataclass(frozen=True)
class AppealRoute:
    """The appeal open against one decision: to whom, from where, by when, on what authority."""

    kind: RouteKind
    body: str | None = None
    runs_from: RunsFrom | None = None
    period: int | None = None
    unit: str = ""
    deadline: date | None = None
    from_outside_country: bool = False
    suspensive: bool | None = None
    status: str = "in_force"
    citations: tuple[Citation, ...] = field(default_factory=tuple)

    @property
    def unverified(self) -> bool:
        """True when any part of the route could not be verified in a primary source."""
        return self.status != "in_force"

    def as_dict(self) -> dict[str, Any]:
        """JSON form, stored with each notice."""
        return {
            "kind": self.kind,
            "body": self.body,
            "runs_from": self.runs_from,
            "period": self.period,
            "unit": self.unit,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "from_outside_country": self.from_outside_country,
            "suspensive": self.suspensive,
            "status": self.status,
            "citations": [c.as_dict() for c in self.citations],
        }


def add_period(start: date, amount: int, unit: str) -> date:
    """The last day of a time limit of ``amount`` days or weeks running from ``start`` (not counted)."""
    if unit == "weeks":
        return start + timedelta(weeks=amount)
    if unit == "days":
        return start + timedelta(days=amount)
    raise ValueError(f"unit {unit!r}: expected days or weeks")


class Parameters:
    """A pack's appeal parameters read on a date, remembering whether any was unverified."""

    def __init__(self, pack_id: str) -> None:
        self.pack = packs()[pack_id]

    def value(self, param_id: str, on: date) -> ParameterValue:
        """The value in force on ``on``; an :class:`AppealInputError` when the law has none for that date."""
        found = self.pack.parameters[param_id].value_on(on)
        if found is None or found.value is None:
            raise AppealInputError(
                "notified_on", f"no {param_id} is known for {on.isoformat()} (outside the encoded period)"
            )
        return found

    def time_limit(
        self, param_id: str, start: date, runs_from: RunsFrom
    ) -> tuple[int, str, date, ParameterValue]:
        """(period, unit, deadline, parameter value) for a limit running from ``start``."""
        pv = self.value(param_id, start)
        assert isinstance(pv.value, int)  # noqa: S101 -- narrows a type for mypy
        unit = self.pack.parameters[param_id].unit
        return pv.value, unit, add_period(start, pv.value, unit), pv

    def timed_route(
        self,
        param_id: str,
        start: date,
        runs_from: RunsFrom,
        kind: RouteKind,
        body: str,
        citations: tuple[Citation, ...],
        **more: Any,
    ) -> AppealRoute:
        """A route whose time limit is ``param_id`` running from ``start`` (its source cited last)."""
        period, unit, deadline, pv = self.time_limit(param_id, start, runs_from)
        return AppealRoute(
            kind,
            body=body,
            runs_from=runs_from,
            period=period,
            unit=unit,
            deadline=deadline,
            status=pv.status,
            citations=(*citations, pv.source),
            **more,
        )


def appeal_route(pack_id: str | None, family: ProgramFamily, query: AppealQuery) -> AppealRoute:
    """The appeal route for a decision of ``family`` in pack ``pack_id`` (not determined when unknown)."""
    if query.certification not in CERTIFICATIONS:
        raise AppealInputError("certification", f"must be one of {', '.join(CERTIFICATIONS)}")
    if query.departed_on is not None and query.departed_on < query.notified_on:
        raise AppealInputError("departed_on", "is before the notification date")
    if query.decided_on is not None and query.notified_on < query.decided_on:
        raise AppealInputError("notified_on", "is before the date of the decision")
    if pack_id not in APPEAL_MODULES:
        return AppealRoute("not_determined", status="unverified")
    module = importlib.import_module(APPEAL_MODULES[pack_id])
    route: AppealRoute = module.route(family, query, Parameters(pack_id))
    return route
