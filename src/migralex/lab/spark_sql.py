"""Spark SQL expression text with the shape of pyspark's Column API.

The native rule compiler (:mod:`migralex.lab.spark_native`) builds thousands of expression nodes; as pyspark
Columns each node is a py4j call to the JVM (6,101 calls, 3.6 s for the Danish spouse program with two
reforms). The same calls on :class:`Sql` only build text in Python, and each projection is handed to Spark
once (``DataFrame.selectExpr``), where the parser builds the same expressions. The subset here is what the
compiler uses: operators, ``when``/``otherwise``, ``isNull``, ``cast``, ``alias``, ``isin``,
``eqNullSafe``, ``getField`` and the functions of :data:`functions`' namespace, including higher-order
functions whose Python lambdas are called once with a fresh lambda variable.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

_lambda_ids = itertools.count(1)


def quote(name: str) -> str:
    """A column name as a quoted SQL identifier."""
    return "`" + name.replace("`", "``") + "`"


def _string(s: str) -> str:
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"


def sql_of(value: Any) -> str:
    """The SQL text of a :class:`Sql` or of a Python literal (as ``functions.lit`` types it)."""
    if isinstance(value, Sql):
        return value.sql
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value) if -(2**31) <= value < 2**31 else f"{value}L"
    if isinstance(value, Decimal):
        return f"{format(value, 'f')}BD"
    if isinstance(value, float):
        return f"{value!r}D"
    if isinstance(value, date):
        return f"DATE'{value.isoformat()}'"
    if isinstance(value, str):
        return _string(value)
    raise TypeError(f"no SQL literal for {value!r}")


def _type(t: Any) -> str:
    return t if isinstance(t, str) else str(t.simpleString())


class Sql:
    """One SQL expression (and the name it is selected as, after :meth:`alias`)."""

    __slots__ = ("name", "sql")

    def __init__(self, sql: str, name: str | None = None) -> None:
        self.sql = sql
        self.name = name

    def __repr__(self) -> str:
        return f"Sql({self.selected()!r})"

    def __bool__(self) -> bool:
        raise TypeError("a SQL expression has no truth value: use & | ~ for AND OR NOT")

    def selected(self) -> str:
        """The text for a select list (``expr AS name`` after :meth:`alias`)."""
        return self.sql if self.name is None else f"{self.sql} AS {quote(self.name)}"

    def _op(self, op: str, other: Any, reverse: bool = False) -> Sql:
        a, b = sql_of(self), sql_of(other)
        return Sql(f"({b} {op} {a})" if reverse else f"({a} {op} {b})")

    def __and__(self, other: Any) -> Sql:
        return self._op("AND", other)

    def __or__(self, other: Any) -> Sql:
        return self._op("OR", other)

    def __invert__(self) -> Sql:
        return Sql(f"(NOT {self.sql})")

    def __eq__(self, other: Any) -> Sql:  # type: ignore[override]
        return self._op("=", other)

    def __ne__(self, other: Any) -> Sql:  # type: ignore[override]
        return self._op("!=", other)

    def __lt__(self, other: Any) -> Sql:
        return self._op("<", other)

    def __le__(self, other: Any) -> Sql:
        return self._op("<=", other)

    def __gt__(self, other: Any) -> Sql:
        return self._op(">", other)

    def __ge__(self, other: Any) -> Sql:
        return self._op(">=", other)

    def __add__(self, other: Any) -> Sql:
        return self._op("+", other)

    def __radd__(self, other: Any) -> Sql:
        return self._op("+", other, reverse=True)

    def __sub__(self, other: Any) -> Sql:
        return self._op("-", other)

    def __rsub__(self, other: Any) -> Sql:
        return self._op("-", other, reverse=True)

    def __mul__(self, other: Any) -> Sql:
        return self._op("*", other)

    def __rmul__(self, other: Any) -> Sql:
        return self._op("*", other, reverse=True)

    def __truediv__(self, other: Any) -> Sql:
        return self._op("/", other)

    __hash__ = None  # type: ignore[assignment]

    def isNull(self) -> Sql:
        return Sql(f"({self.sql} IS NULL)")

    def isNotNull(self) -> Sql:
        return Sql(f"({self.sql} IS NOT NULL)")

    def cast(self, t: Any) -> Sql:
        return Sql(f"CAST({self.sql} AS {_type(t)})")

    def alias(self, name: str) -> Sql:
        return Sql(self.sql, name)

    def isin(self, values: Sequence[Any]) -> Sql:
        return Sql(f"({self.sql} IN ({', '.join(sql_of(v) for v in values)}))")

    def eqNullSafe(self, other: Any) -> Sql:
        return self._op("<=>", other)

    def getField(self, name: str) -> Sql:
        return Sql(f"{self.sql}.{quote(name)}")


class Case(Sql):
    """``CASE WHEN ... END`` being built (``when`` adds a branch, ``otherwise`` closes it)."""

    __slots__ = ("branches",)

    def __init__(self, branches: list[tuple[str, str]]) -> None:
        self.branches = branches
        super().__init__(self._text(None))

    def _text(self, default: str | None) -> str:
        whens = " ".join(f"WHEN {c} THEN {v}" for c, v in self.branches)
        return f"CASE {whens}{'' if default is None else ' ELSE ' + default} END"

    def when(self, condition: Any, value: Any) -> Case:
        return Case([*self.branches, (sql_of(condition), sql_of(value))])

    def otherwise(self, value: Any) -> Sql:
        return Sql(self._text(sql_of(value)))


def _call(name: str, *args: Any) -> Sql:
    return Sql(f"{name}({', '.join(sql_of(a) for a in args)})")


def _lambda(fn: Callable[..., Any], arity: int) -> str:
    names = [f"lv_{next(_lambda_ids)}" for _ in range(arity)]
    body = sql_of(fn(*[Sql(n) for n in names]))
    head = names[0] if arity == 1 else f"({', '.join(names)})"
    return f"{head} -> {body}"


class functions:
    """The functions of ``pyspark.sql.functions`` the compiler uses, building SQL text."""

    @staticmethod
    def col(name: str) -> Sql:
        """A column (``name`` is already quoted by the caller, as pyspark's ``col`` accepts it)."""
        return Sql(name)

    @staticmethod
    def lit(value: Any) -> Sql:
        return Sql(sql_of(value))

    @staticmethod
    def when(condition: Any, value: Any) -> Case:
        return Case([(sql_of(condition), sql_of(value))])

    @staticmethod
    def coalesce(*cols: Any) -> Sql:
        return _call("coalesce", *cols)

    @staticmethod
    def greatest(*cols: Any) -> Sql:
        return _call("greatest", *cols)

    @staticmethod
    def least(*cols: Any) -> Sql:
        return _call("least", *cols)

    @staticmethod
    def bround(col: Any, scale: int) -> Sql:
        return _call("bround", col, scale)

    @staticmethod
    def round(col: Any, scale: int) -> Sql:
        return _call("round", col, scale)

    @staticmethod
    def floor(col: Any) -> Sql:
        return _call("floor", col)

    @staticmethod
    def array(*cols: Any) -> Sql:
        return _call("array", *cols)

    @staticmethod
    def array_contains(col: Any, value: Any) -> Sql:
        return _call("array_contains", col, value)

    @staticmethod
    def arrays_overlap(a: Any, b: Any) -> Sql:
        return _call("arrays_overlap", a, b)

    @staticmethod
    def array_max(col: Any) -> Sql:
        return _call("array_max", col)

    @staticmethod
    def array_min(col: Any) -> Sql:
        return _call("array_min", col)

    @staticmethod
    def add_months(d: Any, months: Any) -> Sql:
        return _call("add_months", d, months)

    @staticmethod
    def date_add(d: Any, days: Any) -> Sql:
        return _call("date_add", d, days)

    @staticmethod
    def datediff(end: Any, start: Any) -> Sql:
        return _call("datediff", end, start)

    @staticmethod
    def dayofmonth(d: Any) -> Sql:
        return _call("dayofmonth", d)

    @staticmethod
    def last_day(d: Any) -> Sql:
        return _call("last_day", d)

    @staticmethod
    def month(d: Any) -> Sql:
        return _call("month", d)

    @staticmethod
    def year(d: Any) -> Sql:
        return _call("year", d)

    @staticmethod
    def raise_error(message: Any) -> Sql:
        return _call("raise_error", message)

    @staticmethod
    def transform(col: Any, fn: Callable[[Sql], Any]) -> Sql:
        return Sql(f"transform({sql_of(col)}, {_lambda(fn, 1)})")

    @staticmethod
    def filter(col: Any, fn: Callable[[Sql], Any]) -> Sql:
        return Sql(f"filter({sql_of(col)}, {_lambda(fn, 1)})")

    @staticmethod
    def exists(col: Any, fn: Callable[[Sql], Any]) -> Sql:
        return Sql(f"exists({sql_of(col)}, {_lambda(fn, 1)})")

    @staticmethod
    def aggregate(col: Any, zero: Any, merge: Callable[[Sql, Sql], Any]) -> Sql:
        return Sql(f"aggregate({sql_of(col)}, {sql_of(zero)}, {_lambda(merge, 2)})")


def select(df: Any, columns: Sequence[Any], keep_all: bool = False) -> Any:
    """``df.select`` of :class:`Sql` columns (or names), as one ``selectExpr`` call (``keep_all``: after
    ``*``)."""
    items = [c.selected() if isinstance(c, Sql) else quote(c) for c in columns]
    return df.selectExpr(*(["*"] if keep_all else []), *items)


def with_columns(df: Any, columns: Mapping[str, Sql]) -> Any:
    """``df.withColumns`` of :class:`Sql` columns (replaced in place, new ones appended), in one call."""
    existing = list(df.columns)
    items = [f"{columns[c].sql} AS {quote(c)}" if c in columns else quote(c) for c in existing]
    items += [f"{s.sql} AS {quote(c)}" for c, s in columns.items() if c not in existing]
    return df.selectExpr(*items)
