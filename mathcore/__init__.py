"""Every number the lecture scenes show, computed with numpy and scipy only (never manim or matplotlib).

compression  bytes of training text per byte of weights, and circles whose areas show that ratio
kl           KL divergence of a sweeping model Gaussian against N(0, 1), split into center and tails
schedules    cosine and linear learning-rate schedules with warm-up (three warm-up conventions)
decay        AdamW's cumulative weight decay, the composition of the final weights, the headline numbers
             and their sensitivity to an assumed value
presets      the training runs of the talk as trained (GPT-2 124M/1.6B, OLMo 7B, Llama 3 405B), with
             sources, and the seed notebook's versions (SEED_RUNS)

Each module's docstring lists the mistakes of the seed notebooks it fixes and how the seed's values are
still reachable. Every public function validates its input: a wrong type is a TypeError naming the parameter
(also a ValueError), a wrong value a ValueError naming it and what is allowed, and no function returns NaN or
infinity for input it accepts (a result that would overflow is refused, naming the parameters).
"""

from mathcore.compression import BYTES_PER_PARAM, CompressionStats, circle_radii, compression_stats
from mathcore.decay import (
    ASSUMABLE,
    DEFAULT_START_FRACTIONS,
    PLAUSIBLE,
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
from mathcore.kl import (
    SEED_COLOR_HIGH,
    SEED_COLOR_LOW,
    SEED_FRAMES,
    SEED_GRID,
    SEED_LOW_KL_THRESHOLD,
    SEED_SEARCH_FRAMES,
    KLSplit,
    SweepResult,
    gaussian_kl,
    gaussian_pdf,
    grid_spacing,
    kl_split,
    seed_units_to_nats,
    sweep,
    sweep_path,
)
from mathcore.presets import READINGS, RUNS, SEED_RUNS
from mathcore.schedules import SCHEDULES, WARMUPS, cosine_lr, linear_lr

__all__ = [
    "BYTES_PER_PARAM",
    "CompressionStats",
    "circle_radii",
    "compression_stats",
    "ASSUMABLE",
    "DEFAULT_START_FRACTIONS",
    "PLAUSIBLE",
    "Headline",
    "TrainingRun",
    "composition",
    "decay_curve",
    "decay_curve_sampled",
    "final_decay",
    "headline",
    "part_boundaries",
    "sensitivity",
    "start_steps",
    "SEED_COLOR_HIGH",
    "SEED_COLOR_LOW",
    "SEED_FRAMES",
    "SEED_GRID",
    "SEED_LOW_KL_THRESHOLD",
    "SEED_SEARCH_FRAMES",
    "KLSplit",
    "SweepResult",
    "gaussian_kl",
    "gaussian_pdf",
    "grid_spacing",
    "kl_split",
    "seed_units_to_nats",
    "sweep",
    "sweep_path",
    "READINGS",
    "RUNS",
    "SEED_RUNS",
    "SCHEDULES",
    "WARMUPS",
    "cosine_lr",
    "linear_lr",
]
