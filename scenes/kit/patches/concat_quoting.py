"""Manim's list of partial movies with any folder name: a path with an apostrophe no longer breaks a render.

Manim (0.21, 0.22) joins a scene's partial movie files through FFmpeg's concat demuxer, writing each as
``file 'file:<path>'`` without escaping (``SceneFileWriter.combine_files``), so a media folder whose path
holds an apostrophe (``/home/me/Dr O'Neil's talk/media``) ends every scene with "Impossible to open".

:func:`apply` wraps ``combine_files`` and hands it each path with ``'`` written ``'\\''``, the concat
format's quoting (manim-slides quotes its own list the same way). It is not a speed-up: it stays on with
``LECTURE_PATCHES=off``. It checks the code it fixes: on a Manim whose ``combine_files`` no longer writes
the unquoted line, it does nothing.
"""

from __future__ import annotations

import functools
import inspect

from manim.scene.scene_file_writer import SceneFileWriter

NAME = "concat list quoting"
_UNQUOTED = "fp.write(f\"file 'file:{pf_path}'\\n\")"

ORIGINAL = SceneFileWriter.combine_files


def needed() -> bool:
    """Whether this Manim writes its concat list without quoting (the line this module fixes)."""
    try:
        return _UNQUOTED in inspect.getsource(ORIGINAL)
    except (OSError, TypeError):
        return False


def quoted(path) -> str:
    """`path` as Manim's ``'file:{path}'`` needs it: every ' written '\\''."""
    return str(path).replace("'", "'\\''")


@functools.wraps(ORIGINAL)
def combine_files(self, input_files, *args, **kwargs):
    return ORIGINAL(self, [quoted(p) for p in input_files], *args, **kwargs)


def apply() -> bool:
    """Install the wrapper when this Manim needs it; idempotent. Returns whether it is installed."""
    if needed():
        SceneFileWriter.combine_files = combine_files
    return SceneFileWriter.combine_files is combine_files
