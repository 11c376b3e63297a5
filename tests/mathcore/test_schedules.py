"""Learning-rate schedules: the seed's per-step formulas at every integer step, and their shape."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathcore import RUNS, SCHEDULES, cosine_lr, linear_lr
from tests import seed_oracle

SEED_PAIRS = [(cosine_lr, seed_oracle.cosine_lr_schedule), (linear_lr, seed_oracle.linear_lr_schedule)]


@pytest.mark.parametrize(("ours", "seeds"), SEED_PAIRS, ids=["cosine", "linear"])
@pytest.mark.parametrize(
    "params",
    [(4730, 700, 6e-4, 6e-5), (30803, 700, 2e-4, 2e-5), (3000, 0, 3e-4, 0.0), (5000, 250, 3e-4, 3e-5)],
    ids=["gpt2-124m-1x", "gpt2-1.6b-1x", "no-warmup", "small"],
)
def test_equal_to_the_seeds_formulas_at_every_integer_step(ours, seeds, params):
    total, warmup, max_lr, min_lr = params
    steps = np.arange(total)
    expected = np.array([seeds(int(s), total, warmup, max_lr, min_lr) for s in steps])
    np.testing.assert_allclose(ours(steps, total, warmup, max_lr, min_lr), expected, rtol=1e-12, atol=0)


def test_the_run_evaluates_its_own_schedule():
    olmo = RUNS["olmo-7b"]
    steps = np.array([0, 4999, 5000, 300000, 614999])
    expected = [seed_oracle.linear_lr_schedule(int(s), 615000, 5000, 3e-4, 3e-5) for s in steps]
    np.testing.assert_allclose(olmo.lr(steps), expected, rtol=1e-12, atol=0)
    assert SCHEDULES["linear"] is linear_lr and SCHEDULES["cosine"] is cosine_lr


@pytest.mark.parametrize("schedule", [cosine_lr, linear_lr])
def test_hand_checked_points(schedule):
    assert schedule(0, 4730) == 0.0  # warm-up starts from zero, as in the seed
    assert schedule(350, 4730) == pytest.approx(3e-4)  # halfway through warm-up
    assert schedule(700, 4730) == pytest.approx(6e-4)  # warm-up end = max_lr
    assert schedule(4730, 4730) == pytest.approx(6e-5)  # the end of training = min_lr
    assert schedule(4729, 4730) == pytest.approx(6e-5, rel=1e-2)  # the last step is close to min_lr


def test_cosine_is_halfway_at_the_middle_of_the_decay():
    assert cosine_lr(2715, 4730) == pytest.approx((6e-4 + 6e-5) / 2)


def test_scalars_in_scalars_out_arrays_keep_their_shape():
    assert isinstance(cosine_lr(10, 4730), float)
    assert linear_lr(np.zeros((2, 3)), 4730).shape == (2, 3)
    assert cosine_lr(np.array([1700.5]), 4730).shape == (1,)  # fractional steps are fine


runs = st.integers(2, 20000).flatmap(
    lambda total: st.tuples(
        st.just(total),
        st.integers(0, total - 1),
        st.floats(1e-6, 1e-2),
        st.floats(0, 1),
    )
)


@settings(max_examples=40, deadline=None)
@given(run=runs, name=st.sampled_from(["cosine", "linear"]))
def test_lr_stays_in_range_rises_in_warmup_and_never_rises_after(run, name):
    total, warmup, max_lr, min_fraction = run
    min_lr = max_lr * min_fraction
    lr = SCHEDULES[name](np.arange(total + 1), total, warmup, max_lr, min_lr)
    assert np.all(lr >= 0) and np.all(lr <= max_lr * (1 + 1e-12))
    assert np.all(np.diff(lr[: warmup + 1]) >= 0)
    assert np.all(np.diff(lr[warmup:]) <= 1e-12 * max_lr)
    assert lr[-1] == pytest.approx(min_lr, abs=1e-12 * max_lr)
