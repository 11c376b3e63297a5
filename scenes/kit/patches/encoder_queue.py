"""A bounded frame queue for Manim's single encoder thread, through the renderer's ``file_writer_class``.

With ``max_inflight_encoders = 1`` (the default) Manim 0.21 leaves the queue between the drawing thread and
the encoder unbounded and ignores ``encoder_queue_size`` (0.22 bounds it itself: there this writer finds
the queue bounded and changes nothing). At 1080p every queued frame is an 8 MB
RGBA array and frames are drawn faster than x264 encodes them, so a scene peaked at up to 2.2 GiB
(docs/benchmarks.md). Bounded to ``config.encoder_queue_size`` frames, the drawing thread waits for the
encoder instead: same frames, same encoder, no extra CPU. (Two encoders would bound it too, but cost about
400 MiB more.)
"""

from __future__ import annotations

from manim import config
from manim.scene.scene_file_writer import SceneFileWriter

NAME = "bounded encoder queue"


class BoundedQueueWriter(SceneFileWriter):
    """Manim's file writer whose single encoder's frame queue holds at most ``encoder_queue_size`` frames."""

    def open_partial_movie_stream(self, *args, **kwargs) -> None:
        super().open_partial_movie_stream(*args, **kwargs)
        job = self._current_encode_job
        if job is not None and job.queue.maxsize == 0:  # 0 means unbounded: Manim's single encoder
            with job.queue.mutex:  # the encoder thread waits on this queue already
                job.queue.maxsize = max(int(config.encoder_queue_size), 1)


def apply() -> None:
    """Nothing to replace: the base scenes hand ``BoundedQueueWriter`` to their renderer."""
