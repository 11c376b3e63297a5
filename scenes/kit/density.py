"""The density plot of the KL sweep: the ground truth N(0, 1) with its center and tails shaded, the model's
curve for every precomputed sample of the path, and, for paper figures, one sample's plot with its read-out.
"""

from __future__ import annotations

import math as _math

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    UR,
    Animation,
    Create,
    DashedVMobject,
    FadeIn,
    Line,
    Polygon,
    Rectangle,
    VGroup,
    VMobject,
)

from mathcore.kl import SweepResult, gaussian_pdf, lowest_frame, lowest_frames
from scenes.kit import paper, style
from scenes.kit.plots import axes, nice_ceiling, smooth_curve, smooth_path, to_scene
from scenes.kit.text import label, math
from scenes.kit.widgets import flatten, one_path
from scenes.kit.words import _, t

# The shaded center and tails under the ground truth, and their legend patches: lighter than their role on
# purpose (the curves stay in front), so each keeps an outline in the role's full colour (WCAG SC 1.4.11).
REGION_OPACITY = 0.4


def formula(code: str, size: float = style.LABEL_SIZE, color: str | None = None) -> VGroup:
    """Typst math, flattened: it never changes, so it is drawn as one path per colour (ink by default)."""
    return flatten(math(code, size, color or style.INK))


class DensityPlot(VGroup):
    """Density against x: the ground truth N(0, 1) with its center and tails shaded, and the model's curve
    for every precomputed sample (`curve_points[i]`, built once; a video frame copies one row). The axes are
    `size` (width, height) scene units centred at `at`.

    Parts: `axes`, `axes_drawn`, `axis_labels`, `truth_curve`, `center_area`, `tail_areas`, `model_curve`,
    `legend`; `plot_x`, `model_pdf`, `truth_pdf` are the sampled densities (mathcore's); `minimum_marks()`
    makes the dashed copy of one sample's curve and its label.
    """

    PLOT_POINTS = 201  # samples of each drawn curve
    Y_TICK = 0.1  # density axis: tick spacing (labels every other tick)

    def __init__(
        self,
        result: SweepResult,
        grid: np.ndarray,
        center: float,
        size: tuple[float, float] = (7.4, 4.5),
        at: tuple[float, float] = (-2.4, -0.05),
    ):
        x0, x1 = float(grid[0]), float(grid[-1])
        self.result, self.center = result, center
        self.plot_x = np.union1d(np.linspace(x0, x1, self.PLOT_POINTS), [-center, center])
        self.model_pdf = gaussian_pdf(self.plot_x[None, :], result.mu[:, None], result.sigma[:, None])
        self.truth_pdf = gaussian_pdf(self.plot_x, 0.0, 1.0)  # mathcore's sweep compares with N(0, 1)
        top = max(self.model_pdf.max(), self.truth_pdf.max())
        y_top = nice_ceiling(top + self.Y_TICK / 2, self.Y_TICK)  # half a tick of room above the highest
        self.axes = ax = axes((x0, x1, 1.0), (0.0, y_top, self.Y_TICK), (0, size[0]), (0, size[1]))
        ax.move_to(np.array([*at, 0.0]))
        self._build_axes(x0, x1, y_top)
        c = center
        self.truth_curve = self._curve(self.truth_pdf, style.TRUTH)
        self.center_area = self._region(-c, c, style.CENTER)
        self.tail_areas = VGroup(
            self._region(self.plot_x[0], -c, style.TAILS), self._region(c, self.plot_x[-1], style.TAILS)
        )
        self.curve_points = smooth_path(to_scene(ax, self.plot_x[None, :], self.model_pdf))
        self.model_curve = VMobject(stroke_color=style.MODEL, stroke_width=style.STROKE)
        self.legend = self._legend()
        super().__init__(
            self.axes_drawn, self.axis_labels, self.truth_curve, self.center_area, self.tail_areas
        )

    def _build_axes(self, x0: float, x1: float, y_top: float) -> None:
        """The x axis, and a density axis at the left edge (Manim's would stand at x = 0, across the plot)."""
        ax = self.axes
        y_axis = VGroup(
            Line(ax.c2p(x0, 0), ax.c2p(x0, y_top), stroke_color=style.MUTED, stroke_width=style.THIN)
        )
        labels = VGroup()
        for v in np.arange(_math.ceil(x0), _math.floor(x1) + 1):
            labels.add(
                label(style.fmt_fixed(v, 0), style.SMALL_SIZE, style.MUTED).next_to(ax.c2p(v, 0), DOWN, 0.2)
            )
        for k in range(1, int(round(y_top / self.Y_TICK)) + 1):
            v = k * self.Y_TICK
            tick = Line(ax.c2p(x0, v), ax.c2p(x0, v) + 0.1 * LEFT)
            y_axis.add(tick.set_stroke(style.MUTED, style.HAIRLINE))
            if k % 2 == 0:
                words = label(style.fmt_fixed(v, 1), style.SMALL_SIZE, style.MUTED)
                labels.add(words.next_to(ax.c2p(x0, v), LEFT, 0.2))
        x_label = formula("x", style.LABEL_SIZE, style.MUTED).next_to(ax.c2p(x1, 0), RIGHT, buff=0.2)
        y_label = label(_("density"), style.SMALL_SIZE, style.MUTED).next_to(ax.c2p(x0, y_top), UP, buff=0.2)
        self.axes_drawn = flatten(VGroup(ax.x_axis, y_axis))
        self.axis_labels = flatten(VGroup(labels, x_label, y_label))

    def _curve(self, pdf: np.ndarray, color: str) -> VMobject:
        return smooth_curve(self.axes.coords_to_point(np.column_stack([self.plot_x, pdf])), color)

    def _region(self, lo: float, hi: float, color: str) -> Polygon:
        inside = (self.plot_x >= lo) & (self.plot_x <= hi)
        top = np.column_stack([self.plot_x[inside], self.truth_pdf[inside]])
        corners = self.axes.coords_to_point(np.vstack([top, [[hi, 0.0], [lo, 0.0]]]))
        return Polygon(
            *corners,
            stroke_color=color,
            stroke_width=style.HAIRLINE,
            fill_color=color,
            fill_opacity=REGION_OPACITY,
        )

    def _legend(self) -> VGroup:
        c = f"{self.center:g}"

        def line(color: str) -> Line:
            return Line(ORIGIN, 0.45 * RIGHT, stroke_color=color, stroke_width=style.STROKE)

        def patch(color: str) -> Rectangle:
            return Rectangle(
                width=0.45,
                height=0.24,
                stroke_color=color,
                stroke_width=style.HAIRLINE,
                fill_color=color,
                fill_opacity=REGION_OPACITY,
            )

        small = style.SMALL_SIZE
        rows = [
            (line(style.TRUTH), label(_("ground truth"), small)),
            (line(style.MODEL), label(_("model"), small)),
            (patch(style.CENTER), label(_("center"), small), formula(f"|x| < {c}", small)),
            (patch(style.TAILS), label(_("tails"), small), formula(f"|x| >= {c}", small)),
        ]
        legend = VGroup()
        for swatch, *words in rows:
            text = VGroup(*words).arrange(RIGHT, buff=0.12)
            legend.add(VGroup(swatch, text).arrange(RIGHT, buff=0.18))
        legend.arrange(DOWN, aligned_edge=LEFT, buff=0.16)
        corner = self.axes.c2p(self.plot_x[-1], self.axes.y_range[1])
        return flatten(legend.move_to(corner, aligned_edge=UR).shift(0.05 * DOWN))

    def appear(self) -> list[Animation]:
        """The plot coming in: axes and the ground truth drawn, labels and regions faded in."""
        return [
            Create(self.axes_drawn),
            FadeIn(self.axis_labels),
            Create(self.truth_curve),
            FadeIn(self.center_area),
            FadeIn(self.tail_areas),
        ]

    def show(self, i: int) -> None:
        """The model's curve at precomputed sample `i`."""
        self.model_curve.points = self.curve_points[i].copy()

    def minimum_marks(self, i: int) -> tuple[VMobject, VGroup]:
        """A dashed copy of the model at sample `i` (the lowest total KL), and its label with a pointer to the
        peak."""
        r = self.result
        curve = self._curve(self.model_pdf[i], style.MODEL).set_stroke(width=style.THIN)
        ghost = one_path(DashedVMobject(curve, num_dashes=60)).set_stroke(opacity=0.7)
        peak = self.axes.c2p(r.mu[i], self.model_pdf[i].max())
        text = VGroup(
            label(_("lowest total KL"), style.SMALL_SIZE, style.MUTED),
            label(t("{kl} nats", kl=style.fmt_sig(r.total[i], 3)), style.LABEL_SIZE, style.LOW),
            label(t("frame {frame}", frame=style.fmt_fixed(r.frames[i], 1)), style.SMALL_SIZE, style.MUTED),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        text.move_to(self.axes.c2p(self.plot_x[0], self.axes.y_range[1]), aligned_edge=UP + LEFT)
        text.shift(0.35 * RIGHT + 0.05 * DOWN)
        pointer = Line(text.get_bottom() + 0.1 * DOWN, peak + 0.1 * UP, buff=0.05)
        return ghost, VGroup(text, pointer.set_stroke(style.MUTED, style.THIN))


# --- paper figures ---------------------------------------------------------------------------------------
def split_readout(r: SweepResult, i: int, width: float) -> VGroup:
    """Under a paper figure's plot: the sample's frame and parameters, its total KL and the split, as the
    clip's read-out formats them; on two lines when one is too wide."""
    small = style.SMALL_SIZE
    mu, sigma = style.fmt_fixed(r.mu[i]), style.fmt_fixed(r.sigma[i])
    frame = style.fmt_fixed(r.frames[i], 1)
    where = label(
        t("frame {frame}:  μ = {mu},  σ = {sigma}", frame=frame, mu=mu, sigma=sigma), small, style.MUTED
    )
    total = label(t("total KL {kl} nats", kl=style.fmt_sig(r.total[i], 3)), small)
    center = label(t("center {share}", share=style.fmt_percent(r.center_share[i])), small, style.CENTER)
    tails = label(t("tails {share}", share=style.fmt_percent(r.tail_share[i])), small, style.TAILS)
    split = VGroup(total, center, tails).arrange(RIGHT, buff=0.25)
    one = VGroup(where.copy(), split.copy()).arrange(RIGHT, buff=0.4)
    if one.width <= width:
        return one
    return VGroup(where, split).arrange(DOWN, buff=0.1, aligned_edge=LEFT)


def split_panel(
    r: SweepResult, grid: np.ndarray, center: float, i: int, width: float, legend: bool = True
) -> VGroup:
    """The density plot of sample `i` (truth, model, shaded center and tails, the center |x| < `center`) with
    its read-out, `width` scene units wide."""
    height = 0.58 * width if width < 9 else 3.4

    def build(axis_width: float) -> DensityPlot:
        return DensityPlot(r, grid, center, size=(axis_width, height), at=(0.0, 0.0))

    trial = build(width / 2)
    plot = build(width - (trial.width - width / 2) - 0.02)
    plot.show(i)
    parts = [plot.axes_drawn, plot.axis_labels, plot.center_area, plot.tail_areas, plot.truth_curve]
    panel = VGroup(*parts, plot.model_curve, *([plot.legend] if legend else []))
    readout = split_readout(r, i, width).next_to(panel, DOWN, 0.25).align_to(plot.axes_drawn, LEFT)
    return VGroup(panel, readout)


def split_figures(
    name: str, r: SweepResult, grid: np.ndarray, center: float, moments: list[int]
) -> list[paper.PaperFigure]:
    """Paper figures of the samples `moments` (the minimum, the maximum): one column each, named
    `{name}_minimum_column` and `{name}_maximum_column`, and both side by side at full width
    (`{name}_full`)."""
    names = ("minimum", "maximum")
    figures = [
        paper.PaperFigure(
            f"{name}_{moment}_column",
            "column",
            split_panel(r, grid, center, i, paper.content_width("column")),
        )
        for moment, i in zip(names, moments, strict=True)
    ]
    half = (paper.content_width("full") - 0.5) / 2
    both = VGroup(*[split_panel(r, grid, center, i, half, legend=(k == 0)) for k, i in enumerate(moments)])
    figures.append(paper.PaperFigure(f"{name}_full", "full", both.arrange(RIGHT, buff=0.5)))
    return figures


# --- the sweep's lowest total KL, shared by KLSweep and KLLandscape -----------------------------------------
def lowest(clip) -> tuple[float, tuple[float, ...]]:
    """The frame of the path's lowest total KL that both KL clips show (mathcore.kl.lowest_frame), and the
    other frames where the path reaches the same total (the seed's path: its mirror images). `clip`: a KL
    clip or its class (FRAMES, GRID, CENTER)."""
    frames = lowest_frames(clip.FRAMES, grid=clip.GRID, center=clip.CENTER)
    shown = lowest_frame(clip.FRAMES, grid=clip.GRID, center=clip.CENTER)
    return shown, tuple(f for f in frames if f != shown)


def nearest_sample(frames: np.ndarray, frame: float) -> int:
    """The index of the sample in `frames` (increasing) nearest to `frame`."""
    if len(frames) == 1:
        return 0
    k = int(np.clip(np.searchsorted(frames, frame), 1, len(frames) - 1))
    return k - 1 if frame - frames[k - 1] <= frames[k] - frame else k
