"""Beats are placed on the frames where they start in the video, rendered afresh or from Manim's cache.

The probe clip fills the frame with a different colour in each beat and plays for run times that are not
whole frames (Manim rounds each animation up to whole frames, so the sum of run times drifts away from the
video). Decoding the video says, frame by frame, which beat is on screen: the beats' first frames must say
the same.
"""

from __future__ import annotations

import av
import numpy as np
import pytest
from manim import Rectangle, Wait

from scenes.kit import notes
from scenes.kit.base import LectureScene
from tests.conftest import render_scene

COLOURS = ["#FF0000", "#00FF00", "#0000FF", "#FFFFFF"]
RUN_TIMES = [(0.37, 0.21), (0.52,), (0.29, 0.33, 0.18), (0.44,)]


class BeatColours(LectureScene):
    def construct(self) -> None:
        for k, (colour, times) in enumerate(zip(COLOURS, RUN_TIMES, strict=True)):
            self.beat(f"beat {k + 1} is {colour}")
            self.add(Rectangle(width=30, height=20, fill_color=colour, fill_opacity=1, stroke_width=0))
            for t in times:
                self.play(Wait(t))


def beat_on_screen(movie) -> list[int]:
    """For every frame of `movie`, the index of the colour it shows."""
    targets = np.array([[int(c[i : i + 2], 16) for i in (1, 3, 5)] for c in COLOURS])
    shown = []
    with av.open(str(movie)) as container:
        for frame in container.decode(video=0):
            pixel = frame.to_ndarray(format="rgb24")[10, 10].astype(int)
            shown.append(int(np.argmin(np.abs(targets - pixel).sum(axis=1))))
    return shown


@pytest.mark.parametrize("caching", [False, True], ids=["fresh", "cached"])
def test_each_beat_starts_on_the_first_frame_that_shows_it(tmp_path, caching):
    if caching:  # the second render takes every animation from Manim's cache of partial movies
        render_scene(BeatColours, tmp_path, disable_caching=False)
    result = render_scene(BeatColours, tmp_path, disable_caching=not caching)
    line = result.scene.timeline
    shown = beat_on_screen(result.movie)
    assert [shown.index(k) for k in range(len(COLOURS))] == [b.frame for b in line.beats]
    assert line.frames == len(shown) == notes.frames_in(result.movie)
    # the run times alone would put the last beat elsewhere: the frames are what counts
    assert line.beats[-1].frame != round(sum(sum(t) for t in RUN_TIMES[:-1]) * line.fps)


def test_the_first_beat_comes_before_any_animation(tmp_path):
    class Late(LectureScene):
        def construct(self) -> None:
            self.play(Wait(0.1))
            self.beat("too late")

    with pytest.raises(ValueError, match="the first beat must come before the first animation"):
        render_scene(Late, tmp_path)


@pytest.mark.parametrize("note", ["", "   ", None, 3])
def test_a_beat_needs_a_note(note):
    with pytest.raises(ValueError, match="a beat's note must be a non-empty string"):
        notes.checked_note(note)


def test_notes_are_one_paragraph_and_keep_thin_spaces():
    assert notes.checked_note("  four\n 730\u2009000   steps ") == "four 730\u2009000 steps"


def test_the_sidecar_round_trips(tmp_path):
    beats = (notes.Beat("a", 0, 0), notes.Beat("b", 2, 17))
    line = notes.Timeline("S", 15.0, 40, beats, ("a source",), "what it shows")
    notes.write_sidecar(tmp_path / "S.beats.json", line)
    assert notes.read_sidecar(tmp_path / "S.beats.json") == line
    assert (line.start(1), line.end(1), line.last_frame(0), line.last_frame(1)) == (17 / 15, 40 / 15, 16, 39)
