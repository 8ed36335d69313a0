"""What to ask next: the missing facts whose answer can change an unknown result, found by evaluation.

The walk over unknown sub-expressions (:meth:`Expr.missing`) proposes candidates. Each candidate is then
*tried*: for each value of its domain, is the result different from the result without it? The domain of a
fact is read from its declaration and from the program itself:

* booleans: true, false; codes: every code; code sets: the empty set, each single code, all codes;
* numbers: 0 (or the declared minimum), a very large value, and each number the program compares against
  (constants, and the parameter values on the decision date) with its neighbours;
* dates: far past, far future, the decision date and its neighbours, a range of whole years before it,
  and each date constant or date parameter of the program with its neighbours;
* lists: the empty list, and one item of typical field values.

A fact may only matter together with another one (``at least 2 of 3``, an exception that must be ruled out
first): a candidate that decides nothing alone is also tried in "open worlds", where every *other*
candidate is answered, one by one, with a value that keeps the result open (two such worlds: answers tried
in the domain's order and in reverse). The search is deterministic. Every world tried is a world already
evaluated with one more answer, remembered by the answers that lead to it, so the evaluator
(:class:`Trials`; :mod:`migralex.engine.trials` for a case) need only work out what that answer changes.
A result blocked by a parameter without a value cannot be changed by any fact, so then nothing is listed:
the decision's ``unknown_parameters`` says why instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Generic, Protocol, TypeVar

from migralex.engine.facts import FactSpec, FactType
from migralex.engine.values import Value

_DAY = timedelta(days=1)
_FAR_PAST = date(1900, 1, 1)
_FAR_FUTURE = date(2100, 1, 1)
S = TypeVar("S")


def _years_before(on: date, years: int) -> date:
    try:
        return on.replace(year=on.year - years)
    except ValueError:
        return on.replace(year=on.year - years, day=28)


def domain(spec: FactSpec, thresholds: Sequence[Value], on: date) -> list[Value]:
    """Values worth trying for a fact (see the module docstring)."""
    t = spec.type
    if t is FactType.BOOL:
        return [True, False]
    if t is FactType.CODE:
        return list(spec.codes)
    if t is FactType.CODE_SET:
        return [frozenset(), *(frozenset({c}) for c in spec.codes), frozenset(spec.codes)]
    if t in (FactType.INT, FactType.DECIMAL):
        lo, hi = spec.bounds
        step: Any = 1 if t is FactType.INT else Decimal("0.01")
        nums = [n for n in thresholds if isinstance(n, int | Decimal) and not isinstance(n, bool)]
        raw: list[Any] = [lo if lo is not None else 0, hi if hi is not None else 10**9]
        for n in nums:
            raw.extend((n - step, n, n + step))
        vals: list[Value] = []
        for v in raw:
            if t is FactType.INT:
                if v != int(v):
                    continue
                v = int(v)
            else:
                v = Decimal(v).quantize(Decimal("0.0001"))
            if (lo is None or v >= lo) and (hi is None or v <= hi) and v not in vals:
                vals.append(v)
        return vals
    if t is FactType.DATE:
        raw_dates = [_FAR_PAST, _FAR_FUTURE, on - _DAY, on, on + _DAY]
        raw_dates.extend(_years_before(on, y) for y in (1, 2, 5, 10, 18, 24, 50))
        for d in thresholds:
            if isinstance(d, date):
                raw_dates.extend((d - _DAY, d, d + _DAY))
        return list(dict.fromkeys(raw_dates))
    # a list fact: no items, or one item of the first value of each field's domain
    item = {name: domain(_field_spec(spec, name), thresholds, on)[0] for name in spec.item}
    return [(), (MappingProxyType(item),)]


def _field_spec(spec: FactSpec, name: str) -> FactSpec:
    """A field of a list fact's items, as a fact of its own (to find its domain)."""
    f = spec.item[name]
    return FactSpec(
        f"{spec.id}.{name}", f.type, name, codes=f.codes, unit=f.unit, minimum=f.minimum, maximum=f.maximum
    )


def _incomplete(value: Value) -> bool:
    """A list whose items have unknown fields."""
    return isinstance(value, tuple) and any(v is None for item in value for v in item.values())


def _completions(spec: FactSpec, value: Value, thresholds: Sequence[Value], on: date) -> list[Value]:
    """A list with unknown fields: the same list with one unknown field answered, for each value tried."""
    assert isinstance(value, tuple)  # noqa: S101 -- narrows a type for mypy
    out: list[Value] = []
    for i, item in enumerate(value):
        for name, v in item.items():
            if v is not None:
                continue
            for choice in domain(_field_spec(spec, name), thresholds, on):
                items = list(value)
                items[i] = MappingProxyType({**item, name: choice})
                out.append(tuple(items))
    return out


class Trials(Protocol[S]):
    """Evaluates a case's open results, and the same with one more answer than an evaluated case
    (the state ``S`` is whatever the evaluator keeps of an evaluated case)."""

    def start(self) -> tuple[tuple[Value, ...], S]:
        """The results on the case's own facts."""
        ...

    def answer(self, parent: S, fact: str, value: Value) -> tuple[tuple[Value, ...], S]:
        """The results with ``fact`` answered ``value`` on top of the facts ``parent`` was evaluated on."""
        ...


class _World(Generic[S]):
    """The case with some answers added (one at a time), its results, and the answers tried on top of it
    (remembered: the searches below revisit many)."""

    __slots__ = ("open", "results", "state", "tried")

    def __init__(self, results: tuple[Value, ...], state: S) -> None:
        self.results = results
        #: every result still unknown (only such worlds, and the case itself, get answers added)
        self.open = all(r is None for r in results)
        self.state: S | None = state
        self.tried: dict[tuple[str, int], _World[S]] = {}


class _Search(Generic[S]):
    """Answers tried on worlds: the ``i``-th value of a fact's domain, evaluated once per world."""

    def __init__(self, trials: Trials[S], domains: Mapping[str, Sequence[Value]]) -> None:
        self.trials = trials
        self.domains = domains
        self.base = _World(*trials.start())

    def answer(self, world: _World[S], fact: str, i: int) -> _World[S]:
        key = (fact, i)
        hit = world.tried.get(key)
        if hit is None:
            assert world.state is not None  # noqa: S101 -- only open worlds and the case get answers added
            hit = world.tried[key] = _World(*self.trials.answer(world.state, fact, self.domains[fact][i]))
            if not hit.open:
                hit.state = None  # never added to: its evaluation need not be kept
        return hit

    def changes(self, world: _World[S], fact: str) -> bool:
        """Some value of ``fact`` added to ``world`` changes its results."""
        before = world.results
        return any(self.answer(world, fact, i).results != before for i in range(len(self.domains[fact])))

    def open_world(self, order: Sequence[str], flip: bool) -> _World[S]:
        """Answer the facts of ``order`` one by one, each with the first value (of the domain, or of its
        reverse with ``flip``) that keeps every result open. In such a world the facts still open are
        the pivots."""
        world = self.base
        for g in order:
            n = len(self.domains[g])
            for i in range(n - 1, -1, -1) if flip else range(n):
                w = self.answer(world, g, i)
                if w.open:
                    world = w
                    break
        return world


def answers_to_try(
    candidates: Sequence[str],
    specs: Mapping[str, FactSpec],
    facts: Mapping[str, Value],
    thresholds: Sequence[Value],
    on: date,
) -> dict[str, list[Value]]:
    """The candidates still open (not given, or a list not complete), in their order, each with the
    answers a search tries: its domain, or the completions of the list given."""
    return {
        c: domain(specs[c], thresholds, on)
        if facts.get(c) is None
        else _completions(specs[c], facts[c], thresholds, on)
        for c in candidates
        if c in specs and (facts.get(c) is None or _incomplete(facts[c]))
    }


def relevant_missing(
    candidates: Sequence[str],
    specs: Mapping[str, FactSpec],
    facts: Mapping[str, Value],
    trials: Trials[Any],
    thresholds: Sequence[Value],
    on: date,
) -> list[str]:
    """The candidates whose answer can change the results ``trials`` evaluates, in the candidates' order."""
    domains = answers_to_try(candidates, specs, facts, thresholds, on)
    if not domains:
        return []
    cands = list(domains)
    search = _Search(trials, domains)
    # first alone (cheap, and enough for most facts) ...
    found = {f for f in cands if search.changes(search.base, f)}
    # ... then in worlds where every other fact is answered but the outcome is still open
    for f in cands:
        if f in found:
            continue
        others = [c for c in cands if c != f]
        for order, flip in ((others, False), (others[::-1], True)):
            if search.changes(search.open_world(order, flip), f):
                found.add(f)
                break
    return [f for f in cands if f in found]
