"""The engine imports its own modules at the top of each file: no cycle hidden in a function-level import.

Three deferred imports are by design: so that the single-case path loads no polars, ``facts.polars_types``
imports polars itself (a library, not an engine module) and the package's ``__getattr__`` hands out the
population evaluator (``migralex.engine.batch``, which sits above everything it re-exports); and
``encoding.FragmentEncoder`` imports orjson (an optional library) only when JSON bytes are asked for.
"""

from __future__ import annotations

import ast
from pathlib import Path

import migralex.engine

ENGINE = Path(migralex.engine.__file__).parent
#: (file, module imported inside a function): the deferred imports that keep polars off the single-case path
DEFERRED = {("facts.py", "polars"), ("__init__.py", "migralex.engine.batch"), ("encoding.py", "orjson")}


def _imported(n: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(n, ast.ImportFrom):
        return [n.module or ""]
    return [a.name for a in n.names]


def test_no_function_level_imports_in_the_engine() -> None:
    found = []
    for path in sorted(ENGINE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                found += [
                    f"{path.relative_to(ENGINE)}:{n.lineno} {module}"
                    for n in ast.walk(fn)
                    if isinstance(n, ast.Import | ast.ImportFrom)
                    for module in _imported(n)
                    if (path.relative_to(ENGINE).as_posix(), module) not in DEFERRED
                ]
    assert found == []
