"""The base classes every scene of the talk derives from.

A scene is a plain Manim ``Scene`` for ``manim -pql``; with ``LECTURE_SLIDES=1`` in the environment (set by
``make slides``) the same class is a manim-slides ``Slide`` and :meth:`LectureScene.beat` becomes a pause
between slides. The narrative beats are marked once, in the scene, so video and slides never drift apart.
"""

from __future__ import annotations

import os

from manim import ManimColor, Scene, ThreeDScene

from scenes import style

SLIDES = os.environ.get("LECTURE_SLIDES", "") == "1"

if SLIDES:  # imported only when asked for: manim-slides is not needed to preview a scene
    from manim_slides import Slide as _Base
    from manim_slides import ThreeDSlide as _Base3D
else:
    _Base, _Base3D = Scene, ThreeDScene


class _Beats:
    """Mixin: background from the style module and slide pauses at narrative beats."""

    def setup(self) -> None:
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
