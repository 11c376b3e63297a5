"""KL divergence between a ground-truth Gaussian and a model Gaussian, split into center and tails.

The seed animates a model N(mu, sigma) moving along a fixed path against the ground truth N(0, 1) and shows
which share of the KL divergence comes from the center (|x| < 2) and which from the tails. What it got wrong,
and how its numbers stay reachable:

- `calculate_kl` reads `x` and `gt_dist` before the cell defines them, so it fails on a fresh run. Here
  every function takes its grid as an argument (default `SEED_GRID`, the seed's linspace(-4, 4, 1000)).
- It sums ``scipy.special.kl_div(p, q) = p log(p/q) - p + q`` over density samples without the grid spacing
  dx, so its "KL" is 1/dx = 124.875 times the KL in nats, and its thresholds (25 for Low/High, colours at
  10 and 100) are in those units. The pointwise integrand is kept (it is >= 0 everywhere, so the split
  into center and tail is a split into non-negative parts, unlike p log(p/q) alone) and multiplied by dx to
  give nats. ``seed_units=True`` gives the seed's plain sums, and `seed_units_to_nats` converts its
  thresholds (`SEED_LOW_KL_THRESHOLD`, `SEED_COLOR_LOW`, `SEED_COLOR_HIGH`).
- It searches the minimum over 100 frames (`SEED_SEARCH_FRAMES`) but animates only 89 (`SEED_FRAMES`), and
  never shows it. `sweep` returns the minimum of whatever frames it is given (`min_index`, `min_frame`):
  frame 27 of range(100), which also lies within the 89 animated frames. That minimum depends on the
  sampling (frame 26.8 at ten samples per frame, 27 at one), so two clips showed two "lowest" totals.
  `lowest_frames` are the path's own minima, between samples (it reaches its lowest total three times in
  89 frames: 4.63, 26.79 and 67.46), and `lowest_frame` the one a clip shows, the seed's frame 27 refined.
- Its 3-D inset labels the *relative* tail share "Tail KL". `KLSplit` and `SweepResult` carry both the
  absolute parts (`center`, `tail`) and the shares (`center_share`, `tail_share`) under distinct names.
- Unused code (`kl_divergence()`, `scipy.stats.norm`) is dropped; the axis clipping (ylim 0.5) is a drawing
  matter for the scenes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Integral

import numpy as np
from scipy.optimize import minimize_scalar
from scipy.special import kl_div

from mathcore import _validate

SEED_GRID = np.linspace(-4, 4, 1000)
SEED_GRID.setflags(write=False)
SEED_FRAMES = 89  # frames the seed animates
SEED_SEARCH_FRAMES = 100  # frames the seed searches for the minimal KL
SEED_LOW_KL_THRESHOLD = 25.0  # seed units: "Low Total KL" below this
SEED_COLOR_LOW = 10.0  # seed units: green at or below
SEED_COLOR_HIGH = 100.0  # seed units: red at or above

_LOG_SQRT_2PI = 0.5 * math.log(2 * math.pi)
#: `sweep` holds a few arrays of frames x grid points: at most this many points (about 80 MB each), far
#: beyond a clip's (89 frames x 1000 points) and within any machine's memory.
MAX_SWEEP_POINTS = 10**7


@dataclass(frozen=True)
class KLSplit:
    """KL(p || q) in nats (or seed units), split into the center |x| < c and the tails |x| >= c.

    total = center + tail; center_share = center / total and tail_share = tail / total (both 0 when total
    is 0: there is nothing to split).
    """

    total: float
    center: float
    tail: float
    center_share: float
    tail_share: float


@dataclass(frozen=True, eq=False)
class SweepResult:
    """KL of the model against N(0, 1) for every frame of the sweep: one entry per frame in each array.

    `min_index` is the first index of the minimal total (the seed's strict ``<`` search).
    """

    frames: np.ndarray
    mu: np.ndarray
    sigma: np.ndarray
    total: np.ndarray
    center: np.ndarray
    tail: np.ndarray
    center_share: np.ndarray
    tail_share: np.ndarray
    min_index: int

    @property
    def min_frame(self) -> int | float:
        """The frame with the minimal total KL: frames[min_index]."""
        return self.frames[self.min_index].item()


def grid_spacing(grid: np.ndarray) -> float:
    """Spacing dx of a uniform, increasing grid of at least 2 points: dx = (x[-1] - x[0]) / (n - 1)."""
    x = _validate.array("grid", grid)
    if x.ndim != 1 or x.size < 2:
        raise ValueError(f"grid must be a 1-D array of at least 2 points, got shape {x.shape}")
    steps = np.diff(x)
    if not np.all(steps > 0):
        raise ValueError(f"grid must be strictly increasing, got a step of {float(steps.min())!r}")
    dx = float(_validate.finite_result("spacing", (x[-1] - x[0]) / (x.size - 1), "grid"))
    if not np.allclose(steps, dx, rtol=1e-6, atol=0):
        raise ValueError(
            f"grid must be uniformly spaced, got steps from {float(steps.min())!r} to {float(steps.max())!r}"
        )
    return dx


def seed_units_to_nats(value: float | np.ndarray, grid: np.ndarray = SEED_GRID) -> float | np.ndarray:
    """A KL value in the seed's units (a plain sum over `grid`) in nats: value * dx."""
    nats = _validate.array("value", value) * grid_spacing(grid)
    return _validate.scalar_or_array(_validate.finite_result("KL in nats", nats, "value and grid"))


def gaussian_pdf(
    x: np.ndarray | float, mu: np.ndarray | float, sigma: np.ndarray | float
) -> np.ndarray | float:
    """Density of N(mu, sigma^2) at x, broadcasting: exp(-(x - mu)^2 / (2 sigma^2)) / (sigma sqrt(2 pi))."""
    x = _validate.array("x", x)
    mu = _validate.array("mu", mu)
    sigma = _validate.array("sigma", sigma, low=0, low_open=True)
    _validate.broadcast(x=x, mu=mu, sigma=sigma)
    with np.errstate(all="ignore"):  # an overflow is refused below, with the parameters' names
        pdf = np.exp(-((x - mu) ** 2) / (2 * sigma**2)) / (sigma * np.sqrt(2 * np.pi))
    return _validate.scalar_or_array(_validate.finite_result("density", pdf, "x, mu and sigma"))


def gaussian_kl(
    mu_p: np.ndarray | float,
    sigma_p: np.ndarray | float,
    mu_q: np.ndarray | float,
    sigma_q: np.ndarray | float,
) -> np.ndarray | float:
    """KL(N(mu_p, sigma_p^2) || N(mu_q, sigma_q^2)) in nats, closed form, broadcasting.

    KL = log(sigma_q / sigma_p) + (sigma_p^2 + (mu_p - mu_q)^2) / (2 sigma_q^2) - 1/2.
    """
    mu_p = _validate.array("mu_p", mu_p)
    sigma_p = _validate.array("sigma_p", sigma_p, low=0, low_open=True)
    mu_q = _validate.array("mu_q", mu_q)
    sigma_q = _validate.array("sigma_q", sigma_q, low=0, low_open=True)
    _validate.broadcast(mu_p=mu_p, sigma_p=sigma_p, mu_q=mu_q, sigma_q=sigma_q)
    with np.errstate(all="ignore"):  # an overflow is refused below, with the parameters' names
        kl = _gaussian_kl(mu_p, sigma_p, mu_q, sigma_q)
    kl = _validate.finite_result("KL", kl, "mu_p, sigma_p, mu_q and sigma_q")
    return _validate.scalar_or_array(kl)


def _gaussian_kl(mu_p, sigma_p, mu_q, sigma_q) -> np.ndarray:
    # Written as (r^2 - 1 - log r^2) / 2 + (mu_p - mu_q)^2 / (2 sigma_q^2) with r = sigma_p / sigma_q = 1 + d,
    # and a series where d is small, so nearly equal Gaussians give a small positive value, not rounding
    # noise around zero: KL is >= 0, and 0 only for equal parameters.
    d = (sigma_p - sigma_q) / sigma_q
    direct = d * (2 + d) - 2 * (np.log(sigma_p) - np.log(sigma_q))
    series = d * d * (2 + d * (-2 / 3 + d * (1 / 2 + d * (-2 / 5 + d / 3))))
    sigma_term = np.where(np.abs(d) < 1e-3, series, direct)
    return 0.5 * sigma_term + (mu_p - mu_q) ** 2 / (2 * sigma_q**2)


def sweep_path(frames: np.ndarray | float) -> tuple[np.ndarray | float, np.ndarray | float]:
    """The seed's model path: mu = 0.5 cos(f / 10), sigma = 1 + 0.5 sin(f / 10); frames may be fractional."""
    f = _validate.array("frames", frames)
    mu = 0.5 * np.cos(f / 10)
    sigma = 1 + 0.5 * np.sin(f / 10)
    return _validate.scalar_or_array(mu), _validate.scalar_or_array(sigma)


def _split(integrand: np.ndarray, x: np.ndarray, center: float, scale: float) -> tuple[np.ndarray, ...]:
    """(total, center, tail, center_share, tail_share) of integrand summed over its last axis."""
    inside = np.abs(x) < center
    center_sum = np.sum(integrand, axis=-1, where=inside) * scale
    tail_sum = np.sum(integrand, axis=-1, where=~inside) * scale
    total = center_sum + tail_sum
    safe = np.where(total > 0, total, 1.0)
    center_share = np.where(total > 0, center_sum / safe, 0.0)
    tail_share = np.where(total > 0, tail_sum / safe, 0.0)
    return total, center_sum, tail_sum, center_share, tail_share


def kl_split(
    x: np.ndarray, p: np.ndarray, q: np.ndarray, center: float = 2.0, seed_units: bool = False
) -> KLSplit:
    """KL(p || q) of densities sampled on the uniform grid x, split into |x| < center and the tails.

    Each part is sum(p log(p/q) - p + q) * dx over its points (scipy.special.kl_div, >= 0 pointwise); with
    ``seed_units=True`` the sums are left without dx, as the seed printed them (1/dx times nats).
    p is the ground truth, q the model, as in the seed.
    """
    dx = grid_spacing(x)
    x = np.asarray(x, dtype=float)
    center = _validate.positive("center", center)
    seed_units = _validate.boolean("seed_units", seed_units)
    p = _validate.array("p", p, low=0)
    q = _validate.array("q", q, low=0)
    for name, arr in (("p", p), ("q", q)):
        if arr.shape != x.shape:
            raise ValueError(f"{name} must have the shape of x {x.shape}, got {arr.shape}")
    missing = (q == 0) & (p > 0)
    if missing.any():
        i = int(np.argmax(missing))
        raise ValueError(f"q must be > 0 wherever p > 0 (else KL is infinite), got q = 0 at index {i}")
    with np.errstate(all="ignore"):  # an overflow is refused below, with the parameters' names
        integrand = np.maximum(kl_div(p, q), 0.0)  # >= 0 exactly; max() removes rounding noise below zero
        parts = _split(integrand, x, center, 1.0 if seed_units else dx)
    _validate.finite_result("KL", parts, "x, p and q")
    return KLSplit(*(float(v) for v in parts))


def _frames_array(frames: int | np.ndarray) -> np.ndarray:
    """An int count n as range(n) (the seed's ``range(100)``), else a non-empty 1-D array of frame numbers."""
    if isinstance(frames, Integral) and not isinstance(frames, bool):
        return np.arange(_validate.integer("frames", frames, 1, MAX_SWEEP_POINTS))
    values = _validate.array("frames", frames)
    if values.ndim != 1 or values.size == 0:
        raise ValueError(
            "frames must be a frame count >= 1 or a non-empty 1-D array of frame numbers, "
            f"got shape {values.shape}"
        )
    raw = np.asarray(frames)
    return raw.astype(np.int64) if np.issubdtype(raw.dtype, np.integer) else values.copy()


def _read_only(*arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    for a in arrays:
        a.setflags(write=False)
    return arrays


def sweep(
    frames: int | np.ndarray, grid: np.ndarray | None = None, center: float = 2.0, seed_units: bool = False
) -> SweepResult:
    """KL(N(0, 1) || N(mu_f, sigma_f)) split into center and tails for every frame f, as one 2-D array op.

    `frames` is a count n (frames 0 .. n-1, like the seed's ``range(n)``) or an array of frame numbers
    (fractional ones give smooth in-between values). The integrand is p log(p/q) - p + q as in `kl_split`,
    with log p and log q taken from the closed-form log densities, so it stays finite on wide grids where
    the model's density underflows to 0.
    """
    f = _frames_array(frames)
    grid = SEED_GRID if grid is None else grid
    dx = grid_spacing(grid)
    x = np.asarray(grid, dtype=float)
    center = _validate.positive("center", center)
    seed_units = _validate.boolean("seed_units", seed_units)
    if f.size * x.size > MAX_SWEEP_POINTS:
        raise ValueError(
            f"frames and grid must hold at most {MAX_SWEEP_POINTS} points together (frames x grid points),"
            f" got {f.size} x {x.size}"
        )
    mu, sigma = (np.atleast_1d(v) for v in sweep_path(f))
    with np.errstate(all="ignore"):  # an overflow is refused below, with the parameters' names
        log_p = -(x**2) / 2 - _LOG_SQRT_2PI  # ground truth N(0, 1), shape (n_points,)
        log_q = -((x - mu[:, None]) ** 2) / (2 * sigma[:, None] ** 2) - np.log(sigma[:, None]) - _LOG_SQRT_2PI
        p, q = np.exp(log_p), np.exp(log_q)
        integrand = np.maximum(p * (log_p - log_q) - p + q, 0.0)  # kl_div(p, q), (n_frames, n_points)
        total, center_sum, tail_sum, center_share, tail_share = _split(
            integrand, x, center, 1.0 if seed_units else dx
        )
    _validate.finite_result("KL", total, "grid")
    arrays = _read_only(f, mu, sigma, total, center_sum, tail_sum, center_share, tail_share)
    return SweepResult(*arrays, min_index=int(np.argmin(total)))


#: how closely `lowest_frames` finds the path's minima, in frames
LOWEST_FRAME_TOLERANCE = 1e-7
#: minima whose totals differ by less than this (relative) are one lowest total reached twice
LOWEST_TIE_RTOL = 1e-9


def lowest_frames(frames: int | np.ndarray, grid: np.ndarray | None = None, center: float = 2.0) -> tuple:
    """The frames, fractional and ascending, where the total KL on the path between the first and the last of
    `frames` (a count n: frames 0 .. n-1) is lowest, to within LOWEST_FRAME_TOLERANCE: the path's minima, not
    its lowest sample, so they are the same however finely a clip samples the path.

    Usually one frame. The seed's path reaches its lowest total twice: at frames 5 pi -+ 11.15 (4.63 and
    26.79) the models are mirror images (mu of opposite signs, the same sigma) and N(0, 1) and the grid are
    symmetric, so the totals tie (to LOWEST_TIE_RTOL); a clip shows one of them and can name the other.

    `sweep(frames)` samples the path; around every sample no higher than its neighbours a bounded Brent
    search (scipy.optimize.minimize_scalar) between those neighbours refines the minimum. The samples must
    be close enough to leave one minimum between neighbours: a frame apart is (the path turns by a tenth of
    a radian per frame). An end of the range is returned exactly when the total falls towards it.
    """
    result = sweep(frames, grid=grid, center=center)
    order = np.argsort(result.frames, kind="stable")
    f, totals = result.frames[order].astype(float), result.total[order]

    def total(frame: float) -> float:
        return float(sweep(np.array([frame]), grid=grid, center=center).total[0])

    minima: dict[int, tuple[float, float]] = {}  # per dip (its lowest sample): (total, frame)
    for k in range(f.size):
        lo, hi = max(k - 1, 0), min(k + 1, f.size - 1)
        if totals[k] > totals[lo] or totals[k] > totals[hi]:
            continue
        best = (float(totals[k]), float(f[k]))
        if f[lo] < f[hi]:
            found = minimize_scalar(
                total, bounds=(f[lo], f[hi]), method="bounded", options={"xatol": LOWEST_FRAME_TOLERANCE / 2}
            )
            best = min(best, (total(float(found.x)), float(found.x)))
        minima[k] = best
    lowest = min(t for t, _ in minima.values())
    frames_at = {
        round(frame / LOWEST_FRAME_TOLERANCE) * LOWEST_FRAME_TOLERANCE: frame
        for t, frame in minima.values()
        if t <= lowest * (1 + LOWEST_TIE_RTOL)
    }
    return tuple(sorted(frames_at.values()))


def lowest_frame(frames: int | np.ndarray, grid: np.ndarray | None = None, center: float = 2.0) -> float:
    """The minimum of the path a clip shows: of `lowest_frames`, the one nearest the lowest sample of `frames`
    (the seed's search refined: frame 27 of range(89) becomes 26.785), the first of two as near."""
    nearest = sweep(frames, grid=grid, center=center).min_frame
    return min(lowest_frames(frames, grid=grid, center=center), key=lambda f: abs(f - nearest))
