"""The compression clip's circles: the training text's circle shrinking, by area, into the weights' circle,
with its labels, a live counter of the area ratio and a note that says whether it is drawn to scale; and the
same two circles at rest for paper figures."""

from __future__ import annotations

from functools import partial

from manim import (
    DOWN,
    RIGHT,
    UP,
    Animation,
    Circle,
    DashedVMobject,
    FadeIn,
    GrowFromCenter,
    ManimColor,
    UpdateFromAlphaFunc,
    VGroup,
    VMobject,
    interpolate,
    interpolate_color,
    smooth,
)

from mathcore.compression import CompressionStats, circle_radii
from scenes.kit import style
from scenes.kit.text import fitted, label
from scenes.kit.widgets import GlyphCounter, one_path
from scenes.kit.words import _, t


def counter_text(rate: float, ratio: float) -> str:
    """The counter's text: whole numbers while the circle shrinks, the exact `rate` at the end.

    A module function (not a method): animations deep-copy the counter, and with it its formatter.
    """
    return style.fmt_rate(ratio if ratio == rate else float(round(ratio)))


def data_label(s: CompressionStats) -> VMobject:
    """The training text's circle: 'training text: 60 TB'."""
    return label(t("training text: {size}", size=style.fmt_size(s.data_tb, "TB")), color=style.DATA)


def weights_label(s: CompressionStats, weight_format: str) -> VGroup:
    """The weights' circle, two short lines: narrow enough to sit inside the large circle under a small
    circle of rate 10."""
    return VGroup(
        label(t("weights ({format})", format=weight_format), color=style.WEIGHTS),
        label(style.fmt_size(s.model_gb, "GB"), color=style.WEIGHTS),
    ).arrange(DOWN, buff=0.1)


def scale_words(to_scale: bool) -> str:
    return _("drawn to scale") if to_scale else _("small circle enlarged: not to scale")


def circle_sizes(
    rate: float, large: float, min_radius: float
) -> tuple[tuple[float, float], bool, tuple[float, float]]:
    """The circles' radii for a large circle of radius `large`: mathcore's (area ratio = `rate`), whether the
    small one is drawn to scale, and the drawn ones, where the small circle is at least `min_radius`."""
    unit_large, __ = circle_radii(rate, 1.0)
    true_radii = circle_radii(rate, large / unit_large)
    return true_radii, true_radii[1] >= min_radius, (true_radii[0], max(true_radii[1], min_radius))


class ShrinkingCircle:
    """The right-hand column of the compression clip, laid out in the box `x0 .. right`, `bottom .. y0`, top
    to bottom: the training text's label, its circle (radius at most `max_radius`, smaller if the box needs
    it), the area-ratio counter and a two-line note. The weights' circle is never drawn smaller than
    `min_radius`.

    Parts: `large_label`, `small_label`, `counter_label`, `counter`, `scale_note`; `small_circle` starts as
    large as the training text's circle and shrinks in place through :meth:`set_ratio`; `large_circle` is the
    dashed outline it leaves behind, centred on `circle_center`. Radii: `true_radii`, `to_scale`,
    `drawn_radii` (see :func:`circle_sizes`).
    """

    def __init__(
        self,
        s: CompressionStats,
        weight_format: str,
        box: tuple[float, float, float, float],
        max_radius: float,
        min_radius: float,
    ) -> None:
        x0, y0, right, bottom = box
        self.stats = s
        self.large_label = data_label(s)
        self.small_label = weights_label(s, weight_format)
        final = style.fmt_rate(s.rate)
        self.counter_label = label(_("area ratio"), color=style.MUTED)
        self.counter = GlyphCounter(
            partial(counter_text, s.rate), s.rate, slots=len(final), font_size=style.BODY_SIZE
        )
        counter_line = VGroup(self.counter_label, self.counter).arrange(RIGHT, buff=0.25)
        self.counter_label.align_to(self.counter.corner(), DOWN)
        room = right - x0
        if counter_line.width > room:  # a long word for "area ratio": the counter goes under it
            counter_line.arrange(DOWN, buff=0.1)
        # The note's lines, whatever they say (wrapped to the column in a longer language): the radius can be
        # chosen before the wording, for the taller of the two.
        notes = [
            fitted(words, room, style.SMALL_SIZE, style.MUTED, centred=True)
            for words in (_("circle areas ∝ bytes"), scale_words(True), scale_words(False))
        ]
        count = [len(note) if isinstance(note, VGroup) else 1 for note in notes]
        lines = count[0] + max(count[1:])
        line_h = (notes[0][0] if isinstance(notes[0], VGroup) else notes[0]).height
        self.scale_note = VGroup(notes[0])
        free_h = y0 - bottom - self.large_label.height - counter_line.height - 4 * 0.2
        free_h -= lines * line_h + (lines - 1) * 0.1
        large = min(max_radius, (right - x0) / 2, free_h / 2)
        self.true_radii, self.to_scale, self.drawn_radii = circle_sizes(s.rate, large, min_radius)
        self.scale_note.add(notes[1] if self.to_scale else notes[2])
        self.scale_note.arrange(DOWN, buff=0.1)
        r_large, r_small = self.drawn_radii

        self._unit_circle = Circle(radius=1.0).points.copy()
        self.small_circle = Circle(radius=r_large, color=style.DATA, stroke_width=style.THIN)
        self.small_circle.set_fill(style.DATA, opacity=0.3)
        right_column = VGroup(self.large_label, self.small_circle, counter_line, self.scale_note)
        right_column.arrange(DOWN, buff=0.2)
        right_column.move_to([(x0 + right) / 2, (y0 + bottom) / 2, 0])
        self.circle_center = self.small_circle.get_center()
        self.large_circle = one_path(
            DashedVMobject(
                Circle(radius=r_large, stroke_width=style.THIN, color=style.DATA).move_to(self.circle_center),
                num_dashes=72,
            )
        )
        self.small_label.move_to(self.circle_center + DOWN * (r_small + 0.2 + self.small_label.height / 2))
        self.counter.set_value(1.0)

    def appear(self) -> list[Animation]:
        """The training text's circle growing, its label and the counter (at 1) fading in."""
        return [
            GrowFromCenter(self.small_circle),
            FadeIn(self.large_label, shift=0.1 * DOWN),
            FadeIn(self.counter_label),
            FadeIn(self.counter),
        ]

    def shrink(self, run_time: float) -> Animation:
        """The circle shrinking from the text's area to the weights', the counter following."""
        rate = self.stats.rate
        return UpdateFromAlphaFunc(
            VGroup(self.small_circle, self.counter),
            # In log space: equal steps of (smoothed) time multiply the area ratio by equal factors.
            lambda _, a: self.set_ratio(rate**a, a),
            rate_func=smooth,
            run_time=run_time,
        )

    def set_ratio(self, ratio: float, alpha: float) -> None:
        """The shrinking circle at area ratio `ratio` (1 .. rate), `alpha` (0 .. 1) of the way from the
        text's colours to the weights', and the counter showing the ratio (the exact rate at the end)."""
        unit_large, __ = circle_radii(ratio, 1.0)  # area ratio `ratio` <=> radius ratio unit_large
        r_large, r_small = self.drawn_radii
        radius = max(r_large / unit_large, r_small)
        self.small_circle.set_points(self._unit_circle * radius + self.circle_center)
        self.small_circle.set_fill(
            interpolate_color(ManimColor(style.DATA), ManimColor(style.WEIGHTS), alpha),
            opacity=interpolate(0.3, 1.0, alpha),
        )
        self.small_circle.set_stroke(interpolate_color(ManimColor(style.DATA), ManimColor(style.INK), alpha))
        self.counter.set_value(self.stats.rate if alpha >= 1.0 else ratio)


def paper_circles(s: CompressionStats, weight_format: str, large: float, least: float) -> VGroup:
    """The training text's circle of radius `large` and the weights' circle inside it, area ratio the rate
    (the small one enlarged to `least` if it would be smaller), with their labels, the rate and whether it
    is drawn to scale."""
    unit_large, __ = circle_radii(s.rate, 1.0)
    __, r_small = circle_radii(s.rate, large / unit_large)
    outer = Circle(radius=large, color=style.DATA, stroke_width=style.THIN).set_fill(style.DATA, 0.3)
    inner = Circle(radius=max(r_small, least), color=style.INK, stroke_width=style.HAIRLINE)
    inner.set_fill(style.WEIGHTS, 1.0)
    small_label = weights_label(s, weight_format)
    small_label.next_to(inner, DOWN, 0.2)
    rate = VGroup(label(_("area ratio"), color=style.MUTED), label(style.fmt_rate(s.rate)))
    note = VGroup(
        label(_("circle areas ∝ bytes"), style.SMALL_SIZE, style.MUTED),
        label(scale_words(r_small >= least), style.SMALL_SIZE, style.MUTED),
    )
    below = VGroup(rate.arrange(RIGHT, buff=0.2), note.arrange(DOWN, buff=0.08)).arrange(DOWN, buff=0.15)
    below.next_to(outer, DOWN, 0.2)
    return VGroup(data_label(s).next_to(outer, UP, 0.2), outer, inner, small_label, below)
