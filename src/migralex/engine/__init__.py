"""The migralex rules engine: facts, dated parameters, named conditions, exceptions, two evaluators.

Nothing here knows any jurisdiction. Rule packs (``migralex.rules``) build on it.
"""

from migralex.engine.batch import BASELINE, evaluate_frame
from migralex.engine.citations import Citation, cite
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
from migralex.engine.facts import FactSpec, FactType
from migralex.engine.nodes import Node, computation, condition, unless
from migralex.engine.parameters import Parameter, ParameterSet, ParameterValue
from migralex.engine.program import Decision, Program, Reform, RulePack, assess

__all__ = [
    "BASELINE",
    "Citation",
    "Decision",
    "DefinitionError",
    "ExceptionConflictError",
    "Expr",
    "FactError",
    "FactSpec",
    "FactType",
    "MigralexError",
    "Node",
    "Parameter",
    "ParameterError",
    "ParameterSet",
    "ParameterValue",
    "Program",
    "Reform",
    "RulePack",
    "UnknownProgramError",
    "add_months",
    "add_years",
    "age_on",
    "all_of",
    "any_of",
    "assess",
    "at_least",
    "cite",
    "computation",
    "condition",
    "const",
    "contains",
    "days_between",
    "decision_date",
    "evaluate_frame",
    "fact",
    "if_",
    "intersects",
    "maximum",
    "minimum",
    "not_",
    "param",
    "param_on",
    "recorded",
    "round_to",
    "unless",
    "whole_months_between",
    "whole_years_between",
]
