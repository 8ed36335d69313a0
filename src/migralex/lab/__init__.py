"""The policy lab: what a program (and reforms of it) does to a population, and to whom.

Usage::

    from migralex.lab import Plan, simulate, parse_population, write_outputs
    plan = Plan(get_program("dk.family_reunification.spouse"), reforms=[], on=date(2025, 3, 1))
    summary = simulate(plan, parse_population("synthetic:dk-spouse:100000:seed=7", plan.on), Path("out"))
    write_outputs(summary, Path("out"))
"""

from migralex.lab.report import write_outputs
from migralex.lab.results import Aggregates, Plan, Summary, top_conditions
from migralex.lab.simulate import ENGINES, File, Synthetic, parse_population, simulate

__all__ = [
    "ENGINES",
    "Aggregates",
    "File",
    "Plan",
    "Summary",
    "Synthetic",
    "parse_population",
    "simulate",
    "top_conditions",
    "write_outputs",
]
