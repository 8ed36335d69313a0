"""The single-case evaluator (kept for older imports): see :mod:`migralex.engine.backends.scalar`."""

from migralex.engine.backends.scalar import (
    NO_VALUE_SOURCE,
    NOT_IN_FORCE,
    ExceptionResult,
    NodeResult,
    Run,
    ev,
    missing,
    resolve,
)

__all__ = [
    "NOT_IN_FORCE",
    "NO_VALUE_SOURCE",
    "ExceptionResult",
    "NodeResult",
    "Run",
    "ev",
    "missing",
    "resolve",
]
