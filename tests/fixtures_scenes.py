"""Tiny scenes (about 1 s each) for the render and slides tests: fast at the lowest quality.

``LECTURE_TEST_FAIL=<SceneName>`` in the environment makes that scene raise, to test a failing render;
``LECTURE_TEST_HOLD=<file>`` makes every scene wait (up to two minutes) until that file exists, so that a test
can hold a render in the middle.
"""

from __future__ import annotations

import os
import time

from manim import DOWN, LEFT, RIGHT, UP, Circle, Create, FadeIn, FadeOut, GrowFromCenter, Square, Transform

from lecture_scenes.catalogue import Entry
from scenes.kit import style
from scenes.kit.base import LectureScene


class _Tiny(LectureScene):
    SECONDS = 1.0

    def fail_if_asked(self) -> None:
        if os.environ.get("LECTURE_TEST_FAIL") == type(self).__name__:
            raise RuntimeError(f"forced failure of {type(self).__name__}")
        hold = os.environ.get("LECTURE_TEST_HOLD")
        deadline = time.monotonic() + 120
        while hold and not os.path.exists(hold) and time.monotonic() < deadline:
            time.sleep(0.05)


class TinyCircle(_Tiny):
    """A circle appears, a beat, it becomes a square."""

    def construct(self) -> None:
        self.fail_if_asked()
        self.beat("A circle appears.")
        circle = Circle(color=style.CENTER)
        # two animations of fractional frames: a beat's frames are not its run times times the frame rate
        self.play(Create(circle), run_time=0.23)
        self.play(circle.animate.shift(0.2 * RIGHT), run_time=0.27)
        self.beat("It becomes a square.")
        self.play(Transform(circle, Square(color=style.TAILS)), run_time=0.5)


class TinySquare(_Tiny):
    """A square appears, a beat, it fades out."""

    def construct(self) -> None:
        self.fail_if_asked()
        self.beat("A square appears.")
        square = Square(color=style.DATA)
        self.play(Create(square), run_time=0.5)
        self.beat("It fades out.")
        self.play(FadeOut(square), run_time=0.5)


class TinySteps(_Tiny):
    """Three slides whose plays last whole frames at 10 and at 15 fps, so the frame at any time is known:
    a disc grows (0.4 s); it moves right (0.4 s) and waits (0.2 s); it becomes a square (0.4 s)."""

    SECONDS = 1.4

    def construct(self) -> None:
        self.beat("A disc grows.")
        disc = Circle(radius=0.5, color=style.CENTER, fill_opacity=1)
        self.play(GrowFromCenter(disc), run_time=0.4)
        self.beat("It moves right and stays.")
        self.play(disc.animate.shift(2 * RIGHT), run_time=0.4)
        self.wait(0.2)
        self.beat("It becomes a square.")
        self.play(Transform(disc, Square(color=style.TAILS)), run_time=0.4)


class TinyTalk(_Tiny):
    """Three beats to narrate: one shorter than its voice, one longer (a wait), numbers and symbols to say."""

    SECONDS = 3.2

    def construct(self) -> None:
        self.beat("A disc grows. Its radius is 0.5 units.")
        disc = Circle(radius=0.5, color=style.CENTER, fill_opacity=1)
        self.play(GrowFromCenter(disc), run_time=0.4)
        self.beat("It moves right.")
        self.play(disc.animate.shift(2 * RIGHT), run_time=0.4)
        self.wait(2.4)
        self.beat("It becomes a square, about 73.6 % of the disc.")
        self.play(Transform(disc, Square(color=style.TAILS)), run_time=0.4)


CATALOGUE: tuple[Entry, ...] = (
    Entry("tests.fixtures_scenes", "TinyCircle"),
    Entry("tests.fixtures_scenes", "TinySquare"),
)
TINY_STEPS = Entry("tests.fixtures_scenes", "TinySteps")
TINY_TALK = Entry("tests.fixtures_scenes", "TinyTalk")
NARRATED: tuple[Entry, ...] = (TINY_TALK,)  # the narrated deck's test


class PatchProbe(LectureScene):
    """About a second of what the speed-ups touch: labels, Typst math written glyph by glyph, a dashed
    path, a transform and a fade (copies of glyphs), so its frames show any change a speed-up makes."""

    def construct(self) -> None:
        from manim import DashedLine, MathTypst, Text, Write

        words = Text("Forget 8 %", font_size=40, color=style.INK).shift(UP)
        formula = MathTypst("product_(t = s)^n (1 - eta_t lambda)", font_size=48).shift(DOWN)
        line = DashedLine(3 * LEFT, 3 * RIGHT, color=style.MUTED).shift(2.5 * DOWN)
        self.play(FadeIn(words, shift=0.3 * DOWN), Write(formula), run_time=0.6)
        self.play(
            Transform(words, Text("Keep 92 %", font_size=40, color=style.CENTER).shift(UP)), FadeIn(line)
        )
        self.play(FadeOut(formula), run_time=0.4)
