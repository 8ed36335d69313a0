"""Dated parameters read from YAML: each value has ``from``/``until``, ``value``, ``source`` and ``status``.

A parameter file maps parameter ids to definitions::

    dk.family_reunification.spouse.min_age:
      label: Minimum age of both spouses
      type: int
      unit: years
      values:
        - from: 2002-07-01
          value: 24
          status: in_force
          source:
            citation: Udlændingeloven § 9, stk. 1, nr. 1
            url: https://www.retsinformation.dk/...

Values are read "as of" the decision date. A ``proposed`` value is never read by the rules in force; a
reform makes it apply. ``unverified`` values are read but flagged in every explanation; an ``unverified``
value may be ``null`` where the amount in force is not known, and then it evaluates as *unknown*.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Protocol

import yaml

from migralex.engine.citations import Citation, restore_state, state_without_caches
from migralex.engine.encoding import PLAIN, Encoder
from migralex.engine.errors import ParameterError
from migralex.engine.facts import DECIMAL_SCALE
from migralex.engine.values import Value, to_json

#: ``enacted``: passed but not yet in force on the day it was recorded (its ``from`` is the commencement);
#: ``pilot``: in force for a pilot scheme. Every status but ``proposed`` is read by the rules in force.
STATUSES = ("in_force", "enacted", "pilot", "proposed", "suspended", "repealed", "unverified")
TYPES = ("int", "decimal", "bool", "date", "code", "code_set")


@dataclass(frozen=True, slots=True)
class ParameterValue:
    """One dated value of a parameter."""

    parameter: str
    start: date
    end: date | None
    value: Value
    status: str
    source: Citation
    #: the JSON form without its source (a value does not change), made on first use
    _json: dict[str, Any] | None = field(default=None, init=False, repr=False, compare=False)
    #: the JSON form serialised once per unit (``orjson.Fragment``, see :mod:`migralex.engine.encoding`)
    _fragments: dict[str, Any] | None = field(default=None, init=False, repr=False, compare=False)

    def __getstate__(self) -> list[Any]:
        return state_without_caches(self)

    def __setstate__(self, state: list[Any]) -> None:
        restore_state(self, state)

    def applies_on(self, on: date) -> bool:
        """True when ``on`` falls within [start, end)."""
        return self.start <= on and (self.end is None or on < self.end)

    def as_dict(self, unit: str = "") -> dict[str, Any]:
        """JSON form used in explanations."""
        if self._json is None:
            object.__setattr__(
                self,
                "_json",
                {
                    "value": to_json(self.value),
                    "from": self.start.isoformat(),
                    "until": self.end.isoformat() if self.end else None,
                    "status": self.status,
                    "source": None,
                },
            )
        out: dict[str, Any] = {**self._json, "source": self.source.as_dict()}  # type: ignore[dict-item]
        if unit:
            out["unit"] = unit
        return out


@dataclass(frozen=True, slots=True)
class UnknownParameter:
    """A parameter read by a decision without a known value on the date it was read for.

    ``status`` is the value's status (``unverified`` with a null value) or ``not_in_force`` when no value
    covers the date; ``source`` is the value's citation (None without a value); ``why`` says it plainly.
    """

    id: str
    on: date
    status: str
    source: Citation | None
    why: str

    def as_dict(self, enc: Encoder = PLAIN) -> dict[str, Any]:
        """JSON form ``{id, on, status, source, why}`` (``enc`` writes the source)."""
        return {
            "id": self.id,
            "on": self.on.isoformat(),
            "status": self.status,
            "source": enc.citation(self.source) if self.source else None,
            "why": self.why,
        }


def precedence(v: ParameterValue) -> tuple[date, bool]:
    """Which of two applicable values wins: the later start; on the same start a proposal put in force."""
    return (v.start, v.status == "proposed")


@dataclass(frozen=True)
class Parameter:
    """A parameter: its id, label, type, unit and dated values."""

    id: str
    label: str
    type: str
    unit: str
    values: tuple[ParameterValue, ...]
    description: str = ""

    def value_on(self, on: date, *, include_proposed: bool = False) -> ParameterValue | None:
        """The value that applies on a date (the latest-starting one), or ``None`` if none does."""
        best: ParameterValue | None = None
        for v in self.values:
            if v.status == "proposed" and not include_proposed:
                continue
            if v.applies_on(on) and (best is None or precedence(v) > precedence(best)):
                best = v
        return best

    def in_force_values(self) -> list[ParameterValue]:
        """Values that the rules in force read (everything but ``proposed``), oldest first."""
        return sorted((v for v in self.values if v.status != "proposed"), key=lambda v: v.start)

    @property
    def unverified(self) -> bool:
        """True when any value is marked unverified."""
        return any(v.status == "unverified" for v in self.values)


def _coerce(param_id: str, ptype: str, raw: Any, where: str) -> Value:
    """Coerce a YAML value to the parameter's declared type."""
    if ptype == "int":
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ParameterError(param_id, f"{where}: expected a whole number, got {raw!r}")
        return raw
    if ptype == "decimal":
        if isinstance(raw, float):
            raise ParameterError(
                param_id, f"{where}: write decimal amounts as strings or integers, got {raw!r}"
            )
        try:
            value = Decimal(str(raw))
        except InvalidOperation:
            raise ParameterError(param_id, f"{where}: not a decimal amount: {raw!r}") from None
        if value != value.quantize(Decimal(1).scaleb(-DECIMAL_SCALE)):
            raise ParameterError(param_id, f"{where}: more than {DECIMAL_SCALE} decimal places: {raw!r}")
        return value
    if ptype == "bool":
        if not isinstance(raw, bool):
            raise ParameterError(param_id, f"{where}: expected true or false, got {raw!r}")
        return raw
    if ptype == "date":
        if isinstance(raw, date):
            return raw
        try:
            return date.fromisoformat(str(raw))
        except ValueError:
            raise ParameterError(param_id, f"{where}: not a date: {raw!r}") from None
    if ptype == "code":
        return str(raw)
    if ptype == "code_set":
        if not isinstance(raw, list):
            raise ParameterError(param_id, f"{where}: expected a list of codes, got {raw!r}")
        return frozenset(str(c) for c in raw)
    raise ParameterError(param_id, f"unknown type {ptype!r}; expected one of {', '.join(TYPES)}")


def _as_date(param_id: str, raw: Any, where: str) -> date:
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        raise ParameterError(param_id, f"{where}: not a date: {raw!r}") from None


def parameter_from_yaml(param_id: str, raw: Mapping[str, Any], origin: str = "") -> Parameter:
    """Build a :class:`Parameter` from its YAML mapping, checking every field."""
    if not isinstance(raw, Mapping):
        raise ParameterError(param_id, f"{origin}: definition must be a mapping")
    for key in ("label", "type", "values"):
        if key not in raw:
            raise ParameterError(param_id, f"{origin}: missing '{key}'")
    ptype = str(raw["type"])
    if ptype not in TYPES:
        raise ParameterError(param_id, f"{origin}: type {ptype!r} is not one of {', '.join(TYPES)}")
    if not isinstance(raw["values"], list) or not raw["values"]:
        raise ParameterError(param_id, f"{origin}: 'values' must be a non-empty list")
    values: list[ParameterValue] = []
    for i, item in enumerate(raw["values"]):
        where = f"{origin} values[{i}]"
        if not isinstance(item, Mapping):
            raise ParameterError(param_id, f"{where}: must be a mapping")
        for key in ("from", "value", "status", "source"):
            if key not in item:
                raise ParameterError(param_id, f"{where}: missing '{key}'")
        status = str(item["status"])
        if status not in STATUSES:
            raise ParameterError(param_id, f"{where}: status {status!r} is not one of {', '.join(STATUSES)}")
        start = _as_date(param_id, item["from"], where + ".from")
        end = _as_date(param_id, item["until"], where + ".until") if item.get("until") else None
        if end is not None and end <= start:
            raise ParameterError(param_id, f"{where}: 'until' {end} is not after 'from' {start}")
        try:
            source = Citation.from_yaml(item["source"], where)
        except ValueError as exc:
            raise ParameterError(param_id, str(exc)) from None
        if not source.url:
            raise ParameterError(param_id, f"{where}: source needs a public 'url'")
        if item["value"] is None:
            # the law is not known for this period: the value is unknown, never a silent default
            if status != "unverified":
                raise ParameterError(param_id, f"{where}: a null value must have status 'unverified'")
            value: Value = None
        else:
            value = _coerce(param_id, ptype, item["value"], where)
        values.append(ParameterValue(param_id, start, end, value, status, source))
    _check_no_overlap(param_id, values, origin)
    return Parameter(
        id=param_id,
        label=str(raw["label"]),
        type=ptype,
        unit=str(raw.get("unit", "")),
        values=tuple(values),
        description=str(raw.get("description", "")),
    )


def _check_no_overlap(param_id: str, values: list[ParameterValue], origin: str) -> None:
    """Values of the same standing (in force vs proposed) may not overlap: that would be ambiguous."""
    for proposed in (False, True):
        group = sorted((v for v in values if (v.status == "proposed") == proposed), key=lambda v: v.start)
        for a, b in itertools.pairwise(group):
            if a.start == b.start:
                raise ParameterError(param_id, f"{origin}: two values start on {a.start}")
            if a.end is not None and a.end > b.start:
                raise ParameterError(
                    param_id, f"{origin}: value from {a.start} overlaps value from {b.start}"
                )


class Lookups:
    """What a :class:`ParameterResolver` worked out once and reuses: values by (id, date), units by id,
    filled labels by (label, date). They depend only on the parameters (and reform), never on a case."""

    __slots__ = ("by_date", "labels", "units", "values")

    def __init__(self) -> None:
        self.values: dict[tuple[str, date], ParameterValue | None] = {}
        #: the values looked up on one date, by parameter id (what a single-case run reads first)
        self.by_date: dict[date, dict[str, ParameterValue | None]] = {}
        self.units: dict[str, str] = {}
        self.labels: dict[tuple[str, date], str] = {}


@dataclass
class ParameterSet:
    """All parameters of a rule pack (or of a reform's overrides), by id."""

    parameters: dict[str, Parameter] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    #: what resolvers without a reform looked up in this set, shared by all of them (reset by :meth:`add`)
    lookups: Lookups = field(default_factory=lambda: Lookups(), init=False, repr=False, compare=False)

    def __contains__(self, param_id: object) -> bool:
        return param_id in self.parameters

    def __getitem__(self, param_id: str) -> Parameter:
        try:
            return self.parameters[param_id]
        except KeyError:
            raise ParameterError(param_id, "no such parameter") from None

    def __iter__(self) -> Iterator[Parameter]:
        return iter(self.parameters.values())

    def add(self, parameter: Parameter) -> None:
        """Add a parameter; a second definition of the same id is an error."""
        if parameter.id in self.parameters:
            raise ParameterError(parameter.id, "defined twice")
        self.parameters[parameter.id] = parameter
        self.lookups = Lookups()

    def digest_into(self, h: Any) -> None:
        """Feed the parameter files' bytes into a hash (for the rule pack's content hash)."""
        for path in sorted(self.files):
            h.update(path.name.encode())
            h.update(path.read_bytes())

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any], origin: str = "") -> ParameterSet:
        """Build a set from a mapping of id -> definition (the content of one YAML file)."""
        out = cls()
        for pid, definition in raw.items():
            out.add(parameter_from_yaml(str(pid), definition, origin))
        return out

    @classmethod
    def load(cls, paths: Iterable[Path]) -> ParameterSet:
        """Load and merge YAML parameter files (or every ``*.yaml`` in the directories given)."""
        out = cls()
        for path in paths:
            files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
            for file in files:
                # libyaml's safe loader when available: the same documents, about ten times faster
                loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
                raw = yaml.load(file.read_text(encoding="utf-8"), Loader=loader) or {}  # noqa: S506
                if not isinstance(raw, Mapping):
                    raise ParameterError(str(file), "file must map parameter ids to definitions")
                for pid, definition in raw.items():
                    out.add(parameter_from_yaml(str(pid), definition, file.name))
                out.files.append(file)
        return out

    def content_hash(self) -> str:
        """sha256 of the files this set was loaded from."""
        h = hashlib.sha256()
        self.digest_into(h)
        return h.hexdigest()


#: the overrides of a resolver without a reform (shared, never added to)
_NO_OVERRIDES = ParameterSet()


class ReformParameters(Protocol):
    """What a parameter lookup reads of a reform (:class:`migralex.engine.program.Reform`)."""

    @property
    def parameters(self) -> ParameterSet: ...
    @property
    def activate_proposed(self) -> tuple[str, ...]: ...


class ParameterResolver:
    """Looks parameters up "as of" a date: reform overrides first, then the pack."""

    __slots__ = ("base", "cache", "lookups", "overrides", "proposed")

    def __init__(self, base: ParameterSet, reform: ReformParameters | None = None) -> None:
        self.base = base
        self.overrides = reform.parameters if reform else _NO_OVERRIDES
        self.proposed = frozenset(reform.activate_proposed) if reform else frozenset()
        #: without a reform the lookups of the parameter set are shared (they do not depend on the case)
        self.lookups = base.lookups if reform is None else Lookups()
        self.cache = self.lookups.values

    def parameter(self, param_id: str) -> Parameter:
        """The parameter definition (an override's, when the reform defines one)."""
        if param_id in self.overrides:
            return self.overrides[param_id]
        if param_id in self.base:
            return self.base[param_id]
        raise ParameterError(param_id, "no such parameter in the rule pack or reform")

    def candidates(self, param_id: str) -> list[ParameterValue]:
        """Every value that could apply on some date, in the order :meth:`value_on` prefers them.

        Overrides first, then the pack's values; within each, by :func:`precedence` (latest first).
        """
        if param_id not in self.overrides and param_id not in self.base:
            raise ParameterError(param_id, "no such parameter in the rule pack or reform")
        out: list[ParameterValue] = []
        if param_id in self.overrides:
            out.extend(sorted(self.overrides[param_id].values, key=precedence, reverse=True))
        if param_id in self.base:
            include = param_id in self.proposed
            values = [v for v in self.base[param_id].values if include or v.status != "proposed"]
            out.extend(sorted(values, key=precedence, reverse=True))
        return out

    def value_on(self, param_id: str, on: date) -> ParameterValue | None:
        """The value in force on ``on``, or None."""
        key = (param_id, on)
        try:
            return self.cache[key]
        except KeyError:
            pass
        found: ParameterValue | None = None
        if param_id in self.overrides:
            found = self.overrides[param_id].value_on(on, include_proposed=True)
        if found is None and param_id in self.base:
            found = self.base[param_id].value_on(on, include_proposed=param_id in self.proposed)
        if found is None and param_id not in self.overrides and param_id not in self.base:
            raise ParameterError(param_id, "no such parameter in the rule pack or reform")
        self.cache[key] = found
        return found

    def on_date(self, on: date) -> dict[str, ParameterValue | None]:
        """The values already looked up on ``on``, by parameter id: a cache that a caller fills from
        :meth:`value_on` (shared by every resolver of these parameters)."""
        found = self.lookups.by_date.get(on)
        if found is None:
            found = self.lookups.by_date[on] = {}
        return found

    def unit(self, param_id: str) -> str:
        """The parameter's unit (currency, years, ...)."""
        units = self.lookups.units
        unit = units.get(param_id)
        if unit is None:
            unit = units[param_id] = self.parameter(param_id).unit
        return unit
