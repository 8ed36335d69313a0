"""Synthetic population generation benchmark: the generator against its named baseline.

    python benchmarks/population.py [--sizes 1000000 10000000] [--stream 100000000]

The population is the policy lab benchmark's (``benchmarks/lab.py``: ``dk-spouse``, seed 7, the facts of the
benchmark rule set). The baseline, ``generate_reference``, is the generator as it was before it was tuned,
kept verbatim in ``benchmarks/population_reference.py``. Each (generator, size) runs in its own process; the
table gives wall and CPU seconds, the ratio reference / new, and the process's peak resident memory (which
includes the imported libraries, about the ``idle`` row). The machine load (1-minute load average, from
``/proc/loadavg``) is printed beside each number: the machine is shared, so wall times vary with it.

``--stream N`` also draws N rows chunk by chunk (``iter_chunks``, 1M-row chunks, each dropped once made,
as the streaming engine consumes them) and reports the peak memory: issue 15 asks under 1 GiB at 100M.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))


def load() -> float:
    """The 1-minute load average."""
    return float(Path("/proc/loadavg").read_text().split()[0])


def peak_mib() -> float:
    """This process's peak resident memory, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(kind: str, n: int) -> dict[str, Any]:
    """One measurement, in this (fresh) process."""
    import lab

    spec, facts = lab.spec(n), lab.plan().facts()
    before = load()
    t0, c0 = time.perf_counter(), time.process_time()
    rows = cols = 0
    if kind == "reference":
        from population_reference import generate as generate_reference

        df = generate_reference(spec, facts)
        rows, cols = df.shape
    elif kind == "new":
        from migralex.population import generate

        df = generate(spec, facts)
        rows, cols = df.shape
    elif kind == "stream":
        from migralex.population import iter_chunks

        for chunk in iter_chunks(spec, facts):
            rows, cols = rows + chunk.height, chunk.width
            del chunk
    elif kind != "idle":
        raise ValueError(kind)
    return {
        "wall_s": time.perf_counter() - t0,
        "cpu_s": time.process_time() - c0,
        "peak_mib": peak_mib(),
        "rows": rows,
        "cols": cols,
        "load": f"{before:.1f}-{load():.1f}",
    }


def measure(kind: str, n: int) -> dict[str, Any]:
    """Run :func:`child` in a fresh interpreter and read its result."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(n)], check=True, capture_output=True, text=True
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    ap.add_argument("--stream", type=int, nargs="*", default=[], help="also stream these sizes (peak memory)")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], int(args.child[1]))))
        return
    print(f"cores: {os.cpu_count()}; idle process (imports only):", measure("idle", 0))
    head = "| rows | generator | wall s | CPU s | peak MiB | load (1 min, before-after) |"
    print(head)
    print("|---:|---|---:|---:|---:|---|")
    for n in args.sizes:
        got = {kind: measure(kind, n) for kind in ("reference", "new")}
        for kind, r in got.items():
            cells = f"{r['wall_s']:.2f} | {r['cpu_s']:.2f} | {r['peak_mib']:.0f} | {r['load']}"
            print(f"| {n:,} | {kind} | {cells} |")
        ref, new = got["reference"], got["new"]
        assert ref["rows"] == new["rows"] == n and ref["cols"] == new["cols"]
        print(
            f"| {n:,} | ratio reference/new | {ref['wall_s'] / new['wall_s']:.2f}x "
            f"| {ref['cpu_s'] / new['cpu_s']:.2f}x | | |"
        )
    for n in args.stream:
        r = measure("stream", n)
        print(
            f"| {n:,} | new, streamed (iter_chunks) | {r['wall_s']:.2f} | {r['cpu_s']:.2f} "
            f"| {r['peak_mib']:.0f} | {r['load']} |"
        )


if __name__ == "__main__":
    main()
