"""x264's CPU time for a rendered video's own frames against its last frame held still.

    .venv/bin/python bench/encode_cost.py media/videos/kl_sweep/480p15/KLLandscape.mp4

Manim encodes every frame it draws with libx264 (crf 23, defaults otherwise, yuv420p, from RGBA arrays); a
scene's floor in bench/render.py encodes one still frame for the same length. This script re-encodes a
video's decoded frames with the same settings, and then its last frame repeated as often, and prints the CPU
seconds of each (decoding is timed in a pass of its own and subtracted). Their difference is encoding that a
scene whose picture changes pays over its floor, whatever its drawing costs.
"""

from __future__ import annotations

import resource
import sys
import tempfile
from pathlib import Path

import av


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)  # includes x264's threads
    return r.ru_utime + r.ru_stime


def frames(video: Path):
    with av.open(str(video)) as c:
        for frame in c.decode(video=0):
            yield frame.to_ndarray(format="rgba")


def encode(arrays, size: tuple[int, int], fps, out: Path) -> int:
    n = 0
    with av.open(str(out), mode="w") as c:
        stream = c.add_stream("libx264", rate=fps, options={"an": "1", "crf": "23"})
        stream.pix_fmt = "yuv420p"
        stream.width, stream.height = size
        for array in arrays:
            for packet in stream.encode(av.VideoFrame.from_ndarray(array, format="rgba")):
                c.mux(packet)
            n += 1
        for packet in stream.encode():
            c.mux(packet)
    return n


def main(video: Path) -> None:
    with av.open(str(video)) as c:
        s = c.streams.video[0]
        size, fps = (s.width, s.height), s.average_rate
    start = cpu()
    last, count = None, 0
    for array in frames(video):
        last, count = array, count + 1
    decode = cpu() - start
    with tempfile.TemporaryDirectory() as tmp:
        start = cpu()
        encode(frames(video), size, fps, Path(tmp) / "moving.mp4")
        moving = cpu() - start - decode
        start = cpu()
        encode((last for _ in range(count)), size, fps, Path(tmp) / "still.mp4")
        still = cpu() - start
    print(
        f"{video.name}: {count} frames {size[0]}x{size[1]}; x264 CPU s: own frames {moving:.1f},"
        f" last frame held {still:.1f}, ratio {moving / still:.2f}, difference {moving - still:.1f} s"
    )


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        main(Path(arg))
