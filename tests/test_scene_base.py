"""The base scenes bound the frame queue to Manim's encoder (memory at 1080p; docs/benchmarks.md)."""

from __future__ import annotations

from unittest import mock

from manim import config
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
