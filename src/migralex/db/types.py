"""Column types.

``ExactDecimal`` stores a :class:`decimal.Decimal` exactly on every backend:
``NUMERIC(p, s)`` on PostgreSQL, and a canonical decimal string on SQLite, whose
``NUMERIC`` affinity would otherwise round-trip through a binary float.
Arithmetic on these columns is done in Python, never in SQL, so that both
backends give the same, exact answers.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

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
