"""KL divergence of the sweeping model: the seed's numbers, the closed form, and the center/tail split."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import kl_div

from mathcore import (
    SEED_COLOR_HIGH,
    SEED_COLOR_LOW,
    SEED_FRAMES,
    SEED_GRID,
    SEED_LOW_KL_THRESHOLD,
    SEED_SEARCH_FRAMES,
    gaussian_kl,
    gaussian_pdf,
    grid_spacing,
    kl_split,
    seed_units_to_nats,
    sweep,
    sweep_path,
)
from mathcore.kl import (
    lowest_frame,
    lowest_frames,
)
from tests import seed_oracle

WIDE_GRID = np.linspace(-30, 30, 200001)
SEED_DX = 8 / 999

mus = st.floats(min_value=-2, max_value=2)
sigmas = st.floats(min_value=0.5, max_value=2)


# --- the seed's numbers -------------------------------------------------------------------------------


def test_seed_constants():
    np.testing.assert_array_equal(SEED_GRID, np.linspace(-4, 4, 1000))
    assert (SEED_FRAMES, SEED_SEARCH_FRAMES) == (89, 100)
    assert (SEED_LOW_KL_THRESHOLD, SEED_COLOR_LOW, SEED_COLOR_HIGH) == (25.0, 10.0, 100.0)
    assert grid_spacing(SEED_GRID) == pytest.approx(SEED_DX)


def test_minimal_seed_unit_kl_is_at_frame_27_of_range_100():
    result = sweep(SEED_SEARCH_FRAMES, seed_units=True)
    seed_frame, seed_value = seed_oracle.seed_min_kl_frame(100)
    assert result.min_frame == seed_frame == 27
    assert result.total[result.min_index] == pytest.approx(seed_value, rel=1e-12)
    assert result.min_frame < SEED_FRAMES  # the minimum lies among the animated frames


def test_sweep_in_seed_units_matches_the_seeds_calculate_kl_at_every_frame():
    result = sweep(np.arange(SEED_SEARCH_FRAMES), seed_units=True)
    seed = np.array([seed_oracle.calculate_kl(f)[:4] for f in range(SEED_SEARCH_FRAMES)])
    np.testing.assert_allclose(result.total, seed[:, 0], rtol=1e-12)
    np.testing.assert_allclose(result.center, seed[:, 1], rtol=1e-12)
    np.testing.assert_allclose(result.tail, seed[:, 2], rtol=1e-12)
    np.testing.assert_allclose(result.tail_share, seed[:, 3], rtol=1e-12)


def test_seed_units_are_nats_over_dx_on_the_seed_grid():
    nats = sweep(SEED_SEARCH_FRAMES)
    seed = sweep(SEED_SEARCH_FRAMES, seed_units=True)
    assert 1 / grid_spacing(SEED_GRID) == pytest.approx(124.875)
    np.testing.assert_allclose(seed.total, nats.total / SEED_DX, rtol=1e-12)
    np.testing.assert_allclose(seed_units_to_nats(seed.total), nats.total, rtol=1e-12)
    # ... and the nats are the closed form, up to the mass the seed's grid cuts off beyond |x| = 4.
    closed = gaussian_kl(0, 1, nats.mu, nats.sigma)
    np.testing.assert_allclose(seed.total * SEED_DX, closed, atol=0.01)


def test_seed_thresholds_in_nats():
    assert seed_units_to_nats(SEED_LOW_KL_THRESHOLD) == pytest.approx(25 * SEED_DX)
    np.testing.assert_allclose(seed_units_to_nats(np.array([10.0, 100.0])), [10 * SEED_DX, 100 * SEED_DX])


# --- independent facts ------------------------------------------------------------------------------------


def test_hand_computed_kl_values():
    assert gaussian_kl(0, 1, 1, 1) == pytest.approx(0.5)  # (mu_p - mu_q)^2 / 2
    assert gaussian_kl(0, 1, 0, 2) == pytest.approx(math.log(2) + 1 / 8 - 1 / 2)
    assert gaussian_kl(0, 2, 0, 1) == pytest.approx(-math.log(2) + 4 / 2 - 1 / 2)
    assert gaussian_kl(0.3, 1.2, 0.3, 1.2) == 0.0


def test_kl_broadcasts():
    values = gaussian_kl(0, 1, np.array([0.0, 1.0, 2.0]), 1)
    np.testing.assert_allclose(values, [0.0, 0.5, 2.0])
    assert isinstance(gaussian_kl(0, 1, 1, 1), float)


@settings(max_examples=25, deadline=None)
@given(mu_p=mus, sigma_p=sigmas, mu_q=mus, sigma_q=st.floats(min_value=1, max_value=2))
def test_kl_split_on_a_wide_fine_grid_is_the_closed_form(mu_p, sigma_p, mu_q, sigma_q):
    p = gaussian_pdf(WIDE_GRID, mu_p, sigma_p)
    q = gaussian_pdf(WIDE_GRID, mu_q, sigma_q)
    closed = gaussian_kl(mu_p, sigma_p, mu_q, sigma_q)
    assert kl_split(WIDE_GRID, p, q).total == pytest.approx(closed, abs=1e-6)
    assert np.trapezoid(kl_div(p, q), WIDE_GRID) == pytest.approx(closed, abs=1e-6)


def test_sweep_on_a_wide_grid_is_the_closed_form_at_every_frame():
    # sigma reaches 0.5 here: on |x| up to 40 the model's density underflows to 0 where N(0, 1)'s does not,
    # so this also checks that sweep works from log densities.
    result = sweep(np.linspace(0, 99, 45), grid=np.linspace(-40, 40, 8001))
    np.testing.assert_allclose(result.total, gaussian_kl(0, 1, result.mu, result.sigma), atol=1e-6)


def test_gaussian_pdf_is_a_density():
    assert gaussian_pdf(0.0, 0.0, 1.0) == pytest.approx(1 / math.sqrt(2 * math.pi))
    assert np.trapezoid(gaussian_pdf(WIDE_GRID, 0.7, 1.3), WIDE_GRID) == pytest.approx(1.0, abs=1e-12)


def test_sweep_path_is_the_seeds():
    mu, sigma = sweep_path(np.array([0.0, 5 * math.pi]))
    np.testing.assert_allclose(mu, [0.5, 0.0], atol=1e-15)
    np.testing.assert_allclose(sigma, [1.0, 1.5])
    mu, sigma = sweep_path(27.5)
    assert (mu, sigma) == (pytest.approx(0.5 * math.cos(2.75)), pytest.approx(1 + 0.5 * math.sin(2.75)))


# --- properties -------------------------------------------------------------------------------------------


@settings(max_examples=50, deadline=None)
@given(mu_p=mus, sigma_p=sigmas, mu_q=mus, sigma_q=sigmas)
def test_kl_is_non_negative(mu_p, sigma_p, mu_q, sigma_q):
    assert gaussian_kl(mu_p, sigma_p, mu_q, sigma_q) >= 0
    assert gaussian_kl(mu_p, sigma_p, mu_p, sigma_p) == 0


# Parameters on a 1/1024 lattice: distinct ones differ enough for KL to be representable (a difference of
# 1e-233 in mu gives a true KL of 1e-466, which no double can hold).
lattice_mus = st.integers(-2048, 2048).map(lambda k: k / 1024)
lattice_sigmas = st.integers(512, 2048).map(lambda k: k / 1024)


@settings(max_examples=50, deadline=None)
@given(mu_p=lattice_mus, sigma_p=lattice_sigmas, mu_q=lattice_mus, sigma_q=lattice_sigmas)
def test_kl_is_zero_only_for_equal_gaussians(mu_p, sigma_p, mu_q, sigma_q):
    kl = gaussian_kl(mu_p, sigma_p, mu_q, sigma_q)
    assert (kl == 0) == (mu_p == mu_q and sigma_p == sigma_q)


def test_kl_of_nearly_equal_gaussians_is_small_and_positive():
    eps = 2.0**-52
    kl = gaussian_kl(0, 1, 0, 1 + eps)
    assert 0 < kl == pytest.approx(eps**2, rel=1e-6)  # (r^2 - 1 - log r^2) / 2 ~ d^2 for r = 1 + d
    assert gaussian_kl(0, 1 + 1e-3, 0, 1) == pytest.approx(math.log(1 / 1.001) + 1.001**2 / 2 - 0.5, rel=1e-9)


@settings(max_examples=50, deadline=None)
@given(mu=mus, sigma_p=sigmas, sigma_q=sigmas, center=st.floats(min_value=0.1, max_value=3.9))
def test_split_parts_are_non_negative_and_add_up(mu, sigma_p, sigma_q, center):
    p = gaussian_pdf(SEED_GRID, 0, sigma_p)
    q = gaussian_pdf(SEED_GRID, mu, sigma_q)
    split = kl_split(SEED_GRID, p, q, center=center)
    assert split.center >= 0 and split.tail >= 0
    assert split.center + split.tail == pytest.approx(split.total, rel=1e-12)
    if split.total > 0:
        assert split.center_share >= 0 and split.tail_share >= 0
        assert split.center_share + split.tail_share == pytest.approx(1.0, rel=1e-12)


def test_split_of_equal_densities_is_zero_with_zero_shares():
    p = gaussian_pdf(SEED_GRID, 0, 1)
    split = kl_split(SEED_GRID, p, p)
    assert (split.total, split.center, split.tail, split.center_share, split.tail_share) == (0, 0, 0, 0, 0)


def test_sweep_rows_are_kl_split_of_the_same_densities():
    frames = np.array([0.0, 13.5, 27.0, 88.0])
    result = sweep(frames)
    p = gaussian_pdf(SEED_GRID, 0, 1)
    for i, (mu, sigma) in enumerate(zip(result.mu, result.sigma, strict=True)):
        split = kl_split(SEED_GRID, p, gaussian_pdf(SEED_GRID, mu, sigma))
        assert result.total[i] == pytest.approx(split.total, rel=1e-12)
        assert result.center[i] == pytest.approx(split.center, rel=1e-12)
        assert result.tail_share[i] == pytest.approx(split.tail_share, rel=1e-12)


def test_sweep_shares_sum_to_one_and_parts_add_up():
    result = sweep(SEED_FRAMES)
    assert result.frames.shape == (SEED_FRAMES,)
    np.testing.assert_allclose(result.center + result.tail, result.total, rtol=1e-14)
    np.testing.assert_allclose(result.center_share + result.tail_share, 1.0, rtol=1e-14)
    assert np.all(result.center_share >= 0) and np.all(result.tail_share >= 0)


def test_sweep_result_arrays_are_read_only_and_inputs_untouched():
    frames = np.array([1.0, 2.0])
    result = sweep(frames)
    frames[0] = 5.0  # the caller's array stays theirs
    assert result.frames[0] == 1.0
    with pytest.raises(ValueError):
        result.total[0] = 0.0
    assert isinstance(sweep(3).min_frame, int)


# --- the path's lowest total KL -------------------------------------------------------------------------
def closed_form_total(frames: np.ndarray) -> np.ndarray:
    """KL(N(0, 1) || N(mu_f, sigma_f)) by the closed form, on the seed's path written out here."""
    mu, sigma = 0.5 * np.cos(frames / 10), 1 + 0.5 * np.sin(frames / 10)
    return np.log(sigma) + (1 + mu**2) / (2 * sigma**2) - 0.5


def test_lowest_frames_are_the_closed_forms_minima_on_a_wide_grid():
    # On a wide grid the sum is the closed form; its minima, found by dense sampling, are the path's
    frames = lowest_frames(np.arange(0, 30), grid=WIDE_GRID)
    dense = np.linspace(0, 29, 2_900_001)
    total = closed_form_total(dense)
    inner = np.flatnonzero((total[1:-1] <= total[:-2]) & (total[1:-1] <= total[2:])) + 1
    np.testing.assert_allclose(frames, dense[inner], atol=2e-5)
    assert len(frames) == 2 and sum(frames) == pytest.approx(10 * math.pi, abs=1e-6)  # mirror images


def test_the_seeds_path_reaches_its_lowest_total_at_mirror_frames():
    frames = lowest_frames(SEED_FRAMES)
    assert len(frames) == 3
    a, b, c = frames
    assert a + b == pytest.approx(10 * math.pi, abs=1e-6)  # t and pi - t: mu mirrored, the same sigma
    assert c - a == pytest.approx(20 * math.pi, abs=1e-6)  # one period later: the same model again
    totals = sweep(np.array(frames)).total
    np.testing.assert_allclose(totals, totals[0], rtol=1e-9)


def test_lowest_frame_is_the_seeds_frame_27_refined_whatever_the_sampling():
    once = lowest_frame(SEED_FRAMES)
    tenths = lowest_frame(np.linspace(0, SEED_FRAMES - 1, (SEED_FRAMES - 1) * 10 + 1))
    assert once == pytest.approx(tenths, abs=1e-6)
    assert abs(once - sweep(SEED_FRAMES).min_frame) < 0.5
    fine = sweep(np.linspace(26, 28, 2001))
    assert sweep(np.array([once])).total[0] <= fine.total.min()
    h = 1e-3
    assert sweep(np.array([once - h, once + h])).total.min() > sweep(np.array([once])).total[0]


def test_lowest_frames_returns_an_end_where_the_total_falls_towards_it():
    assert lowest_frames(np.array([0.0, 3.0])) == (3.0,)
    assert lowest_frames(np.array([3.0])) == (3.0,)
    assert lowest_frame(np.array([1.0, 2.0, 3.0])) == 3.0


def test_lowest_frames_refuses_what_sweep_refuses():
    with pytest.raises(TypeError):
        lowest_frames("89")
    with pytest.raises(ValueError, match="frames"):
        lowest_frames(np.array([]))
