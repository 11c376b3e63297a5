"""Which characters the installed fonts can draw, so that a label is never silently a row of empty boxes.

Pango draws a character with the first installed font that has a glyph for it (style.FONT first); a
character that no font has becomes an empty box ("tofu"), without an error. The setup installs DejaVu
(Latin, Greek, Cyrillic, Armenian, Georgian, many symbols) and Noto CJK (Chinese, Japanese, Korean: the
talk ships in Chinese), not the world's scripts: Devanagari, emoji and others are not drawable, and
`lecture-scenes check` refuses them, naming them. The coverage is the union of every installed font's
character set, as fontconfig reports it (``fc-list``, which comes with Pango); install a font (e.g.
Debian's fonts-noto-core) and its characters pass.

No manim here: the talk-file check uses it.
"""

from __future__ import annotations

import bisect
import functools
import shutil
import subprocess
import unicodedata


@functools.lru_cache(maxsize=1)
def _ranges() -> tuple[tuple[int, ...], tuple[int, ...]] | None:
    """(starts, ends) of the merged code-point ranges some installed font covers; None without fontconfig."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        out = subprocess.run(
            [fc_list, "--format", "%{charset}\\n"], capture_output=True, text=True, timeout=60, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    spans = []
    for word in out.split():
        low, _, high = word.partition("-")
        try:
            spans.append((int(low, 16), int(high or low, 16)))
        except ValueError:
            continue
    merged: list[list[int]] = []
    for low, high in sorted(spans):
        if merged and low <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    return tuple(m[0] for m in merged), tuple(m[1] for m in merged)


def drawable(char: str) -> bool:
    """Whether an installed font has a glyph for `char` (a space always counts; control characters never)."""
    if char == " ":
        return True
    if unicodedata.category(char) in ("Cc", "Cs"):
        return False
    ranges = _ranges()
    if ranges is None:  # no fontconfig: nothing to go by; Pango is not installed either
        return True
    starts, ends = ranges
    i = bisect.bisect_right(starts, ord(char)) - 1
    return i >= 0 and ord(char) <= ends[i]


def undrawable(text: str) -> list[str]:
    """The distinct characters of `text` that no installed font can draw, in order of appearance."""
    return [c for c in dict.fromkeys(text) if not drawable(c)]


def describe(chars: list[str]) -> str:
    """'中' (U+4E2D CJK UNIFIED IDEOGRAPH-4E2D), ... for a message."""
    return ", ".join(f"{c!r} (U+{ord(c):04X} {unicodedata.name(c, 'unnamed')})" for c in chars)
