"""A frame without the frames before it (scenes/kit/patches/skipping.py): the picture at the end of a slide,
at a moment of the timeline and at the end is the frame a full render hands to the encoder there."""

from __future__ import annotations

import numpy as np
import pytest
from manim import tempconfig

from scenes.forgetting import Forgetting124M15x
from scenes.kit.patches import output, skipping
from scenes.kl_sweep import KLSweep
from tests.conftest import TEST_CONFIG, render_scene
from tests.drawn_frames import frames_and_slide_ends
from tests.fixtures_scenes import TinySteps


def full_render(cls: type, media) -> tuple[list[np.ndarray], list[int]]:
    return frames_and_slide_ends(cls, media)


def skipped(cls: type, media, **where) -> tuple[skipping.Reached, np.ndarray]:
    with tempconfig({**TEST_CONFIG, "media_dir": str(media), **output.keys()}):
        scene = cls(skip_animations=True)
        reached = skipping.run(scene, **where)
        return reached, np.asarray(skipping.image(scene)).astype(int)


def last_frame(cls: type, media) -> np.ndarray:
    scene = render_scene(cls, media, **output.keys(still=True)).scene
    return np.asarray(scene.camera.get_image().convert("RGB")).astype(int)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return full_render(TinySteps, tmp_path_factory.mktemp("tiny"))


def test_the_end_of_a_slide_is_the_first_frame_after_it(tiny, tmp_path):
    frames, beats = tiny
    assert beats == [4, 10]  # 0.4 s, then 0.4 + 0.2 s more, at 10 fps
    for slide, (time, index) in enumerate(zip((0.4, 1.0), beats, strict=True), start=1):
        reached, picture = skipped(TinySteps, tmp_path / str(slide), beat=slide)
        assert reached == skipping.Reached(slide=slide, time=pytest.approx(time), end=False)
        np.testing.assert_array_equal(picture, frames[index])


@pytest.mark.parametrize(
    ("at", "slide"), [(0.0, 1), (0.2, 1), (0.4, 2), (0.7, 2), (0.9, 2), (1.0, 3), (1.3, 3)]
)
def test_a_moment_of_the_timeline_is_the_frame_drawn_then(tiny, tmp_path, at, slide):
    """Mid-play, at a play's first frame, and in a wait (0.9 s: a frozen frame, no play_internal)."""
    frames, _ = tiny
    reached, picture = skipped(TinySteps, tmp_path, at=at)
    assert (reached.slide, reached.end, reached.time) == (slide, False, pytest.approx(at))
    np.testing.assert_array_equal(picture, frames[round(at * TEST_CONFIG["frame_rate"])])


def test_the_end_is_manims_last_frame(tmp_path):
    reached, picture = skipped(TinySteps, tmp_path / "a")
    assert reached == skipping.Reached(slide=3, time=pytest.approx(1.4), end=True)
    np.testing.assert_array_equal(picture, last_frame(TinySteps, tmp_path / "b"))


def test_a_time_past_the_end_is_the_last_frame(tmp_path):
    reached, _ = skipped(TinySteps, tmp_path, at=5.0)
    assert reached.end and reached.time == pytest.approx(1.4)


@pytest.mark.parametrize("cls", [KLSweep, Forgetting124M15x])
def test_every_slide_end_of_a_clip_is_its_full_renders_frame(cls, tmp_path):
    """Slide ends of real clips (updaters, a cached static frame, counters): the same pixels."""
    frames, beats = full_render(cls, tmp_path / "full")
    for k, index in enumerate(beats, start=1):
        reached, picture = skipped(cls, tmp_path / f"s{k}", beat=k)
        assert reached.slide == k
        np.testing.assert_array_equal(picture, frames[index], err_msg=f"{cls.__name__} slide {k}")
