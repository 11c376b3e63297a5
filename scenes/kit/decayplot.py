"""The forgetting clips' plot and the data behind it: a run's ten forgetting curves (updates made at 0 %,
10 %, … of training, each shrinking under AdamW's weight decay), their final values, the captions, and the
shared beats (the sweep that draws the curves, the final values appearing).

`forgetting_data` gathers every number a forgetting clip shows, from mathcore; the rest lays them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    AnimationGroup,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    LaggedStart,
    Line,
    Scene,
    Triangle,
    ValueTracker,
    VGroup,
    config,
    linear,
)

from mathcore.decay import (
    DEFAULT_START_FRACTIONS,
    PLAUSIBLE,
    Headline,
    TrainingRun,
    composition,
    decay_curve_sampled,
    final_decay,
    sensitivity,
    start_steps,
)
from mathcore.presets import Reading, reading
from scenes.kit import style, words
from scenes.kit.plots import axis_titles, drawn_share, polyline, spread, step_axes, tick_labels, tick_step
from scenes.kit.text import fitted, label, math
from scenes.kit.widgets import shrink_to
from scenes.kit.words import _

# Points per drawn curve: smooth at 2160p, cheap at any run length (the ends are exact steps).
CURVE_POINTS = 300

# --- layout (scene units; the frame is 14.2 × 8, origin at its centre) --------------------------------------
PLOT_LEFT, PLOT_RIGHT = -5.35, 4.75  # the step axis
PLOT_BOTTOM, PLOT_TOP = -1.1, 1.85  # decay factor 0 and 1
PLOT_BOX = (PLOT_LEFT, PLOT_RIGHT, PLOT_BOTTOM, PLOT_TOP)
FINAL_LABEL_GAP = 0.45  # from the end of the step axis to the column of final decays
BAR_WIDTH = PLOT_RIGHT - PLOT_LEFT
BAR_CENTER = np.array([(PLOT_LEFT + PLOT_RIGHT) / 2, -2.72, 0.0])
CAPTION_Y = -2.2  # the line above the bar: the decay formula, then the bar's caption
HEADER_ROOM = 0.5  # from the plot's top up to the header: the start labels and "at the end"


def plot_box(header: VGroup) -> tuple[float, float, float, float]:
    """The video's plot box, its top lowered under a header taller than the usual three lines."""
    return (PLOT_LEFT, PLOT_RIGHT, PLOT_BOTTOM, min(PLOT_TOP, header.get_bottom()[1] - HEADER_ROOM))


# --- numbers: everything shown comes from here, computed by mathcore ----------------------------------------
@dataclass(frozen=True, eq=False)
class ForgettingData:
    """What the forgetting scenes show for one run, all from mathcore: the start fractions and steps of the
    ten curves, each curve sampled (steps, factors) with exact ends, the final decays and the composition."""

    run: TrainingRun
    fractions: tuple[float, ...]
    starts: np.ndarray
    curve_steps: tuple[np.ndarray, ...]
    curve_factors: tuple[np.ndarray, ...]
    finals: np.ndarray
    shares: np.ndarray
    sensitivity: tuple[tuple[float, Headline], ...] = ()
    varied: str | None = None  # the parameter `sensitivity` varies
    reading: Reading | None = None


@lru_cache(maxsize=16)
def forgetting_data(run: TrainingRun, max_points: int = CURVE_POINTS) -> ForgettingData:
    """The run's curves (sampled to `max_points`), final decays and exact composition, from mathcore; for a
    run with an assumed value that has plausible alternatives (`mathcore.decay.PLAUSIBLE`), the headline
    numbers at those values; the preset's reading of a messy run (`mathcore.presets.READINGS`), and the
    headline numbers read the other way (the decay ending at the configured step)."""
    starts = start_steps(run, DEFAULT_START_FRACTIONS)
    sampled = [decay_curve_sampled(run, int(s), max_points) for s in starts]
    varied, values = next(((p, None) for p in run.assumed if p in PLAUSIBLE), (None, None))
    read = reading(run)
    if varied is None and read is not None:  # the other reading: the decay ends where the config put it
        varied, values = "decay_steps", [read.configured_steps]
    return ForgettingData(
        run=run,
        fractions=tuple(DEFAULT_START_FRACTIONS),
        starts=starts,
        curve_steps=tuple(s for s, __ in sampled),
        curve_factors=tuple(f for __, f in sampled),
        finals=final_decay(run, DEFAULT_START_FRACTIONS),
        shares=composition(run, parts=len(DEFAULT_START_FRACTIONS), method="exact"),
        sensitivity=sensitivity(run, varied, values) if varied else (),
        varied=varied,
        reading=read,
    )


class DecayPlot(VGroup):
    """Gradient step against cumulative decay factor, with a run's ten forgetting curves, its axes filling
    `box` = (left, right, bottom, top) in scene units (the video's layout by default; a paper figure's own).

    Parts, each a mobject of its own for the animations: `axes`, `grid`, `ticks` (tick labels),
    `axis_labels`, `curves` (ten, in start order), `start_labels` (0 %, 10 %, … at each curve's start),
    `end_dots`, `final_labels` (each curve's value at the end of training) with `leaders` and `final_header`.
    """

    def __init__(self, data: ForgettingData, box: tuple[float, float, float, float] = PLOT_BOX):
        self.data = data
        self.box = left, right, bottom, top = box
        total = data.run.total_steps
        axes = step_axes(total, (1, 0.2), (left, right), (bottom, top))
        self.axes = axes
        x_ticks = np.arange(0, total + 1, tick_step(total))
        y_ticks = np.arange(0, 1.0001, 0.2)
        self.grid = VGroup(
            *[
                Line(axes.c2p(0, y), axes.c2p(total, y), stroke_color=style.FAINT, stroke_width=style.GRID)
                for y in y_ticks[1:]
            ]
        )
        x_labels, y_labels = tick_labels(
            axes, x_ticks, y_ticks, style.fmt_steps, lambda y: style.fmt_sig(y, 1)
        )
        self.ticks = VGroup(*x_labels, *y_labels)
        self.axis_labels = axis_titles(
            axes, x_labels, y_labels, _("gradient step"), _("cumulative decay factor")
        )

        colors = style.TENTHS
        self.curves = VGroup(
            *[
                polyline(np.transpose(axes.c2p(steps, factors)), colors[i])
                for i, (steps, factors) in enumerate(zip(data.curve_steps, data.curve_factors, strict=True))
            ]
        )
        self.start_labels = VGroup(
            *[
                label(style.fmt_percent(f, 0), style.SMALL_SIZE, style.MUTED).next_to(
                    axes.c2p(s, 1), UP, 0.12
                )
                for i, (f, s) in enumerate(zip(data.fractions, data.starts, strict=True))
            ]
        )
        self.end_dots = VGroup(
            *[Dot(c.get_end(), radius=0.045, color=c.get_stroke_color()) for c in self.curves]
        )
        self.final_labels, self.leaders = self._final_labels()
        self.final_header = label(_("at the end"), style.SMALL_SIZE, style.MUTED)
        self.final_header.next_to(self.final_labels, UP, 0.2).align_to(self.final_labels, LEFT)
        self.final_header.set_y(max(self.final_header.get_y(), self.start_labels.get_y()))
        overhang = self.final_header.get_right()[0] - (config.frame_width / 2 - 0.15)
        if overhang > 0:  # longer words than "at the end": they end at the frame's edge
            self.final_header.shift(overhang * LEFT)
        above = self.final_header.get_top()[1] - (box[3] + HEADER_ROOM - 0.06)
        if above > 0 and words.language() != words.SOURCE:  # taller glyphs (Chinese): kept under the header
            self.final_header.shift(above * DOWN)  # (English sits a hair higher, as it always has)
        super().__init__(
            self.grid,
            self.axes,
            self.ticks,
            self.axis_labels,
            self.curves,
            self.start_labels,
            self.end_dots,
            self.leaders,
            self.final_labels,
            self.final_header,
        )

    @property
    def frame(self) -> VGroup:
        """The parts that do not depend on the curves: axes, grid, tick and axis labels."""
        return VGroup(self.grid, self.axes, self.ticks, self.axis_labels)

    def _final_labels(self) -> tuple[VGroup, VGroup]:
        """One label per curve at the right of the axes, spread vertically so none overlap, each tied to
        its curve's end by a thin leader."""
        labels = [
            label(style.fmt_sig(v, 3), style.SMALL_SIZE, style.INK) for i, v in enumerate(self.data.finals)
        ]
        ends = np.array([c.get_end() for c in self.curves])
        order = np.argsort(ends[:, 1], kind="stable")
        heights = np.array([labels[i].height for i in order])
        __, right, bottom, top = self.box
        ys = spread(ends[order, 1], heights, 0.07, bottom + 0.05, top + 0.1)
        leaders = [None] * len(labels)
        for i, y in zip(order, ys, strict=True):
            labels[i].move_to([right + FINAL_LABEL_GAP, y, 0], aligned_edge=LEFT)
            leaders[i] = Line(
                ends[i] + 0.06 * RIGHT,
                labels[i].get_left() + 0.06 * LEFT,
                stroke_color=style.TENTHS[i],
                stroke_width=style.HAIRLINE,
                stroke_opacity=0.8,
            )
        return VGroup(*labels), VGroup(*leaders)


def decay_caption() -> VGroup:
    """Below the plot during the sweep: what a curve is."""
    words = label(_("an update made at step s is left with"), style.LABEL_SIZE)
    formula = math("product_(t = s)^n (1 - eta_t lambda)", style.LABEL_SIZE)
    tail = label(_("of its size by step n"), style.LABEL_SIZE)
    note = label(_("η: learning rate,  λ: weight decay"), style.SMALL_SIZE, style.MUTED)
    line = VGroup(words, formula, tail).arrange(RIGHT, buff=0.2)
    room = 2 * (config.frame_width / 2 - style.MARGIN - abs(BAR_CENTER[0]))  # centred on the bar
    shrink_to(line, room, style.LABEL_SIZE)  # a longer language
    group = VGroup(line, note).arrange(DOWN, buff=0.15)
    return group.move_to([BAR_CENTER[0], (CAPTION_Y + BAR_CENTER[1]) / 2 - 0.1, 0])


def bar_caption(text: str | None = None) -> VGroup:
    """Above the composition bar."""
    room = config.frame_width - 2 * style.MARGIN
    caption = fitted(text or _("share of the final weights from each tenth of training"), room, centred=True)
    return caption.move_to([BAR_CENTER[0], CAPTION_Y, 0])


# --- shared beats -------------------------------------------------------------------------------------------
def play_sweep(scene: Scene, plot: DecayPlot, seconds: float) -> None:
    """A "now" line sweeps from step 0 to the end; each curve is born when the line reaches its start step and
    is drawn up to the line, so all curves decay together. One updater moves the line and trims the curves."""
    axes, data = plot.axes, plot.data
    last = float(data.curve_steps[0][-1])
    tracker = ValueTracker(0.0)
    line = Line(
        axes.c2p(0, 0), axes.c2p(0, 1), stroke_color=style.INK, stroke_width=style.THIN, stroke_opacity=0.7
    )
    marker = Triangle(color=style.INK, fill_opacity=1, stroke_width=0).scale(0.07).next_to(line, DOWN, 0.0)
    now = VGroup(line, marker)
    full = [c.copy() for c in plot.curves]
    born: list[int] = []

    def follow(group: VGroup) -> None:
        t = tracker.get_value()
        group.set_x(axes.c2p(t, 0)[0])
        for i in born:
            plot.curves[i].pointwise_become_partial(full[i], 0, drawn_share(data.curve_steps[i], t))
            plot.end_dots[i].move_to(plot.curves[i].get_end())

    now.add_updater(follow)
    scene.play(FadeIn(now), run_time=0.4)
    for i, start in enumerate(data.starts):
        stop = float(data.starts[i + 1]) if i + 1 < len(data.starts) else last
        born.append(i)
        follow(now)
        scene.add(plot.curves[i], plot.end_dots[i])
        scene.play(
            tracker.animate.set_value(stop),
            FadeIn(plot.start_labels[i], shift=0.1 * DOWN),
            run_time=seconds * (stop - start) / last,
            rate_func=linear,
        )
    now.remove_updater(follow)
    for curve, template in zip(plot.curves, full, strict=True):
        curve.set_points(template.points)  # exactly the full curve, whatever the last frame's rounding
    scene.remove(tracker)  # play() added it; it is no picture
    scene.play(FadeOut(now), run_time=0.4)


def show_final_values(plot: DecayPlot) -> AnimationGroup:
    """The final decays appear beside the curves' ends."""
    return AnimationGroup(
        FadeIn(plot.final_header),
        LaggedStart(
            *[
                AnimationGroup(Create(lead), FadeIn(lab, shift=0.1 * RIGHT))
                for lead, lab in zip(plot.leaders, plot.final_labels, strict=True)
            ],
            lag_ratio=0.15,
        ),
        run_time=1.5,
    )
