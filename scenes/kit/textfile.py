"""A text file a person wrote (the talk file), read with one line for every way it can fail."""

from __future__ import annotations

import codecs
import errno
from pathlib import Path


class TalkError(Exception):
    """A talk file with problems; `problems` holds one line per problem."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def read_text(path: Path) -> str:
    """The talk file's text; TalkError in one line for a file that cannot be read as UTF-8 text (missing, a
    directory, a symbolic-link loop, unreadable, not UTF-8). A UTF-8 byte-order mark is skipped (editors
    on Windows write one; TOML does not allow it)."""
    label = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise TalkError([f"{label}: no such file; copy talk.toml from the repository root"]) from None
    except IsADirectoryError:
        raise TalkError([f"{label}: is a directory; the talk file must be a TOML file"]) from None
    except OSError as err:  # ELOOP (a link loop), EACCES, EIO, ...
        why = "a symbolic-link loop" if err.errno == errno.ELOOP else (err.strerror or type(err).__name__)
        raise TalkError([f"{label}: cannot be read: {why}"]) from None
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise TalkError(
            [
                f"{label}: is not UTF-8 text (byte 0x{raw[err.start]:02X} at line {line});"
                " save it as UTF-8 (a TOML file)"
            ]
        ) from None
    if "\x00" in text:
        raise TalkError([f"{label}: is a binary file (it holds NUL bytes), not a TOML file"])
    return text
