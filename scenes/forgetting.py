"""Forgetting under AdamW: how much of an early update survives, and what the final weights are made of.

AdamW multiplies the weights by (1 − η_t·λ) at every step, so an update made early is shrunk again and again
until the end of training. For each preset run (mathcore.presets.RUNS) the scenes draw the ten "forgetting
curves" of updates made at 0 %, 10 %, …, 90 % of training, then the composition bar: the exact share of the
final weights that each tenth of training contributes. LRSchedules shows the learning-rate schedules behind
the decay; ForgettingAcrossRuns walks through all five runs and ends on their composition bars stacked.

Every number on screen comes from mathcore (decay curves, final decays, composition shares, the runs'
hyperparameters) and is formatted with scenes.style. Only sampled arrays (a few hundred points per curve)
reach the scene, so a run of 10^6 or 10^8 steps costs the renderer what a run of 5000 steps does.

A scene for another run is three lines:

    class ForgettingMyRun(ForgettingScene):
        RUN = TrainingRun("My run", total_steps=10**6, warmup_steps=2000, max_lr=3e-4, min_lr=3e-5,
                          weight_decay=0.1, schedule="linear", source="my notes")
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

import numpy as np
from manim import (
    DOWN,
    LEFT,
    PI,
    RIGHT,
    UP,
    AnimationGroup,
    Axes,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    FadeTransform,
    LaggedStart,
    Line,
    MathTypst,
    Rectangle,
    ReplacementTransform,
    Succession,
    Text,
    Triangle,
    ValueTracker,
    VGroup,
    VMobject,
    config,
    linear,
)
from manim.mobject.text.text_mobject import TEXT_MOB_SCALE_FACTOR

from mathcore.decay import (
    DEFAULT_START_FRACTIONS,
    TrainingRun,
    composition,
    decay_curve_sampled,
    final_decay,
    start_steps,
)
from mathcore.presets import RUNS
from mathcore.schedules import SCHEDULES
from scenes.kit import style
from scenes.kit.base import LectureScene
from scenes.kit.widgets import one_path

# Points per drawn curve: smooth at 2160p, cheap at any run length (the ends are exact steps).
CURVE_POINTS = 300

# --- layout (scene units; the frame is 14.2 × 8, origin at its centre) --------------------------------------
PLOT_LEFT, PLOT_RIGHT = -5.35, 4.75  # the step axis
PLOT_BOTTOM, PLOT_TOP = -1.1, 1.85  # decay factor 0 and 1
FINAL_LABEL_X = PLOT_RIGHT + 0.45  # left edge of the column of final decays
BAR_WIDTH = PLOT_RIGHT - PLOT_LEFT
BAR_HEIGHT = 0.42
BAR_CENTER = np.array([(PLOT_LEFT + PLOT_RIGHT) / 2, -2.72, 0.0])
CAPTION_Y = -2.2  # the line above the bar: the decay formula, then the bar's caption
BAR_LABEL_PAD = 0.08  # room around a label inside its segment
BAR_LABEL_GAP = 0.25  # between two labels outside the bar
LABEL_GAP = 0.1  # minimum gap between two labels


class Label(VMobject):
    """A line of text in the talk's font as a single VMobject, its string in `text`.

    Text makes one mobject per glyph, and glyphs are what the renderer draws and every animation deep-copies;
    one mobject per label is several times cheaper to draw and to copy, and looks the same (one colour).
    """

    def __init__(self, s: str, size: float = style.SMALL_SIZE, color: str = style.INK):
        super().__init__(fill_color=color, fill_opacity=1.0, stroke_width=0)
        self.text = s
        for points in _glyph_points(s, size):
            self.append_points(points)


@lru_cache(maxsize=2048)
def _glyph_points(s: str, size: float) -> tuple[np.ndarray, ...]:
    """The outlines of `s` typeset by Text, centred on the origin, one array per glyph.

    Read straight from Pango's SVG (`_pango_glyph_points`): the same points as Text's, ~10× cheaper. Text
    itself is the fallback for anything that reader does not know."""
    fast = _pango_glyph_points(s, size)
    if fast is not None:
        return fast
    glyphs = Text(s, font=style.FONT, font_size=size).family_members_with_points()
    return tuple(g.points.copy() for g in glyphs)


class _PangoSVG(Text):
    """Text stopped at its SVG: Pango's file for exactly what Text would typeset (`file_name`), not parsed."""

    def init_svg_mobject(self, use_svg_cache: bool) -> _PangoSVG:
        return self


_SVG_SYMBOL = re.compile(r'<symbol[^>]*\bid="([^"]+)"[^>]*>\s*<path[^>]*\bd="([^"]*)"')
_SVG_USE = re.compile(r"<use\b([^>]*)/>")
_SVG_ATTR = re.compile(r'([\w:]+)="([^"]*)"')
_SVG_TOKEN = re.compile(r"[A-Za-z]|-?[\d.]+(?:e-?\d+)?")


def _line(out: list, a: tuple, b: tuple) -> None:
    """A straight line a → b as Manim's cubic (handles at the thirds, as SVGMobject and Text make it)."""
    out.extend(
        (
            a,
            ((a[0] + a[0] + b[0]) / 3, (a[1] + a[1] + b[1]) / 3),
            ((a[0] + b[0] + b[0]) / 3, (a[1] + b[1] + b[1]) / 3),
            b,
        )
    )


def _outline(d: str, dx: float, dy: float) -> list | None:
    """One glyph's cubic points in SVG coordinates, built as SVGMobject then Text build them: SVGMobject's
    path commands (cairo writes only absolute M, L, C, Z), then Text's line back to each curve's start."""
    toks = _SVG_TOKEN.findall(d)
    pts: list = []
    last = true_move = None
    i = 0
    while i < len(toks):
        c = toks[i]
        if c != "M" and last is None:  # a path must start with a move
            return None
        if c == "M":
            last = true_move = (float(toks[i + 1]) + dx, float(toks[i + 2]) + dy)
            i += 3
        elif c == "L":
            end = (float(toks[i + 1]) + dx, float(toks[i + 2]) + dy)
            _line(pts, last, end)
            last = end
            i += 3
        elif c == "C":
            p = [(float(toks[i + j]) + dx, float(toks[i + j + 1]) + dy) for j in (1, 3, 5)]
            pts.extend((last, *p))
            last = p[2]
            i += 7
        elif c == "Z":
            if np.hypot(last[0] - true_move[0], last[1] - true_move[1]) > 0.0001:
                _line(pts, last, true_move)
                last = true_move
            i += 1
        else:
            return None
    if not pts:
        return pts
    out: list = []
    start, n = pts[0], len(pts)
    for index, p in enumerate(pts):
        out.append(p)
        if index != n - 1 and (index + 1) % 4 == 0 and p != pts[index + 1]:
            _line(out, p, start)
            start = pts[index + 1]
    _line(out, out[-1], start)
    return out


def _pango_glyph_points(s: str, size: float) -> tuple[np.ndarray, ...] | None:
    """Text's glyph points for `s`, read from the SVG Pango writes for Text, or None if the SVG has anything
    unexpected. Text spends ~50 ms a string in svgelements and in one VMobject per path; the scenes typeset
    ~150 strings. Text then flips y about the centre, centres, and scales by TEXT_MOB_SCALE_FACTOR."""
    with open(_PangoSVG(s, font=style.FONT, font_size=size).file_name, encoding="utf-8") as f:
        content = f.read()
    symbols = dict(_SVG_SYMBOL.findall(content))
    glyphs = []
    for attrs in _SVG_USE.findall(content):
        a = dict(_SVG_ATTR.findall(attrs))
        if set(a) != {"xlink:href", "x", "y"} or a["xlink:href"].lstrip("#") not in symbols:
            return None
        pts = _outline(symbols[a["xlink:href"].lstrip("#")], float(a["x"]), float(a["y"]))
        if pts is None:
            return None
        if pts:
            glyphs.append(np.array(pts))
    if not glyphs or content.count("<path") != len(symbols) or "transform" in content:
        return None
    every = np.concatenate(glyphs)
    centre = (every.min(axis=0) + every.max(axis=0)) / 2
    out = []
    for g in glyphs:
        p = np.zeros((len(g), 3))
        p[:, 0] = (g[:, 0] - centre[0]) * TEXT_MOB_SCALE_FACTOR
        p[:, 1] = (centre[1] - g[:, 1]) * TEXT_MOB_SCALE_FACTOR
        out.append(p)
    return tuple(out)


def text(s: str, size: float = style.SMALL_SIZE, color: str = style.INK) -> Label:
    """A line of text in the talk's font."""
    return Label(s, size, color)


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


# --- layout helpers (positions only, never a shown value) ---------------------------------------------------
def tick_step(span: float, max_intervals: int = 6) -> float:
    """The smallest 1-2-5 × 10^k step that cuts [0, span] into at most `max_intervals` whole intervals."""
    exponent = int(np.floor(np.log10(span / max_intervals)))
    for power in (exponent, exponent + 1):
        for mantissa in (1, 2, 5):
            step = mantissa * 10.0**power
            if span // step <= max_intervals:
                return step
    return 10.0 ** (exponent + 2)


def spread(desired, sizes, gap: float = LABEL_GAP, low: float = -np.inf, high: float = np.inf) -> np.ndarray:
    """Label centres along one line, as close as possible (least squares) to `desired` (ascending), with
    neighbours at least (size_i + size_j)/2 + gap apart and, where there is room, inside [low, high].

    Pool-adjacent-violators on z_i = x_i − offset_i turns the spacing constraints into z non-decreasing.
    """
    desired = np.asarray(desired, dtype=float)
    sizes = np.asarray(sizes, dtype=float)
    if desired.size == 0:
        return desired
    offsets = np.concatenate([[0.0], np.cumsum((sizes[:-1] + sizes[1:]) / 2 + gap)])
    blocks: list[list[float]] = []  # [mean, count] of pooled z values
    for z in desired - offsets:
        blocks.append([z, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            (m2, c2), (m1, c1) = blocks.pop(), blocks.pop()
            blocks.append([(m1 * c1 + m2 * c2) / (c1 + c2), c1 + c2])
    z = np.concatenate([np.full(int(c), m) for m, c in blocks])
    z = np.maximum(z, low + sizes[0] / 2)
    z = np.minimum(z, high - sizes[-1] / 2 - offsets[-1])
    return z + offsets


def window(start: float, stop: float):
    """A rate function that runs from 0 to 1 while the animation's time goes from `start` to `stop`."""

    def rate(t: float) -> float:
        return min(max((t - start) / max(stop - start, 1e-12), 0.0), 1.0)

    return rate


def polyline(points: np.ndarray, color: str, width: float = style.STROKE) -> VMobject:
    """A curve through `points` (N × 3) drawn as straight segments: one Bézier curve per segment."""
    curve = VMobject(stroke_color=color, stroke_width=width)
    curve.set_points_as_corners(points)
    return curve


def drawn_share(steps: np.ndarray, step: float) -> float:
    """The proportion of a polyline through x = `steps` (ascending) that lies left of x = `step`."""
    if step <= steps[0]:
        return 0.0
    if step >= steps[-1]:
        return 1.0
    k = int(np.searchsorted(steps, step, side="right")) - 1
    return (k + (step - steps[k]) / (steps[k + 1] - steps[k])) / (len(steps) - 1)


# --- mobject builders shared by the scenes ------------------------------------------------------------------
class RunHeader(VGroup):
    """The run's name, its steps and hyperparameters, and the source of the numbers."""

    def __init__(self, run: TrainingRun):
        self.title = text(run.name, style.TITLE_SIZE)
        details = (
            f"{style.fmt_int(run.total_steps)} steps  ·  {run.schedule} schedule  ·  "
            f"warm-up {style.fmt_int(run.warmup_steps)} steps  ·  "
            f"lr {style.fmt_lr(run.max_lr)} → {style.fmt_lr(run.min_lr)}  ·  "
            f"weight decay {style.fmt_g(run.weight_decay)}"
        )
        self.details = text(details, style.SMALL_SIZE)
        self.source = text(f"source: {run.source}", style.SMALL_SIZE, style.MUTED)
        super().__init__(self.title, self.details, self.source)
        room = config.frame_width - 2 * style.MARGIN
        for line in self:  # a long name or source shrinks to fit rather than leave the frame
            if line.width > room:
                line.scale_to_fit_width(room)
        self.arrange(DOWN, buff=0.12)
        self.to_edge(UP, buff=style.MARGIN)


def step_axes(
    total_steps: int, y: tuple[float, float], x_span: tuple[float, float], y_span: tuple[float, float]
) -> Axes:
    """Axes of gradient steps 0..total_steps against 0..y[0] (ticks every y[1]), filling the box
    x_span × y_span of the frame; numbers are placed by the plots themselves (Text, no LaTeX)."""
    axes = Axes(
        x_range=[0, total_steps, tick_step(total_steps)],
        y_range=[0, y[0], y[1]],
        x_length=x_span[1] - x_span[0],
        y_length=y_span[1] - y_span[0],
        tips=False,
        axis_config={"color": style.MUTED, "stroke_width": style.THIN, "include_numbers": False},
    )
    return axes.shift(np.array([x_span[0], y_span[0], 0.0]) - axes.c2p(0, 0))


class DecayPlot(VGroup):
    """Gradient step against cumulative decay factor, with a run's ten forgetting curves.

    Parts, each a mobject of its own for the animations: `axes`, `grid`, `ticks` (tick labels),
    `axis_labels`, `curves` (ten, in start order), `start_labels` (0 %, 10 %, … at each curve's start),
    `end_dots`, `final_labels` (each curve's value at the end of training) with `leaders` and `final_header`.
    """

    def __init__(self, data: ForgettingData):
        self.data = data
        total = data.run.total_steps
        axes = step_axes(total, (1, 0.2), (PLOT_LEFT, PLOT_RIGHT), (PLOT_BOTTOM, PLOT_TOP))
        self.axes = axes
        x_ticks = np.arange(0, total + 1, tick_step(total))
        y_ticks = np.arange(0, 1.0001, 0.2)
        self.grid = VGroup(
            *[
                Line(axes.c2p(0, y), axes.c2p(total, y), stroke_color=style.FAINT, stroke_width=1)
                for y in y_ticks[1:]
            ]
        )
        self.ticks = VGroup(
            *[
                text(style.fmt_steps(x), color=style.MUTED).next_to(axes.c2p(x, 0), DOWN, 0.15)
                for x in x_ticks
            ],
            *[
                text(style.fmt_sig(y, 1), color=style.MUTED).next_to(axes.c2p(0, y), LEFT, 0.15)
                for y in y_ticks
            ],
        )
        x_label = text("gradient step", color=style.MUTED)
        x_label.next_to(self.ticks[: len(x_ticks)], DOWN, 0.12).set_x(axes.c2p(total / 2, 0)[0])
        y_label = text("cumulative decay factor", color=style.MUTED).rotate(PI / 2)
        y_label.next_to(self.ticks[len(x_ticks) :], LEFT, 0.2).set_y(axes.c2p(0, 0.5)[1])
        self.axis_labels = VGroup(x_label, y_label)

        colors = style.DECILE_COLORS
        self.curves = VGroup(
            *[
                polyline(np.transpose(axes.c2p(steps, factors)), colors[i])
                for i, (steps, factors) in enumerate(zip(data.curve_steps, data.curve_factors, strict=True))
            ]
        )
        self.start_labels = VGroup(
            *[
                text(style.fmt_percent(f, 0), color=colors[i]).next_to(axes.c2p(s, 1), UP, 0.12)
                for i, (f, s) in enumerate(zip(data.fractions, data.starts, strict=True))
            ]
        )
        self.end_dots = VGroup(
            *[Dot(c.get_end(), radius=0.045, color=c.get_stroke_color()) for c in self.curves]
        )
        self.final_labels, self.leaders = self._final_labels()
        self.final_header = text("at the end", color=style.MUTED)
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
            text(style.fmt_sig(v, 3), color=style.DECILE_COLORS[i]) for i, v in enumerate(self.data.finals)
        ]
        ends = np.array([c.get_end() for c in self.curves])
        order = np.argsort(ends[:, 1], kind="stable")
        heights = np.array([labels[i].height for i in order])
        ys = spread(ends[order, 1], heights, 0.07, PLOT_BOTTOM + 0.05, PLOT_TOP + 0.1)
        leaders = [None] * len(labels)
        for i, y in zip(order, ys, strict=True):
            labels[i].move_to([FINAL_LABEL_X, y, 0], aligned_edge=LEFT)
            leaders[i] = Line(
                ends[i] + 0.06 * RIGHT,
                labels[i].get_left() + 0.06 * LEFT,
                stroke_color=style.DECILE_COLORS[i],
                stroke_width=1.5,
                stroke_opacity=0.8,
            )
        return VGroup(*labels), VGroup(*leaders)


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
        height: float = BAR_HEIGHT,
        side=DOWN,
        label_gap: float = 0.32,
        colors=style.DECILE_COLORS,
        font_size: float = style.SMALL_SIZE,
    ):
        self.shares = np.asarray(shares, dtype=float)
        self.bar_width = width
        self.bar_height = height
        edges = np.concatenate([[0.0], np.cumsum(self.shares)]) * width - width / 2
        self.segments = VGroup()
        for i, share in enumerate(self.shares):
            seg = Rectangle(width=share * width, height=height, stroke_width=0, fill_opacity=1)
            seg.set_fill(colors[i % len(colors)]).move_to([edges[i] + share * width / 2, 0, 0])
            self.segments.add(seg)
        labels = [text(style.fmt_share(s), font_size) for s in self.shares]
        self.outside = tuple(
            lab.width + 2 * BAR_LABEL_PAD > seg.width or lab.height + BAR_LABEL_PAD > height
            for lab, seg in zip(labels, self.segments, strict=True)
        )
        for lab, seg, out in zip(labels, self.segments, self.outside, strict=True):
            if not out:
                lab.set_color(style.BACKGROUND).move_to(seg)
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
                labels[i].set_color(color).move_to([x, 0, 0])
                labels[i].next_to(seg, row_side, buff=label_gap, coor_mask=np.array([0, 1, 0]))
                start = seg.get_edge_center(row_side)
                end = labels[i].get_edge_center(-row_side) - 0.05 * row_side
                knee = start + min(0.1, label_gap / 3) * row_side  # a short drop marks the segment
                leader = VMobject(stroke_color=color, stroke_width=1.5).set_points_as_corners(
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


def decay_caption() -> VGroup:
    """Below the plot during the sweep: what a curve is."""
    words = text("an update made at step s is left with", style.LABEL_SIZE)
    formula = MathTypst(
        "product_(t = s)^n (1 - eta_t lambda)", font_size=style.LABEL_SIZE + 8, color=style.INK
    )
    tail = text("of its size by step n", style.LABEL_SIZE)
    note = text("η: learning rate,  λ: weight decay", style.SMALL_SIZE, style.MUTED)
    line = VGroup(words, formula, tail).arrange(RIGHT, buff=0.2)
    group = VGroup(line, note).arrange(DOWN, buff=0.15)
    return group.move_to([BAR_CENTER[0], (CAPTION_Y + BAR_CENTER[1]) / 2 - 0.1, 0])


def bar_caption() -> Text:
    """Above the composition bar."""
    caption = text("share of the final weights from each tenth of training", style.LABEL_SIZE)
    return caption.move_to([BAR_CENTER[0], CAPTION_Y, 0])


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

    def construct(self) -> None:
        self.run = self.RUN
        self.data = forgetting_data(self.run)
        header = RunHeader(self.run)
        plot = DecayPlot(self.data)
        self.plot, self.axes, self.curves = plot, plot.axes, list(plot.curves)
        self.play(FadeIn(header.title, shift=0.2 * DOWN), run_time=1.0)
        self.play(FadeIn(header.details, header.source), Create(plot.axes), FadeIn(plot.grid), run_time=1.2)
        self.play(FadeIn(plot.ticks, plot.axis_labels), run_time=0.6)
        caption = decay_caption()
        self.play(FadeIn(caption), run_time=0.6)

        self.beat()
        play_sweep(self, plot, self.SWEEP_SECONDS)
        self.play(show_final_values(plot))
        self.wait(1.2)

        self.beat()
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


# --- learning-rate schedules -------------------------------------------------------------------------------
SCHEDULE_POINTS = 300  # samples after the warm-up; the warm-up gets its own 60 so its corner is exact


@dataclass(frozen=True, eq=False)
class ScheduleData:
    """Both schedules (cosine and linear) with one run's hyperparameters at sampled steps, from mathcore."""

    run: TrainingRun
    steps: np.ndarray
    lrs: dict[str, np.ndarray]


def schedule_data(run: TrainingRun) -> ScheduleData:
    """The run's hyperparameters under every schedule of mathcore.schedules.SCHEDULES, at sampled steps that
    include step 0, the end of the warm-up and the last step exactly."""
    T, w = run.total_steps, run.warmup_steps
    steps = np.unique(
        np.rint(np.concatenate([np.linspace(0, w, 60), np.linspace(w, T - 1, SCHEDULE_POINTS)])).astype(
            np.int64
        )
    )
    lrs = {name: f(steps, T, w, run.max_lr, run.min_lr) for name, f in SCHEDULES.items()}
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
        self.ticks = VGroup(
            *[
                text(style.fmt_steps(x), color=style.MUTED).next_to(axes.c2p(x, 0), DOWN, 0.15)
                for x in x_ticks
            ],
            *[
                text(style.fmt_lr(y) if y > 0 else "0", color=style.MUTED).next_to(axes.c2p(0, y), LEFT, 0.15)
                for y in y_ticks
            ],
        )
        x_label = text("gradient step", color=style.MUTED)
        x_label.next_to(self.ticks[: len(x_ticks)], DOWN, 0.12).set_x(axes.c2p(T / 2, 0)[0])
        y_label = text("learning rate", color=style.MUTED).rotate(PI / 2)
        y_label.next_to(self.ticks[len(x_ticks) :], LEFT, 0.2).set_y(axes.c2p(0, run.max_lr / 2)[1])
        self.axis_labels = VGroup(x_label, y_label)

        self.curves, self.legends = {}, {}
        for name, lr in data.lrs.items():
            points = np.transpose(axes.c2p(data.steps, lr))
            self.curves[name] = polyline(points, style.SCHEDULE_COLORS[name])
        # Legends at 30 % of training, where cosine runs above linear: cosine above, linear below its curve.
        for name, share, direction in (("cosine", 0.3, UP + RIGHT), ("linear", 0.3, DOWN + LEFT)):
            k = int(np.searchsorted(data.steps, share * T))
            anchor = axes.c2p(data.steps[k], data.lrs[name][k])
            self.legends[name] = text(name, style.LABEL_SIZE, style.SCHEDULE_COLORS[name]).next_to(
                anchor, direction, 0.1
            )

        def level(y: float, label: str) -> VGroup:
            line = one_path(
                DashedLine(
                    axes.c2p(0, y),
                    axes.c2p(T, y),
                    stroke_color=style.MUTED,
                    stroke_width=1.5,
                    dash_length=0.08,
                )
            )
            return VGroup(line, text(label, color=style.MUTED).next_to(line, RIGHT, 0.15))

        self.peak = level(run.max_lr, f"peak {style.fmt_lr(run.max_lr)}")
        self.minimum = level(run.min_lr, f"minimum {style.fmt_lr(run.min_lr)}")
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
        label = text(f"warm-up: {style.fmt_int(run.warmup_steps)} steps").next_to(bracket, RIGHT, 0.15)
        self.warmup = VGroup(band, bracket, label)
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

    SEED_RUN: ClassVar[TrainingRun] = RUNS["gpt2-124m-1x"]  # the seed's 6e-4 → 6e-5, warm-up 700
    RUN: ClassVar[TrainingRun] = RUNS["olmo-7b"]

    def construct(self) -> None:
        seed = self.SEED_RUN
        header = VGroup(
            text("Learning-rate schedules", style.TITLE_SIZE),
            text(
                f"linear warm-up over {style.fmt_int(seed.warmup_steps)} steps, then cosine or linear decay "
                f"from {style.fmt_lr(seed.max_lr)} to {style.fmt_lr(seed.min_lr)}",
            ),
            text(
                f"the seed's settings, over the {style.fmt_int(seed.total_steps)} steps of {seed.name}",
                color=style.MUTED,
            ),
        ).arrange(DOWN, buff=0.12)
        header.to_edge(UP, buff=style.MARGIN)
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

        self.beat()
        run = self.RUN
        new_header = RunHeader(run)
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
        used = text(
            f"{run.name} uses the {run.schedule} schedule",
            style.LABEL_SIZE,
            style.SCHEDULE_COLORS[run.schedule],
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


# --- all runs, one after another -------------------------------------------------------------------------
STACK_TOP = 1.65  # centre of the first stacked bar
STACK_PITCH = 1.02
STACK_BAR_HEIGHT = 0.36


def tenths_legend(fractions) -> VGroup:
    """A row of colour swatches, one per tenth, each with its start (0 %, 10 %, …)."""
    items = [
        VGroup(
            Rectangle(width=0.22, height=0.22, stroke_width=0, fill_color=color, fill_opacity=1),
            text(style.fmt_percent(f, 0), color=color),
        ).arrange(RIGHT, buff=0.08)
        for f, color in zip(fractions, style.DECILE_COLORS, strict=False)
    ]
    return VGroup(*items).arrange(RIGHT, buff=0.3)


def bar_stack(datas: list[ForgettingData]) -> tuple[VGroup, list[CompositionBar], VGroup]:
    """One composition bar per run, stacked, each with the run's name and step count at its left.
    Returns (names, bars, footnotes): footnotes repeat the source of any run whose source states an
    assumption."""
    names = VGroup()
    for data in datas:
        name = text(data.run.name, style.SMALL_SIZE)
        steps = text(f"{style.fmt_int(data.run.total_steps)} steps", style.SMALL_SIZE, style.MUTED)
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
    notes = [f"{d.run.name}: {d.run.source}" for d in datas if "assum" in d.run.source.lower()]
    footnotes = VGroup(*[text(n, style.SMALL_SIZE, style.MUTED) for n in notes])
    if notes:
        footnotes.arrange(DOWN, buff=0.08).to_edge(DOWN, buff=style.MARGIN)
    return names, bars, footnotes


class ForgettingAcrossRuns(LectureScene):
    """The five runs one after another, curves and bar morphing from run to run, then their bars stacked."""

    RUNS: ClassVar[tuple[TrainingRun, ...]] = tuple(RUNS.values())
    SWEEP_SECONDS: ClassVar[float] = 4.0

    def construct(self) -> None:
        datas = [forgetting_data(run) for run in self.RUNS]
        header = RunHeader(datas[0].run)
        plot = DecayPlot(datas[0])
        bar = CompositionBar(datas[0].shares, BAR_WIDTH).place(BAR_CENTER)
        caption = bar_caption()
        self.play(FadeIn(header.title, shift=0.2 * DOWN), run_time=0.8)
        self.play(FadeIn(header.details, header.source), Create(plot.axes), FadeIn(plot.grid), run_time=1.0)
        self.play(FadeIn(plot.ticks, plot.axis_labels), run_time=0.5)

        self.beat()
        play_sweep(self, plot, self.SWEEP_SECONDS)
        self.play(show_final_values(plot))

        self.beat()
        self.play(FadeIn(caption), run_time=0.5)
        self.play(bar.grow(1.5))
        self.wait(1.0)

        for data in datas[1:]:
            self.beat()
            new_header, new_plot = RunHeader(data.run), DecayPlot(data)
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

        self.beat()
        title = text("What the final weights are made of", style.TITLE_SIZE).to_edge(UP, buff=style.MARGIN)
        subtitle = VGroup(
            text("share of the final weights from each tenth of training, by its start:", color=style.MUTED),
            tenths_legend(datas[0].fractions),
        ).arrange(DOWN, buff=0.15)
        subtitle.next_to(title, DOWN, 0.12)
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
