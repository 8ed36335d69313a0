"""Appeal deadlines at boundary dates: a time limit ending on a Saturday, a Sunday or a public holiday.

No primary text was found that moves these deadlines to the next working day (UK: SI 2014/2604 rules 1(4)
and 11 not in any stored copy; Denmark: nothing in udlændingeloven, forvaltningsloven or retsplejeloven
found; see :mod:`migralex.rules.appeals`), so the last day is exactly the period after the start. These
tests pin that: a shift must be added deliberately, with its source, when the text is found.
"""

from __future__ import annotations

from datetime import date

import pytest

from migralex.rules.appeals import AppealQuery, appeal_route
from migralex.rules.families import ProgramFamily

SATURDAY, SUNDAY = 5, 6


@pytest.mark.parametrize(
    ("notified", "deadline", "weekday"),
    [
        (date(2025, 3, 1), date(2025, 4, 26), SATURDAY),  # 8 weeks after a Saturday: a Saturday
        (date(2025, 3, 2), date(2025, 4, 27), SUNDAY),
        (date(2025, 10, 30), date(2025, 12, 25), 3),  # Christmas Day (a Thursday)
        (date(2025, 2, 28), date(2025, 4, 25), 4),  # a Friday: a working day either way
    ],
)
def test_a_danish_complaint_deadline_is_eight_weeks_even_on_a_weekend_or_holiday(
    notified: date, deadline: date, weekday: int
) -> None:
    query = AppealQuery("refusal", notified)
    route = appeal_route("dk", ProgramFamily.FAMILY_REUNIFICATION, query)
    assert route.kind == "complaint"
    assert (route.deadline, route.deadline.weekday() if route.deadline else None) == (deadline, weekday)


def test_a_judgment_appeal_deadline_ending_on_a_sunday_stays_on_the_sunday() -> None:
    query = AppealQuery("expulsion", date(2025, 3, 2), decided_on=date(2025, 3, 2))
    route = appeal_route("dk", ProgramFamily.EXPULSION, query)
    assert route.deadline == date(2025, 3, 16) and route.deadline.weekday() == SUNDAY


@pytest.mark.parametrize(
    ("sent", "deadline"),
    [
        (date(2025, 4, 4), date(2025, 4, 18)),  # Good Friday
        (date(2025, 12, 11), date(2025, 12, 25)),  # Christmas Day
        (date(2025, 3, 1), date(2025, 3, 15)),  # a Saturday
    ],
)
def test_a_uk_in_country_appeal_deadline_is_fourteen_days_after_sending_on_any_day(
    sent: date, deadline: date
) -> None:
    route = appeal_route("uk", ProgramFamily.ASYLUM, AppealQuery("refusal", sent, in_country=True))
    assert route.kind == "tribunal" and route.runs_from == "sent"
    assert route.deadline == deadline
