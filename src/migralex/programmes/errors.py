"""Errors raised by the programme services: each names the field and the problem."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem with one input field, e.g. ``Problem("currency", "unknown ISO 4217 code 'DKX'")``."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class ProgrammeError(Exception):
    """Bad input or a refused operation; nothing was written.

    ``problems`` lists every problem found, each naming its field.
    """

    def __init__(self, problems: Iterable[Problem] | Problem) -> None:
        self.problems: list[Problem] = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))

    @classmethod
    def of(cls, field: str, message: str) -> ProgrammeError:
        """Shorthand for a single problem."""
        return cls(Problem(field, message))

    def as_json(self) -> list[dict[str, str]]:
        """``[{"field": ..., "problem": ...}]`` for API responses."""
        return [{"field": p.field, "problem": p.message} for p in self.problems]


class NotFoundError(ProgrammeError):
    """A programme, agreement, entry or other record named in the input does not exist."""


class Refused(ProgrammeError):
    """The input is well-formed but a rule refuses it (earmark, consultation, append-only ...)."""


class Collector:
    """Collect problems, then raise them together::

    c = Collector()
    c.check(amount > 0, "amount", "must be greater than zero")
    c.raise_if_any()
    """

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, field: str, message: str) -> None:
        """Record a problem."""
        self.problems.append(Problem(field, message))

    def check(self, ok: bool, field: str, message: str) -> bool:
        """Record ``message`` for ``field`` unless ``ok``; return ``ok``."""
        if not ok:
            self.add(field, message)
        return ok

    def raise_if_any(self, cls: type[ProgrammeError] = ProgrammeError) -> None:
        """Raise ``cls`` with every problem collected so far, if any."""
        if self.problems:
            raise cls(self.problems)
