"""Nothing in the repository points at files outside it (research notes, seeds, a sibling design file).

Sources are cited as the public documents themselves: title, publisher, date, URL.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = "shared"
#: References to the project's working folders outside the repository (spelled in pieces so that this
#: file does not match itself).
OUTSIDE = ("../" + SHARED, SHARED + "/research", SHARED + "/seeds")


def tracked_files() -> list[Path]:
    """The files git tracks (in a clone), else every file outside hidden and virtualenv folders."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, text=True
        ).stdout
        return [ROOT / name for name in listed.split("\0") if name]
    except (OSError, subprocess.CalledProcessError):
        return [
            p
            for p in ROOT.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(ROOT).parts)
        ]


def references_outside(paths: list[Path], root: Path = ROOT) -> list[str]:
    """``path:line: text`` for every line that refers to a folder outside the repository."""
    found = []
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if any(ref in line for ref in OUTSIDE):
                found.append(f"{path.relative_to(root)}:{number}: {line.strip()[:120]}")
    return found


def test_no_file_refers_to_folders_outside_the_repository() -> None:
    found = references_outside(tracked_files())
    assert not found, "files refer to folders outside the repository:\n" + "\n".join(found)


def test_outside_the_rule_packs_nothing_refers_to_folders_outside_the_repository() -> None:
    rules = ROOT / "src" / "migralex" / "rules"
    found = references_outside([p for p in tracked_files() if rules not in p.parents])
    assert not found, "files refer to folders outside the repository:\n" + "\n".join(found)


def test_the_check_finds_a_reference(tmp_path: Path) -> None:
    doc = tmp_path / "x.md"
    doc.write_text("nothing here\nsee ../" + SHARED + "/design.md\n", encoding="utf-8")
    assert references_outside([doc], root=tmp_path) == ["x.md:2: see ../" + SHARED + "/design.md"]
