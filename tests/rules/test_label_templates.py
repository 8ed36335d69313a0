"""A label never repeats a number that is a parameter: it names the parameter (``{param:ID}``) instead.

For every condition, computation and exception of every program and reform, a number written in its label
that equals a value of a parameter the node itself reads is a defect: under a reform, or after the next
change in the law, the label would state a threshold the rules no longer apply.
"""

from __future__ import annotations

from datetime import date

import pytest

from migralex.engine import Node, assess
from migralex.engine.expressions import walk
from migralex.engine.labels import labels_repeating_parameters
from migralex.rules.registry import get_program, programs, reforms


@pytest.mark.parametrize("program_id", sorted(programs()))
def test_labels_name_their_parameters_instead_of_repeating_them(program_id: str) -> None:
    program = programs()[program_id]
    assert program.pack is not None
    repeated = labels_repeating_parameters(program.nodes(), program.pack.parameters)
    assert not repeated, "\n".join(map(str, repeated))


@pytest.mark.parametrize("reform_id", sorted(reforms()))
def test_reform_labels_name_their_parameters(reform_id: str) -> None:
    reform = reforms()[reform_id]
    nodes = [n for root in reform.replacements.values() for n in walk(root) if isinstance(n, Node)]
    repeated = labels_repeating_parameters(nodes, reform.parameters)
    assert not repeated, "\n".join(map(str, repeated))


def test_a_label_states_the_value_used_under_a_reform() -> None:
    """The Danish age rule applied to UK refugee family reunion reads "at least 24 years old"."""
    program = get_program("uk.family_reunion.refugee")
    decision = assess(program, {}, date(2024, 5, 1), reforms()["uk_adopts_dk_family_reunion"])
    [both] = [r for r in decision.all_results() if r.node.id == "uk.family_reunion.refugee.partners_aged_24"]
    assert both.label.startswith("Both partners are at least 24 years old")
