"""Unit tests of the engine: three-valued logic, dates, exceptions, parameters, facts, reforms."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from migralex.engine import (
    DefinitionError,
    ExceptionConflictError,
    FactError,
    FactType,
    ParameterError,
    ParameterSet,
    Program,
    Reform,
    RulePack,
    all_of,
    any_of,
    assess,
    at_least,
    cite,
    computation,
    condition,
    evaluate_frame,
    fact,
    if_,
    not_,
    param,
    recorded,
    round_to,
    unless,
)
from migralex.engine import dates as d
from migralex.engine.backends.polars import pl_whole_months_between
from migralex.engine.values import Value

SRC = cite("Test Act § 1", "https://example.org/test")
A = fact("t.a", FactType.BOOL, "A")
B = fact("t.b", FactType.BOOL, "B")
C = fact("t.c", FactType.BOOL, "C")
N = fact("t.n", FactType.INT, "N")


def pack_of(
    root: Any, params: dict[str, Any] | None = None, outputs: dict[str, Any] | None = None
) -> Program:
    program = Program("t.p", "Test", "test", root, SRC, outputs or {})
    RulePack(
        "t", "Test", "0", ParameterSet.from_mapping(params or {}), {"t.p": program}, Path(__file__).parent
    )
    return program


def both(program: Program, facts: dict[str, Value], on: date = date(2025, 1, 1)) -> str:
    """Outcome from both evaluators, checked to agree."""
    single = assess(program, facts, on).outcome
    specs = program.fact_specs()
    frame = pl.DataFrame(
        {k: [facts.get(k)] for k in specs}, schema={k: s.polars_dtype() for k, s in specs.items()}
    )
    batch = evaluate_frame(program, frame, on=on, columns="outcome")["outcome"][0]
    assert single == batch
    return single


TRI = [True, False, None]


@pytest.mark.parametrize("a", TRI)
@pytest.mark.parametrize("b", TRI)
def test_kleene_tables(a: bool | None, b: bool | None) -> None:
    def kleene_and(x: bool | None, y: bool | None) -> bool | None:
        if x is False or y is False:
            return False
        return None if x is None or y is None else True

    def kleene_or(x: bool | None, y: bool | None) -> bool | None:
        if x is True or y is True:
            return True
        return None if x is None or y is None else False

    out = {True: "eligible", False: "ineligible", None: "unknown"}
    facts: dict[str, Value] = {"t.a": a, "t.b": b}
    assert both(pack_of(condition("t.and", "and", SRC, all_of(A, B))), facts) == out[kleene_and(a, b)]
    assert both(pack_of(condition("t.or", "or", SRC, any_of(A, B))), facts) == out[kleene_or(a, b)]
    assert both(pack_of(condition("t.not", "not", SRC, not_(A))), facts) == out[None if a is None else not a]


def test_at_least_decides_as_soon_as_it_can() -> None:
    program = pack_of(condition("t.k", "2 of 3", SRC, at_least(2, A, B, C)))
    assert both(program, {"t.a": True, "t.b": True}) == "eligible"  # C unknown does not matter
    assert both(program, {"t.a": False, "t.b": False}) == "ineligible"
    assert both(program, {"t.a": True, "t.b": False}) == "unknown"
    assert assess(program, {"t.a": True, "t.b": False}, date(2025, 1, 1)).missing_facts == ["t.c"]


def test_missing_facts_only_lists_what_could_change_the_outcome() -> None:
    program = pack_of(condition("t.x", "x", SRC, all_of(A, any_of(B, C))))
    decision = assess(program, {"t.b": True}, date(2025, 1, 1))
    assert decision.outcome == "unknown"
    assert decision.missing_facts == ["t.a"]  # C cannot change anything once B holds
    assert assess(program, {"t.a": False}, date(2025, 1, 1)).missing_facts == []


class TestDates:
    def test_leap_day_birthday_rules(self) -> None:
        born = date(2000, 2, 29)
        assert d.whole_years_between(born, date(2001, 2, 28), "round_down") == 1
        assert d.whole_years_between(born, date(2001, 2, 28), "round_up") == 0
        assert d.whole_years_between(born, date(2001, 3, 1), "round_up") == 1
        assert d.whole_years_between(born, date(2004, 2, 29), "round_up") == 4

    def test_month_end_rules(self) -> None:
        assert d.add_months(date(2023, 1, 31), 1, "round_down") == date(2023, 2, 28)
        assert d.add_months(date(2023, 1, 31), 1, "round_up") == date(2023, 3, 1)
        assert d.add_months(date(2024, 1, 31), 1, "round_down") == date(2024, 2, 29)
        assert d.add_months(date(2024, 3, 31), -1, "round_down") == date(2024, 2, 29)
        assert d.whole_months_between(date(2023, 1, 31), date(2023, 2, 28), "round_down") == 1
        assert d.whole_months_between(date(2023, 1, 31), date(2023, 2, 28), "round_up") == 0

    def test_negative_spans(self) -> None:
        assert d.whole_years_between(date(2025, 6, 1), date(2024, 6, 1), "round_down") == -1
        assert d.whole_years_between(date(2025, 6, 1), date(2024, 6, 2), "round_down") == -1

    def test_polars_matches_python_on_every_day_of_a_leap_cycle(self) -> None:
        starts = [date(2000, 2, 29), date(2001, 1, 31), date(1999, 12, 31), date(2003, 8, 30)]
        ends = [date(2003, 1, 1) + (date(2003, 1, 2) - date(2003, 1, 1)) * i for i in range(0, 1500, 7)]
        rows = [(s, e) for s in starts for e in ends]
        frame = pl.DataFrame({"s": [r[0] for r in rows], "e": [r[1] for r in rows]})
        for rule in d.MONTH_END_RULES:
            got = frame.select(pl_whole_months_between(pl.col("s"), pl.col("e"), rule).alias("m"))["m"]
            want = [d.whole_months_between(s, e, rule) for s, e in rows]
            assert got.to_list() == want


class TestExceptions:
    def test_exception_replaces_the_default(self) -> None:
        program = pack_of(condition("t.x", "x", SRC, A, unless=[unless("t.x.u", "U", SRC, B, True)]))
        assert both(program, {"t.a": False, "t.b": True}) == "eligible"
        assert both(program, {"t.a": False, "t.b": False}) == "ineligible"
        # an exception that cannot change the value does not make the case unknown
        assert both(program, {"t.a": True}) == "eligible"
        assert both(program, {"t.a": False}) == "unknown"
        assert assess(program, {"t.a": False}, date(2025, 1, 1)).missing_facts == ["t.b"]

    def test_higher_priority_wins(self) -> None:
        program = pack_of(
            condition(
                "t.x",
                "x",
                SRC,
                A,
                unless=[unless("t.x.lo", "low", SRC, B, True, 1), unless("t.x.hi", "high", SRC, C, False, 2)],
            )
        )
        assert both(program, {"t.a": False, "t.b": True, "t.c": True}) == "ineligible"
        assert both(program, {"t.a": False, "t.b": True, "t.c": False}) == "eligible"

    def test_same_priority_conflict_is_an_error_in_both_evaluators(self) -> None:
        program = pack_of(
            condition(
                "t.x",
                "x",
                SRC,
                A,
                unless=[
                    unless("t.x.one", "one", SRC, B, True, 1),
                    unless("t.x.two", "two", SRC, C, False, 1),
                ],
            )
        )
        facts: dict[str, Value] = {"t.a": True, "t.b": True, "t.c": True}
        with pytest.raises(ExceptionConflictError, match=r"t\.x"):
            assess(program, facts, date(2025, 1, 1))
        frame = pl.DataFrame({"t.a": [True, True], "t.b": [True, False], "t.c": [True, False]})
        with pytest.raises(ExceptionConflictError, match="1 rows"):
            evaluate_frame(program, frame, on=date(2025, 1, 1))
        # a higher-priority exception that applies settles the conflict below it
        settled = pack_of(
            condition(
                "t.y",
                "y",
                SRC,
                A,
                unless=[
                    unless("t.y.one", "one", SRC, B, True, 1),
                    unless("t.y.two", "two", SRC, C, False, 1),
                    unless("t.y.top", "top", SRC, A, True, 9),
                ],
            )
        )
        assert both(settled, facts) == "eligible"


PARAMS = {
    "t.min": {
        "label": "Minimum",
        "type": "int",
        "values": [
            {
                "from": "2020-01-01",
                "value": 3,
                "status": "in_force",
                "source": {"citation": "Act", "url": "https://e.org/1"},
            },
            {
                "from": "2026-01-01",
                "value": 5,
                "status": "proposed",
                "source": {"citation": "Bill", "url": "https://e.org/2"},
            },
        ],
    },
    "t.amount": {
        "label": "Amount",
        "type": "decimal",
        "unit": "DKK",
        "values": [
            {
                "from": "2020-01-01",
                "until": "2024-01-01",
                "value": "100.50",
                "status": "in_force",
                "source": {"citation": "Act", "url": "https://e.org/3"},
            },
            {
                "from": "2024-01-01",
                "value": None,
                "status": "unverified",
                "source": {"citation": "Act, level not found", "url": "https://e.org/4"},
            },
        ],
    },
}


class TestParameters:
    def test_values_are_read_as_of_the_decision_date_and_proposed_values_are_not_law(self) -> None:
        program = pack_of(condition("t.x", "x", SRC, param("t.min") <= N), PARAMS)
        assert both(program, {"t.n": 4}, date(2025, 6, 1)) == "eligible"
        assert both(program, {"t.n": 4}, date(2027, 6, 1)) == "eligible"  # 5 is only proposed
        # before the first value the law as encoded says nothing: unknown, with a warning, in both evaluators
        assert both(program, {"t.n": 4}, date(2019, 1, 1)) == "unknown"
        decision = assess(program, {"t.n": 4}, date(2019, 1, 1))
        assert decision.warnings == ["parameter t.min has no value in force on 2019-01-01"]
        assert decision.to_json()["conditions"][0]["parameters"]["t.min"]["status"] == "not_in_force"

    def test_a_proposal_put_in_force_wins_over_a_value_starting_the_same_day(self) -> None:
        same_day = {
            "t.years": {
                "label": "Years",
                "type": "int",
                "values": [
                    {
                        "from": "2020-01-01",
                        "value": 5,
                        "status": "in_force",
                        "source": {"citation": "A", "url": "u"},
                    },
                    {
                        "from": "2020-01-01",
                        "value": 20,
                        "status": "proposed",
                        "source": {"citation": "B", "url": "u"},
                    },
                ],
            }
        }
        years = computation("t.out", "Years", SRC, param("t.years"))
        program = pack_of(condition("t.x", "x", SRC, N >= 0), same_day, {"years": years})
        reform = Reform("t.r", "R", "", "t", "proposed", SRC, activate_proposed=("t.years",))
        on = date(2024, 1, 1)
        assert assess(program, {"t.n": 1}, on, reform).outputs["years"].value == 20
        frame = pl.DataFrame({"t.n": [1], "d": [on]})
        by_row = evaluate_frame(program, frame, date_column="d", reforms=[reform], include_baseline=False)
        fixed = evaluate_frame(program, frame, on=on, reforms=[reform], include_baseline=False)
        assert by_row["years"][0] == fixed["years"][0] == 20

    def test_unknown_bool_and_code_set_parameters_stay_unknown_in_batch(self) -> None:
        unknown = {
            "t.flag": {
                "label": "Flag",
                "type": "bool",
                "values": [
                    {
                        "from": "2020-01-01",
                        "value": None,
                        "status": "unverified",
                        "source": {"citation": "A", "url": "u"},
                    }
                ],
            },
            "t.codes": {
                "label": "Codes",
                "type": "code_set",
                "values": [
                    {
                        "from": "2020-01-01",
                        "value": None,
                        "status": "unverified",
                        "source": {"citation": "A", "url": "u"},
                    }
                ],
            },
        }
        kind = fact("t.kind", FactType.CODE, "Kind", codes=("p", "q"))
        program = pack_of(
            condition("t.x", "x", SRC, any_of(not_(param("t.flag")), kind.is_in(param("t.codes")))), unknown
        )
        assert both(program, {"t.kind": "p"}) == "unknown"
        frame = pl.DataFrame({"t.kind": ["p"], "d": [date(2025, 1, 1)]})
        assert evaluate_frame(program, frame, date_column="d")["outcome"][0] == "unknown"

    def test_money_arithmetic_rounds_the_same_way_in_both_evaluators(self) -> None:
        money = fact("t.money", FactType.DECIMAL, "Money", unit="DKK")
        share = computation("t.share", "Share", SRC, money * Decimal("0.5"))
        rounded = computation("t.rounded", "Rounded", SRC, round_to(money * Decimal("0.1111"), 2, "half_up"))
        program = pack_of(condition("t.x", "x", SRC, money >= 0), None, {"share": share, "rounded": rounded})
        for amount in ("0.0001", "0.0003", "-0.0001", "1234.5678", "0.045"):
            facts: dict[str, Value] = {"t.money": Decimal(amount)}
            single = assess(program, facts, date(2025, 1, 1))
            frame = pl.DataFrame({"t.money": [Decimal(amount)]}, schema={"t.money": pl.Decimal(38, 4)})
            rec = evaluate_frame(program, frame, on=date(2025, 1, 1)).row(0, named=True)
            assert rec["share"] == single.outputs["share"].value, amount
            assert rec["rounded"] == single.outputs["rounded"].value, amount
        assert assess(program, {"t.money": Decimal("0.0001")}, date(2025, 1, 1)).outputs["share"].value == 0
        assert assess(program, {"t.money": Decimal("45")}, date(2025, 1, 1)).outputs[
            "rounded"
        ].value == Decimal("5.00")

    def test_an_unverified_unknown_amount_makes_the_result_unknown(self) -> None:
        money = fact("t.money", FactType.DECIMAL, "Money", unit="DKK")
        program = pack_of(condition("t.x", "x", SRC, money >= param("t.amount")), PARAMS)
        assert both(program, {"t.money": Decimal("100.50")}, date(2023, 1, 1)) == "eligible"
        decision = assess(program, {"t.money": Decimal("100.50")}, date(2024, 1, 1))
        assert decision.outcome == "unknown"
        entry = decision.to_json()["conditions"][0]["parameters"]["t.amount"]
        assert entry["status"] == "unverified" and entry["value"] is None

    @pytest.mark.parametrize(
        ("bad", "message"),
        [
            (
                {
                    "label": "x",
                    "type": "int",
                    "values": [
                        {"from": "2020-01-01", "value": 1, "status": "in_force", "source": {"citation": "A"}}
                    ],
                },
                "public 'url'",
            ),
            (
                {
                    "label": "x",
                    "type": "int",
                    "values": [
                        {
                            "from": "2020-01-01",
                            "value": 1,
                            "status": "maybe",
                            "source": {"citation": "A", "url": "u"},
                        }
                    ],
                },
                "status",
            ),
            (
                {
                    "label": "x",
                    "type": "decimal",
                    "values": [
                        {
                            "from": "2020-01-01",
                            "value": 1.5,
                            "status": "in_force",
                            "source": {"citation": "A", "url": "u"},
                        }
                    ],
                },
                "strings",
            ),
            (
                {
                    "label": "x",
                    "type": "int",
                    "values": [
                        {
                            "from": "2020-01-01",
                            "until": "2022-01-01",
                            "value": 1,
                            "status": "in_force",
                            "source": {"citation": "A", "url": "u"},
                        },
                        {
                            "from": "2021-01-01",
                            "value": 2,
                            "status": "in_force",
                            "source": {"citation": "A", "url": "u"},
                        },
                    ],
                },
                "overlaps",
            ),
            (
                {
                    "label": "x",
                    "type": "int",
                    "values": [
                        {
                            "from": "2020-01-01",
                            "value": None,
                            "status": "in_force",
                            "source": {"citation": "A", "url": "u"},
                        }
                    ],
                },
                "unverified",
            ),
        ],
    )
    def test_malformed_parameters_are_refused_with_the_reason(
        self, bad: dict[str, Any], message: str
    ) -> None:
        with pytest.raises(ParameterError, match=message):
            ParameterSet.from_mapping({"t.bad": bad}, "test.yaml")


class TestFacts:
    program = pack_of(condition("t.x", "x", SRC, all_of(A, N >= 1)))

    @pytest.mark.parametrize(
        ("raw", "field", "problem"),
        [
            ({"t.a": "yes"}, "t.a", "true or false"),
            ({"t.n": "3"}, "t.n", "whole number"),
            ({"t.n": True}, "t.n", "whole number"),
            ({"t.z": 1}, "t.z", "unknown fact id"),
        ],
    )
    def test_bad_facts_name_the_field(self, raw: dict[str, Any], field: str, problem: str) -> None:
        with pytest.raises(FactError) as info:
            self.program.parse_facts(raw)
        assert info.value.field == field and problem in info.value.problem

    def test_impossible_dates_and_unknown_codes(self) -> None:
        born = fact("t.born", FactType.DATE, "Born")
        kind = fact("t.kind", FactType.CODE, "Kind", codes=("p", "q"))
        program = pack_of(condition("t.y", "y", SRC, all_of(born.ne(date(2000, 1, 1)), kind.is_in(["p"]))))
        with pytest.raises(FactError, match=r"t\.born: not a valid date"):
            program.parse_facts({"t.born": "2025-02-30"})
        with pytest.raises(FactError, match="unknown code 'r'"):
            program.parse_facts({"t.kind": "r"})
        assert program.parse_facts({"t.born": None}) == {"t.born": None}


def test_reform_overrides_and_replacements_without_copying_the_pack() -> None:
    base_cond = condition("t.x", "x", SRC, param("t.min") <= N)
    program = pack_of(condition("t.root", "root", SRC, all_of(base_cond, A)), PARAMS)
    pack = program.pack
    assert pack is not None
    stricter = Reform(
        "t.stricter",
        "Stricter",
        "Uses the proposed minimum",
        "t",
        "proposed",
        SRC,
        activate_proposed=("t.min",),
    )
    replaced = Reform(
        "t.replace",
        "Replace",
        "Drops the bool",
        "t",
        "proposed",
        SRC,
        replacements={"t.root": condition("t.root", "root v2", SRC, base_cond)},
    )
    facts: dict[str, Value] = {"t.n": 4, "t.a": False}
    on = date(2027, 1, 1)
    assert assess(program, facts, on).outcome == "ineligible"
    assert assess(program, facts, on, stricter).outcome == "ineligible"
    assert assess(program, {"t.n": 4, "t.a": True}, on, stricter).outcome == "ineligible"
    assert assess(program, facts, on, replaced).outcome == "eligible"
    frame = pl.DataFrame({"t.n": [4, 6, None], "t.a": [False, True, True]})
    df = evaluate_frame(program, frame, on=on, reforms=[stricter, replaced])
    assert df["baseline/outcome"].to_list() == ["ineligible", "eligible", "unknown"]
    assert df["t.stricter/outcome"].to_list() == ["ineligible", "eligible", "unknown"]
    assert df["t.replace/outcome"].to_list() == ["eligible", "eligible", "unknown"]
    # the pack itself is untouched
    assert program.root.label == "root" and "t.min" in pack.parameters


def test_rule_pack_hash_is_stable() -> None:
    from migralex.rules.registry import packs

    dk = packs()["dk"]
    assert len(dk.hash) == 64 and dk.hash == dk.hash
    assert dk.info() == {"id": "dk", "version": dk.version, "hash": dk.hash}


def test_recorded_is_unknown_until_the_fact_is_on_file() -> None:
    program = pack_of(condition("t.x", "x", SRC, all_of(recorded(A), recorded(N))))
    assert both(program, {"t.a": False, "t.n": 0}) == "eligible"
    assert both(program, {"t.a": False}) == "unknown"
    assert assess(program, {"t.a": False}, date(2025, 1, 1)).missing_facts == ["t.n"]


def test_a_choice_on_an_unknown_test_is_known_when_both_branches_agree() -> None:
    out = computation("t.v", "v", SRC, if_(A, N, 3))
    program = pack_of(condition("t.x", "x", SRC, N >= 0), None, {"v": out})
    for facts, want in (
        ({"t.n": 3}, 3),
        ({"t.n": 4}, None),
        ({"t.a": True, "t.n": 4}, 4),
        ({"t.a": False}, 3),
    ):
        single = assess(program, facts, date(2025, 1, 1)).outputs["v"].value
        frame = pl.DataFrame(
            {"t.a": [facts.get("t.a")], "t.n": [facts.get("t.n")]},
            schema={"t.a": pl.Boolean, "t.n": pl.Int64},
        )
        batch = evaluate_frame(program, frame, on=date(2025, 1, 1))["v"][0]
        assert single == batch == want, facts


def test_a_node_read_twice_is_shown_once_under_its_parent() -> None:
    child = condition("t.child", "child", SRC, A)
    program = pack_of(condition("t.x", "x", SRC, any_of(all_of(child, B), all_of(child, C))))
    decision = assess(program, {"t.a": True, "t.b": True}, date(2025, 1, 1))
    assert [c.node.id for c in decision.root.children] == ["t.child"]


def test_output_names_may_not_clash_with_the_outcome_column() -> None:
    with pytest.raises(DefinitionError, match="'outcome' is reserved"):
        Program(
            "t.p2", "T", "t", condition("t.y", "y", SRC, A), SRC, {"outcome": condition("t.z", "z", SRC, B)}
        )


def test_deciding_failures_are_the_deepest_false_conditions_on_the_path() -> None:
    a, b, c = (condition(f"t.{x}", x, SRC, f) for x, f in (("a", A), ("b", B), ("c", C)))
    either = condition("t.either", "either", SRC, any_of(a, b))
    program = pack_of(condition("t.x", "x", SRC, all_of(either, c)))
    decision = assess(program, {"t.a": False, "t.b": False, "t.c": True}, date(2025, 1, 1))
    assert [r.node.id for r in decision.deciding_failures()] == ["t.a", "t.b"]
    decision = assess(program, {"t.a": True, "t.b": False, "t.c": False}, date(2025, 1, 1))
    assert [r.node.id for r in decision.deciding_failures()] == ["t.c"]
    assert assess(program, {"t.a": True, "t.c": True}, date(2025, 1, 1)).deciding_failures() == []


def test_a_population_column_of_the_wrong_type_is_a_fact_error() -> None:
    program = pack_of(condition("t.x", "x", SRC, N >= 1))
    with pytest.raises(FactError, match=r"population: .*t\.n"):
        evaluate_frame(program, pl.DataFrame({"t.n": ["three"]}), on=date(2025, 1, 1))
