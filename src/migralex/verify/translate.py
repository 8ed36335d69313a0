"""Translation of a program's node tree into z3, with Kleene three-valued semantics.

Every expression becomes a :class:`Sym` - a z3 value and a z3 ``known`` flag (unknown = not known). A
condition is true when ``known and value``, false when ``known and not value``, unknown otherwise.

* a fact is a z3 variable over its declared domain (bool; int within minimum/maximum; decimal as Real; date as
  year/month/day with the ordinal day number; code as an index into its code list; code set as one Bool per
  code) plus a ``known`` Bool (the fact is given);
* parameters are resolved for one interval of dates on which no parameter value changes, so they are
  constants (a parameter read on another date than the decision date becomes a choice over its windows);
* the decision date is a variable ranging over the interval, so "some date of the interval" is exact.

An expression kind the translation does not support becomes a fresh unconstrained value and its kind is
recorded in :attr:`Translation.unsupported`: a check then over-approximates (a proof that nothing is
possible stays a proof; anything found is confirmed by running the engine's own evaluators).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import z3

from migralex.engine import expressions as ex
from migralex.engine.facts import FactSpec, FactType
from migralex.engine.nodes import Node
from migralex.engine.program import ParameterResolver, Program, Reform
from migralex.engine.values import Value

#: date facts are looked for in these years (a finite, realistic domain)
YEAR_MIN, YEAR_MAX = 1900, 2100

#: expression kinds the translation encodes exactly
SUPPORTED_KINDS: tuple[type[ex.Expr], ...] = (
    ex.Const,
    ex.FactRef,
    ex.Param,
    ex.DecisionDate,
    ex.Compare,
    ex.Arith,
    ex.Extreme,
    ex.AllOf,
    ex.AnyOf,
    ex.Not,
    ex.Recorded,
    ex.AtLeast,
    ex.IfThenElse,
    ex.IsIn,
    ex.SetContains,
    ex.SetIntersects,
    ex.WholeMonths,
    ex.AddMonths,
    ex.DaysBetween,
    Node,
)


@dataclass(frozen=True)
class DateSym:
    """A date as its ordinal day number and its year, month and day."""

    ordinal: Any
    y: Any
    m: Any
    d: Any


@dataclass(frozen=True)
class Sym:
    """A translated value: ``value`` (z3 Bool / Int / Real, a :class:`DateSym`, or a dict code -> Bool)."""

    known: Any
    value: Any

    @property
    def true(self) -> Any:
        """The condition holds."""
        return z3.And(self.known, self.value)

    @property
    def false(self) -> Any:
        """The condition does not hold."""
        return z3.And(self.known, z3.Not(self.value))


_ARITH: dict[str, Callable[[Any, Any], Any]] = {"+": operator.add, "-": operator.sub, "*": operator.mul}

#: a value that is never known (a parameter with no value in force)
UNKNOWN = Sym(z3.BoolVal(False), z3.BoolVal(False))


def _leap(y: Any) -> Any:
    return z3.And(y % 4 == 0, z3.Or(y % 100 != 0, y % 400 == 0))


def _dim(y: Any, m: Any) -> Any:
    """Days in month ``m`` of year ``y``."""
    return z3.If(
        m == 2,
        z3.If(_leap(y), 29, 28),
        z3.If(z3.Or(m == 4, m == 6, m == 9, m == 11), 30, 31),
    )


_CUM = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)


def _ordinal(y: Any, m: Any, d: Any) -> Any:
    """``date(y, m, d).toordinal()`` in linear integer arithmetic."""
    y1 = y - 1
    before_month: Any = _CUM[11]
    for month in range(11, 0, -1):
        before_month = z3.If(m == month, _CUM[month - 1], before_month)
    leap_bonus = z3.If(z3.And(m > 2, _leap(y)), 1, 0)
    return y1 * 365 + y1 / 4 - y1 / 100 + y1 / 400 + before_month + leap_bonus + d


def const_date(d: date) -> DateSym:
    """A constant date."""
    return DateSym(z3.IntVal(d.toordinal()), z3.IntVal(d.year), z3.IntVal(d.month), z3.IntVal(d.day))


def _add_months(d: DateSym, months: Any, month_end: str) -> DateSym:
    total = d.y * 12 + (d.m - 1) + months
    y = total / 12
    m = total % 12 + 1
    dim = _dim(y, m)
    fits = d.d <= dim
    if month_end == "round_down":
        day = z3.If(fits, d.d, dim)
        return DateSym(_ordinal(y, m, day), y, m, day)
    # round_up: the first day of the following month
    ny = z3.If(fits, y, z3.If(m == 12, y + 1, y))
    nm = z3.If(fits, m, z3.If(m == 12, 1, m + 1))
    nd = z3.If(fits, d.d, 1)
    return DateSym(_ordinal(ny, nm, nd), ny, nm, nd)


def _py(v: Value) -> Any:
    if isinstance(v, bool):
        return z3.BoolVal(v)
    if isinstance(v, int):
        return z3.IntVal(v)
    if isinstance(v, Decimal):
        return z3.RealVal(str(v))
    if isinstance(v, date):
        return const_date(v)
    raise TypeError(f"no z3 constant for {v!r}")


@dataclass
class FactVar:
    """The z3 variables of one fact."""

    spec: FactSpec
    known: Any
    value: Any


@dataclass
class Translation:
    """A program translated on one interval of dates, under the baseline or a reform.

    Fact variables may be shared between two translations (baseline and reform) by passing ``facts``.
    """

    program: Program
    reform: Reform | None
    start: date
    end: date  # inclusive
    facts: dict[str, FactVar] = field(default_factory=dict)
    prefix: str = ""
    unsupported: set[str] = field(default_factory=set)
    constraints: list[Any] = field(default_factory=list)
    conflicts: list[tuple[str, int, Any]] = field(default_factory=list)
    memo: dict[str, Sym] = field(default_factory=dict)
    _fresh: int = 0
    _exprs: dict[int, Sym] = field(default_factory=dict)

    def __post_init__(self) -> None:
        pack = self.program.pack
        assert pack is not None  # noqa: S101 -- narrows a type for mypy
        self.resolver = ParameterResolver(pack.parameters, self.reform)
        self.replacements: Mapping[str, Node] = self.reform.replacements if self.reform else {}
        if self.start == self.end:
            self.today = const_date(self.start)
        else:
            self.today = self._date_var("decision_date")  # shared: baseline and reform meet on one date
            self.constraints.append(self.today.ordinal >= self.start.toordinal())
            self.constraints.append(self.today.ordinal <= self.end.toordinal())
        self.root = self.node(self.program.root)
        #: an exception conflict anywhere makes the evaluation an error
        self.conflict = z3.Or([c for _, _, c in self.conflicts]) if self.conflicts else z3.BoolVal(False)

    # --- variables ----------------------------------------------------------------------------------
    def _date_var(self, name: str) -> DateSym:
        y, m, d = z3.Ints(f"{name}.y {name}.m {name}.d")
        self.constraints += [y >= YEAR_MIN, y <= YEAR_MAX, m >= 1, m <= 12, d >= 1, d <= _dim(y, m)]
        return DateSym(_ordinal(y, m, d), y, m, d)

    def fact(self, spec: FactSpec) -> FactVar:
        """The variables of a fact (created once, shared by translations given the same dict)."""
        var = self.facts.get(spec.id)
        if var is not None:
            return var
        name = spec.id
        known = z3.Bool(f"{name}?")
        value: Any
        t = spec.type
        if t is FactType.BOOL:
            value = z3.Bool(name)
        elif t is FactType.INT:
            value = z3.Int(name)
        elif t is FactType.DECIMAL:
            value = z3.Real(name)
        elif t is FactType.DATE:
            value = self._date_var(name)
        elif t is FactType.CODE:
            value = z3.Int(name)
            self.constraints += [value >= 0, value < len(spec.codes)]
        elif t is FactType.CODE_SET:
            value = {c: z3.Bool(f"{name}[{c}]") for c in spec.codes}
        else:
            self.unsupported.add(f"{t.value} fact")
            value = z3.Int(name)
        if t in (FactType.INT, FactType.DECIMAL):
            lo, hi = spec.bounds
            if lo is not None:
                self.constraints.append(value >= lo)
            if hi is not None:
                self.constraints.append(value <= hi)
        var = FactVar(spec, known, value)
        self.facts[spec.id] = var
        return var

    def fresh(self, kind: str, like: Any = None) -> Sym:
        """An unconstrained value for an unsupported expression kind (recorded)."""
        self.unsupported.add(kind)
        self._fresh += 1
        name = f"{self.prefix}opaque{self._fresh}"
        if isinstance(like, bool) or like is None:
            value: Any = z3.Bool(name)
        else:
            value = z3.Real(name)
        return Sym(z3.Bool(name + "?"), value)

    # --- parameters ---------------------------------------------------------------------------------
    def param_value(self, param_id: str, on: date) -> Value:
        """The parameter's value on a date (None when none is in force or it is unknown)."""
        pv = self.resolver.value_on(param_id, on)
        return None if pv is None else pv.value

    def _const(self, v: Value) -> Sym:
        if v is None:
            return Sym(z3.BoolVal(False), z3.BoolVal(False))
        if isinstance(v, frozenset):
            return Sym(z3.BoolVal(True), v)
        if isinstance(v, str):
            return Sym(z3.BoolVal(True), v)
        return Sym(z3.BoolVal(True), _py(v))

    def _param(self, e: ex.Param) -> Sym:
        if e.on is None:
            return self._const(self.param_value(e.id, self.start))
        on = self.expr(e.on)
        # a choice over the parameter's windows, by the ordinal of the date it is read on
        cuts = sorted(
            {c.start for c in self.resolver.candidates(e.id)}
            | {c.end for c in self.resolver.candidates(e.id) if c.end is not None}
        )
        first = date(YEAR_MIN, 1, 1)
        bounds = [first, *[c for c in cuts if c > first]]
        pieces = [(b, self._const(self.param_value(e.id, b))) for b in bounds]
        if any(isinstance(p.value, str | frozenset) for _, p in pieces):
            return self.fresh("code parameter read on another date")
        known: Any = pieces[0][1].known
        value: Any = pieces[0][1].value
        for b, p in pieces[1:]:
            after = on.value.ordinal >= b.toordinal()
            known = z3.If(after, p.known, known)
            value = z3.If(after, p.value, value)
        return Sym(z3.And(on.known, known), value)

    # --- nodes --------------------------------------------------------------------------------------
    def node(self, n: Node) -> Sym:
        """A named node (after the reform's replacement), translated once."""
        target = self.replacements.get(n.id, n)
        got = self.memo.get(target.id)
        if got is not None:
            return got
        if target.in_force is not None and target.in_force.out_of_force(self.start) is not None:
            sym = Sym(z3.BoolVal(True), z3.BoolVal(False))
            self.memo[target.id] = sym
            return sym
        base = self.expr(target.expr)
        if not target.unless:
            self.memo[target.id] = base
            return base
        known, value, conflict = base.known, base.value, z3.BoolVal(False)
        for level in target.levels():
            whens = [self.expr(u.when) for u in level]
            thens = [self.expr(u.then) for u in level]
            trues = [w.true for w in whens]
            unknowns = [z3.Not(w.known) for w in whens]
            n_true = z3.Sum([z3.If(t, 1, 0) for t in trues])
            n_unknown = z3.Sum([z3.If(u, 1, 0) for u in unknowns])
            two = n_true >= 2
            if len(level) >= 2:
                self.conflicts.append((target.id, level[0].priority, two))
            one_known = z3.BoolVal(False)
            one_value: Any = None
            for t, th in zip(trues, thens, strict=True):
                one_known = z3.Or(one_known, z3.And(t, th.known))
                one_value = th.value if one_value is None else z3.If(t, th.value, one_value)
            same_unknown = z3.BoolVal(False)
            for u, th in zip(unknowns, thens, strict=True):
                same_unknown = z3.Or(same_unknown, z3.And(u, th.known, th.value == value))
            keep_one_unknown = z3.And(n_true == 0, n_unknown == 1, z3.Not(conflict), known, same_unknown)
            exactly_one = z3.And(n_true == 1, n_unknown == 0)
            new_known = z3.If(
                two,
                False,
                z3.If(
                    exactly_one,
                    one_known,
                    z3.If(n_true == 1, False, z3.If(n_unknown == 0, known, keep_one_unknown)),
                ),
            )
            new_value = z3.If(exactly_one, one_value, value)
            conflict = z3.If(two, True, z3.If(z3.And(n_true == 0, n_unknown == 0), conflict, False))
            known, value = z3.And(new_known, z3.Not(conflict)), new_value
        sym = Sym(known, value)
        self.memo[target.id] = sym
        return sym

    # --- expressions --------------------------------------------------------------------------------
    def expr(self, e: ex.Expr) -> Sym:
        """Translate an expression (each expression object once)."""
        got = self._exprs.get(id(e))
        if got is None:
            got = self._exprs[id(e)] = self._expr(e)
        return got

    def _expr(self, e: ex.Expr) -> Sym:
        if not isinstance(e, SUPPORTED_KINDS):
            # an aggregate that tests items ("any"/"all") is a condition; other kinds are numbers
            boolean = getattr(e, "kind", None) in ("any", "all")
            return self.fresh(type(e).__name__, None if boolean else 0)
        if isinstance(e, Node):
            return self.node(e)
        if isinstance(e, ex.Const):
            return self._const(e.value)
        if isinstance(e, ex.FactRef):
            if e.spec.type is FactType.LIST:
                return self.fresh("list fact")
            var = self.fact(e.spec)
            return Sym(var.known, var.value)
        if isinstance(e, ex.Param):
            return self._param(e)
        if isinstance(e, ex.DecisionDate):
            return Sym(z3.BoolVal(True), self.today)
        if not isinstance(e, ex.AllOf | ex.AnyOf | ex.Not | ex.Recorded | ex.AtLeast | ex.IfThenElse) and any(
            z3.is_false(self.expr(c).known) for c in e.children()
        ):
            return UNKNOWN  # a parameter with no value: the expression is unknown
        if isinstance(e, ex.Compare):
            return self._compare(e)
        if isinstance(e, ex.Arith):
            a, b = self.expr(e.a), self.expr(e.b)
            if isinstance(a.value, DateSym | str | dict | frozenset) or isinstance(
                b.value, DateSym | str | dict | frozenset
            ):
                return self.fresh("date or code arithmetic", 0)
            return Sym(z3.And(a.known, b.known), _ARITH[e.op](a.value, b.value))
        if isinstance(e, ex.Extreme):
            items = [self.expr(i) for i in e.items]
            if any(not isinstance(i.value, z3.ArithRef) for i in items):
                return self.fresh("min/max of non-numbers", 0)
            value = items[0].value
            for i in items[1:]:
                value = (
                    z3.If(i.value > value, i.value, value)
                    if e.largest
                    else z3.If(i.value < value, i.value, value)
                )
            return Sym(z3.And([i.known for i in items]), value)
        if isinstance(e, ex.AllOf | ex.AnyOf):
            items = [self.expr(i) for i in e.items]
            if isinstance(e, ex.AllOf):
                t, f = z3.And([i.true for i in items]), z3.Or([i.false for i in items])
            else:
                t, f = z3.Or([i.true for i in items]), z3.And([i.false for i in items])
            return Sym(z3.Or(t, f), t)
        if isinstance(e, ex.Not):
            a = self.expr(e.a)
            return Sym(a.known, z3.Not(a.value))
        if isinstance(e, ex.Recorded):
            a = self.expr(e.a)
            return Sym(a.known, z3.BoolVal(True))
        if isinstance(e, ex.AtLeast):
            k = self.expr(e.k)
            items = [self.expr(i) for i in e.items]
            true = z3.Sum([z3.If(i.true, 1, 0) for i in items])
            unknown = z3.Sum([z3.If(z3.Not(i.known), 1, 0) for i in items])
            t = true >= k.value
            f = true + unknown < k.value
            return Sym(z3.And(k.known, z3.Or(t, f)), t)
        if isinstance(e, ex.IfThenElse):
            return self._if(e)
        if isinstance(e, ex.IsIn):
            return self._is_in(e)
        if isinstance(e, ex.SetContains | ex.SetIntersects):
            s = self.expr(e.s)
            if not isinstance(s.value, dict):
                return self.fresh(type(e).__name__)
            codes = {e.code} if isinstance(e, ex.SetContains) else set(e.codes)
            return Sym(s.known, z3.Or([s.value[c] for c in sorted(codes) if c in s.value] or [False]))
        if isinstance(e, ex.WholeMonths):
            s, t = self.expr(e.start), self.expr(e.end)
            if not isinstance(s.value, DateSym) or not isinstance(t.value, DateSym):
                return self.fresh("whole months of non-dates", 0)
            first: DateSym = s.value
            last: DateSym = t.value
            n = (last.y - first.y) * 12 + (last.m - first.m)
            over = _add_months(first, n, e.month_end).ordinal > last.ordinal
            months = z3.If(over, n - 1, n)
            return Sym(z3.And(s.known, t.known), months / e.per if e.per != 1 else months)
        if isinstance(e, ex.AddMonths):
            d, n = self.expr(e.d), self.expr(e.n)
            if not isinstance(d.value, DateSym) or not isinstance(n.value, z3.ArithRef):
                return self.fresh("add months of non-dates", date(2000, 1, 1))
            return Sym(z3.And(d.known, n.known), _add_months(d.value, n.value * e.per, e.month_end))
        if isinstance(e, ex.DaysBetween):
            s, t = self.expr(e.start), self.expr(e.end)
            if not isinstance(s.value, DateSym) or not isinstance(t.value, DateSym):
                return self.fresh("days between non-dates", 0)
            return Sym(z3.And(s.known, t.known), t.value.ordinal - s.value.ordinal)
        return self.fresh(type(e).__name__)

    def _code_index(self, sym: Sym, code: str) -> Any:
        """``sym == code`` for a code value (a fact index or a constant string)."""
        if isinstance(sym.value, str):
            return z3.BoolVal(sym.value == code)
        var = next((f for f in self.facts.values() if f.value is sym.value), None)
        if var is None or code not in var.spec.codes:
            return z3.BoolVal(False)
        return sym.value == var.spec.codes.index(code)

    def _compare(self, e: ex.Compare) -> Sym:
        a, b = self.expr(e.a), self.expr(e.b)
        known = z3.And(a.known, b.known)
        x, y = a.value, b.value
        if isinstance(x, DateSym) and isinstance(y, DateSym):
            x, y = x.ordinal, y.ordinal
        elif isinstance(x, str) or isinstance(y, str):
            if e.op not in ("==", "!="):
                return self.fresh("ordering of codes")
            if isinstance(x, str) and isinstance(y, str):
                eq: Any = z3.BoolVal(x == y)
            else:
                code, other = (x, b) if isinstance(x, str) else (y, a)
                eq = self._code_index(other, code)
            return Sym(known, eq if e.op == "==" else z3.Not(eq))
        elif isinstance(x, dict | frozenset | DateSym) or isinstance(y, dict | frozenset | DateSym):
            return self.fresh("comparison of sets or mixed types")
        ops = {
            "<": lambda p, q: p < q,
            "<=": lambda p, q: p <= q,
            ">": lambda p, q: p > q,
            ">=": lambda p, q: p >= q,
            "==": lambda p, q: p == q,
            "!=": lambda p, q: p != q,
        }
        return Sym(known, ops[e.op](x, y))

    def _if(self, e: ex.IfThenElse) -> Sym:
        t, a, b = self.expr(e.test), self.expr(e.then), self.expr(e.otherwise)
        if isinstance(a.value, DateSym) and isinstance(b.value, DateSym):
            pa, pb = a.value, b.value
            pick = z3.And(t.known, t.value)
            value: Any = DateSym(
                *(
                    z3.If(pick, p, q)
                    for p, q in zip(
                        (pa.ordinal, pa.y, pa.m, pa.d), (pb.ordinal, pb.y, pb.m, pb.d), strict=True
                    )
                )
            )
            equal = pa.ordinal == pb.ordinal
        elif isinstance(a.value, z3.ExprRef) and isinstance(b.value, z3.ExprRef):
            value = z3.If(t.value, a.value, b.value)
            equal = a.value == b.value
        else:
            return self.fresh("if-then-else over codes or sets")
        both = z3.And(a.known, b.known, equal)
        known = z3.If(t.known, z3.If(t.value, a.known, b.known), both)
        if isinstance(value, DateSym):
            return Sym(known, value)
        return Sym(known, z3.If(t.known, value, a.value))

    def _is_in(self, e: ex.IsIn) -> Sym:
        a, codes = self.expr(e.a), self.expr(e.codes)
        if not isinstance(codes.value, frozenset):
            return self.fresh("membership in a non-constant code set")
        return Sym(
            z3.And(a.known, codes.known),
            z3.Or([self._code_index(a, c) for c in sorted(codes.value)] or [False]),
        )


def fact_value(var: FactVar, model: z3.ModelRef) -> Value:
    """The Python value of a fact in a z3 model (None when the model leaves it unknown)."""
    if not z3.is_true(model.eval(var.known, model_completion=True)):
        return None
    t = var.spec.type

    def ev(x: Any) -> Any:
        return model.eval(x, model_completion=True)

    if t is FactType.BOOL:
        return bool(z3.is_true(ev(var.value)))
    if t is FactType.INT:
        return int(ev(var.value).as_long())
    if t is FactType.DECIMAL:
        r = ev(var.value)
        return (Decimal(r.numerator_as_long()) / Decimal(r.denominator_as_long())).quantize(Decimal("0.0001"))
    if t is FactType.DATE:
        return date(
            int(ev(var.value.y).as_long()), int(ev(var.value.m).as_long()), int(ev(var.value.d).as_long())
        )
    if t is FactType.CODE:
        return var.spec.codes[int(ev(var.value).as_long())]
    if t is FactType.CODE_SET:
        return frozenset(c for c, b in var.value.items() if z3.is_true(ev(b)))
    return None  # list facts are not translated
