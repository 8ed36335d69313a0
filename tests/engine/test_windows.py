"""In-force windows: a date outside a program's life decides ``not_in_force``, citing why, in both evaluators.
(A toy law, not real law.)"""

from __future__ import annotations

from datetime import date

import polars as pl

from migralex.engine import assess, evaluate_frame
from migralex.engine.explain import render_text

from .toy import WINDOW, build_pack

TOY = build_pack().programs["toy.eligible"]
FACTS = {"person.working": True, "person.income": None}


def test_before_commencement_is_not_in_force_with_the_commencement_citation() -> None:
    d = assess(TOY, FACTS, date(2000, 12, 31))
    assert d.outcome == "not_in_force"
    assert d.out_of_force is not None and d.out_of_force.citation is WINDOW.citation
    assert d.missing_facts == [] and d.unknown_parameters == [] and d.outputs == {}
    js = d.to_json()
    assert js["outcome"] == "not_in_force" and js["outcome_label"] == "not_in_force"
    assert js["not_in_force"]["reason"] == "not_commenced"
    assert js["not_in_force"]["citation"]["citation"] == "Toy Act § 99 (commencement)"
    text = render_text(d)
    assert "NOT_IN_FORCE" in text and "commences 2001-01-01" in text and "Toy Act § 99" in text
    assert "ask next" not in text


def test_suspension_and_repeal_cite_their_own_acts() -> None:
    suspended = assess(TOY, FACTS, date(2010, 6, 1))
    assert suspended.outcome == "not_in_force" and suspended.out_of_force is not None
    assert suspended.out_of_force.citation.text == "Toy Suspension Act § 1"
    assert assess(TOY, FACTS, date(2011, 1, 1)).outcome != "not_in_force"
    repealed = assess(TOY, FACTS, date(2029, 1, 1))
    assert repealed.out_of_force is not None and repealed.out_of_force.citation.text == "Toy Repeal Act § 1"


def test_batch_outcome_per_row_date_and_fixed_date() -> None:
    days = [date(2000, 12, 31), date(2005, 1, 1), date(2010, 6, 1), date(2029, 1, 1)]
    specs = TOY.fact_specs()
    frame = pl.DataFrame(
        {k: [FACTS.get(k)] * len(days) for k in specs}, schema={k: s.polars_dtype() for k, s in specs.items()}
    ).with_columns(pl.Series("on", days, dtype=pl.Date))
    batch = evaluate_frame(TOY, frame, date_column="on")
    assert batch["outcome"].to_list() == [assess(TOY, FACTS, d).outcome for d in days]
    assert batch["outcome"].to_list()[0] == "not_in_force" and batch["amount"][0] is None
    fixed = evaluate_frame(TOY, frame.drop("on"), on=date(2000, 1, 1), columns="outcome")
    assert set(fixed["outcome"].to_list()) == {"not_in_force"}


def test_a_route_outside_its_window_is_false_and_says_why() -> None:
    facts = {"person.arrival_date": "2005-01-01"}
    d = assess(TOY, TOY.parse_facts(facts), date(2005, 2, 1))
    route = d.condition("toy.deadline")
    assert route is not None and route.value is False and route.out_of_force is not None
    assert route.as_dict()["not_in_force"]["citation"]["citation"] == "Toy Amendment Act § 1"
    later = assess(TOY, TOY.parse_facts(facts | {"person.arrival_date": "2016-01-01"}), date(2016, 2, 1))
    route = later.condition("toy.deadline")
    assert route is not None and route.value is True and route.out_of_force is None
