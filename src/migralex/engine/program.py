"""Programs, rule packs and reforms, and the single-case entry point :func:`assess`."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any, Literal

from migralex.engine.backends.scalar import NodeResult, Run
from migralex.engine.citations import Citation
from migralex.engine.dependencies import DependencyIndex, dependency_index
from migralex.engine.encoding import PLAIN, Encoder, fragment_encoder
from migralex.engine.errors import DefinitionError
from migralex.engine.expressions import Const, Expr, FactRef, Param, walk
from migralex.engine.facts import PERCENT, FactSpec, facts_json_schema, parse_facts
from migralex.engine.failures import failing_conditions
from migralex.engine.labels import label_parameters
from migralex.engine.meta import ConditionTag, InForce, OutOfForce, ProgramMeta
from migralex.engine.nodes import Node
from migralex.engine.outcomes import OUTCOMES as OUTCOMES  # re-exported: older imports
from migralex.engine.outcomes import Outcome
from migralex.engine.parameters import ParameterResolver as ParameterResolver  # re-exported: older imports
from migralex.engine.parameters import ParameterSet, UnknownParameter
from migralex.engine.relevance import relevant_missing
from migralex.engine.trials import CaseTrials
from migralex.engine.values import PLAIN_JSON, Value, to_json

PROGRAM_STATUSES = ("in_force", "historical", "proposed", "suspended")
#: Column names the batch evaluator uses itself.
RESERVED_COLUMNS = frozenset({"outcome", "__exception_conflict__"})


@dataclass(eq=False)
class Program:
    """An entry point such as ``dk.family_reunification.spouse``: a root condition and named outputs."""

    id: str
    title: str
    description: str
    root: Node
    citation: Citation
    outputs: Mapping[str, Node] = field(default_factory=dict)
    status: str = "in_force"
    pack: RulePack | None = None
    #: outcome vocabulary and money outputs (defaults: eligible / ineligible, no money)
    meta: ProgramMeta = field(default_factory=ProgramMeta)
    #: when the program exists; outside the window the outcome is ``not_in_force`` (None: always)
    in_force: InForce | None = None
    _percent: tuple[str, ...] | None = field(default=None, init=False, repr=False)
    _specs: dict[str, FactSpec] | None = field(default=None, init=False, repr=False)
    #: each fact's parser by id (made on first use, without a reform)
    _parsers: dict[str, Callable[[Any], Value]] | None = field(default=None, init=False, repr=False)
    _reads: dict[int, tuple[object, ProgramReads]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.status not in PROGRAM_STATUSES:
            raise DefinitionError(f"program {self.id}: status {self.status!r} not in {PROGRAM_STATUSES}")
        try:
            self.meta.check(self.id, self.outputs)
        except ValueError as exc:
            raise DefinitionError(str(exc)) from None
        for name in self.outputs:
            if name in RESERVED_COLUMNS or "/" in name or "." in name:
                raise DefinitionError(
                    f"program {self.id}: output name {name!r} is reserved or not a plain name "
                    "(use lower_snake_case, not 'outcome')"
                )

    @property
    def jurisdiction(self) -> str:
        """The rule pack id (``dk``, ``uk``)."""
        return self.pack.id if self.pack else self.id.split(".", 1)[0]

    def roots(self) -> list[Node]:
        """The root condition followed by the output nodes."""
        return [self.root, *self.outputs.values()]

    def nodes(self, replacements: Mapping[str, Node] | None = None) -> list[Node]:
        """Every named node reachable from the program (after replacements), each once."""
        resolve = _resolver(replacements)
        out: dict[str, Node] = {}
        for root in self.roots():
            for e in walk(root, resolve):
                if isinstance(e, Node):
                    other = out.setdefault(e.id, e)
                    if other is not e:
                        raise DefinitionError(f"program {self.id}: two different nodes share the id {e.id}")
        return list(out.values())

    def fact_specs(self, replacements: Mapping[str, Node] | None = None) -> dict[str, FactSpec]:
        """The facts the program reads, by id (conflicting definitions of one id are an error)."""
        if not replacements:  # the rules do not change once built: walked once
            if self._specs is None:
                self._specs = self._walk_fact_specs(None)
            return dict(self._specs)
        return self._walk_fact_specs(replacements)

    def _walk_fact_specs(self, replacements: Mapping[str, Node] | None) -> dict[str, FactSpec]:
        resolve = _resolver(replacements)
        out: dict[str, FactSpec] = {}
        for root in self.roots():
            for e in walk(root, resolve):
                if isinstance(e, FactRef):
                    known = out.setdefault(e.id, e.spec)
                    if known is not e.spec and (known.type, known.codes) != (e.spec.type, e.spec.codes):
                        raise DefinitionError(f"program {self.id}: fact {e.id} is declared with two types")
        return dict(sorted(out.items()))

    def parameter_ids(self, replacements: Mapping[str, Node] | None = None) -> list[str]:
        """Parameters the program reads."""
        resolve = _resolver(replacements)
        ids: dict[str, None] = {}
        for root in self.roots():
            for e in walk(root, resolve):
                if isinstance(e, Param):
                    ids[e.id] = None
        return list(ids)

    def tagged(self, tag: ConditionTag | str, replacements: Mapping[str, Node] | None = None) -> list[Node]:
        """The program's named nodes carrying a tag (e.g. every ``age_limit`` condition)."""
        wanted = ConditionTag(tag)
        return [n for n in self.nodes(replacements) if wanted in n.tags]

    def describe_meta(self) -> dict[str, Any]:
        """JSON form of the program's typed metadata (``migralex programs --format json``)."""
        return {
            **self.meta.as_dict(),
            "in_force": self.in_force.as_dict() if self.in_force else None,
            "tags": {n.id: sorted(t.value for t in n.tags) for n in self.nodes() if n.tags},
        }

    def reads(self, replacements: Mapping[str, Node] | None = None) -> ProgramReads:
        """What the program reads (facts, constants, parameters), walked once per set of replacements."""
        key = id(replacements)
        hit = self._reads.get(key)
        if hit is not None and hit[0] is replacements:
            return hit[1]
        consts: list[Value] = []
        params: dict[str, None] = {}
        roots: list[Expr] = list(self.roots())
        if replacements:
            roots.extend(replacements.values())
        for e in (e for root in roots for e in walk(root, _resolver(replacements))):
            if isinstance(e, Const):
                consts.append(e.value)
            elif isinstance(e, Param) and e.on is None:
                params[e.id] = None
        index = dependency_index(self.roots(), _resolver(replacements))
        reads = ProgramReads(self.fact_specs(replacements), tuple(consts), tuple(params), index)
        self._reads[key] = (replacements, reads)
        return reads

    def percent_facts(self) -> tuple[str, ...]:
        """Ids of the facts given in percent (unit ``%``, 0-100)."""
        if self._percent is None:
            self._percent = tuple(fid for fid, s in self.fact_specs().items() if s.unit == PERCENT)
        return self._percent

    def json_schema(self) -> dict[str, Any]:
        """JSON Schema of the facts file for this program."""
        return facts_json_schema(self.id, self.fact_specs().values())

    def parse_facts(self, raw: Mapping[str, Any], reform: Reform | None = None) -> dict[str, Value]:
        """Validate a facts mapping for this program (unknown ids and wrong types are errors)."""
        if reform is None or not reform.replacements:
            parsers = self._parsers
            if parsers is None:
                if self._specs is None:
                    self._specs = self._walk_fact_specs(None)
                parsers = self._parsers = {fid: spec.parser for fid, spec in self._specs.items()}
            if isinstance(raw, dict):
                try:
                    return {k: parsers[k](v) for k, v in raw.items()}
                except KeyError:  # an unknown fact id: the general path names it
                    pass
            assert self._specs is not None  # noqa: S101 -- narrows a type for mypy
            return parse_facts(self._specs, raw)  # read only: no copy
        return parse_facts(self.fact_specs(reform.replacements), raw)


@dataclass(frozen=True)
class ProgramReads:
    """The facts a program reads, and the constants and parameters its rules compare against."""

    facts: dict[str, FactSpec]
    constants: tuple[Value, ...]
    parameters: tuple[str, ...]
    #: which named nodes each fact can change (for incremental trial evaluations)
    dependencies: DependencyIndex


def _resolver(replacements: Mapping[str, Node] | None) -> Any:
    if not replacements:
        return None
    return lambda n: replacements.get(n.id, n)


@dataclass(eq=False)
class RulePack:
    """A jurisdiction's rules: id, version, parameters, programs; its content hash pins what was run."""

    id: str
    title: str
    version: str
    parameters: ParameterSet
    programs: dict[str, Program]
    source_dir: Path
    _hash: str = ""

    def __post_init__(self) -> None:
        for program in self.programs.values():
            program.pack = self
            for pid in program.parameter_ids():
                if pid not in self.parameters:
                    raise DefinitionError(
                        f"program {program.id} reads parameter {pid}, which {self.id} lacks"
                    )
            for node in program.nodes():
                labels = [node.label, *(u.label for u in node.unless)]
                for pid in (p for label in labels for p in label_parameters(label)):
                    if pid not in self.parameters:
                        raise DefinitionError(
                            f"label of {node.id} names parameter {pid}, which {self.id} lacks"
                        )
            program.fact_specs()

    @property
    def hash(self) -> str:
        """sha256 over the pack's Python sources and parameter files."""
        if not self._hash:
            h = hashlib.sha256()
            for path in sorted(self.source_dir.rglob("*")):
                if path.suffix in (".py", ".yaml") and "__pycache__" not in path.parts:
                    h.update(path.relative_to(self.source_dir).as_posix().encode())
                    h.update(path.read_bytes())
            self._hash = h.hexdigest()
        return self._hash

    def info(self) -> dict[str, str]:
        """``{"id", "version", "hash"}`` recorded with every result."""
        return {"id": self.id, "version": self.version, "hash": self.hash}


@dataclass(eq=False)
class Reform:
    """A named change to a rule pack: parameter overrides and replaced nodes, applied without copying.

    ``activate_proposed`` lists base parameters whose ``proposed`` values the reform puts into force.
    """

    id: str
    title: str
    description: str
    base: str
    status: str
    citation: Citation
    parameters: ParameterSet = field(default_factory=ParameterSet)
    replacements: dict[str, Node] = field(default_factory=dict)
    activate_proposed: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()
    source_files: tuple[Path, ...] = ()

    def applies_to(self, program: Program) -> bool:
        """True when the reform is for this program's pack (and program, if it names programs)."""
        if program.jurisdiction != self.base:
            return False
        return not self.programs or program.id in self.programs

    @property
    def hash(self) -> str:
        """sha256 over the reform's source files."""
        h = hashlib.sha256()
        for path in sorted(self.source_files):
            h.update(path.name.encode())
            h.update(path.read_bytes())
        self.parameters.digest_into(h)
        return h.hexdigest()


@dataclass
class Decision:
    """The result of assessing one case: outcome, explanation tree, missing facts, provenance."""

    program: Program
    date: date
    outcome: str
    root: NodeResult
    outputs: dict[str, NodeResult]
    #: the missing facts, or how to find them (worked out on first use: it takes trial evaluations)
    asked: list[str] | Callable[[], list[str]]
    facts: dict[str, Value]
    reform: Reform | None = None
    #: the unit of each parameter read, or how to find them (worked out on first use of :attr:`units`)
    unit_map: dict[str, str] | Callable[[], dict[str, str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: parameters read without a known value (why an ``unknown`` may not be a matter of facts)
    unknown_parameters: list[UnknownParameter] = field(default_factory=list)
    #: for a ``not_in_force`` outcome: why the date lies outside the program's window, with the citation
    out_of_force: OutOfForce | None = None
    #: how much of the explanation the evaluation recorded: ``none`` when assessed with ``explain="none"``
    #: (values only: no tree under the root and outputs, and only the ``none`` JSON can be asked for)
    explained: Explain = "full"

    @property
    def missing_facts(self) -> list[str]:
        """Facts not given whose answer can change the unknown outcome (or an unknown output): ask next."""
        if callable(self.asked):
            self.asked = self.asked()
        return self.asked

    @missing_facts.setter
    def missing_facts(self, value: list[str]) -> None:
        self.asked = value

    @property
    def units(self) -> dict[str, str]:
        """The unit of every parameter the decision read (keys as in the explanation: ``id``, ``id@date``)."""
        if callable(self.unit_map):
            self.unit_map = self.unit_map()
        return self.unit_map

    @property
    def outcome_label(self) -> str:
        """The program's own code for the outcome (``deport``, ``no_deportation``, ``unknown``, ...)."""
        return self.program.meta.vocabulary.label(self.outcome)

    @property
    def outcome_text(self) -> str:
        """The outcome in plain English from the program's vocabulary."""
        return self.program.meta.vocabulary.text(self.outcome)

    @property
    def adverse(self) -> bool:
        """True when the outcome goes against the person (from the program's vocabulary)."""
        return self.program.meta.vocabulary.adverse(self.outcome)

    def condition(self, node_id: str) -> NodeResult | None:
        """The result of a named node anywhere in the tree."""
        for r in self.all_results():
            if r.node.id == node_id:
                return r
        return None

    def deciding_failures(self) -> list[NodeResult]:
        """For an ineligible outcome, the conditions whose failure decides it; empty otherwise.

        The deepest false conditions on the path from the root, leaving out alternatives that do not apply
        to the case (see :mod:`migralex.engine.failures`).
        """
        if self.outcome != Outcome.INELIGIBLE or self.program.pack is None:
            return []
        replacements = self.reform.replacements if self.reform else None
        run = Run(
            self.facts, self.date, ParameterResolver(self.program.pack.parameters, self.reform), replacements
        )
        ids = failing_conditions(self.program.root, run)
        found = run.memo if self.explained == "none" else {r.node.id: r for r in self.root.iter()}
        return [found[i] for i in ids if i in found]

    def all_results(self) -> list[NodeResult]:
        """Every named node result (root tree then outputs)."""
        out = self.root.iter()
        for r in self.outputs.values():
            out.extend(r.iter())
        return out

    def to_json_bytes(self, explain: Explain = "full") -> bytes:
        """:meth:`to_json` serialised as compact UTF-8 JSON: with orjson installed, byte for byte
        ``orjson.dumps(self.to_json(explain))``, written faster (each citation and parameter value is
        serialised once per program and reused, see :mod:`migralex.engine.encoding`); without it, the
        same JSON from the standard library."""
        enc = fragment_encoder()
        if enc is None:
            text = json.dumps(self.to_json(explain), ensure_ascii=False, separators=(",", ":"))
            return text.encode("utf-8")
        return enc.dumps(self._json(explain, enc))

    def to_json(self, explain: Explain = "full") -> dict[str, Any]:
        """The JSON shape of ``migralex assess --format json`` (see docs/design).

        ``explain`` says how much of the explanation tree to include: ``"full"`` every condition (the
        default), ``"failing"`` only the conditions that are false or unknown (the root always; true
        conditions and known computations left out), ``"none"`` no tree (``conditions`` is empty and the
        outputs carry their value only). Everything else is the same in all three.
        """
        return self._json(explain, PLAIN)

    def _json(self, explain: Explain, enc: Encoder) -> dict[str, Any]:
        """:meth:`to_json` with the static parts written by ``enc``."""
        if explain not in EXPLAIN:
            raise ValueError(f"explain must be one of {', '.join(EXPLAIN)}, not {explain!r}")
        if explain != "none" and self.explained == "none":
            raise ValueError(
                f"this decision was assessed with explain='none': no explanation to show as {explain!r}"
            )
        pack = self.program.pack
        keep = open_or_failing if explain == "failing" else None
        units = self.units if explain != "none" else {}
        out = {
            "program": self.program.id,
            "date": self.date.isoformat(),
            "outcome": self.outcome,
            "outcome_label": self.outcome_label,
            "outcome_text": self.outcome_text,
            "adverse": self.adverse,
            "not_in_force": self.out_of_force.as_dict() if self.out_of_force else None,
            "conditions": [] if explain == "none" else [self.root.as_dict(units, keep, enc)],
            "outputs": {name: _output_json(r, units, explain, keep, enc) for name, r in self.outputs.items()},
            "missing_facts": self.missing_facts,
            "unknown_parameters": [u.as_dict(enc) for u in self.unknown_parameters],
            "warnings": self.warnings,
            "facts": (
                self.facts
                if enc.native
                else {k: v if v.__class__ in PLAIN_JSON else to_json(v) for k, v in self.facts.items()}
            ),
            "rulepack": pack.info() if pack else None,
            "reform": (
                {
                    "id": self.reform.id,
                    "title": self.reform.title,
                    "status": self.reform.status,
                    "hash": self.reform.hash,
                }
                if self.reform
                else None
            ),
        }
        if explain != "full":
            out["explain"] = explain
        return out


#: how much of the explanation :meth:`Decision.to_json` includes
Explain = Literal["full", "failing", "none"]
EXPLAIN: tuple[Explain, ...] = ("full", "failing", "none")


def open_or_failing(r: NodeResult) -> bool:
    """A sub-result worth showing in a ``failing`` explanation: a condition not true, a value not known."""
    return r.value is None or (r.node.kind == "condition" and r.value is not True)


def _output_json(
    r: NodeResult,
    units: dict[str, str],
    explain: Explain,
    keep: Callable[[NodeResult], bool] | None,
    enc: Encoder,
) -> dict[str, Any]:
    value = r.value if enc.native else to_json(r.value)
    out = {"id": r.node.id, "label": r.label, "value": value, "unit": r.node.unit}
    if explain == "full" or (explain == "failing" and r.value is None):
        out["explanation"] = r.as_dict(units, keep, enc)
    return out


def outcome_of(value: Value) -> str:
    """eligible / ineligible / unknown from the root condition's value."""
    if value is None:
        return Outcome.UNKNOWN.value
    return Outcome.ELIGIBLE.value if value else Outcome.INELIGIBLE.value


def assess(
    program: Program,
    facts: Mapping[str, Value],
    on: date,
    reform: Reform | None = None,
    *,
    explain: Explain = "full",
) -> Decision:
    """Assess one case on a date, optionally under a reform, with the full explanation.

    ``facts`` must already be typed (see :meth:`Program.parse_facts`); absent facts are unknown.
    ``explain="none"`` evaluates values only, for a caller that wants the answer without the explanation
    (``--explain none``): the outcome, outputs, missing facts, unknown parameters and warnings are the same,
    but the decision holds no tree (:attr:`Decision.explained`); ``full`` and ``failing`` record it all.
    """
    if explain not in EXPLAIN:
        raise ValueError(f"explain must be one of {', '.join(EXPLAIN)}, not {explain!r}")
    if program.pack is None:
        raise DefinitionError(f"program {program.id} is not part of a rule pack")
    if reform is not None and not reform.applies_to(program):
        raise DefinitionError(f"reform {reform.id} does not apply to {program.id}")
    resolver = ParameterResolver(program.pack.parameters, reform)
    run = Run(
        facts,
        on,
        resolver,
        reform.replacements if reform else None,
        reform.id if reform else None,
        explain=explain != "none",
        labels=True,
    )
    explained: Explain = "none" if explain == "none" else "full"
    root = run.node(program.root)
    gone = program.in_force.out_of_force(on) if program.in_force else None
    if gone is not None:
        # the program does not exist on that date: no outputs, nothing to ask, no parameter to look up
        return Decision(
            program,
            on,
            Outcome.NOT_IN_FORCE.value,
            root,
            {},
            [],
            dict(facts),
            reform,
            partial(_units, run),
            [],
            [],
            gone,
            explained,
        )
    outputs = {name: run.node(node) for name, node in program.outputs.items()}
    targets = [n for n in program.roots() if run.memo[run.resolve(n).id].value is None]
    missing: list[str] | Callable[[], list[str]] = []
    if targets:
        missing = partial(_ask_next, program, facts, on, resolver, reform, run, targets)
    warnings = list(run.warnings.values())
    warnings.extend(share_warnings(program, facts))
    return Decision(
        program,
        on,
        outcome_of(root.value),
        root,
        outputs,
        missing,
        dict(facts),
        reform,
        partial(_units, run),
        warnings,
        list(run.unknown_parameters.values()),
        None,
        explained,
    )


def _ask_next(
    program: Program,
    facts: Mapping[str, Value],
    on: date,
    resolver: ParameterResolver,
    reform: Reform | None,
    run: Run,
    targets: list[Node],
) -> list[str]:
    """Missing facts that can change the unknown root or outputs, checked by evaluation."""
    candidates: list[str] = []
    for node in targets:
        candidates.extend(m for m in run.missing_facts(node) if m not in candidates)
    if not candidates:
        return []  # the open result reads no missing fact (a parameter without a value, say)
    replacements = reform.replacements if reform else None
    reads = program.reads(replacements)
    trials = CaseTrials(facts, on, resolver, replacements, targets, reads.dependencies)
    values = (resolver.value_on(pid, on) for pid in reads.parameters)
    thresholds = [*reads.constants, *(pv.value for pv in values if pv is not None)]
    return relevant_missing(candidates, reads.facts, facts, trials, thresholds, on)


def share_warnings(program: Program, facts: Mapping[str, Value]) -> list[str]:
    """A warning when every percentage given is at most 1: probably written as a fraction (0.55, not 55)."""
    given = {fid: facts[fid] for fid in program.percent_facts() if facts.get(fid) is not None}
    numbers = [v for v in given.values() if isinstance(v, int | Decimal) and not isinstance(v, bool)]
    fractions = all(v <= 1 for v in numbers) and any(v > 0 for v in numbers)
    if numbers and len(numbers) == len(given) and fractions:
        names = ", ".join(sorted(given))
        return [
            f"every share given is at most 1 ({names}); shares are in percent: write 55 for 55 %, not 0.55"
        ]
    return []


def _units(run: Run) -> dict[str, str]:
    """The unit of every parameter the run read (keys as in the explanation, ``id`` or ``id@date``)."""
    units: dict[str, str] = {}
    for r in run.memo.values():
        for key in r.parameters:
            units[key] = run.params.unit(key.split("@", 1)[0])
    return units
