"""Learning-rate schedules: linear warm-up, then cosine or linear decay, the η_t behind every decay curve.

`LRSchedules` draws both schedules with the seed's settings (GPT-2 124M: 6e-4 → 6e-5, warm-up 700), then
morphs them to a second run's hyperparameters and highlights the schedule that run uses. Every value comes
from mathcore.schedules (the same functions the decay uses) and is formatted with scenes.kit.style.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    DashedLine,
    FadeIn,
    FadeTransform,
    Line,
    Rectangle,
    ReplacementTransform,
    VGroup,
    config,
    linear,
)

from mathcore.decay import TrainingRun
from mathcore.presets import RUNS, SEED_RUNS
from mathcore.schedules import SCHEDULES
from scenes.kit import style
from scenes.kit.base import LectureScene
from scenes.kit.plots import axis_titles, polyline, step_axes, tick_labels, tick_step
from scenes.kit.text import fitted, label
from scenes.kit.widgets import Header, one_path, run_header, schedule_name
from scenes.kit.words import _, t

PLOT_LEFT = -5.35
SCHEDULE_POINTS = 300  # samples after the warm-up; the warm-up gets its own 60 so its corner is exact


@dataclass(frozen=True, eq=False)
class ScheduleData:
    """Both schedules (cosine and linear) with one run's hyperparameters at sampled steps, from mathcore."""

    run: TrainingRun
    steps: np.ndarray
    lrs: dict[str, np.ndarray]


def schedule_data(run: TrainingRun) -> ScheduleData:
    """The run's hyperparameters under every schedule of mathcore.schedules.SCHEDULES, at sampled steps that
    include step 0, the end of the warm-up and the last step exactly (in the run's warm-up convention)."""
    T, w = run.total_steps, run.warmup_steps
    steps = np.unique(
        np.rint(np.concatenate([np.linspace(0, w, 60), np.linspace(w, T - 1, SCHEDULE_POINTS)])).astype(
            np.int64
        )
    )
    lrs = {name: f(steps, T, w, run.max_lr, run.min_lr, run.warmup) for name, f in SCHEDULES.items()}
    return ScheduleData(run, steps, lrs)


SCHEDULE_BOTTOM, SCHEDULE_TOP = -2.55, 1.95
SCHEDULE_RIGHT = 4.4  # room at the right for the peak and minimum labels


class SchedulePlot(VGroup):
    """Gradient step against learning rate: cosine and linear schedules of one run's hyperparameters, with the
    warm-up, the peak and the minimum marked. Parts: `axes`, `ticks`, `axis_labels`, `curves` (dict by
    schedule), `legends` (dict by schedule), `warmup`, `peak`, `minimum`."""

    def __init__(self, data: ScheduleData):
        self.data = data
        run = data.run
        T = run.total_steps
        y_step = tick_step(run.max_lr, 4)
        axes = step_axes(
            T, (1.22 * run.max_lr, y_step), (PLOT_LEFT, SCHEDULE_RIGHT), (SCHEDULE_BOTTOM, SCHEDULE_TOP)
        )
        self.axes = axes
        x_ticks = np.arange(0, T + 1, tick_step(T))
        y_ticks = np.arange(0, run.max_lr * 1.0001, y_step)
        x_labels, y_labels = tick_labels(
            axes, x_ticks, y_ticks, style.fmt_steps, lambda y: style.fmt_lr(y) if y > 0 else "0"
        )
        self.ticks = VGroup(*x_labels, *y_labels)
        self.axis_labels = axis_titles(
            axes, x_labels, y_labels, _("gradient step"), _("learning rate"), y_mid=run.max_lr / 2
        )

        self.curves, self.legends = {}, {}
        for name, lr in data.lrs.items():
            points = np.transpose(axes.c2p(data.steps, lr))
            self.curves[name] = polyline(points, style.SCHEDULES[name])
        # Legends at 30 % of training, where cosine runs above linear: cosine above, linear below its curve.
        for name, share, direction in (("cosine", 0.3, UP + RIGHT), ("linear", 0.3, DOWN + LEFT)):
            k = int(np.searchsorted(data.steps, share * T))
            anchor = axes.c2p(data.steps[k], data.lrs[name][k])
            self.legends[name] = label(schedule_name(name), style.LABEL_SIZE, style.SCHEDULES[name]).next_to(
                anchor, direction, 0.1
            )

        def level(y: float, words: str) -> VGroup:
            line = one_path(
                DashedLine(
                    axes.c2p(0, y),
                    axes.c2p(T, y),
                    stroke_color=style.MUTED,
                    stroke_width=style.HAIRLINE,
                    dash_length=0.08,
                )
            )
            room = config.frame_width / 2 - 0.1 - line.get_right()[0] - 0.15  # to the frame's edge
            return VGroup(line, fitted(words, room, style.SMALL_SIZE, style.MUTED).next_to(line, RIGHT, 0.15))

        self.peak = level(run.max_lr, t("peak {lr}", lr=style.fmt_lr(run.max_lr)))
        self.minimum = level(run.min_lr, t("minimum {lr}", lr=style.fmt_lr(run.min_lr)))
        top = axes.c2p(0, 1.12 * run.max_lr)[1]
        x0, x1 = axes.c2p(0, 0)[0], axes.c2p(run.warmup_steps, 0)[0]
        bracket = VGroup(
            Line([x0, top, 0], [x1, top, 0]),
            Line([x0, top - 0.08, 0], [x0, top + 0.08, 0]),
            Line([x1, top - 0.08, 0], [x1, top + 0.08, 0]),
        ).set_stroke(style.INK, style.THIN)
        band = Rectangle(
            width=x1 - x0,
            height=top - axes.c2p(0, 0)[1],
            stroke_width=0,
            fill_color=style.FAINT,
            fill_opacity=0.6,
        ).move_to([(x0 + x1) / 2, (top + axes.c2p(0, 0)[1]) / 2, 0])
        band.set_z_index(-1)  # behind the curves
        words = label(t("warm-up: {steps} steps", steps=style.fmt_int(run.warmup_steps)), style.SMALL_SIZE)
        self.warmup = VGroup(band, bracket, words.next_to(bracket, RIGHT, 0.15))
        super().__init__(
            self.warmup,
            self.axes,
            self.ticks,
            self.axis_labels,
            self.peak,
            self.minimum,
            *self.curves.values(),
            *self.legends.values(),
        )


class LRSchedules(LectureScene):
    """Cosine and linear schedules with linear warm-up, first with the seed's settings, then for `RUN`."""

    SEED_RUN: ClassVar[TrainingRun] = SEED_RUNS["gpt2-124m-1x"]  # the seed's 6e-4 → 6e-5, warm-up 700
    RUN: ClassVar[TrainingRun] = RUNS["olmo-7b"]
    SECONDS = 13

    @classmethod
    def describe(cls) -> str:
        seed, run = cls.SEED_RUN, cls.RUN
        return t(
            "Cosine and linear warm-up schedules ({peak} → {final}, warm-up {warmup} steps), then {run}'s"
            " ({schedule})",
            peak=style.fmt_lr(seed.max_lr),
            final=style.fmt_lr(seed.min_lr),
            warmup=style.fmt_int(seed.warmup_steps),
            run=run.name,
            schedule=schedule_name(run.schedule),
        )

    @classmethod
    def sources(cls) -> tuple[str, ...]:
        return (
            f"{cls.SEED_RUN.name}: {cls.SEED_RUN.source}",
            f"{cls.RUN.name}: {cls.RUN.source}",
            t("learning rates: {schedules} (the functions the decay uses)", schedules="mathcore.schedules"),
        )

    def construct(self) -> None:
        seed = self.SEED_RUN
        self.beat(
            t(
                "Two learning-rate schedules with the seed's settings, over the {steps} steps of {run}. Both"
                " warm up linearly over the first {warmup} steps to the peak of {peak}, then decay to"
                " {final}. Cosine stays near the peak longer and drops late; linear falls at a constant"
                " rate. This matters for forgetting: every step shrinks the weights by a fraction, the"
                " learning rate times the weight decay.",
                steps=style.fmt_int(seed.total_steps),
                run=seed.name,
                warmup=style.fmt_int(seed.warmup_steps),
                peak=style.fmt_lr(seed.max_lr),
                final=style.fmt_lr(seed.min_lr),
            )
        )
        header = Header(
            _("Learning-rate schedules"),
            t(
                "linear warm-up over {warmup} steps, then cosine or linear decay from {peak} to {final}",
                warmup=style.fmt_int(seed.warmup_steps),
                peak=style.fmt_lr(seed.max_lr),
                final=style.fmt_lr(seed.min_lr),
            ),
            source=t(
                "the seed's settings, over the {steps} steps of {run}",
                steps=style.fmt_int(seed.total_steps),
                run=seed.name,
            ),
        )
        plot = SchedulePlot(schedule_data(seed))
        self.run, self.plot, self.axes = seed, plot, plot.axes
        self.play(FadeIn(header[0], shift=0.2 * DOWN), run_time=0.8)
        self.play(FadeIn(header[1:]), Create(plot.axes), FadeIn(plot.ticks, plot.axis_labels), run_time=1.2)
        self.play(
            *[Create(c, rate_func=linear) for c in plot.curves.values()],
            *[FadeIn(lab) for lab in plot.legends.values()],
            run_time=2.5,
        )
        self.play(FadeIn(plot.warmup), run_time=0.8)
        self.play(FadeIn(plot.peak), FadeIn(plot.minimum), run_time=0.8)
        self.wait(1.2)

        run = self.RUN
        self.beat(
            t(
                "The same two schedules with {run}'s numbers: {steps} steps, warm-up {warmup} steps, from"
                " {peak} down to {final}. {run} uses the {schedule} schedule, highlighted. In the second half"
                " of the decay linear runs above cosine, and the more area under the curve after a step, the"
                " less of that step's update is left at the end of training.",
                run=run.name,
                steps=style.fmt_int(run.total_steps),
                warmup=style.fmt_int(run.warmup_steps),
                peak=style.fmt_lr(run.max_lr),
                final=style.fmt_lr(run.min_lr),
                schedule=schedule_name(run.schedule),
            )
        )
        new_header = run_header(run)
        new = SchedulePlot(schedule_data(run))
        self.play(
            *[FadeTransform(a, b) for a, b in zip(header, new_header, strict=True)],
            ReplacementTransform(plot.axes, new.axes),
            FadeTransform(plot.ticks, new.ticks),
            ReplacementTransform(plot.axis_labels, new.axis_labels),
            *[ReplacementTransform(plot.curves[k], new.curves[k]) for k in plot.curves],
            *[ReplacementTransform(plot.legends[k], new.legends[k]) for k in plot.legends],
            *[FadeTransform(a, b) for a, b in ((plot.warmup, new.warmup), (plot.peak, new.peak))],
            FadeTransform(plot.minimum, new.minimum),
            run_time=2.5,
        )
        self.run, self.plot, self.axes = run, new, new.axes
        self.schedule_curves = new.curves
        others = [k for k in new.curves if k != run.schedule]
        used = fitted(
            t("{run} uses the {schedule} schedule", run=run.name, schedule=schedule_name(run.schedule)),
            new.axes.c2p(run.total_steps, 0)[0] - new.warmup.get_right()[0] - 0.3,
            style.LABEL_SIZE,
            style.SCHEDULES[run.schedule],
        )
        used.move_to(new.axes.c2p(run.total_steps, 1.12 * run.max_lr), aligned_edge=RIGHT)
        self.play(
            *[new.curves[k].animate.set_stroke(opacity=0.3) for k in others],
            *[new.legends[k].animate.set_opacity(0.4) for k in others],
            new.curves[run.schedule].animate.set_stroke(width=style.STROKE * 1.5),
            FadeIn(used),
            run_time=1.0,
        )
        self.wait(2.0)
