"""The frames a scene draws, as SHA-256 of the pixel arrays handed to the encoder, in order.

    python -m tests.drawn_frames tests.fixtures_scenes:PatchProbe     # prints one hash per line

Frames are compared as drawn, not decoded from the mp4: under load x264 does not always encode identical
frames identically. Works with Manim 0.21's ``write_frame(frame, num_frames)`` and 0.22's
``write_frame(pixels, repeat=)``.
"""

from __future__ import annotations

import hashlib
import importlib
import sys
import tempfile
from pathlib import Path

import numpy as np
from manim.scene.scene_file_writer import SceneFileWriter

from tests.conftest import render_scene


def drawn_frames(scene_cls: type, media: Path) -> tuple[object, list[str]]:
    """Render `scene_cls` into `media` and return the scene with the hash of every frame it wrote."""
    hashes: list[str] = []
    write = SceneFileWriter.write_frame

    def record(self, frame, *args, **kwargs):
        count = kwargs.get("repeat", kwargs.get("num_frames", args[0] if args else 1))
        hashes.extend([hashlib.sha256(np.ascontiguousarray(frame).tobytes()).hexdigest()] * int(count))
        return write(self, frame, *args, **kwargs)

    SceneFileWriter.write_frame = record  # subclasses (the bounded writer) call it through super()
    try:
        scene = render_scene(scene_cls, media).scene
    finally:
        SceneFileWriter.write_frame = write
    return scene, hashes


def frames_and_slide_ends(scene_cls: type, media: Path, **overrides) -> tuple[list[np.ndarray], list[int]]:
    """Render `scene_cls` into `media`: every frame it writes (RGB arrays), and how many had been written when
    each slide after the first began (its beat() came), i.e. the index of the first frame after the end of
    every slide but the last."""
    frames: list[np.ndarray] = []
    ends: list[int] = []
    write = SceneFileWriter.write_frame

    def record(self, frame, *args, **kwargs):
        count = kwargs.get("repeat", kwargs.get("num_frames", args[0] if args else 1))
        frames.extend([np.asarray(frame)[..., :3].copy()] * int(count))
        return write(self, frame, *args, **kwargs)

    def beat(self, note) -> None:
        if self.beats:
            ends.append(len(frames))
        scene_cls.beat(self, note)

    marked = type(scene_cls.__name__, (scene_cls,), {"beat": beat})
    SceneFileWriter.write_frame = record
    try:
        render_scene(marked, media, **overrides)
    finally:
        SceneFileWriter.write_frame = write
    return frames, ends


if __name__ == "__main__":
    module, _, name = sys.argv[1].partition(":")
    cls = getattr(importlib.import_module(module), name)
    with tempfile.TemporaryDirectory() as media:
        print("\n".join(drawn_frames(cls, Path(media))[1]))
