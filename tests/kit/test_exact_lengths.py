"""scenes/kit/patches/exact_lengths.py: an mp4 states its length in its movie timescale; in one that is a
multiple of the frame rate the stated length is the frames' exactly. The whole render at 15, 30 and 60 fps is
tested in tests/tool/test_frame_rates.py."""

from __future__ import annotations

from fractions import Fraction

import av
import numpy as np
import pytest
from manim import tempconfig

from scenes.kit.patches import exact_lengths


def test_a_frame_is_a_whole_number_of_ticks_at_every_rate():
    for fps in (10, 15, 24, 25, 30, 50, 60, 29.97, 59.94):
        rate = exact_lengths.frame_rate(fps)
        assert (Fraction(exact_lengths.timescale(fps)) / rate).denominator == 1
    assert exact_lengths.frame_rate(29.97) == Fraction(30000, 1001)


def partial(path, frames: int, fps: int, timescale: int | None, moving: bool = True) -> None:
    """A small mp4 as Manim writes a partial movie (libx264 through PyAV), optionally with a timescale."""
    container = av.open(str(path), "w")
    if timescale:
        container.options["movie_timescale"] = str(timescale)
    stream = container.add_stream("libx264", rate=fps)
    stream.width, stream.height, stream.pix_fmt = 64, 64, "yuv420p"
    for i in range(frames):
        grey = np.full((64, 64, 3), (40 * i) % 256 if moving else 0, np.uint8)
        frame = av.VideoFrame.from_ndarray(grey, format="rgb24")
        frame.pts = i
        container.mux(stream.encode(frame))
    container.mux(stream.encode())
    container.close()


@pytest.mark.parametrize("fps", [15, 30, 60])
def test_with_the_timescale_every_length_is_stated_exactly(tmp_path, fps):
    with tempconfig({"frame_rate": fps}):
        for frames in (4, 7, 20, 23):
            path = tmp_path / f"{frames}.mp4"
            partial(path, frames, fps, exact_lengths.timescale(fps))
            assert exact_lengths.stated_exactly(path), frames


def test_a_length_stated_to_the_millisecond_is_not_reused(tmp_path):
    """1 ms ticks: at 30 fps, 4 still frames (133.33 ms) are stated 2043/15360 s, not 2048 (PyAV 18)."""
    with tempconfig({"frame_rate": 30}):
        stated = []
        for frames in (4, 5, 7, 20, 23, 41):
            path = tmp_path / f"{frames}.mp4"
            partial(path, frames, 30, None, moving=False)
            stated.append(exact_lengths.stated_exactly(path))
        assert not all(stated)
