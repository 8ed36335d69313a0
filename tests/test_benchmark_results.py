"""The measured numbers in the README and docs/lab.md are the committed benchmark results, not typed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_docs_quote_the_committed_benchmark_results() -> None:
    script = ROOT / "benchmarks" / "render_results.py"
    proc = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
