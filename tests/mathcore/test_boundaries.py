"""mathcore's boundaries: a wrong type is a TypeError naming the parameter, a wrong value a ValueError naming
it with what is allowed, and nothing it accepts comes back NaN or infinite (hypothesis over the whole range
of each parameter, extremes included)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import mathcore as mc
from mathcore import _validate

RUN = mc.RUNS["gpt2-124m-1x"]
GRID = mc.SEED_GRID
P = mc.gaussian_pdf(GRID, 0, 1)

WRONG_TYPES = ["0", b"1", True, np.bool_(False), 1 + 0j, None, [1, "2"]]

# (parameter, a call with that parameter replaced by `bad`)
CALLS = {
    "num_tokens": lambda bad: mc.compression_stats(num_tokens=bad),
    "bytes_per_param": lambda bad: mc.compression_stats(bytes_per_param=bad),
    "rate": lambda bad: mc.circle_radii(bad, 1.0),
    "mu_p": lambda bad: mc.gaussian_kl(bad, 1, 0, 2),
    "sigma_q": lambda bad: mc.gaussian_kl(0, 1, 0, bad),
    "sigma": lambda bad: mc.gaussian_pdf(0.0, 0.0, bad),
    "frames": lambda bad: mc.sweep_path(bad),
    "center": lambda bad: mc.kl_split(GRID, P, P, center=bad),
    "seed_units": lambda bad: mc.kl_split(GRID, P, P, seed_units=bad),
    "step": lambda bad: mc.cosine_lr(bad, 4730),
    "total_steps": lambda bad: mc.linear_lr(0, bad),
    "max_lr": lambda bad: mc.TrainingRun("r", 1000, 10, bad, 1e-5, 0.1),
    "weight_decay": lambda bad: mc.TrainingRun("r", 1000, 10, 1e-3, 1e-5, bad),
    "start_step": lambda bad: mc.decay_curve(RUN, bad),
    "parts": lambda bad: mc.composition(RUN, parts=bad),
    "method": lambda bad: mc.composition(RUN, method=bad),
}


@pytest.mark.parametrize("bad", WRONG_TYPES, ids=repr)
@pytest.mark.parametrize("name", list(CALLS))
def test_a_wrong_type_is_a_type_error_naming_the_parameter(name, bad):
    if name in ("seed_units",) and isinstance(bad, bool | np.bool_):
        return  # a bool is the right type here
    if name == "method" and isinstance(bad, str):
        return  # a str is the right type; "0" is a wrong value (tested below)
    with pytest.raises(TypeError, match=rf"^{name} must be .*, got ") as err:
        CALLS[name](bad)
    assert isinstance(err.value, ValueError)  # and a ValueError, for callers that check values


def test_a_string_is_no_number_and_no_switch():
    with pytest.raises(TypeError, match="mu_p"):
        mc.gaussian_kl("0", "1", "0", "2")  # numpy would read the strings as 0.318 nats
    with pytest.raises(TypeError, match="seed_units must be True or False, got 'no'"):
        mc.sweep(10, seed_units="no")
    with pytest.raises(ValueError, match="method must be one of 'exact', 'seed', got 'approx'"):
        mc.composition(RUN, method="approx")


@pytest.mark.parametrize(
    ("name", "call"),
    [
        ("num_tokens", lambda: mc.compression_stats(num_tokens=10**400)),
        ("mu_p", lambda: mc.gaussian_kl(10**400, 1, 0, 1)),
        ("x", lambda: mc.gaussian_pdf([0, 10**400], 0, 1)),
        ("total_steps", lambda: mc.TrainingRun("r", 9223372036854775807, 10, 1e-3, 1e-4, 0.1)),
        ("total_steps", lambda: mc.TrainingRun("r", 10**400, 10, 1e-3, 1e-4, 0.1)),
        ("total_steps", lambda: mc.cosine_lr(0, _validate.MAX_TOTAL_STEPS + 1)),
        ("total_steps", lambda: mc.part_boundaries(10**20)),
        ("total_steps", lambda: mc.part_boundaries(2**63 - 1, 2)),
        ("parts", lambda: mc.part_boundaries(10, 10**20)),
        ("total_steps", lambda: mc.sensitivity(RUN, "total_steps", [10**20])),
    ],
)
def test_an_integer_beyond_a_double_or_a_run_is_a_value_error(name, call):
    with pytest.raises(ValueError, match=rf"^{name} must be ") as err:
        call()
    assert not isinstance(err.value, TypeError)


def test_a_sweep_too_large_for_memory_is_refused():
    with pytest.raises(ValueError, match=r"^frames must be an integer in \[1, 10000000\], got 10000000000"):
        mc.sweep(10**10)
    with pytest.raises(
        ValueError, match=r"frames and grid must hold at most 10000000 points .* 20000 x 1000"
    ):
        mc.sweep(20_000)
    assert mc.sweep(10_000).total.shape == (10_000,)


def test_the_longest_run_is_stated_and_accepted():
    run = mc.TrainingRun("long", _validate.MAX_TOTAL_STEPS, 10, 1e-3, 1e-4, 0.1)
    with pytest.raises(ValueError, match=r"total_steps must be an integer in \[2, 100000000\]"):
        mc.TrainingRun("longer", _validate.MAX_TOTAL_STEPS + 1, 10, 1e-3, 1e-4, 0.1)
    assert run.total_steps == 10**8


@pytest.mark.parametrize("max_lr", [5e-324, 1e-13, 1.5, 1e300])
def test_a_learning_rate_outside_what_training_uses_is_refused(max_lr):
    with pytest.raises(ValueError, match=r"max_lr must be in \[1e-12, 1\]"):
        mc.TrainingRun("r", 1000, 10, max_lr, 0.0, 0.0)


def test_mismatched_shapes_name_the_parameters():
    with pytest.raises(ValueError, match=r"mu_p, sigma_p, mu_q, sigma_q must broadcast.*mu_p \(2,\).*\(3,\)"):
        mc.gaussian_kl(np.zeros(2), 1, np.zeros(3), 1)
    with pytest.raises(ValueError, match=r"x, mu, sigma must broadcast"):
        mc.gaussian_pdf(np.zeros(4), np.zeros(3), 1)


def test_an_overflowing_result_is_refused_not_returned():
    with pytest.raises(ValueError, match=r"num_tokens \* bytes_per_token must give a finite data_bytes"):
        mc.compression_stats(1e308, 8e9, 4, 4)
    with pytest.raises(ValueError, match="rate > 0 and finite"):
        mc.compression_stats(1e-300, 1e300, 1e-10, 1)  # the rate underflows to 0
    with pytest.raises(ValueError, match="mu_p, sigma_p, mu_q and sigma_q must give a finite KL"):
        mc.gaussian_kl(1e200, 1, -1e200, 1e-200)
    with pytest.raises(ValueError, match="must give a finite density"):
        mc.gaussian_pdf(0, 0, 1e-320)
    with pytest.raises(ValueError, match="rate and small_radius must give a finite large radius"):
        mc.circle_radii(1e300, 1e300)


finite = st.floats(allow_nan=False, allow_infinity=False)
positive = st.floats(min_value=5e-324, max_value=1.7e308)


def _finite_or_refused(call) -> None:
    """`call()` either raises ValueError or returns only finite numbers."""
    try:
        result = call()
    except ValueError:
        return
    values = (
        [getattr(result, f) for f in ("data_bytes", "model_bytes", "rate")]
        if hasattr(result, "rate")
        else [result]
    )
    assert all(np.all(np.isfinite(v)) for v in values), (result,)


@settings(max_examples=150, deadline=None)
@given(positive, positive, positive, positive)
def test_compression_stats_is_finite_or_refused(tokens, params, bpt, bpp):
    _finite_or_refused(lambda: mc.compression_stats(tokens, params, bpt, bpp))
    _finite_or_refused(lambda: mc.circle_radii(tokens, params))


@settings(max_examples=150, deadline=None)
@given(finite, positive, finite, positive)
def test_gaussian_kl_and_pdf_are_finite_or_refused(mu_p, sigma_p, mu_q, sigma_q):
    _finite_or_refused(lambda: mc.gaussian_kl(mu_p, sigma_p, mu_q, sigma_q))
    _finite_or_refused(lambda: mc.gaussian_pdf(mu_p, mu_q, sigma_q))


@settings(max_examples=60, deadline=None)
@given(st.floats(min_value=-1e300, max_value=1e300), st.floats(min_value=1e-300, max_value=1e300))
def test_kl_on_any_grid_is_finite_or_refused(a, width):
    grid = np.linspace(a, a + width, 50)
    _finite_or_refused(lambda: mc.sweep(np.arange(3), grid=grid).total)
    _finite_or_refused(lambda: mc.seed_units_to_nats(1.0, grid))


log_lr = st.floats(min_value=math.log10(_validate.MIN_MAX_LR), max_value=0)


@settings(max_examples=80, deadline=None)
@given(
    total=st.integers(2, 3000),
    warmup=st.floats(0, 1),
    log_max=log_lr,
    min_share=st.floats(0, 1),
    wd_share=st.floats(0, 1, exclude_max=True),
    schedule=st.sampled_from(["cosine", "linear"]),
)
def test_every_accepted_run_gives_finite_curves_and_a_composition(
    total, warmup, log_max, min_share, wd_share, schedule
):
    max_lr = 10.0**log_max
    weight_decay = wd_share / max_lr  # anything up to weight_decay * max_lr < 1
    assume(weight_decay * max_lr < 1)
    run = mc.TrainingRun(
        "r", total, int(warmup * (total - 1)), max_lr, min_share * max_lr, weight_decay, schedule
    )
    parts = min(10, total)
    for method in ("exact", "seed"):
        shares = mc.composition(run, parts=parts, method=method)
        assert np.all(np.isfinite(shares)) and np.all(shares >= 0)
        assert shares.sum() == pytest.approx(1.0)
    finals = mc.final_decay(run)
    assert np.all(np.isfinite(finals)) and np.all((finals >= 0) & (finals <= 1))
    steps, factors = mc.decay_curve_sampled(run, 0)
    assert np.all(np.isfinite(factors))


@pytest.mark.parametrize("max_lr", [_validate.MIN_MAX_LR, _validate.MAX_MAX_LR])
def test_the_extreme_learning_rates_give_a_composition(max_lr):
    for weight_decay in (0.0, 5e-324, 0.5 / max_lr, (1 - 1e-12) / max_lr):
        run = mc.TrainingRun("r", 5000, 100, max_lr, 0.0, weight_decay)
        shares = mc.composition(run)
        assert np.all(np.isfinite(shares)) and shares.sum() == pytest.approx(1.0)


@settings(max_examples=60, deadline=None)
@given(
    total=st.integers(-(10**30), 10**30),
    parts=st.one_of(st.integers(-(10**30), 0), st.integers(1, 1000), st.integers(2**62, 10**30)),
)
def test_part_boundaries_are_exact_or_refused_by_name(total, parts):
    try:
        bounds = mc.part_boundaries(total, parts)
    except ValueError as err:
        assert not isinstance(err, OverflowError | TypeError)
        assert str(err).startswith(("total_steps must be ", "parts must be "))
        return
    assert bounds.tolist() == [k * total // parts for k in range(parts + 1)]
