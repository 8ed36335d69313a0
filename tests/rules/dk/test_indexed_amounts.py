"""The yearly Danish amounts derived from the satsreguleringsprocent follow the act's own method.

The spouse guarantee (UL § 9, stk. 4), the guarantee for applications lodged before 1 July 2018 and the
permanent-residence income condition (UL § 11, stk. 4, nr. 3) are amounts the act fixes at one year's level
and indexes each 1 January. Values not read as published figures were derived: the fixed amount times
(1 + the year's percentage) for each year, without rounding between years, rounded to øre. This test
recomputes every such value from the fixed amount and the percentages, and checks that the same method
gives the published figures the parameters cite as read (2020, 2023 and 2024).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest

from migralex.rules.registry import pack

#: Satsreguleringsprocent by finansår: 2013-2016 from KL's list (secondary, only used for the pre-2018
#: chain from its 2012 base), 2017-2026 read in § 1 of the Finance Ministry's orders (BEK 1135/2016,
#: 1015/2017, 1058/2018, 855/2019, 1210/2020, 1713/2021, 1204/2022, 1101/2023, 983/2024, 1056/2025; see
#: the parameters' notes).
PERCENT = {
    2013: "1.6",
    2014: "1.8",
    2015: "1.5",
    2016: "1.4",
    2017: "2.0",
    2018: "2.0",
    2019: "2.0",
    2020: "2.0",
    2021: "2.0",
    2022: "1.2",
    2023: "2.7",
    2024: "3.2",
    2025: "3.6",
    2026: "4.5",
}
#: The 2024 halving (LOV nr. 686/2024) restarts the spouse guarantee at DKK 57,000 (2024 level) for values
#: from 1 July 2024, indexed from 2025.
HALVING = date(2024, 7, 1)
#: (parameter, amount fixed by the act, first year of indexation, values from, values before)
SERIES = [
    ("dk.family_reunification.spouse.guarantee_amount", Decimal("100000"), 2019, date.min, HALVING),
    ("dk.family_reunification.spouse.guarantee_amount", Decimal("57000"), 2025, HALVING, date.max),
    (
        "dk.family_reunification.spouse.guarantee_amount_applications_before_2018_07_01",
        Decimal("50000"),
        2013,
        date.min,
        date.max,
    ),
    ("dk.permanent_residence.income_threshold", Decimal("270000"), 2017, date.min, date.max),
]
#: Published figures read in primary sources (nyidanmark.dk 2020; minister's answer 2023; nyidanmark.dk 2024).
PUBLISHED = {
    ("dk.family_reunification.spouse.guarantee_amount", 2020): Decimal("104040"),
    ("dk.family_reunification.spouse.guarantee_amount", 2023): Decimal("110293.89"),
    ("dk.family_reunification.spouse.guarantee_amount", 2024): Decimal("113823.30"),
    ("dk.family_reunification.spouse.guarantee_amount_applications_before_2018_07_01", 2020): Decimal(
        "57612.43"
    ),
}


def indexed(base: Decimal, first: int, year: int) -> Decimal:
    """The amount at ``year`` level: the base times each year's factor, rounded to øre only at the end."""
    value = base
    for y in range(first, year + 1):
        value *= 1 + Decimal(PERCENT[y]) / 100
    return value.quantize(Decimal("0.01"), ROUND_HALF_UP)


@pytest.mark.parametrize(
    ("param_id", "base", "first", "since", "before"), SERIES, ids=[f"{s[0]}@{s[1]}" for s in SERIES]
)
def test_derived_values_follow_the_indexation(
    param_id: str, base: Decimal, first: int, since: date, before: date
) -> None:
    parameter = pack("dk").parameters[param_id]
    checked = 0
    for value in parameter.values:
        year = value.start.year
        note = value.source.note
        if value.value is None or year not in PERCENT or year < first or "Derived" not in note:
            continue
        if not since <= value.start < before:
            continue
        assert Decimal(str(value.value)) == indexed(base, first, year), (param_id, year)
        checked += 1
    assert checked, f"{param_id}: no derived value checked"


CHECKPOINTS = sorted(PUBLISHED.items())


@pytest.mark.parametrize(("key", "published"), CHECKPOINTS, ids=[f"{k[0]}@{k[1]}" for k, _ in CHECKPOINTS])
def test_the_method_reproduces_the_published_figures(key: tuple[str, int], published: Decimal) -> None:
    param_id, year = key
    base, first = next((b, f) for p, b, f, since, _ in SERIES if p == param_id and since == date.min)
    assert indexed(base, first, year) == published
