"""Where does KL(ground truth ‖ model) come from? A model Gaussian sweeps past N(0, 1) (seed 000, part 2).

- `KLSweep`: the model moves along the seed's path over its 89 frames; live counters show which share of the
  KL divergence comes from the center |x| < 2 and which from the tails, the total in nats with a Low/High
  tag, and the frame of the lowest total KL is marked when the sweep reaches it and again at the end.
- `KLLandscape`: the same sweep as points (tail share, center KL, total KL), one per frame, coloured green
  (low total KL) to red (high) in slowly turning 3-D axes.

Every number is read from `mathcore.kl.sweep`, computed once for the whole path (fractional frames for smooth
motion). Per video frame the scenes only index those arrays and move points: no text is typeset, no axes are
rebuilt, the curve is updated in place.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from manim import (
    DEGREES,
    DOWN,
    LEFT,
    ORIGIN,
    OUT,
    RIGHT,
    UP,
    UR,
    Axes,
    Circle,
    Circumscribe,
    Create,
    DashedVMobject,
    Dot,
    FadeIn,
    FadeOut,
    Line,
    MathTypst,
    Polygon,
    Rectangle,
    Text,
    ThreeDAxes,
    Transform,
    ValueTracker,
    VGroup,
    VMobject,
    linear,
    smooth,
)

from mathcore.kl import (
    SEED_COLOR_HIGH,
    SEED_COLOR_LOW,
    SEED_FRAMES,
    SEED_GRID,
    SEED_LOW_KL_THRESHOLD,
    SweepResult,
    gaussian_pdf,
    seed_units_to_nats,
    sweep,
)
from scenes.kit import style
from scenes.kit.base import LectureScene, LectureScene3D
from scenes.kit.widgets import GlyphCounter, OutlineSwitch, flatten, one_path


def _label(text: str, size: float = style.LABEL_SIZE, color: str = style.INK) -> VGroup:
    """Words, typeset once and flattened; `.text` keeps the string."""
    flat = flatten(Text(text, font=style.FONT, font_size=size, color=color))
    flat.text = text
    return flat


# Typst math set at font size f looks like Text at f / 1.6 (x-heights 0.113 vs 0.183 units at 24): scale it
# so that math and words beside it match.
TYPST_SCALE = 1.6


def _math(code: str, size: float = style.LABEL_SIZE, color: str = style.INK) -> VGroup:
    """Typst math at the size of words of `size`, flattened."""
    flat = flatten(MathTypst(code, font_size=size * TYPST_SCALE, color=color))
    flat.is_math = True
    return flat


def _smooth_path(anchors: np.ndarray) -> np.ndarray:
    """Cubic Bézier points (a0, h0, h1, a1 per segment) through `anchors` (..., n, 3), Catmull-Rom handles.

    Vectorised over leading axes, so every frame's curve is built once; a video frame only assigns one row.
    """
    tangent = np.empty_like(anchors)
    tangent[..., 1:-1, :] = (anchors[..., 2:, :] - anchors[..., :-2, :]) / 2
    tangent[..., 0, :] = anchors[..., 1, :] - anchors[..., 0, :]
    tangent[..., -1, :] = anchors[..., -1, :] - anchors[..., -2, :]
    a0, a1 = anchors[..., :-1, :], anchors[..., 1:, :]
    h0, h1 = a0 + tangent[..., :-1, :] / 3, a1 - tangent[..., 1:, :] / 3
    segments = np.stack([a0, h0, h1, a1], axis=-2)
    return segments.reshape(*anchors.shape[:-2], 4 * (anchors.shape[-2] - 1), 3)


REGION_OPACITY = 0.4  # the shaded center and tails under the ground truth, and their legend patches


def _nice_ceiling(value: float, step: float) -> float:
    """The smallest multiple of `step` that is >= value (an axis end that holds every data point)."""
    return step * math.ceil(value / step - 1e-9)


# --- the sweep -----------------------------------------------------------------------------------------
class KLSweep(LectureScene):
    """A model Gaussian sweeps past the ground truth N(0, 1); live center/tail shares of KL and the total."""

    FRAMES = SEED_FRAMES  # the path's frames 0 .. FRAMES - 1
    SAMPLES_PER_FRAME = 10  # precomputed samples per frame: the tracker's fractional frames read these
    GRID = SEED_GRID  # where the KL integral is evaluated (the seed's grid)
    CENTER = 2.0  # the center region is |x| < CENTER
    LOW_KL_NATS = float(seed_units_to_nats(SEED_LOW_KL_THRESHOLD, SEED_GRID))  # the seed's 25, in nats
    PLOT_POINTS = 201  # samples of each drawn curve
    Y_TICK = 0.1  # density axis: tick spacing (labels every other tick)
    SECONDS_PER_FRAME = 0.13  # sweep speed at normal playback

    # --- numbers --------------------------------------------------------------------------------------
    def compute_sweep(self) -> SweepResult:
        """The KL split for every sample of the path; a subclass with another path overrides this."""
        n = (self.FRAMES - 1) * self.SAMPLES_PER_FRAME + 1
        return sweep(np.linspace(0, self.FRAMES - 1, n), grid=self.GRID, center=self.CENTER)

    def index_of(self, frame: float) -> int:
        """The precomputed sample nearest to the (fractional) frame index."""
        i = round((frame - float(self.result.frames[0])) * self.SAMPLES_PER_FRAME)
        return int(min(max(i, 0), len(self.result.frames) - 1))

    # --- construction -----------------------------------------------------------------------------------
    def construct(self) -> None:
        self.prepare()
        self.intro()
        self.beat()
        self.sweep_to(self.result.min_frame)
        self.mark_minimum()
        self.beat()
        self.sweep_to(self.FRAMES - 1, FadeOut(self.min_label, run_time=0.4))
        self.conclude()

    def prepare(self) -> None:
        """All numbers (from mathcore, once) and all mobjects; nothing is on screen yet."""
        self.result = self.compute_sweep()
        x0, x1 = float(self.GRID[0]), float(self.GRID[-1])
        self.plot_x = np.union1d(np.linspace(x0, x1, self.PLOT_POINTS), [-self.CENTER, self.CENTER])
        r = self.result
        self.model_pdf = gaussian_pdf(self.plot_x[None, :], r.mu[:, None], r.sigma[:, None])
        self.truth_pdf = gaussian_pdf(self.plot_x, 0.0, 1.0)  # mathcore's sweep compares with N(0, 1)
        y_top = self.Y_TICK * math.ceil(max(self.model_pdf.max(), self.truth_pdf.max()) / self.Y_TICK + 0.5)
        self.frame = ValueTracker(0.0)
        self._build_title()
        self._build_axes(x0, x1, y_top)
        self._build_plot()
        self._build_legend()
        self._build_panel()
        self._build_minimum_marks()
        self.caption = VGroup(
            _label("High total KL sits mostly in the center;", style.LABEL_SIZE),
            _label("a large tail share comes only with a small total.", style.LABEL_SIZE),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        self.caption.to_edge(DOWN, buff=style.MARGIN).to_edge(LEFT, buff=style.MARGIN + 0.1)
        self._live_state: tuple = ()
        self.show_frame(0.0)

    def _build_title(self) -> None:
        self.title = _label("Where does the KL divergence come from?", style.TITLE_SIZE)
        self.title.to_edge(UP, buff=style.MARGIN).to_edge(LEFT, buff=style.MARGIN + 0.1)

    def _build_axes(self, x0: float, x1: float, y_top: float) -> None:
        """The x axis, and a density axis at the left edge (Manim's would stand at x = 0, across the plot)."""
        self.axes = Axes(
            x_range=[x0, x1, 1.0],
            y_range=[0.0, y_top, self.Y_TICK],
            x_length=7.4,
            y_length=4.5,
            tips=False,
            axis_config={"color": style.MUTED, "stroke_width": style.THIN},
        )
        self.axes.move_to(np.array([-2.4, -0.05, 0.0]))
        ax = self.axes
        y_axis = VGroup(
            Line(ax.c2p(x0, 0), ax.c2p(x0, y_top), stroke_color=style.MUTED, stroke_width=style.THIN)
        )
        labels = VGroup()
        for v in np.arange(math.ceil(x0), math.floor(x1) + 1):
            labels.add(
                _label(style.fmt_fixed(v, 0), style.SMALL_SIZE, style.MUTED).next_to(ax.c2p(v, 0), DOWN, 0.2)
            )
        for k in range(1, int(round(y_top / self.Y_TICK)) + 1):
            v = k * self.Y_TICK
            y_axis.add(
                Line(ax.c2p(x0, v), ax.c2p(x0, v) + 0.1 * LEFT, stroke_color=style.MUTED, stroke_width=1.5)
            )
            if k % 2 == 0:
                labels.add(
                    _label(style.fmt_fixed(v, 1), style.SMALL_SIZE, style.MUTED).next_to(
                        ax.c2p(x0, v), LEFT, 0.2
                    )
                )
        x_label = _math("x", style.LABEL_SIZE, style.MUTED).next_to(ax.c2p(x1, 0), RIGHT, buff=0.2)
        y_label = _label("density", style.SMALL_SIZE, style.MUTED).next_to(ax.c2p(x0, y_top), UP, buff=0.2)
        self.axes_drawn = flatten(VGroup(ax.x_axis, y_axis))
        self.axis_labels = flatten(VGroup(labels, x_label, y_label))

    def _to_scene(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Scene points (..., 3) of data coordinates, broadcasting: the axes are linear, two vectors do."""
        origin = self.axes.c2p(0, 0)
        unit_x, unit_y = self.axes.c2p(1, 0) - origin, self.axes.c2p(0, 1) - origin
        x, y = np.broadcast_arrays(x, y)
        return origin + x[..., None] * unit_x + y[..., None] * unit_y

    def _curve(self, pdf: np.ndarray, color: str) -> VMobject:
        curve = VMobject(stroke_color=color, stroke_width=style.STROKE)
        curve.points = _smooth_path(self.axes.coords_to_point(np.column_stack([self.plot_x, pdf])))
        return curve

    def _region(self, lo: float, hi: float, color: str) -> Polygon:
        inside = (self.plot_x >= lo) & (self.plot_x <= hi)
        top = np.column_stack([self.plot_x[inside], self.truth_pdf[inside]])
        base = np.array([[hi, 0.0], [lo, 0.0]])
        corners = self.axes.coords_to_point(np.vstack([top, base]))
        return Polygon(*corners, stroke_width=0, fill_color=color, fill_opacity=REGION_OPACITY)

    def _build_plot(self) -> None:
        x0, x1, c = self.plot_x[0], self.plot_x[-1], self.CENTER
        self.truth_curve = self._curve(self.truth_pdf, style.INK)
        self.center_area = self._region(-c, c, style.GREEN)
        self.tail_areas = VGroup(self._region(x0, -c, style.ORANGE), self._region(c, x1, style.ORANGE))
        # every sample's curve in scene coordinates, once: a video frame only copies one row into the curve
        self.curve_points = _smooth_path(self._to_scene(self.plot_x[None, :], self.model_pdf))
        self.model_curve = VMobject(stroke_color=style.RED, stroke_width=style.STROKE)

    def _build_legend(self) -> None:
        c = f"{self.CENTER:g}"

        def line(color: str) -> Line:
            return Line(ORIGIN, 0.45 * RIGHT, stroke_color=color, stroke_width=style.STROKE)

        def patch(color: str) -> Rectangle:
            return Rectangle(
                width=0.45, height=0.24, stroke_width=0, fill_color=color, fill_opacity=REGION_OPACITY
            )

        rows = [
            (line(style.INK), _label("ground truth", style.SMALL_SIZE)),
            (line(style.RED), _label("model", style.SMALL_SIZE)),
            (patch(style.GREEN), _label("center", style.SMALL_SIZE), _math(f"|x| < {c}", style.SMALL_SIZE)),
            (patch(style.ORANGE), _label("tails", style.SMALL_SIZE), _math(f"|x| >= {c}", style.SMALL_SIZE)),
        ]
        legend = VGroup()
        for swatch, *words in rows:
            text = VGroup(*words).arrange(RIGHT, buff=0.12)
            legend.add(VGroup(swatch, text).arrange(RIGHT, buff=0.18))
        legend.arrange(DOWN, aligned_edge=LEFT, buff=0.16)
        legend.move_to(self.axes.c2p(self.plot_x[-1], self.axes.y_range[1]), aligned_edge=UR).shift(
            0.05 * DOWN
        )
        self.legend = flatten(legend)

    def _build_panel(self) -> None:
        """The right column: the formula, the model's parameters, the shares, the total and its tag."""
        r = self.result
        left, right = 2.45, 6.75
        value_right = right - 0.95  # counters end here, units follow

        def row(label, y: float, counter: GlyphCounter | None = None, unit: str = "") -> VGroup:
            """`label` at the left edge, `counter` right-aligned at value_right, then `unit`, one baseline."""
            label.shift((left - label.get_left()[0]) * RIGHT + (y - label.get_center()[1]) * UP)
            group = VGroup(label)
            if counter is not None:
                counter.shift(
                    (value_right - counter.get_right()[0]) * RIGHT + (y - counter.get_center()[1]) * UP
                )
                if not getattr(label, "is_math", False):  # words sit on the digits' baseline
                    label.align_to(counter.corner(), DOWN)
            if unit:
                group.add(_label(unit, style.LABEL_SIZE, style.MUTED))
                group[-1].next_to(counter, RIGHT, buff=0.14).align_to(counter.corner(), DOWN)
            return group

        def counter(fmt: Callable[[float], str], value: float, slots: int) -> GlyphCounter:
            return GlyphCounter(fmt, value, slots=slots)

        formula = _math('D_"KL" (p || q) = integral (p ln p/q - p + q) dif x', 16.5)
        formula.move_to(np.array([(left + right) / 2, 2.45, 0.0]))
        legend_pq = _label("p: ground truth,  q: model", style.SMALL_SIZE, style.MUTED)
        legend_pq.next_to(formula, DOWN, buff=0.18)

        self.frame_counter = counter(lambda v: style.fmt_fixed(v, 1), r.frames[0], 5)
        self.mu_counter = counter(style.fmt_fixed, r.mu[0], 5)
        self.sigma_counter = counter(style.fmt_fixed, r.sigma[0], 5)
        self.center_counter = counter(style.fmt_percent, r.center_share[0], 7)
        self.tail_counter = counter(style.fmt_percent, r.tail_share[0], 7)
        self.kl_counter = counter(lambda v: style.fmt_sig(v, 3), r.total[0], 5)

        last = style.fmt_fixed(float(r.frames[-1]), 0)
        rows = VGroup(
            row(_label("frame"), 1.15, self.frame_counter, f"of {last}"),
            row(_math("mu"), 0.62, self.mu_counter),
            row(_math("sigma"), 0.09, self.sigma_counter),
            row(_label("share of the KL", style.SMALL_SIZE, style.MUTED), -0.62),
            row(_label("center", color=style.GREEN), -1.1, self.center_counter),
            row(_label("tails", color=style.ORANGE), -1.6, self.tail_counter),
            row(_label("total KL"), -2.78, self.kl_counter, "nats"),
        )
        rules = VGroup(
            *[
                Line([left, y, 0], [right, y, 0], stroke_color=style.FAINT, stroke_width=style.THIN)
                for y in (-0.27, -2.4)
            ]
        )
        self.bar_box = (left, -2.14, right, -1.92)  # x0, y0, x1, y1 of the share bar
        self.center_bar = Polygon(*[ORIGIN] * 4, stroke_width=0, fill_color=style.GREEN, fill_opacity=0.85)
        self.tail_bar = Polygon(*[ORIGIN] * 4, stroke_width=0, fill_color=style.ORANGE, fill_opacity=0.85)
        shown = style.fmt_sig(self.LOW_KL_NATS, 2)
        relation = "=" if float(shown) == self.LOW_KL_NATS else "≈"  # 0.2002 is shown rounded: say so
        threshold = _label(f"threshold {relation} {shown} nats", style.SMALL_SIZE, style.MUTED)
        row(threshold, -3.3)
        threshold.align_to(rows[-1][-1], RIGHT)
        tags = {"Low": _label("Low", color=style.GREEN), "High": _label("High", color=style.RED)}
        for tag in tags.values():
            row(tag, -3.3).align_to(threshold, DOWN)
        self.level_tag = OutlineSwitch(tags, "Low")
        self.panel_static = flatten(VGroup(formula, legend_pq, rows, rules, threshold))
        self.counters = VGroup(
            self.frame_counter,
            self.mu_counter,
            self.sigma_counter,
            self.center_counter,
            self.tail_counter,
            self.kl_counter,
        )
        self.kl_row = VGroup(rows[-1], self.kl_counter, self.level_tag, threshold)

    def _build_minimum_marks(self) -> None:
        r = self.result
        i = r.min_index
        self.ghost = one_path(
            DashedVMobject(
                self._curve(self.model_pdf[i], style.RED).set_stroke(width=style.THIN), num_dashes=60
            )
        ).set_stroke(opacity=0.7)
        peak = self.axes.c2p(r.mu[i], self.model_pdf[i].max())
        text = VGroup(
            _label("lowest total KL", style.SMALL_SIZE, style.MUTED),
            _label(f"{style.fmt_sig(r.total[i], 3)} nats", style.LABEL_SIZE, style.GREEN),
            _label(f"frame {style.fmt_fixed(r.frames[i], 1)}", style.SMALL_SIZE, style.MUTED),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        text.move_to(self.axes.c2p(self.plot_x[0], self.axes.y_range[1]), aligned_edge=UP + LEFT)
        text.shift(0.35 * RIGHT + 0.05 * DOWN)
        pointer = Line(text.get_bottom() + 0.1 * DOWN, peak + 0.1 * UP, stroke_color=style.MUTED, buff=0.05)
        pointer.set_stroke(width=style.THIN)
        self.min_label = VGroup(text, pointer)

    # --- live update ------------------------------------------------------------------------------------
    def show_frame(self, frame: float) -> int:
        """Put the scene at (fractional) frame `frame` and return the precomputed sample index it shows."""
        self.frame.set_value(frame)
        i = self.index_of(frame)
        self._show_index(i)
        return i

    def _show_index(self, i: int, curve: bool = True) -> None:
        r = self.result
        if curve:
            self.model_curve.points = self.curve_points[i].copy()
        self.frame_counter.set_value(r.frames[i])
        self.mu_counter.set_value(r.mu[i])
        self.sigma_counter.set_value(r.sigma[i])
        self.center_counter.set_value(r.center_share[i])
        self.tail_counter.set_value(r.tail_share[i])
        self.kl_counter.set_value(r.total[i])
        x0, y0, x1, y1 = self.bar_box
        split = x0 + (x1 - x0) * float(r.center_share[i])
        self.center_bar.set_points_as_corners(
            [[x0, y0, 0], [split, y0, 0], [split, y1, 0], [x0, y1, 0], [x0, y0, 0]]
        )
        self.tail_bar.set_points_as_corners(
            [[split, y0, 0], [x1, y0, 0], [x1, y1, 0], [split, y1, 0], [split, y0, 0]]
        )
        state = (bool(r.center_share[i] >= r.tail_share[i]), bool(r.total[i] < self.LOW_KL_NATS))
        if state != self._live_state:  # colours change only when an order or the Low/High side flips
            self._live_state = state
            center_larger, low = state
            self.center_counter.set_color(style.GREEN if center_larger else style.MUTED)
            self.tail_counter.set_color(style.MUTED if center_larger else style.ORANGE)
            self.kl_counter.set_color(style.GREEN if low else style.RED)
            self.level_tag.show("Low" if low else "High")

    def level(self) -> str:
        """The tag on screen now: "Low" or "High"."""
        return self.level_tag.key

    def _follow_tracker(self, mob) -> None:
        self._show_index(self.index_of(self.frame.get_value()))

    # --- beats --------------------------------------------------------------------------------------------
    def intro(self) -> None:
        self.play(
            FadeIn(self.title, shift=0.2 * DOWN),
            Create(self.axes_drawn),
            FadeIn(self.axis_labels),
            Create(self.truth_curve),
            FadeIn(self.center_area),
            FadeIn(self.tail_areas),
            run_time=1.4,
        )
        self.live = VGroup(self.model_curve, self.counters, self.center_bar, self.tail_bar, self.level_tag)
        readouts = VGroup(*self.live[1:])
        self.play(
            FadeIn(self.legend),
            FadeIn(self.panel_static),
            Create(self.model_curve),
            FadeIn(readouts),
            run_time=1.2,
        )
        # One group, added last: while it updates, everything before it stays in the cached static frame, and
        # the static groups skip Manim's per-frame walk over their glyphs.
        self.remove(readouts, self.model_curve)
        self.add(self.live)
        for mob in self.mobjects[:-1]:
            mob.suspend_updating()
        self.wait(0.4)

    def sweep_to(self, frame: float, *also) -> None:
        """Move the model along the path to `frame` at SECONDS_PER_FRAME, easing; `also` plays alongside."""
        distance = abs(frame - self.frame.get_value())
        self.live.add_updater(self._follow_tracker)
        self.play(
            self.frame.animate(
                run_time=max(distance * self.SECONDS_PER_FRAME, 0.5), rate_func=smooth
            ).set_value(frame),
            *also,
        )
        self.live.remove_updater(self._follow_tracker)
        self.show_frame(frame)

    def mark_minimum(self) -> None:
        """The sweep stops at the lowest total KL: a dashed copy of the model stays, its value is labelled."""
        # just below the live group: behind the model curve, and after everything that never moves
        self.mobjects.insert(self.mobjects.index(self.live), self.ghost)
        self.play(
            FadeIn(self.ghost),
            FadeIn(self.min_label),
            Circumscribe(self.kl_row, color=style.GREEN, buff=0.1),
            run_time=1.2,
        )
        self.wait(0.8)

    def conclude(self) -> None:
        """Back to the minimum (the model, the counters, the label), then the takeaway."""
        i = self.end_index = self.result.min_index
        self.frame.set_value(float(self.result.frames[i]))
        self._show_index(i, curve=False)
        target = VMobject(stroke_color=style.RED, stroke_width=style.STROKE)
        target.points = self.curve_points[i].copy()
        self.play(
            Transform(self.model_curve, target, run_time=1.0),
            FadeOut(self.ghost, run_time=1.0),
            FadeIn(self.min_label, run_time=0.8),
            FadeIn(self.caption, run_time=1.2),
        )
        self.wait(1.8)


# --- the landscape --------------------------------------------------------------------------------------
class KLLandscape(LectureScene3D):
    """The sweep as points (tail share, center KL, total KL), one per frame, green (low KL) to red (high)."""

    FRAMES = SEED_FRAMES
    GRID = SEED_GRID
    CENTER = 2.0
    LOW_KL_NATS = float(seed_units_to_nats(SEED_LOW_KL_THRESHOLD, SEED_GRID))
    COLOR_LOW_NATS = float(seed_units_to_nats(SEED_COLOR_LOW, SEED_GRID))  # green at or below
    COLOR_HIGH_NATS = float(seed_units_to_nats(SEED_COLOR_HIGH, SEED_GRID))  # red at or above
    SECONDS_PER_FRAME = 0.09
    PHI, THETA = 70 * DEGREES, -150 * DEGREES  # camera at the start
    ROTATION_RATE = 0.05  # radians per second: ends near theta = -115 degrees, tail share left to right

    def compute_sweep(self) -> SweepResult:
        """One point per frame 0 .. FRAMES - 1; a subclass with another path overrides this."""
        return sweep(self.FRAMES, grid=self.GRID, center=self.CENTER)

    def construct(self) -> None:
        self.prepare()
        self.play(
            FadeIn(self.title),
            Create(self.axes_drawn),
            FadeIn(self.floor),
            FadeIn(self.axis_labels),
            FadeIn(self.colorbar),
            FadeIn(self.readout_labels),
            FadeIn(self.readout_live),
            run_time=1.5,
        )
        self.beat()
        self.begin_ambient_camera_rotation(rate=self.ROTATION_RATE)
        self.add(self.dots, self.marker, self.drop)
        self.dots.add_updater(self._follow_tracker)
        self.play(
            self.frame.animate.set_value(self.FRAMES - 1),
            run_time=(self.FRAMES - 1) * self.SECONDS_PER_FRAME,
            rate_func=linear,
        )
        self.dots.remove_updater(self._follow_tracker)
        self.show_frame(self.FRAMES - 1)
        self.read(self.result.min_index)
        self.play(
            FadeOut(self.marker),
            FadeOut(self.drop),
            FadeIn(self.min_mark),
            FadeIn(self.caption),
            run_time=1.0,
        )
        self.wait(2.5)
        self.stop_ambient_camera_rotation()
        self.beat()
        self.wait(0.5)

    def prepare(self) -> None:
        """Numbers from mathcore (once), the axes, the points and the text fixed in the frame."""
        self.result = self.compute_sweep()
        self.frame = ValueTracker(0.0)
        # Flat colours: Manim's 3-D shading recomputes every glyph's bounding box per frame (~5x the cost),
        # and lines, dots and text gain nothing from it.
        self.renderer.camera.should_apply_shading = False
        # the pivot a little above the box's center: the box sits lower, clear of the title (a shift along
        # the turning axis, so the box does not wander as the camera turns)
        self.set_camera_orientation(phi=self.PHI, theta=self.THETA, frame_center=0.15 * OUT)
        self._build_axes()
        self._build_points()
        self._build_frame_text()
        self._shown = -1
        self.show_frame(0)

    def _build_axes(self) -> None:
        r = self.result
        x_top = _nice_ceiling(float(r.tail_share.max()), 0.2)
        y_top = _nice_ceiling(float(r.center.max()), 0.1)
        z_top = _nice_ceiling(float(r.total.max()), 0.2)
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
        labels = VGroup()
        for v in np.arange(0.2, x_top + 1e-9, 0.2):
            labels.add(
                _label(style.fmt_percent(v, 0), style.SMALL_SIZE, style.MUTED).move_to(ax.c2p(v, -0.08, 0))
            )
        for v in np.arange(0.1, y_top + 1e-9, 0.1):
            labels.add(
                _label(style.fmt_fixed(v, 1), style.SMALL_SIZE, style.MUTED).move_to(ax.c2p(-0.12, v, 0))
            )
        for v in np.arange(0.2, z_top + 1e-9, 0.2):  # offset (-x, +y): left of the z axis while theta turns
            labels.add(
                _label(style.fmt_fixed(v, 1), style.SMALL_SIZE, style.MUTED).move_to(
                    ax.c2p(0, 0, v) + np.array([-0.3, 0.3, 0.0])
                )
            )
        for text, point in (
            ("tail share", ax.c2p(x_top * 1.2, 0, 0)),
            ("center KL (nats)", ax.c2p(0, y_top * 1.5, 0)),
            ("total KL (nats)", ax.c2p(0, 0, z_top * 1.16)),
        ):
            labels.add(_label(text, style.SMALL_SIZE, style.INK).move_to(point))
        self.axis_labels = labels
        self.add_fixed_orientation_mobjects(*labels, use_static_center_func=True)  # they face the camera
        self.remove(*labels)

    def _build_points(self) -> None:
        r = self.result
        points = self.axes.coords_to_point(np.column_stack([r.tail_share, r.center, r.total]))
        self.dots = VGroup(
            *[
                Dot(p, radius=0.07, fill_color=style.ramp_color(k, self.COLOR_LOW_NATS, self.COLOR_HIGH_NATS))
                for p, k in zip(points, r.total, strict=True)
            ]
        )
        self.marker = Circle(radius=0.15, stroke_color=style.INK, stroke_width=style.THIN).move_to(points[0])
        # from the newest point down to the floor (total KL = 0): its height is the total
        self.drop = Line(points[0], points[0], stroke_color=style.MUTED, stroke_width=1.5)
        i = r.min_index
        self.min_mark = Circle(radius=0.17, stroke_color=style.GREEN, stroke_width=style.STROKE).move_to(
            points[i]
        )
        # Points turn to face the camera; those that never move keep a center computed once, not per frame.
        self.add_fixed_orientation_mobjects(*self.dots, self.min_mark, use_static_center_func=True)
        self.add_fixed_orientation_mobjects(self.marker)
        self.remove(*self.dots, self.marker, self.min_mark)
        # a hidden point has no outline (not a transparent one): it costs nothing to draw
        self._dot_outlines = [dot.points.copy() for dot in self.dots]
        for dot in self.dots:
            dot.points = np.zeros((0, 3))
        # Faint grids on the floor (total KL = 0, where the drop line lands) and on the two far walls (the
        # camera stays on the side of x < 0, y < 0 while it turns): heights and depths become readable.
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
        ).set_stroke(style.FAINT, 1.5)
        self.floor = flatten(grid)

    def _build_frame_text(self) -> None:
        r = self.result
        self.title = _label("Every frame of the sweep as a point", style.TITLE_SIZE)
        self.title.to_corner(UP + LEFT, buff=style.MARGIN + 0.1)
        left, value_right = -6.65, -4.0
        self.frame_counter = GlyphCounter(
            lambda v: f"{v:.0f}", r.frames[0], slots=3, font_size=style.SMALL_SIZE
        )
        self.tail_counter = GlyphCounter(
            style.fmt_percent, r.tail_share[0], slots=7, font_size=style.SMALL_SIZE
        )
        self.center_counter = GlyphCounter(
            lambda v: style.fmt_sig(v, 3), r.center[0], slots=6, font_size=style.SMALL_SIZE
        )
        self.total_counter = GlyphCounter(
            lambda v: style.fmt_sig(v, 3), r.total[0], slots=6, font_size=style.SMALL_SIZE
        )
        rows = VGroup()
        for k, (name, counter, unit) in enumerate(
            (
                ("frame", self.frame_counter, f"of {r.frames[-1]}"),
                ("tail share", self.tail_counter, ""),
                ("center KL", self.center_counter, "nats"),
                ("total KL", self.total_counter, "nats"),
            )
        ):
            y = 1.55 - 0.42 * k
            counter.shift((value_right - counter.get_right()[0]) * RIGHT + (y - counter.get_center()[1]) * UP)
            label = _label(name, style.SMALL_SIZE, style.MUTED)
            label.shift((left - label.get_left()[0]) * RIGHT).align_to(counter.corner(), DOWN)
            rows.add(label)
            if unit:
                rows.add(_label(unit, style.SMALL_SIZE, style.MUTED).next_to(counter, RIGHT, 0.1))
                rows[-1].align_to(counter.corner(), DOWN)
        heads = {
            "newest": _label("newest point", style.SMALL_SIZE, style.MUTED),
            "lowest": _label("lowest total KL (ringed)", style.SMALL_SIZE, style.GREEN),
        }
        for head in heads.values():
            head.next_to(rows[0], UP, buff=0.3).align_to(rows[0], LEFT)
        self.readout_head = OutlineSwitch(heads, "newest")
        counters = (self.frame_counter, self.tail_counter, self.center_counter, self.total_counter)
        self.readout_labels = flatten(rows)
        self.readout_live = VGroup(self.readout_head, *counters)
        self.readout = VGroup(self.readout_labels, self.readout_live)
        # colour bar: the dots' mapping, sampled
        lo, hi = self.COLOR_LOW_NATS, self.COLOR_HIGH_NATS
        height = 3.2
        # the ramp is linear in RGB, as is a two-stop gradient: the bar is the dots' mapping, exactly
        cells = Rectangle(width=0.28, height=height, stroke_width=0)
        cells.set_fill([style.ramp_color(lo, lo, hi), style.ramp_color(hi, lo, hi)], 1.0).set_sheen_direction(
            UP
        )
        cells.move_to([5.35, -0.2, 0])

        def at(v: float) -> float:
            return cells.get_bottom()[1] + (v - lo) / (hi - lo) * height

        ticks = VGroup()  # at round values: the bar's ends (0.0801, 0.801 nats) are not round
        for v in np.arange(0.2, hi + 1e-9, 0.2):
            right = cells.get_right()[0]
            ticks.add(Line([right, at(v), 0], [right + 0.1, at(v), 0]).set_stroke(style.MUTED, style.THIN))
            ticks.add(
                _label(style.fmt_fixed(v, 1), style.SMALL_SIZE, style.MUTED)
                .move_to([0, at(v), 0])
                .align_to([right + 0.2, 0, 0], LEFT)
            )
        edge = cells.get_left()[0] - 0.08, cells.get_right()[0] + 0.08
        thr = Line([edge[0], at(self.LOW_KL_NATS), 0], [edge[1], at(self.LOW_KL_NATS), 0])
        thr.set_stroke(style.INK, style.THIN)
        head = _label("total KL (nats)", style.SMALL_SIZE, style.INK).next_to(cells, UP, buff=0.25)
        tags = VGroup(
            _label("High", style.SMALL_SIZE, style.RED).next_to(thr, LEFT, buff=0.12).shift(0.2 * UP),
            _label("Low", style.SMALL_SIZE, style.GREEN).next_to(thr, LEFT, buff=0.12).shift(0.2 * DOWN),
        )
        self.colorbar = VGroup(cells, ticks, thr, head, tags)
        self.caption = _label(
            "High total KL (red) comes with a small tail share: the center carries the loss.",
            style.LABEL_SIZE,
        ).to_edge(DOWN, buff=style.MARGIN)
        fixed = (self.title, self.readout, self.colorbar, self.caption)
        self.add_fixed_in_frame_mobjects(*fixed)
        self.remove(*fixed)
        self._still = [self.title, self.readout_labels, self.colorbar]

    def get_moving_mobjects(self, *animations):
        """As Manim's, but text fixed in the frame stays in the cached static frame while the camera turns.

        Manim redraws every mobject on every frame once the camera moves; the title, the colour bar and the
        readout's labels do not move with it, and drawing them once instead of per frame saves ~40 %.
        """
        moving = super().get_moving_mobjects(*animations)
        if moving is not self.mobjects:
            return moving
        animated = {id(m) for a in animations for m in a.mobject.get_family()}

        def still(mob) -> bool:
            return (
                any(mob is m for m in self._still)
                and id(mob) not in animated
                and not mob.get_family_updaters()
            )

        return [m for m in self.mobjects if not still(m)]

    def show_frame(self, frame: float) -> int:
        """Show the points of frames 0 .. `frame` (rounded down) and return the newest one's index."""
        self.frame.set_value(frame)
        i = int(min(max(math.floor(frame + 1e-9), 0), len(self.result.frames) - 1))
        self._show_index(i)
        return i

    def _show_index(self, i: int) -> None:
        if i == self._shown:
            return
        lo, hi = sorted((self._shown + 1, i + 1))
        for k in range(lo, hi):
            self.dots[k].points = self._dot_outlines[k] if i > self._shown else np.zeros((0, 3))
        self._shown = i
        r = self.result
        point = self.dots[i].get_center()
        self.marker.move_to(point)
        self.drop.set_points_as_corners([point, self.axes.c2p(r.tail_share[i], r.center[i], 0)])
        self.read(i, "newest")

    def read(self, i: int, head: str = "lowest") -> None:
        """The readout shows frame index `i`, under the heading "newest point" or "lowest total KL"."""
        r = self.result
        self.readout_head.show(head)
        self.frame_counter.set_value(r.frames[i])
        self.tail_counter.set_value(r.tail_share[i])
        self.center_counter.set_value(r.center[i])
        self.total_counter.set_value(r.total[i])
        self.total_counter.set_color(style.GREEN if r.total[i] < self.LOW_KL_NATS else style.RED)

    def _follow_tracker(self, mob) -> None:
        self.show_frame(self.frame.get_value())
