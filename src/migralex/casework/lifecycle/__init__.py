"""People, cases, decisions, statuses, deadlines and the work queue.

The lifecycle, generic over program ids (any program of any rule pack can back a decision)::

    asylum_claim --grant--> status (permit end from the program's ``permit_years`` output, review date)
                 --refusal--> return case
    review/extension --extension--> new status row (``extension_years`` output)
                     --revocation--> return case
    return --voluntary_return (support amount from a money output) | departure_centre | tolerated_stay
    family_reunification (tied to the sponsor's status) | permanent_residence (tied to one's own status)

Every decision stores the program, facts, date, ``Decision.to_json()``, the rule pack id/version/hash
and any reform, so it can be re-run (:func:`rerun`).
Adverse decisions pass :mod:`migralex.casework.safeguards` first.

Modules by concern: :mod:`.kinds` (decision kinds, settings), :mod:`.people` (intake, family links),
:mod:`.cases` (opening, access, assessments, documents), :mod:`.evaluation` (facts and the rules),
:mod:`.decisions` (deciding), :mod:`.effects` (grants, extensions, revocation, tolerated stay, the
follow-up return and review cases), :mod:`.rerun`, :mod:`.queue` (due reviews, work queue, timeline).
"""

from __future__ import annotations

from migralex.casework.lifecycle.cases import (
    add_document,
    assign_case,
    list_cases,
    load_case,
    open_case,
    record_assessment,
)
from migralex.casework.lifecycle.decisions import decide, load_decision
from migralex.casework.lifecycle.evaluation import evaluate, find_program, find_reform, prefill
from migralex.casework.lifecycle.kinds import (
    DECISION_KINDS,
    DEFAULT_STATUS,
    PROTECTION_STATUSES,
    REVIEW_LEAD_DAYS,
    TOLERATED_STAY_REVIEW_MONTHS,
    DecisionKind,
    add_months,
    add_years,
    explanation,
    jsonable,
)
from migralex.casework.lifecycle.people import (
    active_status,
    add_family_link,
    create_person,
    family_of,
    get_person,
    list_people,
    possible_duplicates,
)
from migralex.casework.lifecycle.queue import open_due_reviews, queue, timeline
from migralex.casework.lifecycle.rerun import explanation_changes, rerun

__all__ = [
    "DECISION_KINDS",
    "DEFAULT_STATUS",
    "PROTECTION_STATUSES",
    "REVIEW_LEAD_DAYS",
    "TOLERATED_STAY_REVIEW_MONTHS",
    "DecisionKind",
    "active_status",
    "add_document",
    "add_family_link",
    "add_months",
    "add_years",
    "assign_case",
    "create_person",
    "decide",
    "evaluate",
    "explanation",
    "explanation_changes",
    "family_of",
    "find_program",
    "find_reform",
    "get_person",
    "jsonable",
    "list_cases",
    "list_people",
    "load_case",
    "load_decision",
    "open_case",
    "open_due_reviews",
    "possible_duplicates",
    "prefill",
    "queue",
    "record_assessment",
    "rerun",
    "timeline",
]
