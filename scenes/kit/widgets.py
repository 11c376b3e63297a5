"""Pieces that several scenes share: numbers and words that change every frame without typesetting.

Typesetting (Text, MathTypst) costs milliseconds per call and Cairo pays per path, so live counters copy
glyph outlines typeset once, and static text is flattened into one path per style.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from manim import DOWN, LEFT, RIGHT, Text, VGroup, VMobject

from scenes.kit import style

MINUS = "\u2212"


def corner_curves(bottom_left: np.ndarray, top_right: np.ndarray) -> np.ndarray:
    """Two zero-length curves at a box's corners: they draw nothing but hold the box's place for layout."""
    return np.repeat(np.array([bottom_left, top_right], dtype=float), 4, axis=0)


class GlyphCounter(VMobject):
    """A number redrawn every video frame without typesetting: glyphs rendered once, on a monospace grid.

    `fmt` (a ``style.fmt_*``) turns the value into the string the viewer reads; `text` holds it, `value` the
    number it came from. The string is right-aligned in `slots` cells. The counter is one VMobject (one path
    per frame to draw, whatever the number of digits): two zero-length corner curves fix its bounding box,
    so its layout does not move as the digits change, and the glyph outlines follow them.
    """

    CHARS = "0123456789.%+×" + MINUS

    def __init__(
        self,
        fmt: Callable[[float], str],
        value: float,
        *,
        slots: int,
        font_size: float = style.LABEL_SIZE,
        color: str = style.INK,
    ) -> None:
        super().__init__(fill_color=color, fill_opacity=1, stroke_width=0)
        self.fmt = fmt
        self.slots = slots
        self.advance, self._glyphs, height = _glyph_table(font_size)
        self._cell0 = np.array([self.advance / 2, height / 2, 0.0])  # the first cell's center from the corner
        self._width = slots * self.advance
        self.points = corner_curves(-self._cell0, [self._width - self.advance / 2, height / 2, 0.0])
        self.value = math.nan
        self.text = ""
        self.set_value(value)

    def corner(self) -> np.ndarray:
        """The bottom-left corner of the counter's box: the digits' baseline, for aligning labels."""
        return self.points[0].copy()

    def set_value(self, value: float) -> GlyphCounter:
        self.value = float(value)
        text = self.fmt(self.value)
        if text == self.text:
            return self
        if len(text) > self.slots:
            raise ValueError(f"value {value!r} formats as {text!r}: more than {self.slots} characters")
        self.text = text
        corners = self.points[:8]
        scale = (corners[4, 0] - corners[0, 0]) / self._width  # 1 unless the counter was scaled
        origin = corners[0] + scale * self._cell0
        step = scale * self.advance * RIGHT
        padded = text.rjust(self.slots)
        outlines = [scale * self._glyphs[ch] + origin + j * step for j, ch in enumerate(padded) if ch != " "]
        self.points = np.concatenate([corners, *outlines])
        return self

    def get_value(self) -> float:
        return self.value


class OutlineSwitch(VMobject):
    """One of a few fixed words (e.g. "Low" / "High"), switched per frame by swapping outlines, not text.

    `options` maps a key to a typeset mobject, already placed where it should appear; `show(key)` draws it in
    its colour. A zero-length curve at the options' bottom-left corner carries them along if the switch moves.
    """

    def __init__(self, options: dict[str, VMobject], key: str) -> None:
        super().__init__(fill_opacity=1, stroke_width=0)
        anchor = np.min([m.get_corner(DOWN + LEFT) for m in options.values()], axis=0)
        self._outlines = {
            k: (
                np.concatenate([p.points for p in m.family_members_with_points()]) - anchor,
                m.family_members_with_points()[0].get_fill_color(),
            )
            for k, m in options.items()
        }
        self.points = np.repeat(anchor[None, :], 4, axis=0)
        self.key = ""
        self.show(key)

    def show(self, key: str) -> OutlineSwitch:
        if key != self.key:
            outline, color = self._outlines[key]
            self.points = np.concatenate([self.points[:4], outline + self.points[0]])
            self.set_fill(color)
            self.key = key
        return self


_GLYPH_TABLES: dict[float, tuple[float, dict[str, np.ndarray], float]] = {}


def _glyph_table(font_size: float) -> tuple[float, dict[str, np.ndarray], float]:
    """(advance, glyph outlines relative to their cell, digit height) of GlyphCounter.CHARS, typeset once."""
    if font_size not in _GLYPH_TABLES:
        chars = GlyphCounter.CHARS
        template = Text(chars, font=style.MONO, font_size=font_size)
        zeros = Text("0" * 10, font=style.MONO, font_size=font_size)
        if len(template) != len(chars):
            raise RuntimeError(f"expected one glyph per character of {chars!r}, got {len(template)}")
        advance = (zeros[-1].get_center()[0] - zeros[0].get_center()[0]) / 9
        cell0 = template[0].get_center()  # the "0" in cell 0 is the reference glyph
        glyphs = {
            ch: glyph.points - (cell0 + i * advance * RIGHT)
            for i, (ch, glyph) in enumerate(zip(chars, template, strict=True))
        }
        _GLYPH_TABLES[font_size] = (advance, glyphs, zeros[0].height)
    return _GLYPH_TABLES[font_size]


def flatten(mob: VMobject) -> VGroup:
    """The same drawing in as few paths as there are styles (one per colour and stroke), not one per glyph.

    Cairo pays per path: a line of text as one path draws ~10x faster than as 40 glyphs, which matters for
    every frame in which the text moves (fades) and for every cached static frame.
    """
    groups: dict[tuple, list[VMobject]] = {}
    for part in mob.family_members_with_points():
        style_key = (
            part.get_fill_color().to_hex(),
            float(part.get_fill_opacity()),
            part.get_stroke_color().to_hex(),
            float(part.get_stroke_opacity()),
            float(part.get_stroke_width()),
        )
        groups.setdefault(style_key, []).append(part)
    flat = VGroup()
    for (fill, fill_opacity, stroke, stroke_opacity, width), parts in groups.items():
        path = VMobject(
            fill_color=fill,
            fill_opacity=fill_opacity,
            stroke_color=stroke,
            stroke_opacity=stroke_opacity,
            stroke_width=width,
        )
        path.points = np.concatenate([p.points for p in parts])
        flat.add(path)
    return flat


def one_path(mob: VMobject) -> VMobject:
    """`mob` (e.g. a DashedLine or DashedVMobject: one VMobject per dash) as a single path of many subpaths.

    The same drawing in one Cairo path: a 100-dash line costs one path per frame, not 100, wherever it
    moves or fades. Its parts must share one style (they do for dashes)."""
    flat = flatten(mob)
    if len(flat) != 1:
        raise ValueError(f"one_path needs parts of one style, {mob!r} has {len(flat)}")
    return flat[0]
