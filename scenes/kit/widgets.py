"""Pieces that several clips share: headers, read-out rows, and numbers and words that change every frame.

Typesetting (Text, MathTypst) costs milliseconds per call and Cairo pays per path, so live counters copy
glyph outlines typeset once, and static text is flattened into one path per style.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, MathTypst, Text, VGroup, VMobject, config

from scenes.kit import style
from scenes.kit.text import Label, label
from scenes.kit.words import N_, _, t

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

    CHARS = "0123456789.%+×" + MINUS + ","  # "," last: the decimal comma of other locales
    BLANKS = " \u00a0\u202f"  # spaces, and the no-break ones of other locales' percentages and groups

    def __init__(
        self,
        fmt: Callable[[float], str],
        value: float,
        *,
        slots: int,
        font_size: float = style.LABEL_SIZE,
        color: str | None = None,
    ) -> None:
        super().__init__(fill_color=color or style.INK, fill_opacity=1, stroke_width=0)
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
        outlines = [
            scale * self._glyphs[ch] + origin + j * step
            for j, ch in enumerate(padded)
            if ch not in self.BLANKS
        ]
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
    # Where each word was (tests/layout.py measures the words of a flattened drawing from these): the texts'
    # boxes, and the whole drawing's, to follow it when it moves.
    flat.words = [
        (f"{type(m).__name__} {getattr(m, 'text', '')!r}", *box_of(m))
        for m in mob.get_family()
        if isinstance(m, Label | Text | MathTypst | GlyphCounter) and len(m.get_all_points())
    ]
    flat.box = box_of(flat) if len(flat.get_all_points()) else None
    return flat


def box_of(mob: VMobject) -> tuple[float, float, float, float]:
    """`mob`'s bounding box: x0, y0, x1, y1."""
    (x0, y0, __), (x1, y1, ___) = mob.get_critical_point(DOWN + LEFT), mob.get_critical_point(UP + RIGHT)
    return float(x0), float(y0), float(x1), float(y1)


def one_path(mob: VMobject) -> VMobject:
    """`mob` (e.g. a DashedLine or DashedVMobject: one VMobject per dash) as a single path of many subpaths.

    The same drawing in one Cairo path: a 100-dash line costs one path per frame, not 100, wherever it
    moves or fades. Its parts must share one style (they do for dashes)."""
    flat = flatten(mob)
    if len(flat) != 1:
        raise ValueError(f"one_path needs parts of one style, {mob!r} has {len(flat)}")
    return flat[0]


class Header(VGroup):
    """A clip's title, detail lines under it and the source of its numbers, at the top of the frame.

    ``align="center"``: every line centred under the title. ``align="left"``: flush left at the margin, and
    the source in the bottom-left corner instead (it tells where the numbers come from without taking room
    from the picture). A title or detail line too wide for the frame shrinks to fit; a source too wide wraps
    at the smallest size. Parts: `title`, `details` (a VGroup), `source` (None without one).
    """

    def __init__(self, title: str, *details: str, source: str | None = None, align: str = "center"):
        inset = 0.1 if align == "left" else 0.0  # flush-left text keeps a little more than the margin
        room = config.frame_width - 2 * style.MARGIN - inset
        self.title = label(title, style.TITLE_SIZE)
        self.details = VGroup(*[label(d, style.SMALL_SIZE) for d in details])
        self.source = None
        if source is not None:
            self.source = VGroup(label(source, style.SMALL_SIZE, style.MUTED))
            if self.source.width > room:  # wrap, rather than shrink below the smallest size
                per_line = int(len(source) * room / self.source.width)
                lines = textwrap.wrap(source, per_line)
                self.source = VGroup(*[label(line, style.SMALL_SIZE, style.MUTED) for line in lines])
                self.source.arrange(DOWN, buff=0.08, aligned_edge=LEFT)
        for line in (self.title, *self.details):
            if line.width > room:
                line.scale_to_fit_width(room)
        top = [self.title, *self.details]
        if align == "center":
            super().__init__(*top, *([self.source] if self.source else []))
            self.arrange(DOWN, buff=0.12).to_edge(UP, buff=style.MARGIN)
            return
        column = VGroup(*top).arrange(DOWN, buff=0.12, aligned_edge=LEFT)
        corner = np.array(
            [-config.frame_width / 2 + style.MARGIN + 0.1, config.frame_height / 2 - style.MARGIN, 0]
        )
        column.shift(corner - column.get_corner(UP + LEFT))
        super().__init__(column)
        if self.source is not None:
            bottom = corner * np.array([1, -1, 0])
            self.source.shift(bottom - self.source.get_corner(DOWN + LEFT))
            self.add(self.source)


def readout_row(
    name: VMobject,
    y: float,
    left: float,
    value_right: float,
    counter: GlyphCounter | None = None,
    unit: str = "",
    *,
    unit_size: float = style.LABEL_SIZE,
    unit_gap: float = 0.14,
    baseline: bool = True,
    right: float | None = None,
    name_size: float | None = None,
) -> VGroup:
    """One row of a read-out: `name` flush left at `left`, `counter` right-aligned at `value_right`, then
    `unit`, centred on height `y`; words sit on the digits' baseline (``baseline=False`` for a formula).

    In a longer language the words shrink to fit, never below the style's smallest size: `name` (set at
    `name_size`) to end before the counter, `unit` to end at `right`."""
    name.shift((left - name.get_left()[0]) * RIGHT + (y - name.get_center()[1]) * UP)
    row = VGroup(name)
    if counter is not None:
        counter.shift((value_right - counter.get_right()[0]) * RIGHT + (y - counter.get_center()[1]) * UP)
        if name_size is not None:
            shrink_to(name, counter.get_left()[0] - 0.1 - left, name_size)
            name.shift((left - name.get_left()[0]) * RIGHT)
        if baseline:
            name.align_to(counter.corner(), DOWN)
    if unit:
        words = label(unit, unit_size, style.MUTED)
        if right is not None:
            shrink_to(words, right - (counter.get_right()[0] + unit_gap), unit_size)
        row.add(words.next_to(counter, RIGHT, buff=unit_gap))
        row[-1].align_to(counter.corner(), DOWN)
    return row


def shrink_to(mob: VMobject, room: float, size: float) -> VMobject:
    """`mob` (words at `size`) scaled down to fit `room` wide, but not below the style's smallest size."""
    if mob.width > room > 0:
        mob.scale(max(room / mob.width, style.SMALL_SIZE / size))
    return mob


def run_header(run) -> Header:
    """A training run's header: its name, steps and hyperparameters, and the source of its numbers."""
    details = "  ·  ".join(
        (
            t("{steps} steps", steps=style.fmt_int(run.total_steps)),
            schedule_words(run.schedule),
            t("warm-up {steps} steps", steps=style.fmt_int(run.warmup_steps)),
            t("lr {peak} → {final}", peak=style.fmt_lr(run.max_lr), final=style.fmt_lr(run.min_lr)),
            t("weight decay {decay}", decay=style.fmt_g(run.weight_decay)),
        )
    )
    return Header(run.name, details, source=t("source: {source}", source=run.source))


#: The learning-rate schedules' names (mathcore.schedules.SCHEDULES), marked for the catalogue: alone (a
#: legend) and with the word "schedule" (a header).
SCHEDULE_SHORT = {"cosine": N_("cosine"), "linear": N_("linear")}
SCHEDULE_NAMES = {"cosine": N_("cosine schedule"), "linear": N_("linear schedule")}


def schedule_name(schedule: str) -> str:
    """'cosine' in the language in force (a schedule without a name here: as mathcore calls it)."""
    return _(SCHEDULE_SHORT[schedule]) if schedule in SCHEDULE_SHORT else schedule


def schedule_words(schedule: str) -> str:
    """'cosine schedule' in the language in force (a schedule without a name here: as mathcore calls it)."""
    return _(SCHEDULE_NAMES[schedule]) if schedule in SCHEDULE_NAMES else f"{schedule} schedule"
