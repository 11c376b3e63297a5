"""Forgetting under AdamW: how much of an early update survives, and what the final weights are made of.

AdamW multiplies the weights by (1 − η_t·λ) at every step, so an update made early is shrunk again and again
until the end of training. For each preset run (mathcore.presets.RUNS) the clips draw the ten "forgetting
curves" of updates made at 0 %, 10 %, …, 90 % of training, then the composition bar: the exact share of the
final weights that each tenth of training contributes. ForgettingAcrossRuns walks through all five runs and
ends on their composition bars stacked.

Every number on screen comes from mathcore (decay curves, final decays, composition shares, the runs'
hyperparameters) and is formatted with scenes.kit.style. Only sampled arrays (a few hundred points per
curve) reach the clip, so a run of 10^6 or 10^8 steps costs the renderer what a run of 5000 steps does.

A clip for another run is three lines (or a [runs.NAME] table in talk.toml):

    class ForgettingMyRun(ForgettingScene):
        RUN = TrainingRun("My run", total_steps=10**6, warmup_steps=2000, max_lr=3e-4, min_lr=3e-5,
                          weight_decay=0.1, schedule="linear", source="my notes")
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

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
    FadeTransform,
    LaggedStart,
    Line,
    ReplacementTransform,
    Triangle,
    ValueTracker,
    VGroup,
    config,
    linear,
)

from mathcore.decay import (
    DEFAULT_START_FRACTIONS,
    TrainingRun,
    composition,
    decay_curve_sampled,
    final_decay,
    start_steps,
)
from mathcore.presets import RUNS
from scenes.kit import paper, style
from scenes.kit.bars import CompositionBar, tenths_legend
from scenes.kit.base import LectureScene
from scenes.kit.plots import (
    axis_titles,
    drawn_share,
    no_overlap,
    polyline,
    spread,
    step_axes,
    tick_labels,
    tick_step,
)
from scenes.kit.text import label, math
from scenes.kit.widgets import Header, run_header

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


@lru_cache(maxsize=16)
def forgetting_data(run: TrainingRun, max_points: int = CURVE_POINTS) -> ForgettingData:
    """The run's curves (sampled to `max_points`), final decays and exact composition, from mathcore."""
    starts = start_steps(run, DEFAULT_START_FRACTIONS)
    sampled = [decay_curve_sampled(run, int(s), max_points) for s in starts]
    return ForgettingData(
        run=run,
        fractions=tuple(DEFAULT_START_FRACTIONS),
        starts=starts,
        curve_steps=tuple(s for s, _ in sampled),
        curve_factors=tuple(f for _, f in sampled),
        finals=final_decay(run, DEFAULT_START_FRACTIONS),
        shares=composition(run, parts=len(DEFAULT_START_FRACTIONS), method="exact"),
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
        self.axis_labels = axis_titles(axes, x_labels, y_labels, "gradient step", "cumulative decay factor")

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
        self.final_header = label("at the end", style.SMALL_SIZE, style.MUTED)
        self.final_header.next_to(self.final_labels, UP, 0.2).align_to(self.final_labels, LEFT)
        self.final_header.set_y(max(self.final_header.get_y(), self.start_labels.get_y()))
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
        _, right, bottom, top = self.box
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
    words = label("an update made at step s is left with", style.LABEL_SIZE)
    formula = math("product_(t = s)^n (1 - eta_t lambda)", style.LABEL_SIZE)
    tail = label("of its size by step n", style.LABEL_SIZE)
    note = label("η: learning rate,  λ: weight decay", style.SMALL_SIZE, style.MUTED)
    line = VGroup(words, formula, tail).arrange(RIGHT, buff=0.2)
    group = VGroup(line, note).arrange(DOWN, buff=0.15)
    return group.move_to([BAR_CENTER[0], (CAPTION_Y + BAR_CENTER[1]) / 2 - 0.1, 0])


def bar_caption() -> VGroup:
    """Above the composition bar."""
    caption = label("share of the final weights from each tenth of training", style.LABEL_SIZE)
    return caption.move_to([BAR_CENTER[0], CAPTION_Y, 0])


def run_sources(runs) -> tuple[str, ...]:
    """Where a forgetting clip's numbers come from: each run's source, then mathcore's functions."""
    return (
        *[f"{run.name}: {run.source}" for run in runs],
        "decay curves and final values: mathcore.decay (decay_curve_sampled, final_decay); shares of the"
        " final weights: mathcore.decay.composition (exact, after Bordt et al., arXiv 2410.03249)",
    )


def assumes(run: TrainingRun) -> bool:
    """Whether the run's source says that one of its numbers is an assumption (shown as a footnote)."""
    return "assum" in run.source.lower()


# --- paper figures: the same plot and bar, no header, sized for print (scenes/kit/paper.py) --------------
PAPER_PLOT_HEIGHT = {"column": 3.4, "full": 4.2}  # the decay axis, scene units (1 unit prints as 0.4 in)


def with_footnote(content: VGroup, run: TrainingRun, width: str) -> VGroup:
    """`content`, and under it the run's source when that states an assumption (a paper figure has no
    header to carry it)."""
    if assumes(run):
        note = paper.wrapped(f"{run.name}: {run.source}", width, style.SMALL_SIZE, style.MUTED)
        content.add(note.next_to(content, DOWN, 0.2).align_to(content, LEFT))
    return content


def decay_figure(data: ForgettingData, width: str, name: str) -> paper.PaperFigure:
    """The run's ten forgetting curves with their axes, start labels and final values, filling the width."""
    room, height = paper.content_width(width), PAPER_PLOT_HEIGHT[width]
    trial = DecayPlot(data, (0.0, room / 2, 0.0, height))
    plot = DecayPlot(data, (0.0, room - (trial.width - room / 2) - 0.02, 0.0, height))
    starts = no_overlap(plot.start_labels)  # a narrow axis has no room for every start
    parts = [plot.grid, plot.axes, plot.ticks, plot.axis_labels, plot.curves, starts, plot.end_dots]
    content = VGroup(*parts, plot.leaders, plot.final_labels, plot.final_header)
    with_footnote(content, data.run, width)
    return paper.PaperFigure(f"{name}_decay_{width}", width, content)


def composition_figure(data: ForgettingData, width: str, name: str) -> paper.PaperFigure:
    """The run's composition bar with every tenth's share, and which tenth each colour is."""
    room = paper.content_width(width)
    bar = CompositionBar(data.shares, room - 0.1, 0.42, label_gap=0.22)
    key = label("tenth of training, by its start:", style.SMALL_SIZE, style.MUTED)
    legend = tenths_legend(data.fractions)
    if key.width + 0.3 + legend.width <= room:
        keys = VGroup(key, legend).arrange(RIGHT, buff=0.3)
    else:
        if legend.width > room:
            legend.arrange_in_grid(rows=2, buff=(0.3, 0.12), col_alignments="l" * 5)
        keys = VGroup(key, legend).arrange(DOWN, buff=0.12, aligned_edge=LEFT)
    content = VGroup(bar, keys.next_to(bar, DOWN, 0.3).align_to(bar.segments, LEFT))
    with_footnote(content, data.run, width)
    return paper.PaperFigure(f"{name}_composition_{width}", width, content)


# --- what to say: the shared beats' notes, from the same ForgettingData as the screen -----------------------
def assumption(run: TrainingRun) -> str:
    """A sentence for a run whose source says a number is assumed (shown as a footnote), else nothing."""
    return f" Note the assumption: {run.source}." if assumes(run) else ""


def run_note(data: ForgettingData) -> str:
    """The run and the axes, before any curve is drawn."""
    run = data.run
    return (
        f"{run.name}: {style.fmt_int(run.total_steps)} steps, {run.schedule} schedule, warm-up"
        f" {style.fmt_int(run.warmup_steps)} steps, learning rate {style.fmt_lr(run.max_lr)} →"
        f" {style.fmt_lr(run.min_lr)}, weight decay {style.fmt_g(run.weight_decay)}. Across: the gradient"
        " step; up: how much of an update is left. At every step AdamW multiplies every weight by one minus"
        " the learning rate times the weight decay, so an update made at step s is left with the product of"
        f" those factors from s on.{assumption(run)}"
    )


def sweep_note(data: ForgettingData) -> str:
    """The curves are born and decay; their values at the end of training."""
    fractions = [style.fmt_percent(f, 0) for f in data.fractions]
    first, last = data.finals[0], data.finals[-1]
    if first < 0.01:
        verdict = "What the first updates taught the weights is all but gone."
    elif first < 0.5:
        verdict = "The early updates have shrunk a lot, the late ones hardly at all."
    else:
        verdict = "Even the first updates keep most of their size: this run forgets little."
    return (
        f"A line sweeps through training; at {fractions[0]}, {fractions[1]}, … {fractions[-1]} of it an"
        " update is made, and its curve starts at full size and shrinks from there. At the end, an update"
        f" made at the start of training keeps {style.fmt_sig(first, 3)} of its size, one made at"
        f" {fractions[-1]} keeps {style.fmt_sig(last, 3)}. {verdict}"
    )


def bar_note(data: ForgettingData) -> str:
    """The composition bar: which tenths of training the final weights are made of."""
    shares, run = data.shares, data.run
    k = int(np.argmax(shares))
    note = (
        "The bar reads the final weights as a sum of all updates, each weighted by its learning rate and by"
        " what decay left of it, and splits it by tenth of training: the first tenth makes"
        f" {style.fmt_share(shares[0])} of the final weights, the last {style.fmt_share(shares[-1])}; the"
        f" largest share, {style.fmt_share(shares[k])}, comes from the tenth that starts at"
        f" {style.fmt_percent(data.fractions[k], 0)}."
    )
    if len(shares) > 1 and 2 * run.warmup_steps >= data.starts[1] and shares[0] < shares[1]:
        note += (
            " The first tenth is small although little of it is forgotten: it is mostly warm-up, small steps."
        )
    elif shares[0] < 0.01:
        note += " What the model learned in its first tenth is practically absent from its final weights."
    elif shares[-1] < shares[k] / 2:
        note += " The last tenth is small although nothing decays it for long: its learning rates are low."
    return note


def morph_note(data: ForgettingData) -> str:
    """A run that follows another: its numbers, curves and bar at once."""
    run = data.run
    return (
        f"Next, {run.name}: {style.fmt_int(run.total_steps)} steps, {run.schedule} schedule, learning rate"
        f" {style.fmt_lr(run.max_lr)} → {style.fmt_lr(run.min_lr)}, weight decay"
        f" {style.fmt_g(run.weight_decay)}. An update made at the start keeps"
        f" {style.fmt_sig(data.finals[0], 3)} of its size; the first tenth of training makes"
        f" {style.fmt_share(data.shares[0])} of the final weights, the last"
        f" {style.fmt_share(data.shares[-1])}.{assumption(run)}"
    )


def stack_note(datas: list[ForgettingData]) -> str:
    """All runs' bars stacked: the first tenth's share, run by run, and what decides it."""
    firsts = "; ".join(f"{d.run.name}, {style.fmt_share(d.shares[0])}" for d in datas)
    least = min(datas, key=lambda d: d.shares[0]).run.name
    return (
        "All the bars together, top to bottom, and what the first tenth of training makes of the final"
        f" weights: {firsts}. Two things decide it: how large the first tenth's own steps were (a warm-up"
        " makes them small), and how much learning rate, times weight decay, the run piles up after it. The"
        f" more it piles up, the less of the early training is left, as in {least}."
    )


# --- shared beats -------------------------------------------------------------------------------------------
def play_sweep(scene: LectureScene, plot: DecayPlot, seconds: float) -> None:
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


# --- scenes -------------------------------------------------------------------------------------------------
class ForgettingScene(LectureScene):
    """Forgetting curves, then the composition bar, of one run: set `RUN` in a subclass."""

    RUN: ClassVar[TrainingRun] = RUNS["gpt2-124m-1x"]
    SWEEP_SECONDS: ClassVar[float] = 6.5
    SECONDS = 19

    @classmethod
    def describe(cls) -> str:
        run, data = cls.RUN, forgetting_data(cls.RUN)
        assumed = ", weight decay assumed" if assumes(run) else ""
        return (
            f"Forgetting curves and composition bar: {run.name} ({style.fmt_steps(run.total_steps)} steps,"
            f" {run.schedule}{assumed}); the first tenth of training makes {style.fmt_share(data.shares[0])}"
            f" of the final weights, the last {style.fmt_share(data.shares[-1])}"
        )

    @classmethod
    def paper_figures(cls) -> list[paper.PaperFigure]:
        """The forgetting curves and the composition bar alone, one column and full width."""
        data = forgetting_data(cls.RUN)
        return [
            make(data, width, cls.__name__)
            for make in (decay_figure, composition_figure)
            for width in paper.WIDTHS
        ]

    @classmethod
    def sources(cls) -> tuple[str, ...]:
        return run_sources([cls.RUN])

    def construct(self) -> None:
        self.run = self.RUN
        self.data = forgetting_data(self.run)
        self.beat(run_note(self.data))
        header = run_header(self.run)
        plot = DecayPlot(self.data)
        self.plot, self.axes, self.curves = plot, plot.axes, list(plot.curves)
        self.play(FadeIn(header.title, shift=0.2 * DOWN), run_time=1.0)
        self.play(FadeIn(header.details, header.source), Create(plot.axes), FadeIn(plot.grid), run_time=1.2)
        self.play(FadeIn(plot.ticks, plot.axis_labels), run_time=0.6)
        caption = decay_caption()
        self.play(FadeIn(caption), run_time=0.6)

        self.beat(sweep_note(self.data))
        play_sweep(self, plot, self.SWEEP_SECONDS)
        self.play(show_final_values(plot))
        self.wait(1.2)

        self.beat(bar_note(self.data))
        self.bar = CompositionBar(self.data.shares, BAR_WIDTH).place(BAR_CENTER)
        self.play(FadeOut(caption), FadeIn(bar_caption()), run_time=0.6)
        self.play(self.bar.grow())
        self.wait(2.0)


class Forgetting124M1x(ForgettingScene):
    """GPT-2 124M trained to 1× Chinchilla: little is forgotten."""

    RUN = RUNS["gpt2-124m-1x"]


class Forgetting124M15x(ForgettingScene):
    """GPT-2 124M trained 15× longer: early updates fade."""

    RUN = RUNS["gpt2-124m-15x"]


class Forgetting1B6(ForgettingScene):
    """GPT-2 1.6B at 1× Chinchilla."""

    RUN = RUNS["gpt2-1.6b-1x"]


class ForgettingOLMo7B(ForgettingScene):
    """OLMo 7B (linear schedule): the first tenth is all but gone."""

    RUN = RUNS["olmo-7b"]


class ForgettingLlama405B(ForgettingScene):
    """Llama 3 405B (weight decay assumed 0.1)."""

    RUN = RUNS["llama3-405b"]


# --- all runs, one after another -------------------------------------------------------------------------
STACK_TOP = 1.65  # centre of the first stacked bar
STACK_PITCH = 1.02
STACK_BAR_HEIGHT = 0.36


def bar_stack(datas: list[ForgettingData]) -> tuple[VGroup, list[CompositionBar], VGroup]:
    """One composition bar per run, stacked, each with the run's name and step count at its left.
    Returns (names, bars, footnotes): footnotes repeat the source of any run whose source states an
    assumption."""
    names = VGroup()
    for data in datas:
        name = label(data.run.name, style.SMALL_SIZE)
        steps = label(f"{style.fmt_int(data.run.total_steps)} steps", style.SMALL_SIZE, style.MUTED)
        names.add(VGroup(name, steps).arrange(DOWN, buff=0.08, aligned_edge=RIGHT))
    right = -config.frame_width / 2 + style.MARGIN + max(n.width for n in names)
    left_edge = right + 0.3
    width = config.frame_width / 2 - style.MARGIN - left_edge
    bars = []
    for i, (data, name) in enumerate(zip(datas, names, strict=True)):
        y = STACK_TOP - i * STACK_PITCH
        bar = CompositionBar(data.shares, width, STACK_BAR_HEIGHT, label_gap=0.22)
        bar.place([left_edge + width / 2, y, 0])
        name.move_to([right, y, 0], aligned_edge=RIGHT)
        bars.append(bar)
    notes = [f"{d.run.name}: {d.run.source}" for d in datas if assumes(d.run)]
    footnotes = VGroup(*[label(n, style.SMALL_SIZE, style.MUTED) for n in notes])
    if notes:
        footnotes.arrange(DOWN, buff=0.08).to_edge(DOWN, buff=style.MARGIN)
    return names, bars, footnotes


class ForgettingAcrossRuns(LectureScene):
    """The five runs one after another, curves and bar morphing from run to run, then their bars stacked."""

    RUNS: ClassVar[tuple[TrainingRun, ...]] = tuple(RUNS.values())
    SWEEP_SECONDS: ClassVar[float] = 4.0
    SECONDS = 37

    @classmethod
    def describe(cls) -> str:
        return (
            f"The {style.fmt_int(len(cls.RUNS))} runs one after another, ending on their composition bars"
            " stacked"
        )

    @classmethod
    def sources(cls) -> tuple[str, ...]:
        return run_sources(cls.RUNS)

    def construct(self) -> None:
        datas = [forgetting_data(run) for run in self.RUNS]
        self.beat(
            f"{style.fmt_int(len(datas))} runs one after another, on the same axes. First:"
            f" {run_note(datas[0])}"
        )
        header = run_header(datas[0].run)
        plot = DecayPlot(datas[0])
        bar = CompositionBar(datas[0].shares, BAR_WIDTH).place(BAR_CENTER)
        caption = bar_caption()
        self.play(FadeIn(header.title, shift=0.2 * DOWN), run_time=0.8)
        self.play(FadeIn(header.details, header.source), Create(plot.axes), FadeIn(plot.grid), run_time=1.0)
        self.play(FadeIn(plot.ticks, plot.axis_labels), run_time=0.5)

        self.beat(sweep_note(datas[0]))
        play_sweep(self, plot, self.SWEEP_SECONDS)
        self.play(show_final_values(plot))

        self.beat(bar_note(datas[0]))
        self.play(FadeIn(caption), run_time=0.5)
        self.play(bar.grow(1.5))
        self.wait(1.0)

        for data in datas[1:]:
            self.beat(morph_note(data))
            new_header, new_plot = run_header(data.run), DecayPlot(data)
            new_bar = CompositionBar(data.shares, BAR_WIDTH).place(BAR_CENTER)
            self.play(
                *[FadeTransform(a, b) for a, b in zip(header, new_header, strict=True)],
                ReplacementTransform(plot.axes, new_plot.axes),
                FadeTransform(plot.ticks, new_plot.ticks),
                *[
                    ReplacementTransform(getattr(plot, part), getattr(new_plot, part))
                    for part in (
                        "grid",
                        "axis_labels",
                        "curves",
                        "end_dots",
                        "leaders",
                        "start_labels",
                        "final_header",
                    )
                ],
                *[FadeTransform(a, b) for a, b in zip(plot.final_labels, new_plot.final_labels, strict=True)],
                ReplacementTransform(bar.segments, new_bar.segments),
                *[FadeTransform(a, b) for a, b in zip(bar.labels, new_bar.labels, strict=True)],
                FadeOut(bar.leaders),
                FadeIn(new_bar.leaders),
                run_time=2.5,
            )
            header, plot, bar = new_header, new_plot, new_bar
            self.wait(1.5)

        self.beat(stack_note(datas))
        title = Header(
            "What the final weights are made of",
            "share of the final weights from each tenth of training, by its start:",
        )
        title.details.set_color(style.MUTED)
        subtitle = tenths_legend(datas[0].fractions).next_to(title, DOWN, 0.15)
        names, bars, footnotes = bar_stack(datas)
        self.play(
            FadeOut(header, plot.frame, plot.curves, plot.end_dots, plot.leaders, plot.final_labels),
            FadeOut(plot.start_labels, plot.final_header, caption, bar.labels, bar.leaders),
            run_time=0.8,
        )
        self.play(
            FadeIn(title, subtitle),
            ReplacementTransform(bar.segments, bars[-1].segments),
            FadeIn(names[-1]),
            run_time=1.2,
        )
        self.play(
            FadeIn(bars[-1].labels, bars[-1].leaders),
            LaggedStart(
                *[AnimationGroup(FadeIn(n), b.grow(1.2)) for n, b in zip(names[:-1], bars[:-1], strict=True)],
                lag_ratio=0.3,
            ),
            FadeIn(footnotes),
            run_time=2.5,
        )
        self.wait(3.0)
        self.runs, self.datas, self.bars, self.names = list(self.RUNS), datas, bars, names
        self.plot, self.axes, self.curves, self.bar = plot, plot.axes, list(plot.curves), bars[-1]
