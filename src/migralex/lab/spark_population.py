"""Synthetic populations generated natively by Spark: the documented distributions as Spark SQL.

The same distributions as the numpy generator (:mod:`migralex.population.generate`: the profile's overrides,
else the tables of :mod:`migralex.population.distributions`), drawn with Spark's ``rand``/``randn`` instead of
numpy's streams, so the two agree in distribution, not row for row. No Python runs on the executors.

Rows are ``spark.range(n)`` in partitions of :data:`PARTITION_ROWS` rows (the partitioning depends only on
``n``), and every random column has its own seed derived from the population's seed and the column's name,
so a seed and a size give the same persons on any cluster. Each uniform or normal draw is materialised once
as a hidden column; code indices that other facts depend on (a rate or an age by code) are computed once from
it and shared, as in numpy, so dependent facts agree with the code they depend on.

Whole-number distributions (Poisson, binomial, the employment mixture) are drawn by inverting their exact
cumulative probabilities with one uniform, as numpy's :func:`~migralex.population.generate.poisson_clipped`
does. List facts are not generated natively (:class:`UnsupportedOnSpark`: the caller falls back to numpy).
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from migralex.engine.facts import DECIMAL_SCALE, FactSpec, FactType
from migralex.lab.spark_native import UnsupportedOnSpark
from migralex.population.distributions import AMOUNTS, CODE_SETS, CODES, DATES, INTS, RATES, IntDist
from migralex.population.generate import (
    BIRTH_ROLES,
    DAYS_PER_YEAR,
    DEFAULT_AGE,
    STATUS,
    PopulationSpec,
    category_weights,
    documented,
    translate_status,
)
from migralex.population.profiles import Age
from migralex.rules.codes import status_pack

#: rows per Spark partition of a generated population (so the rows depend only on the seed and the size)
PARTITION_ROWS = 1 << 20


def partitions(n: int) -> int:
    """Spark partitions of a population of ``n`` rows."""
    return max(1, math.ceil(n / PARTITION_ROWS))


def seed_of(seed: int, name: str) -> int:
    """The seed of one random column: Spark seeds each partition with ``seed + partition index``, so the
    low 16 bits are left for the partition and the column name's CRC and the population seed fill the rest."""
    return ((seed & 0x7FFF) << 48) | (zlib.crc32(name.encode()) << 16)


def _num(x: float) -> str:
    """A Spark SQL double literal."""
    return f"{float(x)!r}D"


def _str(s: str | None) -> str:
    if s is None:
        return "CAST(NULL AS STRING)"
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _q(name: str) -> str:
    return f"`{name}`"


def _count_reached(u: str, thresholds: Sequence[float]) -> str:
    """How many of the ascending ``thresholds`` the uniform ``u`` reaches (``u >= t``), as SQL."""
    if not thresholds:
        return "0"
    whens = " ".join(f"WHEN {u} < {_num(t)} THEN {i}" for i, t in enumerate(thresholds))
    return f"CASE {whens} ELSE {len(thresholds)} END"


def _pick(values: Sequence[str], index: str) -> str:
    """``values[index]`` (SQL literals, a zero-based SQL index)."""
    if len(values) == 1:
        return values[0]
    return f"element_at(array({', '.join(values)}), {index} + 1)"


def _clip(v: str, low: float, high: float) -> str:
    return f"least(greatest({v}, {_num(low)}), {_num(high)})"


def _int_thresholds(dist: IntDist) -> list[float] | None:
    """Cumulative probabilities of a discrete distribution drawn by inversion (None: not a discrete one)."""
    if dist.kind == "poisson":  # poisson_clipped: values 0 .. high, then raised to low
        k = range(max(dist.high, 0))
        if dist.a > 0:
            pmf = [math.exp(x * math.log(dist.a) - dist.a - math.lgamma(x + 1)) for x in k]
        else:
            pmf = [1.0 if x == 0 else 0.0 for x in k]
    elif dist.kind in ("binomial", "employment"):
        trials = int(dist.a)

        def binom(p: float) -> list[float]:
            return [math.comb(trials, x) * p**x * (1 - p) ** (trials - x) for x in range(trials + 1)]

        if dist.kind == "binomial":
            pmf = binom(dist.b)[:-1]
        else:  # a share p in work (each unit worked with p = 0.95), the others with p = b
            work, rest = binom(0.95), binom(dist.b)
            pmf = [dist.p * w + (1 - dist.p) * r for w, r in zip(work, rest, strict=True)][:-1]
    else:
        return None
    out, total = [], 0.0
    for p in pmf:
        total += p
        if total >= 1.0:  # a uniform (< 1) never reaches it
            break
        out.append(total)
    return out


class NativePopulation:
    """Builds the SQL of one synthetic population (hidden draw columns, code indices, then the facts)."""

    def __init__(self, spec: PopulationSpec) -> None:
        self.spec = spec
        self.profile = spec.profile
        self.on = f"DATE'{spec.on.isoformat()}'"
        self.draws: dict[str, str] = {}  # hidden column -> rand/randn
        self.indices: list[dict[str, str]] = []  # per dependency depth: hidden column -> SQL
        self._index_depth: dict[str, int] = {}
        keys, w = category_weights(self.profile.statuses)
        self.status_keys: list[str] = keys
        self.status_index = self._index(STATUS, self.u(STATUS), self._thresholds(w), 0)

    # --- draws and indices ---------------------------------------------------------------------------
    def u(self, name: str) -> str:
        """A uniform draw in [0, 1) of its own seed (materialised once per row)."""
        column = f"__u:{name}"
        self.draws.setdefault(column, f"rand({seed_of(self.spec.seed, name)}L)")
        return _q(column)

    def z(self, name: str) -> str:
        """A standard normal draw of its own seed (materialised once per row)."""
        column = f"__z:{name}"
        self.draws.setdefault(column, f"randn({seed_of(self.spec.seed, 'normal:' + name)}L)")
        return _q(column)

    @staticmethod
    def _thresholds(w: Any) -> list[float]:
        cdf = [float(c) for c in w.cumsum()]
        return [c / cdf[-1] for c in cdf[:-1]]

    def _index(self, name: str, u: str, thresholds: Sequence[float], depth: int) -> str:
        column = f"__i:{name}"
        while len(self.indices) <= depth:
            self.indices.append({})
        self.indices[depth][column] = _count_reached(u, thresholds)
        self._index_depth[column] = depth
        return _q(column)

    def code_draw(self, fid: str, allowed: tuple[str, ...] | None = None) -> tuple[list[str], str, int]:
        """(codes, index column, its depth) of a code fact: :meth:`_Block.code_draw` in Spark."""
        if fid == STATUS:
            return self.status_keys, self.status_index, 0
        name = fid if allowed is None else f"{fid}|{'|'.join(allowed)}"
        p = self.profile
        if fid in p.codes_by:
            on_fid, table = p.codes_by[fid]
            on_keys, on_idx, on_depth = self.code_draw(on_fid)
            default = p.codes.get(fid) or CODES[fid][0]
            keys = [k for k in default if allowed is None or k in allowed]
            u = self.u(fid)
            cases = []
            for g_i, g in enumerate(on_keys):
                probs = [table.get(g, default).get(k, 0.0) for k in keys]
                total = sum(probs)
                cum, acc = [], 0.0
                for x in probs[:-1]:
                    acc += x / total
                    cum.append(acc)
                cases.append(f"WHEN {g_i} THEN {_count_reached(u, cum)}")
            column = f"__i:{name}"
            depth = on_depth + 1
            while len(self.indices) <= depth:
                self.indices.append({})
            self.indices[depth][column] = f"CASE {on_idx} {' '.join(cases)} END"
            return keys, _q(column), depth
        keys, w = category_weights(p.codes.get(fid) or CODES[fid][0], allowed)
        return keys, self._index(name, self.u(fid), self._thresholds(w), 0), 0

    # --- facts ---------------------------------------------------------------------------------------
    def missing_rate(self, fid: str) -> float:
        spec = self.spec
        default = spec.missing if spec.missing is not None else self.profile.missing
        return spec.missing_by_fact.get(fid, default)

    def fact(self, fs: FactSpec) -> str:
        """The SQL of a fact's column, unknown at the fact's missing rate."""
        value = self.value(fs)
        rate = self.missing_rate(fs.id)
        if rate > 0:
            value = f"IF({self.u('missing:' + fs.id)} < {_num(rate)}, NULL, {value})"
        return f"{value} AS {_q(fs.id)}"

    def value(self, fs: FactSpec) -> str:
        p, t = self.profile, fs.type
        if t is FactType.LIST:
            raise UnsupportedOnSpark(f"list fact {fs.id} is not generated natively")
        if t is FactType.BOOL:
            rate = self.spec.rates.get(fs.id, p.rates.get(fs.id))
            if rate is None and fs.id in p.rates_by:
                code_fid, by_code = p.rates_by[fs.id]
                keys, idx, _ = self.code_draw(code_fid)
                base = RATES[fs.id][0] if fs.id in RATES else 0.0
                return f"({self.u(fs.id)} < {_pick([_num(by_code.get(k, base)) for k in keys], idx)})"
            if rate is None:
                rate = RATES[fs.id][0]
            return f"({self.u(fs.id)} < {_num(rate)})"
        if t is FactType.CODE:
            if status_pack(fs.codes) is not None:
                codes = [_str(translate_status(s, p.country, fs.codes)) for s in self.status_keys]
                return _pick(codes, self.status_index)
            keys, idx, _ = self.code_draw(fs.id, fs.codes)
            return _pick([_str(k) for k in keys], idx)
        if t is FactType.CODE_SET:
            inclusion = CODE_SETS[fs.id][0]
            picks = [
                f"IF({self.u(fs.id + ':' + c)} < {_num(inclusion.get(c, 0.0))}, {_str(c)}, NULL)"
                for c in fs.codes
            ]
            if not picks:
                return "CAST(array() AS ARRAY<STRING>)"
            return f"filter(array({', '.join(picks)}), x -> x IS NOT NULL)"
        if t is FactType.DATE:
            return self.date(fs)
        if t is FactType.INT:
            v = self.integer(p.ints.get(fs.id) or INTS[fs.id][0], fs.id)
            return f"greatest({v}, {fs.minimum}L)" if fs.minimum is not None else v
        if t is FactType.DECIMAL:
            a = p.amounts.get(fs.id) or AMOUNTS[fs.id][0]
            raw = f"exp({_num(math.log(a.median))} + {_num(a.sigma)} * {self.z(fs.id)})"
            v = f"CAST(rint({_clip(raw, a.low, a.high)}) AS BIGINT)"
            if fs.minimum is not None:
                v = f"greatest({v}, {fs.minimum}L)"
            return f"CAST({v} AS DECIMAL(38, {DECIMAL_SCALE}))"
        raise AssertionError(t)  # pragma: no cover

    def integer(self, dist: IntDist, fid: str) -> str:
        """:func:`~migralex.population.generate.draw_int` in Spark."""
        thresholds = _int_thresholds(dist)
        if thresholds is not None:
            v = _count_reached(self.u(fid), thresholds)
            if dist.kind == "poisson":
                return f"CAST(greatest({v}, {dist.low}) AS BIGINT)"
            return f"CAST(least(greatest({v}, {dist.low}), {dist.high}) AS BIGINT)"
        if dist.kind not in ("lognormal", "rare"):
            raise ValueError(f"unknown distribution kind {dist.kind!r}")
        v = f"rint(exp({_num(math.log(dist.a))} + {_num(dist.b)} * {self.z(fid)}))"
        if dist.kind == "rare":
            v = f"IF({self.u(fid)} < {_num(dist.p)}, greatest({v}, 1.0D), 0.0D)"
        return f"CAST({_clip(v, dist.low, dist.high)} AS BIGINT)"

    def date(self, fs: FactSpec) -> str:
        """:meth:`_Block._dates` in Spark."""
        p = self.profile
        if fs.id in BIRTH_ROLES:
            role = BIRTH_ROLES[fs.id]
            a = p.ages.get(role) or p.ages.get("person") or DEFAULT_AGE
            if role in p.ages_by:
                code_fid, age_by_code = p.ages_by[role]
                keys, idx, _ = self.code_draw(code_fid)
                ages: list[Age] = [age_by_code.get(k, a) for k in keys]

                def per(attr: str) -> str:
                    return _pick([_num(getattr(x, attr)) for x in ages], idx)

                mean, sd, low, high = per("mean"), per("sd"), per("low"), f"({per('high')} + 0.999D)"
            else:
                mean, sd, low, high = _num(a.mean), _num(a.sd), _num(a.low), _num(a.high + 0.999)
            age = f"least(greatest({self.z(fs.id)} * {sd} + {mean}, {low}), {high})"
            return f"date_sub({self.on}, CAST(floor({age} * {_num(DAYS_PER_YEAR)}) AS INT))"
        if fs.id in p.date_years:
            weights = {str(k): v for k, v in p.date_years[fs.id].items()}
            years, w = category_weights(weights)
            idx = self._index(fs.id, self.u(fs.id), self._thresholds(w), 0)
            first = _pick([f"DATE'{date(int(y), 1, 1).isoformat()}'" for y in years], idx)
            day = f"CAST(floor({self.u(fs.id + ':day')} * 365) AS INT)"
            return f"least(date_add({first}, {day}), {self.on})"
        lo, hi = p.date_windows.get(fs.id) or DATES[fs.id][0]
        ago = f"{_num(lo * DAYS_PER_YEAR)} + {self.u(fs.id)} * {_num((hi - lo) * DAYS_PER_YEAR)}"
        return f"date_sub({self.on}, CAST({ago} AS INT))"

    def descriptors(self) -> list[str]:
        p = self.profile
        nat_keys, nat_w = category_weights(p.nationalities)
        nat = self._index("nationality", self.u("nationality"), self._thresholds(nat_w), 0)
        return [
            "id AS person_id",
            "true AS synthetic",
            f"{_str(p.id)} AS population",
            f"{_pick([_str(k) for k in nat_keys], nat)} AS nationality",
            f"{_pick([_str(k) for k in self.status_keys], self.status_index)} AS status",
        ]


def native_population(spark: Any, spec: PopulationSpec, facts: Mapping[str, FactSpec]) -> Any:
    """The synthetic population as a lazy Spark DataFrame (descriptors and documented facts, as
    :func:`~migralex.population.generate.generate`, with Spark types: codes as strings, amounts as decimals).

    Raises :class:`UnsupportedOnSpark` for a fact that is not generated natively (a list fact)."""
    build = NativePopulation(spec)
    known = [fs for _, fs in sorted(facts.items()) if documented(fs, spec.profile)]
    columns = build.descriptors() + [build.fact(fs) for fs in known]
    df = spark.range(0, spec.n, numPartitions=partitions(spec.n))
    df = df.selectExpr("*", *[f"{sql} AS {_q(c)}" for c, sql in build.draws.items()])
    for layer in build.indices:
        if layer:
            df = df.selectExpr("*", *[f"{sql} AS {_q(c)}" for c, sql in layer.items()])
    return df.selectExpr(*columns)
