"""The talk's training runs: the seed's hyperparameters, honest sources, and the seed's part boundaries."""

from __future__ import annotations

import numpy as np
import pytest

import mathcore.decay
from mathcore import RUNS, part_boundaries

EXPECTED = {
    # key: (total_steps, schedule, max_lr, min_lr, warmup_steps)
    "gpt2-124m-1x": (4730, "cosine", 6e-4, 6e-5, 700),
    "gpt2-124m-15x": (70500, "cosine", 6e-4, 6e-5, 700),
    "gpt2-1.6b-1x": (30803, "cosine", 2e-4, 2e-5, 700),
    "olmo-7b": (615000, "linear", 3e-4, 3e-5, 5000),
    "llama3-405b": (1200000, "cosine", 8e-5, 8e-7, 8000),
}


def test_runs_in_talk_order():
    assert list(RUNS) == list(EXPECTED)


@pytest.mark.parametrize("key", list(EXPECTED))
def test_run_hyperparameters_are_the_seeds(key):
    run = RUNS[key]
    total, schedule, max_lr, min_lr, warmup = EXPECTED[key]
    assert (run.total_steps, run.schedule, run.max_lr, run.min_lr, run.warmup_steps) == (
        total,
        schedule,
        max_lr,
        min_lr,
        warmup,
    )
    assert run.weight_decay == 0.1
    assert run.name and run.source
    assert len(run.source) <= 80  # one short line on screen


def test_15x_uses_the_seeds_step_count_and_says_so():
    assert RUNS["gpt2-124m-15x"].total_steps == 47000 // 10 * 15 == 70500
    assert "70950" in RUNS["gpt2-124m-15x"].source


def test_llama_weight_decay_is_flagged_as_an_assumption():
    assert "ASSUMPTION" in RUNS["llama3-405b"].source


def test_sources_name_where_the_numbers_come_from():
    assert "2410.03249" in RUNS["gpt2-124m-1x"].source
    assert "OLMo" in RUNS["olmo-7b"].source
    assert "Llama 3" in RUNS["llama3-405b"].source


@pytest.mark.parametrize("key", list(EXPECTED))
def test_integer_part_boundaries_coincide_with_the_seeds_float_formula(key):
    total = RUNS[key].total_steps
    seed = [int(i / 100 * total) for i in range(0, 101, 10)]
    assert part_boundaries(total, 10).tolist() == seed
    assert mathcore.decay._seed_boundaries(total, 10).tolist() == seed


def test_runs_are_immutable_and_hashable():
    run = RUNS["gpt2-124m-1x"]
    with pytest.raises(AttributeError):
        run.total_steps = 1  # type: ignore[misc]
    assert {run: 1}[run] == 1
    assert np.isclose(run.lr(700), 6e-4)
