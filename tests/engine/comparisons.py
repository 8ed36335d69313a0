"""Test programs of date comparisons: every shape compared with every operator, in a registered pack.

Shared by the tests that check the batch evaluator's calendar arithmetic against the single-case evaluator
(``test_per_row_shift.py``, ``test_date_keys.py``).
"""

from __future__ import annotations

from itertools import product
from pathlib import Path
from typing import Any

from migralex.engine import ParameterSet, Program, RulePack, any_of, cite, condition
from migralex.engine.expressions import Compare, Expr

SRC = cite("Test rule (not law)", "https://example.org/test")
#: the source of the test parameters' values
SOURCE = {"citation": "Test parameter (not law)", "url": "https://example.org/test"}
OPS = ("<=", "<", ">", ">=", "==", "!=")
_OP_NAMES = {"<=": "le", "<": "lt", ">": "gt", ">=": "ge", "==": "eq", "!=": "ne"}

#: a comparison shape: (name, left side, right side)
Shape = tuple[str, Expr, Expr]


def comparison_program(
    program_id: str, shapes: list[Shape], params: dict[str, Any], *, flipped: bool = False
) -> Program:
    """A program whose root is any of ``shape OP`` for every shape and operator (``flipped``: each also with
    its sides swapped), registered in a pack ``t`` with ``params``."""
    conditions = []
    for (name, a, b), op in product(shapes, OPS):
        conditions.append(condition(f"t.{name}_{_OP_NAMES[op]}", name, SRC, Compare(op, a, b)))
        if flipped:
            conditions.append(condition(f"t.{name}_{_OP_NAMES[op]}_flipped", name, SRC, Compare(op, b, a)))
    root = condition("t.root", "root", SRC, any_of(*conditions))
    program = Program(id=program_id, title="t", description="t", root=root, citation=SRC)
    RulePack(
        id="t",
        title="t",
        version="0",
        parameters=ParameterSet.from_mapping(params, "t"),
        programs={program.id: program},
        source_dir=Path(__file__).parent,
    )
    return program
