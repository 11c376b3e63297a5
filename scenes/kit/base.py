"""The base classes every scene of the talk derives from.

A scene is a plain Manim ``Scene`` for ``manim -pql``; with ``LECTURE_SLIDES=1`` in the environment (set by
``make slides``) the same class is a manim-slides ``Slide`` and :meth:`LectureScene.beat` becomes a pause
between slides. The narrative beats are marked once, in the scene, so video and slides never drift apart.
"""

from __future__ import annotations

import copy
import enum
import os
from collections import deque
from itertools import islice, starmap

import numpy as np
from manim import ManimColor, Scene, ThreeDScene, config
from manim.camera import camera as _camera
from manim.mobject import mobject as _mobject
from manim.mobject.svg import svg_mobject as _svg
from manim.scene import scene_file_writer as _writer

from scenes.kit import style
from scenes.kit.speedups import typeset_cache

SLIDES = os.environ.get("LECTURE_SLIDES", "") == "1"

if SLIDES:  # imported only when asked for: manim-slides is not needed to preview a scene
    from manim_slides import Slide as _Base
    from manim_slides import ThreeDSlide as _Base3D
else:
    _Base, _Base3D = Scene, ThreeDScene


def bound_encoder_queue() -> None:
    """Bound the frame queue to Manim's encoder thread when there is a single encoder (the default).

    Manim 0.21 leaves the queue unbounded with ``max_inflight_encoders = 1`` and ignores
    ``encoder_queue_size`` then. At 1080p every queued frame is an 8 MB RGBA array, and frames are drawn
    faster than x264 encodes them, so a scene peaked at up to 2.2 GiB (docs/benchmarks.md). With the queue
    bounded to ``config.encoder_queue_size`` frames the drawing thread waits for the encoder instead: same
    frames, same encoder, no extra CPU. Two encoders would bound it too, but cost ~400 MiB more. Idempotent.
    """
    job = _writer._PartialMovieEncodeJob
    if getattr(job, "_lecture_bounded", False):
        return

    class _BoundedJob(job):
        _lecture_bounded = True

        def __init__(self, path, animation_index, container, stream, frame_queue_size):
            size = frame_queue_size or config.encoder_queue_size  # 0 means unbounded: one encoder
            super().__init__(path, animation_index, container, stream, size)

    _writer._PartialMovieEncodeJob = _BoundedJob


def fast_cairo_paths() -> None:
    """Hand each VMobject's Béziers to Cairo from Python lists, not numpy scalars: same calls, fewer cycles.

    Manim 0.21's ``Camera.set_cairo_context_path`` indexes a numpy array six times per Bézier and finds the
    subpaths with ~15 small numpy operations per VMobject. Profiled at 720p30, ``ForgettingAcrossRuns``
    spent 26 s of its 69 s there, for 5.9 M Béziers (docs/benchmarks.md). This version computes the same
    subpath splits (anchors closer than ``atol + 1e-5·|start|`` per coordinate, as Manim's
    ``get_subpath_split_indices_from_points``) from one reshape, converts the handles to a list once, and
    issues the identical sequence of ``new_path``/``new_sub_path``/``move_to``/``curve_to``/``close_path``
    calls with the identical numbers, so the frames are bit-identical (tests/test_scene_base.py). Paths whose
    point count is not a multiple of four, or with non-finite points, go to Manim's own method. Idempotent.
    """
    cls = _camera.Camera
    if getattr(cls.set_cairo_context_path, "_lecture_fast", False):
        return
    original = cls.set_cairo_context_path

    def set_cairo_context_path(self, ctx, vmobject):
        points = self.transform_points_pre_display(vmobject, vmobject.points)
        n = len(points)
        if n < 4 or n % 4:  # empty, or a stray point: rare, Manim's way
            return original(self, ctx, vmobject)
        curves = points[:, :2].reshape(-1, 8)  # per Bézier: anchor, handle, handle, anchor (x, y each)
        if not np.isfinite(curves).all():  # a 3-D projection can still make them: Manim's way
            return original(self, ctx, vmobject)
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

    set_cairo_context_path._lecture_fast = True
    set_cairo_context_path._lecture_original = original
    cls.set_cairo_context_path = set_cairo_context_path


_ATOMIC = (bool, int, float, str, type(None), enum.Enum)  # shared, never mutated


def lean_copies() -> None:
    """``Mobject.copy`` without ``copy.deepcopy``'s dispatch for plain numbers, strings and float arrays.

    Manim's ``Mobject.__deepcopy__`` deep-copies each of a VMobject's ~35 attributes through
    ``copy.deepcopy``; a glyph has ~35 of them and ``Write``/``FadeIn``/``Transform`` copy whole formulas,
    so a text-heavy scene made ~180 000 ``deepcopy`` calls (1 s of CompressionCircle's 480p profile). Here
    immutable values are shared (what ``deepcopy`` returns for them anyway) and numeric arrays are copied
    with ``ndarray.copy`` through the same memo (an array shared between attributes stays shared in the
    copy); everything else still goes through ``copy.deepcopy``. Same copies, attribute by attribute
    (tests/test_scene_base.py). Idempotent.
    """
    cls = _mobject.Mobject
    if getattr(cls.__deepcopy__, "_lecture_lean", False):
        return
    original = cls.__deepcopy__

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

    __deepcopy__._lecture_lean = True
    __deepcopy__._lecture_original = original
    cls.__deepcopy__ = __deepcopy__


class _SharedPath:
    """A glyph's parsed SVG path, read once when the glyph's points are generated; copies share it."""

    __slots__ = ("path",)

    def __init__(self, path) -> None:
        self.path = path

    def __iter__(self):
        return iter(self.path)

    def __getattr__(self, name: str):
        return getattr(self.path, name)

    def __deepcopy__(self, memo: dict) -> _SharedPath:
        return self


def share_svg_paths() -> None:
    """Copies of Text/MathTypst glyphs share their parsed SVG path instead of deep-copying it.

    Every glyph of a Text or MathTypst keeps the svgelements ``Path`` it was built from (``path_obj``); Manim
    reads it only to generate the glyph's points, but ``Mobject.copy`` deep-copies it with everything else,
    ~1 ms a glyph: most of what a copy of a formula costs. ``Write``, ``FadeIn`` and ``Transform`` copy their
    mobjects, so a text-heavy scene spent seconds in it (docs/benchmarks.md). The points, colours and
    everything drawn are still copied. Idempotent.
    """
    cls = _svg.VMobjectFromSVGPath
    if getattr(cls, "_lecture_shared", False):
        return
    init = cls.__init__

    def __init__(self, *args, **kwargs) -> None:
        init(self, *args, **kwargs)
        self.path_obj = _SharedPath(self.path_obj)

    cls.__init__ = __init__
    cls._lecture_shared = True


class _Beats:
    """Mixin: background from the style module and slide pauses at narrative beats."""

    def setup(self) -> None:
        bound_encoder_queue()
        share_svg_paths()
        fast_cairo_paths()
        lean_copies()
        typeset_cache.install()
        super().setup()
        # A ManimColor, not a str: manim-slides calls .to_hex() on it.
        self.camera.background_color = ManimColor(style.BACKGROUND)

    def beat(self) -> None:
        """A narrative beat: a slide break with ``LECTURE_SLIDES=1``, nothing in a plain video."""
        if SLIDES:
            self.next_slide()


class LectureScene(_Beats, _Base):
    """Base of every 2-D scene of the talk."""


class LectureScene3D(_Beats, _Base3D):
    """Base of the 3-D scenes of the talk."""
