"""Copy the committed benchmark results into the docs, so no measured number is typed by hand.

    python benchmarks/render_results.py [--check]

Each target document holds a block between ``<!-- results:NAME -->`` and ``<!-- /results:NAME -->``; the
block is replaced by the text of ``benchmarks/results/NAME.md``. ``--check`` exits 1 when a document is out
of date instead of writing it.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
TARGETS = {"README.md": ["engine"], "docs/lab.md": ["engine", "lab", "spark"]}


def render(text: str, name: str) -> str:
    """``text`` with the block ``name`` replaced by the results file of that name."""
    body = (RESULTS / f"{name}.md").read_text(encoding="utf-8").strip()
    source = f"(generated from `benchmarks/results/{name}.md` by `benchmarks/render_results.py`)"
    pattern = re.compile(rf"(<!-- results:{name} -->\n).*?(<!-- /results:{name} -->)", re.S)
    if not pattern.search(text):
        raise SystemExit(f"no <!-- results:{name} --> block to fill")
    return pattern.sub(lambda m: f"{m.group(1)}{source}\n\n{body}\n{m.group(2)}", text)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="fail if a document is out of date; write nothing")
    args = ap.parse_args()
    stale = []
    for doc, names in TARGETS.items():
        path = ROOT / doc
        old = path.read_text(encoding="utf-8")
        new = old
        for name in names:
            new = render(new, name)
        if new != old:
            stale.append(doc)
            if not args.check:
                path.write_text(new, encoding="utf-8")
    if args.check and stale:
        print("out of date: " + ", ".join(stale) + " (run python benchmarks/render_results.py)")
        sys.exit(1)


if __name__ == "__main__":
    main()
