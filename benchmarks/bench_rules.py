"""The benchmark rule set: the Danish spouse-reunification core, written four ways.

1. as a migralex program (evaluated by the batch and the single-case evaluators),
2. as a plain Python function per person,
3. as openfisca-core variables (the named baseline).

The rules mirror ``dk.family_reunification.spouse`` (24-year rule, sponsor category with the § 7(3) waiting
period, no public assistance for 3 years, guarantee, dwelling size) on one decision date. The population is
complete (no unknown facts) so that OpenFisca, which has no notion of unknown, computes the same thing.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from migralex.engine import (
    FactType,
    ParameterSet,
    Program,
    RulePack,
    add_years,
    age_on,
    all_of,
    any_of,
    cite,
    condition,
    decision_date,
    fact,
    not_,
    param,
    unless,
)
from migralex.engine.dates import add_months, whole_years_between
from migralex.rules.dk.common import RESIDENCE_STATUSES as DK_STATUSES

ON = date(2025, 3, 1)
SRC = cite("Udlændingeloven § 9 (benchmark copy)", "https://www.retsinformation.dk/eli/lta/2024/1009")
#: The statuses the benchmark's own populations draw from (a subset of the Danish pack's status list).
STATUSES = ("danish_citizen", "permanent_resident", "refugee_convention", "temporary_protection", "other")

SB = fact("sponsor.birth_date", FactType.DATE, "Sponsor birth date")
AB = fact("applicant.birth_date", FactType.DATE, "Applicant birth date")
# The fact takes the pack's whole status list, so the lab's population generator knows it for a status.
ST = fact("sponsor.residence_status", FactType.CODE, "Status", codes=DK_STATUSES)
PR = fact("sponsor.permanent_residence_since", FactType.DATE, "PR since")
TP = fact("sponsor.protection_granted_on", FactType.DATE, "Protection since")
EX = fact("case.exceptional_circumstances", FactType.BOOL, "Exceptional")
DI = fact("case.age_requirement_dispensation", FactType.BOOL, "Dispensation")
RA = fact("sponsor.has_received_public_assistance", FactType.BOOL, "Received assistance")
LA = fact("sponsor.last_public_assistance_date", FactType.DATE, "Last assistance")
GU = fact("sponsor.financial_guarantee_provided", FactType.BOOL, "Guarantee")
HP = fact("housing.persons", FactType.INT, "Persons")
HR = fact("housing.living_rooms", FactType.INT, "Rooms")
HA = fact("housing.floor_area_m2", FactType.INT, "Area")

P = "bench.spouse"
sponsor_age = condition(
    f"{P}.sponsor_age", "Sponsor 24", SRC, age_on(SB, decision_date()) >= param("min_age")
)
applicant_age = condition(
    f"{P}.applicant_age", "Applicant 24", SRC, age_on(AB, decision_date()) >= param("min_age")
)
both_24 = condition(
    f"{P}.both_24",
    "Both 24",
    SRC,
    all_of(sponsor_age, applicant_age),
    unless=[unless(f"{P}.disp", "D", SRC, DI)],
)
citizen = condition(
    f"{P}.citizen", "Citizen/refugee", SRC, ST.is_in(["danish_citizen", "refugee_convention"])
)
pr3 = condition(
    f"{P}.pr3",
    "PR 3 years",
    SRC,
    all_of(ST.eq("permanent_resident"), add_years(PR, param("pr_years"), "round_down") < decision_date()),
)
tp_wait = condition(
    f"{P}.tp_wait",
    "7(3) wait",
    SRC,
    all_of(ST.eq("temporary_protection"), add_years(TP, param("tp_wait"), "round_down") <= decision_date()),
    unless=[unless(f"{P}.exc", "E", SRC, all_of(ST.eq("temporary_protection"), EX))],
)
category = condition(f"{P}.category", "Category", SRC, any_of(citizen, pr3, tp_wait))
no_assist = condition(
    f"{P}.no_assistance",
    "No assistance",
    SRC,
    any_of(not_(RA), add_years(LA, param("assist_years"), "round_down") <= decision_date()),
)
guarantee = condition(f"{P}.guarantee", "Guarantee", SRC, GU)
housing = condition(f"{P}.housing", "Housing size", SRC, any_of(HP <= HR * 2, HA >= HP * 20))
eligible = condition(P, "Eligible", SRC, all_of(category, both_24, no_assist, guarantee, housing))
N_CONDITIONS = 11


def _param(value: int) -> dict[str, Any]:
    return {
        "label": "bench",
        "type": "int",
        "values": [
            {
                "from": "2018-07-01",
                "value": value,
                "status": "in_force",
                "source": {"citation": "UL § 9", "url": SRC.url},
            }
        ],
    }


def program() -> Program:
    """The benchmark program inside its own rule pack."""
    prog = Program(P, "Benchmark spouse rules", "", eligible, SRC)
    params = {"min_age": _param(24), "pr_years": _param(3), "tp_wait": _param(2), "assist_years": _param(3)}
    RulePack("bench", "Bench", "1", ParameterSet.from_mapping(params), {P: prog}, Path(__file__).parent)
    return prog


# --- the population ------------------------------------------------------------------------------


def population(n: int, seed: int = 7) -> dict[str, np.ndarray]:
    """Complete synthetic facts as numpy arrays (dates as datetime64[D])."""
    rng = np.random.default_rng(seed)

    def dates(lo: str, hi: str) -> np.ndarray:
        a, b = np.datetime64(lo, "D").astype(np.int64), np.datetime64(hi, "D").astype(np.int64)
        return rng.integers(a, b, n).astype("datetime64[D]")

    return {
        "sponsor.birth_date": dates("1960-01-01", "2004-12-31"),
        "applicant.birth_date": dates("1965-01-01", "2006-12-31"),
        "sponsor.residence_status": rng.integers(0, len(STATUSES), n).astype(np.int8),
        "sponsor.permanent_residence_since": dates("2010-01-01", "2025-01-01"),
        "sponsor.protection_granted_on": dates("2015-01-01", "2025-01-01"),
        "case.exceptional_circumstances": rng.random(n) < 0.05,
        "case.age_requirement_dispensation": rng.random(n) < 0.02,
        "sponsor.has_received_public_assistance": rng.random(n) < 0.3,
        "sponsor.last_public_assistance_date": dates("2015-01-01", "2025-01-01"),
        "sponsor.financial_guarantee_provided": rng.random(n) < 0.8,
        "housing.persons": rng.integers(1, 7, n),
        "housing.living_rooms": rng.integers(1, 5, n),
        "housing.floor_area_m2": rng.integers(20, 160, n),
    }


def to_polars(cols: dict[str, np.ndarray]) -> pl.DataFrame:
    """The population as a polars frame (codes as strings, dates as Date)."""
    data: dict[str, Any] = {}
    for k, v in cols.items():
        if k == "sponsor.residence_status":
            data[k] = pl.Series(k, v).replace_strict(dict(enumerate(STATUSES)), return_dtype=pl.String)
        elif v.dtype.kind == "M":
            data[k] = pl.Series(k, v).cast(pl.Date)
        else:
            data[k] = pl.Series(k, v)
    return pl.DataFrame(data)


def to_rows(cols: dict[str, np.ndarray]) -> list[dict[str, Any]]:
    """The population as a list of fact dicts (Python dates, code strings)."""
    n = len(next(iter(cols.values())))
    lists: dict[str, list[Any]] = {}
    for k, v in cols.items():
        if k == "sponsor.residence_status":
            lists[k] = [STATUSES[i] for i in v.tolist()]
        else:
            lists[k] = v.tolist()  # datetime64[D] -> datetime.date
    keys = list(lists)
    return [dict(zip(keys, vals, strict=True)) for vals in zip(*(lists[k] for k in keys), strict=True)][:n]


# --- plain Python ----------------------------------------------------------------------------------


def plain_python(r: dict[str, Any]) -> dict[str, bool]:
    """The same rules in plain Python for one complete person, keeping every condition's result."""
    s_age = whole_years_between(r["sponsor.birth_date"], ON, "round_up") >= 24
    a_age = whole_years_between(r["applicant.birth_date"], ON, "round_up") >= 24
    both = (s_age and a_age) or r["case.age_requirement_dispensation"]
    st = r["sponsor.residence_status"]
    citizen = st in ("danish_citizen", "refugee_convention")
    pr3 = (
        st == "permanent_resident"
        and add_months(r["sponsor.permanent_residence_since"], 36, "round_down") < ON
    )
    tp = st == "temporary_protection" and (
        add_months(r["sponsor.protection_granted_on"], 24, "round_down") <= ON
        or r["case.exceptional_circumstances"]
    )
    category = citizen or pr3 or tp
    no_assist = (not r["sponsor.has_received_public_assistance"]) or add_months(
        r["sponsor.last_public_assistance_date"], 36, "round_down"
    ) <= ON
    guarantee = r["sponsor.financial_guarantee_provided"]
    housing = (
        r["housing.persons"] <= 2 * r["housing.living_rooms"]
        or r["housing.floor_area_m2"] >= 20 * r["housing.persons"]
    )
    ok = category and both and no_assist and guarantee and housing
    return {
        "eligible": ok,
        "category": category,
        "both_24": both,
        "no_assistance": no_assist,
        "housing": housing,
    }


# --- openfisca-core ------------------------------------------------------------------------------


def openfisca_system() -> Any:
    """The same rules as an OpenFisca tax-benefit system (person entity, YEAR period)."""
    from openfisca_core.entities import build_entity
    from openfisca_core.parameters import ParameterNode
    from openfisca_core.periods import ETERNITY, YEAR
    from openfisca_core.taxbenefitsystems import TaxBenefitSystem
    from openfisca_core.variables import Variable

    person = build_entity(key="person", plural="persons", label="Person", is_person=True)
    on = np.datetime64(ON.isoformat(), "D")

    def inp(name: str, vt: Any, default: Any = None) -> type:
        attrs = dict(value_type=vt, entity=person, definition_period=ETERNITY, label=name)
        if default is not None:
            attrs["default_value"] = default
        return type(name, (Variable,), attrs)

    def years_between(start: np.ndarray, end: np.datetime64) -> np.ndarray:
        sy = start.astype("datetime64[Y]").astype(int) + 1970
        sm = start.astype("datetime64[M]").astype(int) % 12 + 1
        sd = (start - start.astype("datetime64[M]")).astype(int) + 1
        ey, em, ed = ON.year, ON.month, ON.day
        return ey - sy - ((em < sm) | ((em == sm) & (ed < sd)))

    def plus_years(d: np.ndarray, n: int) -> np.ndarray:
        month = d.astype("datetime64[M]")
        day0 = (d - month.astype("datetime64[D]")).astype(int)
        target = month + 12 * n
        last0 = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(int) - 1
        return target.astype("datetime64[D]") + np.minimum(day0, last0)

    def formula(name: str, fn: Any) -> type:
        return type(
            name,
            (Variable,),
            dict(value_type=bool, entity=person, definition_period=YEAR, label=name, formula=fn),
        )

    def sponsor_age(p: Any, period: Any, parameters: Any) -> Any:
        return years_between(p("sponsor_birth", period), on) >= parameters(period).min_age

    def applicant_age(p: Any, period: Any, parameters: Any) -> Any:
        return years_between(p("applicant_birth", period), on) >= parameters(period).min_age

    def both_24(p: Any, period: Any) -> Any:
        return (p("sponsor_age", period) * p("applicant_age", period)) + p("dispensation", period)

    def citizen(p: Any, period: Any) -> Any:
        return (p("status", period) == 0) + (p("status", period) == 2)

    def pr3(p: Any, period: Any, parameters: Any) -> Any:
        return (p("status", period) == 1) * (
            plus_years(p("pr_since", period), parameters(period).pr_years) < on
        )

    def tp_wait(p: Any, period: Any, parameters: Any) -> Any:
        waited = plus_years(p("tp_since", period), parameters(period).tp_wait) <= on
        return (p("status", period) == 3) * (waited + p("exceptional", period))

    def category(p: Any, period: Any) -> Any:
        return p("citizen", period) + p("pr3", period) + p("tp_wait", period)

    def no_assistance(p: Any, period: Any, parameters: Any) -> Any:
        last = plus_years(p("last_assistance", period), parameters(period).assist_years) <= on
        return np.logical_not(p("received", period)) + last

    def housing(p: Any, period: Any) -> Any:
        persons = p("persons", period)
        return (persons <= 2 * p("rooms", period)) + (p("area", period) >= 20 * persons)

    def eligible(p: Any, period: Any) -> Any:
        return (
            p("category", period)
            * p("both_24", period)
            * p("no_assistance", period)
            * p("guarantee", period)
            * p("housing", period)
        )

    tbs = TaxBenefitSystem([person])
    tbs.add_variables(
        *openfisca_inputs(inp),
        formula("sponsor_age", sponsor_age),
        formula("applicant_age", applicant_age),
        formula("both_24", both_24),
        formula("citizen", citizen),
        formula("pr3", pr3),
        formula("tp_wait", tp_wait),
        formula("category", category),
        formula("no_assistance", no_assistance),
        formula("housing", housing),
        formula("eligible", eligible),
    )
    tbs.parameters = ParameterNode(
        "",
        data={
            k: {"values": {"2018-07-01": {"value": v}}}
            for k, v in {"min_age": 24, "pr_years": 3, "tp_wait": 2, "assist_years": 3}.items()
        },
    )
    return tbs


OPENFISCA_INPUTS = {
    "sponsor_birth": "sponsor.birth_date",
    "applicant_birth": "applicant.birth_date",
    "status": "sponsor.residence_status",
    "pr_since": "sponsor.permanent_residence_since",
    "tp_since": "sponsor.protection_granted_on",
    "exceptional": "case.exceptional_circumstances",
    "dispensation": "case.age_requirement_dispensation",
    "received": "sponsor.has_received_public_assistance",
    "last_assistance": "sponsor.last_public_assistance_date",
    "guarantee": "sponsor.financial_guarantee_provided",
    "persons": "housing.persons",
    "rooms": "housing.living_rooms",
    "area": "housing.floor_area_m2",
}


# --- fair comparisons: thresholds, per-row dates, hand-written polars ----------------------------

DATE_COLUMN = "case.decision_date"
CONDITIONS = ("eligible", "category", "both_24", "no_assistance", "housing")
NODE_IDS = {
    "eligible": eligible.id,
    "category": category.id,
    "both_24": both_24.id,
    "no_assistance": no_assist.id,
    "housing": housing.id,
}


def decision_dates(n: int, seed: int = 11) -> np.ndarray:
    """A decision date per row (2019-2026), for the per-row path."""
    rng = np.random.default_rng(seed)
    a, b = (
        np.datetime64("2019-01-01", "D").astype(np.int64),
        np.datetime64("2026-12-31", "D").astype(np.int64),
    )
    return rng.integers(a, b, n).astype("datetime64[D]")


def _plus_years(d: date, n: int) -> date:
    """``d`` plus ``n`` years; 29 February becomes 28 February (round down)."""
    try:
        return d.replace(year=d.year + n)
    except ValueError:
        return d.replace(year=d.year + n, day=28)


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _latest(pred: Any, start: date) -> date:
    """The latest date ``d`` near ``start`` with ``pred(d)`` (``pred`` holds up to a date, then not)."""
    from datetime import timedelta

    d = start + timedelta(days=5)
    while not pred(d):
        d -= timedelta(days=1)
    return d


def thresholds(on: date = ON) -> dict[str, date]:
    """The fixed-date rewrite, computed once, independently of migralex: each date rule as ``col <= T``."""
    return {
        "age": _latest(lambda b: _age(b, on) >= 24, on.replace(year=on.year - 24)),
        "pr": _latest(lambda d: _plus_years(d, 3) < on, on.replace(year=on.year - 3)),
        "tp": _latest(lambda d: _plus_years(d, 2) <= on, on.replace(year=on.year - 2)),
        "assist": _latest(lambda d: _plus_years(d, 3) <= on, on.replace(year=on.year - 3)),
    }


# --- calendar keys by table lookup: the shortcut every per-row evaluator here takes ----------------------
# key(d) = (year * 12 + month) * 32 + day; "d + n years" compared with a date D is key(d) + 384 n against
# key(D) (the month-end rule round_up, and round_down with "<"), or against the month-end key of D (its day
# read as 31 on the last day of a month: round_down with "<="). Keys are read from a table of one 400-year
# Gregorian cycle starting on day 0 (1970-01-01 .. 2369-12-31), extended to any date by the cycle (the
# calendar repeats every 146,097 days, keys advance by 153,600): per date column one floor division, one
# remainder and one gather, in numpy (np.take; the remainder as i - q * cycle, faster than numpy's %) and
# in polars (gather; on polars' Int32 day numbers, faster than on Int64) alike. It is the shortcut
# migralex's batch evaluator takes (migralex.engine.backends.date_keys), written here independently, so
# that the hand-written limit and the fair OpenFisca model get it too.

YEAR_KEYS = 12 * 32
KEY_CYCLE_DAYS = 146_097
KEY_CYCLE = 400 * YEAR_KEYS


@cache
def key_tables() -> tuple[np.ndarray, np.ndarray]:
    """Keys and month-end keys (int64) of the cycle's days, entry i for 1970-01-01 + i days (built once)."""
    days = np.arange(0, KEY_CYCLE_DAYS + 1).astype("datetime64[D]")
    months = days.astype("datetime64[M]")
    month_no = months.astype(np.int64) + 1970 * 12 + 1
    day = (days - months.astype("datetime64[D]")).astype(np.int64) + 1
    key = month_no * 32 + day
    down = np.where(np.append(day[1:] == 1, False), month_no * 32 + 31, key)
    return key[:-1], down[:-1]


@cache
def _pl_key_tables() -> tuple[pl.Series, pl.Series]:
    key, down = key_tables()
    return pl.Series(key), pl.Series(down)


def np_key(d: np.ndarray, month_end: bool = False) -> np.ndarray:
    """Keys of a datetime64[D] array (month-end keys with ``month_end``), by table lookup."""
    i = d.view(np.int64)
    q = i // KEY_CYCLE_DAYS
    return np.take(key_tables()[1 if month_end else 0], i - q * KEY_CYCLE_DAYS) + q * KEY_CYCLE


def pl_key(e: pl.Expr, month_end: bool = False) -> pl.Expr:
    """Keys of a date column (month-end keys with ``month_end``), by table lookup."""
    i = e.to_physical()
    table = _pl_key_tables()[1 if month_end else 0]
    return pl.lit(table).gather(i % KEY_CYCLE_DAYS) + (i // KEY_CYCLE_DAYS).cast(pl.Int64) * KEY_CYCLE


def handwritten_polars(frame: pl.DataFrame, *, per_row: bool) -> pl.DataFrame:
    """The same rules hand-written in polars: the limit for this design (no explanation, no unknowns).

    It takes every shortcut the engine takes, so that it is a limit and not a straw man: at a fixed date
    each date rule is one comparison with a threshold date; per row each is a comparison of calendar keys
    read from a table (see ``pl_key``: no calendar arithmetic per row; the keys of the decision date are
    shared by the rules), each condition is computed once and ``eligible`` combines the finished columns (a
    lazy plan, two selects).
    """
    c = pl.col
    if per_row:
        d, d_end = pl_key(c(DATE_COLUMN)), pl_key(c(DATE_COLUMN), month_end=True)
        s_age = pl_key(c("sponsor.birth_date")) + 24 * YEAR_KEYS <= d  # round_up
        a_age = pl_key(c("applicant.birth_date")) + 24 * YEAR_KEYS <= d
        pr_ok = pl_key(c("sponsor.permanent_residence_since")) + 3 * YEAR_KEYS < d  # round_down, <
        tp_ok = pl_key(c("sponsor.protection_granted_on")) + 2 * YEAR_KEYS <= d_end  # round_down, <=
        la_ok = pl_key(c("sponsor.last_public_assistance_date")) + 3 * YEAR_KEYS <= d_end
    else:
        t = thresholds()
        s_age = c("sponsor.birth_date") <= t["age"]
        a_age = c("applicant.birth_date") <= t["age"]
        pr_ok = c("sponsor.permanent_residence_since") <= t["pr"]
        tp_ok = c("sponsor.protection_granted_on") <= t["tp"]
        la_ok = c("sponsor.last_public_assistance_date") <= t["assist"]
    return combine_date_rules(frame, s_age, a_age, pr_ok, tp_ok, la_ok)


def combine_date_rules(
    frame: pl.DataFrame, s_age: pl.Expr, a_age: pl.Expr, pr_ok: pl.Expr, tp_ok: pl.Expr, la_ok: pl.Expr
) -> pl.DataFrame:
    """The hand-written rules around their five date tests (sponsor's and applicant's age, permanent
    residence, protection and public-assistance waits), however those tests are computed."""
    c = pl.col
    st = c("sponsor.residence_status")
    both = (s_age & a_age) | c("case.age_requirement_dispensation")
    cat = (
        st.is_in(["danish_citizen", "refugee_convention"])
        | ((st == "permanent_resident") & pr_ok)
        | ((st == "temporary_protection") & (tp_ok | c("case.exceptional_circumstances")))
    )
    na = ~c("sponsor.has_received_public_assistance") | la_ok
    persons = c("housing.persons")
    hs = (persons <= c("housing.living_rooms") * 2) | (c("housing.floor_area_m2") >= persons * 20)
    eligible = c("category") & c("both_24") & c("no_assistance") & c("guarantee") & c("housing")
    return (
        frame.lazy()
        .select(
            category=cat,
            both_24=both,
            no_assistance=na,
            housing=hs,
            guarantee=c("sponsor.financial_guarantee_provided"),
        )
        .select(eligible.alias("eligible"), "category", "both_24", "no_assistance", "housing")
        .collect()
    )


def openfisca_fair_system(*, per_row: bool) -> Any:
    """The rules in OpenFisca, fair: fixed date as one threshold comparison; per-row dates vectorised."""
    from openfisca_core.entities import build_entity
    from openfisca_core.periods import ETERNITY, YEAR
    from openfisca_core.taxbenefitsystems import TaxBenefitSystem
    from openfisca_core.variables import Variable

    person = build_entity(key="person", plural="persons", label="Person", is_person=True)
    th = {k: np.datetime64(v.isoformat(), "D") for k, v in thresholds().items()}

    def inp(name: str, vt: Any) -> type:
        return type(
            name, (Variable,), dict(value_type=vt, entity=person, definition_period=ETERNITY, label=name)
        )

    def formula(name: str, fn: Any) -> type:
        return type(
            name,
            (Variable,),
            dict(value_type=bool, entity=person, definition_period=YEAR, label=name, formula=fn),
        )

    if per_row:
        # the same shortcut as the engine and the hand-written limit: calendar keys by table lookup
        # (np_key), the decision date's two keys variables of their own (computed once, read by the rules)
        def dkey(p: Any, period: Any) -> Any:
            return np_key(p("decision", period))

        def dkey_end(p: Any, period: Any) -> Any:
            return np_key(p("decision", period), month_end=True)

        def s_age(p: Any, period: Any) -> Any:
            return np_key(p("sponsor_birth", period)) + 24 * YEAR_KEYS <= p("dkey", period)

        def a_age(p: Any, period: Any) -> Any:
            return np_key(p("applicant_birth", period)) + 24 * YEAR_KEYS <= p("dkey", period)

        def pr_ok(p: Any, period: Any) -> Any:
            return np_key(p("pr_since", period)) + 3 * YEAR_KEYS < p("dkey", period)

        def tp_ok(p: Any, period: Any) -> Any:
            return np_key(p("tp_since", period)) + 2 * YEAR_KEYS <= p("dkey_end", period)

        def la_ok(p: Any, period: Any) -> Any:
            return np_key(p("last_assistance", period)) + 3 * YEAR_KEYS <= p("dkey_end", period)

    else:

        def s_age(p: Any, period: Any) -> Any:
            return p("sponsor_birth", period) <= th["age"]

        def a_age(p: Any, period: Any) -> Any:
            return p("applicant_birth", period) <= th["age"]

        def pr_ok(p: Any, period: Any) -> Any:
            return p("pr_since", period) <= th["pr"]

        def tp_ok(p: Any, period: Any) -> Any:
            return p("tp_since", period) <= th["tp"]

        def la_ok(p: Any, period: Any) -> Any:
            return p("last_assistance", period) <= th["assist"]

    def both(p: Any, period: Any) -> Any:
        return (p("sponsor_age", period) & p("applicant_age", period)) | p("dispensation", period)

    def citizen(p: Any, period: Any) -> Any:
        s = p("status", period)
        return (s == 0) | (s == 2)

    def pr3(p: Any, period: Any) -> Any:
        return (p("status", period) == 1) & p("pr_ok", period)

    def tp_wait(p: Any, period: Any) -> Any:
        return (p("status", period) == 3) & (p("tp_ok", period) | p("exceptional", period))

    def cat(p: Any, period: Any) -> Any:
        return p("citizen", period) | p("pr3", period) | p("tp_wait", period)

    def na(p: Any, period: Any) -> Any:
        return ~p("received", period) | p("la_ok", period)

    def hs(p: Any, period: Any) -> Any:
        persons = p("persons", period)
        return (persons <= 2 * p("rooms", period)) | (p("area", period) >= 20 * persons)

    def elig(p: Any, period: Any) -> Any:
        return (
            p("category", period)
            & p("both_24", period)
            & p("no_assistance", period)
            & p("guarantee", period)
            & p("housing", period)
        )

    tbs = TaxBenefitSystem([person])
    inputs = openfisca_inputs(inp)
    if per_row:
        inputs.append(inp("decision", date))
        for name, fn in (("dkey", dkey), ("dkey_end", dkey_end)):
            attrs = dict(value_type=int, entity=person, definition_period=YEAR, label=name, formula=fn)
            inputs.append(type(name, (Variable,), attrs))
    tbs.add_variables(
        *inputs,
        formula("sponsor_age", s_age),
        formula("applicant_age", a_age),
        formula("pr_ok", pr_ok),
        formula("tp_ok", tp_ok),
        formula("la_ok", la_ok),
        formula("both_24", both),
        formula("citizen", citizen),
        formula("pr3", pr3),
        formula("tp_wait", tp_wait),
        formula("category", cat),
        formula("no_assistance", na),
        formula("housing", hs),
        formula("eligible", elig),
    )
    return tbs


def openfisca_inputs(inp: Any) -> list[type]:
    """The OpenFisca input variables, made by ``inp(name, value_type)``."""
    types = {"status": int, "persons": int, "rooms": int, "area": int}
    for name in ("exceptional", "dispensation", "received", "guarantee"):
        types[name] = bool
    return [inp(name, types.get(name, date)) for name in OPENFISCA_INPUTS]


#: formula variables computed per person by the fair OpenFisca model (+2 per row: the decision date's keys)
OPENFISCA_FORMULAS = 13
