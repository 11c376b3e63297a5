"""Figures for papers and handouts: the print sizes, and the rules a figure built from the kit keeps at them.

A paper figure is a plot of a clip without the video's title or header (a paper has its caption), laid out
for a page :data:`WIDTHS` wide: one column (3.5 in, 8.9 cm) or the full text width (7 in, 17.8 cm). One
scene unit prints as :data:`PT_PER_UNIT` points, whatever the width, so the kit's sizes land where a
journal wants them: an em is ``font_size / 72`` units (DejaVu Sans; measured in tests/kit/test_paper.py), so
``style.SMALL_SIZE`` prints at 8 pt and ``style.LABEL_SIZE`` at 9.6 pt. Manim draws a stroke of width w as
``w / 100`` units, so thin rules would print below 0.5 pt: :func:`thicken` raises them to :data:`MIN_LINE_PT`.
The clips build their figures (``paper_figures()``) from the same plot objects and mathcore results as the
video; lecture_scenes/figures.py writes them as PDF, SVG and PNG.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

import numpy as np
from manim import DOWN, LEFT, ORIGIN, VGroup, VMobject

from scenes.kit.text import label

WIDTHS = {"column": 3.5 * 72, "full": 7.0 * 72}  # page widths in points: one column, the full text width
PT_PER_UNIT = 28.8  # points per scene unit on paper: SMALL_SIZE (20) -> 8 pt, LABEL_SIZE (24) -> 9.6 pt
MIN_LINE_PT = 0.5  # the thinnest line a printer reproduces reliably
MARGIN = 0.2  # units of white around the content: 5.8 pt
STROKE_UNIT = 0.01  # Manim's Cairo camera draws stroke width w as w * 0.01 scene units


def text_pt(font_size: float) -> float:
    """The printed size, in points, of text of Manim font size `font_size` (an em is font_size/72 units)."""
    return font_size / 72 * PT_PER_UNIT


def line_pt(stroke_width: float) -> float:
    """The printed width, in points, of a stroke of Manim width `stroke_width`."""
    return stroke_width * STROKE_UNIT * PT_PER_UNIT


def content_width(width: str) -> float:
    """The scene units a figure's content may take across a page of `width` ("column" or "full")."""
    return WIDTHS[width] / PT_PER_UNIT - 2 * MARGIN


@dataclass(eq=False)
class PaperFigure:
    """A figure's content (mobjects in drawing order) for a page `width` ("column" or "full") wide; `name`
    is its file name without suffix."""

    name: str
    width: str
    content: VGroup

    def __post_init__(self) -> None:
        if self.width not in WIDTHS:
            raise ValueError(f"width must be one of {', '.join(WIDTHS)}; got {self.width!r}")
        room = content_width(self.width)
        if self.content.width > room + 1e-6:
            raise ValueError(
                f"{self.name}: the content is {self.content.width:.2f} units wide; a {self.width} figure"
                f" holds {room:.2f}"
            )
        self.content.move_to(ORIGIN)
        thicken(self.content)

    @property
    def page(self) -> tuple[float, float]:
        """The page in points: the width asked for, the content's height with its margins (up to a whole
        point: the camera's page is whole points, and one scale for both axes keeps circles round)."""
        return WIDTHS[self.width], float(math.ceil((self.content.height + 2 * MARGIN) * PT_PER_UNIT))

    @property
    def frame(self) -> tuple[float, float]:
        """The scene units the page shows (centred on the origin, where the content is)."""
        w, h = self.page
        return w / PT_PER_UNIT, h / PT_PER_UNIT

    def mobjects(self) -> list[VMobject]:
        return list(self.content.submobjects)


def thicken(group: VGroup, min_pt: float = MIN_LINE_PT) -> VGroup:
    """Raise every stroke thinner than `min_pt` on paper to `min_pt` (strokes of width 0 stay unstroked)."""
    least = min_pt / (STROKE_UNIT * PT_PER_UNIT)
    for mob in group.family_members_with_points():
        widths = np.asarray(mob.get_stroke_width(), dtype=float)
        if mob.get_stroke_opacity() > 0 and 0 < widths.min() < least:
            mob.set_stroke(width=max(float(widths.min()), least), family=False)
    return group


def wrapped(text: str, width: str, size: float, color: str) -> VGroup:
    """`text` in lines no wider than the content of a `width` page, at `size` (never shrunk below it)."""
    room = content_width(width)
    whole = label(text, size, color)
    if whole.width <= room:
        return VGroup(whole)
    per_line = max(int(len(text) * room / whole.width), 10)
    lines = VGroup(*[label(line, size, color) for line in textwrap.wrap(text, per_line)])
    return lines.arrange(DOWN, buff=0.08, aligned_edge=LEFT)
