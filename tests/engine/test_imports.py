"""The engine imports its own modules at the top of each file: no cycle hidden in a function-level import."""

from __future__ import annotations

import ast
from pathlib import Path

import migralex.engine

ENGINE = Path(migralex.engine.__file__).parent


def test_no_function_level_imports_in_the_engine() -> None:
    found = []
    for path in sorted(ENGINE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                found += [
                    f"{path.name}:{n.lineno}"
                    for n in ast.walk(fn)
                    if isinstance(n, ast.Import | ast.ImportFrom)
                ]
    assert found == []
