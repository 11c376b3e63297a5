"""The output folder, checked once before anything renders: one line and exit 2, not an OS error per scene.

``MEDIA=`` (``--media-dir``) must name a folder that exists or can be made, and that this process can write
to. Writability is tried, not read from the permission bits: root passes every permission check but not
a read-only file system, a full disk or a file in the way. Nothing is left behind by the check.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from lecture_scenes.options import BadInput

OPTION = "MEDIA (--media-dir)"
#: The check writes this much and removes it again: a disk with less free space fails here, not in a render.
PROBE_BYTES = 1 << 20


def _why(err: OSError) -> str:
    if err.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return f"no room for a file of {PROBE_BYTES >> 20} MiB ({err.strerror})"
    if err.errno == errno.EROFS:
        return "a read-only file system"
    return err.strerror or type(err).__name__


def checked(media_dir: str | os.PathLike) -> Path:
    """`media_dir` as an absolute folder, made if missing, where a file can be written; else BadInput."""
    text = os.fspath(media_dir)
    if not text.strip():
        raise BadInput(f"{OPTION} must name a folder; got {text!r} (empty would write into the repository)")
    folder = Path(text).expanduser().absolute()
    if folder.exists() and not folder.is_dir():
        raise BadInput(f"{OPTION} must be a folder; {folder} is a file")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise BadInput(f"{OPTION} {folder}: cannot make the folder: {_why(err)}") from None
    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".write-check-")
    except OSError as err:
        raise BadInput(f"{OPTION} {folder}: cannot write there: {_why(err)}") from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(b"\0" * PROBE_BYTES)
            out.flush()
            os.fsync(out.fileno())
    except OSError as err:
        raise BadInput(f"{OPTION} {folder}: cannot write there: {_why(err)}") from None
    finally:
        Path(probe).unlink(missing_ok=True)
    return folder


def concat_line(path: str | os.PathLike) -> str:
    """One line of an FFmpeg concat list for `path`, quoted so that any character (an apostrophe too) passes:
    inside single quotes, ' is written '\\''."""
    return "file '" + os.fspath(path).replace("'", "'\\''") + "'\n"
