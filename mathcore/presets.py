"""The training runs of the talk, with their sources.

The seed notebook's hyperparameters, with two notes: GPT-2 124M at 15x Chinchilla uses the seed's
47000 // 10 * 15 = 70500 steps (15 x 4730 would be 70950), and Llama 3 405B's weight decay 0.1 is an
assumption (the paper quote in the seed gives the schedule, not the weight decay).
"""

from __future__ import annotations

from mathcore.decay import TrainingRun

RUNS: dict[str, TrainingRun] = {
    "gpt2-124m-1x": TrainingRun(
        name="GPT-2 124M, 1× Chinchilla",
        total_steps=4730,
        warmup_steps=700,
        max_lr=6e-4,
        min_lr=6e-5,
        weight_decay=0.1,
        schedule="cosine",
        source="Bordt et al., arXiv 2410.03249 (seed notebook)",
    ),
    "gpt2-124m-15x": TrainingRun(
        name="GPT-2 124M, 15× Chinchilla",
        total_steps=47000 // 10 * 15,
        warmup_steps=700,
        max_lr=6e-4,
        min_lr=6e-5,
        weight_decay=0.1,
        schedule="cosine",
        source="Seed notebook: 47000 // 10 × 15 = 70500 steps (15 × 4730 = 70950)",
    ),
    "gpt2-1.6b-1x": TrainingRun(
        name="GPT-2 1.6B, 1× Chinchilla",
        total_steps=30803,
        warmup_steps=700,
        max_lr=2e-4,
        min_lr=2e-5,
        weight_decay=0.1,
        schedule="cosine",
        source="Bordt et al., arXiv 2410.03249 (seed notebook)",
    ),
    "olmo-7b": TrainingRun(
        name="OLMo 7B",
        total_steps=615000,
        warmup_steps=5000,
        max_lr=3e-4,
        min_lr=3e-5,
        weight_decay=0.1,
        schedule="linear",
        source="OLMo paper, Groeneveld et al. 2024 (seed notebook)",
    ),
    "llama3-405b": TrainingRun(
        name="Llama 3 405B",
        total_steps=1200000,
        warmup_steps=8000,
        max_lr=8e-5,
        min_lr=8e-7,
        weight_decay=0.1,
        schedule="cosine",
        source="Llama 3 paper; weight decay 0.1 is an ASSUMPTION (not published)",
    ),
}
