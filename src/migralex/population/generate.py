"""Reproducible synthetic populations: the facts a program reads, drawn from a profile with numpy.

Rows are generated in fixed blocks of :data:`BLOCK` rows. Each (seed, block, column) has its own random
stream, so a row's facts do not depend on the chunk size, on the order of columns, or on which other facts
are generated: the same seed gives the same people whether they are judged under the Danish or the UK pack.

Every frame carries ``person_id``, ``synthetic`` (always true), ``population`` (the profile id),
``nationality`` and ``status`` (the group's residence status in its own country's codes; these three are
enums) beside the facts.

Every fact is drawn from its documented distribution: the profile's override, else the table of
:mod:`migralex.population.distributions` (both listed with their basis in ``docs/data-sources.md``). A fact
documented nowhere is not generated (:func:`undocumented` lists such facts), so the population lacks it and
``migralex simulate`` reports it; there is no blanket default.
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
from migralex.population.distributions import AMOUNTS, CODE_SETS, CODES, DATES, INTS, RATES, IntDist
from migralex.population.profiles import STATUS_TRANSLATION, Age, Profile, get_profile
from migralex.rules.codes import status_pack

BLOCK = 65_536
DESCRIPTORS = ("person_id", "synthetic", "population", "nationality", "status")
#: the age distribution of a role the profile does not describe
DEFAULT_AGE = Age(34, 11, 18, 80)
#: the mean Gregorian year, for ages drawn in years and turned into birth dates
DAYS_PER_YEAR = 365.2425


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


#: above this many categories a draw uses a binary search instead of one comparison pass per category
_PASSES = 32


def draw_index(rng: np.random.Generator, p: np.ndarray, n: int) -> np.ndarray:
    """``n`` category indices with probabilities ``p``: the same values as numpy's ``rng.choice`` with ``p``.

    Like numpy, one uniform per row is compared with the cumulative probabilities (the same stream, so the
    same rows), but by one vectorised comparison per category instead of a binary search per row, which is
    several times faster for the short code lists of the profiles.
    """
    cdf = np.asarray(p, dtype=np.float64).cumsum()
    cdf /= cdf[-1]
    u = rng.random(n)
    if len(cdf) > _PASSES:
        return np.asarray(cdf.searchsorted(u, side="right"))
    idx = np.zeros(n, dtype=np.uint8)
    for c in cdf[:-1]:  # u < 1 = cdf[-1]: the last category never counts
        idx += u >= c
    return idx


def poisson_clipped(mean: float, low: int, high: int, rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` Poisson(``mean``) draws clipped to ``[low, high]``.

    The clipped distribution's cumulative probabilities are inverted with one uniform per row (numpy's
    Poisson sampler spends several uniforms and a loop per row).
    """
    k = np.arange(max(high, 0), dtype=np.float64)
    if mean > 0:
        log_fact = np.array([math.lgamma(x + 1) for x in k])
        pmf = np.exp(k * math.log(mean) - mean - log_fact)
    else:
        pmf = (k == 0).astype(np.float64)
    cdf = pmf.cumsum()  # P(X <= k) for k < high; a row's value is how many of them its uniform reaches
    cdf = cdf[cdf < 1.0]  # a uniform (< 1) never reaches the rest: fewer passes, the same values
    u = rng.random(n)
    if len(cdf) > _PASSES:
        v: np.ndarray = cdf.searchsorted(u, side="right").astype(np.int64)
    else:
        count = np.zeros(n, dtype=np.uint8)
        for c in cdf:
            count += u >= c
        v = count.astype(np.int64)
    np.maximum(v, low, out=v)
    return v


def category_weights(
    options: Mapping[str, float], allowed: tuple[str, ...] | None = None
) -> tuple[list[str], np.ndarray]:
    """The options with a positive weight (only ``allowed`` ones, if given) and their weights as
    probabilities: shared by the numpy generator and Spark's native one, so both draw the same shares."""
    keys = [k for k, w in options.items() if w > 0 and (allowed is None or k in allowed)]
    w = np.array([options[k] for k in keys], dtype=float)
    return keys, w / w.sum()


def _codes(values: list[str], idx: np.ndarray, mask: np.ndarray | None, *, enum: bool = False) -> pl.Series:
    if mask is None:
        index = pl.Series(idx.astype(np.uint32))
    else:
        from_arrow = pl.from_arrow(pa.array(idx.astype(np.uint32), mask=mask))
        assert isinstance(from_arrow, pl.Series)  # noqa: S101 -- narrows a type for mypy
        index = from_arrow
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
        keys, w = category_weights(p.statuses)
        self.status_keys = keys
        self.status_idx = draw_index(_rng(spec.seed, block, "status"), w, self.n)

    def rng(self, name: str) -> np.random.Generator:
        return _rng(self.spec.seed, self.block, name)

    def code_draw(self, fid: str, allowed: tuple[str, ...] | None = None) -> tuple[list[str], np.ndarray]:
        """(codes, index per row) of a code fact, drawn from its own stream (the same whether or not the
        fact is itself generated, so facts that depend on it agree with it)."""
        if fid == STATUS:  # the profile's own status column
            return self.status_keys, self.status_idx
        p = self.spec.profile
        if fid in p.codes_by:  # the code depends on another code: draw by uniform thresholds per row
            on_fid, table = p.codes_by[fid]
            on_keys, on_idx = self.code_draw(on_fid)
            default = p.codes.get(fid) or CODES[fid][0]
            keys = [k for k in default if allowed is None or k in allowed]
            probs = np.array([[table.get(g, default).get(k, 0.0) for k in keys] for g in on_keys])
            probs = probs / probs.sum(axis=1, keepdims=True)
            cum = probs.cumsum(axis=1)[on_idx]
            u = self.rng(fid).random(self.n)[:, None]
            return keys, np.minimum((u > cum).sum(axis=1), len(keys) - 1)
        weights = p.codes.get(fid) or CODES[fid][0]
        keys, w = category_weights(weights, allowed)
        return keys, draw_index(self.rng(fid), w, self.n)

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
        nat_keys, nat_w = category_weights(p.nationalities)
        nat = draw_index(self.rng("nationality"), nat_w, self.n)
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
        if mask is None:  # numpy -> polars without a copy (dates are int32 days, cast in place)
            return pl.Series(fs.id, values).cast(fs.polars_dtype())
        s = pl.from_arrow(pa.array(values, mask=mask))
        assert isinstance(s, pl.Series)  # noqa: S101 -- narrows a type for mypy
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
        assert isinstance(out, pl.Series)  # noqa: S101 -- narrows a type for mypy
        return out

    def _values(self, fs: FactSpec) -> Any:
        p, n, rng = self.spec.profile, self.n, self.rng(fs.id)
        t = fs.type
        if t is FactType.LIST:
            return self._items(fs)
        if t is FactType.BOOL:
            rate = self.spec.rates.get(fs.id, p.rates.get(fs.id))
            if rate is None and fs.id in p.rates_by:
                code_fid, by_code = p.rates_by[fs.id]
                keys, idx = self.code_draw(code_fid)
                base = RATES[fs.id][0] if fs.id in RATES else 0.0
                p_by = np.array([by_code.get(k, base) for k in keys])
                return rng.random(n) < p_by[idx]
            if rate is None:
                rate = RATES[fs.id][0]
            return rng.random(n) < rate
        if t is FactType.CODE:
            if status_pack(fs.codes) is not None:  # its code list, not its id, says it is a status
                table = {s: translate_status(s, p.country, fs.codes) for s in self.status_keys}
                values = [table[s] for s in self.status_keys]
                out = pl.Series(values, dtype=pl.String).gather(pl.Series(self.status_idx, dtype=pl.UInt32))
                return out
            keys, idx = self.code_draw(fs.id, fs.codes)
            return _codes(keys, idx, None)
        if t is FactType.CODE_SET:
            inclusion = CODE_SETS[fs.id][0]
            picks = rng.random((n, len(fs.codes))) < np.array([inclusion.get(c, 0.0) for c in fs.codes])
            cols = [pl.when(pl.lit(pl.Series(picks[:, i]))).then(pl.lit(c)) for i, c in enumerate(fs.codes)]
            return pl.select(pl.concat_list(cols).list.drop_nulls()).to_series()
        if t is FactType.DATE:
            return self._dates(fs, rng)
        if t is FactType.INT:
            dist = p.ints.get(fs.id) or INTS[fs.id][0]
            v = draw_int(dist, rng, n)
            if fs.minimum is not None:
                v = np.maximum(v, fs.minimum)
            return v
        if t is FactType.DECIMAL:
            amount = p.amounts.get(fs.id) or AMOUNTS[fs.id][0]
            raw = rng.lognormal(math.log(amount.median), amount.sigma, n)
            v = np.rint(np.clip(raw, amount.low, amount.high)).astype(np.int64)
            if fs.minimum is not None:
                v = np.maximum(v, fs.minimum)
            return pl.Series(v).cast(DECIMAL_DTYPE)
        raise AssertionError(t)  # pragma: no cover

    def _dates(self, fs: FactSpec, rng: np.random.Generator) -> np.ndarray:
        """Days since 1970-01-01 (int32, the physical type of a polars date)."""
        p, n = self.spec.profile, self.n
        if fs.id in BIRTH_ROLES:
            role = BIRTH_ROLES[fs.id]
            a = p.ages.get(role) or p.ages.get("person") or DEFAULT_AGE
            z = rng.standard_normal(n)
            if role in p.ages_by:  # the age depends on a code fact (e.g. partner or child)
                code_fid, age_by_code = p.ages_by[role]
                keys, idx = self.code_draw(code_fid)
                ages = [age_by_code.get(k, a) for k in keys]
                mean = np.array([x.mean for x in ages])[idx]
                sd = np.array([x.sd for x in ages])[idx]
                low = np.array([x.low for x in ages])[idx]
                high = np.array([x.high for x in ages])[idx]
            else:
                mean, sd, low, high = a.mean, a.sd, a.low, a.high
            z *= sd
            z += mean
            age = np.clip(z, low, high + 0.999, out=z)
            age *= DAYS_PER_YEAR
            days = self.on_days - np.floor(age, out=age).astype(np.int64)
        elif fs.id in p.date_years:
            years, w = category_weights({str(k): v for k, v in p.date_years[fs.id].items()})
            # the first day of each year, looked up per row (converting per row is slow)
            first_days = np.array([int(y) - 1970 for y in years]).astype("datetime64[Y]")
            first = first_days.astype("datetime64[D]").astype(np.int64)[draw_index(rng, w, n)]
            first += rng.integers(0, 365, n)
            days = np.minimum(first, self.on_days, out=first)
        else:
            lo, hi = p.date_windows.get(fs.id) or DATES[fs.id][0]
            ago = rng.uniform(lo * DAYS_PER_YEAR, hi * DAYS_PER_YEAR, n).astype(np.int64)
            days = self.on_days - ago
        return days.astype(np.int32)

    def frame(self, facts: Mapping[str, FactSpec]) -> pl.DataFrame:
        known = [fs for _, fs in sorted(facts.items()) if documented(fs, self.spec.profile)]
        return pl.DataFrame(self.descriptors() + [self.fact(fs) for fs in known])


#: the name under which conditional distributions refer to the profile's own status column
STATUS = "status"

#: birth-date fact -> the role whose age distribution it follows
BIRTH_ROLES = {
    "applicant.birth_date": "applicant",
    "person.birth_date": "person",
    "sponsor.birth_date": "sponsor",
}


def draw_int(dist: IntDist, rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` draws of a whole-number distribution, clipped to its bounds."""
    if dist.kind == "poisson":
        return poisson_clipped(dist.a, dist.low, dist.high, rng, n)
    elif dist.kind == "binomial":
        v = rng.binomial(int(dist.a), dist.b, n)
    elif dist.kind == "employment":
        working = rng.random(n) < dist.p
        v = rng.binomial(int(dist.a), np.where(working, 0.95, dist.b))
    elif dist.kind == "lognormal":
        v = np.rint(rng.lognormal(math.log(dist.a), dist.b, n))
    elif dist.kind == "rare":
        hit = rng.random(n) < dist.p
        v = np.where(hit, np.maximum(np.rint(rng.lognormal(math.log(dist.a), dist.b, n)), 1), 0)
    else:
        raise ValueError(f"unknown distribution kind {dist.kind!r}")
    return np.clip(v, dist.low, dist.high).astype(np.int64)


def documented(fs: FactSpec, profile: Profile) -> bool:
    """Whether a fact has a documented distribution (profile override or the shared table)."""
    t, fid = fs.type, fs.id
    if t is FactType.LIST:  # documented when each item field is (``<list id>.<field>``)
        return all(
            documented(FactSpec(f"{fid}.{name}", f.type, name, codes=f.codes, minimum=f.minimum), profile)
            for name, f in fs.item.items()
        )
    if t is FactType.BOOL:
        return fid in profile.rates or fid in profile.rates_by or fid in RATES
    if t is FactType.CODE:
        return (
            status_pack(fs.codes) is not None
            or fid in profile.codes
            or fid in profile.codes_by
            or fid in CODES
        )
    if t is FactType.CODE_SET:
        return fid in CODE_SETS
    if t is FactType.DATE:
        return fid in BIRTH_ROLES or fid in profile.date_years or fid in profile.date_windows or fid in DATES
    if t is FactType.INT:
        return fid in profile.ints or fid in INTS
    return fid in profile.amounts or fid in AMOUNTS


def undocumented(spec: PopulationSpec, facts: Mapping[str, FactSpec]) -> list[str]:
    """Facts with no documented distribution for the spec's profile: they are not generated."""
    return sorted(f for f, fs in facts.items() if not documented(fs, spec.profile))


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
    """The whole population in one frame (one chunk per generation block, as the blocks were drawn)."""
    if spec.n == 0:
        return _Block(spec, 0).frame(facts).clear()
    return pl.concat(list(iter_chunks(spec, facts)))
