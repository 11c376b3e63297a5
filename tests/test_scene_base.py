"""The base scenes: a bounded frame queue to the encoder, glyph SVG paths shared between copies."""

from __future__ import annotations

from unittest import mock

import numpy as np
from manim import RIGHT, config
from manim.scene import scene_file_writer

from scenes.base import bound_encoder_queue


def _job(frame_queue_size: int):
    bound_encoder_queue()
    stream = mock.Mock()
    stream.encode.return_value = []
    job = scene_file_writer._PartialMovieEncodeJob(
        path="unused.mp4",
        animation_index=0,
        container=mock.Mock(),
        stream=stream,
        frame_queue_size=frame_queue_size,
    )
    job.seal()
    job.join()
    return job


def test_single_encoder_queue_is_bounded_by_encoder_queue_size():
    # Manim passes 0 (unbounded) when max_inflight_encoders is 1, its default
    assert config.max_inflight_encoders == 1
    assert _job(0).queue.maxsize == config.encoder_queue_size > 0


def test_parallel_encoders_keep_manims_bound():
    assert _job(3).queue.maxsize == 3


def test_bounding_twice_wraps_once():
    bound_encoder_queue()
    first = scene_file_writer._PartialMovieEncodeJob
    bound_encoder_queue()
    assert scene_file_writer._PartialMovieEncodeJob is first


def test_copies_of_glyphs_share_the_svg_path_but_not_the_points():
    from manim import Text

    from scenes.base import share_svg_paths

    share_svg_paths()
    word = Text("copy", font_size=24)
    twin = word.copy()
    for a, b in zip(word.family_members_with_points(), twin.family_members_with_points(), strict=True):
        assert a.path_obj is b.path_obj
        assert list(a.path_obj) == list(a.path_obj.path)  # still reads as the path it wraps
        assert a.points is not b.points
        np.testing.assert_array_equal(a.points, b.points)
    twin.shift(RIGHT)
    assert not np.allclose(word.get_center(), twin.get_center())
