"""The mp4 files the tool writes: index first (fast start), lengths exact to the frame.

- **Fast start.** An mp4 keeps its index (the ``moov`` box) after its media data (``mdat``) as Manim and
  manim-slides write it, so a browser must fetch the whole file before it plays. :func:`fast_start` copies
  a video (``-c copy``: no re-encoding) with ``-movflags +faststart``: FFmpeg's second pass moves the index
  before the media data. Every mp4 the tool writes goes through it or is written by FFmpeg with the flag:
  the clips (lecture_scenes/render.py), the talk reel (lecture_scenes/reel.py), the preview clip
  (lecture_scenes/still.py) and the slide videos of the decks (lecture_scenes/slides.py).
- **Exact lengths.** An mp4 states its length in its movie timescale, by default 1000 ticks a second, so a
  clip of 557 frames at 30 fps (18.5667 s) says 18.566 s, and the talk reel, which joins clips by their
  stated lengths, starts the next clip early. The copy's movie timescale is its video track's, in which
  every frame lasts a whole number of ticks (scenes/kit/patches/exact_lengths.py does the same for
  Manim's partial movie files).

:func:`top_level_boxes` lists a file's top-level boxes, to check the order.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

from lecture_scenes.runner import Failed, ffmpeg

MP4_SUFFIXES = {".mp4", ".m4v", ".mov"}


def track_timescale(path: Path) -> int:
    """The video track's timescale of the movie at `path` (ticks a second; 0 when it cannot be read)."""
    import av

    try:
        with av.open(str(path)) as container:
            return int(container.streams.video[0].time_base.denominator)
    except (av.FFmpegError, OSError, IndexError):
        return 0


def fast_start(source: Path, dest: Path, log: Path) -> Path:
    """Copy the movie `source` to `dest` (an mp4) with its index first and its length exact; Failed if FFmpeg
    fails. Written under another name and renamed: `dest` is never half a file. `source` may be `dest`."""
    scale = track_timescale(source)
    if not scale:
        raise Failed(f"{Path(source).name} is not a readable video")
    dest = Path(dest)
    tmp = dest.with_name(f".{dest.stem}.{os.getpid()}.faststart{dest.suffix}")
    try:
        flags = ["-movflags", "+faststart", "-movie_timescale", str(scale)]
        ffmpeg("-i", source, "-map", "0", "-c", "copy", *flags, "-f", "mp4", tmp, log=log)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    return dest


def top_level_boxes(path: Path) -> list[str]:
    """The types of the top-level boxes of the ISO BMFF (mp4) file at `path`, in file order."""
    boxes = []
    with open(path, "rb") as f:
        size_total = os.fstat(f.fileno()).st_size
        at = 0
        while at + 8 <= size_total:
            f.seek(at)
            size, kind = struct.unpack(">I4s", f.read(8))
            if size == 1:  # a 64-bit size follows the type
                (size,) = struct.unpack(">Q", f.read(8))
            elif size == 0:  # the box runs to the end of the file
                size = size_total - at
            if size < 8:
                raise ValueError(f"{Path(path).name}: a box of {size} bytes at byte {at}: not an mp4")
            boxes.append(kind.decode("latin-1"))
            at += size
    return boxes


def index_first(path: Path) -> bool:
    """Whether the mp4 at `path` has its index (moov) before its media data (mdat)."""
    boxes = top_level_boxes(path)
    return "moov" in boxes and "mdat" in boxes and boxes.index("moov") < boxes.index("mdat")
