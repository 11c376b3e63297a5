"""One pre-training run as a value: its schedule, learning rates and AdamW weight decay, and which of its
values are assumptions rather than published (mathcore/decay.py computes what the run forgets)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mathcore import _validate
from mathcore.schedules import SCHEDULES, WARMUPS, _decay_steps


@dataclass(frozen=True)
class TrainingRun:
    """One pre-training run: its schedule, learning rates and AdamW weight decay.

    `name` is the display name (e.g. "GPT-2 124M, 1× Chinchilla"); `source` says where the numbers come from.
    `warmup` names the warm-up convention (`mathcore.schedules.WARMUPS`: "seed", "llm.c" or "olmo").
    `assumed` names the values that are assumptions, not published (e.g. ("weight_decay",)): any of
    `ASSUMABLE`, each at most once; a list is stored as a tuple. `decay_steps` (None: total_steps) is the
    step at which the decay reaches min_lr, held from there to the end (`mathcore.schedules`).
    """

    name: str
    total_steps: int
    warmup_steps: int
    max_lr: float
    min_lr: float
    weight_decay: float
    schedule: str = "cosine"
    source: str = ""
    warmup: str = "seed"
    assumed: tuple[str, ...] = ()
    decay_steps: int | None = None

    def __post_init__(self) -> None:
        for field in ("name", "source"):
            if not isinstance(getattr(self, field), str):
                raise _validate.ParameterTypeError(f"{field} must be a str, got {getattr(self, field)!r}")
        object.__setattr__(self, "assumed", check_assumed(self.assumed))  # frozen: the normalised tuple
        _validate.schedule(self.total_steps, self.warmup_steps, self.max_lr, self.min_lr)
        _validate.decay_below_one(self.max_lr, self.weight_decay)
        _validate.choice("schedule", self.schedule, SCHEDULES)
        _validate.choice("warmup", self.warmup, WARMUPS)
        _decay_steps(self.decay_steps, self.total_steps, self.warmup_steps)

    def lr(self, steps: np.ndarray | float) -> np.ndarray | float:
        """Learning rates of the run's schedule at `steps` (0 <= steps <= total_steps)."""
        schedule = SCHEDULES[self.schedule]
        return schedule(
            steps,
            self.total_steps,
            self.warmup_steps,
            self.max_lr,
            self.min_lr,
            self.warmup,
            self.decay_steps,
        )


#: The values of a run that can be marked as assumed (`TrainingRun.assumed`).
ASSUMABLE = (
    "total_steps",
    "warmup_steps",
    "max_lr",
    "min_lr",
    "weight_decay",
    "schedule",
    "warmup",
    "decay_steps",
)


def check_assumed(assumed: object) -> tuple[str, ...]:
    """`assumed` as a tuple of distinct names from `ASSUMABLE` (a list or tuple of str; may be empty)."""
    allowed = "a list of distinct names from " + ", ".join(ASSUMABLE)
    if isinstance(assumed, str) or not isinstance(assumed, list | tuple):
        raise _validate.ParameterTypeError(f"assumed must be {allowed}, got {assumed!r}")
    for name in assumed:
        if not isinstance(name, str):
            raise _validate.ParameterTypeError(f"assumed must be {allowed}, got {assumed!r}")
        if name not in ASSUMABLE:
            raise ValueError(f"assumed must be {allowed}, got {name!r}")
    if len(set(assumed)) != len(assumed):
        raise ValueError(f"assumed must be {allowed}, got {list(assumed)!r} (a name twice)")
    return tuple(assumed)
