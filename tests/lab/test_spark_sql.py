"""The SQL text the native Spark compiler builds (no JVM: the text only; tests/lab/test_spark_native.py
checks that Spark evaluates it as polars does)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from migralex.lab.spark_sql import Sql, functions, quote, sql_of

F = functions


def test_literals_are_typed_as_pyspark_lit_types_them() -> None:
    assert sql_of(None) == "NULL"
    assert sql_of(True) == "true"
    assert sql_of(7) == "7" and sql_of(2**40) == f"{2**40}L"
    assert sql_of(Decimal("1.50")) == "1.50BD" and sql_of(Decimal("1E+3")) == "1000BD"
    assert sql_of(date(2024, 2, 29)) == "DATE'2024-02-29'"
    assert sql_of("it's") == "'it\\'s'"


def test_column_names_with_dots_and_backticks_are_quoted() -> None:
    assert quote("sponsor.birth_date") == "`sponsor.birth_date`"
    assert quote("a`b") == "`a``b`"


def test_kleene_operators_case_chains_and_aliases() -> None:
    a, b = F.col("`a`"), F.col("`b`")
    assert (~(a & b) | a.isNull()).sql == "((NOT (`a` AND `b`)) OR (`a` IS NULL))"
    case = F.when(a > 1, "x").when(b.eqNullSafe(False), None).otherwise(F.lit("y"))
    assert case.sql == "CASE WHEN (`a` > 1) THEN 'x' WHEN (`b` <=> false) THEN NULL ELSE 'y' END"
    assert F.when(a, 1).sql == "CASE WHEN `a` THEN 1 END"
    assert (2 * a).alias("x.y").selected() == "(2 * `a`) AS `x.y`"
    assert a.isin(["p", "q"]).sql == "(`a` IN ('p', 'q'))"


def test_higher_order_functions_get_fresh_lambda_variables() -> None:
    items = F.col("`list`")
    inner = F.transform(F.filter(items, lambda x: x.isNotNull()), lambda x: x.getField("value"))
    total = F.aggregate(inner, F.lit(0), lambda acc, v: acc + v)
    text = total.sql
    assert text.startswith("aggregate(transform(filter(`list`, lv_")
    names = {t for t in text.replace("(", " ").replace(")", " ").replace(",", " ").split() if t[:3] == "lv_"}
    assert len({n.split(".")[0] for n in names}) == 4  # filter, transform and the accumulator pair


def test_an_expression_has_no_truth_value() -> None:
    with pytest.raises(TypeError, match="truth value"):
        bool(Sql("`a`") == 1)
