"""Bad input is refused with a ValueError that names the parameter, the value given and what is allowed."""

from __future__ import annotations

import math

import numpy as np
import pytest

import mathcore as mc

NAN, INF = math.nan, math.inf
RUN = mc.RUNS["gpt2-124m-1x"]
GRID = mc.SEED_GRID
P = mc.gaussian_pdf(GRID, 0, 1)


def run(**changes):
    """A valid run with some fields changed."""
    fields = {"name": "r", "total_steps": 1000, "warmup_steps": 100, "max_lr": 1e-3, "min_lr": 1e-4}
    fields |= {"weight_decay": 0.1} | changes
    return mc.TrainingRun(**fields)


BAD_INPUTS = [
    # compression
    ("num_tokens", lambda: mc.compression_stats(num_tokens=0)),
    ("num_tokens", lambda: mc.compression_stats(num_tokens=NAN)),
    ("num_params", lambda: mc.compression_stats(num_params=-8e9)),
    ("num_params", lambda: mc.compression_stats(num_params=INF)),
    ("bytes_per_token", lambda: mc.compression_stats(bytes_per_token=0)),
    ("bytes_per_param", lambda: mc.compression_stats(bytes_per_param=NAN)),
    ("rate", lambda: mc.circle_radii(0, 1)),
    ("rate", lambda: mc.circle_radii(NAN, 1)),
    ("small_radius", lambda: mc.circle_radii(1875, -1)),
    # kl
    ("sigma", lambda: mc.gaussian_pdf(0, 0, 0)),
    ("sigma", lambda: mc.gaussian_pdf(GRID, 0, np.array([1.0, -1.0]))[:, None]),
    ("mu", lambda: mc.gaussian_pdf(0, NAN, 1)),
    ("x", lambda: mc.gaussian_pdf(INF, 0, 1)),
    ("sigma_p", lambda: mc.gaussian_kl(0, 0, 0, 1)),
    ("sigma_q", lambda: mc.gaussian_kl(0, 1, 0, -1)),
    ("mu_p", lambda: mc.gaussian_kl(NAN, 1, 0, 1)),
    ("mu_q", lambda: mc.gaussian_kl(0, 1, INF, 1)),
    ("frames", lambda: mc.sweep_path(NAN)),
    ("grid", lambda: mc.grid_spacing(np.array([0.0, 1.0, 3.0]))),
    ("grid", lambda: mc.grid_spacing(np.array([1.0, 0.0]))),
    ("grid", lambda: mc.grid_spacing(np.array([1.0]))),
    ("grid", lambda: mc.grid_spacing(np.array([0.0, NAN, 2.0]))),
    ("value", lambda: mc.seed_units_to_nats(NAN)),
    ("p", lambda: mc.kl_split(GRID, -P, P)),
    ("q", lambda: mc.kl_split(GRID, P, np.full_like(P, NAN))),
    ("q", lambda: mc.kl_split(GRID, P, np.zeros_like(P))),
    ("p", lambda: mc.kl_split(GRID, P[:-1], P)),
    ("center", lambda: mc.kl_split(GRID, P, P, center=0)),
    ("grid", lambda: mc.kl_split(GRID[::-1], P, P)),
    ("frames", lambda: mc.sweep(0)),
    ("frames", lambda: mc.sweep([])),
    ("frames", lambda: mc.sweep([1.0, NAN])),
    ("frames", lambda: mc.sweep(np.ones((2, 2)))),
    ("grid", lambda: mc.sweep(10, grid=np.array([0.0, 1.0, 3.0]))),
    ("center", lambda: mc.sweep(10, center=-1)),
    # schedules
    ("step", lambda: mc.cosine_lr(-1, 4730)),
    ("step", lambda: mc.cosine_lr(4731, 4730)),
    ("step", lambda: mc.linear_lr(np.array([0.0, NAN]), 4730)),
    ("total_steps", lambda: mc.cosine_lr(0, 0)),
    ("total_steps", lambda: mc.cosine_lr(0, 4730.0)),
    ("total_steps", lambda: mc.linear_lr(0, NAN)),
    ("warmup_steps", lambda: mc.cosine_lr(0, 4730, warmup_steps=4730)),
    ("warmup_steps", lambda: mc.linear_lr(0, 4730, warmup_steps=-1)),
    ("max_lr", lambda: mc.cosine_lr(0, 4730, max_lr=-6e-4)),
    ("max_lr", lambda: mc.cosine_lr(0, 4730, max_lr=0)),
    ("min_lr", lambda: mc.cosine_lr(0, 4730, min_lr=1e-3)),
    ("min_lr", lambda: mc.linear_lr(0, 4730, min_lr=-1e-5)),
    ("min_lr", lambda: mc.linear_lr(0, 4730, min_lr=NAN)),
    # training runs
    ("total_steps", lambda: run(total_steps=0)),
    ("total_steps", lambda: run(total_steps=1)),
    ("total_steps", lambda: run(total_steps=1e7)),
    ("warmup_steps", lambda: run(warmup_steps=1000)),
    ("max_lr", lambda: run(max_lr=-1e-3)),
    ("max_lr", lambda: run(max_lr=NAN)),
    ("min_lr", lambda: run(min_lr=2e-3)),
    ("weight_decay", lambda: run(weight_decay=-0.1)),
    ("weight_decay", lambda: run(weight_decay=NAN)),
    ("weight_decay", lambda: run(weight_decay=1000.0)),
    ("schedule", lambda: run(schedule="step")),
    ("name", lambda: run(name=None)),
    # decay
    ("step", lambda: RUN.lr(4731)),
    ("start_step", lambda: mc.decay_curve(RUN, -1)),
    ("start_step", lambda: mc.decay_curve(RUN, 4730)),
    ("start_step", lambda: mc.decay_curve(RUN, 1.5)),
    ("start_step", lambda: mc.decay_curve_sampled(RUN, 5000)),
    ("max_points", lambda: mc.decay_curve_sampled(RUN, 0, max_points=1)),
    ("start_fractions", lambda: mc.final_decay(RUN, [1.0])),
    ("start_fractions", lambda: mc.final_decay(RUN, [-0.1])),
    ("start_fractions", lambda: mc.start_steps(RUN, [NAN])),
    ("start_fractions", lambda: mc.start_steps(RUN, [])),
    ("total_steps", lambda: mc.part_boundaries(0)),
    ("parts", lambda: mc.part_boundaries(10, 0)),
    ("parts", lambda: mc.part_boundaries(10, 11)),
    ("parts", lambda: mc.composition(RUN, parts=0)),
    ("parts", lambda: mc.composition(RUN, parts=4731)),
    ("method", lambda: mc.composition(RUN, method="approx")),
]


@pytest.mark.parametrize(
    ("name", "call"), BAD_INPUTS, ids=[f"{i}-{n}" for i, (n, _) in enumerate(BAD_INPUTS)]
)
def test_bad_input_raises_a_value_error_naming_the_parameter(name, call):
    with pytest.raises(ValueError, match=name) as error:
        call()
    assert "got" in str(error.value)


def test_message_says_what_is_allowed_and_what_was_given():
    with pytest.raises(ValueError, match=r"^sigma must be > 0 and finite everywhere, got -1\.0$"):
        mc.gaussian_pdf(0, 0, -1.0)
    with pytest.raises(ValueError, match=r"warmup_steps must be an integer in \[0, total_steps - 1 = 4729\]"):
        mc.cosine_lr(0, 4730, warmup_steps=4730)
    with pytest.raises(ValueError, match=r"parts must be an integer in \[1, total_steps = 4730\], got 0"):
        mc.composition(RUN, parts=0)


def test_a_non_run_is_a_type_error():
    with pytest.raises(TypeError, match="TrainingRun"):
        mc.decay_curve("gpt2-124m-1x", 0)
