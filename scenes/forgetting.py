"""Forgetting under AdamW: how much of an early update survives, and what the final weights are made of.

AdamW multiplies the weights by (1 − η_t·λ) at every step, so an update made early is shrunk again and again
until the end of training. For each preset run (mathcore.presets.RUNS, the runs as trained; docs/runs.md)
the clips draw the ten "forgetting curves" of updates made at 0 %, 10 %, …, 90 % of training, then the
composition bar: the exact share of the final weights that each tenth of training contributes. A run with an
assumed value (Llama 3 405B's weight decay) then shows what the headline numbers would be at other plausible
values. ForgettingAcrossRuns walks through all five runs and ends on their composition bars stacked.

Every number on screen comes from mathcore (scenes.kit.decayplot.forgetting_data) and is formatted with
scenes.kit.style; the plot, the table and the shared beats are in scenes.kit (decayplot, assumptions, bars).

A clip for another run is three lines (or a [runs.NAME] table in talk.toml):

    class ForgettingMyRun(ForgettingScene):
        RUN = TrainingRun("My run", total_steps=10**6, warmup_steps=2000, max_lr=3e-4, min_lr=3e-5,
                          weight_decay=0.1, schedule="linear", source="my notes", assumed=("weight_decay",))
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    AnimationGroup,
    Create,
    FadeIn,
    FadeOut,
    FadeTransform,
    LaggedStart,
    ReplacementTransform,
    VGroup,
    config,
)

from mathcore.decay import TrainingRun
from mathcore.presets import RUNS
from scenes.kit import paper, style
from scenes.kit.assumptions import WORDS as ASSUMED_NAMES
from scenes.kit.assumptions import (
    SensitivityTable,
    assumed_values,
    assumed_words,
    assumption_sentence,
    bar_caption_text,
    footnote,
    run_header,
    sensitivity_note,
    wrapped_lines,
)
from scenes.kit.bars import CompositionBar, bar_stack, tenths_legend
from scenes.kit.base import LectureScene
from scenes.kit.decayplot import (
    BAR_CENTER,
    BAR_WIDTH,
    CURVE_POINTS,
    PLOT_BOTTOM,
    DecayPlot,
    ForgettingData,
    bar_caption,
    decay_caption,
    forgetting_data,
    play_sweep,
    plot_box,
    show_final_values,
)
from scenes.kit.plots import no_overlap
from scenes.kit.text import fitted, label
from scenes.kit.widgets import Header, schedule_name, schedule_words
from scenes.kit.words import _, listing, t

__all__ = ["CURVE_POINTS", "DecayPlot", "forgetting_data"]  # the tests' and users' names, re-exported


def run_sources(runs) -> tuple[str, ...]:
    """Where a forgetting clip's numbers come from: each run's source, then mathcore's functions."""
    return (
        *[f"{run.name}: {run.source}" + (f"; {assumed_words(run)}" if run.assumed else "") for run in runs],
        t(
            "decay curves and final values: {decay}; shares of the final weights: {composition} (exact, after"
            " Bordt et al., arXiv 2410.03249); assumed values at other plausible values: {sensitivity}; the"
            " runs: {runs}",
            decay="mathcore.decay (decay_curve_sampled, final_decay)",
            composition="mathcore.decay.composition",
            sensitivity="mathcore.decay.sensitivity",
            runs="docs/runs.md",
        ),
    )


# --- paper figures: the same plot and bar, no header, sized for print (scenes/kit/paper.py) --------------
PAPER_PLOT_HEIGHT = {"column": 3.4, "full": 4.2}  # the decay axis, scene units (1 unit prints as 0.4 in)


def with_footnote(content: VGroup, data: ForgettingData, width: str) -> VGroup:
    """`content`, and under it what the run's numbers rest on, if anything is assumed (a paper figure has
    no header to carry it)."""
    text = footnote(data)
    if text:
        note = wrapped_lines(text, paper.content_width(width), style.SMALL_SIZE, style.MUTED)
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
    with_footnote(content, data, width)
    return paper.PaperFigure(f"{name}_decay_{width}", width, content)


def composition_figure(data: ForgettingData, width: str, name: str) -> paper.PaperFigure:
    """The run's composition bar with every tenth's share, which tenth each colour is, and for an assumed
    value the headline numbers at its other plausible values."""
    room = paper.content_width(width)
    bar = CompositionBar(data.shares, room - 0.1, 0.42, label_gap=0.22)
    key = label(_("tenth of training, by its start:"), style.SMALL_SIZE, style.MUTED)
    legend = tenths_legend(data.fractions)
    if key.width + 0.3 + legend.width <= room:
        keys = VGroup(key, legend).arrange(RIGHT, buff=0.3)
    else:
        if legend.width > room:
            legend.arrange_in_grid(rows=2, buff=(0.3, 0.12), col_alignments="l" * 5)
        keys = VGroup(key, legend).arrange(DOWN, buff=0.12, aligned_edge=LEFT)
    content = VGroup(bar, keys.next_to(bar, DOWN, 0.3).align_to(bar.segments, LEFT))
    if data.sensitivity:  # the table's heading says what is assumed: no footnote
        table = SensitivityTable(data, room, style.SMALL_SIZE)
        content.add(table.next_to(content, DOWN, 0.35).align_to(content, LEFT))
    else:
        with_footnote(content, data, width)
    return paper.PaperFigure(f"{name}_composition_{width}", width, content)


# --- what to say: the shared beats' notes, from the same ForgettingData as the screen -----------------------
def run_numbers(run) -> dict[str, str]:
    """A run's name and settings as its notes quote them, through the style formatters."""
    return {
        "run": run.name,
        "steps": style.fmt_int(run.total_steps),
        "schedule": schedule_words(run.schedule),
        "peak": style.fmt_lr(run.max_lr),
        "final": style.fmt_lr(run.min_lr),
        "decay": style.fmt_g(run.weight_decay),
    }


def run_note(data: ForgettingData) -> str:
    """The run and the axes, before any curve is drawn."""
    run = data.run
    return t(
        "{run}: {steps} steps, {schedule}, warm-up {warmup} steps, learning rate {peak} → {final}, weight"
        " decay {decay}. Across: the gradient step; up: how much of an update is left. At every step AdamW"
        " multiplies every weight by one minus the learning rate times the weight decay, so an update made at"
        " step s is left with the product of those factors from s on.",
        warmup=style.fmt_int(run.warmup_steps),
        **run_numbers(run),
    ) + assumption_sentence(data)


def sweep_note(data: ForgettingData) -> str:
    """The curves are born and decay; their values at the end of training."""
    fractions = [style.fmt_percent(f, 0) for f in data.fractions]
    first, last = data.finals[0], data.finals[-1]
    if first < 0.01:
        verdict = _("What the first updates taught the weights is all but gone.")
    elif first < 0.5:
        verdict = _("The early updates have shrunk a lot, the late ones hardly at all.")
    else:
        verdict = _("Even the first updates keep most of their size: this run forgets little.")
    if data.run.assumed:  # the verdict holds only as far as the assumption does
        verdict = t(
            "If the assumed {values} is right: {verdict}",
            values=assumed_values(data.run),
            verdict=verdict[0].lower() + verdict[1:],
        )
    return t(
        "A line sweeps through training; at {first}, {second}, … {last} of it an update is made, and its"
        " curve starts at full size and shrinks from there. At the end, an update made at the start of"
        " training keeps {first_keeps} of its size, one made at {last} keeps {last_keeps}. {verdict}",
        first=fractions[0],
        second=fractions[1],
        last=fractions[-1],
        first_keeps=style.fmt_sig(first, 3),
        last_keeps=style.fmt_sig(last, 3),
        verdict=verdict,
    )


def bar_note(data: ForgettingData) -> str:
    """The composition bar: which tenths of training the final weights are made of."""
    shares, run = data.shares, data.run
    k = int(np.argmax(shares))
    note = t(
        "The bar reads the final weights as a sum of all updates, each weighted by its learning rate and by"
        " what decay left of it, and splits it by tenth of training: the first tenth makes {first} of the"
        " final weights, the last {last}; the largest share, {largest}, comes from the tenth that starts at"
        " {start}.",
        first=style.fmt_share(shares[0]),
        last=style.fmt_share(shares[-1]),
        largest=style.fmt_share(shares[k]),
        start=style.fmt_percent(data.fractions[k], 0),
    )
    if len(shares) > 1 and 2 * run.warmup_steps >= data.starts[1] and shares[0] < shares[1]:
        note += " " + _(
            "The first tenth is small although little of it is forgotten: it is mostly warm-up, small steps."
        )
    elif shares[0] < 0.01:
        note += " " + _(
            "What the model learned in its first tenth is practically absent from its final weights."
        )
    elif shares[-1] < shares[k] / 2:
        note += " " + _(
            "The last tenth is small although nothing decays it for long: its learning rates are low."
        )
    return note


def morph_note(data: ForgettingData) -> str:
    """A run that follows another: its numbers, curves and bar at once."""
    run = data.run
    return t(
        "Next, {run}: {steps} steps, {schedule}, learning rate {peak} → {final}, weight decay {decay}. An"
        " update made at the start keeps {keeps} of its size; the first tenth of training makes {first} of"
        " the final weights, the last {last}.",
        **run_numbers(run),
        keeps=style.fmt_sig(data.finals[0], 3),
        first=style.fmt_share(data.shares[0]),
        last=style.fmt_share(data.shares[-1]),
    ) + assumption_sentence(data)


def stack_note(datas: list[ForgettingData]) -> str:
    """All runs' bars stacked: the first tenth's share, run by run, and what decides it."""
    firsts = "; ".join(t("{run}, {share}", run=d.run.name, share=style.fmt_share(d.shares[0])) for d in datas)
    least = min(datas, key=lambda d: d.shares[0]).run.name
    return t(
        "All the bars together, top to bottom, and what the first tenth of training makes of the final"
        " weights: {firsts}. Two things decide it: how large the first tenth's own steps were (a warm-up"
        " makes them small), and how much learning rate, times weight decay, the run piles up after it. The"
        " more it piles up, the less of the early training is left, as in {least}.",
        firsts=firsts,
        least=least,
    )


# --- scenes -------------------------------------------------------------------------------------------------
class ForgettingScene(LectureScene):
    """Forgetting curves, then the composition bar, of one run: set `RUN` in a subclass. A run with an assumed
    value ends on the headline numbers at its other plausible values, in place of the curves."""

    RUN: ClassVar[TrainingRun] = RUNS["gpt2-124m-1x"]
    SWEEP_SECONDS: ClassVar[float] = 6.5
    SECONDS = 19

    @classmethod
    def describe(cls) -> str:
        run, data = cls.RUN, forgetting_data(cls.RUN)
        parameters = listing([_(ASSUMED_NAMES[p][0]) if p in ASSUMED_NAMES else p for p in run.assumed])
        assumed = t(", {parameters} assumed", parameters=parameters) if run.assumed else ""
        return t(
            "Forgetting curves and composition bar: {run} ({steps} steps, {schedule}{assumed}); the first"
            " tenth of training makes {first} of the final weights, the last {last}",
            run=run.name,
            steps=style.fmt_steps(run.total_steps),
            schedule=schedule_name(run.schedule),
            assumed=assumed,
            first=style.fmt_share(data.shares[0]),
            last=style.fmt_share(data.shares[-1]),
        )

    @classmethod
    def paper_figures(cls, only: str = "") -> list[paper.PaperFigure]:
        """The forgetting curves and the composition bar alone, one column and full width; `only` the ones
        whose name ends with it ("_decay_column": a notebook cell builds just the figure it shows)."""
        data = forgetting_data(cls.RUN)
        makers = {"decay": decay_figure, "composition": composition_figure}
        return [
            make(data, width, cls.__name__)
            for kind, make in makers.items()
            for width in paper.WIDTHS
            if f"{cls.__name__}_{kind}_{width}".endswith(only)
        ]

    @classmethod
    def sources(cls) -> tuple[str, ...]:
        return run_sources([cls.RUN])

    def construct(self) -> None:
        self.run = self.RUN
        self.data = data = forgetting_data(self.run)
        self.beat(run_note(data))
        header = run_header(data)
        plot = DecayPlot(data, plot_box(header))
        self.plot, self.axes, self.curves = plot, plot.axes, list(plot.curves)
        self.play(FadeIn(header.title, shift=0.2 * DOWN), run_time=1.0)
        self.play(FadeIn(header.details, header.source), Create(plot.axes), FadeIn(plot.grid), run_time=1.2)
        self.play(FadeIn(plot.ticks, plot.axis_labels), run_time=0.6)
        caption = decay_caption()
        self.play(FadeIn(caption), run_time=0.6)

        self.beat(sweep_note(data))
        shorter = 2.5 if data.sensitivity else 0.0  # room for the sensitivity beat in the clip's length
        play_sweep(self, plot, self.SWEEP_SECONDS - shorter)
        self.play(show_final_values(plot))
        self.wait(1.2 - shorter / 5)

        self.beat(bar_note(data))
        self.bar = CompositionBar(data.shares, BAR_WIDTH).place(BAR_CENTER)
        self.play(FadeOut(caption), FadeIn(bar_caption(bar_caption_text(data))), run_time=0.6)
        self.play(self.bar.grow())
        self.wait(2.0 - shorter / 5)
        if data.sensitivity:
            self.show_sensitivity()

    def show_sensitivity(self) -> None:
        """The curves make room for the table of headline numbers at the assumed value's alternatives."""
        self.beat(sensitivity_note(self.data))
        self.table = SensitivityTable(self.data, config.frame_width - 2 * style.MARGIN - 0.6)
        self.table.move_to([BAR_CENTER[0], (PLOT_BOTTOM + self.plot.box[3]) / 2 - 0.2, 0])
        self.play(FadeOut(self.plot), run_time=0.6)
        self.play(FadeIn(self.table.heading, self.table.header, self.table.rule), run_time=0.6)
        self.play(LaggedStart(*[FadeIn(row) for row in self.table.rows], lag_ratio=0.4), run_time=1.2)
        self.wait(1.6)


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
    """Llama 3 405B (weight decay assumed 0.1), and what the claim rests on."""

    RUN = RUNS["llama3-405b"]


# --- all runs, one after another -------------------------------------------------------------------------
STACK_TOP = 1.65  # centre of the first stacked bar
STACK_PITCH = 1.0
STACK_BAR_HEIGHT = 0.36
MORPHED = ("grid", "axis_labels", "curves", "end_dots", "leaders", "start_labels", "final_header")


def stacked_bars(datas: list[ForgettingData]) -> tuple[VGroup, list[CompositionBar], VGroup]:
    """One composition bar per run, stacked, each with the run's name and step count at its left, and under
    them a footnote for each run whose numbers rest on an assumption. Returns (names, bars, footnotes)."""
    names = VGroup()
    for data in datas:
        name = label(data.run.name, style.SMALL_SIZE)
        steps = label(
            t("{steps} steps", steps=style.fmt_int(data.run.total_steps)), style.SMALL_SIZE, style.MUTED
        )
        names.add(VGroup(name, steps).arrange(DOWN, buff=0.08, aligned_edge=RIGHT))
    bars = bar_stack(names, [d.shares for d in datas], STACK_TOP, STACK_PITCH, STACK_BAR_HEIGHT)
    notes = [text for text in (footnote(d, short=True) for d in datas) if text]
    room = config.frame_width - 2 * style.MARGIN
    footnotes = VGroup(*[fitted(n, room, style.SMALL_SIZE, style.MUTED) for n in notes])
    if notes:
        footnotes.arrange(DOWN, buff=0.08, aligned_edge=LEFT).to_edge(DOWN, buff=style.MARGIN)
        # Footnotes on more lines (a longer language): the bars move closer together to stay above them.
        reach = min(m.get_bottom()[1] for m in [*bars, *names])
        floor = footnotes.get_top()[1] + 0.05
        if reach < floor and len(datas) > 1:
            pitch = STACK_PITCH - (floor - reach) / (len(datas) - 1)
            bars = bar_stack(names, [d.shares for d in datas], STACK_TOP, pitch, STACK_BAR_HEIGHT)
    return names, bars, footnotes


class ForgettingAcrossRuns(LectureScene):
    """The five runs one after another, curves and bar morphing from run to run, then their bars stacked."""

    RUNS: ClassVar[tuple[TrainingRun, ...]] = tuple(RUNS.values())
    SWEEP_SECONDS: ClassVar[float] = 4.0
    SECONDS = 37

    @classmethod
    def describe(cls) -> str:
        return t(
            "The {count} runs one after another, ending on their composition bars stacked",
            count=style.fmt_int(len(cls.RUNS)),
        )

    @classmethod
    def sources(cls) -> tuple[str, ...]:
        return run_sources(cls.RUNS)

    def construct(self) -> None:
        datas = [forgetting_data(run) for run in self.RUNS]
        self.beat(
            t(
                "{count} runs one after another, on the same axes. First: {note}",
                count=style.fmt_int(len(datas)),
                note=run_note(datas[0]),
            )
        )
        header = run_header(datas[0])
        plot = DecayPlot(datas[0], plot_box(header))
        bar = CompositionBar(datas[0].shares, BAR_WIDTH).place(BAR_CENTER)
        caption = bar_caption(bar_caption_text(datas[0]))
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
            new_header = run_header(data)
            new_plot = DecayPlot(data, plot_box(new_header))
            new_bar = CompositionBar(data.shares, BAR_WIDTH).place(BAR_CENTER)
            self.play(*self.morph(header, plot, bar, new_header, new_plot, new_bar), run_time=2.5)
            header, plot, bar = new_header, new_plot, new_bar
            self.wait(1.5)

        self.beat(stack_note(datas))
        title = Header(
            _("What the final weights are made of"),
            _("share of the final weights from each tenth of training, by its start:"),
        )
        title.details.set_color(style.MUTED)
        subtitle = tenths_legend(datas[0].fractions).next_to(title, DOWN, 0.15)
        names, bars, footnotes = stacked_bars(datas)
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

    @staticmethod
    def morph(header, plot, bar, new_header, new_plot, new_bar) -> list:
        """The animations that turn one run's header, plot and bar into the next run's."""
        return [
            *[FadeTransform(a, b) for a, b in zip(header, new_header, strict=True)],
            ReplacementTransform(plot.axes, new_plot.axes),
            FadeTransform(plot.ticks, new_plot.ticks),
            *[ReplacementTransform(getattr(plot, part), getattr(new_plot, part)) for part in MORPHED],
            *[FadeTransform(a, b) for a, b in zip(plot.final_labels, new_plot.final_labels, strict=True)],
            ReplacementTransform(bar.segments, new_bar.segments),
            *[FadeTransform(a, b) for a, b in zip(bar.labels, new_bar.labels, strict=True)],
            FadeOut(bar.leaders),
            FadeIn(new_bar.leaders),
        ]
