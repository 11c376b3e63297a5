"""Input checks shared by every public function: each raises ValueError naming the parameter, the value and
what is allowed, e.g. ``sigma must be > 0 and finite, got -1.0``. NaN and infinities never pass.

A value of the wrong type (a string, a bool, a complex number, a float where an integer is needed) raises
:class:`ParameterTypeError`, a TypeError that is also a ValueError (so that a caller checking values, such as
the talk-file reader, reports it like any other bad value). A result that would overflow to infinity or
come out NaN for values that each pass their own check is refused too (:func:`finite_result`): no public
function returns NaN or infinity.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from numbers import Integral, Real

import numpy as np

#: The longest training run mathcore takes, in steps: 80x the longest published pre-training run (Llama 3
#: 405B, 1.2M steps). A run of this length is summed chunk by chunk in seconds; much longer ones would
#: take minutes (about 27 s for the data of 10^9 steps) and, as whole arrays, more memory than a laptop has.
MAX_TOTAL_STEPS = 10**8
#: The peak learning rates mathcore takes: below 1e-12 the decay sums vanish in double precision, above 1
#: no LLM is trained (and sums over 10^8 steps stay finite).
MIN_MAX_LR, MAX_MAX_LR = 1e-12, 1.0


class ParameterTypeError(TypeError, ValueError):
    """A parameter of the wrong type; a TypeError, and a ValueError for callers that check values."""


def _fail(name: str, allowed: str, value: object) -> ValueError:
    return ValueError(f"{name} must be {allowed}, got {value!r}")


def _wrong_type(name: str, allowed: str, value: object) -> ParameterTypeError:
    return ParameterTypeError(f"{name} must be {allowed}, got {value!r} ({type(value).__name__})")


def real(name: str, value: object, allowed: str = "a finite real number") -> float:
    """`value` as a float; ParameterTypeError if it is not a real number (bools, strings and complex numbers
    are not), ValueError if it is not finite (an integer too large for a float is not)."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise _wrong_type(name, allowed, value)
    try:
        x = float(value)
    except OverflowError:
        raise _fail(name, allowed, value) from None
    if not math.isfinite(x):
        raise _fail(name, allowed, value)
    return x


def in_range(name: str, value: object, low: float, high: float) -> float:
    """`value` as a float with low <= value <= high."""
    allowed = f"in [{low:g}, {high:g}]"
    x = real(name, value, allowed)
    if not low <= x <= high:
        raise _fail(name, allowed, value)
    return x


def boolean(name: str, value: object) -> bool:
    """`value` if it is True or False (numpy's bool too); else ParameterTypeError ("no" is not False)."""
    if not isinstance(value, bool | np.bool_):
        raise _wrong_type(name, "True or False", value)
    return bool(value)


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
    if isinstance(value, bool | np.bool_) or not isinstance(value, Integral):
        raise _wrong_type(name, allowed, value)
    n = int(value)
    if n < low or (high is not None and n > high):
        raise _fail(name, allowed, value)
    return n


def choice(name: str, value: object, options: Iterable[str]) -> str:
    """`value` if it is one of `options`."""
    options = list(options)
    allowed = "one of " + ", ".join(repr(o) for o in options)
    if not isinstance(value, str):
        raise _wrong_type(name, allowed, value)
    if value not in options:
        raise _fail(name, allowed, value)
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
    arr = _real_array(name, value)
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


def _real_array(name: str, value: object) -> np.ndarray:
    """`value` as a float ndarray, if it holds real numbers only: strings, bools and complex numbers are a
    ParameterTypeError (numpy would read "0" as 0.0), integers too large for a float a ValueError."""
    allowed = "a real number or an array of real numbers"
    if isinstance(value, str | bytes):
        raise _wrong_type(name, allowed, value)
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError):  # ragged nested sequences
        raise _wrong_type(name, allowed, value) from None
    if raw.dtype.kind in "iuf":
        return raw.astype(float, copy=False)
    if raw.dtype.kind == "O" and all(
        isinstance(v, Real) and not isinstance(v, bool | np.bool_) for v in raw.flat
    ):  # Python ints beyond int64
        try:
            return raw.astype(float)
        except OverflowError:
            raise _fail(name, "finite everywhere", value) from None
    raise _wrong_type(name, allowed, value)


def broadcast(**arrays: np.ndarray) -> tuple[int, ...]:
    """The common shape of the named arrays; ValueError naming them and their shapes if there is none."""
    try:
        return np.broadcast_shapes(*(np.shape(a) for a in arrays.values()))
    except ValueError:
        shapes = ", ".join(f"{k} {np.shape(a)}" for k, a in arrays.items())
        raise ValueError(f"{', '.join(arrays)} must broadcast to one shape, got shapes {shapes}") from None


def finite_result(what: str, result, params: str):
    """`result` if every entry is finite; else ValueError: `params` together give a `what` beyond a double
    (NaN or infinity), so they are refused, never returned."""
    with np.errstate(all="ignore"):
        ok = bool(np.all(np.isfinite(result)))
    if not ok:
        raise ValueError(
            f"{params} must give a finite {what}; these values overflow a double (about 1.8e308)"
        )
    return result


def schedule(
    total_steps: int, warmup_steps: int, max_lr: float, min_lr: float
) -> tuple[int, int, float, float]:
    """The schedule's parameters validated: 2 <= total_steps <= MAX_TOTAL_STEPS, 0 <= warmup_steps <
    total_steps, MIN_MAX_LR <= max_lr <= MAX_MAX_LR, 0 <= min_lr <= max_lr (all finite)."""
    total_steps = integer("total_steps", total_steps, 2, MAX_TOTAL_STEPS)
    warmup_steps = warmup_below_total(total_steps, warmup_steps)
    max_lr = in_range("max_lr", max_lr, MIN_MAX_LR, MAX_MAX_LR)
    return total_steps, warmup_steps, max_lr, min_lr_within(max_lr, min_lr)


# The rules between two parameters of a training run, one function each, so that a caller that checks many
# values at once (the talk file) can report every broken one; each names its second parameter.
def warmup_below_total(total_steps: int, warmup_steps: object) -> int:
    """0 <= warmup_steps < total_steps."""
    return integer("warmup_steps", warmup_steps, 0, total_steps - 1, high_name="total_steps - 1")


def min_lr_within(max_lr: float, min_lr: object) -> float:
    """0 <= min_lr <= max_lr."""
    min_lr = real("min_lr", min_lr, f"in [0, max_lr = {max_lr:g}]")
    if not 0 <= min_lr <= max_lr:
        raise ValueError(f"min_lr must be in [0, max_lr = {max_lr:g}], got {min_lr!r}")
    return min_lr


def decay_below_one(max_lr: float, weight_decay: object) -> float:
    """weight_decay >= 0 and weight_decay * max_lr < 1: each step multiplies the weights by
    1 - lr * weight_decay, which must stay positive."""
    weight_decay = non_negative("weight_decay", weight_decay)
    if weight_decay * max_lr >= 1:
        raise ValueError(
            "weight_decay * max_lr must be < 1 (each step multiplies the weights by 1 - lr * weight_decay"
            f" > 0), got weight_decay = {weight_decay!r} with max_lr = {max_lr!r}"
        )
    return weight_decay


#: (first parameter, second parameter, rule): every rule between two parameters of a training run.
PAIR_RULES = (
    ("total_steps", "warmup_steps", warmup_below_total),
    ("max_lr", "min_lr", min_lr_within),
    ("max_lr", "weight_decay", decay_below_one),
)


def scalar_or_array(x: np.ndarray) -> float | np.ndarray:
    """A 0-d result as a Python float, anything else unchanged: scalars in, scalars out."""
    return float(x) if np.ndim(x) == 0 else x
