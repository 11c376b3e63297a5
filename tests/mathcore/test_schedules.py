"""Learning-rate schedules: the seed's per-step formulas at every integer step, and their shape."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathcore import RUNS, SCHEDULES, SEED_RUNS, WARMUPS, TrainingRun, cosine_lr, linear_lr
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
    olmo = SEED_RUNS["olmo-7b"]
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


# --- warm-up conventions: the trainers' own get_lr, copied as slow per-step references ----------------------


def llmc_get_lr(it, learning_rate, warmup_iters, num_iterations, learning_rate_decay_frac):
    """karpathy/llm.c train_gpt2.py get_lr (the same in forgetting-contamination llm.c/train_gpt.py)."""
    min_lr = learning_rate * learning_rate_decay_frac
    if it < warmup_iters:
        return learning_rate * (it + 1) / warmup_iters
    if it > num_iterations:
        return min_lr
    decay_ratio = (it - warmup_iters) / (num_iterations - warmup_iters)
    assert 0 <= decay_ratio <= 1
    coeff = 0.5 * (1.0 + math.cos(math.pi * decay_ratio))
    return min_lr + coeff * (learning_rate - min_lr)


def olmo_get_lr(step, initial_lr, warmup_steps, max_steps, alpha_f):
    """allenai/OLMo olmo/optim.py LinearWithWarmup.get_lr with Scheduler._linear_warmup (warmup_min_lr
    unset, so 0.1 * initial_lr); OLMo's step is 1 for the first update."""
    eta_min = initial_lr * alpha_f
    if step < warmup_steps:
        warmup_min_lr = initial_lr * 0.10
        return warmup_min_lr + (initial_lr - warmup_min_lr) * min(step, warmup_steps) / warmup_steps
    elif step >= max_steps:
        return eta_min
    step = step - warmup_steps
    max_steps = max_steps - warmup_steps
    return initial_lr - (initial_lr - eta_min) * (step / max_steps)


def test_llmc_warmup_equals_llmc_get_lr_at_every_step():
    run = RUNS["gpt2-124m-1x"]
    expected = [llmc_get_lr(t, 6e-4, 700, 4730, 0.1) for t in range(4730)]
    np.testing.assert_allclose(run.lr(np.arange(4730)), expected, rtol=1e-12, atol=0)
    assert run.lr(0) == pytest.approx(6e-4 / 700) and run.lr(699) == pytest.approx(6e-4)


def test_olmo_warmup_equals_olmos_scheduler_to_one_step_of_the_decay():
    # Warm-up: t = OLMo's step - 1, exactly. After it mathcore keeps the seed's decay (t - w) / (T - w),
    # OLMo's is (t + 1 - w) / (T - w): one step of a 553,223-step decay, 5e-7 of max_lr (docs/runs.md).
    total, warmup = 558223, 5000
    run = TrainingRun("olmo", total, warmup, 3e-4, 3e-5, 0.1, "linear", warmup="olmo")
    t = np.arange(warmup)
    expected = [olmo_get_lr(int(s) + 1, 3e-4, warmup, total, 0.1) for s in t]
    np.testing.assert_allclose(run.lr(t), expected, rtol=1e-12, atol=0)
    later = np.array([5000, 100000, 300000, 558222])
    expected = [olmo_get_lr(int(s) + 1, 3e-4, warmup, total, 0.1) for s in later]
    np.testing.assert_allclose(run.lr(later), expected, rtol=0, atol=3e-4 / (total - warmup))


@pytest.mark.parametrize("warmup", list(WARMUPS))
@pytest.mark.parametrize("schedule", [cosine_lr, linear_lr])
def test_every_warmup_rises_to_max_lr_and_leaves_the_decay_alone(schedule, warmup):
    lr = schedule(np.arange(1001), 1000, 100, 1e-3, 1e-4, warmup=warmup)
    seed = schedule(np.arange(1001), 1000, 100, 1e-3, 1e-4)
    assert np.all(np.diff(lr[:100]) > 0) and np.all(lr[:100] <= 1e-3 * (1 + 1e-15))
    assert np.array_equal(lr[100:], seed[100:])
    assert lr[0] == {"seed": 0.0, "llm.c": 1e-5, "olmo": pytest.approx(1e-4 + 0.9e-5)}[warmup]


def test_an_unknown_warmup_is_refused_by_name():
    with pytest.raises(ValueError, match="^warmup must be one of 'seed', 'llm.c', 'olmo', got 'linear'"):
        cosine_lr(0, 4730, warmup="linear")
    with pytest.raises(ValueError, match="^warmup must be one of"):
        TrainingRun("r", 1000, 10, 1e-3, 1e-4, 0.1, warmup="LLM.C")


# --- a decay that ends before the run does (OLMo read by its configured duration) ------------------------


def test_decay_steps_equal_olmos_scheduler_holding_eta_min_after_max_steps():
    total, warmup, configured = 558223, 5000, 476838
    run = TrainingRun("olmo", total, warmup, 3e-4, 3e-5, 0.1, "linear", warmup="olmo", decay_steps=configured)
    steps = np.array([0, 4999, 5000, 200000, 476836, 476837, 476838, 500000, 558222])
    expected = [olmo_get_lr(int(s) + 1, 3e-4, warmup, configured, 0.1) for s in steps]
    np.testing.assert_allclose(run.lr(steps), expected, rtol=0, atol=3e-4 / (configured - warmup))
    after = np.arange(configured, total)
    assert np.all(run.lr(after) == 3e-5)  # held exactly at the final learning rate


@pytest.mark.parametrize("schedule", [cosine_lr, linear_lr])
def test_decay_steps_at_the_end_change_nothing_and_earlier_compress_the_decay(schedule):
    steps = np.arange(1001)
    assert np.array_equal(
        schedule(steps, 1000, 100, 1e-3, 1e-4, decay_steps=1000), schedule(steps, 1000, 100, 1e-3, 1e-4)
    )
    short = schedule(steps, 1000, 100, 1e-3, 1e-4, decay_steps=500)
    np.testing.assert_allclose(short[:501], schedule(np.arange(501), 500, 100, 1e-3, 1e-4), rtol=1e-15)
    assert np.all(short[500:] == 1e-4)


def test_decay_steps_outside_the_run_are_refused_by_name():
    with pytest.raises(ValueError, match=r"^decay_steps must be an integer in \[101, total_steps = 1000\]"):
        cosine_lr(0, 1000, 100, decay_steps=100)
    with pytest.raises(ValueError, match=r"^decay_steps must be an integer in \[11, total_steps = 1000\]"):
        TrainingRun("r", 1000, 10, 1e-3, 1e-4, 0.1, decay_steps=1001)
    with pytest.raises(TypeError, match="^decay_steps must be"):
        TrainingRun("r", 1000, 10, 1e-3, 1e-4, 0.1, decay_steps=500.0)
