"""Words and formulas for every clip: one :func:`label` and one :func:`math`.

A label is a line of text in the talk's font drawn as a single VMobject (its string in ``.text``): Text
makes one mobject per glyph, and glyphs are what the renderer draws and every animation deep-copies, so
one path per label is several times cheaper and looks the same (one colour). Formulas are Typst
(``MathTypst``, no TeX), in New Computer Modern, scaled by :data:`MATH_SCALE` so that they match the words
beside them.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from manim import MathTypst, Text, VMobject

from scenes.kit import patches, style
from scenes.kit.patches import glyph_outlines

# Typst math at font size f is smaller than DejaVu Sans at f: capitals 0.70×, x-heights 0.59× (measured:
# "H" 0.342 vs 0.486 units, "x" 0.216 vs 0.364 at 48). 1.5 sits between the two ratios (1.42 and 1.69).
MATH_SCALE = 1.5
TYPST_PREAMBLE = '#set text(font: "New Computer Modern")'

# Every (string, size) typeset as a label in this process: tests compare their outlines with Text's.
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
