"""Synthetic populations: reproducible, chunk-independent, calibrated, typed like the program's facts."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from migralex.population import BLOCK, PROFILES, PopulationSpec, generate, get_profile, iter_chunks
from migralex.population.calibration import FIGURES, share
from migralex.population.generate import parse_size, undocumented
from migralex.rules.registry import get_program, programs

ON = date(2025, 3, 1)
SPOUSE = "dk.family_reunification.spouse"


def facts() -> dict:  # type: ignore[type-arg]
    return get_program(SPOUSE).fact_specs()


def spec(profile: str = "dk-spouse", n: int = 5_000, seed: int = 7, **kw: object) -> PopulationSpec:
    return PopulationSpec(get_profile(profile), n, seed, ON, **kw)  # type: ignore[arg-type]


def test_same_seed_same_rows_other_seed_other_rows() -> None:
    a, b, c = generate(spec(), facts()), generate(spec(), facts()), generate(spec(seed=8), facts())
    assert a.equals(b)
    assert not a.equals(c)
    assert a.height == 5_000 and a["person_id"].to_list() == list(range(5_000))


def test_rows_do_not_depend_on_chunk_size_or_on_other_facts() -> None:
    n = BLOCK * 2 + 123
    whole = generate(spec(n=n), facts())
    chunks = list(iter_chunks(spec(n=n), facts(), chunk_size=BLOCK))
    assert [c.height for c in chunks] == [BLOCK, BLOCK, 123]
    assert pl.concat(chunks).equals(whole)
    threaded = list(iter_chunks(spec(n=n), facts(), chunk_size=BLOCK, workers=3))
    serial = list(iter_chunks(spec(n=n), facts(), chunk_size=2 * BLOCK, workers=1))
    assert pl.concat(threaded).equals(whole) and pl.concat(serial).equals(whole)
    few = {k: v for k, v in facts().items() if k in ("sponsor.birth_date", "sponsor.residence_status")}
    part = generate(spec(n=n), few)
    assert part.columns == ["person_id", "synthetic", "population", "nationality", "status", *sorted(few)]
    assert part.select(sorted(few)).equals(whole.select(sorted(few)))


def test_columns_are_typed_like_the_program_facts_and_labelled_synthetic() -> None:
    for pid, program in programs().items():
        for profile in PROFILES:
            pspec = PopulationSpec(get_profile(profile), 300, 1, ON)
            df = generate(pspec, program.fact_specs())
            # a fact without a documented distribution is left out (and named), never filled by a default
            left_out = set(undocumented(pspec, program.fact_specs()))
            for fid, fs in program.fact_specs().items():
                if fid in left_out:
                    assert fid not in df.columns, (pid, profile, fid)
                    continue
                assert df.schema[fid] == fs.polars_dtype(), (pid, profile, fid)
                if fs.codes:
                    values = df[fid].explode() if fs.type.value == "code_set" else df[fid]
                    assert set(values.drop_nulls().to_list()) <= set(fs.codes), (pid, profile, fid)
            assert df["synthetic"].all() and df["population"].unique().to_list() == [profile]


def test_status_mix_is_calibrated_to_the_published_figures() -> None:
    df = generate(spec("dk-refugee-sponsors", n=200_000), facts())
    tp = (df["status"] == "temporary_protection").mean()
    # 4,700 section 7(3) permits among about 20,000 Syrian refugees
    assert share("dk.temporary_protection_permits.2015_2019", "dk.syrian_refugees.2019") == pytest.approx(
        0.235
    )
    assert tp == pytest.approx(0.235, abs=0.005)
    uk = generate(spec("uk-refugee-sponsors", n=200_000), facts())
    refugee = 35_559 / (35_559 + 3_346 + 711)
    assert (uk["status"] == "refugee_convention").mean() == pytest.approx(refugee, abs=0.005)
    dk = generate(spec("dk-spouse", n=200_000), facts())
    native = dk["status"].is_in(["danish_citizen", "nordic_citizen"]).mean()
    apps = 3_225 / (1 - 2_254 / (4_602 + 2_254))
    assert native == pytest.approx(2_748 / apps, abs=0.005)
    for p in PROFILES.values():
        assert all(f in FIGURES for f in p.calibration)


def test_grant_dates_follow_the_grants_by_year() -> None:
    df = generate(spec("dk-temporary-protection", n=100_000), facts())
    years = df["sponsor.protection_granted_on"].dt.year().value_counts(normalize=True)
    by = dict(years.drop_nulls().iter_rows())
    assert by[2015] > by[2024] * 8  # 10,849 grants in 2015 vs 859 in 2024


def test_ages_are_realistic_and_within_bounds() -> None:
    df = generate(spec(n=50_000, missing=0.0), facts())
    age = (pl.lit(ON) - df["sponsor.birth_date"]).dt.total_days() / 365.2425
    ages = df.select(age.alias("a"))["a"]
    assert ages.min() > 17.9 and ages.max() < 76.01  # type: ignore[operator]
    assert 34 < ages.mean() < 38  # type: ignore[operator]  # dk-spouse sponsors: mean 36, sd 9


def test_missing_rates_are_configurable() -> None:
    none = generate(spec(missing=0.0), facts())
    assert none.null_count().sum_horizontal().item() == 0
    some = generate(spec(n=40_000, missing=0.1), facts())
    share_null = some["sponsor.birth_date"].null_count() / some.height
    assert share_null == pytest.approx(0.1, abs=0.01)
    more = generate(spec(n=40_000, missing=0.3), facts())
    # the same draws decide missingness: every value unknown at 10 % is unknown at 30 %
    assert (some["sponsor.birth_date"].is_null() & more["sponsor.birth_date"].is_not_null()).sum() == 0
    one = generate(spec(missing=0.0, missing_by_fact={"case.marriage_date": 1.0}), facts())
    assert (
        one["case.marriage_date"].null_count() == one.height and one["sponsor.birth_date"].null_count() == 0
    )


def test_uk_population_under_danish_rules_translates_statuses() -> None:
    df = generate(spec("uk-partners", n=5_000), facts())
    pairs = set(df.select("status", "sponsor.residence_status").unique().iter_rows())
    assert ("british_citizen", "danish_citizen") in pairs
    assert ("euss_limited_leave", "other") in pairs


def test_parse_spec() -> None:
    s = PopulationSpec.parse("synthetic:dk-spouse:1m:seed=7:missing=0.05", ON)
    assert (s.profile.id, s.n, s.seed, s.missing) == ("dk-spouse", 1_000_000, 7, 0.05)
    assert PopulationSpec.parse(s.label(), ON) == s
    assert parse_size("10_000") == 10_000 and parse_size("2.5k") == 2_500
    with pytest.raises(ValueError, match="unknown population option"):
        PopulationSpec.parse("synthetic:dk-spouse:10:sed=1", ON)
    with pytest.raises(KeyError, match="known: dk-spouse"):
        PopulationSpec.parse("synthetic:nope:10", ON)
    with pytest.raises(ValueError, match="between 0 and 1"):
        PopulationSpec(get_profile("dk-spouse"), 10, 1, ON, missing=1.5)


def test_every_fact_of_every_program_has_a_documented_distribution() -> None:
    """No blanket default: each fact a registered program or reform reads is in the documented tables."""
    from migralex.population.generate import undocumented
    from migralex.rules.registry import reforms

    for program in programs().values():
        specs = dict(program.fact_specs())
        for r in reforms().values():
            if r.applies_to(program):
                specs.update(program.fact_specs(r.replacements))
        for profile in PROFILES:
            assert undocumented(spec(profile, n=1), specs) == [], (program.id, profile)


def test_a_fact_documented_nowhere_is_left_out_not_invented() -> None:
    from migralex.engine import FactSpec, FactType
    from migralex.population.generate import undocumented

    odd = {"person.owns_a_boat": FactSpec("person.owns_a_boat", FactType.BOOL, "Owns a boat")}
    assert undocumented(spec(n=10), odd) == ["person.owns_a_boat"]
    assert "person.owns_a_boat" not in generate(spec(n=10), odd).columns


def test_adverse_facts_are_rare_and_work_months_stay_in_their_window() -> None:
    """dk-settlement: sentences and debts rare (issue 19 found 78 %); 48 months at most in a 4-year window."""
    program = get_program("dk.permanent_residence")
    df = generate(spec("dk-settlement", n=50_000, missing=0.0), program.fact_specs())
    for fid in (
        "applicant.has_conditional_sentence",
        "applicant.has_short_prison_sentence",
        "applicant.has_overdue_public_debt",
    ):
        assert df[fid].mean() < 0.05, fid  # type: ignore[operator]
    assert (df["applicant.longest_unconditional_prison_months"] > 0).mean() < 0.02  # type: ignore[operator]
    assert df["applicant.full_time_work_months_last_4_years"].max() <= 48  # type: ignore[operator]
    assert df["applicant.full_time_work_months_last_4_5_years"].max() <= 54  # type: ignore[operator]


def test_every_profile_override_states_its_basis() -> None:
    """A profile's own distributions each say where they come from (a figure or an UNVERIFIED assumption)."""
    for p in PROFILES.values():
        overrides = [*p.rates, *p.rates_by, *p.codes, *p.codes_by, *p.ints, *p.amounts, *p.date_windows]
        missing = [f for f in overrides if f not in p.basis]
        assert missing == [], (p.id, missing)


def test_conditional_facts_agree_with_the_fact_they_depend_on() -> None:
    """A family reunion child is under 18 and unmarried; a Danish citizen sponsor is counted at PD3."""
    program = get_program("uk.family_reunion.refugee")
    df = generate(spec("uk-refugee-sponsors", n=20_000, missing=0.0), program.fact_specs())
    child = df.filter(pl.col("applicant.relationship_to_sponsor") == "child")
    age = (pl.lit(ON) - pl.col("applicant.birth_date")).dt.total_days() / 365.2425
    assert child.select(age.max()).item() < 18 and child["applicant.married_or_civil_partner"].mean() < 0.05  # type: ignore[operator]
    dk = generate(spec("dk-spouse", n=20_000, missing=0.0), facts())
    citizens = dk.filter(pl.col("status") == "danish_citizen")
    assert (citizens["sponsor.danish_test_level"] == "pd3").all()
    assert dk.filter(pl.col("status") == "other")["sponsor.danish_test_level"].n_unique() > 1
