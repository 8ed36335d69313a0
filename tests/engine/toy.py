"""A toy rule pack that uses every construct of the engine (not law: for testing the engine only)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from migralex.engine import (
    FactType,
    InForce,
    ItemField,
    ParameterSet,
    Program,
    RulePack,
    add_months,
    add_years,
    age_on,
    all_of,
    all_of_items,
    any_of,
    any_of_items,
    at_least,
    cite,
    computation,
    condition,
    contains,
    count_items,
    days_between,
    decision_date,
    fact,
    fact_list,
    if_,
    intersects,
    max_items,
    maximum,
    min_items,
    minimum,
    not_,
    param,
    param_on,
    round_to,
    sum_items,
    unless,
    whole_months_between,
)

SRC = cite("Toy Act § 1", "https://example.org/toy-act")

BIRTH = fact("person.birth_date", FactType.DATE, "Birth date")
ARRIVED = fact("person.arrival_date", FactType.DATE, "Arrival date")
INCOME = fact("person.income", FactType.DECIMAL, "Annual income", unit="DKK")
STATUS = fact("person.status", FactType.CODE, "Status", codes=("a", "b", "c"))
TAGS = fact("person.tags", FactType.CODE_SET, "Tags", codes=("x", "y", "z"))
WORKING = fact("person.working", FactType.BOOL, "Working")
CHILDREN = fact("person.children", FactType.INT, "Number of children", minimum=0)
HARDSHIP = fact("person.hardship", FactType.BOOL, "Hardship")
OVERRIDE = fact("person.override", FactType.BOOL, "Override")
VETO = fact("person.veto", FactType.BOOL, "Veto")

SENTENCES = fact_list(
    "person.sentences",
    "Sentences",
    item={
        "months": ItemField(FactType.INT, "Months", minimum=0),
        "suspended": FactType.BOOL,
        "on": FactType.DATE,
        "fine": ItemField(FactType.DECIMAL, "Fine", unit="DKK"),
    },
)
record = condition(
    "toy.record",
    "Criminal record allows it",
    SRC,
    all_of(
        not_(
            any_of_items(
                SENTENCES,
                (SENTENCES.item("months") >= param("toy.min_months"))
                & (add_years(SENTENCES.item("on"), 5, "round_up") > decision_date()),
            )
        ),
        all_of_items(SENTENCES, SENTENCES.item("suspended") | (SENTENCES.item("months") < 3)),
        count_items(SENTENCES, where=not_(SENTENCES.item("suspended"))) <= 2,
        sum_items(SENTENCES, SENTENCES.item("months"), where=SENTENCES.item("on") < decision_date()) < 36,
        max_items(SENTENCES, SENTENCES.item("fine"), empty=0) <= INCOME,
        min_items(SENTENCES, SENTENCES.item("on"), empty=decision_date()) <= decision_date(),
        sum_items(SENTENCES, SENTENCES.item("fine")) < param("toy.income_floor"),
    ),
)
adult = condition("toy.adult", "Adult", SRC, age_on(BIRTH, decision_date()) >= param("toy.min_age"))
adult_down = condition(
    "toy.adult_down", "Adult (28 Feb rule)", SRC, age_on(BIRTH, decision_date(), "round_down") >= 18
)
resident = condition(
    "toy.resident",
    "Resident long enough",
    SRC,
    whole_months_between(ARRIVED, decision_date(), "round_up") >= param_on("toy.min_months", ARRIVED),
)
deadline = condition(
    "toy.deadline",
    "Applied within the deadline",
    SRC,
    add_months(ARRIVED, 3, "round_down") >= decision_date(),
    in_force=InForce(date(2015, 1, 1), cite("Toy Amendment Act § 1", "https://example.org/amend")),
)
income_ok = condition(
    "toy.income",
    "Income high enough",
    SRC,
    param("toy.income_floor") + param("toy.per_child") * CHILDREN <= INCOME,
    unless=[
        unless("toy.income.hardship", "Hardship", SRC, HARDSHIP, True, 1),
        unless("toy.income.veto", "Veto", SRC, VETO, False, 2),
    ],
)
status_ok = condition("toy.status", "Status allowed", SRC, STATUS.is_in(param("toy.statuses")))
tags_ok = condition("toy.tags", "Tags", SRC, any_of(contains(TAGS, "x"), not_(intersects(TAGS, ["y", "z"]))))
points = condition(
    "toy.points", "2 of 3", SRC, at_least(2, WORKING, status_ok, days_between(ARRIVED, decision_date()) > 400)
)
shifts = condition(
    "toy.shifts",
    "Date shifts compared every way",
    SRC,
    all_of(
        any_of(
            decision_date() > add_years(ARRIVED, param("toy.min_age"), "round_up"),
            add_months(BIRTH, -5, "round_down").eq(decision_date()),
            add_months(ARRIVED, 7, "round_up") >= decision_date(),
        ),
        any_of(
            age_on(BIRTH, decision_date(), "round_down") < 30,
            whole_months_between(ARRIVED, decision_date(), "round_down").eq(13),
            whole_months_between(ARRIVED, decision_date(), "round_up").ne(2),
            param("toy.min_months") <= whole_months_between(BIRTH, decision_date(), "round_up"),
        ),
    ),
)
eligible = condition(
    "toy.eligible",
    "Eligible",
    SRC,
    all_of(
        adult,
        any_of(resident, deadline),
        income_ok,
        points,
        tags_ok,
        adult_down | WORKING,
        shifts | HARDSHIP,
        record,
    ),
    unless=[unless("toy.eligible.override", "Override", SRC, OVERRIDE, True, 5)],
)
amount = computation(
    "toy.amount",
    "Amount",
    SRC,
    if_(WORKING, maximum(INCOME, param("toy.income_floor")), minimum(INCOME * 2, param("toy.per_child"))),
    unit="DKK",
)
months = computation("toy.months", "Months", SRC, whole_months_between(BIRTH, ARRIVED, "round_down"))
share = computation(
    "toy.share", "Share", SRC, round_to(INCOME * param("toy.rate") - param("toy.per_child"), 2, "half_even")
)

PARAMS = {
    "toy.min_age": {
        "label": "Minimum age",
        "type": "int",
        "values": [
            {
                "from": "2000-01-01",
                "until": "2020-01-01",
                "value": 18,
                "status": "in_force",
                "source": {"citation": "Toy Act § 1", "url": "https://example.org/a"},
            },
            {
                "from": "2020-01-01",
                "value": 21,
                "status": "in_force",
                "source": {"citation": "Toy Act § 1 as amended", "url": "https://example.org/b"},
            },
            {
                "from": "2030-01-01",
                "value": 24,
                "status": "proposed",
                "source": {"citation": "Toy Bill", "url": "https://example.org/c"},
            },
        ],
    },
    "toy.min_months": {
        "label": "Minimum months",
        "type": "int",
        "values": [
            {
                "from": "2000-01-01",
                "value": 12,
                "status": "in_force",
                "source": {"citation": "Toy Act § 2", "url": "https://example.org/d"},
            }
        ],
    },
    "toy.income_floor": {
        "label": "Income floor",
        "type": "decimal",
        "unit": "DKK",
        "values": [
            {
                "from": "2000-01-01",
                "until": "2022-01-01",
                "value": "1000.50",
                "status": "in_force",
                "source": {"citation": "Toy Act § 3", "url": "https://example.org/e"},
            },
            {
                "from": "2022-01-01",
                "value": "2000",
                "status": "unverified",
                "source": {"citation": "Toy Act § 3 (2022)", "url": "https://example.org/f"},
            },
        ],
    },
    "toy.per_child": {
        "label": "Per child",
        "type": "decimal",
        "unit": "DKK",
        "values": [
            {
                "from": "2000-01-01",
                "value": "250.25",
                "status": "in_force",
                "source": {"citation": "Toy Act § 4", "url": "https://example.org/g"},
            }
        ],
    },
    "toy.rate": {
        "label": "Rate",
        "type": "decimal",
        "values": [
            {
                "from": "2005-01-01",
                "value": "0.3333",
                "status": "in_force",
                "source": {"citation": "Toy Act § 6", "url": "https://example.org/j"},
            }
        ],
    },
    "toy.statuses": {
        "label": "Statuses",
        "type": "code_set",
        "values": [
            {
                "from": "2000-01-01",
                "until": "2021-01-01",
                "value": ["a", "b"],
                "status": "in_force",
                "source": {"citation": "Toy Act § 5", "url": "https://example.org/h"},
            },
            {
                "from": "2021-01-01",
                "value": ["a"],
                "status": "in_force",
                "source": {"citation": "Toy Act § 5 (2021)", "url": "https://example.org/i"},
            },
        ],
    },
}

#: the toy law: in force from 2001, suspended during 2010, repealed from 2029
WINDOW = InForce(
    date(2001, 1, 1),
    cite("Toy Act § 99 (commencement)", "https://example.org/commence"),
    suspended=date(2010, 1, 1),
    suspended_until=date(2011, 1, 1),
    suspension_citation=cite("Toy Suspension Act § 1", "https://example.org/suspend"),
    repealed=date(2029, 1, 1),
    repeal_citation=cite("Toy Repeal Act § 1", "https://example.org/repeal"),
)

PROGRAM = Program(
    id="toy.eligible",
    title="Toy",
    description="Every construct of the engine",
    root=eligible,
    citation=SRC,
    outputs={"amount": amount, "months": months, "share": share},
)


def build_pack() -> RulePack:
    """The toy pack."""
    program = Program(
        id=PROGRAM.id,
        title=PROGRAM.title,
        description=PROGRAM.description,
        root=PROGRAM.root,
        citation=PROGRAM.citation,
        outputs=PROGRAM.outputs,
        in_force=WINDOW,
    )
    return RulePack(
        id="toy",
        title="Toy",
        version="0",
        parameters=ParameterSet.from_mapping(PARAMS, "toy"),
        programs={program.id: program},
        source_dir=Path(__file__).parent,
    )
