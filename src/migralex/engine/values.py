"""The values the engine computes with, and their JSON forms."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

#: One item of a list fact: field name -> value (a field's value may be ``None``: unknown).
Record = Mapping[str, Any]
#: A value of a fact, parameter or node. ``None`` means *unknown*. A list fact is a tuple of records.
Value = bool | int | Decimal | date | str | frozenset[str] | tuple[Record, ...] | None


#: types whose values are their own JSON form
PLAIN_JSON: frozenset[type] = frozenset({bool, int, str, type(None)})


def to_json(value: Any) -> Any:
    """JSON-ready form of a value: dates as ISO strings, decimals as strings, sets as sorted lists."""
    if type(value) in PLAIN_JSON:
        return value
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, frozenset | set):
        return sorted(value)
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    return value


def show(value: Any) -> str:
    """Short human form of a value for text explanations."""
    if value is None:
        return "unknown"
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, frozenset | set):
        return "{" + ", ".join(sorted(value)) + "}" if value else "{}"
    if isinstance(value, Decimal):
        return f"{value:,}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return f"{len(value)} item(s)"
    return str(value)
