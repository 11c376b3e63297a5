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
- Runs longer than `_CHUNKED_ABOVE` steps (users describe their own runs, 10^8 steps and more) are never held
  as whole arrays: one pass over the run, `_CHUNK` steps at a time, keeps the sums of log1p(-eta_s lambda)
  and of eta_s over blocks of `stride` steps (at most about `_MAX_BLOCKS` blocks, cached); L_k at any k
  is then the sum of the blocks before it plus fewer than `stride` terms. Memory stays at a few chunks (only
  `decay_curve`, whose result is array-sized, takes more). Summed in a different order, L differs from the
  whole-array cumsum by about 1e-13 of |L_T|, so decay factors and shares by about 1e-11 relative (the
  tests check 1e-10); against math.fsum the block sums are the more accurate of the two.
- Its composition weights each tenth of training by the decay from the tenth's *middle* step only:
  lr_sum(tenth) * prod_{s >= mid} (1 - eta_s lambda). `composition(..., method="exact")` (the default) sums
  the exact coefficients c_t over each part (in closed form: the sum telescopes); ``method="seed"``
  reproduces the seed's approximation exactly, including its float part boundaries int(i / 100 * T) and
  its mid step int((start + end) / 2).
- It computes the composition with the cosine schedule hard-coded, and never for OLMo (whose schedule is
  linear) or Llama 3; here both methods use the run's own schedule, for every run.
- `part_boundaries` uses integer arithmetic k * T // parts; for the presets it coincides with the seed's
  float formula (the tests check this).
- Its warm-up is max_lr * t / w; the runs as trained warm up as their code does (`TrainingRun.warmup`, see
  `mathcore.schedules.WARMUPS`).

A run can mark some of its values as assumed (`TrainingRun.assumed`, e.g. Llama 3 405B's weight decay, which
the Llama 3 paper does not give); `sensitivity` gives the headline numbers (`headline`) at other plausible
values of such a parameter, so a claim shows what it rests on.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

import numpy as np

from mathcore import _validate
from mathcore.run import ASSUMABLE, TrainingRun, check_assumed  # noqa: F401 (the run's value, imported from here too)
from mathcore.schedules import _on_range, _on_steps

#: Updates made at 0 %, 10 %, ..., 90 % of training, written i / 100 as in the seed so int(f * T) agrees.
DEFAULT_START_FRACTIONS = tuple(i / 100 for i in range(0, 100, 10))

# Below this log-decay the plain cumulative product exp(L) could underflow; switch to exp of differences.
_LOG_SAFE = -700.0

# Runs with more steps than this are summed chunk by chunk and never held as whole arrays (at 8 bytes per
# step and three arrays, a 10^8-step run would take 2.4 GB); shorter runs keep the cached whole arrays.
_CHUNKED_ABOVE = 1 << 22
# Steps per chunk of a long run: a few arrays of this size are alive at once (512 KB each, which stays in
# the CPU's cache: measured faster than chunks of 2^20).
_CHUNK = 1 << 16
# A long run keeps its sums over blocks of `stride` steps, at most about this many blocks (two arrays of
# 512 KB); stride >= _MIN_STRIDE.
_MAX_BLOCKS = 1 << 16
_MIN_STRIDE = 64


@dataclass(frozen=True, eq=False)
class _Arrays:
    """Per-run arrays: lr[t] = eta_t for t < T; log_prefix[k] = L_k = sum_{s<k} log(1 - eta_s lambda) for
    k <= T; prefix = exp(L) (the decay since step 0), or None where that could underflow."""

    lr: np.ndarray
    log_prefix: np.ndarray
    prefix: np.ndarray | None


def _run_range(run: TrainingRun, start: int, stop: int) -> np.ndarray:
    """The run's learning rates at steps start .. stop - 1 (`schedules._on_range`)."""
    return _on_range(
        run.schedule,
        run.total_steps,
        run.warmup_steps,
        run.max_lr,
        run.min_lr,
        start,
        stop,
        run.warmup,
        run.decay_steps,
    )


def _check_run(run: TrainingRun) -> TrainingRun:
    if not isinstance(run, TrainingRun):
        raise TypeError(f"run must be a TrainingRun, got {type(run).__name__}")
    return run


@functools.lru_cache(maxsize=8)
def _arrays(run: TrainingRun) -> _Arrays:
    _check_run(run)
    lr = _run_range(run, 0, run.total_steps)
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
    if _is_long(run):
        return _long_curve(run, _start(run, start_step))
    arrays = _arrays(run)
    start = _start(run, start_step)
    return _decay(arrays, start, slice(start + 1, None))


def decay_curve_sampled(
    run: TrainingRun, start_step: int, max_points: int = 400
) -> tuple[np.ndarray, np.ndarray]:
    """(steps, factors): `decay_curve` at <= max_points evenly spread steps, first and last step included."""
    long = _is_long(run)
    arrays = None if long else _arrays(run)
    start = _start(run, start_step)
    max_points = _validate.integer("max_points", max_points, 2)
    n = run.total_steps - start
    offsets = np.arange(n) if n <= max_points else np.rint(np.linspace(0, n - 1, max_points)).astype(np.int64)
    steps = start + offsets
    if long:
        log_prefix = _log_prefix_at(run, np.concatenate([[start], steps + 1]))
        return steps, np.exp(log_prefix[1:] - log_prefix[0])
    return steps, _decay(arrays, start, steps + 1)


def final_decay(run: TrainingRun, start_fractions=DEFAULT_START_FRACTIONS) -> np.ndarray:
    """Decay at the end of training of the updates made at each start: decay_curve(run, s)[-1] per start.

    final = prod_{t=s}^{T-1} (1 - eta_t lambda) for s in start_steps(run, start_fractions).
    """
    if _is_long(run):
        starts = start_steps(run, start_fractions)
        log_prefix = _log_prefix_at(run, np.concatenate([[run.total_steps], starts]))
        return np.exp(log_prefix[0] - log_prefix[1:])
    log_prefix = _arrays(run).log_prefix
    return np.exp(log_prefix[-1] - log_prefix[start_steps(run, start_fractions)])


def part_boundaries(total_steps: int, parts: int = 10) -> np.ndarray:
    """Step boundaries of `parts` consecutive parts of training: b_k = k * T // parts, k = 0 .. parts.

    Part k holds the steps b_k <= t < b_{k+1}; none is empty since parts <= T. T is at most the longest run
    mathcore takes (`_validate.MAX_TOTAL_STEPS`), so k * T fits the 64-bit integers.
    """
    total_steps = _validate.integer(
        "total_steps", total_steps, 1, _validate.MAX_TOTAL_STEPS, high_name="MAX_TOTAL_STEPS"
    )
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


def _forgets_nothing(run: TrainingRun) -> bool:
    """Whether lambda * sum_t eta_t < 2^-60, so every decay factor is 1 to double precision: then the exact
    weights are the sums of eta_t (and the telescoped form, dividing by such a lambda, would be 0 / tiny)."""
    return run.weight_decay * run.max_lr * run.total_steps < 2.0**-60


def composition(run: TrainingRun, parts: int = 10, method: str = "exact") -> np.ndarray:
    """Share of each part of training in the final weights; the shares sum to 1.

    "exact": share_k proportional to W_k = sum_{t in part k} eta_t * prod_{s>t} (1 - eta_s lambda). With
    f_t = 1 - eta_t lambda, eta_t = (1 - f_t) / lambda and the sum telescopes: for part [a, b),
    W_k = (prod_{s>=b} f_s - prod_{s>=a} f_s) / lambda = -prod_{s>=b} f_s * expm1(L_b - L_a) / lambda,
    so it costs O(parts) once the run's prefix sums exist (lambda = 0, or so small that no decay factor
    differs from 1 in double precision: W_k = sum of eta_t).
    "seed": the seed's approximation, share_k proportional to
    (sum_{t in part k} eta_t) * prod_{s >= mid_k} (1 - eta_s lambda), mid_k = int((start_k + end_k) / 2),
    with the seed's part boundaries int(k / parts * T).
    """
    long = _is_long(run)
    arrays = None if long else _arrays(run)
    total_steps = run.total_steps
    parts = _validate.integer("parts", parts, 1, total_steps, high_name="total_steps")
    method = _validate.choice("method", method, ("exact", "seed"))
    if long:
        weights = _long_composition_weights(run, parts, method)
    elif method == "exact" and _forgets_nothing(run):
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
    total = weights.sum()
    if not 0 < total < np.inf:  # cannot happen within TrainingRun's limits; refuse rather than return NaN
        raise ValueError(f"run must give part weights with a positive finite sum, got {total!r} for {run!r}")
    return weights / total


# --- headline numbers, and how they move with an assumed value ----------------------------------------------


@dataclass(frozen=True)
class Headline:
    """The numbers a forgetting clip leads with: what the first update (step 0) keeps of its size at the end
    of training (`final_decay` at fraction 0), and the shares of the first and last tenth of training in the
    final weights (`composition`, exact)."""

    first_update_keeps: float
    first_tenth: float
    last_tenth: float


def headline(run: TrainingRun) -> Headline:
    """The run's `Headline` numbers."""
    shares = composition(run, 10)
    return Headline(float(final_decay(run, [0.0])[0]), float(shares[0]), float(shares[-1]))


#: Values of a parameter that `sensitivity` tries when none are given. Weight decay: 0.1 is what the Llama 1
#: and 2 papers, OLMo's configs and the paper's llm.c runs use; 0.01 is the paper's own ablation
#: (tml-tuebingen/forgetting-contamination llm.c/scripts/ablations/15x_chinchilla_wd0.01.sh); 0.05 between.
PLAUSIBLE = {"weight_decay": (0.1, 0.05, 0.01)}


def sensitivity(
    run: TrainingRun, parameter: str = "weight_decay", values=None
) -> tuple[tuple[float | str, Headline], ...]:
    """(value, headline) for the run with `parameter` set to each value, the run's own value first.

    `parameter` is one of `ASSUMABLE`; `values` default to `PLAUSIBLE[parameter]` (the run's own value is
    added first if missing and never repeated). Each variant is validated as a `TrainingRun`, so a value the
    run cannot take is a ValueError naming the parameter.
    """
    _check_run(run)
    parameter = _validate.choice("parameter", parameter, ASSUMABLE)
    own = getattr(run, parameter)
    if values is None:
        if parameter not in PLAUSIBLE:
            raise ValueError(
                f"values must be given for parameter {parameter!r} (defaults exist for:"
                f" {', '.join(PLAUSIBLE)})"
            )
        values = PLAUSIBLE[parameter]
    if isinstance(values, str) or not isinstance(values, list | tuple):
        raise _validate.ParameterTypeError(f"values must be a list or tuple of values, got {values!r}")
    if parameter == "decay_steps" and own is None:
        own = run.total_steps  # the decay ends at the last step: the same run
    ordered = [own, *(v for v in values if v != own)]
    return tuple((v, headline(v_run)) for v, v_run in ((v, replace(run, **{parameter: v})) for v in ordered))


# --- long runs: running sums chunk by chunk ----------------------------------------------------------------


def _is_long(run: TrainingRun) -> bool:
    """Whether `run` is summed chunk by chunk instead of as cached whole arrays."""
    return _check_run(run).total_steps > _CHUNKED_ABOVE


def _lr_chunks(run: TrainingRun, start: int, stop: int, chunk: int | None = None):
    """(a, eta_a .. eta_{b-1}) for consecutive chunks a .. b - 1 of steps start .. stop - 1."""
    chunk = chunk or _CHUNK
    for a in range(start, stop, chunk):
        b = min(a + chunk, stop)
        yield a, _run_range(run, a, b)


def _log_factors(run: TrainingRun, lr: np.ndarray) -> np.ndarray:
    """log1p(-eta lambda), computed in place in `lr` (as in `_arrays`)."""
    np.multiply(lr, -run.weight_decay, out=lr)
    return np.log1p(lr, out=lr)


def _running_log_sums(run: TrainingRun, start: int, stop: int, log_start: float):
    """(a, L_{a+1} .. L_b) for consecutive chunks a .. b - 1 of steps start .. stop - 1, the running sum
    continuing from L_start = log_start across chunks."""
    for a, lr in _lr_chunks(run, start, stop):
        logs = _log_factors(run, lr)
        logs[0] += log_start
        np.cumsum(logs, out=logs)
        log_start = logs[-1]
        yield a, logs


@dataclass(frozen=True, eq=False)
class _Blocks:
    """A long run in blocks j of `stride` steps, j stride <= s < min((j + 1) stride, T): log_prefix[j] =
    L_{min(j stride, T)} (the sum of the blocks before; log_prefix[-1] = L_T), lr_sums[j] = the block's sum of
    eta_s (so a part's sum of eta_s never comes from a difference of two large sums)."""

    stride: int
    log_prefix: np.ndarray
    lr_sums: np.ndarray


@functools.lru_cache(maxsize=8)
def _blocks(run: TrainingRun) -> _Blocks:
    total_steps = run.total_steps
    stride = max(_MIN_STRIDE, -(-total_steps // _MAX_BLOCKS))
    log_sums = np.empty(-(-total_steps // stride))
    lr_sums = np.empty_like(log_sums)
    for a, lr in _lr_chunks(run, 0, total_steps, stride * max(1, _CHUNK // stride)):  # chunks of whole blocks
        cuts = np.arange(0, lr.size, stride)
        j = a // stride + np.arange(cuts.size)
        lr_sums[j] = np.add.reduceat(lr, cuts)
        log_sums[j] = np.add.reduceat(_log_factors(run, lr), cuts)
    log_prefix = np.concatenate([[0.0], np.cumsum(log_sums)])
    for x in (log_prefix, lr_sums):
        x.setflags(write=False)  # shared by every caller through the cache
    return _Blocks(stride, log_prefix, lr_sums)


def _short_sums(run: TrainingRun, starts: np.ndarray, counts: np.ndarray, logs: bool) -> np.ndarray:
    """Sums of eta_s (or of log1p(-eta_s lambda) if `logs`) over steps starts[i] .. starts[i] + counts[i] - 1,
    for short ranges (a few strides at most): all terms at once, in batches of about `_CHUNK` terms."""
    sums = np.zeros(starts.size)
    width = int(counts.max(initial=0))
    if width == 0:
        return sums
    rows = max(1, _CHUNK // width)
    columns = np.arange(width)
    for i in range(0, starts.size, rows):
        valid = columns < counts[i : i + rows, None]
        steps = np.where(valid, starts[i : i + rows, None] + columns, 0)
        terms = _on_steps(
            run.schedule,
            steps,
            run.total_steps,
            run.warmup_steps,
            run.max_lr,
            run.min_lr,
            run.warmup,
            run.decay_steps,
        )
        if logs:
            terms = _log_factors(run, terms)
        terms[~valid] = 0.0
        sums[i : i + rows] = terms.sum(axis=1)
    return sums


def _log_prefix_at(run: TrainingRun, indices) -> np.ndarray:
    """L_k = sum_{s<k} log1p(-eta_s lambda) at integer indices 0 <= k <= T of a long run (any shape).

    A few indices: each is its block's log_prefix plus fewer than `stride` terms. Many (more terms than the
    run has steps): one pass from the block of the smallest, picking them up on the way.
    """
    blocks = _blocks(run)
    stride = blocks.stride
    k = np.asarray(indices, dtype=np.int64)
    flat = k.ravel()
    if flat.size * stride <= run.total_steps:
        j = flat // stride
        log_prefix = blocks.log_prefix[j] + _short_sums(run, j * stride, flat - j * stride, logs=True)
        return log_prefix.reshape(k.shape)
    order = np.argsort(flat, kind="stable")
    sorted_k = flat[order]
    first = int(sorted_k[0]) // stride
    picked = np.full(flat.size, blocks.log_prefix[first])  # right for the indices k = first * stride
    lo = int(np.searchsorted(sorted_k, first * stride, side="right"))
    for a, logs in _running_log_sums(run, first * stride, int(sorted_k[-1]), blocks.log_prefix[first]):
        hi = int(np.searchsorted(sorted_k, a + logs.size, side="right"))
        picked[lo:hi] = logs[sorted_k[lo:hi] - a - 1]  # logs[i] = L_{a+i+1}
        lo = hi
    log_prefix = np.empty(flat.size)
    log_prefix[order] = picked
    return log_prefix.reshape(k.shape)


def _lr_part_sums(run: TrainingRun, bounds: np.ndarray) -> np.ndarray:
    """Sums of eta_s over each part bounds[i] <= s < bounds[i + 1] of a long run (0 for an empty part);
    bounds are non-decreasing from 0 to T.

    A few parts: the whole blocks inside the part, plus the steps before the first and after the last.
    Many: one pass, each chunk summed part by part.
    """
    blocks = _blocks(run)
    stride = blocks.stride
    starts, ends = bounds[:-1], bounds[1:]
    if starts.size * stride <= run.total_steps:
        first, stop = -(-starts // stride), ends // stride  # whole blocks first .. stop - 1 in the part
        whole = first < stop
        head = np.where(whole, first * stride, ends) - starts  # all of a part without whole blocks
        tail = np.where(whole, ends - stop * stride, 0)
        sums = _short_sums(run, starts, head, logs=False) + _short_sums(run, stop * stride, tail, logs=False)
        for i in np.flatnonzero(whole):
            sums[i] += blocks.lr_sums[first[i] : stop[i]].sum()
        return sums
    sums = np.zeros(starts.size)
    for a, lr in _lr_chunks(run, 0, run.total_steps):
        b = a + lr.size
        lo = int(np.searchsorted(bounds, a, side="right")) - 1  # parts lo .. hi - 1 meet steps a .. b - 1
        hi = int(np.searchsorted(bounds, b, side="left"))
        cut = np.clip(bounds[lo : hi + 1], a, b) - a  # each part's piece of the chunk: cut[i] .. cut[i + 1]
        filled = cut[1:] > cut[:-1]
        pieces = sums[lo:hi]
        pieces[filled] += np.add.reduceat(lr, cut[:-1][filled])
    return sums


def _long_curve(run: TrainingRun, start: int) -> np.ndarray:
    """`decay_curve` of a long run, chunk by chunk: exp of the running sum of log1p(-eta_s lambda) from
    `start` (which is L_{t+1} - L_start, without the cancellation)."""
    curve = np.empty(run.total_steps - start)
    for a, logs in _running_log_sums(run, start, run.total_steps, 0.0):
        curve[a - start : a - start + logs.size] = logs
    return np.exp(curve, out=curve)


def _long_composition_weights(run: TrainingRun, parts: int, method: str) -> np.ndarray:
    """`composition`'s unnormalised weights for a long run: the same formulas, with L at the few indices they
    need and the parts' sums of eta_s."""
    if method == "exact":
        bounds = part_boundaries(run.total_steps, parts)
        if _forgets_nothing(run):
            return _lr_part_sums(run, bounds)
        log_prefix = _log_prefix_at(run, bounds)
        within = log_prefix[1:] - log_prefix[:-1]  # L_b - L_a <= 0
        return -np.exp(log_prefix[-1] - log_prefix[1:]) * np.expm1(within) / run.weight_decay
    bounds = _seed_boundaries(run.total_steps, parts)  # ends at T
    mids = ((bounds[:-1] + bounds[1:]) / 2).astype(np.int64)
    log_prefix = _log_prefix_at(run, np.concatenate([[run.total_steps], mids]))
    return _lr_part_sums(run, bounds) * np.exp(log_prefix[0] - log_prefix[1:])
