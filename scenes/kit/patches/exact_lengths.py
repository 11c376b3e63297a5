"""Partial movie files exactly as long as their frames: a clip's frame k is shown at k / fps, at any rate.

Manim (0.21, 0.22) writes each animation into an mp4 of its own (a partial movie file) and joins them with
FFmpeg's concat demuxer, which starts each file where the one before it ends by its *stated* length. An mp4
states a length in its movie timescale, 1000 ticks a second by default (the mov muxer's
``movie_timescale``), so a partial of 20 frames at 30 fps (666.67 ms) says 666 ms, and the next one starts
0.67 ms early. At 30 fps every animation whose length is not a whole millisecond does this: a clip of 21
animations ended 4 ms before its frames said, frames no longer fell at k / fps, and its captions (timed by
frames) ran past the clip (issue 25, ``make render QUALITY=m``). 15 and 60 fps lose as much; their tests
had too few animations to cross the millisecond the check allowed.

:func:`apply` wraps ``SceneFileWriter.open_partial_movie_stream``: once Manim has opened the partial's
container, and before its first frame is muxed, it sets the container's ``movie_timescale`` to a whole
multiple of the frame rate, so every stated length is exact. It is a fix, not a speed-up: it stays on with
``LECTURE_PATCHES=off`` (applied by scenes.kit.base, like ``concat_quoting``). It finds the container where
Manim 0.21 (``_current_encode_job.container``) and 0.22 (``_current_encode_job.encoder._container``) keep it,
on the versions the registry names; elsewhere it changes nothing, and the render pipeline's frame checks still
catch a drift. A partial movie cached before this fix, its length stated to the millisecond, is not reused but
drawn again (the wrapped ``is_already_cached``). The finished clip gets the same timescale when the render
pipeline copies it (lecture_scenes/mp4s.py)."""

from __future__ import annotations

import functools
from fractions import Fraction
from pathlib import Path

from manim import config
from manim.scene.scene_file_writer import SceneFileWriter

NAME = "exact partial movie lengths"
MP4_FORMATS = {"mp4", "mov"}  # the muxers with a movie timescale

ORIGINAL = SceneFileWriter.open_partial_movie_stream
ORIGINAL_CACHED = SceneFileWriter.is_already_cached


def frame_rate(fps: float) -> Fraction:
    """`fps` as Manim encodes it (its ``to_av_frame_rate``): 30.0 -> 30, 29.97 -> 30000/1001."""
    if abs(fps - round(fps)) < 1e-4:
        return Fraction(round(fps))
    return Fraction(round(fps * 1001 / 1000) * 1000, 1001)


def timescale(fps: float) -> int:
    """A movie timescale in which a frame at `fps` lasts a whole number of ticks (30 -> 30000; 29.97 ->
    30000000 for 30000/1001)."""
    return frame_rate(fps).numerator * 1000


def container_of(writer: SceneFileWriter):
    """The output container of the partial movie `writer` has just opened (None where this Manim keeps it
    somewhere this module does not know)."""
    job = getattr(writer, "_current_encode_job", None)
    if job is None:
        return None
    container = getattr(job, "container", None)  # Manim 0.21
    if container is None:
        container = getattr(getattr(job, "encoder", None), "_container", None)  # Manim 0.22
    return container


@functools.wraps(ORIGINAL)
def open_partial_movie_stream(self, *args, **kwargs):
    ORIGINAL(self, *args, **kwargs)
    container = container_of(self)
    if container is not None and container.format.name in MP4_FORMATS:
        # PyAV hands `options` to the muxer when it writes the header, at the first frame: not yet written.
        container.options["movie_timescale"] = str(timescale(config.frame_rate))


def stated_exactly(path: Path) -> bool:
    """Whether the mp4 partial movie at `path` states its length as its frames at the frame rate make it
    (False for one written before this fix, or unreadable)."""
    import av

    try:
        with av.open(str(path)) as container:
            if container.format.name.split(",")[0] not in MP4_FORMATS:
                return True  # another container: nothing this module changes
            stream = container.streams.video[0]
            stated = Fraction(stream.duration or 0) * stream.time_base
            return bool(stream.frames) and stated == stream.frames / frame_rate(config.frame_rate)
    except (av.FFmpegError, OSError, IndexError):
        return False


def cached_path(writer: SceneFileWriter, hash_invocation: str) -> Path:
    """Where `writer` keeps the partial movie of `hash_invocation` (Manim 0.22's output plan, or 0.21's
    folder)."""
    plan = getattr(writer, "output_plan", None)
    if plan is not None:
        return Path(plan.segment_path(hash_invocation))
    return Path(writer.partial_movie_directory) / f"{hash_invocation}{config.movie_file_extension}"


@functools.wraps(ORIGINAL_CACHED)
def is_already_cached(self, hash_invocation: str) -> bool:
    if not ORIGINAL_CACHED(self, hash_invocation):
        return False
    path = cached_path(self, hash_invocation)
    if not path.is_file() or stated_exactly(path):
        return True
    path.unlink(missing_ok=True)  # cached before this fix: drawn again, with its exact length
    return False


def apply() -> bool:
    """Install the wrapper (the registry applies it on the versions it was verified on); idempotent.
    Whether it is installed."""
    SceneFileWriter.open_partial_movie_stream = open_partial_movie_stream
    SceneFileWriter.is_already_cached = is_already_cached
    return SceneFileWriter.open_partial_movie_stream is open_partial_movie_stream
