"""Column types.

``ExactDecimal`` stores a :class:`decimal.Decimal` exactly on every backend:
``NUMERIC(p, s)`` on PostgreSQL, and a canonical decimal string on SQLite, whose
``NUMERIC`` affinity would otherwise round-trip through a binary float.
Arithmetic on these columns is done in Python, never in SQL, so that both
backends give the same, exact answers.

``EncodedJSON`` is a JSON object with its text already written (a decision's explanation, encoded once
by the engine), stored as that text by an engine made with ``json_serializer=dumps_json``.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import orjson
from sqlalchemy import Numeric, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine


class ExactDecimal(TypeDecorator[Decimal]):
    """A Decimal column that is exact on PostgreSQL and on SQLite."""

    impl = Numeric
    cache_ok = True

    def __init__(self, precision: int = 22, scale: int = 4) -> None:
        super().__init__(precision=precision, scale=scale, asdecimal=True)
        self.precision = precision
        self.scale = scale

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String(self.precision + 2))
        return dialect.type_descriptor(Numeric(self.precision, self.scale, asdecimal=True))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("ExactDecimal refuses float values; pass a Decimal")
        dec = value if isinstance(value, Decimal) else Decimal(value)
        dec = dec.quantize(Decimal(1).scaleb(-self.scale))
        if dialect.name == "sqlite":
            return format(dec, "f")
        return dec

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return Decimal(str(value)) if not isinstance(value, Decimal) else value


class EncodedJSON(dict[str, Any]):
    """A JSON object that carries its own text: a JSON column (on an engine made with
    ``json_serializer=``:func:`dumps_json`) stores that text as it is instead of encoding the object
    again. Made from text (:meth:`from_text`), so the object and the stored text are the same JSON;
    never changed afterwards (it is stored exactly, as a decision's explanation)."""

    __slots__ = ("text",)

    text: str

    @classmethod
    def from_text(cls, text: str | bytes) -> EncodedJSON:
        """The object of the JSON object ``text`` (UTF-8 if bytes), carrying that text."""
        obj = cls(orjson.loads(text))
        obj.text = text.decode("utf-8") if isinstance(text, bytes) else text
        return obj


def dumps_json(value: Any) -> str:
    """A JSON column's serialiser: the text an :class:`EncodedJSON` carries, else :func:`json.dumps` (as
    SQLAlchemy's default, so every other value is stored as before)."""
    if isinstance(value, EncodedJSON):
        return value.text
    return json.dumps(value)
