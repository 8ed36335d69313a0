"""The checks of ``migralex verify``: intervals, witnesses, dead conditions, outcomes, conflicts, coverage."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import polars as pl
import z3

from migralex.engine.batch import BASELINE, evaluate_frame
from migralex.engine.errors import ExceptionConflictError
from migralex.engine.expressions import Expr, FactRef, IfThenElse, Param, walk
from migralex.engine.facts import FactType
from migralex.engine.nodes import Node
from migralex.engine.program import ParameterResolver, Program, Reform, assess
from migralex.engine.values import Value
from migralex.verify.translate import YEAR_MAX, FactVar, Translation, fact_value

#: z3's resource limit for one question: deterministic, unlike a wall-clock timeout on a busy machine
RLIMIT = 40_000_000
HORIZON = date(YEAR_MAX, 12, 31)


def windows(program: Program) -> list[tuple[date, date]]:
    """The program's in-force periods as inclusive date ranges (open ends stop at the horizon)."""
    if program.in_force is None:
        return [(_earliest(program), HORIZON)]
    out = []
    for start, end in program.in_force.periods():
        out.append((start, HORIZON if end is None else end - timedelta(days=1)))
    return out


def _earliest(program: Program) -> date:
    pack = program.pack
    assert pack is not None  # noqa: S101 -- narrows a type for mypy
    starts = [
        v.start
        for pid in program.parameter_ids()
        if pid in pack.parameters
        for v in pack.parameters[pid].values
    ]
    return min(starts, default=date(2000, 1, 1))


def intervals(program: Program, reform: Reform | None = None) -> list[tuple[date, date]]:
    """Inclusive date ranges inside the in-force window on which no parameter value or window changes.

    Checking each range with the decision date free inside it makes "on some in-force date" exact.
    """
    pack = program.pack
    assert pack is not None  # noqa: S101 -- narrows a type for mypy
    cuts: set[date] = set()
    for r in (None, reform):
        resolver = ParameterResolver(pack.parameters, r)
        replacements = r.replacements if r else None
        for pid in program.parameter_ids(replacements):
            for v in resolver.candidates(pid):
                cuts.add(v.start)
                if v.end is not None:
                    cuts.add(v.end)
        for n in program.nodes(replacements):
            if n.in_force is not None:
                for s, e in n.in_force.periods():
                    cuts.add(s)
                    if e is not None:
                        cuts.add(e)
    out: list[tuple[date, date]] = []
    for lo, hi in windows(program):
        inner = sorted(c for c in cuts if lo < c <= hi)
        starts = [lo, *inner]
        for i, s in enumerate(starts):
            e = starts[i + 1] - timedelta(days=1) if i + 1 < len(starts) else hi
            out.append((s, e))
    return out


def in_window(program: Program, on: date) -> bool:
    """The date lies in one of the program's in-force periods."""
    return any(lo <= on <= hi for lo, hi in windows(program))


@dataclass
class Witness:
    """A concrete case: the facts set (all others unknown), the date, and the outcomes seen."""

    facts: dict[str, Value]
    on: date
    outcomes: dict[str, str] = field(default_factory=dict)
    confirmed: bool = False

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "date": self.on.isoformat(),
            "facts": {k: _json(v) for k, v in sorted(self.facts.items())},
            "outcomes": self.outcomes,
            "confirmed_by_assess_and_batch": self.confirmed,
        }


def _json(v: Value) -> Any:
    if isinstance(v, frozenset):
        return sorted(v)
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, bool | int | str) or v is None:
        return v
    return str(v)


def _solver(constraints: list[Any], goal: Any) -> z3.Solver:
    s = z3.Solver()
    s.set("rlimit", RLIMIT)
    s.add(*constraints)
    s.add(goal)
    return s


def sat(constraints: list[Any], goal: Any) -> str:
    """``sat``, ``unsat`` or ``unknown`` (timeout) for a goal under the translation's constraints."""
    return str(_solver(constraints, goal).check())


def _model(
    constraints: list[Any], goal: Any, facts: Mapping[str, FactVar], today: Any, earliest: int
) -> tuple[str, z3.ModelRef | None]:
    """``sat`` and a model of the goal with as few facts set as the solver finds within its limit, or
    ``unsat`` / ``unknown`` and no model. One plain check first; only a satisfiable goal is minimised."""
    s = _solver(constraints, goal)
    status = s.check()
    if status != z3.sat:
        return str(status), None
    model = s.model()
    opt = z3.Optimize()
    opt.set("rlimit", RLIMIT)
    opt.add(*constraints)
    opt.add(goal)
    opt.minimize(z3.Sum([z3.If(v.known, 1, 0) for v in facts.values()] or [z3.IntVal(0)]))
    for v in facts.values():  # plain values: small numbers and round dates where the law lets us
        if v.spec.type in (FactType.INT, FactType.DECIMAL):
            opt.add_soft(v.value == 0, weight=1, id="plain")
        elif v.spec.type is FactType.DATE:
            opt.add_soft(z3.And(v.value.d == 1, v.value.ordinal <= today.ordinal), weight=1, id="plain")
    if not z3.is_int_value(today.ordinal):  # a date early in the interval
        opt.add_soft(today.ordinal <= earliest, weight=2, id="plain")
    if opt.check() == z3.sat:
        model = opt.model()
    return "sat", model


def _satisfiable(constraints: list[Any], goals: Mapping[Any, Any]) -> dict[Any, str]:
    """Which goals some case satisfies: one incremental solver; each model found settles every goal it
    satisfies, so most goals never need a call of their own."""
    s = z3.Solver()
    s.set("rlimit", RLIMIT)
    s.add(*constraints)
    out: dict[Any, str] = {}
    for key, goal in goals.items():
        if key in out:
            continue
        s.push()
        s.add(goal)
        result = s.check()
        if result == z3.sat:
            model = s.model()
            for other, g in goals.items():
                if other not in out and z3.is_true(model.eval(g, model_completion=True)):
                    out[other] = "sat"
            out[key] = "sat"
        else:
            out[key] = str(result)
        s.pop()
    return out


def outcome(program: Program, facts: Mapping[str, Value], on: date, reform: Reform | None) -> str:
    """The single-case evaluator's outcome (``conflict`` when two exceptions collide)."""
    try:
        return assess(program, facts, on, reform).outcome
    except ExceptionConflictError:
        return "conflict"


def batch_outcome(program: Program, facts: Mapping[str, Value], on: date, reform: Reform | None) -> str:
    """The batch evaluator's outcome for the same case."""
    specs = program.fact_specs(reform.replacements if reform else None)
    cols = {
        fid: pl.Series(fid, [sorted(v) if isinstance(v, frozenset) else v], dtype=specs[fid].polars_dtype())
        for fid, v in facts.items()
        if fid in specs
    }
    frame = pl.DataFrame(cols) if cols else pl.DataFrame({"_": [0]})
    df = evaluate_frame(
        program,
        frame,
        on=on,
        reforms=[reform] if reform else [],
        include_baseline=reform is None,
        columns="outcome",
    )
    name = "outcome" if "outcome" in df.columns else f"{reform.id if reform else BASELINE}/outcome"
    return str(df[name][0])


def extract(model: z3.ModelRef, tr: Translation) -> Witness:
    """The case a model describes."""
    facts = {fid: fact_value(v, model) for fid, v in tr.facts.items()}
    ordinal = model.eval(tr.today.ordinal, model_completion=True).as_long()
    return Witness({k: v for k, v in facts.items() if v is not None}, date.fromordinal(ordinal))


def reform_witness(
    program: Program, reform: Reform, lo: date, hi: date, direction: str, tries: int = 5
) -> tuple[str, Witness | None, set[str]]:
    """A case eligible under the baseline and ineligible under the reform on a date in ``[lo, hi]``
    (``direction="loses"``), or the reverse (``"gains"``).

    Returns (``found`` / ``none`` / ``not checked``, the witness, unsupported kinds). ``none`` is a proof
    (the translation over-approximates unsupported kinds). A found case is confirmed by ``assess`` and the
    batch evaluator under both scenarios; a model they do not confirm is excluded and the search repeats.
    """
    facts: dict[str, FactVar] = {}
    base = Translation(program, None, lo, hi, facts=facts, prefix="b.")
    new = Translation(program, reform, lo, hi, facts=facts, prefix="r.")
    new.constraints.append(new.today.ordinal == base.today.ordinal)
    cons = base.constraints + new.constraints
    before, after = ("eligible", "ineligible") if direction == "loses" else ("ineligible", "eligible")
    pick = {"eligible": lambda t: t.root.true, "ineligible": lambda t: t.root.false}
    goal = z3.And(pick[before](base), pick[after](new), z3.Not(base.conflict), z3.Not(new.conflict))
    unsupported = base.unsupported | new.unsupported
    for _ in range(tries):
        status, model = _model(cons, goal, facts, base.today, lo.toordinal() + 31)
        if model is None:
            return ("none" if status == "unsat" else "not checked (solver resource limit)"), None, unsupported
        w = extract(model, base)
        w.outcomes = {
            "baseline": outcome(program, w.facts, w.on, None),
            reform.id: outcome(program, w.facts, w.on, reform),
            "baseline (batch)": batch_outcome(program, w.facts, w.on, None),
            f"{reform.id} (batch)": batch_outcome(program, w.facts, w.on, reform),
        }
        w.confirmed = list(w.outcomes.values()) == [before, after, before, after]
        if w.confirmed:
            return "found", w, unsupported
        # the model relied on an unsupported kind: exclude this case and look again
        goal = z3.And(
            goal,
            z3.Or(
                [v.known != model.eval(v.known, model_completion=True) for v in facts.values()]
                + [base.today.ordinal != w.on.toordinal()]
            ),
        )
    kinds = ", ".join(sorted(unsupported)) or "solver and engine disagree"
    return f"not checked (unsupported: {kinds})", None, unsupported


@dataclass
class Finding:
    """One result of a check that needs a reader's attention."""

    program: str
    check: str
    subject: str
    detail: str
    reform: str | None = None

    @property
    def key(self) -> str:
        """Stable identity for the accepted-findings file."""
        return f"{self.program}|{self.reform or '-'}|{self.check}|{self.subject}"

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "program": self.program,
            "reform": self.reform,
            "check": self.check,
            "subject": self.subject,
            "detail": self.detail,
            "key": self.key,
        }


def _conditions(program: Program, reform: Reform | None) -> list[Node]:
    return [n for n in program.nodes(reform.replacements if reform else None) if n.kind == "condition"]


def _can_be_unknown(program: Program, node: Node) -> bool:
    """Facts are read at all (a node over parameters only cannot be made unknown by missing facts)."""
    return any(isinstance(e, FactRef) for e in walk(node.expr))


def program_checks(program: Program, reform: Reform | None = None) -> tuple[list[Finding], dict[str, Any]]:
    """Dead/constant conditions, reachable outcomes and exception conflicts over every in-force interval."""
    findings: list[Finding] = []
    seen: dict[str, dict[str, bool]] = {}
    reach = {"eligible": False, "ineligible": False, "unknown": False}
    timeouts: list[str] = []
    unsupported: set[str] = set()
    conflict_reported: set[str] = set()
    rid = reform.id if reform else None
    conds = _conditions(program, reform)
    for lo, hi in intervals(program, reform):
        tr = Translation(program, reform, lo, hi)
        unsupported |= tr.unsupported
        goals: dict[tuple[str, str], Any] = {}
        for n in conds:
            sym = tr.node(n)
            got = seen.setdefault(n.id, {"true": False, "false": False, "unknown": False})
            for name, goal in (("true", sym.true), ("false", sym.false), ("unknown", z3.Not(sym.known))):
                if not got[name]:
                    goals[(n.id, name)] = goal
        root, ok = tr.root, z3.Not(tr.conflict)
        for name, goal in (
            ("eligible", root.true),
            ("ineligible", root.false),
            ("unknown", z3.Not(root.known)),
        ):
            if not reach[name]:
                goals[("", name)] = z3.And(goal, ok)
        for key, status in _satisfiable(tr.constraints, goals).items():
            if status == "unsat":
                continue
            if status == "unknown":
                timeouts.append(f"{key[0] or 'outcome'} {key[1]}")
            if key[0]:
                seen[key[0]][key[1]] = True
            else:
                reach[key[1]] = True
        for node_id, priority, clash in tr.conflicts:
            key = f"{node_id}@{priority}"
            if key in conflict_reported:
                continue
            s = _solver(tr.constraints, clash)
            if s.check() == z3.sat:
                w = extract(s.model(), tr)
                conflict_reported.add(key)
                findings.append(
                    Finding(
                        program.id,
                        "exception conflict",
                        key,
                        f"two exceptions of priority {priority} apply on {w.on}: "
                        f"{ {k: _json(v) for k, v in w.facts.items()} }",
                        rid,
                    )
                )
    for n in conds:
        got = seen[n.id]
        for name in ("true", "false"):
            if not got[name]:
                findings.append(
                    Finding(
                        program.id,
                        f"never {name}",
                        n.id,
                        f"no facts on any in-force date make '{n.label}' {name} ({n.formula()})",
                        rid,
                    )
                )
        if not got["unknown"] and _can_be_unknown(program, n):
            findings.append(
                Finding(
                    program.id,
                    "never unknown",
                    n.id,
                    f"'{n.label}' is decided even when facts are missing",
                    rid,
                )
            )
    vocab = program.meta.vocabulary
    for name, ok in reach.items():
        if not ok:
            label = vocab.label(name)
            findings.append(
                Finding(
                    program.id,
                    "unreachable outcome",
                    label,
                    f"no case on any in-force date ends '{label}'",
                    rid,
                )
            )
    info = {
        "intervals": len(intervals(program, reform)),
        "timeouts": timeouts,
        "unsupported": sorted(unsupported),
        "reachable": reach,
    }
    return findings, info


def params_read_on(
    program: Program, resolver: ParameterResolver, on: date, replacements: Mapping[str, Node] | None = None
) -> set[str]:
    """The parameters the program can read on a date: a branch that a boolean parameter's value on that date
    rules out (``if_(param(...), then, otherwise)``, e.g. a regime switch) is not read."""
    read: set[str] = set()
    seen: set[int] = set()
    stack: list[Expr] = list(program.roots())
    while stack:
        e = stack.pop()
        if e.named and replacements:
            e = replacements.get(e.id, e)  # type: ignore[attr-defined]
        if id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, IfThenElse) and isinstance(e.test, Param) and e.test.on is None:
            pv = resolver.value_on(e.test.id, on)
            if pv is not None and isinstance(pv.value, bool):
                read.add(e.test.id)
                stack.append(e.then if pv.value else e.otherwise)
                continue
        if isinstance(e, Param):
            read.add(e.id)
        stack.extend(e.children())
    return read


def coverage_gaps(program: Program, reform: Reform | None = None) -> Iterator[Finding]:
    """Dates in the in-force window on which a parameter the program reads has no value at all (a branch a
    boolean parameter rules out on those dates is not read, see :func:`params_read_on`)."""
    pack = program.pack
    assert pack is not None  # noqa: S101 -- narrows a type for mypy
    resolver = ParameterResolver(pack.parameters, reform)
    replacements = reform.replacements if reform else None
    spans = intervals(program, reform)
    read = {lo: params_read_on(program, resolver, lo, replacements) for lo, _ in spans}
    for pid in program.parameter_ids(replacements):
        gaps: list[tuple[date, date]] = []
        for lo, hi in spans:
            if pid in read[lo] and resolver.value_on(pid, lo) is None:
                if gaps and gaps[-1][1] + timedelta(days=1) == lo:
                    gaps[-1] = (gaps[-1][0], hi)
                else:
                    gaps.append((lo, hi))
        for lo, hi in gaps:
            end = "open" if hi == HORIZON else hi.isoformat()
            yield Finding(
                program.id,
                "parameter gap",
                f"{pid} {lo.isoformat()}..{end}",
                f"{pid} has no value (nor an unknown/unverified status) from {lo} to {end}",
                reform.id if reform else None,
            )
