"""The talk's training runs as trained, each hyperparameter checked against the value in its cited source;
the seed notebook's runs (SEED_RUNS), and the seed's part boundaries."""

from __future__ import annotations

import math

import numpy as np
import pytest

import mathcore.decay
from mathcore import READINGS, RUNS, SEED_RUNS, part_boundaries

# key: the source's path and the values it gives, written out from the source:
# (path, total_steps, warmup_steps, max_lr, final fraction (min_lr / max_lr), weight_decay, schedule, warmup)
AS_TRAINED = {
    # tml-tuebingen/forgetting-contamination llm.c/scripts/1x_chinchilla/124M.sh: --num_iterations 4730
    # --warmup_iters 700 --learning_rate 0.0006 --learning_rate_decay_frac 0.1 --weight_decay 0.1; cosine and
    # warm-up lr * (it + 1) / warmup_iters: llm.c/train_gpt.py get_lr.
    "gpt2-124m-1x": ("llm.c/scripts/1x_chinchilla/124M.sh", 4730, 700, 0.0006, 0.1, 0.1, "cosine", "llm.c"),
    # llm.c/scripts/124M/15x_chinchilla.sh: --num_iterations 71525, the rest as above.
    "gpt2-124m-15x": (
        "llm.c/scripts/124M/15x_chinchilla.sh",
        71525,
        700,
        0.0006,
        0.1,
        0.1,
        "cosine",
        "llm.c",
    ),
    # llm.c/scripts/1x_chinchilla/1558M.sh: --num_iterations 29754 --learning_rate 0.0002 --warmup_iters 700
    # --learning_rate_decay_frac 0.1 --weight_decay 0.1.
    "gpt2-1.6b-1x": ("llm.c/scripts/1x_chinchilla/1558M.sh", 29754, 700, 0.0002, 0.1, 0.1, "cosine", "llm.c"),
    # allenai/OLMo configs/official/OLMo-7B.yaml: optimizer learning_rate 3.0e-4, weight_decay 0.1; scheduler
    # linear_with_warmup, t_warmup 5000, alpha_f 0.1 (eta_min = initial_lr * alpha_f, olmo/optim.py);
    # checkpoints/official/OLMo-7B.csv: last row step 558223.
    "olmo-7b": ("configs/official/OLMo-7B.yaml", 558223, 5000, 3.0e-4, 0.1, 0.1, "linear", "olmo"),
    # Llama 3 paper (arXiv 2407.21783): "peak learning rate of 8 × 10−5, a linear warm up of 8,000 steps, and
    # a cosine learning rate schedule decaying to 8 × 10−7 over 1,200,000 steps"; weight decay not given.
    "llama3-405b": ("arXiv 2407.21783", 1200000, 8000, 8e-5, 0.01, 0.1, "cosine", "seed"),
}

# The seed notebook's values (shared/seeds/004_cb7060de1c6eceb6.txt).
SEED = {
    "gpt2-124m-1x": (4730, "cosine", 6e-4, 6e-5, 700),
    "gpt2-124m-15x": (70500, "cosine", 6e-4, 6e-5, 700),
    "gpt2-1.6b-1x": (30803, "cosine", 2e-4, 2e-5, 700),
    "olmo-7b": (615000, "linear", 3e-4, 3e-5, 5000),
    "llama3-405b": (1200000, "cosine", 8e-5, 8e-7, 8000),
}


def test_runs_in_talk_order_and_the_seeds_have_the_same_keys():
    assert list(RUNS) == list(AS_TRAINED) == list(SEED_RUNS)


@pytest.mark.parametrize("key", list(AS_TRAINED))
def test_run_hyperparameters_are_the_sources(key):
    run = RUNS[key]
    path, total, warmup, max_lr, fraction, weight_decay, schedule, convention = AS_TRAINED[key]
    assert (run.total_steps, run.warmup_steps, run.max_lr, run.weight_decay) == (
        total,
        warmup,
        max_lr,
        weight_decay,
    )
    assert run.min_lr == pytest.approx(max_lr * fraction, rel=1e-15)
    assert (run.schedule, run.warmup) == (schedule, convention)
    assert path in run.source or path.replace("configs/official/", "") in run.source
    assert run.name and len(run.source) <= 80  # one short line on screen


@pytest.mark.parametrize("key", list(SEED))
def test_seed_runs_are_the_seeds(key):
    run = SEED_RUNS[key]
    total, schedule, max_lr, min_lr, warmup = SEED[key]
    assert (run.total_steps, run.schedule, run.max_lr, run.min_lr, run.warmup_steps) == (
        total,
        schedule,
        max_lr,
        min_lr,
        warmup,
    )
    assert run.weight_decay == 0.1 and run.warmup == "seed"
    assert "seed" in run.source and len(run.source) <= 80
    assert run.name == RUNS[key].name


def test_the_seeds_three_step_counts_are_not_the_runs():
    differ = {k for k in RUNS if RUNS[k].total_steps != SEED_RUNS[k].total_steps}
    assert differ == {"gpt2-124m-15x", "gpt2-1.6b-1x", "olmo-7b"}
    assert SEED_RUNS["gpt2-124m-15x"].total_steps == 47000 // 10 * 15 == 70500


def test_only_the_llama_weight_decay_is_assumed():
    assert {k: r.assumed for k, r in RUNS.items() if r.assumed} == {"llama3-405b": ("weight_decay",)}
    assert SEED_RUNS["llama3-405b"].assumed == ("weight_decay",)
    assert "not published" in RUNS["llama3-405b"].source


def test_olmos_reading_names_the_configured_duration():
    # max_duration 2e12T over global_train_batch_size 2048 x max_sequence_length 2048, rounded up as
    # olmo/train.py Trainer.max_steps does.
    assert READINGS["olmo-7b"].configured_steps == math.ceil(2e12 / 4194304) == 476838
    assert set(READINGS) <= set(RUNS)
    assert READINGS["olmo-7b"].configured_steps < RUNS["olmo-7b"].total_steps


@pytest.mark.parametrize("runs", [RUNS, SEED_RUNS], ids=["runs", "seed"])
@pytest.mark.parametrize("key", list(AS_TRAINED))
def test_integer_part_boundaries_coincide_with_the_seeds_float_formula(runs, key):
    total = runs[key].total_steps
    seed = [int(i / 100 * total) for i in range(0, 101, 10)]
    assert part_boundaries(total, 10).tolist() == seed
    assert mathcore.decay._seed_boundaries(total, 10).tolist() == seed


def test_runs_are_immutable_and_hashable():
    run = RUNS["gpt2-124m-1x"]
    with pytest.raises(AttributeError):
        run.total_steps = 1  # type: ignore[misc]
    assert {run: 1}[run] == 1
    assert np.isclose(run.lr(699), 6e-4)
    assert run != SEED_RUNS["gpt2-124m-1x"]  # same numbers, another warm-up and source


def test_a_reading_belongs_to_its_run_only():
    from mathcore.presets import reading

    assert reading(RUNS["olmo-7b"]) is READINGS["olmo-7b"]
    assert reading(SEED_RUNS["olmo-7b"]) is None and reading(RUNS["llama3-405b"]) is None
