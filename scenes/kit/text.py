"""Words and formulas for every clip: one :func:`label` and one :func:`math`.

A label is a line of text in the talk's font drawn as a single VMobject (its string in ``.text``): Text
makes one mobject per glyph, and glyphs are what the renderer draws and every animation deep-copies, so
one path per label is several times cheaper and looks the same (one colour). Formulas are Typst
(``MathTypst``, no TeX), in New Computer Modern, scaled by :data:`MATH_SCALE` so that they match the words
beside them.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
from manim import DOWN, LEFT, MathTypst, Text, VGroup, VMobject

from scenes.kit import patches, style
from scenes.kit.patches import glyph_outlines

# Typst math at font size f is smaller than DejaVu Sans at f: capitals 0.70×, x-heights 0.59× (measured:
# "H" 0.342 vs 0.486 units, "x" 0.216 vs 0.364 at 48). 1.5 sits between the two ratios (1.42 and 1.69).
MATH_SCALE = 1.5
TYPST_PREAMBLE = '#set text(font: "New Computer Modern")'

# Every (string, size) typeset as a label in this process by the fast outline reader (not CJK, which Text
# draws): tests compare their outlines with Text's.
SHOWN: set[tuple[str, float]] = set()


class Label(VMobject):
    """A line of text in the talk's font as one VMobject; its string in `text`."""

    def __init__(self, s: str, size: float = style.LABEL_SIZE, color: str | None = None):
        super().__init__(fill_color=color or style.INK, fill_opacity=1.0, stroke_width=0)
        self.text = s
        for points in glyph_points(s, size):
            self.append_points(points)


def label(s: str, size: float = style.LABEL_SIZE, color: str | None = None) -> Label:
    """Words in the talk's font, at `size` (style.*_SIZE), in `color` (a style colour; ink by default)."""
    return Label(s, size, color)


@lru_cache(maxsize=4096)
def glyph_points(s: str, size: float) -> tuple[np.ndarray, ...]:
    """The outlines of `s` as Text typesets it, centred on the origin, one array per glyph."""
    # CJK comes from a fallback font, whose glyphs the fast reader places a hair off Text's: Text draws them.
    if _CLOSE_UP.search(s):
        return text_points(s, size)
    SHOWN.add((s, size))
    if patches.enabled(glyph_outlines):
        fast = glyph_outlines.glyph_points(s, size, style.FONT)
        if fast is not None:
            return fast
    return text_points(s, size)


def text_points(s: str, size: float) -> tuple[np.ndarray, ...]:
    """The same outlines from Manim's own Text (the reference, and the fallback)."""
    glyphs = Text(s, font=style.FONT, font_size=size).family_members_with_points()
    return tuple(g.points.copy() for g in glyphs)


def part(text: str, name: str) -> str:
    """Typst math for upright `text` as a group that ``MathTypst.select(name)`` finds (to colour it)."""
    return "{{ " + f'"{text}" : {name}' + " }}"


def math(code: str, size: float = style.LABEL_SIZE, color: str | None = None, **parts: str) -> MathTypst:
    """Typst math at the size of words of `size`, in `color` (ink by default); `parts` maps the names of
    ``part()`` groups to colours."""
    color = color or style.INK
    formula = MathTypst(code, font_size=size * MATH_SCALE, typst_preamble=TYPST_PREAMBLE, color=color)
    for name, part_color in parts.items():
        formula.select(name).set_color(part_color)
    return formula


# --- words that must fit: the layout adapts to a longer language ------------------------------------------
#: The style's text sizes, largest first: a text that does not fit is set at the next one down, never at a
#: size the talk does not use.
SIZES = (style.TITLE_SIZE, style.BODY_SIZE, style.LABEL_SIZE, style.SMALL_SIZE)
#: Scripts written without spaces (CJK): a line may break between any two of their characters.
_CLOSE_UP = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")
#: Characters a line must not start with (closing punctuation, kinsoku shori).
_NO_START = set("，。、：；！？）」』】〉》,.:;!?)]")


def breaks(text: str) -> list[str]:
    """`text` cut where a line may end: after a space (the space stays at the end of its piece), or between
    two characters of a script written without spaces (not before closing punctuation)."""
    pieces: list[str] = []
    for word in re.findall(r"\S+\s*|\s+", text):
        current = ""
        for ch in word:
            if current and (_CLOSE_UP.match(ch) or _CLOSE_UP.match(current[-1])) and ch not in _NO_START:
                pieces.append(current)
                current = ""
            current += ch
        pieces.append(current)
    return [p for p in pieces if p]


def wrapped(
    text: str, room: float, size: float = style.LABEL_SIZE, color: str | None = None, *, centred: bool = False
) -> VGroup:
    """`text` on as few lines as keep every line within `room` (measured), broken where the language breaks
    lines (:func:`breaks`), flush left or `centred`; a piece wider than `room` stays whole on its line."""
    lines: list[str] = []
    current = ""
    for piece in breaks(text):
        candidate = current + piece
        if current and label(candidate.strip(), size).width > room:
            lines.append(current.strip())
            current = piece
        else:
            current = candidate
    if current.strip():
        lines.append(current.strip())
    group = VGroup(*[label(line, size, color) for line in lines])
    return group.arrange(DOWN, buff=0.08, **({} if centred else {"aligned_edge": LEFT}))


def fitted(
    text: str,
    room: float,
    size: float = style.LABEL_SIZE,
    color: str | None = None,
    *,
    smallest: float = style.SMALL_SIZE,
    centred: bool = False,
) -> VMobject:
    """`text` within `room` wide: one label at `size` when it fits (the English layout, unchanged); else at
    the largest smaller style size that fits, down to `smallest`; else wrapped onto lines at `smallest`."""
    for candidate in [size, *(s for s in SIZES if smallest <= s < size)]:
        one = label(text, candidate, color)
        if one.width <= room:
            return one
    return wrapped(text, room, smallest, color, centred=centred)


def lines_within(
    lines: list[str], room: float, size: float = style.LABEL_SIZE, color: str | None = None
) -> VGroup:
    """Lines of one sentence, each a label at `size` when all fit `room` (the layout as written); else the
    whole sentence wrapped anew at the style's smallest size, so that it takes as few lines as it can."""
    if all(label(line, size).width <= room for line in lines):
        return VGroup(*[label(line, size, color) for line in lines])
    joined = ""
    for line in lines:
        joined += ("" if not joined or _CLOSE_UP.match(joined[-1]) else " ") + line
    return wrapped(joined, room, style.SMALL_SIZE, color)
