"""The casework service's layering, read from the source (issue #12): the parts below the web app never
import it, no two parts import each other, and no module grows past what one reader can hold.

Layering (CONTRIBUTING): ``migralex.ui`` (the page shell) sits below casework, lab and programmes;
``migralex.web`` (the app factory and casework pages) sits above them.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import migralex

SRC = Path(migralex.__file__).parent
#: The parts whose imports must not form a cycle.
PARTS = ("casework", "web", "lab", "programmes", "ui", "notices")
#: Parts below the web app: they never import ``migralex.web``.
BELOW_WEB = ("casework", "lab", "programmes", "ui", "notices")
MAX_LINES = 600


def module_name(path: Path) -> str:
    """``migralex.casework.api.deps`` for ``src/migralex/casework/api/deps.py``."""
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> Iterator[str]:
    """Every module ``path`` imports, at module level or inside functions (relative imports resolved)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def part_of(module: str) -> str | None:
    """The part (``casework``, ``web`` ...) a ``migralex.*`` module belongs to."""
    bits = module.split(".")
    return bits[1] if len(bits) > 1 and bits[0] == "migralex" and bits[1] in PARTS else None


def part_graph(exclude: tuple[str, ...] = ()) -> dict[str, dict[str, list[str]]]:
    """part -> imported part -> the modules that import it."""
    graph: dict[str, dict[str, list[str]]] = {p: {} for p in PARTS if p not in exclude}
    for path in sorted(SRC.rglob("*.py")):
        here = part_of(module_name(path))
        if here is None or here in exclude:
            continue
        for target in imports_of(path):
            there = part_of(target)
            if there is not None and there != here and there not in exclude:
                graph[here].setdefault(there, []).append(module_name(path))
    return graph


def cycles(graph: dict[str, dict[str, list[str]]]) -> list[list[str]]:
    """Import cycles between parts (each as the path that closes it)."""
    found: list[list[str]] = []

    def walk(node: str, path: list[str]) -> None:
        for nxt in sorted(graph.get(node, {})):
            if nxt == path[0]:
                found.append([*path, nxt])
            elif nxt not in path and nxt > path[0]:
                walk(nxt, [*path, nxt])

    for start in sorted(graph):
        walk(start, [start])
    return found


def test_no_import_cycle_between_casework_web_lab_programmes_ui_and_notices() -> None:
    graph = part_graph()
    assert cycles(graph) == [], {p: {q: m[:3] for q, m in e.items()} for p, e in graph.items()}


def test_the_parts_below_the_web_app_never_import_it() -> None:
    graph = part_graph()
    offenders = {part: graph[part]["web"] for part in BELOW_WEB if "web" in graph[part]}
    assert offenders == {}


def test_the_serve_command_belongs_to_the_web_app() -> None:
    from migralex.cli import PARTS as COMMANDS

    assert COMMANDS["serve"][0] == "migralex.web.cli"
    assert all(module != "migralex.web.cli" for name, (module, _) in COMMANDS.items() if name != "serve")


def test_no_casework_or_web_module_is_over_600_lines() -> None:
    long = {
        str(path.relative_to(SRC)): n
        for part in ("casework", "web")
        for path in sorted((SRC / part).rglob("*.py"))
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_the_import_reader_sees_function_level_and_relative_imports() -> None:
    """The checks above are only as good as the reader: a function-level import counts."""
    pkg = SRC / "casework" / "api" / "deps.py"
    seen = set(imports_of(pkg))
    assert "migralex.casework.transactions" in seen and "migralex.casework.access" in seen
    cli = SRC / "web" / "cli.py"
    assert "migralex.web" in set(imports_of(cli))  # imported inside serve()
    assert cycles({"a": {"b": ["x"]}, "b": {"a": ["y"]}}) == [["a", "b", "a"]]
