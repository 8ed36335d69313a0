"""Hand-computed outcomes, waterfalls and gains/losses on the toy program."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from migralex.lab.results import OTHER, TRANSITION_CLASSES, Aggregates, Plan, Summary, top_conditions
from migralex.lab.simulate import File, simulate
from tests.lab import toy

# Baseline (min age 18), per person: adult / enrolled / status -> outcome, first failing
# 0: T T T -> eligible
# 1: F T T -> ineligible, adult
# 2: T F T -> ineligible, enrolled
# 3: ? T T -> unknown
# 4: F T F -> ineligible, adult      (status fails too)
# 5: T ? T -> unknown
# 6: F T T -> ineligible, adult
# 7: T F F -> ineligible, enrolled   (status fails too)
# Reform (min age 16): 1 (16) becomes eligible, 6 (17) becomes eligible; 4 (15) still fails adult.


def summary(tmp_path: Path | None = None) -> Summary:
    plan = Plan(toy.program(), [toy.reform(16)], toy.ON)
    rows = plan.evaluate(toy.frame())
    return Summary(plan, Aggregates.of(plan, rows), "toy", False, "polars", 8)


def test_top_conditions_follow_program_order() -> None:
    assert [n.id for n in top_conditions(toy.program())] == [
        "toy.lab.adult",
        "toy.lab.enrolled",
        "toy.lab.status",
    ]


def test_outcome_counts() -> None:
    c = {(s, o): n for s, o, n, _ in summary().counts().iter_rows()}
    assert (c["baseline", "eligible"], c["baseline", "ineligible"], c["baseline", "unknown"]) == (1, 5, 2)
    assert (c["min_age_16", "eligible"], c["min_age_16", "ineligible"], c["min_age_16", "unknown"]) == (
        3,
        3,
        2,
    )


def test_waterfall_first_and_any_failing() -> None:
    wf = summary().waterfall("baseline")
    assert wf["condition"].to_list() == ["toy.lab.adult", "toy.lab.enrolled", "toy.lab.status"]
    assert wf["excluded_first"].to_list() == [3, 2, 0]
    assert wf["excluded_any"].to_list() == [3, 2, 2]
    assert wf["unknown"].to_list() == [1, 1, 0]
    assert wf["remaining"].to_list() == [5, 3, 3]
    reform = summary().waterfall("min_age_16")
    assert reform["excluded_first"].to_list() == [1, 2, 0]
    assert reform["excluded_any"].to_list() == [1, 2, 2]


def test_gains_and_losses() -> None:
    s = summary()
    # persons 1 (16, enrolled refugee) and 6 (17, enrolled citizen) become eligible at the lower age
    assert s.gains_losses("min_age_16") == {
        "gain": 2,
        "lose": 0,
        "become_unknown": 0,
        "become_known": 0,
        "other_change": 0,
        "unchanged": 6,
        "net": 2,
    }
    by = {
        r["nationality"]: (r["gain"], r["lose"], r["unchanged"], r["n"])
        for r in s.gains_losses_by("min_age_16", "nationality").to_dicts()
    }
    assert by == {"A": (2, 0, 2, 4), "B": (0, 0, 4, 4)}
    t = {(a, b): n for _, a, b, n, _ in s.transitions("min_age_16").iter_rows()}
    assert len(t) == 16 and sum(t.values()) == 8
    assert (
        t["ineligible", "eligible"] == 2 and t["eligible", "eligible"] == 1 and t["unknown", "unknown"] == 2
    )


def test_transition_classes_partition_every_pair() -> None:
    """Each of the 16 (baseline, reform) pairs falls in exactly one class; gain and lose never overlap."""
    from migralex.lab.results import OUTCOMES, transition_class

    classes = {(a, b): transition_class(a, b) for a in OUTCOMES for b in OUTCOMES}
    assert classes["eligible", "unknown"] == "lose" and classes["unknown", "ineligible"] == "become_known"
    assert classes["ineligible", "unknown"] == "become_unknown"
    assert (
        classes["not_in_force", "eligible"] == "gain"
        and classes["ineligible", "not_in_force"] == "other_change"
    )
    assert [b for (a, b), c in classes.items() if c == "unchanged" and a != b] == []


def test_transition_matrix_sums_to_each_group() -> None:
    s = summary()
    for dim in ("nationality", "age_band", "status"):
        t = s.transitions("min_age_16", dim)
        by = (
            s.breakdown(dim).filter(pl.col("scenario") == "baseline").group_by("group").agg(pl.col("n").sum())
        )
        assert dict(t.group_by("group").agg(pl.col("n").sum()).iter_rows()) == dict(by.iter_rows())
        g = s.gains_losses_by("min_age_16", dim)
        assert (g.select(pl.sum_horizontal(TRANSITION_CLASSES)) == g["n"]).to_series().all()


def test_row_results_first_failing_and_age_band() -> None:
    plan = Plan(toy.program(), [], toy.ON)
    rows = plan.evaluate(toy.frame()).sort("person_id")
    assert rows["baseline/first_failing"].cast(pl.String).to_list() == [
        None,
        "toy.lab.adult",
        "toy.lab.enrolled",
        None,
        "toy.lab.adult",
        None,
        "toy.lab.adult",
        "toy.lab.enrolled",
    ]
    assert rows["age_band"].to_list() == [
        "24-29",
        "under 18",
        "30-39",
        "not known",
        "under 18",
        "40-49",
        "under 18",
        "50-64",
    ]
    assert rows["status"].to_list() == toy.frame()["person.residence_status"].to_list()


def test_breakdown_shares_by_nationality() -> None:
    b = (
        summary()
        .breakdown("nationality")
        .filter((pl.col("scenario") == "baseline") & (pl.col("outcome") == "eligible"))
    )
    assert b.select("group", "n", "share").rows() == [("A", 1, 0.25), ("B", 0, 0.0)]


def test_aggregates_add_up_over_chunks(tmp_path: Path) -> None:
    plan = Plan(toy.program(), [toy.reform(16)], toy.ON)
    path = tmp_path / "toy.parquet"
    toy.frame().write_parquet(path)
    whole = simulate(plan, File(path), tmp_path / "a", engine="polars")
    chunked = simulate(plan, File(path), tmp_path / "b", engine="streaming", chunk_size=3)
    assert whole.counts().equals(chunked.counts())
    assert whole.waterfall("baseline").equals(chunked.waterfall("baseline"))
    a = pl.read_parquet(tmp_path / "a" / "rows.parquet")
    b = pl.read_parquet(tmp_path / "b" / "rows.parquet")
    assert a.equals(b)
    assert OTHER not in whole.waterfall("baseline")["condition"].to_list()


def test_root_replacing_reform_in_every_columns_mode(tmp_path: Path) -> None:
    """A reform with its own root and a new condition: same summary whatever the row files keep."""
    path = tmp_path / "toy.parquet"
    toy.frame().with_columns(pl.Series("person.resident_years", [3, 1, 5, 2, None, 0, 4, 2])).write_parquet(
        path
    )
    summaries = {}
    for mode in ("top", "all", "outcome"):
        plan = Plan(toy.program(), [toy.root_reform()], toy.ON, columns=mode)
        summaries[mode] = s = simulate(plan, File(path), tmp_path / mode)
        rows = pl.read_parquet(tmp_path / mode / "rows.parquet")
        has = [c for c in rows.columns if c.startswith("new_root/toy.lab.")]
        if mode == "outcome":
            assert has == []
        else:  # program order: the reform's root lists status, adult, resident
            assert has[:3] == [
                "new_root/toy.lab.status",
                "new_root/toy.lab.adult",
                "new_root/toy.lab.resident",
            ]
        assert [c for c in s.waterfall("new_root")["condition"]] == [
            "toy.lab.status",
            "toy.lab.adult",
            "toy.lab.resident",
        ]
    base = summaries["top"]
    for other in summaries.values():
        assert other.counts().equals(base.counts())
        assert other.agg.conditions.equals(base.agg.conditions)
        assert other.transitions("new_root").equals(base.transitions("new_root"))
        for dim in ("nationality", "age_band", "status"):
            assert other.breakdown(dim).equals(base.breakdown(dim))
    # status fails first for 4 and 7 (other); adult for 1 (16) and 6 (17); residence for 5 (0 years);
    # 0 and 2 are eligible; 3 (birth date unknown) is unknown
    wf = base.waterfall("new_root")
    assert wf["excluded_first"].to_list() == [2, 2, 1]
    assert base.counts().filter(pl.col("scenario") == "new_root")["n"].to_list() == [2, 5, 1, 0]


def test_waterfall_labels_name_the_values_of_their_scenario_in_the_report_language() -> None:
    """A top-level condition whose label names a parameter (``{param:ID}``) shows the value in force on the
    decision date under each scenario (the lab report and its charts showed the raw placeholder), in
    English and, translated before it is filled, in Danish; for every registered program."""
    from migralex.i18n import Translator
    from migralex.rules.registry import programs, reforms

    da = Translator("da")
    named = 0
    for program in programs().values():
        plan = Plan(program, [r for r in reforms().values() if r.applies_to(program)], toy.ON)
        for scenario in plan.scenarios:
            for translate in (None, da.gettext):
                for label in plan.labels(scenario, translate).values():
                    assert "{param:" not in label, (program.id, scenario, label)
            named += sum("{param:" in n.label for n in plan.conditions(scenario))
    assert named > 5, "some top-level labels name parameters"
