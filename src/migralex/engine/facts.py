"""Facts: the typed inputs of a case. A fact that is not given is *unknown* (``None``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from migralex.engine.errors import FactError
from migralex.engine.values import Value

if TYPE_CHECKING:
    import polars as pl

#: Scale of decimal columns in the batch evaluator (money to the øre / penny and rates).
DECIMAL_SCALE = 4


_POLARS_TYPES: dict[str, pl.DataType] = {}


def polars_types() -> dict[str, pl.DataType]:
    """The polars column type of each fact and parameter type name (polars is imported on first use only:
    the single-case evaluator never needs it)."""
    if not _POLARS_TYPES:
        import polars

        _POLARS_TYPES.update(
            {
                "bool": polars.Boolean(),
                "int": polars.Int64(),
                "decimal": polars.Decimal(38, DECIMAL_SCALE),
                "date": polars.Date(),
                "code": polars.String(),
                "code_set": polars.List(polars.String()),
            }
        )
    return _POLARS_TYPES


def __getattr__(name: str) -> Any:
    """``DECIMAL_DTYPE``, the polars type of amounts, made on first use."""
    if name == "DECIMAL_DTYPE":
        return polars_types()["decimal"]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")


class FactType(Enum):
    """The type of a fact. ``LIST`` is a list of records whose fields are typed by :class:`ItemField`."""

    BOOL = "bool"
    INT = "int"
    DECIMAL = "decimal"
    DATE = "date"
    CODE = "code"
    CODE_SET = "code_set"
    LIST = "list"


#: The unit of a share written in percent: the value lies in 0-100 (55 means 55 %).
PERCENT = "%"


@dataclass(frozen=True)
class ItemField:
    """One field of the records of a list fact: its type (a scalar type or a code set) and its codes."""

    type: FactType
    label: str = ""
    codes: tuple[str, ...] = ()
    unit: str = ""
    minimum: int | None = None
    maximum: int | None = None

    def __post_init__(self) -> None:
        if self.type is FactType.LIST:
            raise ValueError("a list item field cannot itself be a list")
        if self.type in (FactType.CODE, FactType.CODE_SET) and not self.codes:
            raise ValueError("a code item field needs its list of codes")


def _bounds(unit: str, minimum: int | None, maximum: int | None) -> tuple[int | None, int | None]:
    """Percent values lie in 0-100 unless narrower bounds are declared."""
    if unit == PERCENT:
        return (0 if minimum is None else minimum, 100 if maximum is None else maximum)
    return minimum, maximum


def _parse_scalar(
    where: str, t: FactType, codes: tuple[str, ...], minimum: int | None, maximum: int | None, raw: Any
) -> Value:
    """Parse a non-list value of type ``t``; errors name ``where`` (a fact id, or ``id[i].field``)."""
    if raw is None:
        return None
    if t is FactType.BOOL:
        if isinstance(raw, bool):
            return raw
        raise FactError(where, f"expected true or false, got {raw!r}")
    if t is FactType.INT:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise FactError(where, f"expected a whole number, got {raw!r}")
        _check_range(where, raw, minimum, maximum)
        return raw
    if t is FactType.DECIMAL:
        if isinstance(raw, bool) or not isinstance(raw, int | float | str | Decimal):
            raise FactError(where, f'expected an amount such as "57000.00", got {raw!r}')
        try:
            value = Decimal(str(raw))
        except InvalidOperation:
            raise FactError(where, f'expected an amount such as "57000.00", got {raw!r}') from None
        if not value.is_finite():
            raise FactError(where, f"amount must be finite, got {raw!r}")
        if value != value.quantize(Decimal(1).scaleb(-DECIMAL_SCALE)):
            raise FactError(where, f"amount has more than {DECIMAL_SCALE} decimal places: {raw!r}")
        _check_range(where, value, minimum, maximum)
        return value
    if t is FactType.DATE:
        if isinstance(raw, date):
            return raw
        if not isinstance(raw, str):
            raise FactError(where, f"expected a date as YYYY-MM-DD, got {raw!r}")
        return parse_date(raw, where)
    if t is FactType.CODE:
        if not isinstance(raw, str):
            raise FactError(where, f"expected one of {', '.join(codes)}, got {raw!r}")
        if raw not in codes:
            raise FactError(where, f"unknown code {raw!r}; expected one of {', '.join(codes)}")
        return raw
    if isinstance(raw, str) or not isinstance(raw, list | tuple | set | frozenset):
        raise FactError(where, f"expected a list of codes from {', '.join(codes)}, got {raw!r}")
    bad = [c for c in raw if c not in codes]
    if bad:
        raise FactError(where, f"unknown code(s) {bad!r}; expected codes from {', '.join(codes)}")
    return frozenset(raw)


def _check_range(where: str, value: int | Decimal, minimum: int | None, maximum: int | None) -> None:
    if minimum is not None and value < minimum:
        raise FactError(where, f"must be at least {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise FactError(where, f"must be at most {maximum}, got {value}")


def _scalar_schema(
    t: FactType, codes: tuple[str, ...], unit: str, minimum: int | None, maximum: int | None
) -> dict[str, Any]:
    """JSON Schema of a non-list value (``null`` allowed: unknown)."""
    base: dict[str, Any]
    if t is FactType.BOOL:
        base = {"type": ["boolean", "null"]}
    elif t is FactType.INT:
        base = {"type": ["integer", "null"]}
    elif t is FactType.DECIMAL:
        base = {"type": ["string", "number", "null"], "pattern": r"^-?\d+(\.\d+)?$", "format": "decimal"}
    elif t is FactType.DATE:
        base = {"type": ["string", "null"], "format": "date"}
    elif t is FactType.CODE:
        base = {"enum": [*codes, None]}
    else:
        base = {"type": ["array", "null"], "items": {"enum": list(codes)}, "uniqueItems": True}
    if t in (FactType.INT, FactType.DECIMAL):
        if minimum is not None:
            base["minimum"] = minimum
        if maximum is not None:
            base["maximum"] = maximum
    if unit:
        base["x-unit"] = unit
    return base


@dataclass(frozen=True, eq=False)
class FactSpec:
    """The definition of a fact: id (``applicant.birth_date``), type, label, description.

    A ``unit`` of ``"%"`` (:data:`PERCENT`) makes the fact a percentage: its range is 0-100 unless
    ``minimum``/``maximum`` narrow it, and its description says so. A ``LIST`` fact has ``item`` fields.
    """

    id: str
    type: FactType
    label: str
    description: str = ""
    codes: tuple[str, ...] = ()
    unit: str = ""
    minimum: int | None = None
    extra: Mapping[str, str] = field(default_factory=dict)
    maximum: int | None = None
    item: Mapping[str, ItemField] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not _ID.match(self.id):
            raise ValueError(
                f"fact id {self.id!r} must be dotted lower_snake_case, e.g. 'sponsor.birth_date'"
            )
        if self.type in (FactType.CODE, FactType.CODE_SET) and not self.codes:
            raise ValueError(f"fact {self.id}: a code fact needs its list of codes")
        if (self.type is FactType.LIST) != bool(self.item):
            raise ValueError(f"fact {self.id}: a list fact (and only a list fact) declares its item fields")
        for name in self.item:
            if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
                raise ValueError(f"fact {self.id}: item field {name!r} must be lower_snake_case")
        if self.unit == PERCENT and self.type not in (FactType.INT, FactType.DECIMAL):
            raise ValueError(f"fact {self.id}: only a number can be a percentage")

    @property
    def bounds(self) -> tuple[int | None, int | None]:
        """(minimum, maximum), with 0-100 for a percentage."""
        return _bounds(self.unit, self.minimum, self.maximum)

    @property
    def full_description(self) -> str:
        """The description, with the unit and range of a percentage spelt out."""
        text = self.description or self.label
        if self.unit == PERCENT:
            lo, hi = self.bounds
            text = f"{text} (in %, {lo}-{hi}: write 55 for 55 %, not 0.55)"
        return text

    # --- parsing -------------------------------------------------------------
    def parse(self, raw: Any) -> Value:
        """Turn a JSON value into the fact's typed value, or raise :class:`FactError` naming the fact.

        A list fact takes a JSON array of objects; every object must have every item field (``null`` =
        unknown) and no other; errors name the fact, the item index and the field
        (``person.assets[2].value``).
        """
        if self.type is not FactType.LIST:
            lo, hi = self.bounds
            return _parse_scalar(self.id, self.type, self.codes, lo, hi, raw)
        return self._parse_list(raw)

    @cached_property
    def parser(self) -> Callable[[Any], Value]:
        """:meth:`parse` with a fast path for well-formed values of its type (made once per fact).

        Anything the fast path does not accept goes to :meth:`parse`: the same values, the same errors.
        """
        return _fast_parser(self)

    def _parse_list(self, raw: Any) -> Value:
        if raw is None:
            return None
        if isinstance(raw, str | bytes) or not isinstance(raw, list | tuple):
            fields = ", ".join(self.item)
            raise FactError(self.id, f"expected a list of items with fields {fields}, got {raw!r}")
        items: list[Mapping[str, Value]] = []
        for i, entry in enumerate(raw):
            where = f"{self.id}[{i}]"
            if not isinstance(entry, Mapping):
                fields = ", ".join(self.item)
                raise FactError(where, f"expected an object with fields {fields}, got {entry!r}")
            extra = sorted(set(entry) - set(self.item))
            if extra:
                raise FactError(f"{where}.{extra[0]}", f"unknown field; expected {', '.join(self.item)}")
            record: dict[str, Value] = {}
            for name, f in self.item.items():
                if name not in entry:
                    raise FactError(f"{where}.{name}", "missing field (write null when it is unknown)")
                lo, hi = _bounds(f.unit, f.minimum, f.maximum)
                record[name] = _parse_scalar(f"{where}.{name}", f.type, f.codes, lo, hi, entry[name])
            items.append(MappingProxyType(record))
        return tuple(items)

    # --- schemas -------------------------------------------------------------
    def json_schema(self) -> dict[str, Any]:
        """JSON Schema of the fact's value (``null`` always allowed: it means unknown)."""
        base: dict[str, Any]
        if self.type is FactType.LIST:
            props: dict[str, Any] = {}
            for name, f in self.item.items():
                lo, hi = _bounds(f.unit, f.minimum, f.maximum)
                props[name] = {"title": f.label or name, **_scalar_schema(f.type, f.codes, f.unit, lo, hi)}
            base = {
                "type": ["array", "null"],
                "items": {
                    "type": "object",
                    "properties": props,
                    "required": list(self.item),
                    "additionalProperties": False,
                },
            }
        else:
            lo, hi = self.bounds
            base = _scalar_schema(self.type, self.codes, self.unit, lo, hi)
        return {"title": self.label, "description": self.full_description, **base}

    def column_value(self, value: Value) -> Any:
        """The value as a polars column takes it (a list fact: a list of dicts)."""
        if self.type is FactType.LIST and isinstance(value, tuple):
            return [dict(item) for item in value]
        if isinstance(value, frozenset):
            return sorted(value)
        return value

    def polars_dtype(self) -> pl.DataType:
        """The column type of this fact in the batch evaluator (a list fact: a list of structs)."""
        types = polars_types()
        if self.type is FactType.LIST:
            import polars

            return polars.List(polars.Struct({name: types[f.type.value] for name, f in self.item.items()}))
        return types[self.type.value]


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _fast_parser(spec: FactSpec) -> Callable[[Any], Value]:
    """A parser of one fact that accepts the common well-formed values itself and hands the rest to
    :meth:`FactSpec.parse` (which returns the same value or raises the error naming the fact)."""
    slow = spec.parse
    t = spec.type
    if t is FactType.BOOL:

        def parse_bool(raw: Any) -> Value:
            return raw if raw is None or raw.__class__ is bool else slow(raw)

        return parse_bool
    if t is FactType.INT:
        lo, hi = spec.bounds

        def parse_int(raw: Any) -> Value:
            if raw.__class__ is int and (lo is None or raw >= lo) and (hi is None or raw <= hi):
                return raw
            return slow(raw)

        return parse_int
    if t is FactType.DATE:
        match = _ISO_DATE.fullmatch

        def parse_iso(raw: Any) -> Value:
            if raw.__class__ is str and match(raw):
                try:
                    return date.fromisoformat(raw)
                except ValueError:
                    pass
            return slow(raw)

        return parse_iso
    if t is FactType.CODE:
        codes = frozenset(spec.codes)

        def parse_code(raw: Any) -> Value:
            return raw if raw.__class__ is str and raw in codes else slow(raw)

        return parse_code
    return slow


def parse_date(raw: str, field_name: str) -> date:
    """Parse an ISO date, naming the field when it is malformed or impossible (e.g. 30 February)."""
    if not _ISO_DATE.fullmatch(raw):
        raise FactError(field_name, f"expected a date as YYYY-MM-DD, got {raw!r}")
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise FactError(field_name, f"not a valid date: {raw!r} ({exc})") from None


def parse_facts(
    specs: Mapping[str, FactSpec], raw: Mapping[str, Any], *, ignore_unknown: bool = False
) -> dict[str, Value]:
    """Validate a JSON object of facts against the specs a program reads.

    Unknown fact ids are an error (a typo would otherwise pass as "unknown"), unless ``ignore_unknown``.
    """
    if not isinstance(raw, Mapping):
        raise FactError("facts", "expected a JSON object mapping fact ids to values")
    out: dict[str, Value] = {}
    for key, value in raw.items():
        spec = specs.get(key)
        if spec is None:
            if ignore_unknown:
                continue
            raise FactError(str(key), "unknown fact id for this program (see `migralex schema PROGRAM`)")
        out[key] = spec.parser(value)
    return out


def facts_json_schema(program_id: str, specs: Iterable[FactSpec]) -> dict[str, Any]:
    """JSON Schema of a program's facts file: one optional property per fact id."""
    props = {s.id: s.json_schema() for s in sorted(specs, key=lambda s: s.id)}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"Facts read by {program_id}",
        "description": "Each property is a fact. Leave a fact out, or set it to null, when it is unknown.",
        "type": "object",
        "properties": props,
        "additionalProperties": False,
    }
