"""Each VMobject's Béziers handed to Cairo from Python lists, not numpy scalars: a camera subclass.

Manim's ``Camera.set_cairo_context_path`` indexes a numpy array six times per Bézier and finds the subpaths
with about fifteen small numpy operations per VMobject; ``ForgettingAcrossRuns`` spent over a third of its
render there (docs/benchmarks.md). :class:`FastPaths` computes the same subpath splits (anchors closer than
``atol + 1e-5·|start|`` per coordinate, as Manim's ``get_subpath_split_indices_from_points``) from one
reshape, converts the handles to a list once, and issues the identical sequence of ``new_path`` /
``new_sub_path`` / ``move_to`` / ``curve_to`` / ``close_path`` calls with the identical numbers, so frames
are bit-identical (tests/kit/test_patches.py). Paths whose point count is not a multiple of four, or with
non-finite points, go to Manim's own method. Used through the scenes' ``camera_class``: nothing inside
Manim changes.
"""

from __future__ import annotations

from collections import deque
from functools import cache
from itertools import islice, starmap

import numpy as np

NAME = "fast Cairo paths"


class FastPaths:
    """Mixin for a Cairo camera class: the same path calls as Manim's, from Python lists."""

    def set_cairo_context_path(self, ctx, vmobject):
        points = self.transform_points_pre_display(vmobject, vmobject.points)
        n = len(points)
        if n < 4 or n % 4:  # empty, or a stray point: rare, Manim's way
            return super().set_cairo_context_path(ctx, vmobject)
        curves = points[:, :2].reshape(-1, 8)  # per Bézier: anchor, handle, handle, anchor (x, y each)
        if not np.isfinite(curves).all():  # a 3-D projection can still make them: Manim's way
            return super().set_cairo_context_path(ctx, vmobject)
        ends, starts = curves[:-1, 6:8], curves[1:, 0:2]
        close = np.abs(ends - starts) <= vmobject.tolerance_for_point_equality + 1.0e-5 * np.abs(starts)
        firsts = np.flatnonzero(~(close[:, 0] & close[:, 1])) + 1
        bounds = [0, *firsts.tolist(), len(curves)]
        flat = curves[:, 2:].ravel().tolist()  # per Bézier, the six numbers of its curve_to
        sixes = iter(flat)
        sixes = zip(sixes, sixes, sixes, sixes, sixes, sixes, strict=False)  # consumed subpath by subpath
        ctx.new_path()
        curve_to, equal = ctx.curve_to, vmobject.consider_points_equals_2d
        for start, stop in zip(bounds[:-1], bounds[1:], strict=False):
            first, last = curves[start, 0:2].tolist(), flat[6 * stop - 2 : 6 * stop]
            ctx.new_sub_path()
            ctx.move_to(*first)
            deque(starmap(curve_to, islice(sixes, stop - start)), maxlen=0)  # the loop runs in C
            if equal(first, last):
                ctx.close_path()
        return self


@cache
def fast(camera_class: type) -> type:
    """`camera_class` (Manim's Camera or ThreeDCamera) with :class:`FastPaths`' path method."""
    return type(f"Fast{camera_class.__name__}", (FastPaths, camera_class), {"__module__": __name__})


def apply() -> None:
    """Nothing to replace: the base scenes pass ``fast(Camera)`` as their camera class."""
