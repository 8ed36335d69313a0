"""The migralex rules engine: facts, dated parameters, named conditions, exceptions, two evaluators.

Nothing here knows any jurisdiction. Rule packs (``migralex.rules``) build on it. Importing the engine (and
assessing one case) loads no polars, pyarrow or database code: :func:`evaluate_frame`, the population
evaluator, imports polars on first use.
"""

from typing import TYPE_CHECKING, Any

from migralex.engine.citations import (
    CITATION_KINDS,
    PRIMARY_KINDS,
    Citation,
    case_law,
    citation_counts,
    cite,
    conditions_without_primary,
    guidance,
    regulation,
    secondary,
    statute,
    travaux,
)
from migralex.engine.errors import (
    DefinitionError,
    ExceptionConflictError,
    FactError,
    MigralexError,
    ParameterError,
    UnknownProgramError,
)
from migralex.engine.expressions import (
    Expr,
    add_months,
    add_years,
    age_on,
    all_of,
    any_of,
    at_least,
    const,
    contains,
    days_between,
    decision_date,
    fact,
    fact_list,
    if_,
    intersects,
    maximum,
    minimum,
    not_,
    param,
    param_on,
    recorded,
    round_to,
    whole_months_between,
    whole_years_between,
)
from migralex.engine.facts import PERCENT, FactSpec, FactType, ItemField
from migralex.engine.labels import fill_label, label_parameters
from migralex.engine.layering import BASELINE
from migralex.engine.lists import all_of_items, any_of_items, count_items, max_items, min_items, sum_items
from migralex.engine.meta import (
    ConditionTag,
    InForce,
    MoneyOutput,
    OutcomeVocabulary,
    OutOfForce,
    ProgramMeta,
)
from migralex.engine.nodes import Node, computation, condition, unless
from migralex.engine.outcomes import OUTCOMES, Outcome
from migralex.engine.parameters import STATUSES, Parameter, ParameterSet, ParameterValue, UnknownParameter
from migralex.engine.program import Decision, Program, Reform, RulePack, assess

if TYPE_CHECKING:
    from migralex.engine.batch import evaluate_frame


def __getattr__(name: str) -> Any:
    """The population evaluator, imported (with polars) on first use."""
    if name == "evaluate_frame":
        from migralex.engine.batch import evaluate_frame

        return evaluate_frame
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "BASELINE",
    "CITATION_KINDS",
    "OUTCOMES",
    "PERCENT",
    "PRIMARY_KINDS",
    "STATUSES",
    "Citation",
    "ConditionTag",
    "Decision",
    "DefinitionError",
    "ExceptionConflictError",
    "Expr",
    "FactError",
    "FactSpec",
    "FactType",
    "InForce",
    "ItemField",
    "MigralexError",
    "MoneyOutput",
    "Node",
    "OutOfForce",
    "Outcome",
    "OutcomeVocabulary",
    "Parameter",
    "ParameterError",
    "ParameterSet",
    "ParameterValue",
    "Program",
    "ProgramMeta",
    "Reform",
    "RulePack",
    "UnknownParameter",
    "UnknownProgramError",
    "add_months",
    "add_years",
    "age_on",
    "all_of",
    "all_of_items",
    "any_of",
    "any_of_items",
    "assess",
    "at_least",
    "case_law",
    "citation_counts",
    "cite",
    "computation",
    "condition",
    "conditions_without_primary",
    "const",
    "contains",
    "count_items",
    "days_between",
    "decision_date",
    "evaluate_frame",
    "fact",
    "fact_list",
    "fill_label",
    "guidance",
    "if_",
    "intersects",
    "label_parameters",
    "max_items",
    "maximum",
    "min_items",
    "minimum",
    "not_",
    "param",
    "param_on",
    "recorded",
    "regulation",
    "round_to",
    "secondary",
    "statute",
    "sum_items",
    "travaux",
    "unless",
    "whole_months_between",
    "whole_years_between",
]
