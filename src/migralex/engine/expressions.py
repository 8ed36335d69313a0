"""The expression language rules are written in: plain data, no evaluator.

Every expression is a frozen dataclass holding its operands (``children``) and parameters; the evaluators
are back-end modules that dispatch on the node's type:

* :mod:`migralex.engine.backends.scalar`: one case, in plain Python, Kleene three-valued logic (``None`` =
  unknown), with the explanation tree;
* :mod:`migralex.engine.backends.polars`: a whole population as polars expressions;
* :mod:`migralex.lab.spark_native`: native Spark columns; :mod:`migralex.verify.translate`: z3 formulas.

Rule modules build expressions from facts, parameters, constants and the combinators below::

    age_on(SPONSOR_BIRTH_DATE, decision_date()) >= param("dk.family_reunification.spouse.min_age")
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from migralex.engine import dates
from migralex.engine.facts import DECIMAL_SCALE, FactSpec, FactType, ItemField
from migralex.engine.values import Value

#: comparison and arithmetic operators a rule may use
COMPARISONS = ("<", "<=", ">", ">=", "==", "!=")
ARITHMETIC = ("+", "-", "*")
ROUNDING_MODES = ("half_even", "half_up")


def lift(x: Any) -> Expr:
    """Wrap a Python constant as an expression; expressions pass through."""
    if isinstance(x, Expr):
        return x
    if isinstance(x, float):
        raise TypeError("use Decimal or int, never float, in rules")
    if isinstance(x, bool | int | Decimal | date | str):
        return Const(x)
    raise TypeError(f"cannot use {x!r} in a rule expression")


def _set(obj: object, name: str, value: object) -> None:
    """Normalise a field of a frozen node while it is being built."""
    object.__setattr__(obj, name, value)


class Expr:
    """Base class of all expressions: operands, a readable formula, the operators rules are written with."""

    __slots__ = ()
    #: true for named nodes (conditions and computations), which reforms may replace
    named: ClassVar[bool] = False

    def children(self) -> Sequence[Expr]:
        """Direct sub-expressions."""
        return ()

    def describe(self) -> str:
        """A readable formula."""
        raise NotImplementedError

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


@dataclass(frozen=True, eq=False, repr=False, slots=True)
class Const(Expr):
    """A constant."""

    value: Value

    def describe(self) -> str:
        if isinstance(self.value, frozenset):
            return "{" + ", ".join(sorted(self.value)) + "}"
        if isinstance(self.value, date):
            return self.value.isoformat()
        return repr(self.value) if isinstance(self.value, str) else str(self.value)


@dataclass(frozen=True, eq=False, repr=False, slots=True)
class FactRef(Expr):
    """Reads a fact of the case."""

    spec: FactSpec

    @property
    def id(self) -> str:
        """The fact id."""
        return self.spec.id

    def describe(self) -> str:
        return self.spec.id

    def item(self, name: str) -> ItemRef:
        """A field of the current item, inside an aggregate over this list fact (see :mod:`lists`)."""
        if self.spec.type is not FactType.LIST:
            raise TypeError(f"fact {self.spec.id} is not a list fact")
        if name not in self.spec.item:
            raise KeyError(f"list fact {self.spec.id} has no item field {name!r}")
        return ItemRef(self.spec, name)


@dataclass(frozen=True, eq=False, repr=False, slots=True)
class ItemRef(Expr):
    """A field of the item being looked at by an aggregate over a list fact (``ASSETS.item("value")``)."""

    spec: FactSpec
    field: str

    def describe(self) -> str:
        return f"item.{self.field}"


@dataclass(frozen=True, eq=False, repr=False, slots=True)
class Param(Expr):
    """Reads a parameter's value on the decision date, or on the date given by ``on`` (e.g. a claim date)."""

    id: str
    on: Expr | None = None

    def children(self) -> Sequence[Expr]:
        return () if self.on is None else (self.on,)

    def describe(self) -> str:
        return self.id if self.on is None else f"{self.id} as of {self.on.describe()}"


@dataclass(frozen=True, eq=False, repr=False, slots=True)
class DecisionDate(Expr):
    """The date the case is decided on (``--date``)."""

    def describe(self) -> str:
        return "decision date"


# --- comparisons and arithmetic ------------------------------------------------------------------


@dataclass(frozen=True, eq=False, repr=False, slots=True)
class Compare(Expr):
    """``a OP b``; unknown if either side is unknown."""

    op: str
    a: Expr
    b: Expr

    def __post_init__(self) -> None:
        if self.op not in COMPARISONS:
            raise ValueError(f"comparison must be one of {COMPARISONS}")

    def children(self) -> Sequence[Expr]:
        return (self.a, self.b)

    def describe(self) -> str:
        return f"{self.a.describe()} {self.op} {self.b.describe()}"


@dataclass(frozen=True, eq=False, repr=False, slots=True)
class Arith(Expr):
    """``a + b``, ``a - b``, ``a * b``."""

    op: str
    a: Expr
    b: Expr

    def __post_init__(self) -> None:
        if self.op not in ARITHMETIC:
            raise ValueError(f"arithmetic must be one of {ARITHMETIC}")

    def children(self) -> Sequence[Expr]:
        return (self.a, self.b)

    def describe(self) -> str:
        return f"({self.a.describe()} {self.op} {self.b.describe()})"


@dataclass(frozen=True, eq=False, repr=False, slots=True)
class Extreme(Expr):
    """The smallest or largest of several values; unknown if any is unknown."""

    largest: bool
    items: Sequence[Expr]

    def __post_init__(self) -> None:
        _set(self, "items", tuple(self.items))

    def children(self) -> Sequence[Expr]:
        return self.items

    def describe(self) -> str:
        name = "max" if self.largest else "min"
        return f"{name}({', '.join(e.describe() for e in self.items)})"


@dataclass(frozen=True, eq=False, repr=False, slots=True)
class Round(Expr):
    """An amount rounded to ``places`` decimals: ``half_even`` (banker's) or ``half_up`` (away from 0)."""

    a: Expr
    places: int
    mode: str

    def __post_init__(self) -> None:
        if self.mode not in ROUNDING_MODES:
            raise ValueError(f"rounding mode must be one of {sorted(ROUNDING_MODES)}")
        if not 0 <= self.places <= DECIMAL_SCALE:
            raise ValueError(f"places must be between 0 and {DECIMAL_SCALE}")

    def children(self) -> Sequence[Expr]:
        return (self.a,)

    def describe(self) -> str:
        return f"round({self.a.describe()}, {self.places}, {self.mode})"


# --- logic ---------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False, repr=False, slots=True)
class Junction(Expr):
    """Kleene AND / OR over several conditions. ``dominant`` is the value that decides on its own:
    false for AND (false if any is false), true for OR (true if any is true); otherwise unknown if any
    is unknown."""

    items: Sequence[Expr]
    dominant: ClassVar[bool]
    name: ClassVar[str]

    def __post_init__(self) -> None:
        _set(self, "items", tuple(self.items))

    def children(self) -> Sequence[Expr]:
        return self.items

    def describe(self) -> str:
        return f"{self.name} (" + ", ".join(e.describe() for e in self.items) + ")"


_Junction = Junction  # older name


class AllOf(Junction):
    """Kleene AND: false if any is false, else unknown if any is unknown, else true."""

    __slots__ = ()
    dominant = False
    name = "all of"


class AnyOf(Junction):
    """Kleene OR: true if any is true, else unknown if any is unknown, else false."""

    __slots__ = ()
    dominant = True
    name = "any of"


@dataclass(frozen=True, eq=False, repr=False, slots=True)
class Not(Expr):
    """Kleene NOT: unknown stays unknown."""

    a: Expr

    def children(self) -> Sequence[Expr]:
        return (self.a,)

    def describe(self) -> str:
        return f"not {self.a.describe()}"


@dataclass(frozen=True, eq=False, repr=False, slots=True)
class Recorded(Expr):
    """True once a value is recorded (either way), unknown while it is not.

    For the inputs of an individual assessment that must never be skipped: the condition stays unknown
    until every input is on file, and ``missing_facts`` lists those still to record.
    """

    a: Expr

    def children(self) -> Sequence[Expr]:
        return (self.a,)

    def describe(self) -> str:
        return f"recorded({self.a.describe()})"


@dataclass(frozen=True, eq=False, repr=False, slots=True)
class AtLeast(Expr):
    """At least ``k`` of the conditions hold (e.g. "4 of the 6 integration conditions").

    True once k are true; false once too few can still be true; unknown otherwise.
    """

    k: Expr
    items: Sequence[Expr]

    def __init__(self, k: int | Expr, items: Sequence[Expr]) -> None:
        _set(self, "k", lift(k))
        _set(self, "items", tuple(items))

    def children(self) -> Sequence[Expr]:
        return (self.k, *self.items)

    def describe(self) -> str:
        return f"at least {self.k.describe()} of (" + ", ".join(e.describe() for e in self.items) + ")"


@dataclass(frozen=True, eq=False, repr=False, slots=True)
class IfThenElse(Expr):
    """``then`` if the test holds, else ``otherwise``; unknown if the test is unknown."""

    test: Expr
    then: Expr
    otherwise: Expr

    def children(self) -> Sequence[Expr]:
        return (self.test, self.then, self.otherwise)

    def describe(self) -> str:
        return f"if {self.test.describe()} then {self.then.describe()} else {self.otherwise.describe()}"


# --- codes ---------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False, repr=False, slots=True)
class IsIn(Expr):
    """A code is one of a set of codes (a constant or a ``code_set`` parameter)."""

    a: Expr
    codes: Expr

    def children(self) -> Sequence[Expr]:
        return (self.a, self.codes)

    def describe(self) -> str:
        return f"{self.a.describe()} in {self.codes.describe()}"


@dataclass(frozen=True, eq=False, repr=False, slots=True)
class SetContains(Expr):
    """A set of codes (a ``code_set`` fact) contains a code."""

    s: Expr
    code: str

    def children(self) -> Sequence[Expr]:
        return (self.s,)

    def describe(self) -> str:
        return f"{self.code!r} in {self.s.describe()}"


@dataclass(frozen=True, eq=False, repr=False, slots=True)
class SetIntersects(Expr):
    """A set of codes (a ``code_set`` fact) shares at least one code with a constant set."""

    s: Expr
    codes: frozenset[str]

    def __init__(self, s: Expr, codes: Iterable[str]) -> None:
        _set(self, "s", s)
        _set(self, "codes", frozenset(codes))

    def children(self) -> Sequence[Expr]:
        return (self.s,)

    def describe(self) -> str:
        return f"{self.s.describe()} has any of {{{', '.join(sorted(self.codes))}}}"


# --- dates ---------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False, repr=False, slots=True)
class WholeMonths(Expr):
    """Completed months (or years, ``per=12``) from ``start`` to ``end``, with an explicit month-end rule."""

    start: Expr
    end: Expr
    month_end: dates.MonthEnd
    per: int = 1

    def __post_init__(self) -> None:
        if self.month_end not in dates.MONTH_END_RULES:
            raise ValueError(f"month_end must be one of {dates.MONTH_END_RULES}")

    def children(self) -> Sequence[Expr]:
        return (self.start, self.end)

    def describe(self) -> str:
        unit = "years" if self.per == 12 else "months"
        return f"whole {unit} from {self.start.describe()} to {self.end.describe()} ({self.month_end})"


@dataclass(frozen=True, eq=False, repr=False, slots=True)
class AddMonths(Expr):
    """A date plus a number of months (years: ``per=12``), with an explicit month-end rule."""

    d: Expr
    n: Expr
    month_end: dates.MonthEnd
    per: int = 1

    def __post_init__(self) -> None:
        if self.month_end not in dates.MONTH_END_RULES:
            raise ValueError(f"month_end must be one of {dates.MONTH_END_RULES}")

    def children(self) -> Sequence[Expr]:
        return (self.d, self.n)

    def describe(self) -> str:
        unit = "years" if self.per == 12 else "months"
        return f"{self.d.describe()} + {self.n.describe()} {unit} ({self.month_end})"


@dataclass(frozen=True, eq=False, repr=False, slots=True)
class DaysBetween(Expr):
    """Days from ``start`` to ``end`` (negative when ``end`` is earlier)."""

    start: Expr
    end: Expr

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


def walk(expr: Expr, resolve: Callable[[Any], Expr] | None = None) -> Iterator[Expr]:
    """Every expression reachable from ``expr``, depth first, following named nodes (and replacements)."""
    seen: set[int] = set()
    stack: list[Expr] = [expr]
    while stack:
        e = stack.pop()
        if e.named and resolve is not None:
            e = resolve(e)
        if id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        stack.extend(reversed(e.children()))
