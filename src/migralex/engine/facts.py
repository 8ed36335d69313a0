"""Facts: the typed inputs of a case. A fact that is not given is *unknown* (``None``)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import TYPE_CHECKING, Any

import polars as pl

from migralex.engine.errors import FactError
from migralex.engine.values import Value

if TYPE_CHECKING:
    from migralex.engine.expressions import Expr

#: Scale of decimal columns in the batch evaluator (money to the øre / penny and rates).
DECIMAL_SCALE = 4
DECIMAL_DTYPE = pl.Decimal(38, DECIMAL_SCALE)

_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")


class FactType(Enum):
    """The type of a fact."""

    BOOL = "bool"
    INT = "int"
    DECIMAL = "decimal"
    DATE = "date"
    CODE = "code"
    CODE_SET = "code_set"


@dataclass(frozen=True, eq=False)
class FactSpec:
    """The definition of a fact: id (``applicant.birth_date``), type, label, description."""

    id: str
    type: FactType
    label: str
    description: str = ""
    codes: tuple[str, ...] = ()
    unit: str = ""
    minimum: int | None = None
    extra: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not _ID.match(self.id):
            raise ValueError(
                f"fact id {self.id!r} must be dotted lower_snake_case, e.g. 'sponsor.birth_date'"
            )
        if self.type in (FactType.CODE, FactType.CODE_SET) and not self.codes:
            raise ValueError(f"fact {self.id}: a code fact needs its list of codes")

    # --- parsing -------------------------------------------------------------
    def parse(self, raw: Any) -> Value:
        """Turn a JSON value into the fact's typed value, or raise :class:`FactError` naming the fact."""
        if raw is None:
            return None
        t = self.type
        if t is FactType.BOOL:
            if isinstance(raw, bool):
                return raw
            raise FactError(self.id, f"expected true or false, got {raw!r}")
        if t is FactType.INT:
            if isinstance(raw, bool) or not isinstance(raw, int):
                raise FactError(self.id, f"expected a whole number, got {raw!r}")
            if self.minimum is not None and raw < self.minimum:
                raise FactError(self.id, f"must be at least {self.minimum}, got {raw}")
            return raw
        if t is FactType.DECIMAL:
            if isinstance(raw, bool) or not isinstance(raw, int | float | str | Decimal):
                raise FactError(self.id, f'expected an amount such as "57000.00", got {raw!r}')
            try:
                value = Decimal(str(raw))
            except InvalidOperation:
                raise FactError(self.id, f'expected an amount such as "57000.00", got {raw!r}') from None
            if not value.is_finite():
                raise FactError(self.id, f"amount must be finite, got {raw!r}")
            if value != value.quantize(Decimal(1).scaleb(-DECIMAL_SCALE)):
                raise FactError(self.id, f"amount has more than {DECIMAL_SCALE} decimal places: {raw!r}")
            if self.minimum is not None and value < self.minimum:
                raise FactError(self.id, f"must be at least {self.minimum}, got {raw}")
            return value
        if t is FactType.DATE:
            if isinstance(raw, date):
                return raw
            if not isinstance(raw, str):
                raise FactError(self.id, f"expected a date as YYYY-MM-DD, got {raw!r}")
            return parse_date(raw, self.id)
        if t is FactType.CODE:
            if not isinstance(raw, str):
                raise FactError(self.id, f"expected one of {', '.join(self.codes)}, got {raw!r}")
            if raw not in self.codes:
                raise FactError(self.id, f"unknown code {raw!r}; expected one of {', '.join(self.codes)}")
            return raw
        # CODE_SET
        if isinstance(raw, str) or not isinstance(raw, list | tuple | set | frozenset):
            raise FactError(self.id, f"expected a list of codes from {', '.join(self.codes)}, got {raw!r}")
        bad = [c for c in raw if c not in self.codes]
        if bad:
            raise FactError(self.id, f"unknown code(s) {bad!r}; expected codes from {', '.join(self.codes)}")
        return frozenset(raw)

    # --- schemas -------------------------------------------------------------
    def json_schema(self) -> dict[str, Any]:
        """JSON Schema of the fact's value (``null`` always allowed: it means unknown)."""
        base: dict[str, Any]
        t = self.type
        if t is FactType.BOOL:
            base = {"type": ["boolean", "null"]}
        elif t is FactType.INT:
            base = {"type": ["integer", "null"]}
            if self.minimum is not None:
                base["minimum"] = self.minimum
        elif t is FactType.DECIMAL:
            base = {
                "type": ["string", "number", "null"],
                "pattern": r"^-?\d+(\.\d+)?$",
                "format": "decimal",
            }
            if self.unit:
                base["x-unit"] = self.unit
        elif t is FactType.DATE:
            base = {"type": ["string", "null"], "format": "date"}
        elif t is FactType.CODE:
            base = {"enum": [*self.codes, None]}
        else:
            base = {"type": ["array", "null"], "items": {"enum": list(self.codes)}, "uniqueItems": True}
        return {"title": self.label, "description": self.description or self.label, **base}

    def polars_dtype(self) -> pl.DataType:
        """The column type of this fact in the batch evaluator."""
        t = self.type
        if t is FactType.BOOL:
            return pl.Boolean()
        if t is FactType.INT:
            return pl.Int64()
        if t is FactType.DECIMAL:
            return DECIMAL_DTYPE
        if t is FactType.DATE:
            return pl.Date()
        if t is FactType.CODE:
            return pl.String()
        return pl.List(pl.String())


def parse_date(raw: str, field_name: str) -> date:
    """Parse an ISO date, naming the field when it is malformed or impossible (e.g. 30 February)."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
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
        out[key] = spec.parse(value)
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


def as_expr(spec: FactSpec) -> Expr:
    """The expression that reads this fact."""
    from migralex.engine.expressions import FactRef

    return FactRef(spec)
