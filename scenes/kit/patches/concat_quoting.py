"""Manim's list of partial movies with any folder name: a path with an apostrophe no longer breaks a render.

Manim joins a scene's partial movie files through FFmpeg's concat demuxer, writing each as
``file 'file:<path>'`` without escaping, so a media folder whose path holds an apostrophe
(``/home/me/Dr O'Neil's talk/media``) ends every scene with "Impossible to open" (0.21) or
``FileNotFoundError: '<none>'`` (0.22). Manim 0.21 writes the list in ``SceneFileWriter.combine_files``;
0.22 moved it into ``SceneFileWriter._concat_manifest_bytes`` (which also writes the list Manim keeps
beside the movie), and ``combine_files`` calls that.

:func:`apply` wraps whichever of the two writes the list and hands it each path with ``'`` written
``'\\''``, the concat format's quoting (manim-slides quotes its own list the same way). It is a fix, not a
speed-up: it stays on with ``LECTURE_PATCHES=off``. tests/tool/test_robust_media.py renders into such a
folder.
"""

from __future__ import annotations

import functools

from manim.scene.scene_file_writer import SceneFileWriter

NAME = "concat list quoting"

# 0.22: the list is written by a static method of its own; 0.21: inside combine_files.
MANIFEST = SceneFileWriter.__dict__.get("_concat_manifest_bytes")
ORIGINAL = MANIFEST.__func__ if isinstance(MANIFEST, staticmethod) else SceneFileWriter.combine_files


def quoted(path) -> str:
    """`path` as Manim's ``'file:{path}'`` needs it: every ' written '\\''."""
    return str(path).replace("'", "'\\''")


@functools.wraps(ORIGINAL)
def _manifest_bytes(input_files):
    return ORIGINAL([quoted(p) for p in input_files])


@functools.wraps(ORIGINAL)
def combine_files(self, input_files, *args, **kwargs):
    return ORIGINAL(self, [quoted(p) for p in input_files], *args, **kwargs)


def apply() -> None:
    """Install the wrapper where this Manim writes the list; idempotent."""
    if isinstance(MANIFEST, staticmethod):
        SceneFileWriter._concat_manifest_bytes = staticmethod(_manifest_bytes)
    else:
        SceneFileWriter.combine_files = combine_files


def applied() -> bool:
    """Whether the wrapper is installed."""
    if isinstance(MANIFEST, staticmethod):
        return SceneFileWriter.__dict__["_concat_manifest_bytes"].__func__ is _manifest_bytes
    return SceneFileWriter.combine_files is combine_files
