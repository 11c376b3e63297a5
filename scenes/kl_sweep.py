"""Where does KL(ground truth ‖ model) come from? A model Gaussian sweeps past N(0, 1) (seed 000, part 2).

- `KLSweep`: the model moves along the seed's path over its 89 frames; live counters show which share of the
  KL divergence comes from the center |x| < 2 and which from the tails, the total in nats with a Low/High
  tag, and the frame of the lowest total KL is marked when the sweep reaches it and again at the end.
- `KLLandscape`: the same sweep as points (tail share, center KL, total KL), one per frame, coloured green
  (low total KL) to red (high) in slowly turning 3-D axes.

Every number is read from `mathcore.kl.sweep`, computed once for the whole path (fractional frames for smooth
motion). Per video frame the clips only index those arrays and move points: no text is typeset, no axes are
rebuilt, the curve is updated in place.
"""

from __future__ import annotations

import math as _math

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
    Circle,
    Circumscribe,
    Create,
    DashedVMobject,
    Dot,
    FadeIn,
    FadeOut,
    Line,
    Polygon,
    Rectangle,
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
from scenes.kit import paper, style
from scenes.kit.bars import RampBar
from scenes.kit.base import LectureScene, LectureScene3D
from scenes.kit.plots import axes, nice_ceiling, smooth_curve, smooth_path, to_scene
from scenes.kit.text import label, math
from scenes.kit.widgets import GlyphCounter, Header, OutlineSwitch, flatten, one_path, readout_row

# The shaded center and tails under the ground truth, and their legend patches: lighter than their role on
# purpose (the curves stay in front), so each keeps an outline in the role's full colour (WCAG SC 1.4.11).
REGION_OPACITY = 0.4
LOW_KL_NATS = float(seed_units_to_nats(SEED_LOW_KL_THRESHOLD, SEED_GRID))  # the seed's 25, in nats
SWEEP_SOURCES = (
    "the sweep, its shares and totals: mathcore.kl.sweep on the seed's grid (seed notebook 000, part 2)",
    "the Low/High threshold: the seed's threshold in nats, mathcore.kl.seed_units_to_nats",
)


def formula(code: str, size: float = style.LABEL_SIZE, color: str = style.INK) -> VGroup:
    """Typst math, flattened: it never changes, so it is drawn as one path per colour."""
    return flatten(math(code, size, color))


# --- the sweep: its pieces -------------------------------------------------------------------------------
class DensityPlot(VGroup):
    """Density against x: the ground truth N(0, 1) with its center and tails shaded, and the model's curve
    for every precomputed sample (`curve_points[i]`, built once; a video frame copies one row). The axes are
    `size` (width, height) scene units centred at `at`.

    Parts: `axes`, `axes_drawn`, `axis_labels`, `truth_curve`, `center_area`, `tail_areas`, `model_curve`,
    `legend`; `plot_x`, `model_pdf`, `truth_pdf` are the sampled densities (mathcore's).
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
        self.center = center
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
        y_label = label("density", style.SMALL_SIZE, style.MUTED).next_to(ax.c2p(x0, y_top), UP, buff=0.2)
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
            (line(style.TRUTH), label("ground truth", small)),
            (line(style.MODEL), label("model", small)),
            (patch(style.CENTER), label("center", small), formula(f"|x| < {c}", small)),
            (patch(style.TAILS), label("tails", small), formula(f"|x| >= {c}", small)),
        ]
        legend = VGroup()
        for swatch, *words in rows:
            text = VGroup(*words).arrange(RIGHT, buff=0.12)
            legend.add(VGroup(swatch, text).arrange(RIGHT, buff=0.18))
        legend.arrange(DOWN, aligned_edge=LEFT, buff=0.16)
        corner = self.axes.c2p(self.plot_x[-1], self.axes.y_range[1])
        return flatten(legend.move_to(corner, aligned_edge=UR).shift(0.05 * DOWN))

    def show(self, i: int) -> None:
        """The model's curve at precomputed sample `i`."""
        self.model_curve.points = self.curve_points[i].copy()


class KLPanel(VGroup):
    """The right column: the formula, the model's parameters, the center/tail shares of the KL with a bar
    that splits like them, and the total in nats with its Low/High tag.

    `static` never changes (one path per colour); `counters`, `center_bar`, `tail_bar`, `level_tag` change
    every frame through :meth:`show`; `kl_row` is what the minimum beat circles.
    """

    LEFT, RIGHT = 2.45, 6.75

    def __init__(self, result: SweepResult, low_kl: float):
        self.result, self.low_kl = result, low_kl
        left, right = self.LEFT, self.RIGHT
        r = result

        def row(name, y, counter=None, unit="", baseline=True) -> VGroup:
            return readout_row(name, y, left, right - 0.95, counter, unit, baseline=baseline)

        head = formula('D_"KL" (p || q) = integral (p ln p/q - p + q) dif x', 16.5)
        head.move_to(np.array([(left + right) / 2, 2.45, 0.0]))
        names = label("p: ground truth,  q: model", style.SMALL_SIZE, style.MUTED).next_to(
            head, DOWN, buff=0.18
        )

        self.frame_counter = GlyphCounter(lambda v: style.fmt_fixed(v, 1), r.frames[0], slots=5)
        self.mu_counter = GlyphCounter(style.fmt_fixed, r.mu[0], slots=5)
        self.sigma_counter = GlyphCounter(style.fmt_fixed, r.sigma[0], slots=5)
        self.center_counter = GlyphCounter(style.fmt_percent, r.center_share[0], slots=7)
        self.tail_counter = GlyphCounter(style.fmt_percent, r.tail_share[0], slots=7)
        self.kl_counter = GlyphCounter(lambda v: style.fmt_sig(v, 3), r.total[0], slots=5)

        last = style.fmt_fixed(float(r.frames[-1]), 0)
        rows = VGroup(
            row(label("frame"), 1.15, self.frame_counter, f"of {last}"),
            row(formula("mu"), 0.62, self.mu_counter, baseline=False),
            row(formula("sigma"), 0.09, self.sigma_counter, baseline=False),
            row(label("share of the KL", style.SMALL_SIZE, style.MUTED), -0.62),
            row(label("center", color=style.CENTER), -1.1, self.center_counter),
            row(label("tails", color=style.TAILS), -1.6, self.tail_counter),
            row(label("total KL"), -2.78, self.kl_counter, "nats"),
        )
        rules = VGroup(
            *[Line([left, y, 0], [right, y, 0]).set_stroke(style.FAINT, style.THIN) for y in (-0.27, -2.4)]
        )
        self.bar_box = (left, -2.14, right, -1.92)  # x0, y0, x1, y1 of the share bar
        self.center_bar = Polygon(*[ORIGIN] * 4, stroke_width=0, fill_color=style.CENTER, fill_opacity=0.85)
        self.tail_bar = Polygon(*[ORIGIN] * 4, stroke_width=0, fill_color=style.TAILS, fill_opacity=0.85)
        shown = style.fmt_sig(low_kl, 2)
        threshold = label(
            f"threshold {style.relation(low_kl, shown)} {shown} nats", style.SMALL_SIZE, style.MUTED
        )
        row(threshold, -3.3)
        threshold.align_to(rows[-1][-1], RIGHT)
        tags = {"Low": label("Low", color=style.LOW), "High": label("High", color=style.HIGH)}
        for tag in tags.values():
            row(tag, -3.3).align_to(threshold, DOWN)
        self.level_tag = OutlineSwitch(tags, "Low")
        self.static = flatten(VGroup(head, names, rows, rules, threshold))
        self.counters = VGroup(
            self.frame_counter,
            self.mu_counter,
            self.sigma_counter,
            self.center_counter,
            self.tail_counter,
            self.kl_counter,
        )
        self.kl_row = VGroup(rows[-1], self.kl_counter, self.level_tag, threshold)
        self._state: tuple = ()
        super().__init__(self.static, self.counters, self.center_bar, self.tail_bar, self.level_tag)

    def show(self, i: int) -> None:
        """Every read-out at precomputed sample `i`."""
        r = self.result
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
        state = (bool(r.center_share[i] >= r.tail_share[i]), bool(r.total[i] < self.low_kl))
        if state != self._state:  # colours change only when an order or the Low/High side flips
            self._state = state
            center_larger, low = state
            self.center_counter.set_color(style.CENTER if center_larger else style.MUTED)
            self.tail_counter.set_color(style.MUTED if center_larger else style.TAILS)
            self.kl_counter.set_color(style.LOW if low else style.HIGH)
            self.level_tag.show("Low" if low else "High")


# --- the sweep -----------------------------------------------------------------------------------------
# --- paper figures --------------------------------------------------------------------------------------
def split_readout(r: SweepResult, i: int, width: float) -> VGroup:
    """Under a paper figure's plot: the sample's frame and parameters, its total KL and the split, as the
    clip's read-out formats them; on two lines when one is too wide."""
    small = style.SMALL_SIZE
    mu, sigma = style.fmt_fixed(r.mu[i]), style.fmt_fixed(r.sigma[i])
    where = label(f"frame {style.fmt_fixed(r.frames[i], 1)}:  μ = {mu},  σ = {sigma}", small, style.MUTED)
    total = label(f"total KL {style.fmt_sig(r.total[i], 3)} nats", small)
    center = label(f"center {style.fmt_percent(r.center_share[i])}", small, style.CENTER)
    tails = label(f"tails {style.fmt_percent(r.tail_share[i])}", small, style.TAILS)
    split = VGroup(total, center, tails).arrange(RIGHT, buff=0.25)
    one = VGroup(where.copy(), split.copy()).arrange(RIGHT, buff=0.4)
    if one.width <= width:
        return one
    return VGroup(where, split).arrange(DOWN, buff=0.1, aligned_edge=LEFT)


def split_panel(cls: type, r: SweepResult, i: int, width: float, legend: bool = True) -> VGroup:
    """The density plot of sample `i` (truth, model, shaded center and tails) with its read-out, `width`
    scene units wide."""
    height = 0.58 * width if width < 9 else 3.4

    def build(axis_width: float) -> DensityPlot:
        return DensityPlot(r, cls.GRID, cls.CENTER, size=(axis_width, height), at=(0.0, 0.0))

    trial = build(width / 2)
    plot = build(width - (trial.width - width / 2) - 0.02)
    plot.show(i)
    parts = [plot.axes_drawn, plot.axis_labels, plot.center_area, plot.tail_areas, plot.truth_curve]
    panel = VGroup(*parts, plot.model_curve, *([plot.legend] if legend else []))
    readout = split_readout(r, i, width).next_to(panel, DOWN, 0.25).align_to(plot.axes_drawn, LEFT)
    return VGroup(panel, readout)


class KLSweep(LectureScene):
    """A model Gaussian sweeps past the ground truth N(0, 1); live center/tail shares of KL and the total."""

    FRAMES = SEED_FRAMES  # the path's frames 0 .. FRAMES - 1
    SAMPLES_PER_FRAME = 10  # precomputed samples per frame: the tracker's fractional frames read these
    GRID = SEED_GRID  # where the KL integral is evaluated (the seed's grid)
    CENTER = 2.0  # the center region is |x| < CENTER
    LOW_KL_NATS = LOW_KL_NATS
    SECONDS_PER_FRAME = 0.13  # sweep speed at normal playback
    SECONDS = 19

    @classmethod
    def compute_sweep(cls) -> SweepResult:
        """The KL split for every sample of the path; a subclass with another path overrides this."""
        n = (cls.FRAMES - 1) * cls.SAMPLES_PER_FRAME + 1
        return sweep(np.linspace(0, cls.FRAMES - 1, n), grid=cls.GRID, center=cls.CENTER)

    @classmethod
    def describe(cls) -> str:
        r = cls.compute_sweep()
        i = r.min_index
        return (
            f"A model Gaussian sweeps past N(0, 1); live center/tail shares of the KL and the total, lowest"
            f" {style.fmt_sig(r.total[i], 3)} nats at frame {style.fmt_fixed(r.frames[i], 1)}"
        )

    @classmethod
    def paper_figures(cls) -> list[paper.PaperFigure]:
        """The KL split at the lowest and at the highest total KL of the path (the clip's takeaway in two
        pictures): one column each, and both side by side at full width."""
        r = cls.compute_sweep()
        moments = {"minimum": r.min_index, "maximum": int(np.argmax(r.total))}
        figures = [
            paper.PaperFigure(
                f"{cls.__name__}_{name}_column",
                "column",
                split_panel(cls, r, i, paper.content_width("column")),
            )
            for name, i in moments.items()
        ]
        half = (paper.content_width("full") - 0.5) / 2
        both = VGroup(
            *[split_panel(cls, r, i, half, legend=(k == 0)) for k, i in enumerate(moments.values())]
        )
        figures.append(paper.PaperFigure(f"{cls.__name__}_full", "full", both.arrange(RIGHT, buff=0.5)))
        return figures

    @classmethod
    def sources(cls) -> tuple[str, ...]:
        return SWEEP_SOURCES

    def index_of(self, frame: float) -> int:
        """The precomputed sample nearest to the (fractional) frame index."""
        i = round((frame - float(self.result.frames[0])) * self.SAMPLES_PER_FRAME)
        return int(min(max(i, 0), len(self.result.frames) - 1))

    # --- the clip's script --------------------------------------------------------------------------------
    def construct(self) -> None:
        self.prepare()
        r, c = self.result, f"{self.CENTER:g}"
        low = style.fmt_sig(self.LOW_KL_NATS, 2)
        level = "Low" if r.total[0] < self.LOW_KL_NATS else "High"
        self.beat(
            f"The curve that stays put is the ground truth p = N(0, 1); its center, x between −{c} and {c},"
            " and its tails outside are shaded. The moving curve is the model q, starting at μ ="
            f" {style.fmt_fixed(r.mu[0])} and σ = {style.fmt_fixed(r.sigma[0])}. The panel splits KL(p ‖ q)"
            f" into what the center and the tails contribute: now {style.fmt_percent(r.center_share[0])}"
            f" center, {style.fmt_percent(r.tail_share[0])} tails, {style.fmt_sig(r.total[0], 3)} nats in"
            f" total: {level} against the threshold of {style.relation(self.LOW_KL_NATS, low)} {low} nats."
        )
        self.intro()
        i = r.min_index
        self.beat(
            "The model moves along its path, shifting and widening; watch the two shares trade places. It"
            f" stops where the total is lowest: {style.fmt_sig(r.total[i], 3)} nats at frame"
            f" {style.fmt_fixed(r.frames[i], 1)}, with μ = {style.fmt_fixed(r.mu[i])} and σ ="
            f" {style.fmt_fixed(r.sigma[i])}. The path never passes through N(0, 1) itself, so even the best"
            f" fit costs something, and there the tails carry {style.fmt_percent(r.tail_share[i])} of it."
        )
        self.sweep_to(r.min_frame)
        self.mark_minimum()
        self.beat(self.takeaway_note())
        self.sweep_to(self.FRAMES - 1, FadeOut(self.min_label, run_time=0.4))
        self.conclude()

    def takeaway_note(self) -> str:
        """The last beat's note: the worst fit, and how large the tail share gets when the total is high."""
        r = self.result
        j = int(np.argmax(r.total))
        note = (
            f"On to frame {style.fmt_fixed(r.frames[-1], 0)}, the end of the path. The total climbs to"
            f" {style.fmt_sig(r.total[j], 3)} nats near frame {style.fmt_fixed(r.frames[j], 1)}, and there"
            f" the center carries {style.fmt_percent(r.center_share[j])} of it: a model that is badly wrong"
            " is wrong mostly where the probability mass is."
        )
        high = r.total >= self.LOW_KL_NATS
        if high.any():
            note += (
                f" Whenever the total is High, the tails carry at most"
                f" {style.fmt_percent(float(r.tail_share[high].max()))}."
            )
        return note + " Back at the minimum, the takeaway: a large tail share comes only with a small total."

    def prepare(self) -> None:
        """All numbers (from mathcore, once) and all mobjects; nothing is on screen yet."""
        self.result = r = self.compute_sweep()
        self.frame = ValueTracker(0.0)
        self.title = Header("Where does the KL divergence come from?", align="left")
        self.plot = DensityPlot(r, self.GRID, self.CENTER)
        self.axes, self.plot_x, self.model_pdf = self.plot.axes, self.plot.plot_x, self.plot.model_pdf
        self.model_curve = self.plot.model_curve
        self.panel = KLPanel(r, self.LOW_KL_NATS)
        for name in ("frame_counter", "mu_counter", "sigma_counter", "center_counter", "tail_counter"):
            setattr(self, name, getattr(self.panel, name))
        self.kl_counter = self.panel.kl_counter
        self.ghost, self.min_label = self._minimum_marks()
        self.caption = VGroup(
            label("High total KL sits mostly in the center;"),
            label("a large tail share comes only with a small total."),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        self.caption.to_edge(DOWN, buff=style.MARGIN).to_edge(LEFT, buff=style.MARGIN + 0.1)
        self.show_frame(0.0)

    def _minimum_marks(self) -> tuple[VMobject, VGroup]:
        """A dashed copy of the model at the lowest total KL, and its label with a pointer to the peak."""
        r, plot = self.result, self.plot
        i = r.min_index
        curve = plot._curve(plot.model_pdf[i], style.MODEL).set_stroke(width=style.THIN)
        ghost = one_path(DashedVMobject(curve, num_dashes=60)).set_stroke(opacity=0.7)
        peak = self.axes.c2p(r.mu[i], plot.model_pdf[i].max())
        text = VGroup(
            label("lowest total KL", style.SMALL_SIZE, style.MUTED),
            label(f"{style.fmt_sig(r.total[i], 3)} nats", style.LABEL_SIZE, style.LOW),
            label(f"frame {style.fmt_fixed(r.frames[i], 1)}", style.SMALL_SIZE, style.MUTED),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        text.move_to(self.axes.c2p(plot.plot_x[0], self.axes.y_range[1]), aligned_edge=UP + LEFT)
        text.shift(0.35 * RIGHT + 0.05 * DOWN)
        pointer = Line(text.get_bottom() + 0.1 * DOWN, peak + 0.1 * UP, buff=0.05)
        return ghost, VGroup(text, pointer.set_stroke(style.MUTED, style.THIN))

    # --- live update ------------------------------------------------------------------------------------
    def show_frame(self, frame: float) -> int:
        """Put the scene at (fractional) frame `frame` and return the precomputed sample index it shows."""
        self.frame.set_value(frame)
        i = self.index_of(frame)
        self._show_index(i)
        return i

    def _show_index(self, i: int, curve: bool = True) -> None:
        if curve:
            self.plot.show(i)
        self.panel.show(i)

    def level(self) -> str:
        """The tag on screen now: "Low" or "High"."""
        return self.panel.level_tag.key

    def _follow_tracker(self, mob) -> None:
        self._show_index(self.index_of(self.frame.get_value()))

    # --- beats --------------------------------------------------------------------------------------------
    def intro(self) -> None:
        plot, panel = self.plot, self.panel
        self.play(
            FadeIn(self.title, shift=0.2 * DOWN),
            Create(plot.axes_drawn),
            FadeIn(plot.axis_labels),
            Create(plot.truth_curve),
            FadeIn(plot.center_area),
            FadeIn(plot.tail_areas),
            run_time=1.4,
        )
        self.live = VGroup(
            self.model_curve, panel.counters, panel.center_bar, panel.tail_bar, panel.level_tag
        )
        readouts = VGroup(*self.live[1:])
        self.play(
            FadeIn(plot.legend),
            FadeIn(panel.static),
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
        run_time = max(distance * self.SECONDS_PER_FRAME, 0.5)
        self.play(self.frame.animate(run_time=run_time, rate_func=smooth).set_value(frame), *also)
        self.live.remove_updater(self._follow_tracker)
        self.show_frame(frame)

    def mark_minimum(self) -> None:
        """The sweep stops at the lowest total KL: a dashed copy of the model stays, its value is labelled."""
        # just below the live group: behind the model curve, and after everything that never moves
        self.mobjects.insert(self.mobjects.index(self.live), self.ghost)
        self.play(
            FadeIn(self.ghost),
            FadeIn(self.min_label),
            Circumscribe(self.panel.kl_row, color=style.LOW, buff=0.1),
            run_time=1.2,
        )
        self.wait(0.8)

    def conclude(self) -> None:
        """Back to the minimum (the model, the counters, the label), then the takeaway."""
        i = self.end_index = self.result.min_index
        self.frame.set_value(float(self.result.frames[i]))
        self._show_index(i, curve=False)
        target = VMobject(stroke_color=style.MODEL, stroke_width=style.STROKE)
        target.points = self.plot.curve_points[i].copy()
        self.play(
            Transform(self.model_curve, target, run_time=1.0),
            FadeOut(self.ghost, run_time=1.0),
            FadeIn(self.min_label, run_time=0.8),
            FadeIn(self.caption, run_time=1.2),
        )
        self.wait(1.8)


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
            ("tail share", ax.c2p(x_top * 1.2, 0, 0)),
            ("center KL (nats)", ax.c2p(0, y_top * 1.5, 0)),
            ("total KL (nats)", ax.c2p(0, 0, z_top * 1.16)),
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


class PointReadout(VGroup):
    """The landscape's read-out, fixed in the frame: one point's frame, tail share, center and total KL,
    under the heading "newest point" or "lowest total KL (ringed)". `labels` never change; `live` (the
    heading and the counters) change through :meth:`show`."""

    def __init__(self, r: SweepResult, low_kl: float):
        self.result, self.low_kl = r, low_kl
        small = style.SMALL_SIZE

        def counter(fmt, value: float, slots: int) -> GlyphCounter:
            return GlyphCounter(fmt, value, slots=slots, font_size=small)

        self.frame_counter = counter(lambda v: f"{v:.0f}", r.frames[0], 3)
        self.tail_counter = counter(style.fmt_percent, r.tail_share[0], 7)
        self.center_counter = counter(lambda v: style.fmt_sig(v, 3), r.center[0], 6)
        self.total_counter = counter(lambda v: style.fmt_sig(v, 3), r.total[0], 6)
        rows = VGroup()
        for k, (name, count, unit) in enumerate(
            (
                ("frame", self.frame_counter, f"of {r.frames[-1]}"),
                ("tail share", self.tail_counter, ""),
                ("center KL", self.center_counter, "nats"),
                ("total KL", self.total_counter, "nats"),
            )
        ):
            words = label(name, small, style.MUTED)
            y = 1.55 - 0.42 * k
            rows.add(*readout_row(words, y, -6.65, -4.0, count, unit, unit_size=small, unit_gap=0.1))
        heads = {
            "newest": label("newest point", small, style.MUTED),
            "lowest": label("lowest total KL (ringed)", small, style.LOW),
        }
        for head in heads.values():
            head.next_to(rows[0], UP, buff=0.3).align_to(rows[0], LEFT)
        self.head = OutlineSwitch(heads, "newest")
        counters = (self.frame_counter, self.tail_counter, self.center_counter, self.total_counter)
        self.labels = flatten(rows)
        self.live = VGroup(self.head, *counters)
        super().__init__(self.labels, self.live)

    def show(self, i: int, head: str) -> None:
        r = self.result
        self.head.show(head)
        self.frame_counter.set_value(r.frames[i])
        self.tail_counter.set_value(r.tail_share[i])
        self.center_counter.set_value(r.center[i])
        self.total_counter.set_value(r.total[i])
        self.total_counter.set_color(style.LOW if r.total[i] < self.low_kl else style.HIGH)


# --- the landscape --------------------------------------------------------------------------------------
class KLLandscape(LectureScene3D):
    """The sweep as points (tail share, center KL, total KL), one per frame, green (low KL) to red (high)."""

    FRAMES = SEED_FRAMES
    GRID = SEED_GRID
    CENTER = 2.0
    LOW_KL_NATS = LOW_KL_NATS
    COLOR_LOW_NATS = float(seed_units_to_nats(SEED_COLOR_LOW, SEED_GRID))  # green at or below
    COLOR_HIGH_NATS = float(seed_units_to_nats(SEED_COLOR_HIGH, SEED_GRID))  # red at or above
    SECONDS_PER_FRAME = 0.09
    PHI, THETA = 70 * DEGREES, -150 * DEGREES  # camera at the start
    ROTATION_RATE = 0.05  # radians per second: ends near theta = -115 degrees, tail share left to right
    SECONDS = 13

    @classmethod
    def compute_sweep(cls) -> SweepResult:
        """One point per frame 0 .. FRAMES - 1; a subclass with another path overrides this."""
        return sweep(cls.FRAMES, grid=cls.GRID, center=cls.CENTER)

    @classmethod
    def describe(cls) -> str:
        return (
            f"The same sweep as {style.fmt_int(cls.FRAMES)} points (tail share, center KL, total KL) in"
            " slowly turning 3-D axes"
        )

    @classmethod
    def sources(cls) -> tuple[str, ...]:
        return SWEEP_SOURCES

    def color(self, total: float) -> str:
        return style.ramp_color(total, self.COLOR_LOW_NATS, self.COLOR_HIGH_NATS)

    def construct(self) -> None:
        self.prepare()
        r, low = self.result, style.fmt_sig(self.LOW_KL_NATS, 2)
        self.beat(
            "The same sweep, one point per frame, in three dimensions: across, the tail share of the KL; in"
            " depth, the center's KL; up, the total KL, both in nats. A point's colour follows its total"
            f" (the bar at the right): Low below the threshold of {style.relation(self.LOW_KL_NATS, low)}"
            f" {low} nats, High above."
        )
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
        i = r.min_index
        self.beat(
            f"The {style.fmt_int(len(r.frames))} points appear one per frame while the axes turn; the"
            " read-out follows the newest point, whose height above the floor is its total. At the end the"
            f" lowest total is ringed: frame {r.frames[i]:.0f}, {style.fmt_sig(r.total[i], 3)} nats, with a"
            f" tail share of {style.fmt_percent(r.tail_share[i])}."
        )
        self.begin_ambient_camera_rotation(rate=self.ROTATION_RATE)
        self.add(self.dots, self.marker, self.drop)
        self.dots.add_updater(self._follow_tracker)
        run_time = (self.FRAMES - 1) * self.SECONDS_PER_FRAME
        self.play(self.frame.animate.set_value(self.FRAMES - 1), run_time=run_time, rate_func=linear)
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
        j = int(np.argmax(r.total))
        self.beat(
            "The takeaway: the highest points all stand at small tail shares. The highest,"
            f" {style.fmt_sig(r.total[j], 3)} nats at frame {r.frames[j]:.0f}, has a tail share of only"
            f" {style.fmt_percent(r.tail_share[j])}: when the total KL is high, the center carries the loss."
        )
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
        self.box = SweepBox(self.result)
        self.axes, self.axes_drawn, self.axis_labels = self.box.axes, self.box.axes_drawn, self.box.labels
        self.add_fixed_orientation_mobjects(*self.axis_labels, use_static_center_func=True)  # face the camera
        self.remove(*self.axis_labels)

    def _build_points(self) -> None:
        r = self.result
        points = self.axes.coords_to_point(np.column_stack([r.tail_share, r.center, r.total]))
        self.dots = VGroup(
            *[Dot(p, radius=0.07, fill_color=self.color(k)) for p, k in zip(points, r.total, strict=True)]
        )
        self.marker = Circle(radius=0.15, stroke_color=style.INK, stroke_width=style.THIN).move_to(points[0])
        # from the newest point down to the floor (total KL = 0): its height is the total
        self.drop = Line(points[0], points[0], stroke_color=style.MUTED, stroke_width=style.HAIRLINE)
        self.min_mark = Circle(radius=0.17, stroke_color=style.LOW, stroke_width=style.STROKE)
        self.min_mark.move_to(points[r.min_index])
        # Points turn to face the camera; those that never move keep a center computed once, not per frame.
        self.add_fixed_orientation_mobjects(*self.dots, self.min_mark, use_static_center_func=True)
        self.add_fixed_orientation_mobjects(self.marker)
        self.remove(*self.dots, self.marker, self.min_mark)
        # a hidden point has no outline (not a transparent one): it costs nothing to draw
        self._dot_outlines = [dot.points.copy() for dot in self.dots]
        for dot in self.dots:
            dot.points = np.zeros((0, 3))
        self.floor = self.box.floor

    def _build_frame_text(self) -> None:
        self.title = Header("Every frame of the sweep as a point", align="left")
        self.readout = PointReadout(self.result, self.LOW_KL_NATS)
        self.readout_labels, self.readout_live = self.readout.labels, self.readout.live
        for name in ("frame_counter", "tail_counter", "center_counter", "total_counter"):
            setattr(self, name, getattr(self.readout, name))
        self.colorbar = RampBar(
            self.COLOR_LOW_NATS,
            self.COLOR_HIGH_NATS,
            self.color,
            tick=0.2,  # at round values: the bar's ends (0.0801, 0.801 nats) are not round
            heading="total KL (nats)",
            threshold=self.LOW_KL_NATS,
            below=("Low", style.LOW),
            above=("High", style.HIGH),
        )
        self.colorbar.shift(np.array([5.35, -0.2, 0]) - self.colorbar.cells.get_center())
        self.caption = label(
            "High total KL (red) comes with a small tail share: the center carries the loss."
        )
        self.caption.to_edge(DOWN, buff=style.MARGIN)
        fixed = (self.title, self.readout, self.colorbar, self.caption)
        self.add_fixed_in_frame_mobjects(*fixed)
        self.remove(*fixed)
        self.still = [self.title, self.readout_labels, self.colorbar]  # drawn once while the camera turns

    def show_frame(self, frame: float) -> int:
        """Show the points of frames 0 .. `frame` (rounded down) and return the newest one's index."""
        self.frame.set_value(frame)
        i = int(min(max(_math.floor(frame + 1e-9), 0), len(self.result.frames) - 1))
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
        self.readout.show(i, head)

    def _follow_tracker(self, mob) -> None:
        self.show_frame(self.frame.get_value())
