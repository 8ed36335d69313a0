"""Every shell and Python example in README.md, CONTRIBUTING.md and docs/*.md runs as written.

A document's fenced ``sh``/``shell``/``bash``/``python`` blocks run in order, as a reader would, in one
temporary directory holding a copy of ``examples/``: shell blocks with ``bash -e`` and this virtualenv's
``migralex`` first on ``PATH``, Python blocks with this interpreter. ``DATABASE_URL`` is unset, so database
examples use the embedded SQLite file of that directory. A block that cannot run (it starts a server, or
runs the test suite itself) is preceded by ``<!-- docs-test: skip (reason) -->``.
The generated rule catalogue (``docs/rules/``) holds no examples and is not read.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = sorted([ROOT / "README.md", ROOT / "CONTRIBUTING.md", *(ROOT / "docs").glob("*.md")])
LANGUAGES = {"sh": "shell", "shell": "shell", "bash": "shell", "python": "python"}
FENCE = re.compile(r"^(?P<indent>\s*)```(?P<language>\w+)\s*$")
SKIP = re.compile(r"^<!-- docs-test: skip \((?P<reason>[^)]+)\) -->$")


@dataclass(frozen=True)
class Block:
    """One fenced example: where it is, its language, its text, and the reason it is skipped (if any)."""

    path: Path
    line: int
    language: str
    code: str
    skip: str | None

    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


def blocks(path: Path) -> list[Block]:
    """The fenced blocks of a Markdown file (every language; see :data:`LANGUAGES` for those run)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        start = i
        i += 1
        body: list[str] = []
        indent = len(match["indent"])
        while i < len(lines) and not lines[i].strip().startswith("```"):
            body.append(lines[i][indent:])
            i += 1
        before = next((lines[j].strip() for j in range(start - 1, -1, -1) if lines[j].strip()), "")
        skip = SKIP.match(before)
        reason = skip["reason"] if skip else None
        found.append(Block(path, start + 1, match["language"], "\n".join(body) + "\n", reason))
        i += 1
    return found


def run(block: Block, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run one block in ``cwd``; the virtualenv's scripts come first on PATH, no DATABASE_URL."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["COLUMNS"] = "120"
    if LANGUAGES[block.language] == "shell":
        command = ["bash", "-e", "-o", "pipefail", "-c", block.code]
    else:
        command = [sys.executable, "-c", block.code]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_example_of_the_document_runs_as_written(document: Path, tmp_path: Path) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    for block in blocks(document):
        if block.language not in LANGUAGES or block.skip:
            continue
        result = run(block, tmp_path)
        assert result.returncode == 0, (
            f"{block.where()}: the {block.language} example exits {result.returncode}\n"
            f"--- example ---\n{block.code}--- stdout ---\n{result.stdout[-3000:]}\n"
            f"--- stderr ---\n{result.stderr[-3000:]}"
        )


def test_skip_markers_give_a_reason_and_precede_a_runnable_block() -> None:
    for document in DOCUMENTS:
        text = document.read_text(encoding="utf-8")
        marked = sum(1 for line in text.splitlines() if line.strip().startswith("<!-- docs-test"))
        skipped = [b for b in blocks(document) if b.skip]
        assert marked == len(skipped), f"{document.name}: a docs-test marker without a reason or a block"
        for b in skipped:
            assert b.language in LANGUAGES, f"{b.where()}: a skip marker on a block that is never run"


def test_the_parser_finds_blocks_and_their_skip_reasons(tmp_path: Path) -> None:
    doc = tmp_path / "x.md"
    doc.write_text(
        "text\n\n<!-- docs-test: skip (starts a server) -->\n```sh\nmigralex serve\n```\n\n"
        "```python\nprint(1)\n```\n\n1. a list item:\n\n   ```python\n   print(2)\n   ```\n",
        encoding="utf-8",
    )
    found = blocks(doc)
    assert [(b.language, b.skip, b.code) for b in found] == [
        ("sh", "starts a server", "migralex serve\n"),
        ("python", None, "print(1)\n"),
        ("python", None, "print(2)\n"),
    ]
