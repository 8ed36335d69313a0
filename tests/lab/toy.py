"""A three-condition toy program and a reform of it, for hand-computed lab results (not law)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from migralex.engine import (
    FactType,
    ParameterSet,
    Program,
    Reform,
    RulePack,
    age_on,
    all_of,
    cite,
    condition,
    decision_date,
    fact,
    param,
)

SRC = cite("Toy Act § 1", "https://example.org/toy-act")
ON = date(2025, 1, 1)

BIRTH = fact("person.birth_date", FactType.DATE, "Birth date")
ENROLLED = fact("person.enrolled", FactType.BOOL, "Enrolled")
STATUS = fact("person.residence_status", FactType.CODE, "Status", codes=("citizen", "refugee", "other"))

adult = condition(
    "toy.lab.adult",
    "At least the minimum age",
    SRC,
    age_on(BIRTH, decision_date()) >= param("toy.lab.min_age"),
)
enrolled = condition("toy.lab.enrolled", "Enrolled", SRC, ENROLLED)
status = condition("toy.lab.status", "Citizen or refugee", SRC, STATUS.is_in(["citizen", "refugee"]))
root = condition("toy.lab", "Eligible for the toy benefit", SRC, all_of(adult, enrolled, status))


def _param(value: int) -> dict[str, Any]:
    return {
        "label": "Minimum age",
        "type": "int",
        "values": [
            {
                "from": "2000-01-01",
                "value": value,
                "status": "in_force",
                "source": {"citation": "Toy Act § 1", "url": SRC.url},
            }
        ],
    }


def program() -> Program:
    """The toy program in its own pack ``toylab``."""
    prog = Program("toylab.benefit", "Toy benefit", "Adult, enrolled, citizen or refugee.", root, SRC)
    RulePack(
        "toylab",
        "Toy",
        "1",
        ParameterSet.from_mapping({"toy.lab.min_age": _param(18)}),
        {prog.id: prog},
        Path(__file__).parent,
    )
    return prog


def reform(min_age: int = 16) -> Reform:
    """Lower the minimum age."""
    return Reform(
        id=f"min_age_{min_age}",
        title=f"Minimum age {min_age}",
        description="",
        base="toylab",
        status="proposed",
        citation=SRC,
        parameters=ParameterSet.from_mapping({"toy.lab.min_age": _param(min_age)}),
    )


def frame() -> pl.DataFrame:
    """Eight persons; ages on ON in the comment."""
    return pl.DataFrame(
        {
            "person_id": list(range(8)),
            "nationality": ["A", "A", "B", "B", "A", "B", "A", "B"],
            "person.birth_date": [
                date(2000, 1, 1),  # 25
                date(2008, 6, 1),  # 16
                date(1990, 1, 1),  # 35
                None,  # unknown
                date(2010, 1, 1),  # 15
                date(1980, 1, 1),  # 45
                date(2007, 1, 2),  # 17
                date(1970, 1, 1),  # 55
            ],
            "person.enrolled": [True, True, False, True, True, None, True, False],
            "person.residence_status": [
                "citizen",
                "refugee",
                "citizen",
                "refugee",
                "other",
                "refugee",
                "citizen",
                "other",
            ],
        }
    )


RESIDENT = fact("person.resident_years", FactType.INT, "Years of residence")
resident = condition("toy.lab.resident", "Resident for two years", SRC, RESIDENT >= 2)
new_root = condition(
    "toy.lab.reformed", "Eligible under the reformed toy rules", SRC, all_of(status, adult, resident)
)


def root_reform() -> Reform:
    """Replace the root: drop enrolment, add a residence condition, reorder (status first)."""
    return Reform(
        id="new_root",
        title="A new root",
        description="",
        base="toylab",
        status="proposed",
        citation=SRC,
        parameters=ParameterSet(),
        replacements={root.id: new_root},
    )
