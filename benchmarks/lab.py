"""Policy lab benchmark: end to end (generate, evaluate baseline + 2 reforms, aggregate, write Parquet).

    python benchmarks/lab.py [--sizes 1000000 10000000 100000000] [--engines polars streaming spark]

Rules: the benchmark spouse rule set of ``bench_rules.py`` (11 conditions), with two parameter reforms
(minimum age 21; § 7(3) waiting period 3 years), so that openfisca-core, the named baseline, computes exactly
the same thing: three tax-benefit systems (baseline and the two reforms) on the same persons at 1M rows.
The population is the lab's synthetic ``dk-spouse`` profile with no unknown facts (OpenFisca has no
unknown); every engine must find the same number of eligible persons, except Spark with native rules, which
draws its persons in the JVM from the same distributions (its counts must agree within sampling error).
``--no-rows`` runs the lab without a row file (aggregates only). CPU s is the CPU time of the process and
its children (the JVM, Python workers) during the timed part: the machine may be shared, wall time is noisy.

Each (engine, size) runs in its own process; peak memory is the highest resident set of that process and
its children (Spark's JVM and Python workers), sampled every 50 ms. The in-memory polars engine is skipped
above ``--polars-max`` rows (default 20M); streaming and Spark are meant for those sizes. ``spark`` runs
the default rules (native: population and rules as Spark SQL); ``spark-native`` and ``spark-arrow`` (numpy
and polars in ``mapInArrow``, the path before issue 15) name them, to compare the two in one table
(issue 15: native >= 5x faster than arrow at 100M on local[2]).

Target (issue 6): 10M rows, baseline plus two reforms, under 10 s on 2 cores.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

ENGINES = ("polars", "streaming", "spark")
#: Spark with its rules chosen explicitly (``spark`` is the default: native)
SPARK_RULES = {"spark-native": "native", "spark-arrow": "arrow"}
BASELINE = "openfisca-core"
REFORMS = {"min_age_21": ("min_age", 21), "tp_wait_3": ("tp_wait", 3)}


class PeakRss:
    """Samples the resident memory of this process and all its children."""

    def __init__(self, every: float = 0.05) -> None:
        import psutil

        self.proc = psutil.Process()
        self.peak = 0
        self.every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        import psutil

        total = 0
        for p in [self.proc, *self.proc.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):
                total += p.memory_info().rss
        self.peak = max(self.peak, total)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.every)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()


def plan() -> Any:
    """The benchmark program with the two reforms."""
    import bench_rules as br
    from migralex.engine import ParameterSet, Reform
    from migralex.lab import Plan

    reforms = [
        Reform(
            id=rid,
            title=rid,
            description="",
            base="bench",
            status="proposed",
            citation=br.SRC,
            parameters=ParameterSet.from_mapping({pid: br._param(value)}),
        )
        for rid, (pid, value) in REFORMS.items()
    ]
    return Plan(br.program(), reforms, br.ON)


def spec(n: int) -> Any:
    """The synthetic population: dk-spouse profile, seed 7, no unknowns.

    The benchmark rules read three housing counts of their own (``housing.*``), which no rule pack has; the
    profile is extended with documented distributions for them (the same as the pack's dwelling facts).
    """
    from dataclasses import replace

    import bench_rules as br
    from migralex.population import PopulationSpec, get_profile
    from migralex.population.distributions import INTS

    base = get_profile("dk-spouse")
    housing = {
        "housing.persons": INTS["case.household_size"][0],
        "housing.living_rooms": INTS["sponsor.dwelling_living_rooms"][0],
        "housing.floor_area_m2": INTS["sponsor.dwelling_floor_area_m2"][0],
    }
    basis = {f: "benchmark only: the distribution of the rule pack's matching fact" for f in housing}
    profile = replace(base, ints={**base.ints, **housing}, basis={**base.basis, **basis})
    return PopulationSpec(profile, n, 7, br.ON, missing=0.0)


def cpu_seconds() -> float:
    """User and system CPU time of this process and all its children (Spark's JVM and Python workers)."""
    import psutil

    me = psutil.Process()
    total = 0.0
    for p in [me, *me.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            t = p.cpu_times()  # its own time and that of its children that have exited
            total += t.user + t.system + t.children_user + t.children_system
    return total


def run_lab(engine: str, n: int, workdir: Path, rows: bool = True) -> dict[str, Any]:
    """One end-to-end lab run (``rows``: write the row results to Parquet, as the CLI's ``--out``)."""
    from migralex.lab import Synthetic, simulate

    p = plan()
    spark = None
    if engine in SPARK_RULES:
        os.environ["MIGRALEX_SPARK_RULES"] = SPARK_RULES[engine]
        engine = "spark"
    if engine == "spark":
        from migralex.lab.spark import spark_session

        spark = spark_session(os.environ.get("MIGRALEX_SPARK_MASTER", "local[2]"))
        spark.sparkContext.setLogLevel("ERROR")
    cpu0, t0 = cpu_seconds(), time.perf_counter()
    summary = simulate(p, Synthetic(spec(n)), workdir / "out" if rows else None, engine=engine, spark=spark)
    total = time.perf_counter() - t0
    cpu = cpu_seconds() - cpu0
    counts = {(s, o): n for s, o, n, _ in summary.counts().iter_rows()}
    notes = ["Spark session start-up not timed"] if engine == "spark" else []
    if engine == "spark" and os.environ.get("MIGRALEX_SPARK_RULES", "native") == "native":
        notes.append("population drawn in the JVM")
    if not rows:
        notes.append("no row file")
    return {
        "total_s": total,
        "cpu_s": cpu,
        "native_population": "population drawn in the JVM" in notes,
        "note": "; ".join(notes),
        "eligible": counts[("baseline", "eligible")],
        "eligible_reforms": [counts[(r, "eligible")] for r in REFORMS],
        "unknown": counts[("baseline", "unknown")],
    }


def run_openfisca(n: int) -> dict[str, Any]:
    """Baseline and the two reforms in openfisca-core, on the same persons as the lab."""
    import numpy as np
    import polars as pl
    from openfisca_core.parameters import ParameterNode
    from openfisca_core.simulations import SimulationBuilder

    import bench_rules as br
    from migralex.population import generate

    p = plan()
    df = generate(spec(n), p.facts())
    cols: dict[str, np.ndarray] = {}
    for fid in br.OPENFISCA_INPUTS.values():
        s = df[fid]
        if fid == "sponsor.residence_status":
            # the OpenFisca model numbers the benchmark's statuses; any other Danish status reads as "other"
            other = br.STATUSES.index("other")
            numbered = {c: br.STATUSES.index(c) if c in br.STATUSES else other for c in br.DK_STATUSES}
            cols[fid] = s.replace_strict(numbered, return_dtype=pl.Int8).to_numpy()
        elif s.dtype == pl.Date:
            cols[fid] = s.to_numpy().astype("datetime64[D]")
        else:
            cols[fid] = s.to_numpy()
    base = {"min_age": 24, "pr_years": 3, "tp_wait": 2, "assist_years": 3}
    t0 = time.perf_counter()
    eligible = []
    for overrides in ({}, *({k: v} for k, v in REFORMS.values())):
        tbs = br.openfisca_system()
        values = {**base, **overrides}
        tbs.parameters = ParameterNode(
            "", data={k: {"values": {"2018-07-01": {"value": v}}} for k, v in values.items()}
        )
        sim = SimulationBuilder().build_default_simulation(tbs, n)
        for var, fid in br.OPENFISCA_INPUTS.items():
            sim.set_input(var, "2025", cols[fid])
        eligible.append(int(sim.calculate("eligible", "2025").sum()))
        for name in ("category", "both_24", "no_assistance", "housing", "guarantee"):
            if name in tbs.variables:
                sim.calculate(name, "2025")
    total = time.perf_counter() - t0
    return {
        "total_s": total,
        "eligible": eligible[0],
        "eligible_reforms": eligible[1:],
        "unknown": 0,
        "note": "inputs prepared outside the timing; 3 systems (baseline + 2 reforms)",
    }


def child(engine: str, n: int, rows: bool = True) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="migralex-lab-bench-"))
    try:
        with PeakRss() as rss:
            result = run_openfisca(n) if engine == BASELINE else run_lab(engine, n, workdir, rows)
        result["peak_mib"] = rss.peak / 2**20
        return result
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000, 100_000_000])
    ap.add_argument("--engines", nargs="+", default=list(ENGINES), choices=[*ENGINES, *SPARK_RULES])
    ap.add_argument("--baseline-size", type=int, default=1_000_000, help="rows for openfisca-core (0: skip)")
    ap.add_argument(
        "--polars-max", type=int, default=20_000_000, help="largest size for the in-memory engine"
    )
    ap.add_argument(
        "--no-rows", action="store_true", help="aggregates only: no row file written (the lab without --out)"
    )
    ap.add_argument("--child", nargs=3, metavar=("ENGINE", "N", "ROWS"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], int(args.child[1]), args.child[2] == "rows")))
        return

    from rich.console import Console
    from rich.table import Table

    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")])}
    jobs = [(e, n) for n in args.sizes for e in args.engines if not (e == "polars" and n > args.polars_max)]
    if args.baseline_size:
        jobs.insert(0, (BASELINE, args.baseline_size))
    console = Console(width=150)
    results: list[dict[str, Any]] = []
    for engine, n in jobs:
        console.print(f"running {engine} at {n:,} rows ...")
        proc = subprocess.run(
            [sys.executable, __file__, "--child", engine, str(n), "none" if args.no_rows else "rows"],
            capture_output=True,
            text=True,
            env=env,
        )
        if proc.returncode != 0:
            results.append(
                {"engine": engine, "n": n, "error": (proc.stderr.strip().splitlines() or ["?"])[-1]}
            )
            continue
        results.append({"engine": engine, "n": n, **json.loads(proc.stdout.strip().splitlines()[-1])})
    table = Table(
        title=f"migralex policy lab benchmark: baseline + {len(REFORMS)} reforms, {os.cpu_count()} cores"
    )
    for col in (
        "rows",
        "engine",
        "end-to-end s",
        "CPU s",
        "rows/s",
        f"vs {BASELINE}",
        "peak MiB",
        "eligible (base, reforms)",
        "note",
    ):
        table.add_column(col, justify="left" if col in ("engine", "note") else "right")
    base = next((r for r in results if r["engine"] == BASELINE and "error" not in r), None)
    for r in results:
        if "error" in r:
            table.add_row(
                f"{r['n']:,}", r["engine"], "-", "-", "-", "-", "-", "-", f"failed: {r['error'][:60]}"
            )
            continue
        ratio = f"{base['total_s'] / r['total_s']:.1f}x" if base and base["n"] == r["n"] else "-"
        elig = ", ".join(f"{v:,}" for v in [r["eligible"], *r["eligible_reforms"]])
        table.add_row(
            f"{r['n']:,}",
            r["engine"],
            f"{r['total_s']:.2f}",
            f"{r['cpu_s']:.1f}" if "cpu_s" in r else "-",
            f"{r['n'] / r['total_s']:,.0f}",
            ratio,
            f"{r['peak_mib']:,.0f}",
            elig,
            r.get("note", ""),
        )
    for n in sorted({r["n"] for r in results}):
        same = [r for r in results if r["n"] == n and "error" not in r and not r.get("native_population")]
        counts = {(r["eligible"], *r["eligible_reforms"]) for r in same}
        if len(counts) > 1:
            table.add_row(f"{n:,}", "MISMATCH", "", "", "", "", "", str(sorted(counts)), "engines disagree")
        for r in results:  # other persons from the same distributions: equal within sampling error
            if r["n"] != n or not r.get("native_population") or not same:
                continue
            ref = (same[0]["eligible"], *same[0]["eligible_reforms"])
            got = (r["eligible"], *r["eligible_reforms"])
            if any(abs(a - b) > 5 * (2 * n * 0.25) ** 0.5 for a, b in zip(ref, got, strict=True)):
                row = [f"{n:,}", "MISMATCH", "", "", "", "", "", f"{ref} vs {got}", "beyond sampling error"]
                table.add_row(*row)
    console.print(table)
    for r in results:
        if r["engine"] != BASELINE and r["n"] == 10_000_000 and "error" not in r:
            ok = "met" if r["total_s"] < 10 else "missed"
            console.print(
                f"target 10M rows, baseline + 2 reforms under 10 s: {r['engine']} {r['total_s']:.2f} s ({ok})"
            )
    if base:
        for r in results:
            if r["engine"] != BASELINE and r["n"] == base["n"] and "error" not in r:
                console.print(
                    f"{r['engine']} vs {BASELINE} at {base['n']:,} rows: "
                    f"{base['total_s'] / r['total_s']:.1f}x "
                    "(lab time includes generation, aggregation and writing Parquet)"
                )


if __name__ == "__main__":
    main()
