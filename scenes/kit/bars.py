"""Bars: the composition bar (shares of a whole, labelled), bars stacked with their names, the row of tenths,
and a colour bar for a ramp."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    AnimationGroup,
    Create,
    FadeIn,
    Line,
    Rectangle,
    ReplacementTransform,
    Succession,
    VGroup,
    VMobject,
    config,
)

from scenes.kit import style
from scenes.kit.plots import spread, window
from scenes.kit.text import label

BAR_LABEL_PAD = 0.08  # room around a label inside its segment
BAR_LABEL_GAP = 0.25  # between two labels outside the bar


class CompositionBar(VGroup):
    """A horizontal bar of segments with widths ∝ `shares` (the bar is `width` wide), a label per segment.

    A label goes inside its segment where it fits, else outside, on `side` (UP or DOWN; on both sides when one
    row is too narrow), with a thin leader to its segment, spread so that no two labels overlap. A segment
    keeps its true width however thin; its label tells the value. Parts: `segments`, `labels`, `leaders`;
    `outside[i]` says whether label i is outside.
    """

    def __init__(
        self,
        shares,
        width: float,
        height: float = 0.42,
        side=DOWN,
        label_gap: float = 0.32,
        colors=None,
        font_size: float = style.SMALL_SIZE,
    ):
        colors = colors or style.TENTHS  # a colour role, read when the bar is built
        self.shares = np.asarray(shares, dtype=float)
        self.bar_width = width
        self.bar_height = height
        edges = np.concatenate([[0.0], np.cumsum(self.shares)]) * width - width / 2
        self.segments = VGroup()
        for i, share in enumerate(self.shares):
            seg = Rectangle(width=share * width, height=height, stroke_width=0, fill_opacity=1)
            seg.set_fill(colors[i % len(colors)]).move_to([edges[i] + share * width / 2, 0, 0])
            self.segments.add(seg)
        labels = [label(style.fmt_share(s), font_size) for s in self.shares]
        # Inside its segment where it fits and reads (text 4.5:1 on the segment's colour), else outside.
        inks = [style.text_on(colors[i % len(colors)]) for i in range(len(self.shares))]
        self.outside = tuple(
            lab.width + 2 * BAR_LABEL_PAD > seg.width or lab.height + BAR_LABEL_PAD > height or ink is None
            for lab, seg, ink in zip(labels, self.segments, inks, strict=True)
        )
        for lab, seg, out, ink in zip(labels, self.segments, self.outside, inks, strict=True):
            if not out:
                lab.set_color(ink).move_to(seg)
        out_idx = [i for i, out in enumerate(self.outside) if out]
        one_row = sum(labels[i].width + BAR_LABEL_GAP for i in out_idx) <= width
        rows = [(out_idx, side)] if one_row else [(out_idx[0::2], side), (out_idx[1::2], -side)]
        self.leaders = VGroup()
        for row, row_side in rows:
            xs = spread(
                [self.segments[i].get_x() for i in row],
                [labels[i].width for i in row],
                BAR_LABEL_GAP,
                -width / 2,
                width / 2,
            )
            for i, x in zip(row, xs, strict=True):
                seg, color = self.segments[i], colors[i % len(colors)]
                labels[i].set_color(style.INK).move_to([x, 0, 0])
                labels[i].next_to(seg, row_side, buff=label_gap, coor_mask=np.array([0, 1, 0]))
                start = seg.get_edge_center(row_side)
                end = labels[i].get_edge_center(-row_side) - 0.05 * row_side
                knee = start + min(0.1, label_gap / 3) * row_side  # a short drop marks the segment
                leader = VMobject(stroke_color=color, stroke_width=style.HAIRLINE).set_points_as_corners(
                    [start, knee, end]
                )
                self.leaders.add(leader)
        self.labels = VGroup(*labels)
        super().__init__(self.segments, self.leaders, self.labels)

    def place(self, center) -> CompositionBar:
        """Move the bar so that its segments are centred on `center` (labels follow)."""
        return self.shift(np.asarray(center) - self.segments.get_center())

    def grow(self, run_time: float = 1.6) -> Succession:
        """The bar fills from left to right at a steady pace (a segment grows while the front crosses it),
        then the labels and their leaders appear."""
        edges = np.concatenate([[0.0], np.cumsum(self.shares)]) / self.shares.sum()
        fills = [  # each from a sliver at its left edge, full height, to its full width
            ReplacementTransform(seg.copy().stretch(0, 0, about_edge=LEFT), seg, rate_func=window(a, b))
            for seg, a, b in zip(self.segments, edges[:-1], edges[1:], strict=True)
        ]
        return Succession(
            AnimationGroup(*fills, run_time=run_time),
            AnimationGroup(FadeIn(self.labels), Create(self.leaders), run_time=0.8),
        )


def tenths_legend(fractions, colors=None) -> VGroup:
    """A row of colour swatches, one per tenth, each with its start (0 %, 10 %, …)."""
    colors = colors or style.TENTHS
    items = [
        VGroup(
            Rectangle(width=0.22, height=0.22, stroke_width=0, fill_color=color, fill_opacity=1),
            label(style.fmt_percent(f, 0), style.SMALL_SIZE, style.MUTED),
        ).arrange(RIGHT, buff=0.08)
        for f, color in zip(fractions, colors, strict=False)
    ]
    return VGroup(*items).arrange(RIGHT, buff=0.3)


def bar_stack(names, shares, top: float, pitch: float, height: float) -> list[CompositionBar]:
    """One composition bar per row of `shares`, stacked from centre height `top` down by `pitch`, each with
    its name (a mobject, moved) right-aligned at its left; the bars fill the frame's width right of the
    widest name, within the margins."""
    right = -config.frame_width / 2 + style.MARGIN + max(n.width for n in names)
    left_edge = right + 0.3
    width = config.frame_width / 2 - style.MARGIN - left_edge
    bars = []
    for i, (row, name) in enumerate(zip(shares, names, strict=True)):
        y = top - i * pitch
        bar = CompositionBar(row, width, height, label_gap=0.22)
        bars.append(bar.place([left_edge + width / 2, y, 0]))
        name.move_to([right, y, 0], aligned_edge=RIGHT)
    return bars


class RampBar(VGroup):
    """A vertical colour bar for values `low`..`high` on a linear ramp, ticks every `tick` (at round values:
    the ends need not be), a heading, and a marked `threshold` with the words for below and above it.

    The ramp is linear in RGB, as is a two-stop gradient, so the bar is exactly the mapping `color(value)`.
    Parts: `cells`, `ticks`, `threshold_line`, `heading`, `tags`; :meth:`y_of` maps a value to a height.
    """

    def __init__(
        self,
        low: float,
        high: float,
        color,
        *,
        tick: float,
        heading: str,
        threshold: float,
        below: tuple[str, str],
        above: tuple[str, str],
        height: float = 3.2,
        width: float = 0.28,
    ):
        self.low, self.high, self.bar_height = low, high, height
        self.cells = Rectangle(width=width, height=height, stroke_width=0)
        self.cells.set_fill([color(low), color(high)], 1.0).set_sheen_direction(UP)
        right = self.cells.get_right()[0]
        self.ticks = VGroup()
        for v in np.arange(tick, high + 1e-9, tick):
            y = self.y_of(v)
            self.ticks.add(Line([right, y, 0], [right + 0.1, y, 0]).set_stroke(style.MUTED, style.THIN))
            self.ticks.add(
                label(style.fmt_fixed(v, 1), style.SMALL_SIZE, style.MUTED)
                .move_to([0, y, 0])
                .align_to([right + 0.2, 0, 0], LEFT)
            )
        left, y = self.cells.get_left()[0], self.y_of(threshold)
        self.threshold_line = Line([left - 0.08, y, 0], [right + 0.08, y, 0]).set_stroke(
            style.INK, style.THIN
        )
        self.heading = label(heading, style.SMALL_SIZE).next_to(self.cells, UP, buff=0.25)
        self.tags = VGroup(
            label(above[0], style.SMALL_SIZE, above[1]).next_to(self.threshold_line, LEFT, buff=0.12),
            label(below[0], style.SMALL_SIZE, below[1]).next_to(self.threshold_line, LEFT, buff=0.12),
        )
        self.tags[0].shift(0.2 * UP)
        self.tags[1].shift(0.2 * DOWN)
        super().__init__(self.cells, self.ticks, self.threshold_line, self.heading, self.tags)

    def y_of(self, value: float) -> float:
        return self.cells.get_bottom()[1] + (value - self.low) / (self.high - self.low) * self.bar_height
