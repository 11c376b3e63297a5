"""The base classes every scene of the talk derives from.

A scene is a plain Manim ``Scene`` for ``manim -pql``; with ``LECTURE_SLIDES=1`` in the environment (set by
``make slides``) the same class is a manim-slides ``Slide`` and :meth:`LectureScene.beat` becomes a pause
between slides. The narrative beats are marked once, in the scene, so video and slides never drift apart.
"""

from __future__ import annotations

import os

from manim import ManimColor, Scene, ThreeDScene, config
from manim.mobject.svg import svg_mobject as _svg
from manim.scene import scene_file_writer as _writer

from scenes import style

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
