"""Errors the engine raises, as translatable messages chosen by the error's type (never by its English text).

The casework services, the pages and the policy lab's runs show them: :func:`engine_error` gives the
message and the field it names (a fact that cannot be read says what its value must be, from the fact's
type, codes and bounds; a parameter without a value on the date names the parameter; exceptions that
conflict name the condition). The messages are English (:class:`~migralex.i18n.Message`), so an API keeps
stable English text, and are translated where a page shows them (catalogue domain ``casework``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from migralex.engine.errors import (
    ExceptionConflictError,
    FactError,
    MigralexError,
    ParameterError,
)
from migralex.engine.facts import FactSpec, FactType
from migralex.i18n import N_, Message, term

#: What a value of each fact type must look like.
EXPECTED: dict[FactType, Message] = {
    FactType.BOOL: term("yes or no (true or false)"),
    FactType.INT: term("a whole number"),
    FactType.DECIMAL: term("an amount in figures, like 57000.00"),
    FactType.DATE: term("a real date written as YYYY-MM-DD"),
}


def _expected(kind: FactType, codes: tuple[str, ...], fields: tuple[str, ...]) -> Any:
    if kind is FactType.CODE:
        return N_("one of the codes %(codes)s", codes=list(codes))
    if kind is FactType.CODE_SET:
        return N_("a list of codes from %(codes)s", codes=list(codes))
    if kind is FactType.LIST:
        return N_("a list of items with the fields %(fields)s", fields=list(fields))
    return EXPECTED[kind]


def _bounded(expected: Any, minimum: int | None, maximum: int | None) -> Any:
    if minimum is not None and maximum is not None:
        return N_("%(expected)s from %(min)s to %(max)s", expected=expected, min=minimum, max=maximum)
    if minimum is not None:
        return N_("%(expected)s of at least %(min)s", expected=expected, min=minimum)
    if maximum is not None:
        return N_("%(expected)s of at most %(max)s", expected=expected, max=maximum)
    return expected


def expected_of(spec: FactSpec) -> Any:
    """What a value of the fact ``spec`` must be, in words (its type, codes or fields, and bounds)."""
    lo, hi = spec.bounds if spec.type is not FactType.LIST else (None, None)
    return _bounded(_expected(spec.type, spec.codes, tuple(spec.item)), lo, hi)


def answer_error(exc: FactError, spec: FactSpec) -> str:
    """An answer to the question about ``spec`` that cannot be read, beside the question (the fact is
    named by the question itself; a list's item field is named)."""
    if exc.field == spec.id:
        return N_("The answer must be %(expected)s", expected=expected_of(spec))
    return fact_error(exc, {spec.id: spec})


_ITEM = re.compile(r"^(?P<fact>[^\[]+)\[\d+\](?:\.(?P<field>\w+))?$")


def fact_error(exc: FactError, specs: Mapping[str, FactSpec], given: Mapping[str, Any] | None = None) -> str:
    """A fact the engine could not read, as a message naming the fact and what its value must be.

    Read from the error's ``field`` and the program's fact types (never from the engine's English text).
    """
    where = exc.field
    if where == "facts":
        return N_("the facts must be an object mapping each fact id to its value")
    spec = specs.get(where)
    if spec is not None:
        expected = expected_of(spec)
        if given is not None and where in given:  # the value as entered, so the reader sees what was wrong
            return N_(
                "%(fact)s cannot be read: it must be %(expected)s (given: %(value)s)",
                fact=where,
                expected=expected,
                value=repr(given[where]),
            )
        return N_("%(fact)s cannot be read: it must be %(expected)s", fact=where, expected=expected)
    item = _ITEM.match(where)
    parent = specs.get(item.group("fact")) if item else None
    if item is not None and parent is not None and parent.type is FactType.LIST:
        fields = tuple(parent.item)
        name = item.group("field")
        if name is None:
            return N_(
                "%(fact)s cannot be read: each item must have the fields %(fields)s",
                fact=where,
                fields=list(fields),
            )
        if name not in parent.item:
            return N_(
                "%(fact)s is not a field of these items; the fields are %(fields)s",
                fact=where,
                fields=list(fields),
            )
        f = parent.item[name]
        expected = _bounded(_expected(f.type, f.codes, ()), f.minimum, f.maximum)
        return N_(
            "%(fact)s cannot be read: it must be %(expected)s (null when not known)",
            fact=where,
            expected=expected,
        )
    return N_("%(fact)s is not a fact this program reads", fact=where)


def engine_error(
    exc: MigralexError, specs: Mapping[str, FactSpec] | None = None, given: Mapping[str, Any] | None = None
) -> tuple[str, str]:
    """(message, field) for an error the engine raised while reading facts or applying the rules, by its
    type: a fact that cannot be read names the fact (``facts.<id>``), a parameter without a value on the
    date names the date, conflicting exceptions name the condition."""
    if isinstance(exc, FactError):
        return fact_error(exc, specs or {}, given), "facts" if exc.field == "facts" else f"facts.{exc.field}"
    if isinstance(exc, ParameterError):
        return N_(
            "the rules cannot be applied on this date: parameter %(parameter)s has no value in force then",
            parameter=exc.parameter,
        ), "date"
    if isinstance(exc, ExceptionConflictError):
        return N_(
            "the rules conflict for these facts: the exceptions %(exceptions)s of %(node)s apply at the "
            "same priority",
            exceptions=list(exc.exceptions),
            node=exc.node_id,
        ), "facts"
    return N_("the rules could not be applied to these facts"), "facts"
