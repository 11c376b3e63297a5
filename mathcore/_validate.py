"""Input checks shared by every public function: each raises ValueError naming the parameter, the value and
what is allowed, e.g. ``sigma must be > 0 and finite, got -1.0``. NaN and infinities never pass."""

from __future__ import annotations

import math
from collections.abc import Iterable
from numbers import Integral, Real

import numpy as np


def _fail(name: str, allowed: str, value: object) -> ValueError:
    return ValueError(f"{name} must be {allowed}, got {value!r}")


def real(name: str, value: object, allowed: str = "a finite real number") -> float:
    """`value` as a float; ValueError if it is not a finite real number (bools are not numbers here)."""
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
        raise _fail(name, allowed, value)
    return float(value)


def positive(name: str, value: object) -> float:
    """`value` as a float > 0 and finite."""
    allowed = "> 0 and finite"
    x = real(name, value, allowed)
    if x <= 0:
        raise _fail(name, allowed, value)
    return x


def non_negative(name: str, value: object) -> float:
    """`value` as a float >= 0 and finite."""
    allowed = ">= 0 and finite"
    x = real(name, value, allowed)
    if x < 0:
        raise _fail(name, allowed, value)
    return x


def integer(name: str, value: object, low: int, high: int | None = None, *, high_name: str = "") -> int:
    """`value` as an int with low <= value <= high (no upper bound if `high` is None); no floats, no bools.

    `high_name` names what the upper bound is (e.g. "total_steps - 1"), so the message says why.
    """
    if high is None:
        allowed = f"an integer >= {low}"
    else:
        allowed = f"an integer in [{low}, {high_name + ' = ' if high_name else ''}{high}]"
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise _fail(name, allowed, value)
    n = int(value)
    if n < low or (high is not None and n > high):
        raise _fail(name, allowed, value)
    return n


def choice(name: str, value: object, options: Iterable[str]) -> str:
    """`value` if it is one of `options`."""
    options = list(options)
    if not isinstance(value, str) or value not in options:
        raise _fail(name, "one of " + ", ".join(repr(o) for o in options), value)
    return value


def array(
    name: str,
    value: object,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    what: str = "",
) -> np.ndarray:
    """`value` as a float ndarray whose entries are all finite and within [low, high] (or (low, high]).

    The message quotes the first offending entry and its index. `what` overrides the description of the range.
    """
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise _fail(name, "an array of finite real numbers", value) from None
    if arr.dtype == object:
        raise _fail(name, "an array of finite real numbers", value)
    if not what:
        parts = []
        if low is not None:
            parts.append(f"{'>' if low_open else '>='} {low:g}")
        if high is not None:
            parts.append(f"<= {high:g}")
        what = " and ".join(parts + ["finite"])
    bad = ~np.isfinite(arr)
    if low is not None:
        bad |= (arr <= low) if low_open else (arr < low)
    if high is not None:
        bad |= arr > high
    if bad.any():
        index = np.unravel_index(int(np.argmax(bad)), arr.shape) if arr.ndim else ()
        shown = int(index[0]) if arr.ndim == 1 else tuple(int(i) for i in index)
        where = f" at index {shown}" if arr.ndim else ""
        entry = arr[index] if arr.ndim else arr[()]
        raise ValueError(f"{name} must be {what} everywhere, got {float(entry)!r}{where}")
    return arr


def schedule(
    total_steps: int, warmup_steps: int, max_lr: float, min_lr: float
) -> tuple[int, int, float, float]:
    """The schedule's parameters validated: total_steps >= 2, 0 <= warmup_steps < total_steps,
    max_lr > 0, 0 <= min_lr <= max_lr (all finite)."""
    total_steps = integer("total_steps", total_steps, 2)
    warmup_steps = integer("warmup_steps", warmup_steps, 0, total_steps - 1, high_name="total_steps - 1")
    max_lr = positive("max_lr", max_lr)
    min_lr = real("min_lr", min_lr, f"in [0, max_lr = {max_lr:g}]")
    if not 0 <= min_lr <= max_lr:
        raise ValueError(f"min_lr must be in [0, max_lr = {max_lr:g}], got {min_lr!r}")
    return total_steps, warmup_steps, max_lr, min_lr


def scalar_or_array(x: np.ndarray) -> float | np.ndarray:
    """A 0-d result as a Python float, anything else unchanged: scalars in, scalars out."""
    return float(x) if np.ndim(x) == 0 else x
