"""Cumulative weight decay and the composition of the final weights: the seed's loops, a direct double loop,
and the properties any decay must have."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mathcore.decay
from mathcore import (
    DEFAULT_START_FRACTIONS,
    RUNS,
    SEED_RUNS,
    Headline,
    TrainingRun,
    composition,
    decay_curve,
    decay_curve_sampled,
    final_decay,
    headline,
    part_boundaries,
    sensitivity,
    start_steps,
)
from tests import seed_oracle

SMALL_LINEAR = TrainingRun("small linear", 6000, 300, 3e-4, 3e-5, 0.1, schedule="linear")
ORACLE_RUNS = [SEED_RUNS["gpt2-124m-1x"], SEED_RUNS["gpt2-1.6b-1x"], SMALL_LINEAR]  # the seed's warm-up
ORACLE_IDS = ["gpt2-124m-1x", "gpt2-1.6b-1x", "small-linear"]


def _seed_args(run: TrainingRun) -> tuple:
    return run.total_steps, run.weight_decay, run.warmup_steps, run.max_lr, run.min_lr


def _direct_exact_composition(run: TrainingRun, parts: int) -> np.ndarray:
    """c_t = eta_t * prod_{s>t} (1 - eta_s lambda), by a plain double loop, summed over each part."""
    lr = [float(run.lr(t)) for t in range(run.total_steps)]
    coefficients = []
    for t in range(run.total_steps):
        product = 1.0
        for s in range(t + 1, run.total_steps):
            product *= 1 - lr[s] * run.weight_decay
        coefficients.append(lr[t] * product)
    bounds = [k * run.total_steps // parts for k in range(parts + 1)]
    sums = [sum(coefficients[a:b]) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
    return np.array(sums) / sum(sums)


# --- the seed's loops -------------------------------------------------------------------------------------


@pytest.mark.parametrize("run", ORACLE_RUNS, ids=ORACLE_IDS)
def test_decay_curves_equal_the_seeds_loops(run):
    seed_curves = seed_oracle.seed_decay_curves(*_seed_args(run), get_lr=seed_oracle.schedule_of(run))
    assert list(seed_curves) == list(start_steps(run))
    for start, seed_curve in seed_curves.items():
        np.testing.assert_allclose(decay_curve(run, start), seed_curve, rtol=1e-12, atol=0)


@pytest.mark.parametrize("run", ORACLE_RUNS, ids=ORACLE_IDS)
def test_seed_composition_equals_the_seeds_loop(run):
    seed = seed_oracle.seed_composition(*_seed_args(run), get_lr=seed_oracle.schedule_of(run))
    np.testing.assert_allclose(composition(run, method="seed"), seed, rtol=1e-12, atol=0)


def test_start_steps_are_the_seeds():
    for run in [*RUNS.values(), *SEED_RUNS.values()]:
        expected = [int(i / 100 * run.total_steps) for i in range(0, 100, 10)]
        assert start_steps(run).tolist() == expected
    assert DEFAULT_START_FRACTIONS == tuple(i / 100 for i in range(0, 100, 10))


# --- independent facts ------------------------------------------------------------------------------------


@pytest.mark.parametrize("schedule", ["cosine", "linear"])
def test_exact_composition_equals_a_direct_double_loop(schedule):
    run = TrainingRun("tiny", 200, 20, 0.01, 0.001, 0.5, schedule=schedule)
    for parts in (1, 3, 10, 200):
        np.testing.assert_allclose(composition(run, parts), _direct_exact_composition(run, parts), rtol=1e-12)


@pytest.mark.parametrize("key", list(RUNS))
def test_exact_composition_is_the_sum_of_the_coefficients_for_every_preset(key):
    # composition() sums c_t in closed form (the sum telescopes); here c_t is summed term by term, with
    # prod_{s>t} (1 - eta_s lambda) as a reversed running sum of log1p.
    run = RUNS[key]
    lr = run.lr(np.arange(run.total_steps))
    log_f = np.log1p(-lr * run.weight_decay)
    after = np.exp(np.concatenate([np.cumsum(log_f[::-1])[::-1][1:], [0.0]]))  # prod_{s>t} f_s
    bounds = part_boundaries(run.total_steps, 10)
    weights = np.array([np.sum((lr * after)[a:b]) for a, b in zip(bounds[:-1], bounds[1:], strict=True)])
    np.testing.assert_allclose(composition(run, 10), weights / weights.sum(), rtol=1e-9)


def test_hand_computed_decay():
    run = TrainingRun("constant-ish", 3, 0, 0.1, 0.1, 0.5, schedule="linear")  # lr = 0.1 at every step
    np.testing.assert_allclose(decay_curve(run, 0), [0.95, 0.95**2, 0.95**3], rtol=1e-15)
    np.testing.assert_allclose(final_decay(run, [0.0, 0.5]), [0.95**3, 0.95**2], rtol=1e-15)
    # c_t = 0.1 * 0.95^(2 - t): shares proportional to 0.95^2, 0.95, 1.
    weights = np.array([0.95**2, 0.95, 1.0])
    np.testing.assert_allclose(composition(run, 3), weights / weights.sum(), rtol=1e-15)


def test_without_weight_decay_nothing_is_forgotten():
    run = TrainingRun("no decay", 1000, 100, 1e-3, 1e-4, 0.0)
    assert np.all(decay_curve(run, 0) == 1.0)
    lr = run.lr(np.arange(1000))
    np.testing.assert_allclose(composition(run, 10), lr.reshape(10, 100).sum(axis=1) / lr.sum(), rtol=1e-12)


def test_final_decay_is_the_last_point_of_each_curve():
    for run in RUNS.values():
        if run.total_steps > 100_000:
            continue
        ends = [decay_curve(run, s)[-1] for s in start_steps(run)]
        np.testing.assert_allclose(final_decay(run), ends, rtol=1e-12)


def test_sampled_curve_keeps_both_ends_and_the_curves_values():
    run = RUNS["gpt2-1.6b-1x"]
    curve = decay_curve(run, 3080)
    steps, factors = decay_curve_sampled(run, 3080, max_points=400)
    assert len(steps) == 400 and steps[0] == 3080 and steps[-1] == run.total_steps - 1
    assert np.all(np.diff(steps) > 0)
    np.testing.assert_allclose(factors, curve[steps - 3080], rtol=1e-13)
    steps, factors = decay_curve_sampled(run, run.total_steps - 5)
    assert steps.tolist() == list(range(run.total_steps - 5, run.total_steps))


def test_the_seeds_mid_step_approximation_is_close_to_exact_for_every_preset():
    for run in RUNS.values():
        gap = np.abs(composition(run, method="seed") - composition(run, method="exact"))
        assert gap.max() < 0.005


def test_part_boundaries():
    assert part_boundaries(4730).tolist() == [473 * k for k in range(11)]
    assert part_boundaries(7, 3).tolist() == [0, 2, 4, 7]
    assert part_boundaries(5, 5).tolist() == [0, 1, 2, 3, 4, 5]


# --- properties -------------------------------------------------------------------------------------------

run_strategy = st.integers(2, 3000).flatmap(
    lambda total: st.builds(
        TrainingRun,
        name=st.just("hypothesis"),
        total_steps=st.just(total),
        warmup_steps=st.integers(0, total - 1),
        max_lr=st.floats(1e-5, 1e-2),
        min_lr=st.just(0.0),
        weight_decay=st.floats(0.0, 1.0),
        schedule=st.sampled_from(["cosine", "linear"]),
    )
)


@settings(max_examples=40, deadline=None)
@given(run=run_strategy, start_fraction=st.floats(0, 0.999))
def test_decay_factors_are_in_0_1_and_never_grow(run, start_fraction):
    curve = decay_curve(run, int(start_fraction * run.total_steps))
    assert np.all(curve > 0) and np.all(curve <= 1)
    assert np.all(np.diff(curve) <= 0)


@settings(max_examples=40, deadline=None)
@given(run=run_strategy, parts=st.integers(1, 20), method=st.sampled_from(["exact", "seed"]))
def test_composition_shares_are_non_negative_and_sum_to_one(run, parts, method):
    shares = composition(run, min(parts, run.total_steps), method=method)
    assert np.all(shares >= 0)
    assert shares.sum() == pytest.approx(1.0, rel=1e-12)


@settings(max_examples=40, deadline=None)
@given(run=run_strategy, parts=st.integers(1, 20))
def test_splitting_every_part_in_two_and_summing_changes_nothing(run, parts):
    parts = min(parts, run.total_steps // 2)
    if parts == 0:
        return
    # k * T // parts = 2k * T // (2 parts): the halves nest in the whole parts for every T.
    halves = composition(run, 2 * parts)
    np.testing.assert_allclose(halves[0::2] + halves[1::2], composition(run, parts), rtol=1e-9, atol=1e-15)


# --- huge runs: no loops, no underflow --------------------------------------------------------------------


def _clear_caches():
    mathcore.decay._arrays.cache_clear()
    mathcore.decay._blocks.cache_clear()


@pytest.fixture
def fresh_cache():
    """Empty mathcore's per-run caches before and after the test (a run's whole arrays: 24 bytes a step)."""
    _clear_caches()
    yield
    _clear_caches()


def test_a_ten_million_step_run(fresh_cache):
    run = TrainingRun("10^7 steps", 10_000_000, 10_000, 6e-4, 6e-5, 0.1)
    ends = final_decay(run)
    assert np.all(np.isfinite(ends)) and np.all(ends > 0) and np.all(ends <= 1)
    assert np.all(np.diff(ends) > 0)  # later updates are forgotten less
    for method in ("exact", "seed"):
        shares = composition(run, method=method)
        assert np.all(np.isfinite(shares)) and shares.sum() == pytest.approx(1.0)


def test_a_run_whose_decay_leaves_the_double_range(fresh_cache):
    # Total log-decay about -2500: exp() of it is below the smallest double, so the cumulative product of
    # the seed (or exp of the prefix sums) would hit 0 early; the log-space differences stay exact.
    run = TrainingRun("heavy decay", 200_000, 1000, 0.05, 0.005, 0.5)
    assert mathcore.decay._arrays(run).prefix is None  # the underflow-safe path
    late = 199_000
    lr = run.lr(np.arange(late, run.total_steps))
    direct = np.cumprod(1 - lr * run.weight_decay)
    np.testing.assert_allclose(decay_curve(run, late), direct, rtol=1e-10)
    ends = final_decay(run)
    assert ends[0] == 0.0  # the true value, about e^-2500, is below 1e-308
    assert ends[-1] == pytest.approx(math.exp(np.log1p(-run.lr(np.arange(180_000, 200_000)) * 0.5).sum()))
    for method in ("exact", "seed"):
        shares = composition(run, method=method)
        assert np.all(np.isfinite(shares)) and shares.sum() == pytest.approx(1.0)


def test_both_evaluation_paths_agree(monkeypatch, fresh_cache):
    # Where exp(prefix sums) cannot underflow, decay is a ratio of two cached cumulative products (fast);
    # elsewhere it is exp of a difference of prefix sums (safe). Forcing the safe path changes nothing.
    run = RUNS["gpt2-124m-15x"]
    assert mathcore.decay._arrays(run).prefix is not None
    fast = (decay_curve(run, 7050), final_decay(run), composition(run), composition(run, method="seed"))
    monkeypatch.setattr(mathcore.decay, "_LOG_SAFE", math.inf)
    mathcore.decay._arrays.cache_clear()
    assert mathcore.decay._arrays(run).prefix is None
    safe = (decay_curve(run, 7050), final_decay(run), composition(run), composition(run, method="seed"))
    for a, b in zip(fast, safe, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12)


# --- long runs: summed chunk by chunk, never held whole -----------------------------------------------------


@pytest.fixture
def chunked(monkeypatch, fresh_cache):
    """Every run longer than 1000 steps takes the chunked path, with small chunks and blocks so that a run of
    a few million steps has many of each (and blocks straddle chunks: 2^14 is no multiple of the stride)."""
    monkeypatch.setattr(mathcore.decay, "_CHUNKED_ABOVE", 1000)
    monkeypatch.setattr(mathcore.decay, "_CHUNK", 1 << 14)
    monkeypatch.setattr(mathcore.decay, "_MAX_BLOCKS", 1000)


def _scene_numbers(run: TrainingRun) -> dict[str, np.ndarray]:
    """What the scenes ask of a run, plus one whole curve."""
    numbers = {f"sampled {s}": decay_curve_sampled(run, int(s), max_points=400)[1] for s in start_steps(run)}
    numbers["final"] = final_decay(run)
    numbers["curve"] = decay_curve(run, int(start_steps(run)[7]))
    for parts in (1, 10, 37):
        for method in ("exact", "seed"):
            numbers[f"{method} {parts}"] = composition(run, parts, method=method)
    return numbers


@pytest.mark.parametrize(
    "run",
    [
        TrainingRun("3M cosine", 3_000_017, 2_500, 6e-4, 6e-5, 0.1),
        TrainingRun("2.5M linear to 0", 2_500_003, 0, 3e-4, 0.0, 0.5, schedule="linear"),
    ],
    ids=["cosine", "linear"],
)
def test_the_chunked_path_equals_the_whole_array_path(run, monkeypatch, fresh_cache):
    whole = _scene_numbers(run)
    assert mathcore.decay._blocks.cache_info().currsize == 0
    monkeypatch.setattr(mathcore.decay, "_CHUNKED_ABOVE", 1000)
    monkeypatch.setattr(mathcore.decay, "_CHUNK", 1 << 14)
    monkeypatch.setattr(mathcore.decay, "_MAX_BLOCKS", 1000)
    _clear_caches()
    chunked = _scene_numbers(run)
    assert mathcore.decay._arrays.cache_info().currsize == 0  # no whole arrays were made
    assert mathcore.decay._blocks(run).stride == -(-run.total_steps // 1000)
    for key, value in whole.items():
        assert chunked[key].shape == value.shape
        np.testing.assert_allclose(chunked[key], value, rtol=1e-10, atol=0, err_msg=key)


def test_the_chunked_path_follows_a_decay_that_ends_early(monkeypatch, fresh_cache):
    # 300k steps held at min_lr: a long run of equal tiny log-factors, where the whole-array cumsum rounds
    # more than the block sums (about 3e-10 of a share here), so the tolerance is 1e-9.
    run = TrainingRun(
        "1M, decay ends early", 1_000_003, 700, 6e-4, 6e-5, 0.01, warmup="llm.c", decay_steps=700_001
    )
    whole = _scene_numbers(run)
    monkeypatch.setattr(mathcore.decay, "_CHUNKED_ABOVE", 1000)
    monkeypatch.setattr(mathcore.decay, "_CHUNK", 1 << 14)
    monkeypatch.setattr(mathcore.decay, "_MAX_BLOCKS", 1000)
    _clear_caches()
    chunked = _scene_numbers(run)
    assert mathcore.decay._arrays.cache_info().currsize == 0
    for key, value in whole.items():
        np.testing.assert_allclose(chunked[key], value, rtol=1e-9, atol=0, err_msg=key)


def test_a_chunk_of_the_schedule_is_the_same_slice_of_the_whole():
    from mathcore.schedules import _on_range, _on_steps

    for schedule in ("cosine", "linear"):
        args = (schedule, 100_000, 5_000, 6e-4, 6e-5)
        whole = _on_range(*args)
        for a, b in ((0, 100), (4_990, 5_010), (5_000, 70_000), (99_999, 100_000)):
            assert np.array_equal(_on_range(*args, a, b), whole[a:b])
        steps = np.array([[0, 4_999, 5_000], [12_345, 99_999, 7]])
        assert np.array_equal(_on_steps(schedule, steps, *args[1:]), whole[steps])


def test_few_and_many_indices_give_the_same_prefix_sums(chunked):
    # A few indices continue from their block; many are picked up in one pass: both are the true sums.
    run = TrainingRun("200k", 200_003, 1_000, 1e-3, 1e-4, 0.1)
    lr = run.lr(np.arange(run.total_steps))
    log_prefix = np.concatenate([[0.0], np.cumsum(np.log1p(-lr * run.weight_decay))])
    stride = mathcore.decay._blocks(run).stride
    few = np.array([0, 1, stride - 1, stride, stride + 1, 123_457, run.total_steps - 1, run.total_steps])
    many = np.arange(run.total_steps + 1)[::-1]  # any order
    assert few.size * stride <= run.total_steps < many.size * stride
    scale = abs(log_prefix[-1])
    for k in (few, many, few.reshape(2, 4)):
        chunked = mathcore.decay._log_prefix_at(run, k)
        np.testing.assert_allclose(chunked, log_prefix[k], rtol=0, atol=1e-13 * scale)
    lr_prefix = np.concatenate([[0.0], np.cumsum(lr)])
    for bounds in (part_boundaries(run.total_steps, 7), np.array([0, 5, 5, stride, 3 * stride + 1, 200_003])):
        sums = mathcore.decay._lr_part_sums(run, bounds)
        np.testing.assert_allclose(sums, np.diff(lr_prefix[bounds]), rtol=1e-12, atol=0)
    bounds = part_boundaries(run.total_steps, 40_000)  # many parts: one pass
    sums = mathcore.decay._lr_part_sums(run, bounds)
    np.testing.assert_allclose(sums, np.add.reduceat(lr, bounds[:-1]), rtol=1e-12, atol=0)


def test_many_parts_of_a_chunked_run(monkeypatch, chunked):
    # More parts than blocks: L and the sums of eta are picked up in one pass instead of block by block.
    run = TrainingRun("200k", 200_003, 1_000, 1e-3, 1e-4, 0.1)
    halves, whole = composition(run, 20_000), composition(run, 10_000)
    np.testing.assert_allclose(halves[0::2] + halves[1::2], whole, rtol=1e-9)
    shares = {method: composition(run, run.total_steps, method=method) for method in ("exact", "seed")}
    assert shares["exact"][0] == 0 and np.all(shares["exact"][1:] > 0)  # one share per step; lr = 0 at step 0
    assert np.all(shares["seed"] >= 0)  # the seed's float boundaries leave some parts empty
    monkeypatch.setattr(mathcore.decay, "_CHUNKED_ABOVE", 10**9)
    for method, value in shares.items():
        assert value.sum() == pytest.approx(1.0, rel=1e-12)
        np.testing.assert_allclose(value, composition(run, run.total_steps, method=method), rtol=1e-9)


def test_a_hundred_million_step_run(fresh_cache):
    # A run users may well describe: 10^8 steps. It is summed chunk by chunk: nothing of its size is kept.
    run = TrainingRun("10^8 steps", 100_000_000, 10_000, 1e-5, 1e-6, 0.01)
    starts = start_steps(run)
    ends = final_decay(run)
    assert np.all(np.isfinite(ends)) and np.all(ends > 0) and np.all(ends < 1)
    assert np.all(np.diff(ends) > 0)  # later updates are forgotten less
    for start, end in zip(starts, ends, strict=True):
        steps, factors = decay_curve_sampled(run, int(start), max_points=400)
        assert len(steps) == 400 and steps[0] == start and steps[-1] == run.total_steps - 1
        assert np.all(np.isfinite(factors)) and np.all(factors > 0) and np.all(factors <= 1)
        assert np.all(np.diff(factors) <= 0)
        assert factors[0] == pytest.approx(1 - run.lr(int(start)) * run.weight_decay, rel=1e-12)
        assert factors[-1] == pytest.approx(end, rel=1e-12)
    exact = composition(run, 10, method="exact")
    seed = composition(run, 10, method="seed")
    for shares in (exact, seed):
        assert np.all(np.isfinite(shares)) and np.all(shares > 0) and shares.sum() == pytest.approx(1.0)
    assert np.abs(exact - seed).max() < 0.005
    # The caches hold no whole arrays: a few blocks of running sums (<= 1 MB), and no _arrays at all.
    assert mathcore.decay._arrays.cache_info().currsize == 0
    blocks = mathcore.decay._blocks(run)
    assert blocks.log_prefix.nbytes + blocks.lr_sums.nbytes <= 2 * 8 * (mathcore.decay._MAX_BLOCKS + 2)


def test_a_weight_decay_too_small_to_show_forgets_nothing():
    # lambda eta underflows (5e-324 is the smallest double): the telescoped form would give 0 / lambda = 0 for
    # every part and the shares 0 / 0. Every decay factor is 1, so the shares are those of the lrs.
    for weight_decay in (5e-324, 1e-300):
        run = TrainingRun("tiny decay", 1000, 10, 8e-3, 0.0, weight_decay)
        lr = run.lr(np.arange(1000))
        np.testing.assert_allclose(composition(run, 4), lr.reshape(4, 250).sum(axis=1) / lr.sum(), rtol=1e-12)
    assert mathcore.decay._forgets_nothing(TrainingRun("no decay", 1000, 10, 8e-3, 0.0, 0.0))
    assert not mathcore.decay._forgets_nothing(TrainingRun("some decay", 1000, 10, 8e-3, 0.0, 1e-15))


# --- headline numbers and their sensitivity to an assumed value -------------------------------------------


def _independent_headline(total, warmup, max_lr, min_lr, weight_decay) -> tuple[float, float, float]:
    """The cosine schedule with the seed's warm-up written out here, the first update's decay as a direct
    product, the tenths' weights as sums of c_t = eta_t * prod_{s>t} (1 - eta_s lambda) (reversed cumprod)."""
    t = np.arange(total, dtype=float)
    decay = min_lr + 0.5 * (max_lr - min_lr) * (1 + np.cos(np.pi * (t - warmup) / (total - warmup)))
    lr = np.where(t < warmup, max_lr * t / warmup, decay)
    factors = 1 - lr * weight_decay
    keeps = np.prod(factors)
    after = np.append(np.cumprod(factors[::-1])[::-1][1:], 1.0)
    c = lr * after
    bounds = [k * total // 10 for k in range(11)]
    tenths = np.array([c[a:b].sum() for a, b in zip(bounds[:-1], bounds[1:], strict=True)])
    return keeps, tenths[0] / tenths.sum(), tenths[-1] / tenths.sum()


def test_sensitivity_of_llamas_assumed_weight_decay_equals_an_independent_computation():
    run = RUNS["llama3-405b"]
    rows = sensitivity(run)
    assert [v for v, _ in rows] == [0.1, 0.05, 0.01]  # the assumed value first
    for value, numbers in rows:
        expected = _independent_headline(1200000, 8000, 8e-5, 8e-7, value)
        np.testing.assert_allclose(
            [numbers.first_update_keeps, numbers.first_tenth, numbers.last_tenth], expected, rtol=1e-9
        )
    # The table: the claim "has forgotten its early data" holds at 0.1, not at 0.01.
    keeps = {v: h.first_update_keeps for v, h in rows}
    assert keeps[0.1] < 0.01 < 0.5 < keeps[0.01]


def test_headline_is_the_first_final_decay_and_the_outer_shares():
    run = RUNS["gpt2-124m-15x"]
    shares = composition(run, 10)
    assert headline(run) == Headline(float(final_decay(run)[0]), float(shares[0]), float(shares[-1]))


def test_sensitivity_keeps_the_order_given_and_the_runs_value_first():
    run = RUNS["gpt2-124m-1x"]
    rows = sensitivity(run, "weight_decay", [0.01, 0.1, 0.3])
    assert [v for v, _ in rows] == [0.1, 0.01, 0.3]
    assert rows[0][1] == headline(run)
    assert [v for v, _ in sensitivity(run, "total_steps", [2000])] == [4730, 2000]


def test_sensitivity_refuses_what_a_run_cannot_take_by_name():
    run = RUNS["gpt2-124m-1x"]
    with pytest.raises(ValueError, match="^parameter must be one of"):
        sensitivity(run, "name")
    with pytest.raises(ValueError, match="^values must be given for parameter 'max_lr'"):
        sensitivity(run, "max_lr")
    with pytest.raises(ValueError, match="^weight_decay must be >= 0 and finite, got -0.1"):
        sensitivity(run, "weight_decay", [-0.1])
    with pytest.raises(TypeError, match="^values must be a list or tuple"):
        sensitivity(run, "weight_decay", 0.05)


def test_assumed_names_run_values():
    run = TrainingRun("r", 1000, 10, 1e-3, 1e-4, 0.1, assumed=["weight_decay", "total_steps"])
    assert run.assumed == ("weight_decay", "total_steps")
    assert hash(run) == hash(
        TrainingRun("r", 1000, 10, 1e-3, 1e-4, 0.1, assumed=("weight_decay", "total_steps"))
    )
    with pytest.raises(ValueError, match="^assumed must be a list of distinct names from .*, got 'wd'"):
        TrainingRun("r", 1000, 10, 1e-3, 1e-4, 0.1, assumed=["wd"])
    with pytest.raises(ValueError, match="a name twice"):
        TrainingRun("r", 1000, 10, 1e-3, 1e-4, 0.1, assumed=["max_lr", "max_lr"])
    with pytest.raises(TypeError, match="^assumed must be"):
        TrainingRun("r", 1000, 10, 1e-3, 1e-4, 0.1, assumed="weight_decay")


def test_sensitivity_of_olmos_decay_end_equals_an_independent_computation():
    # OLMo read by its configured duration: linear decay to 3e-5 at step 476838, then 3e-5 to the end; the
    # warm-up from 0.1 of the peak. Written out here with numpy, products taken directly.
    run = RUNS["olmo-7b"]
    rows = sensitivity(run, "decay_steps", [476838])
    assert [v for v, _ in rows] == [558223, 476838]
    total, w, peak, low = 558223, 5000, 3e-4, 3e-5
    t = np.arange(total, dtype=float)
    for end, numbers in rows:
        lr = np.where(
            t < w,
            peak * (0.1 + 0.9 * (t + 1) / w),
            low + (peak - low) * (1 - (np.minimum(t, end) - w) / (end - w)),
        )
        factors = 1 - 0.1 * lr
        after = np.append(np.cumprod(factors[::-1])[::-1][1:], 1.0)
        c = lr * after
        bounds = [k * total // 10 for k in range(11)]
        tenths = np.array([c[a:b].sum() for a, b in zip(bounds[:-1], bounds[1:], strict=True)])
        expected = [np.prod(factors), tenths[0] / tenths.sum(), tenths[-1] / tenths.sum()]
        got = [numbers.first_update_keeps, numbers.first_tenth, numbers.last_tenth]
        np.testing.assert_allclose(got, expected, rtol=1e-8)
