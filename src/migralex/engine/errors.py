"""Errors raised by the engine. Every message names the field or node at fault."""

from __future__ import annotations


class MigralexError(Exception):
    """Base class for all migralex errors."""


class FactError(MigralexError):
    """A fact value is malformed, of the wrong type, or not read by the program.

    >>> str(FactError("sponsor.birth_date", "not a valid date: '2025-02-30'"))
    "sponsor.birth_date: not a valid date: '2025-02-30'"
    """

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


class ParameterError(MigralexError):
    """A parameter file is malformed, or a parameter has no value on the date asked."""

    def __init__(self, parameter: str, problem: str) -> None:
        super().__init__(f"parameter {parameter}: {problem}")
        self.parameter = parameter
        self.problem = problem


class DefinitionError(MigralexError):
    """A rule definition is inconsistent (duplicate ids, unknown parameters, type clashes)."""


class ExceptionConflictError(MigralexError):
    """Two exceptions of the same priority apply to one case: the law is ambiguous here.

    Catala's lesson: never pick one silently.
    """

    def __init__(self, node_id: str, exceptions: list[str], detail: str = "") -> None:
        names = ", ".join(exceptions)
        super().__init__(
            f"condition {node_id}: exceptions {names} apply at the same priority; "
            f"the rules conflict{(' (' + detail + ')') if detail else ''}"
        )
        self.node_id = node_id
        self.exceptions = exceptions


class UnknownProgramError(MigralexError):
    """No program or reform of that name is registered."""
