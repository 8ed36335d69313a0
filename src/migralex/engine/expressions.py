"""The expression language rules are written in.

Every expression evaluates two ways from the same definition:

* ``ev(run)`` on one case, in plain Python, with Kleene three-valued logic (``None`` = unknown);
* ``pl(compiler)`` to a polars expression over a whole population (polars booleans are Kleene too).

Rule modules build expressions from facts, parameters, constants and the combinators below::

    age_on(SPONSOR_BIRTH_DATE, decision_date()) >= param("dk.family_reunification.spouse.min_age")
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, ClassVar, cast

import polars as pl
from polars import Expr as PlExpr

from migralex.engine import dates, thresholds
from migralex.engine.facts import DECIMAL_DTYPE, DECIMAL_SCALE, FactSpec, FactType, ItemField
from migralex.engine.values import Value

if TYPE_CHECKING:
    from migralex.engine.batch import Compiler
    from migralex.engine.nodes import Node
    from migralex.engine.scalar import Run

_DECIMAL_UNIT = Decimal(1).scaleb(-DECIMAL_SCALE)


def lift(x: Any) -> Expr:
    """Wrap a Python constant as an expression; expressions pass through."""
    if isinstance(x, Expr):
        return x
    if isinstance(x, float):
        raise TypeError("use Decimal or int, never float, in rules")
    if isinstance(x, bool | int | Decimal | date | str):
        return Const(x)
    raise TypeError(f"cannot use {x!r} in a rule expression")


#: polars type of each parameter type (for typed unknowns).
PARAM_DTYPES: dict[str, pl.DataType] = {
    "int": pl.Int64(),
    "decimal": DECIMAL_DTYPE,
    "bool": pl.Boolean(),
    "date": pl.Date(),
    "code": pl.String(),
    "code_set": pl.List(pl.String()),
}


def literal(value: Value, dtype: pl.DataType | None = None) -> pl.Expr:
    """A typed polars literal for an engine value (``dtype`` types an unknown)."""
    if value is None:
        return pl.lit(None, dtype=dtype)
    if isinstance(value, bool):
        return pl.lit(value, dtype=pl.Boolean)
    if isinstance(value, int):
        return pl.lit(value, dtype=pl.Int64)
    if isinstance(value, Decimal):
        return pl.lit(value, dtype=DECIMAL_DTYPE)
    if isinstance(value, date):
        return pl.lit(value, dtype=pl.Date)
    if isinstance(value, str):
        return pl.lit(value, dtype=pl.String)
    if isinstance(value, frozenset):
        return pl.lit(sorted(value), dtype=pl.List(pl.String))
    return pl.lit(None)


class Expr:
    """Base class of all expressions."""

    __slots__ = ()
    #: true for named nodes (conditions and computations), which reforms may replace
    named: ClassVar[bool] = False

    def ev(self, run: Run) -> Value:
        """Evaluate on one case."""
        raise NotImplementedError

    def pl(self, c: Compiler) -> pl.Expr:
        """Compile to a polars expression."""
        raise NotImplementedError

    def children(self) -> Sequence[Expr]:
        """Direct sub-expressions."""
        return ()

    def describe(self) -> str:
        """A readable formula."""
        raise NotImplementedError

    def missing(self, run: Run) -> Iterator[str]:
        """Fact ids whose absence keeps this (unknown) expression unknown: what to ask next."""
        for child in self.children():
            if child.ev(run) is None:
                yield from child.missing(run)

    # --- operators -------------------------------------------------------------------------------
    def __lt__(self, other: Any) -> Expr:
        return Compare("<", self, lift(other))

    def __le__(self, other: Any) -> Expr:
        return Compare("<=", self, lift(other))

    def __gt__(self, other: Any) -> Expr:
        return Compare(">", self, lift(other))

    def __ge__(self, other: Any) -> Expr:
        return Compare(">=", self, lift(other))

    def eq(self, other: Any) -> Expr:
        """Equality (``==`` is kept for Python identity semantics)."""
        return Compare("==", self, lift(other))

    def ne(self, other: Any) -> Expr:
        """Inequality."""
        return Compare("!=", self, lift(other))

    def __add__(self, other: Any) -> Expr:
        return Arith("+", self, lift(other))

    def __radd__(self, other: Any) -> Expr:
        return Arith("+", lift(other), self)

    def __sub__(self, other: Any) -> Expr:
        return Arith("-", self, lift(other))

    def __rsub__(self, other: Any) -> Expr:
        return Arith("-", lift(other), self)

    def __mul__(self, other: Any) -> Expr:
        return Arith("*", self, lift(other))

    def __rmul__(self, other: Any) -> Expr:
        return Arith("*", lift(other), self)

    def __and__(self, other: Any) -> Expr:
        return AllOf((self, lift(other)))

    def __or__(self, other: Any) -> Expr:
        return AnyOf((self, lift(other)))

    def __invert__(self) -> Expr:
        return Not(self)

    def is_in(self, codes: Iterable[str] | Expr) -> Expr:
        """Membership of a code in a set of codes (a constant list or a ``code_set`` parameter)."""
        return IsIn(self, codes if isinstance(codes, Expr) else Const(frozenset(codes)))

    def __repr__(self) -> str:
        return self.describe()


# --- leaves ------------------------------------------------------------------------------------


class Const(Expr):
    """A constant."""

    __slots__ = ("value",)

    def __init__(self, value: Value) -> None:
        self.value = value

    def ev(self, run: Run) -> Value:
        return self.value

    def pl(self, c: Compiler) -> pl.Expr:
        return literal(self.value)

    def describe(self) -> str:
        if isinstance(self.value, frozenset):
            return "{" + ", ".join(sorted(self.value)) + "}"
        if isinstance(self.value, date):
            return self.value.isoformat()
        return repr(self.value) if isinstance(self.value, str) else str(self.value)


class FactRef(Expr):
    """Reads a fact of the case."""

    __slots__ = ("spec",)

    def __init__(self, spec: FactSpec) -> None:
        self.spec = spec

    @property
    def id(self) -> str:
        """The fact id."""
        return self.spec.id

    def ev(self, run: Run) -> Value:
        value = run.facts.get(self.spec.id)
        if run.cur_facts is not None:
            run.cur_facts[self.spec.id] = value
        return value

    def pl(self, c: Compiler) -> pl.Expr:
        return c.fact(self.spec)

    def missing(self, run: Run) -> Iterator[str]:
        if run.facts.get(self.spec.id) is None:
            yield self.spec.id

    def describe(self) -> str:
        return self.spec.id

    def item(self, name: str) -> ItemRef:
        """A field of the current item, inside an aggregate over this list fact (see :mod:`lists`)."""
        if self.spec.type is not FactType.LIST:
            raise TypeError(f"fact {self.spec.id} is not a list fact")
        if name not in self.spec.item:
            raise KeyError(f"list fact {self.spec.id} has no item field {name!r}")
        return ItemRef(self.spec, name)


class ItemRef(Expr):
    """A field of the item being looked at by an aggregate over a list fact (``ASSETS.item("value")``)."""

    __slots__ = ("field", "spec")

    def __init__(self, spec: FactSpec, field: str) -> None:
        self.spec, self.field = spec, field

    def ev(self, run: Run) -> Value:
        record = run.items.get(self.spec.id)
        if record is None:
            raise TypeError(f"{self.describe()} is read outside an aggregate over {self.spec.id}")
        value: Value = record[self.field]
        return value

    def pl(self, c: Compiler) -> pl.Expr:
        return c.item_field(self.spec, self.field)

    def missing(self, run: Run) -> Iterator[str]:
        return iter(())

    def describe(self) -> str:
        return f"item.{self.field}"


class Param(Expr):
    """Reads a parameter's value on the decision date, or on the date given by ``on`` (e.g. a claim date)."""

    __slots__ = ("id", "on")

    def __init__(self, param_id: str, on: Expr | None = None) -> None:
        self.id = param_id
        self.on = on

    def ev(self, run: Run) -> Value:
        if self.on is None:
            return run.param(self.id).value
        when = self.on.ev(run)
        if when is None:
            return None
        assert isinstance(when, date)
        return run.param(self.id, when).value

    def pl(self, c: Compiler) -> pl.Expr:
        dtype = PARAM_DTYPES[c.resolver.parameter(self.id).type]
        on = None if self.on is None else self.on.pl(c)
        return c.param_switch(self.id, lambda v: literal(v, dtype), on)

    def children(self) -> Sequence[Expr]:
        return () if self.on is None else (self.on,)

    def describe(self) -> str:
        return self.id if self.on is None else f"{self.id} as of {self.on.describe()}"


class DecisionDate(Expr):
    """The date the case is decided on (``--date``)."""

    __slots__ = ()

    def ev(self, run: Run) -> Value:
        return run.date

    def pl(self, c: Compiler) -> pl.Expr:
        return c.date_expr()

    def describe(self) -> str:
        return "decision date"


# --- comparisons and arithmetic ------------------------------------------------------------------

_CMP: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}
_PL_CMP: dict[str, Callable[[pl.Expr, pl.Expr], pl.Expr]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}
_ARITH: dict[str, Callable[[Any, Any], Any]] = {"+": operator.add, "-": operator.sub, "*": operator.mul}


class Compare(Expr):
    """``a OP b``; unknown if either side is unknown."""

    __slots__ = ("a", "b", "op")

    def __init__(self, op: str, a: Expr, b: Expr) -> None:
        self.op, self.a, self.b = op, a, b

    def ev(self, run: Run) -> Value:
        x, y = self.a.ev(run), self.b.ev(run)
        if x is None or y is None:
            return None
        return _CMP[self.op](x, y)

    def pl(self, c: Compiler) -> pl.Expr:
        fast = self._threshold(c)
        if fast is not None:
            return fast
        return _PL_CMP[self.op](self.a.pl(c), self.b.pl(c))

    def _threshold(self, c: Compiler) -> PlExpr | None:
        """With a fixed decision date, a date-shift comparison becomes one date comparison."""
        for shifted, other, op in ((self.a, self.b, self.op), (self.b, self.a, thresholds.flip(self.op))):
            bound = c.static(other)
            if bound is None:
                continue
            try:
                if isinstance(shifted, AddMonths) and isinstance(bound, date) and c.static(shifted.d) is None:
                    n = c.static(shifted.n)
                    if isinstance(n, int):
                        col = shifted.d.pl(c)
                        return thresholds.shifted_compare(col, n * shifted.per, shifted.month_end, op, bound)
                if (
                    isinstance(shifted, WholeMonths)
                    and isinstance(bound, int)
                    and not isinstance(bound, bool)
                    and c.static(shifted.start) is None
                ):
                    end = c.static(shifted.end)
                    if isinstance(end, date):
                        col = shifted.start.pl(c)
                        return thresholds.whole_months_compare(
                            col, end, shifted.per, shifted.month_end, op, bound
                        )
            except (OverflowError, ValueError):  # dates out of range: use the general path
                return None
        return None

    def children(self) -> Sequence[Expr]:
        return (self.a, self.b)

    def describe(self) -> str:
        return f"{self.a.describe()} {self.op} {self.b.describe()}"


class Arith(Expr):
    """``a + b``, ``a - b``, ``a * b``."""

    __slots__ = ("a", "b", "op")

    def __init__(self, op: str, a: Expr, b: Expr) -> None:
        self.op, self.a, self.b = op, a, b

    def ev(self, run: Run) -> Value:
        x, y = self.a.ev(run), self.b.ev(run)
        if x is None or y is None:
            return None
        result: Value = _ARITH[self.op](x, y)
        if isinstance(result, Decimal):
            # the batch evaluator keeps DECIMAL_SCALE places and rounds half to even; so do we
            result = result.quantize(_DECIMAL_UNIT, rounding=ROUND_HALF_EVEN)
        return result

    def pl(self, c: Compiler) -> pl.Expr:
        out: pl.Expr = _ARITH[self.op](self.a.pl(c), self.b.pl(c))
        return out

    def children(self) -> Sequence[Expr]:
        return (self.a, self.b)

    def describe(self) -> str:
        return f"({self.a.describe()} {self.op} {self.b.describe()})"


class Extreme(Expr):
    """The smallest or largest of several values; unknown if any is unknown."""

    __slots__ = ("items", "largest")

    def __init__(self, largest: bool, items: Sequence[Expr]) -> None:
        self.largest, self.items = largest, tuple(items)

    def ev(self, run: Run) -> Value:
        values = [e.ev(run) for e in self.items]
        if any(v is None for v in values):
            return None
        result: Value = max(values) if self.largest else min(values)  # type: ignore[type-var]
        return result

    def pl(self, c: Compiler) -> pl.Expr:
        exprs = [e.pl(c) for e in self.items]
        any_null = pl.any_horizontal([e.is_null() for e in exprs])
        agg = pl.max_horizontal(exprs) if self.largest else pl.min_horizontal(exprs)
        return pl.when(any_null).then(None).otherwise(agg)

    def children(self) -> Sequence[Expr]:
        return self.items

    def describe(self) -> str:
        name = "max" if self.largest else "min"
        return f"{name}({', '.join(e.describe() for e in self.items)})"


class Round(Expr):
    """An amount rounded to ``places`` decimals: ``half_even`` (banker's) or ``half_up`` (away from 0)."""

    __slots__ = ("a", "mode", "places")

    _MODES: ClassVar[dict[str, tuple[str, str]]] = {
        "half_even": (ROUND_HALF_EVEN, "half_to_even"),
        "half_up": (ROUND_HALF_UP, "half_away_from_zero"),
    }

    def __init__(self, a: Expr, places: int, mode: str) -> None:
        if mode not in self._MODES:
            raise ValueError(f"rounding mode must be one of {sorted(self._MODES)}")
        if not 0 <= places <= DECIMAL_SCALE:
            raise ValueError(f"places must be between 0 and {DECIMAL_SCALE}")
        self.a, self.places, self.mode = a, places, mode

    def ev(self, run: Run) -> Value:
        v = self.a.ev(run)
        if v is None:
            return None
        assert isinstance(v, Decimal | int)
        rounded = Decimal(v).quantize(Decimal(1).scaleb(-self.places), rounding=self._MODES[self.mode][0])
        return rounded.quantize(_DECIMAL_UNIT)

    def pl(self, c: Compiler) -> pl.Expr:
        mode: Any = self._MODES[self.mode][1]
        return self.a.pl(c).cast(DECIMAL_DTYPE).round(self.places, mode=mode)

    def children(self) -> Sequence[Expr]:
        return (self.a,)

    def describe(self) -> str:
        return f"round({self.a.describe()}, {self.places}, {self.mode})"


# --- logic ---------------------------------------------------------------------------------------


class _Junction(Expr):
    """Kleene AND / OR over several conditions. ``dominant`` is the value that decides on its own:
    false for AND (false if any is false), true for OR (true if any is true); otherwise unknown if any
    is unknown."""

    __slots__ = ("items",)
    dominant: bool
    name: str

    def __init__(self, items: Sequence[Expr]) -> None:
        self.items = tuple(items)

    def ev(self, run: Run) -> Value:
        result: Value = not self.dominant
        for item in self.items:  # evaluate all: the explanation shows every condition
            v = item.ev(run)
            if v is self.dominant:
                result = self.dominant
            elif v is None and result is not self.dominant:
                result = None
        return result

    def pl(self, c: Compiler) -> pl.Expr:
        exprs = [e.pl(c) for e in self.items]
        return pl.any_horizontal(exprs) if self.dominant else pl.all_horizontal(exprs)

    def children(self) -> Sequence[Expr]:
        return self.items

    def describe(self) -> str:
        return f"{self.name} (" + ", ".join(e.describe() for e in self.items) + ")"


class AllOf(_Junction):
    """Kleene AND: false if any is false, else unknown if any is unknown, else true."""

    __slots__ = ()
    dominant = False
    name = "all of"


class AnyOf(_Junction):
    """Kleene OR: true if any is true, else unknown if any is unknown, else false."""

    __slots__ = ()
    dominant = True
    name = "any of"


class Not(Expr):
    """Kleene NOT: unknown stays unknown."""

    __slots__ = ("a",)

    def __init__(self, a: Expr) -> None:
        self.a = a

    def ev(self, run: Run) -> Value:
        v = self.a.ev(run)
        return None if v is None else not v

    def pl(self, c: Compiler) -> pl.Expr:
        return self.a.pl(c).not_()

    def children(self) -> Sequence[Expr]:
        return (self.a,)

    def describe(self) -> str:
        return f"not {self.a.describe()}"


class Recorded(Expr):
    """True once a value is recorded (either way), unknown while it is not.

    For the inputs of an individual assessment that must never be skipped: the condition stays unknown
    until every input is on file, and ``missing_facts`` lists those still to record.
    """

    __slots__ = ("a",)

    def __init__(self, a: Expr) -> None:
        self.a = a

    def ev(self, run: Run) -> Value:
        return None if self.a.ev(run) is None else True

    def pl(self, c: Compiler) -> pl.Expr:
        return pl.when(self.a.pl(c).is_null()).then(pl.lit(None, dtype=pl.Boolean)).otherwise(True)

    def children(self) -> Sequence[Expr]:
        return (self.a,)

    def describe(self) -> str:
        return f"recorded({self.a.describe()})"


class AtLeast(Expr):
    """At least ``k`` of the conditions hold (e.g. "4 of the 6 integration conditions").

    True once k are true; false once too few can still be true; unknown otherwise.
    """

    __slots__ = ("items", "k")

    def __init__(self, k: int | Expr, items: Sequence[Expr]) -> None:
        self.k, self.items = lift(k), tuple(items)

    def ev(self, run: Run) -> Value:
        values = [e.ev(run) for e in self.items]
        k = self.k.ev(run)
        if k is None:
            return None
        assert isinstance(k, int)
        true = sum(1 for v in values if v is True)
        unknown = sum(1 for v in values if v is None)
        if true >= k:
            return True
        if true + unknown < k:
            return False
        return None

    def pl(self, c: Compiler) -> pl.Expr:
        exprs = [e.pl(c) for e in self.items]
        true = pl.sum_horizontal([e.fill_null(False).cast(pl.Int64) for e in exprs])
        unknown = pl.sum_horizontal([e.is_null().cast(pl.Int64) for e in exprs])
        k = self.k.pl(c)
        return (
            pl.when(k.is_null())
            .then(pl.lit(None, dtype=pl.Boolean))
            .when(true >= k)
            .then(True)
            .when(true + unknown < k)
            .then(False)
            .otherwise(pl.lit(None, dtype=pl.Boolean))
        )

    def children(self) -> Sequence[Expr]:
        return (self.k, *self.items)

    def missing(self, run: Run) -> Iterator[str]:
        if self.k.ev(run) is None:
            yield from self.k.missing(run)
        for item in self.items:
            if item.ev(run) is None:
                yield from item.missing(run)

    def describe(self) -> str:
        return f"at least {self.k.describe()} of (" + ", ".join(e.describe() for e in self.items) + ")"


class IfThenElse(Expr):
    """``then`` if the test holds, else ``otherwise``; unknown if the test is unknown."""

    __slots__ = ("otherwise", "test", "then")

    def __init__(self, test: Expr, then: Expr, otherwise: Expr) -> None:
        self.test, self.then, self.otherwise = test, then, otherwise

    def ev(self, run: Run) -> Value:
        t = self.test.ev(run)
        if t is None:
            a, b = self.then.ev(run), self.otherwise.ev(run)
            return a if a is not None and a == b else None
        return self.then.ev(run) if t else self.otherwise.ev(run)

    def pl(self, c: Compiler) -> pl.Expr:
        test, a, b = self.test.pl(c), self.then.pl(c), self.otherwise.pl(c)
        return (
            pl.when(test.is_null() & (a == b))
            .then(a)
            .when(test.is_null())
            .then(None)
            .when(test)
            .then(a)
            .otherwise(b)
        )

    def children(self) -> Sequence[Expr]:
        return (self.test, self.then, self.otherwise)

    def missing(self, run: Run) -> Iterator[str]:
        t = self.test.ev(run)
        if t is None:
            yield from self.test.missing(run)
            for branch in (self.then, self.otherwise):
                if branch.ev(run) is None:
                    yield from branch.missing(run)
        else:
            branch = self.then if t else self.otherwise
            yield from branch.missing(run)

    def describe(self) -> str:
        return f"if {self.test.describe()} then {self.then.describe()} else {self.otherwise.describe()}"


# --- codes ---------------------------------------------------------------------------------------


class IsIn(Expr):
    """A code is one of a set of codes (a constant or a ``code_set`` parameter)."""

    __slots__ = ("a", "codes")

    def __init__(self, a: Expr, codes: Expr) -> None:
        self.a, self.codes = a, codes

    def ev(self, run: Run) -> Value:
        v, codes = self.a.ev(run), self.codes.ev(run)
        if v is None or codes is None:
            return None
        assert isinstance(codes, frozenset)
        return v in codes

    def pl(self, c: Compiler) -> pl.Expr:
        a = self.a.pl(c)

        def member(codes: Value) -> pl.Expr:
            if codes is None:
                return pl.lit(None, dtype=pl.Boolean)
            assert isinstance(codes, frozenset)
            return pl.when(a.is_null()).then(None).otherwise(a.is_in(sorted(codes)))

        if isinstance(self.codes, Param):
            on = None if self.codes.on is None else self.codes.on.pl(c)
            return c.param_switch(self.codes.id, member, on)
        assert isinstance(self.codes, Const)
        return member(self.codes.value)

    def children(self) -> Sequence[Expr]:
        return (self.a, self.codes)

    def describe(self) -> str:
        return f"{self.a.describe()} in {self.codes.describe()}"


class SetContains(Expr):
    """A set of codes (a ``code_set`` fact) contains a code."""

    __slots__ = ("code", "s")

    def __init__(self, s: Expr, code: str) -> None:
        self.s, self.code = s, code

    def ev(self, run: Run) -> Value:
        v = self.s.ev(run)
        if v is None:
            return None
        assert isinstance(v, frozenset)
        return self.code in v

    def pl(self, c: Compiler) -> pl.Expr:
        return self.s.pl(c).list.contains(pl.lit(self.code, dtype=pl.String))

    def children(self) -> Sequence[Expr]:
        return (self.s,)

    def describe(self) -> str:
        return f"{self.code!r} in {self.s.describe()}"


class SetIntersects(Expr):
    """A set of codes (a ``code_set`` fact) shares at least one code with a constant set."""

    __slots__ = ("codes", "s")

    def __init__(self, s: Expr, codes: Iterable[str]) -> None:
        self.s, self.codes = s, frozenset(codes)

    def ev(self, run: Run) -> Value:
        v = self.s.ev(run)
        if v is None:
            return None
        assert isinstance(v, frozenset)
        return not v.isdisjoint(self.codes)

    def pl(self, c: Compiler) -> pl.Expr:
        s = self.s.pl(c)
        return s.list.eval(pl.element().is_in(sorted(self.codes))).list.any()

    def children(self) -> Sequence[Expr]:
        return (self.s,)

    def describe(self) -> str:
        return f"{self.s.describe()} has any of {{{', '.join(sorted(self.codes))}}}"


# --- dates ---------------------------------------------------------------------------------------


class WholeMonths(Expr):
    """Completed months (or years, ``per=12``) from ``start`` to ``end``, with an explicit month-end rule."""

    __slots__ = ("end", "month_end", "per", "start")

    def __init__(self, start: Expr, end: Expr, month_end: dates.MonthEnd, per: int = 1) -> None:
        if month_end not in dates.MONTH_END_RULES:
            raise ValueError(f"month_end must be one of {dates.MONTH_END_RULES}")
        self.start, self.end, self.month_end, self.per = start, end, month_end, per

    def ev(self, run: Run) -> Value:
        s, e = self.start.ev(run), self.end.ev(run)
        if s is None or e is None:
            return None
        assert isinstance(s, date) and isinstance(e, date)
        return dates.whole_months_between(s, e, self.month_end) // self.per

    def pl(self, c: Compiler) -> pl.Expr:
        return dates.pl_whole_months_between(self.start.pl(c), self.end.pl(c), self.month_end).floordiv(
            self.per
        )

    def children(self) -> Sequence[Expr]:
        return (self.start, self.end)

    def describe(self) -> str:
        unit = "years" if self.per == 12 else "months"
        return f"whole {unit} from {self.start.describe()} to {self.end.describe()} ({self.month_end})"


class AddMonths(Expr):
    """A date plus a number of months (years: ``per=12``), with an explicit month-end rule."""

    __slots__ = ("d", "month_end", "n", "per")

    def __init__(self, d: Expr, n: Expr, month_end: dates.MonthEnd, per: int = 1) -> None:
        if month_end not in dates.MONTH_END_RULES:
            raise ValueError(f"month_end must be one of {dates.MONTH_END_RULES}")
        self.d, self.n, self.month_end, self.per = d, n, month_end, per

    def ev(self, run: Run) -> Value:
        d, n = self.d.ev(run), self.n.ev(run)
        if d is None or n is None:
            return None
        assert isinstance(d, date) and isinstance(n, int)
        return dates.add_months(d, n * self.per, self.month_end)

    def pl(self, c: Compiler) -> pl.Expr:
        n = c.static(self.n)
        months: pl.Expr | int = n * self.per if isinstance(n, int) else self.n.pl(c) * self.per
        return dates.pl_add_months(self.d.pl(c), months, self.month_end)

    def children(self) -> Sequence[Expr]:
        return (self.d, self.n)

    def describe(self) -> str:
        unit = "years" if self.per == 12 else "months"
        return f"{self.d.describe()} + {self.n.describe()} {unit} ({self.month_end})"


class DaysBetween(Expr):
    """Days from ``start`` to ``end`` (negative when ``end`` is earlier)."""

    __slots__ = ("end", "start")

    def __init__(self, start: Expr, end: Expr) -> None:
        self.start, self.end = start, end

    def ev(self, run: Run) -> Value:
        s, e = self.start.ev(run), self.end.ev(run)
        if s is None or e is None:
            return None
        assert isinstance(s, date) and isinstance(e, date)
        return (e - s).days

    def pl(self, c: Compiler) -> pl.Expr:
        return (self.end.pl(c) - self.start.pl(c)).dt.total_days().cast(pl.Int64)

    def children(self) -> Sequence[Expr]:
        return (self.start, self.end)

    def describe(self) -> str:
        return f"days from {self.start.describe()} to {self.end.describe()}"


# --- constructors used by rule modules -------------------------------------------------------------


def fact(
    fact_id: str,
    type: FactType,
    label: str,
    description: str = "",
    *,
    codes: Iterable[str] = (),
    unit: str = "",
    minimum: int | None = None,
    maximum: int | None = None,
) -> FactRef:
    """Declare a fact and get the expression that reads it.

    ``unit="%"`` declares a percentage (range 0-100 unless ``minimum``/``maximum`` narrow it).
    """
    return FactRef(FactSpec(fact_id, type, label, description, tuple(codes), unit, minimum, maximum=maximum))


def fact_list(
    fact_id: str,
    label: str,
    description: str = "",
    *,
    item: Mapping[str, FactType | ItemField],
) -> FactRef:
    """Declare a list fact: a list of records with typed fields.

    ``item`` maps field names to a :class:`FactType` (or an :class:`ItemField` for codes, units, bounds)::

        ASSETS = fact_list("person.assets", "Assets the person brought", item={
            "value": ItemField(FactType.DECIMAL, "Value", unit="DKK", minimum=0),
            "kind": ItemField(FactType.CODE, "Kind", codes=("cash", "jewellery", "car")),
        })
        sum_items(ASSETS, ASSETS.item("value"), where=ASSETS.item("kind").ne("cash"))

    The JSON value is an array of objects, each with every field (``null`` where unknown).
    """
    fields = {name: f if isinstance(f, ItemField) else ItemField(f) for name, f in item.items()}
    return FactRef(FactSpec(fact_id, FactType.LIST, label, description, item=fields))


def param(param_id: str) -> Param:
    """The value of a dated parameter on the decision date."""
    return Param(param_id)


def param_on(param_id: str, on: Expr) -> Param:
    """The value of a dated parameter on another date than the decision date (e.g. the claim date)."""
    return Param(param_id, on)


def const(value: Value) -> Const:
    """A constant value."""
    return Const(value)


def decision_date() -> DecisionDate:
    """The decision date."""
    return DecisionDate()


def all_of(*items: Expr) -> AllOf:
    """All conditions hold (Kleene AND)."""
    return AllOf(items)


def any_of(*items: Expr) -> AnyOf:
    """At least one condition holds (Kleene OR)."""
    return AnyOf(items)


def not_(item: Expr) -> Not:
    """The condition does not hold (unknown stays unknown)."""
    return Not(item)


def recorded(item: Expr) -> Recorded:
    """True once the value is recorded (either way); unknown until then."""
    return Recorded(item)


def at_least(k: int | Expr, *items: Expr) -> AtLeast:
    """At least ``k`` of the conditions hold."""
    return AtLeast(k, items)


def if_(test: Expr, then: Any, otherwise: Any) -> IfThenElse:
    """A value chosen by a condition."""
    return IfThenElse(test, lift(then), lift(otherwise))


def minimum(*items: Any) -> Extreme:
    """The smallest value."""
    return Extreme(False, [lift(i) for i in items])


def maximum(*items: Any) -> Extreme:
    """The largest value."""
    return Extreme(True, [lift(i) for i in items])


def round_to(amount: Any, places: int = 2, mode: str = "half_up") -> Round:
    """An amount rounded to ``places`` decimals (``half_up``: 0.125 -> 0.13; ``half_even``: -> 0.12)."""
    return Round(lift(amount), places, mode)


def age_on(birth_date: Expr, on: Expr, month_end: dates.MonthEnd = "round_up") -> WholeMonths:
    """Age in completed years on a date.

    The default ``round_up`` means a person born on 29 February turns a year older on 1 March in common
    years; pass ``round_down`` where the law says 28 February.
    """
    return WholeMonths(birth_date, on, month_end, per=12)


def whole_years_between(start: Expr, end: Expr, month_end: dates.MonthEnd) -> WholeMonths:
    """Completed years between two dates, with an explicit month-end rule."""
    return WholeMonths(start, end, month_end, per=12)


def whole_months_between(start: Expr, end: Expr, month_end: dates.MonthEnd) -> WholeMonths:
    """Completed months between two dates, with an explicit month-end rule."""
    return WholeMonths(start, end, month_end, per=1)


def add_years(d: Expr, n: Any, month_end: dates.MonthEnd) -> AddMonths:
    """A date plus whole years (29 February handled by the month-end rule)."""
    return AddMonths(d, lift(n), month_end, per=12)


def add_months(d: Expr, n: Any, month_end: dates.MonthEnd) -> AddMonths:
    """A date plus whole months (31st handled by the month-end rule)."""
    return AddMonths(d, lift(n), month_end, per=1)


def days_between(start: Expr, end: Expr) -> DaysBetween:
    """Days between two dates."""
    return DaysBetween(start, end)


def contains(s: Expr, code: str) -> SetContains:
    """A code set fact contains a code."""
    return SetContains(s, code)


def intersects(s: Expr, codes: Iterable[str]) -> SetIntersects:
    """A code set fact has at least one of the codes."""
    return SetIntersects(s, codes)


def walk(expr: Expr, resolve: Callable[[Node], Node] | None = None) -> Iterator[Expr]:
    """Every expression reachable from ``expr``, depth first, following named nodes (and replacements)."""
    seen: set[int] = set()
    stack: list[Expr] = [expr]
    while stack:
        e = stack.pop()
        if e.named and resolve is not None:
            e = resolve(cast("Node", e))
        if id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        stack.extend(reversed(e.children()))
