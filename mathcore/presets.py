"""The training runs of the talk, as trained, each number from a public source; and the seed's versions.

`RUNS` are the runs as trained. Sources (docs/runs.md has the table, with flags and values):

- GPT-2 124M and 1.6B: the training scripts of Bordt et al. (arXiv 2410.03249), repository
  tml-tuebingen/forgetting-contamination, llm.c/scripts/... (``--num_iterations``, ``--learning_rate``,
  ``--warmup_iters``, ``--learning_rate_decay_frac``, ``--weight_decay``). llm.c's ``get_lr`` warms up with
  lr * (it + 1) / warmup_iters, then decays (cosine) to lr * learning_rate_decay_frac: ``warmup="llm.c"``.
- OLMo 7B: allenai/OLMo configs/official/OLMo-7B.yaml (optimizer and scheduler: linear_with_warmup,
  t_warmup 5000, alpha_f 0.1, so the final learning rate is 0.1 * 3e-4) and checkpoints/official/OLMo-7B.csv,
  whose last checkpoint is step 558223. The config's max_duration (2e12 tokens: 476838 steps of 2048 x 2048
  tokens, rounded up as OLMo's Trainer.max_steps does) is not what was run: the run was restarted and
  extended past it (allenai/OLMo issue 608). Read here: the linear decay spans the 558223 steps run; that is
  an assumption (`READINGS`), said where the run is shown.
- Llama 3 405B: the Llama 3 paper (arXiv 2407.21783) gives the schedule; its weight decay is not published.
  0.1 (what the Llama 1 and 2 papers state) is assumed and marked `assumed=("weight_decay",)`.

`SEED_RUNS` (same keys) are the seed notebook's hyperparameters, kept so its printed outputs stay
reproducible: three step counts differ from the runs (GPT-2 124M 15x: 47000 // 10 * 15 = 70500, trained
71525; 1.6B: 30803, trained 29754; OLMo: 615000 = 2.46T / 4M tokens, last checkpoint 558223) and every seed
run warms up as max_lr * t / w.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from mathcore.decay import TrainingRun

_PAPER = "forgetting-contamination"  # github.com/tml-tuebingen/forgetting-contamination

RUNS: dict[str, TrainingRun] = {
    "gpt2-124m-1x": TrainingRun(
        name="GPT-2 124M, 1× Chinchilla",
        total_steps=4730,
        warmup_steps=700,
        max_lr=6e-4,
        min_lr=6e-5,
        weight_decay=0.1,
        schedule="cosine",
        source=f"{_PAPER} llm.c/scripts/1x_chinchilla/124M.sh",
        warmup="llm.c",
    ),
    "gpt2-124m-15x": TrainingRun(
        name="GPT-2 124M, 15× Chinchilla",
        total_steps=71525,
        warmup_steps=700,
        max_lr=6e-4,
        min_lr=6e-5,
        weight_decay=0.1,
        schedule="cosine",
        source=f"{_PAPER} llm.c/scripts/124M/15x_chinchilla.sh",
        warmup="llm.c",
    ),
    "gpt2-1.6b-1x": TrainingRun(
        name="GPT-2 1.6B, 1× Chinchilla",
        total_steps=29754,
        warmup_steps=700,
        max_lr=2e-4,
        min_lr=2e-5,
        weight_decay=0.1,
        schedule="cosine",
        source=f"{_PAPER} llm.c/scripts/1x_chinchilla/1558M.sh",
        warmup="llm.c",
    ),
    "olmo-7b": TrainingRun(
        name="OLMo 7B",
        total_steps=558223,
        warmup_steps=5000,
        max_lr=3e-4,
        min_lr=3e-5,
        weight_decay=0.1,
        schedule="linear",
        source="allenai/OLMo configs/official/OLMo-7B.yaml, checkpoints/official/OLMo-7B.csv",
        warmup="olmo",
    ),
    "llama3-405b": TrainingRun(
        name="Llama 3 405B",
        total_steps=1200000,
        warmup_steps=8000,
        max_lr=8e-5,
        min_lr=8e-7,
        weight_decay=0.1,
        schedule="cosine",
        source="Llama 3 paper, arXiv 2407.21783; weight decay not published (Llama 2: 0.1)",
        assumed=("weight_decay",),
    ),
}


@dataclass(frozen=True)
class Reading:
    """How a run whose real schedule is messier than one schedule is read: what is measured, what is assumed,
    and the step count its configuration gave (words without numbers; the numbers are fields)."""

    measured: str  # where the step count comes from
    assumed: str  # what is read into the run
    configured: str  # what gave the configured step count
    configured_steps: int


#: Runs read as one schedule although the real run was messier (shown with the run: clip, notes, figures).
READINGS: dict[str, Reading] = {
    "olmo-7b": Reading(
        measured="last official checkpoint",
        assumed="the linear decay spans the steps run",
        configured="configured",
        configured_steps=math.ceil(2e12 / (2048 * 2048)),  # max_duration / (batch 2048 x 2048 tokens)
    ),
}

_SEED = "seed notebook (Bordt et al., arXiv 2410.03249)"

SEED_RUNS: dict[str, TrainingRun] = {
    "gpt2-124m-1x": TrainingRun("GPT-2 124M, 1× Chinchilla", 4730, 700, 6e-4, 6e-5, 0.1, "cosine", _SEED),
    "gpt2-124m-15x": TrainingRun(
        "GPT-2 124M, 15× Chinchilla",
        47000 // 10 * 15,
        700,
        6e-4,
        6e-5,
        0.1,
        "cosine",
        f"{_SEED}: 47000 // 10 × 15",
    ),
    "gpt2-1.6b-1x": TrainingRun("GPT-2 1.6B, 1× Chinchilla", 30803, 700, 2e-4, 2e-5, 0.1, "cosine", _SEED),
    "olmo-7b": TrainingRun("OLMo 7B", 615000, 5000, 3e-4, 3e-5, 0.1, "linear", _SEED),
    "llama3-405b": TrainingRun(
        "Llama 3 405B", 1200000, 8000, 8e-5, 8e-7, 0.1, "cosine", _SEED, assumed=("weight_decay",)
    ),
}


def reading(run: TrainingRun) -> Reading | None:
    """The `Reading` of a preset run (compared by value, so a copy of a preset has it too), else None."""
    for key, preset in RUNS.items():
        if preset == run:
            return READINGS.get(key)
    return None
