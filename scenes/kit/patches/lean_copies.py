"""``Mobject.copy`` without ``copy.deepcopy``'s dispatch for plain numbers, strings and float arrays.

Manim's ``Mobject.__deepcopy__`` deep-copies each of a VMobject's ~35 attributes through ``copy.deepcopy``,
and ``Write``/``FadeIn``/``Transform`` copy whole formulas, so a text-heavy scene made ~180 000 ``deepcopy``
calls. Here immutable values are shared (what ``deepcopy`` returns for them anyway) and numeric arrays are
copied with ``ndarray.copy`` through the same memo (an array shared between attributes stays shared in the
copy); everything else still goes through ``copy.deepcopy``. Same copies, attribute by attribute
(tests/kit/test_patches.py). Manim offers no door for this: it replaces ``Mobject.__deepcopy__``.
"""

from __future__ import annotations

import copy
import enum

import numpy as np
from manim.mobject import mobject as _mobject

NAME = "lean copies"

_ATOMIC = (bool, int, float, str, type(None), enum.Enum)  # shared, never mutated


def __deepcopy__(self, memo):
    result = self.__class__.__new__(self.__class__)
    memo[id(self)] = result
    for key, value in self.__dict__.items():
        if isinstance(value, _ATOMIC):
            setattr(result, key, value)
        elif type(value) is np.ndarray and value.dtype != object:
            twin = memo.get(id(value))
            if twin is None:
                twin = memo[id(value)] = value.copy()
            setattr(result, key, twin)
        else:
            setattr(result, key, copy.deepcopy(value, memo))
    result.original_id = str(id(self))
    return result


ORIGINAL = _mobject.Mobject.__deepcopy__


def apply() -> None:
    """Replace ``Mobject.__deepcopy__``. Idempotent."""
    _mobject.Mobject.__deepcopy__ = __deepcopy__


def remove() -> None:
    """Manim's own ``__deepcopy__`` again (for tests that compare both)."""
    _mobject.Mobject.__deepcopy__ = ORIGINAL
