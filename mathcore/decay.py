"""AdamW's cumulative weight decay ("forgetting curves") and the composition of the final weights.

AdamW multiplies the weights by (1 - eta_s * lambda) at every step s (eta_s the learning rate, lambda the
weight decay), so an update made at step t is shrunk by prod_{s>t} (1 - eta_s lambda) by the end of
training. Read as a weighted sum of updates (Bordt et al., arXiv 2410.03249), the final weights give
update t the coefficient c_t = eta_t * prod_{s>t} (1 - eta_s lambda).

What the seed notebook got wrong, and how its numbers stay reachable:

- It loops over every step in Python, one schedule call at a time (tens of seconds for Llama 3 405B's
  1.2M steps), and multiplies the factors directly. Here the schedule is evaluated once per run as an
  array, the factors are summed in log space (log1p, then cumsum) and exponentiated, so runs of 10^7 steps
  take well under a second and nothing underflows on the way (an end result below 1e-308 is reported as
  0, honestly).
  The per-run arrays are cached, keyed by the (immutable) `TrainingRun`.
- Its composition weights each tenth of training by the decay from the tenth's *middle* step only:
  lr_sum(tenth) * prod_{s >= mid} (1 - eta_s lambda). `composition(..., method="exact")` (the default) sums
  the exact coefficients c_t over each part (in closed form: the sum telescopes); ``method="seed"``
  reproduces the seed's approximation exactly, including its float part boundaries int(i / 100 * T) and
  its mid step int((start + end) / 2).
- It computes the composition with the cosine schedule hard-coded, and never for OLMo (whose schedule is
  linear) or Llama 3; here both methods use the run's own schedule, for every run.
- `part_boundaries` uses integer arithmetic k * T // parts; for the presets it coincides with the seed's
  float formula (the tests check this).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from mathcore import _validate
from mathcore.schedules import SCHEDULES, _on_range

#: Updates made at 0 %, 10 %, ..., 90 % of training, written i / 100 as in the seed so int(f * T) agrees.
DEFAULT_START_FRACTIONS = tuple(i / 100 for i in range(0, 100, 10))

# Below this log-decay the plain cumulative product exp(L) could underflow; switch to exp of differences.
_LOG_SAFE = -700.0


@dataclass(frozen=True)
class TrainingRun:
    """One pre-training run: its schedule, learning rates and AdamW weight decay.

    `name` is the display name (e.g. "GPT-2 124M, 1× Chinchilla"); `source` says where the numbers come from.
    """

    name: str
    total_steps: int
    warmup_steps: int
    max_lr: float
    min_lr: float
    weight_decay: float
    schedule: str = "cosine"
    source: str = ""

    def __post_init__(self) -> None:
        for field in ("name", "source"):
            if not isinstance(getattr(self, field), str):
                raise ValueError(f"{field} must be a str, got {getattr(self, field)!r}")
        _validate.schedule(self.total_steps, self.warmup_steps, self.max_lr, self.min_lr)
        weight_decay = _validate.non_negative("weight_decay", self.weight_decay)
        if weight_decay * self.max_lr >= 1:
            raise ValueError(
                "weight_decay * max_lr must be < 1 (each step multiplies the weights by 1 - lr * weight_decay"
                f" > 0), got weight_decay = {self.weight_decay!r} with max_lr = {self.max_lr!r}"
            )
        _validate.choice("schedule", self.schedule, SCHEDULES)

    def lr(self, steps: np.ndarray | float) -> np.ndarray | float:
        """Learning rates of the run's schedule at `steps` (0 <= steps <= total_steps)."""
        schedule = SCHEDULES[self.schedule]
        return schedule(steps, self.total_steps, self.warmup_steps, self.max_lr, self.min_lr)


@dataclass(frozen=True, eq=False)
class _Arrays:
    """Per-run arrays: lr[t] = eta_t for t < T; log_prefix[k] = L_k = sum_{s<k} log(1 - eta_s lambda) for
    k <= T; prefix = exp(L) (the decay since step 0), or None where that could underflow."""

    lr: np.ndarray
    log_prefix: np.ndarray
    prefix: np.ndarray | None


def _check_run(run: TrainingRun) -> TrainingRun:
    if not isinstance(run, TrainingRun):
        raise TypeError(f"run must be a TrainingRun, got {type(run).__name__}")
    return run


@functools.lru_cache(maxsize=8)
def _arrays(run: TrainingRun) -> _Arrays:
    _check_run(run)
    lr = _on_range(run.schedule, run.total_steps, run.warmup_steps, run.max_lr, run.min_lr)
    log_prefix = np.empty(run.total_steps + 1)
    log_prefix[0] = 0.0
    logs = log_prefix[1:]  # filled in place: log1p(-eta_t lambda), then its running sum
    np.multiply(lr, -run.weight_decay, out=logs)
    np.log1p(logs, out=logs)
    np.cumsum(logs, out=logs)
    prefix = np.exp(log_prefix) if log_prefix[-1] > _LOG_SAFE else None
    for a in (lr, log_prefix, prefix):
        if a is not None:
            a.setflags(write=False)  # shared by every caller through the cache
    return _Arrays(lr, log_prefix, prefix)


def _decay(arrays: _Arrays, a: int | np.ndarray | slice, b: int | np.ndarray | slice) -> np.ndarray:
    """prod_{s=a}^{b-1} (1 - eta_s lambda) = exp(L_b - L_a), elementwise over index arrays or slices."""
    if arrays.prefix is not None:  # no underflow possible: a ratio of two exp(L), exact to rounding
        if isinstance(a, int | np.integer):
            return arrays.prefix[b] * (1.0 / arrays.prefix[a])  # one reciprocal, then products: faster
        return arrays.prefix[b] / arrays.prefix[a]
    return np.exp(arrays.log_prefix[b] - arrays.log_prefix[a])


def _start(run: TrainingRun, start_step: int) -> int:
    return _validate.integer("start_step", start_step, 0, run.total_steps - 1, high_name="total_steps - 1")


def start_steps(run: TrainingRun, start_fractions=DEFAULT_START_FRACTIONS) -> np.ndarray:
    """First steps of the updates made at the given fractions of training: int(f * T), as the seed."""
    fractions = _validate.array(
        "start_fractions", start_fractions, low=0, high=1, what="in [0, 1) and finite"
    )
    if fractions.ndim != 1 or fractions.size == 0:
        raise ValueError(f"start_fractions must be a non-empty 1-D sequence, got shape {fractions.shape}")
    if np.any(fractions >= 1):
        raise ValueError(
            f"start_fractions must be in [0, 1) and finite everywhere, got {float(fractions.max())!r}"
        )
    return (fractions * _check_run(run).total_steps).astype(np.int64)


def decay_curve(run: TrainingRun, start_step: int) -> np.ndarray:
    """Cumulative decay of an update made at `start_step`, for t = start_step .. T-1.

    curve[t - start] = prod_{s=start}^{t} (1 - eta_s lambda) = exp(sum_{s=start}^{t} log1p(-eta_s lambda)).
    """
    arrays = _arrays(run)
    start = _start(run, start_step)
    return _decay(arrays, start, slice(start + 1, None))


def decay_curve_sampled(
    run: TrainingRun, start_step: int, max_points: int = 400
) -> tuple[np.ndarray, np.ndarray]:
    """(steps, factors): `decay_curve` at <= max_points evenly spread steps, first and last step included."""
    arrays = _arrays(run)
    start = _start(run, start_step)
    max_points = _validate.integer("max_points", max_points, 2)
    n = run.total_steps - start
    offsets = np.arange(n) if n <= max_points else np.rint(np.linspace(0, n - 1, max_points)).astype(np.int64)
    steps = start + offsets
    return steps, _decay(arrays, start, steps + 1)


def final_decay(run: TrainingRun, start_fractions=DEFAULT_START_FRACTIONS) -> np.ndarray:
    """Decay at the end of training of the updates made at each start: decay_curve(run, s)[-1] per start.

    final = prod_{t=s}^{T-1} (1 - eta_t lambda) for s in start_steps(run, start_fractions).
    """
    log_prefix = _arrays(run).log_prefix
    return np.exp(log_prefix[-1] - log_prefix[start_steps(run, start_fractions)])


def part_boundaries(total_steps: int, parts: int = 10) -> np.ndarray:
    """Step boundaries of `parts` consecutive parts of training: b_k = k * T // parts, k = 0 .. parts.

    Part k holds the steps b_k <= t < b_{k+1}; none is empty since parts <= T.
    """
    total_steps = _validate.integer("total_steps", total_steps, 1)
    parts = _validate.integer("parts", parts, 1, total_steps, high_name="total_steps")
    return np.arange(parts + 1, dtype=np.int64) * total_steps // parts


def _seed_boundaries(total_steps: int, parts: int) -> np.ndarray:
    """The seed's float boundaries int(i / 100 * T), i = 0, 10, ..., 100, generalised to int(k / parts * T)
    (for parts dividing 100, k / parts and i / 100 are the same double)."""
    return (np.arange(parts + 1) / parts * total_steps).astype(np.int64)


def _part_sums(values: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """Sums of values[b_k : b_{k+1}] for each part (0 for an empty part); bounds run from 0 to len(values)."""
    sums = np.zeros(len(bounds) - 1)
    filled = bounds[1:] > bounds[:-1]
    sums[filled] = np.add.reduceat(values, bounds[:-1][filled])
    return sums


def composition(run: TrainingRun, parts: int = 10, method: str = "exact") -> np.ndarray:
    """Share of each part of training in the final weights; the shares sum to 1.

    "exact": share_k proportional to W_k = sum_{t in part k} eta_t * prod_{s>t} (1 - eta_s lambda). With
    f_t = 1 - eta_t lambda, eta_t = (1 - f_t) / lambda and the sum telescopes: for part [a, b),
    W_k = (prod_{s>=b} f_s - prod_{s>=a} f_s) / lambda = -prod_{s>=b} f_s * expm1(L_b - L_a) / lambda,
    so it costs O(parts) once the run's prefix sums exist (lambda = 0: W_k = sum of eta_t).
    "seed": the seed's approximation, share_k proportional to
    (sum_{t in part k} eta_t) * prod_{s >= mid_k} (1 - eta_s lambda), mid_k = int((start_k + end_k) / 2),
    with the seed's part boundaries int(k / parts * T).
    """
    arrays = _arrays(run)
    total_steps = run.total_steps
    parts = _validate.integer("parts", parts, 1, total_steps, high_name="total_steps")
    method = _validate.choice("method", method, ("exact", "seed"))
    if method == "exact" and run.weight_decay == 0:
        weights = _part_sums(arrays.lr, part_boundaries(total_steps, parts))
    elif method == "exact":
        bounds = part_boundaries(total_steps, parts)
        starts, ends = bounds[:-1], bounds[1:]
        within = arrays.log_prefix[ends] - arrays.log_prefix[starts]  # L_b - L_a <= 0
        weights = -_decay(arrays, ends, total_steps) * np.expm1(within) / run.weight_decay
    else:
        bounds = _seed_boundaries(total_steps, parts)
        mids = ((bounds[:-1] + bounds[1:]) / 2).astype(np.int64)
        weights = _part_sums(arrays.lr, bounds) * _decay(arrays, mids, total_steps)
    return weights / weights.sum()
