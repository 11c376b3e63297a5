"""Learning-rate schedules with linear warm-up: cosine and linear decay, vectorised over steps.

Both are the seed's formulas, evaluated for a whole array of steps at once instead of one Python call per
step. Notes on the seed:

- Warm-up gives lr = 0 at step 0 (max_lr * step / warmup_steps). Kept as the default (``warmup="seed"``): it
  is the seed's definition, and the step-0 update then contributes nothing to the composition. The runs as
  trained warm up otherwise, so the warm-up convention is a parameter (`WARMUPS`, steps t = 0, 1, ...):

  - "seed":  max_lr * t / w (the seed notebook, 0 at step 0);
  - "llm.c": max_lr * (t + 1) / w (llm.c's ``get_lr``: karpathy/llm.c train_gpt2.py and
    llmc/schedulers.h; the copy in tml-tuebingen/forgetting-contamination llm.c/train_gpt.py that trained
    the paper's GPT-2 runs);
  - "olmo":  max_lr * (0.1 + 0.9 * (t + 1) / w) (allenai/OLMo olmo/optim.py ``Scheduler._linear_warmup``
    with its default warmup_min_lr = 0.1 * initial_lr; OLMo counts steps from 1, so its step is t + 1).

  After warm-up all three use the seed's decay formulas.
- The decay ends at the last step, total_steps. A run whose decay ended earlier and then held min_lr (OLMo 7B
  read by its configured duration, as OLMo's schedulers do for step >= max_steps) sets ``decay_steps``:
  the formulas with decay_steps in place of total_steps, and min_lr from decay_steps on.
- The seed plots its schedules for 47683 steps, which matches no training run it studies; the runs are in
  `mathcore.presets`.
"""

from __future__ import annotations

import numpy as np

from mathcore import _validate

# The decay formulas work in place on a float array of steps (all >= warmup_steps): runs have millions of
# steps, and every temporary array of that size costs time. They apply the seed's operations in the seed's
# order, so they agree with the seed's per-step functions to the last bit or two.


def _cosine_decay(
    x: np.ndarray, total_steps: int, warmup_steps: int, max_lr: float, min_lr: float
) -> np.ndarray:
    """In place: min_lr + 0.5 * (max_lr - min_lr) * (1 + cos((x - warmup) / (total_steps - warmup) * pi))."""
    x -= warmup_steps
    x /= total_steps - warmup_steps
    x *= np.pi
    np.cos(x, out=x)
    x += 1
    x *= 0.5 * (max_lr - min_lr)
    x += min_lr
    return x


def _linear_decay(
    x: np.ndarray, total_steps: int, warmup_steps: int, max_lr: float, min_lr: float
) -> np.ndarray:
    """In place: min_lr + (max_lr - min_lr) * (1 - (x - warmup_steps) / (T - warmup_steps))."""
    x -= warmup_steps
    x /= total_steps - warmup_steps
    np.subtract(1, x, out=x)
    x *= max_lr - min_lr
    x += min_lr
    return x


_DECAYS = {"cosine": _cosine_decay, "linear": _linear_decay}


def _decay(
    schedule: str, x: np.ndarray, total_steps: int, warmup_steps: int, max_lr, min_lr, decay_steps=None
) -> np.ndarray:
    """In place: the schedule's decay at steps x (all >= warmup_steps), ending at decay_steps (default
    total_steps) and min_lr after it. Without decay_steps, bit for bit the seed's formulas."""
    if decay_steps is None or decay_steps >= total_steps:
        return _DECAYS[schedule](x, total_steps, warmup_steps, max_lr, min_lr)
    np.minimum(x, decay_steps, out=x)  # the formula at decay_steps is min_lr: cos(pi) = -1, 1 - 1 = 0
    return _DECAYS[schedule](x, decay_steps, warmup_steps, max_lr, min_lr)


def _decay_steps(decay_steps, total_steps: int, warmup_steps: int) -> int | None:
    """decay_steps validated: None (the decay ends at total_steps) or an integer in (warmup_steps,
    total_steps]."""
    if decay_steps is None:
        return None
    return _validate.integer(
        "decay_steps", decay_steps, warmup_steps + 1, total_steps, high_name="total_steps"
    )


def _seed_warmup(step: np.ndarray, warmup_steps: int, max_lr: float) -> np.ndarray:
    return max_lr * step / warmup_steps


def _llmc_warmup(step: np.ndarray, warmup_steps: int, max_lr: float) -> np.ndarray:
    return max_lr * (step + 1) / warmup_steps


def _olmo_warmup(step: np.ndarray, warmup_steps: int, max_lr: float) -> np.ndarray:
    return max_lr * (0.1 + 0.9 * (step + 1) / warmup_steps)


#: Warm-up conventions, by name: learning rate at the steps t < warmup_steps (see the module docstring).
WARMUPS = {"seed": _seed_warmup, "llm.c": _llmc_warmup, "olmo": _olmo_warmup}


def _warmup(step: np.ndarray, warmup_steps: int, max_lr: float, warmup: str = "seed") -> np.ndarray:
    """The warm-up learning rates at `step` (all < warmup_steps) in the named convention."""
    return WARMUPS[warmup](step, warmup_steps, max_lr)


def _evaluate(
    schedule: str, step, total_steps, warmup_steps, max_lr, min_lr, warmup="seed", decay_steps=None
) -> np.ndarray | float:
    total_steps, warmup_steps, max_lr, min_lr = _validate.schedule(total_steps, warmup_steps, max_lr, min_lr)
    warmup = _validate.choice("warmup", warmup, WARMUPS)
    decay_steps = _decay_steps(decay_steps, total_steps, warmup_steps)
    step = _validate.array("step", step, low=0, high=total_steps, what=f"in [0, total_steps = {total_steps}]")
    lr = _decay(schedule, np.array(step, ndmin=1), total_steps, warmup_steps, max_lr, min_lr, decay_steps)
    warm = np.atleast_1d(step < warmup_steps)
    lr[warm] = _warmup(np.atleast_1d(step)[warm], warmup_steps, max_lr, warmup)
    return _validate.scalar_or_array(lr.reshape(step.shape))


def _on_range(
    schedule: str,
    total_steps: int,
    warmup_steps: int,
    max_lr: float,
    min_lr: float,
    start: int = 0,
    stop: int | None = None,
    warmup: str = "seed",
    decay_steps: int | None = None,
) -> np.ndarray:
    """Learning rates at steps start .. stop - 1 (default: all steps 0 .. total_steps - 1) of an already
    validated schedule, in one array. Every entry is computed on its own, so a chunk equals the same slice of
    the whole range bit for bit."""
    stop = total_steps if stop is None else stop
    lr = np.arange(start, stop, dtype=float)
    warm = min(max(warmup_steps - start, 0), stop - start)  # steps start .. start + warm - 1 warm up
    lr[:warm] = _warmup(lr[:warm], warmup_steps, max_lr, warmup)
    _decay(schedule, lr[warm:], total_steps, warmup_steps, max_lr, min_lr, decay_steps)
    return lr


def _on_steps(
    schedule: str,
    steps: np.ndarray,
    total_steps: int,
    warmup_steps: int,
    max_lr: float,
    min_lr: float,
    warmup: str = "seed",
    decay_steps: int | None = None,
) -> np.ndarray:
    """Learning rates at an integer array of steps in [0, total_steps) of an already validated schedule, with
    the operations of `_on_range`, so equal to its entries at those steps."""
    lr = np.array(steps, dtype=float)  # a fresh contiguous array: worked on in place
    warm = lr < warmup_steps
    decayed = lr[~warm]
    lr[warm] = _warmup(lr[warm], warmup_steps, max_lr, warmup)
    lr[~warm] = _decay(schedule, decayed, total_steps, warmup_steps, max_lr, min_lr, decay_steps)
    return lr


def cosine_lr(
    step: np.ndarray | float,
    total_steps: int,
    warmup_steps: int = 700,
    max_lr: float = 6e-4,
    min_lr: float = 6e-5,
    warmup: str = "seed",
    decay_steps: int | None = None,
) -> np.ndarray | float:
    """Cosine schedule with linear warm-up at `step` (array or scalar, 0 <= step <= total_steps).

    lr = max_lr * step / warmup_steps for step < warmup_steps (with warmup="seed"; see `WARMUPS`), else
    lr = min_lr + (max_lr - min_lr) * (1 + cos(pi * (step - warmup_steps) / (total_steps - warmup_steps))) / 2
    (with decay_steps: decay_steps in place of total_steps, and min_lr from decay_steps on)
    """
    return _evaluate("cosine", step, total_steps, warmup_steps, max_lr, min_lr, warmup, decay_steps)


def linear_lr(
    step: np.ndarray | float,
    total_steps: int,
    warmup_steps: int = 700,
    max_lr: float = 6e-4,
    min_lr: float = 6e-5,
    warmup: str = "seed",
    decay_steps: int | None = None,
) -> np.ndarray | float:
    """Linear-decay schedule with linear warm-up at `step` (array or scalar, 0 <= step <= total_steps).

    lr = max_lr * step / warmup_steps for step < warmup_steps (with warmup="seed"; see `WARMUPS`), else
    lr = min_lr + (max_lr - min_lr) * (1 - (step - warmup_steps) / (total_steps - warmup_steps))
    (with decay_steps: decay_steps in place of total_steps, and min_lr from decay_steps on)
    """
    return _evaluate("linear", step, total_steps, warmup_steps, max_lr, min_lr, warmup, decay_steps)


SCHEDULES = {"cosine": cosine_lr, "linear": linear_lr}
