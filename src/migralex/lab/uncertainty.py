"""Ranges for the numbers of a simulation: a bootstrap of the aggregates, and the spread across seeds.

A synthetic population is n independent draws from its profile, so the counts of the aggregate cube
(synthetic flag x nationality x age band x status x every scenario's outcome) are multinomial; resampling
the cube ``B`` times (a multinomial bootstrap) gives the spread another population of the same size would
show, without re-running the rules. :func:`seed_spread` measures it directly by re-generating the population
under other seeds. Neither covers the uncertainty of the calibration figures and assumptions themselves
(docs/data-sources.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import polars as pl

from migralex.engine import BASELINE
from migralex.lab.results import DIMENSIONS, OUTCOMES, TRANSITION_CLASSES, Summary, transition_class

#: (table, scenario, dimension, group, outcome, measure) -> (low, high)
Key = tuple[str, str, str, str, str, str]
Ranges = dict[Key, tuple[float, float]]
ALL = "all"
LEVEL = 0.95


def _cube(summary: Summary) -> pl.DataFrame:
    """The aggregate cube in a fixed row order (so a seeded resample does not depend on how it was built)."""
    cube = summary.agg.cube
    return cube.sort([c for c in cube.columns if c != "n"])


def _statistics(summary: Summary) -> list[tuple[Key, np.ndarray, np.ndarray | None]]:
    """(key, numerator weights over cube cells, denominator weights or None for a count)."""
    cube = _cube(summary)
    k = cube.height
    ones = np.ones(k)
    out: list[tuple[Key, np.ndarray, np.ndarray | None]] = []
    for s in summary.scenarios:
        outcome = cube[f"{s}/outcome"].to_numpy()
        for o in OUTCOMES:
            hit = (outcome == o).astype(float)
            out.append((("outcomes", s, ALL, ALL, o, "count"), hit, None))
            out.append((("outcomes", s, ALL, ALL, o, "share"), hit, ones))
        for d in DIMENSIONS:
            group = cube[d].to_numpy()
            for g in np.unique(group):
                in_g = (group == g).astype(float)
                for o in OUTCOMES:
                    out.append((("breakdown", s, d, str(g), o, "share"), in_g * (outcome == o), in_g))
    base = cube[f"{BASELINE}/outcome"].to_list()
    for ref in summary.scenarios[1:]:
        cls = np.array(
            [transition_class(a, b) for a, b in zip(base, cube[f"{ref}/outcome"].to_list(), strict=True)]
        )
        for c in TRANSITION_CLASSES:
            out.append((("gains_losses", ref, ALL, ALL, c, "count"), (cls == c).astype(float), None))
        net = (cls == "gain").astype(float) - (cls == "lose").astype(float)
        out.append((("gains_losses", ref, ALL, ALL, "net", "count"), net, None))
    return out


def bootstrap(summary: Summary, draws: int = 200, seed: int = 0) -> Ranges:
    """95 % ranges (2.5th-97.5th percentile) of counts and shares over ``draws`` multinomial resamples."""
    cube = _cube(summary)
    n = summary.n
    if n == 0 or cube.height == 0:
        return {}
    counts = cube["n"].to_numpy().astype(float)
    sample = np.random.default_rng(seed).multinomial(n, counts / counts.sum(), size=draws).astype(float)
    stats = _statistics(summary)
    num = sample @ np.stack([s[1] for s in stats], axis=1)
    dens = np.stack([s[2] if s[2] is not None else np.zeros(cube.height) for s in stats], axis=1)
    den = sample @ dens
    is_share = np.array([s[2] is not None for s in stats])
    with np.errstate(invalid="ignore", divide="ignore"):
        values = np.where(is_share, np.where(den > 0, num / np.where(den > 0, den, 1), 0.0), num)
    q = (1 - LEVEL) / 2
    lo = np.quantile(values, q, axis=0)
    hi = np.quantile(values, 1 - q, axis=0)
    return {key: (float(lo[i]), float(hi[i])) for i, (key, _, _) in enumerate(stats)}


def seed_spread(run: Callable[[int], Summary], seeds: Sequence[int]) -> tuple[list[Summary], Ranges]:
    """Run once per seed; min and max of each count and share across the runs (keyed as by bootstrap)."""
    runs = [run(seed) for seed in seeds]
    values: dict[Key, list[float]] = {}
    for s in runs:
        for key, num, den in _statistics(s):
            cube_n = _cube(s)["n"].to_numpy().astype(float)
            v = float(cube_n @ num)
            if den is not None:
                d = float(cube_n @ den)
                v = v / d if d else 0.0
            values.setdefault(key, []).append(v)
    return runs, {k: (min(v), max(v)) for k, v in values.items() if len(v) == len(runs)}


def spread_table(ranges: Ranges) -> pl.DataFrame:
    """Ranges as a long table (table, scenario, dimension, group, outcome, measure, low, high)."""
    return pl.DataFrame(
        [(*k, lo, hi) for k, (lo, hi) in ranges.items()],
        schema=["table", "scenario", "dimension", "group", "outcome", "measure", "low", "high"],
        orient="row",
    )
