"""Reproducible synthetic populations: the facts a program reads, drawn from a profile with numpy.

Rows are generated in fixed blocks of :data:`BLOCK` rows. Each (seed, block, column) has its own random
stream, so a row's facts do not depend on the chunk size, on the order of columns, or on which other facts
are generated: the same seed gives the same people whether they are judged under the Danish or the UK pack.

Every frame carries ``person_id``, ``synthetic`` (always true), ``population`` (the profile id),
``nationality`` and ``status`` (the group's residence status in its own country's codes; these three are
enums) beside the facts.

Facts a profile says nothing about get generic defaults, documented in ``docs/data-sources.md``: booleans
whose id names an adverse circumstance (exclusion, refusal, conviction, risk...) are true for 10 %, other
booleans for 80 %; codes are uniform; dates fall within the last 10 years; counts are Poisson(2).
"""

from __future__ import annotations

import math
import os
import zlib
from collections import deque
from collections.abc import Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa  # type: ignore[import-untyped]

from migralex.engine.facts import DECIMAL_DTYPE, FactSpec, FactType
from migralex.population.profiles import STATUS_TRANSLATION, Age, Profile, get_profile

BLOCK = 65_536
DESCRIPTORS = ("person_id", "synthetic", "population", "nationality", "status")
ADVERSE_WORDS = (
    "excluded",
    "refused",
    "convicted",
    "conviction",
    "danger",
    "overcrowded",
    "contravenes",
    "risk",
    "subject_to",
    "received",
    "receives",
    "mental_health",
    "extradition",
    "obstructed",
    "detained",
    "investigation",
    "dispensation",
    "exceptional",
    "harsh",
    "compelling",
    "third_country",
    "suspended",
    "deportation_order",
    "breach",
    "declared_safe",
    "fundamental_change",
)
_DEFAULT_AGE = Age(34, 11, 18, 80)
#: Count facts a profile says nothing about, by a word in their id (first match wins).
INT_DEFAULTS: tuple[tuple[str, tuple[str, float] | tuple[str, float, float]], ...] = (
    ("area", ("lognormal", 75.0, 0.4)),
    ("rooms", ("poisson", 3.0)),
    ("household_size", ("poisson", 2.5)),
    ("size", ("poisson", 3.0)),
    ("months", ("lognormal", 12.0, 1.0)),
    ("days", ("lognormal", 14.0, 0.6)),
    ("years", ("poisson", 3.0)),
)
_DAYS_PER_YEAR = 365.2425


@dataclass(frozen=True)
class PopulationSpec:
    """What to generate: a profile, a size, a seed, the decision date ages refer to, and unknown rates.

    ``missing`` overrides the profile's share of unknown values for every fact; ``missing_by_fact`` and
    ``rates`` (probability that a boolean fact is true) override single facts.
    """

    profile: Profile
    n: int
    seed: int
    on: date
    missing: float | None = None
    missing_by_fact: Mapping[str, float] = field(default_factory=dict)
    rates: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.n < 0:
            raise ValueError("population size must be >= 0")
        for name, r in [("missing", self.missing), *self.missing_by_fact.items(), *self.rates.items()]:
            if r is not None and not 0 <= r <= 1:
                raise ValueError(f"{name}: a rate must be between 0 and 1, got {r}")

    @classmethod
    def parse(cls, text: str, on: date) -> PopulationSpec:
        """Parse ``synthetic:PROFILE:N[:seed=S][:missing=R]`` (N may use ``_`` or a ``k``/``m`` suffix)."""
        parts = text.split(":")
        if len(parts) < 3 or parts[0] != "synthetic":
            raise ValueError(f"expected synthetic:PROFILE:N[:seed=S][:missing=R], got {text!r}")
        profile = get_profile(parts[1])
        n = parse_size(parts[2])
        opts: dict[str, str] = {}
        for p in parts[3:]:
            key, sep, val = p.partition("=")
            if not sep or key not in ("seed", "missing"):
                raise ValueError(f"unknown population option {p!r} (use seed=S or missing=R)")
            opts[key] = val
        missing = float(opts["missing"]) if "missing" in opts else None
        return cls(profile, n, int(opts.get("seed", "0")), on, missing)

    def label(self) -> str:
        """The spec as text (round-trips through :meth:`parse`)."""
        extra = "" if self.missing is None else f":missing={self.missing}"
        return f"synthetic:{self.profile.id}:{self.n}:seed={self.seed}{extra}"

    def n_blocks(self) -> int:
        """Number of generation blocks."""
        return math.ceil(self.n / BLOCK)


def parse_size(raw: str) -> int:
    """``1000000``, ``1_000_000``, ``10k``, ``1m``, ``1M`` -> int."""
    s = raw.strip().lower().replace("_", "").replace(",", "")
    mult = 1
    if s.endswith("k"):
        mult, s = 1_000, s[:-1]
    elif s.endswith("m"):
        mult, s = 1_000_000, s[:-1]
    try:
        return int(float(s) * mult) if "." in s else int(s) * mult
    except ValueError:
        raise ValueError(f"not a population size: {raw!r}") from None


def _rng(seed: int, block: int, name: str) -> np.random.Generator:
    return np.random.default_rng([seed, block, zlib.crc32(name.encode())])


def _weights(
    options: Mapping[str, float], allowed: tuple[str, ...] | None = None
) -> tuple[list[str], np.ndarray]:
    keys = [k for k, w in options.items() if w > 0 and (allowed is None or k in allowed)]
    w = np.array([options[k] for k in keys], dtype=float)
    return keys, w / w.sum()


def _codes(values: list[str], idx: np.ndarray, mask: np.ndarray | None, *, enum: bool = False) -> pl.Series:
    index = pl.from_arrow(pa.array(idx.astype(np.uint32), mask=mask))
    assert isinstance(index, pl.Series)
    return pl.Series(values, dtype=pl.Enum(values) if enum else pl.String).gather(index)


def translate_status(status: str, country: str, codes: tuple[str, ...]) -> str | None:
    """A status code of ``country`` in the code list of another pack (nearest status, else ``other``)."""
    if status in codes:
        return status
    for (src, _dst), table in STATUS_TRANSLATION.items():
        if src == country and table.get(status) in codes:
            return table[status]
    return "other" if "other" in codes else None


class _Block:
    """Draws the columns of one block."""

    def __init__(self, spec: PopulationSpec, block: int) -> None:
        self.spec = spec
        self.block = block
        start = block * BLOCK
        self.n = min(BLOCK, spec.n - start)
        self.start = start
        self.on_days = (np.datetime64(spec.on.isoformat(), "D") - np.datetime64(0, "D")).astype(np.int64)
        p = spec.profile
        keys, w = _weights(p.statuses)
        self.status_keys = keys
        self.status_idx = _rng(spec.seed, block, "status").choice(len(keys), self.n, p=w)

    def rng(self, name: str) -> np.random.Generator:
        return _rng(self.spec.seed, self.block, name)

    def mask(self, fid: str) -> np.ndarray | None:
        spec = self.spec
        rate = spec.missing_by_fact.get(
            fid, spec.missing if spec.missing is not None else spec.profile.missing
        )
        if rate <= 0:
            return None
        return self.rng("missing:" + fid).random(self.n) < rate

    def descriptors(self) -> list[pl.Series]:
        p = self.spec.profile
        nat_keys, nat_w = _weights(p.nationalities)
        nat = self.rng("nationality").choice(len(nat_keys), self.n, p=nat_w)
        return [
            pl.Series("person_id", np.arange(self.start, self.start + self.n, dtype=np.int64)),
            pl.Series("synthetic", np.ones(self.n, dtype=bool)),
            pl.repeat(p.id, self.n, dtype=pl.Enum([p.id]), eager=True).alias("population"),
            _codes(nat_keys, nat, None, enum=True).alias("nationality"),
            _codes(self.status_keys, self.status_idx, None, enum=True).alias("status"),
        ]

    def fact(self, fs: FactSpec) -> pl.Series:
        values = self._values(fs)
        mask = self.mask(fs.id)
        if isinstance(values, pl.Series):
            if mask is not None:
                nulls = pl.repeat(None, self.n, dtype=values.dtype, eager=True)
                values = values.zip_with(pl.Series(~mask), nulls)
            return values.alias(fs.id).cast(fs.polars_dtype())
        s = pl.from_arrow(pa.array(values, mask=mask))
        assert isinstance(s, pl.Series)
        return s.alias(fs.id).cast(fs.polars_dtype())

    def _items(self, fs: FactSpec) -> pl.Series:
        """A list fact: a Poisson(1) number of items per row, each field drawn like a fact of its own
        (``<list id>.<field>``, with its own missing rate), in a ``List(Struct)`` column."""
        counts = self.rng(fs.id).poisson(1.0, self.n).astype(np.int64)
        offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
        rows, self.n = self.n, int(offsets[-1])
        try:
            specs = {
                name: FactSpec(f"{fs.id}.{name}", f.type, name, codes=f.codes, minimum=f.minimum)
                for name, f in fs.item.items()
            }
            fields = [self.fact(spec).alias(name) for name, spec in specs.items()]
        finally:
            self.n = rows
        items = pl.DataFrame(fields).to_struct("item").to_arrow()
        out = pl.from_arrow(pa.ListArray.from_arrays(pa.array(offsets), items))
        assert isinstance(out, pl.Series)
        return out

    def _values(self, fs: FactSpec) -> Any:
        p, n, rng = self.spec.profile, self.n, self.rng(fs.id)
        t = fs.type
        if t is FactType.LIST:
            return self._items(fs)
        if t is FactType.BOOL:
            rate = self.spec.rates.get(fs.id, p.rates.get(fs.id))
            if rate is None:
                rate = 0.1 if any(w in fs.id for w in ADVERSE_WORDS) else 0.8
            return rng.random(n) < rate
        if t is FactType.CODE:
            if fs.id.endswith(".residence_status"):
                table = {s: translate_status(s, p.country, fs.codes) for s in self.status_keys}
                values = [table[s] for s in self.status_keys]
                out = pl.Series(values, dtype=pl.String).gather(pl.Series(self.status_idx, dtype=pl.UInt32))
                return out
            keys, w = _weights(p.codes.get(fs.id, dict.fromkeys(fs.codes, 1.0)), fs.codes)
            return _codes(keys, rng.choice(len(keys), n, p=w), None)
        if t is FactType.CODE_SET:
            picks = rng.random((n, len(fs.codes))) < 0.2
            cols = [pl.when(pl.lit(pl.Series(picks[:, i]))).then(pl.lit(c)) for i, c in enumerate(fs.codes)]
            return pl.select(pl.concat_list(cols).list.drop_nulls()).to_series()
        if t is FactType.DATE:
            return self._dates(fs, rng)
        if t is FactType.INT:
            how = p.ints.get(fs.id)
            if how is None:
                how = next((h for word, h in INT_DEFAULTS if word in fs.id), ("poisson", 2.0))
            if how[0] == "poisson":
                v = rng.poisson(how[1], n).astype(np.int64)
            else:
                sigma = float(how[2]) if len(how) > 2 else 1.0
                v = np.rint(rng.lognormal(math.log(how[1]), sigma, n)).astype(np.int64)
            if fs.minimum is not None:
                v = np.maximum(v, fs.minimum)
            return v
        if t is FactType.DECIMAL:
            median, sigma = p.amounts.get(fs.id, (10_000.0, 1.0))
            v = np.rint(rng.lognormal(math.log(median), sigma, n)).astype(np.int64)
            if fs.minimum is not None:
                v = np.maximum(v, fs.minimum)
            return pl.Series(v).cast(DECIMAL_DTYPE)
        raise AssertionError(t)  # pragma: no cover

    def _dates(self, fs: FactSpec, rng: np.random.Generator) -> np.ndarray:
        p, n = self.spec.profile, self.n
        if fs.id.endswith("birth_date"):
            role = fs.id.split(".", 1)[0]
            a = p.ages.get(role) or p.ages.get("person") or _DEFAULT_AGE
            age = np.clip(rng.normal(a.mean, a.sd, n), a.low, a.high + 0.999)
            days = self.on_days - np.floor(age * _DAYS_PER_YEAR).astype(np.int64)
        elif fs.id in p.date_years:
            years, w = _weights({str(k): v for k, v in p.date_years[fs.id].items()})
            year = np.array(years, dtype=np.int64)[rng.choice(len(years), n, p=w)]
            first = (year - 1970).astype("datetime64[Y]").astype("datetime64[D]").astype(np.int64)
            days = np.minimum(first + rng.integers(0, 365, n), self.on_days)
        else:
            lo, hi = p.date_windows.get(fs.id, (0.0, 10.0))
            ago = rng.uniform(lo * _DAYS_PER_YEAR, hi * _DAYS_PER_YEAR, n).astype(np.int64)
            days = self.on_days - ago
        return days.astype("datetime64[D]")

    def frame(self, facts: Mapping[str, FactSpec]) -> pl.DataFrame:
        cols = self.descriptors() + [self.fact(fs) for _, fs in sorted(facts.items())]
        return pl.DataFrame(cols)


def generate_block(spec: PopulationSpec, facts: Mapping[str, FactSpec], block: int) -> pl.DataFrame:
    """Rows ``block * BLOCK`` up to the next block (or the end of the population)."""
    if not 0 <= block < spec.n_blocks():
        raise IndexError(f"block {block} outside 0..{spec.n_blocks() - 1}")
    return _Block(spec, block).frame(facts)


def iter_chunks(
    spec: PopulationSpec,
    facts: Mapping[str, FactSpec],
    chunk_size: int = 1_048_576,
    *,
    workers: int | None = None,
) -> Iterator[pl.DataFrame]:
    """The population in chunks of about ``chunk_size`` rows (a whole number of blocks).

    Blocks are drawn by ``workers`` threads (numpy and polars release the GIL), at most about two chunks
    ahead of the consumer, so generation overlaps with whatever the caller does with each chunk and memory
    stays bounded. The rows do not depend on ``workers``.
    """
    per = max(1, chunk_size // BLOCK)
    total = spec.n_blocks()
    threads = workers if workers is not None else min(4, os.cpu_count() or 1)
    if threads <= 1:
        for first in range(0, total, per):
            blocks = [generate_block(spec, facts, b) for b in range(first, min(first + per, total))]
            yield pl.concat(blocks, rechunk=False)
        return
    with ThreadPoolExecutor(threads, thread_name_prefix="migralex-gen") as pool:
        pending: deque[Future[pl.DataFrame]] = deque()
        submitted = 0
        ahead = max(2 * per, threads)
        for first in range(0, total, per):
            last = min(first + per, total)
            while submitted < min(total, last + ahead):
                pending.append(pool.submit(generate_block, spec, facts, submitted))
                submitted += 1
            yield pl.concat([pending.popleft().result() for _ in range(first, last)], rechunk=False)


def generate(spec: PopulationSpec, facts: Mapping[str, FactSpec]) -> pl.DataFrame:
    """The whole population in one frame."""
    if spec.n == 0:
        return _Block(spec, 0).frame(facts).clear()
    return pl.concat(list(iter_chunks(spec, facts)), rechunk=True)
