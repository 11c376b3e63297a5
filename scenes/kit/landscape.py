"""The KL landscape's pieces: 3-D axes that hold every point of the sweep (tail share, center KL, total KL),
the points themselves with the rings that mark the newest and the lowest, the colour bar of the total, and
the read-out fixed in the frame that names one point's numbers."""

from __future__ import annotations

import numpy as np
from manim import LEFT, UP, Circle, Dot, Line, ThreeDAxes, VGroup

from mathcore.kl import SweepResult
from scenes.kit import style
from scenes.kit.bars import RampBar
from scenes.kit.plots import nice_ceiling
from scenes.kit.text import label
from scenes.kit.widgets import GlyphCounter, OutlineSwitch, flatten, readout_row
from scenes.kit.words import _, t


class SweepBox(VGroup):
    """3-D axes (tail share, center KL, total KL) that hold every point of the sweep, centred on the camera's
    pivot, with tick and axis labels (`labels`, to be turned towards the camera) and faint grids on the floor
    and the two far walls (`floor`)."""

    def __init__(self, r: SweepResult):
        x_top = nice_ceiling(float(r.tail_share.max()), 0.2)
        y_top = nice_ceiling(float(r.center.max()), 0.1)
        z_top = nice_ceiling(float(r.total.max()), 0.2)
        self.axes = ax = ThreeDAxes(
            x_range=[0, x_top, 0.1],
            y_range=[0, y_top, 0.1],
            z_range=[0, z_top, 0.1],
            x_length=4.2,
            y_length=3.2,
            z_length=3.9,
            tips=False,
            axis_config={"color": style.MUTED, "stroke_width": style.THIN},
        )
        ax.shift(-ax.c2p(x_top / 2, y_top / 2, z_top / 2))  # the box's center on the camera's pivot
        self.axes_drawn = flatten(VGroup(ax.x_axis, ax.y_axis, ax.z_axis))
        small, muted = style.SMALL_SIZE, style.MUTED
        self.labels = VGroup()
        for v in np.arange(0.2, x_top + 1e-9, 0.2):
            self.labels.add(label(style.fmt_percent(v, 0), small, muted).move_to(ax.c2p(v, -0.08, 0)))
        for v in np.arange(0.1, y_top + 1e-9, 0.1):
            self.labels.add(label(style.fmt_fixed(v, 1), small, muted).move_to(ax.c2p(-0.12, v, 0)))
        for v in np.arange(0.2, z_top + 1e-9, 0.2):  # offset (-x, +y): left of the z axis while theta turns
            at = ax.c2p(0, 0, v) + np.array([-0.3, 0.3, 0])
            self.labels.add(label(style.fmt_fixed(v, 1), small, muted).move_to(at))
        for text, point in (
            (_("tail share"), ax.c2p(x_top * 1.2, 0, 0)),
            (_("center KL (nats)"), ax.c2p(0, y_top * 1.5, 0)),
            (_("total KL (nats)"), ax.c2p(0, 0, z_top * 1.16)),
        ):
            self.labels.add(label(text, small, style.INK).move_to(point))
        self.floor = self._grid()
        super().__init__(self.axes_drawn, self.floor)

    def _grid(self) -> VGroup:
        """Faint grids on the floor (total KL = 0, where the drop line lands) and on the two far walls (the
        camera stays on the side of x < 0, y < 0 while it turns): heights and depths become readable."""
        ax = self.axes
        x_top, y_top, z_top = ax.x_range[1], ax.y_range[1], ax.z_range[1]
        xs, ys = np.arange(0.2, x_top + 1e-9, 0.2), np.arange(0.1, y_top + 1e-9, 0.1)
        zs = np.arange(0.2, z_top + 1e-9, 0.2)
        grid = VGroup(
            *[Line(ax.c2p(x, 0, 0), ax.c2p(x, y_top, 0)) for x in xs],
            *[Line(ax.c2p(0, y, 0), ax.c2p(x_top, y, 0)) for y in ys],
            *[Line(ax.c2p(0, y_top, z), ax.c2p(x_top, y_top, z)) for z in zs],
            *[Line(ax.c2p(x_top, 0, z), ax.c2p(x_top, y_top, z)) for z in zs],
            *[
                Line(ax.c2p(x, y, 0), ax.c2p(x, y, z_top))
                for x, y in ((0, y_top), (x_top, y_top), (x_top, 0))
            ],
        ).set_stroke(style.FAINT, style.HAIRLINE)
        return flatten(grid)


class SweepPoints:
    """The sweep's points in `axes`, one per sample of `r` at (tail share, center KL, total KL), coloured by
    `color(total)`, and shown up to the newest by :meth:`show`. Parts: `dots`; `marker`, a ring on the newest
    point; `drop`, a line from it down to the floor (total KL = 0: its height is the total); `min_mark`, the
    ring of the path's lowest total `lowest` (one sample, between two points for the seed's path).

    Call :meth:`hide` once the scene has turned the dots to face the camera (that reads their centers)."""

    def __init__(self, axes: ThreeDAxes, r: SweepResult, lowest: SweepResult, color) -> None:
        self.axes, self.result = axes, r
        points = axes.coords_to_point(np.column_stack([r.tail_share, r.center, r.total]))
        self.dots = VGroup(
            *[Dot(p, radius=0.07, fill_color=color(k)) for p, k in zip(points, r.total, strict=True)]
        )
        self.marker = Circle(radius=0.15, stroke_color=style.INK, stroke_width=style.THIN).move_to(points[0])
        self.drop = Line(points[0], points[0], stroke_color=style.MUTED, stroke_width=style.HAIRLINE)
        self.min_mark = Circle(radius=0.17, stroke_color=style.LOW, stroke_width=style.STROKE)
        self.min_mark.move_to(axes.c2p(lowest.tail_share[0], lowest.center[0], lowest.total[0]))
        self.shown = -1

    def hide(self) -> None:
        """Every point hidden: a hidden point has no outline (not a transparent one), it costs nothing to
        draw."""
        self._outlines = [dot.points.copy() for dot in self.dots]
        for dot in self.dots:
            dot.points = np.zeros((0, 3))
        self.shown = -1

    def show(self, i: int) -> bool:
        """Points 0 .. `i` shown, the marker and the drop line on point `i`; False if it was shown already."""
        if i == self.shown:
            return False
        lo, hi = sorted((self.shown + 1, i + 1))
        for k in range(lo, hi):
            self.dots[k].points = self._outlines[k] if i > self.shown else np.zeros((0, 3))
        self.shown = i
        r = self.result
        point = self.dots[i].get_center()
        self.marker.move_to(point)
        self.drop.set_points_as_corners([point, self.axes.c2p(r.tail_share[i], r.center[i], 0)])
        return True


def total_colorbar(low: float, high: float, color, threshold: float) -> RampBar:
    """The colour bar of the total KL in nats, `low` (green) to `high` (red), with the Low/High threshold,
    at the right of the frame."""
    bar = RampBar(
        low,
        high,
        color,
        tick=0.2,  # at round values: the seed's ends (0.0801, 0.801 nats) are not round
        heading=_("total KL (nats)"),
        threshold=threshold,
        below=(_("Low"), style.LOW),
        above=(_("High"), style.HIGH),
    )
    return bar.shift(np.array([5.35, -0.2, 0]) - bar.cells.get_center())


def frame_text(frame: float) -> str:
    """A frame number as the read-out shows it: whole frames as they are, a frame between two (the path's
    lowest total) to a tenth."""
    return style.fmt_fixed(frame, 0 if float(frame).is_integer() else 1)


class PointReadout(VGroup):
    """The landscape's read-out, fixed in the frame: one point's frame, tail share, center and total KL,
    under the heading "newest point" or "lowest total KL (ringed)". `labels` never change; `live` (the
    heading and the counters) change through :meth:`show`."""

    def __init__(self, r: SweepResult, low_kl: float):
        self.result, self.low_kl = r, low_kl
        small = style.SMALL_SIZE

        def counter(fmt, value: float, slots: int) -> GlyphCounter:
            return GlyphCounter(fmt, value, slots=slots, font_size=small)

        self.frame_counter = counter(frame_text, r.frames[0], 4)
        self.tail_counter = counter(style.fmt_percent, r.tail_share[0], 7)
        self.center_counter = counter(lambda v: style.fmt_sig(v, 3), r.center[0], 6)
        self.total_counter = counter(lambda v: style.fmt_sig(v, 3), r.total[0], 6)
        rows = VGroup()
        lines = (
            (
                label(_("frame"), small, style.MUTED),
                self.frame_counter,
                t("of {last}", last=frame_text(r.frames[-1])),
            ),
            (label(_("tail share"), small, style.MUTED), self.tail_counter, ""),
            (label(_("center KL"), small, style.MUTED), self.center_counter, _("nats")),
            (label(_("total KL"), small, style.MUTED), self.total_counter, _("nats")),
        )
        # The numbers' column: at -4.0, or further right when a name is longer (another language).
        value_right = max(-4.0, -6.65 + max(w.width + 0.15 + c.width for w, c, _u in lines))
        for k, (words, count, unit) in enumerate(lines):
            y = 1.55 - 0.42 * k
            rows.add(*readout_row(words, y, -6.65, value_right, count, unit, unit_size=small, unit_gap=0.1))
        heads = {
            "newest": label(_("newest point"), small, style.MUTED),
            "lowest": label(_("lowest total KL (ringed)"), small, style.LOW),
        }
        for head in heads.values():
            head.next_to(rows[0], UP, buff=0.3).align_to(rows[0], LEFT)
        self.head = OutlineSwitch(heads, "newest")
        counters = (self.frame_counter, self.tail_counter, self.center_counter, self.total_counter)
        self.labels = flatten(rows)
        self.live = VGroup(self.head, *counters)
        super().__init__(self.labels, self.live)

    def show(self, i: int, head: str, result: SweepResult | None = None) -> None:
        """Sample `i` of the sweep (or of `result`, e.g. the path's lowest total) under heading `head`."""
        r = self.result if result is None else result
        self.head.show(head)
        self.frame_counter.set_value(r.frames[i])
        self.tail_counter.set_value(r.tail_share[i])
        self.center_counter.set_value(r.center[i])
        self.total_counter.set_value(r.total[i])
        self.total_counter.set_color(style.LOW if r.total[i] < self.low_kl else style.HIGH)
