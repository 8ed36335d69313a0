"""Label templates: a label states a threshold through the parameter that holds it.

Syntax: ``{param:PARAMETER_ID}`` anywhere in a condition's (or exception's, or computation's) label is
replaced by the value of that parameter actually used for the case: on the decision date, under the reform
being applied. Nothing else in a label is special (other braces are kept as written)::

    condition(P + ".sponsor_age",
              "The sponsor is at least {param:dk.family_reunification.spouse.min_age} years old", ...)

reads "The sponsor is at least 24 years old" on 2025-03-01, and "... at least 21 years old" under a reform
that sets the parameter to 21. A parameter with no value on that date shows as ``[unknown]``. The ids a
label names must be parameters of the rule pack (checked when the pack is built).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation

from migralex.engine.values import Value, show

PLACEHOLDER = re.compile(r"\{param:([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)\}")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?![\w])")


def label_parameters(label: str) -> list[str]:
    """The parameter ids a label template names, in order, each once."""
    return list(dict.fromkeys(PLACEHOLDER.findall(label)))


def fill_label(label: str, value_of: Callable[[str], Value]) -> str:
    """Replace every ``{param:ID}`` by ``show(value_of(ID))`` (``[unknown]`` for None)."""

    def one(m: re.Match[str]) -> str:
        value = value_of(m.group(1))
        return "[unknown]" if value is None else show(value)

    return PLACEHOLDER.sub(one, label)


def numbers_in(text: str) -> list[Decimal]:
    """Number literals written in a text (placeholders removed first): "24 years, DKK 57,000" -> 24, 57000."""
    out: list[Decimal] = []
    for raw in _NUMBER.findall(PLACEHOLDER.sub(" ", text)):
        try:
            out.append(Decimal(raw.replace(",", "")))
        except InvalidOperation:
            continue
    return out


def literals_equal_to(label: str, values: Iterable[Value]) -> list[Decimal]:
    """Number literals in ``label`` equal to one of ``values`` (numbers only): a label should use a template.

    Years such as 2016 in a date are numbers too; callers pass only the values of parameters the node reads.
    """
    numeric = {Decimal(v) for v in values if isinstance(v, int | Decimal) and not isinstance(v, bool)}
    return [n for n in numbers_in(label) if n in numeric]
