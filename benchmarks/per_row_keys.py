"""Per-row decision dates: would exact integer calendar keys bring migralex to >= 5x OpenFisca, fairly?

    python benchmarks/per_row_keys.py [--size 1000000] [--reps 5]

Issue 15 asks, with a decision date per row, for migralex >= 5x the fair OpenFisca model end to end; most of
the per-row compute is polars' ``dt.offset_by`` ("born at least 24 years before the decision date"). This
probe replaces the offsets, in the hand-written polars limit and in the fair OpenFisca model alike (the
fairness rule: both sides take the same shortcut), by comparisons of integer keys

    key(d) = (year * 12 + month) * 32 + day   ("d + n months" is key(d) + 32 n, before the month-end rule).

The month-end rule needs no work per row on these comparisons (checked against
:func:`migralex.engine.dates.add_months` below, ``check_keys``): with ``round_up`` a missing day becomes the
1st of the next month, and no date lies between the unclamped key and it, so ``add_months(x, n) <= D`` is
``key(x) + 32 n <= key(D)``; with ``round_down`` ``<`` is exact likewise, and ``<=`` compares with the key
of ``D`` whose day is read as 31 when ``D`` is the last day of its month. Keys come either from
``dt.year/month/day`` (numpy: ``astype("datetime64[M]")``) or from a table over the frame's date range
(one gather per date column, numpy: ``np.take``).

Since the engine adopted the table (``migralex.engine.backends.date_keys``: one 400-year cycle, extended to
every date by the cycle), ``engine.py``'s fair models take it too (``bench_rules.np_key`` / ``pl_key``); they
are the first pair below. The offsets this probe compared against are no longer in ``bench_rules``; their
numbers are in ``results/engine-2026-11-30-per-row-keys.md``.

Every variant's outputs are checked equal to :func:`bench_rules.handwritten_polars`. Times are the best of
``--reps`` interleaved runs, end to end (frame or simulation built from the numpy arrays, then evaluated),
wall and CPU of this process.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).parent))

import bench_rules as br
from engine import frame_of, hand_polars, openfisca

Outputs = dict[str, np.ndarray]
Run = Callable[[], tuple[float, float, Outputs]]
KeyFn = Callable[[pl.Expr], pl.Expr]
DATE_FACTS = (
    "sponsor.birth_date",
    "applicant.birth_date",
    "sponsor.permanent_residence_since",
    "sponsor.protection_granted_on",
    "sponsor.last_public_assistance_date",
)
YEAR = 12 * 32  # one year in key units


def check_keys(start: date = date(2019, 1, 1), end: date = date(2025, 1, 1)) -> int:
    """The key comparisons against ``add_months`` for every start date in a range; returns the cases."""
    from migralex.engine.dates import add_months

    def key(d: date) -> int:
        return (d.year * 12 + d.month) * 32 + d.day

    def key_down(d: date) -> int:
        return key(d) - d.day + 31 if (d + timedelta(days=1)).day == 1 else key(d)

    cases = 0
    x = start
    while x < end:
        for months in (1, 2, 11, 12, 13, 24, 36, 288):
            up, down = add_months(x, months, "round_up"), add_months(x, months, "round_down")
            k = key(x) + 32 * months
            for shift in range(-4, 5):
                d_up, d_down = up + timedelta(days=shift), down + timedelta(days=shift)
                assert (k <= key(d_up)) == (up <= d_up), (x, months, d_up)
                assert (k < key(d_down)) == (down < d_down), (x, months, d_down)
                assert (k <= key_down(d_down)) == (down <= d_down), (x, months, d_down)
                cases += 3
        x += timedelta(days=1)
    return cases


# --- hand-written polars with keys ------------------------------------------------------------------


def ymd_key(e: pl.Expr) -> pl.Expr:
    """The key from polars' calendar fields."""
    i32 = pl.Int32
    return (e.dt.year().cast(i32) * 12 + e.dt.month().cast(i32)) * 32 + e.dt.day().cast(i32)


def ymd_key_down(e: pl.Expr) -> pl.Expr:
    """The key with the last day of a month read as day 31."""
    day = e.dt.day().cast(pl.Int32)
    return pl.when(e.dt.day() == e.dt.days_in_month()).then(ymd_key(e) - day + 31).otherwise(ymd_key(e))


def _key_table(first: int, last: int) -> tuple[np.ndarray, np.ndarray]:
    """Keys (and month-end keys) of the days ``first..last`` (days since 1970-01-01)."""
    days = np.arange(first, last + 2).astype("datetime64[D]")
    month = days.astype("datetime64[M]")
    key = month.astype(np.int64) * 32 + (days - month.astype("datetime64[D]")).astype(np.int64) + 1
    month_end = (np.roll(key, -1) & 31) == 1  # the next day is a 1st
    return key[:-1], np.where(month_end, (key | 31), key)[:-1]


def table_keys(frame: pl.DataFrame) -> tuple[KeyFn, KeyFn]:
    """Key functions reading a table over the frame's date range (one gather per column)."""
    cols = [pl.col(c) for c in (*DATE_FACTS, br.DATE_COLUMN)]
    first, last = frame.select(
        pl.min_horizontal([c.min() for c in cols]).to_physical(),
        pl.max_horizontal([c.max() for c in cols]).to_physical().alias("last"),
    ).row(0)
    key, down = (pl.lit(pl.Series(t.astype(np.int32))) for t in _key_table(first, last))
    return (lambda e: key.gather(e.to_physical() - first)), (lambda e: down.gather(e.to_physical() - first))


def polars_keys(frame: pl.DataFrame, key: KeyFn, key_down: KeyFn) -> pl.DataFrame:
    """:func:`bench_rules.handwritten_polars` per row, with key comparisons instead of offsets."""
    c = pl.col
    d = c(br.DATE_COLUMN)
    kd, kd_down = key(d), key_down(d)
    s_age = key(c("sponsor.birth_date")) + 24 * YEAR <= kd  # round_up, <=
    a_age = key(c("applicant.birth_date")) + 24 * YEAR <= kd
    pr_ok = key(c("sponsor.permanent_residence_since")) + 3 * YEAR < kd  # round_down, <
    tp_ok = key(c("sponsor.protection_granted_on")) + 2 * YEAR <= kd_down  # round_down, <=
    la_ok = key(c("sponsor.last_public_assistance_date")) + 3 * YEAR <= kd_down
    return br.combine_date_rules(frame, s_age, a_age, pr_ok, tp_ok, la_ok)


def polars_run(cols: dict[str, np.ndarray], dates: np.ndarray, table: bool) -> Run:
    def run() -> tuple[float, float, Outputs]:
        t0 = time.perf_counter()
        frame = frame_of(cols, dates)
        t1 = time.perf_counter()
        keys = table_keys(frame) if table else (ymd_key, ymd_key_down)
        df = polars_keys(frame, *keys)
        t2 = time.perf_counter()
        return t1 - t0, t2 - t1, {k: df[k].to_numpy() for k in br.CONDITIONS}

    return run


# --- OpenFisca with keys ----------------------------------------------------------------------------


def astype_key(d: np.ndarray) -> np.ndarray:
    """The key from numpy's month conversion."""
    month = d.astype("datetime64[M]")
    return month.astype(np.int64) * 32 + (d - month.astype("datetime64[D]")).astype(np.int64) + 1


def openfisca_keys_system(table: dict[str, Any] | None) -> Any:
    """The fair per-row OpenFisca model with key comparisons (keys of the decision date computed once)."""
    from openfisca_core.entities import build_entity
    from openfisca_core.periods import ETERNITY
    from openfisca_core.periods import YEAR as OF_YEAR
    from openfisca_core.taxbenefitsystems import TaxBenefitSystem
    from openfisca_core.variables import Variable

    person = build_entity(key="person", plural="persons", label="Person", is_person=True)

    def key(d: np.ndarray) -> np.ndarray:
        if table is None:
            return astype_key(d)
        return np.take(table["key"], d.view(np.int64) - table["first"])

    def key_down(d: np.ndarray) -> np.ndarray:
        if table is not None:
            return np.take(table["down"], d.view(np.int64) - table["first"])
        k, next_day = astype_key(d), astype_key(d + 1)
        return np.where((next_day & 31) == 1, k | 31, k)

    def inp(name: str, vt: Any) -> type:
        attrs = dict(value_type=vt, entity=person, definition_period=ETERNITY, label=name)
        return type(name, (Variable,), attrs)

    def formula(name: str, fn: Any, vt: Any = bool) -> type:
        attrs = dict(value_type=vt, entity=person, definition_period=OF_YEAR, label=name, formula=fn)
        return type(name, (Variable,), attrs)

    def p_key(name: str, years: int) -> Callable[[Any, Any], Any]:
        return lambda p, period: key(p(name, period)) + years * YEAR

    rules: dict[str, Callable[[Any, Any], Any]] = {
        "sponsor_age": lambda p, t: p_key("sponsor_birth", 24)(p, t) <= p("dkey", t),
        "applicant_age": lambda p, t: p_key("applicant_birth", 24)(p, t) <= p("dkey", t),
        "pr_ok": lambda p, t: p_key("pr_since", 3)(p, t) < p("dkey", t),
        "tp_ok": lambda p, t: p_key("tp_since", 2)(p, t) <= p("dkey_down", t),
        "la_ok": lambda p, t: p_key("last_assistance", 3)(p, t) <= p("dkey_down", t),
        "both_24": lambda p, t: (p("sponsor_age", t) & p("applicant_age", t)) | p("dispensation", t),
        "citizen": lambda p, t: (p("status", t) == 0) | (p("status", t) == 2),
        "pr3": lambda p, t: (p("status", t) == 1) & p("pr_ok", t),
        "tp_wait": lambda p, t: (p("status", t) == 3) & (p("tp_ok", t) | p("exceptional", t)),
        "category": lambda p, t: p("citizen", t) | p("pr3", t) | p("tp_wait", t),
        "no_assistance": lambda p, t: ~p("received", t) | p("la_ok", t),
        "housing": lambda p, t: (
            (p("persons", t) <= 2 * p("rooms", t)) | (p("area", t) >= 20 * p("persons", t))
        ),
        "eligible": lambda p, t: (
            p("category", t) & p("both_24", t) & p("no_assistance", t) & p("guarantee", t) & p("housing", t)
        ),
    }
    tbs = TaxBenefitSystem([person])
    tbs.add_variables(
        *br.openfisca_inputs(inp),
        inp("decision", date),
        formula("dkey", lambda p, t: key(p("decision", t)), int),
        formula("dkey_down", lambda p, t: key_down(p("decision", t)), int),
        *(formula(name, fn) for name, fn in rules.items()),
    )
    return tbs


def openfisca_run(cols: dict[str, np.ndarray], dates: np.ndarray, table: bool) -> Run:
    box: dict[str, Any] = {}
    tbs = openfisca_keys_system(box if table else None)
    all_dates = [cols[c] for c in DATE_FACTS] + [dates]

    def run() -> tuple[float, float, Outputs]:
        t0 = time.perf_counter()
        if table:
            first = min(int(d.view(np.int64).min()) for d in all_dates)
            last = max(int(d.view(np.int64).max()) for d in all_dates)
            box["key"], box["down"] = _key_table(first, last)
            box["first"] = first
        build, _, out = openfisca(tbs, cols, dates)
        return build, time.perf_counter() - t0 - build, out

    return run


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=1_000_000)
    ap.add_argument("--reps", type=int, default=5)
    args = ap.parse_args()
    print(f"key comparisons checked against add_months: {check_keys():,} cases")
    cols, dates = br.population(args.size), br.decision_dates(args.size)
    fair = br.openfisca_fair_system(per_row=True)
    runs: dict[str, Run] = {
        "openfisca engine.py model": lambda: openfisca(fair, cols, dates),
        "hand-polars engine.py model": lambda: hand_polars(cols, dates),
        "openfisca keys astype": openfisca_run(cols, dates, table=False),
        "hand-polars keys dt.year/month/day": polars_run(cols, dates, table=False),
        "openfisca keys table": openfisca_run(cols, dates, table=True),
        "hand-polars keys table": polars_run(cols, dates, table=True),
    }
    reference = hand_polars(cols, dates)[2]
    best: dict[str, tuple[float, float, float]] = {}
    for _ in range(args.reps):
        for name, run in runs.items():
            cpu0 = time.process_time()
            build, compute, out = run()
            cpu = time.process_time() - cpu0
            for k in br.CONDITIONS:
                if not np.array_equal(out[k], reference[k]):
                    raise SystemExit(f"{name}: {k} differs from hand-written polars")
            if name not in best or build + compute < sum(best[name][:2]):
                best[name] = (build, compute, cpu)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{args.size:,} rows, best of {args.reps}, load average at the end {load}")
    print("| variant | end-to-end ms | build ms | compute ms | CPU ms |")
    print("|---|---|---|---|---|")
    for name, (build, compute, cpu) in best.items():
        ms = [(build + compute) * 1e3, build * 1e3, compute * 1e3, cpu * 1e3]
        print(f"| {name} | " + " | ".join(f"{x:.1f}" for x in ms) + " |")

    def e2e(name: str) -> float:
        return best[name][0] + best[name][1]

    for shortcut in ("engine.py model", "keys astype", "keys table"):
        polars_name = {
            "engine.py model": "hand-polars engine.py model",
            "keys astype": "hand-polars keys dt.year/month/day",
            "keys table": "hand-polars keys table",
        }[shortcut]
        ratio = e2e(f"openfisca {shortcut}") / e2e(polars_name)
        print(f"- {shortcut}: OpenFisca / hand-written polars = {ratio:.2f}x end to end (target >= 5x)")


if __name__ == "__main__":
    main()
