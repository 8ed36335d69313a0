"""The vectorised draws behind synthetic populations: the same people as numpy's samplers, or the same law.

Issue 15 item 6 made generation faster. A category (nationality, status, a code, a grant year) is still drawn
exactly as ``numpy.random.Generator.choice`` draws it, so those columns did not change; a Poisson count is
now drawn by inverting its clipped distribution (one uniform per row), so those columns changed once, and
they must follow the documented distribution.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import polars as pl
import pytest

from migralex.population import BLOCK, PROFILES, PopulationSpec, generate, generate_block, get_profile
from migralex.population.distributions import INTS
from migralex.population.generate import draw_index, draw_int, poisson_clipped
from migralex.rules.registry import get_program

ON = date(2025, 3, 1)


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_a_category_is_drawn_as_numpy_choice_draws_it(profile: str) -> None:
    # the profile's nationality mix: the speed-up must not move anyone to another nationality
    weights = np.array(list(get_profile(profile).nationalities.values()), dtype=float)
    weights = weights[weights > 0] / weights[weights > 0].sum()
    expected = np.random.default_rng(11).choice(len(weights), 100_000, p=weights)
    got = draw_index(np.random.default_rng(11), weights, 100_000)
    assert np.array_equal(got, expected)


def test_a_long_code_list_uses_the_binary_search_with_the_same_result() -> None:
    weights = np.random.default_rng(3).random(200)
    weights /= weights.sum()
    expected = np.random.default_rng(5).choice(200, 50_000, p=weights)
    assert np.array_equal(draw_index(np.random.default_rng(5), weights, 50_000), expected)


@pytest.mark.parametrize(("mean", "low", "high"), [(2.5, 1, 12), (3.0, 1, 10), (9.0, 0, 45), (0.0, 0, 5)])
def test_a_poisson_count_follows_the_clipped_poisson_law(mean: float, low: int, high: int) -> None:
    # e.g. the household size: Poisson(2.5) persons, at least 1 and at most 12 (distributions.py)
    n = 400_000
    v = poisson_clipped(mean, low, high, np.random.default_rng(2025), n)
    assert v.dtype == np.int64 and v.min() >= low and v.max() <= high
    pmf = [math.exp(-mean) * mean**k / math.factorial(k) if mean > 0 else float(k == 0) for k in range(high)]
    for k in range(low, high + 1):
        if k == low:
            p = sum(pmf[: low + 1])  # everything at or below the floor is the floor
        elif k == high:
            p = 1 - sum(pmf)  # everything at or above the ceiling is the ceiling
        else:
            p = pmf[k]
        share = float((v == k).mean())
        # four standard errors of a share of n draws (a fixed seed: the test is deterministic)
        assert share == pytest.approx(p, abs=4 * math.sqrt(max(p * (1 - p), 1e-9) / n) + 1e-6), k


def test_the_documented_household_size_is_drawn_through_the_clipped_poisson() -> None:
    dist = INTS["case.household_size"][0]
    assert dist.kind == "poisson"
    a = draw_int(dist, np.random.default_rng(1), 10_000)
    b = poisson_clipped(dist.a, dist.low, dist.high, np.random.default_rng(1), 10_000)
    assert np.array_equal(a, b)


def test_the_whole_frame_is_its_blocks_one_after_another() -> None:
    program = get_program("dk.family_reunification.spouse")
    spec = PopulationSpec(get_profile("dk-refugee-sponsors"), 2 * BLOCK + 5, 3, ON, missing=0.1)
    whole = generate(spec, program.fact_specs())
    blocks = pl.concat([generate_block(spec, program.fact_specs(), b) for b in range(3)])
    assert whole.equals(blocks)
    assert whole["sponsor.birth_date"].dtype == pl.Date and whole["sponsor.birth_date"].null_count() > 0
