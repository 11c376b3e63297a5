"""Where does KL(ground truth ‖ model) come from? A model Gaussian sweeps past N(0, 1) (seed 000, part 2).

- `KLSweep`: the model moves along the seed's path over its 89 frames; live counters show which share of the
  KL divergence comes from the center |x| < 2 and which from the tails, the total in nats with a Low/High
  tag, and the frame of the lowest total KL is marked when the sweep reaches it and again at the end.
- `KLLandscape`: the same sweep as points (tail share, center KL, total KL), one per frame, coloured green
  (low total KL) to red (high) in slowly turning 3-D axes; the same lowest total is ringed.

Every number is read from `mathcore.kl.sweep`, computed once for the whole path (fractional frames for smooth
motion). Per video frame the clips only index those arrays and move points: no text is typeset, no axes are
rebuilt, the curve is updated in place. Both clips show one lowest total KL, the path's own between samples
(`mathcore.kl.lowest_frame`), and name the other frames where the path reaches it.

Their pieces are in the kit: the density plot (`scenes/kit/density.py`), the read-out panel
(`scenes/kit/kl_panel.py`), the 3-D box, points and read-out of the landscape (`scenes/kit/landscape.py`).
"""

from __future__ import annotations

import math as _math

import numpy as np
from manim import (
    DEGREES,
    DOWN,
    LEFT,
    OUT,
    Circumscribe,
    Create,
    FadeIn,
    FadeOut,
    Transform,
    ValueTracker,
    VGroup,
    VMobject,
    config,
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
    seed_units_to_nats,
    sweep,
)
from scenes.kit import paper, style, words
from scenes.kit.base import LectureScene, LectureScene3D
from scenes.kit.density import DensityPlot, lowest, nearest_sample, split_figures
from scenes.kit.kl_panel import KLPanel, sweep_sources
from scenes.kit.landscape import PointReadout, SweepBox, SweepPoints, frame_text, total_colorbar
from scenes.kit.text import fitted, lines_within
from scenes.kit.widgets import Header
from scenes.kit.words import _, listing, nt, t

LOW_KL_NATS = float(seed_units_to_nats(SEED_LOW_KL_THRESHOLD, SEED_GRID))  # the seed's 25, in nats


def twins_note(others: tuple[float, ...]) -> str:
    """A note's sentence on the other frames of the same lowest total, if there are any."""
    if not others:
        return ""
    shown = [style.fmt_fixed(f, 1) for f in others]
    return " " + nt(
        "The path reaches the same lowest total at frame {frames} as well: there the model is this one"
        " mirrored, and N(0, 1) is symmetric.",
        "The path reaches the same lowest total at frames {frames} as well: there the model is this one"
        " mirrored, and N(0, 1) is symmetric.",
        len(shown),
        frames=listing(shown),
    )


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
        """The KL split for every sample of the path and at its lowest total (`min_index`, between samples,
        the same as KLLandscape's); a subclass with another path overrides this."""
        n = (cls.FRAMES - 1) * cls.SAMPLES_PER_FRAME + 1
        frames = np.union1d(np.linspace(0, cls.FRAMES - 1, n), [lowest(cls)[0]])
        return sweep(frames, grid=cls.GRID, center=cls.CENTER)

    @classmethod
    def describe(cls) -> str:
        r = cls.compute_sweep()
        return t(
            "A model Gaussian sweeps past N(0, 1); live center/tail shares of the KL and the total, lowest"
            " {kl} nats at frame {frame}",
            kl=style.fmt_sig(r.total[r.min_index], 3),
            frame=style.fmt_fixed(r.min_frame, 1),
        )

    @classmethod
    def paper_figures(cls, only: str = "") -> list[paper.PaperFigure]:
        """The KL split at the lowest and at the highest total KL of the path (the clip's takeaway in two
        pictures): one column each, and both side by side at full width; `only` those named *`only`."""
        r = cls.compute_sweep()
        figures = split_figures(cls.__name__, r, cls.GRID, cls.CENTER, [r.min_index, int(np.argmax(r.total))])
        return [f for f in figures if f.name.endswith(only)]

    @classmethod
    def sources(cls) -> tuple[str, ...]:
        return sweep_sources()

    # --- the clip's script --------------------------------------------------------------------------------
    def construct(self) -> None:
        self.prepare()
        self.beat(opening_note(self, self.result))
        self.intro()
        self.beat(minimum_note(self, self.result))
        self.sweep_to(self.result.min_frame)
        self.mark_minimum()
        self.beat(takeaway_note(self, self.result))
        self.sweep_to(self.FRAMES - 1, FadeOut(self.min_label, run_time=0.4))
        self.conclude()

    def prepare(self) -> None:
        """All numbers (from mathcore, once) and all mobjects; nothing is on screen yet."""
        self.result = r = self.compute_sweep()
        self.frame = ValueTracker(0.0)
        self.title = Header(_("Where does the KL divergence come from?"), align="left")
        self.plot = DensityPlot(r, self.GRID, self.CENTER)
        self.axes, self.plot_x, self.model_pdf = self.plot.axes, self.plot.plot_x, self.plot.model_pdf
        self.model_curve = self.plot.model_curve
        self.panel = KLPanel(r, self.LOW_KL_NATS)
        for name in ("frame", "mu", "sigma", "center", "tail", "kl"):  # scene.kl_counter is panel.kl_counter
            setattr(self, f"{name}_counter", getattr(self.panel, f"{name}_counter"))
        self.ghost, self.min_label = self.plot.minimum_marks(r.min_index)
        self.caption = takeaway_caption(room=self.panel.LEFT - 0.2)  # up to the Low/High tag
        self.show_frame(0.0)

    # --- live update ------------------------------------------------------------------------------------
    def index_of(self, frame: float) -> int:
        """The precomputed sample nearest to the (fractional) frame index."""
        return nearest_sample(self.result.frames, frame)

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
        self.play(FadeIn(self.title, shift=0.2 * DOWN), *plot.appear(), run_time=1.4)
        self.live = VGroup(self.model_curve, panel.live)
        self.play(
            FadeIn(plot.legend),
            FadeIn(panel.static),
            Create(self.model_curve),
            FadeIn(panel.live),
            run_time=1.2,
        )
        # One group, added last: while it updates, everything before it stays in the cached static frame, and
        # the static groups skip Manim's per-frame walk over their glyphs.
        self.remove(panel.live, self.model_curve)
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


def takeaway_caption(room: float) -> VGroup:
    """KLSweep's takeaway, bottom left, in lines that end before x = `room`."""
    caption = lines_within(
        [
            _("High total KL sits mostly in the center;"),
            _("a large tail share comes only with a small total."),
        ],
        room - (-config.frame_width / 2 + style.MARGIN + 0.1),
    ).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
    return caption.to_edge(DOWN, buff=style.MARGIN).to_edge(LEFT, buff=style.MARGIN + 0.1)


# --- KLSweep's notes: what the lecturer says at each beat, every number from the sweep ---------------------
def opening_note(clip: KLSweep, r: SweepResult) -> str:
    c, low = words.number(f"{clip.CENTER:g}"), style.fmt_sig(clip.LOW_KL_NATS, 2)
    level = _("Low") if r.total[0] < clip.LOW_KL_NATS else _("High")
    return t(
        "The curve that stays put is the ground truth p = N(0, 1); its center, x between −{c} and {c}, and"
        " its tails outside are shaded. The moving curve is the model q, starting at μ = {mu} and σ ="
        " {sigma}. The panel splits KL(p ‖ q) into what the center and the tails contribute: now {center}"
        " center, {tails} tails, {kl} nats in total: {level} against the threshold of {relation} {low} nats.",
        c=c,
        mu=style.fmt_fixed(r.mu[0]),
        sigma=style.fmt_fixed(r.sigma[0]),
        center=style.fmt_percent(r.center_share[0]),
        tails=style.fmt_percent(r.tail_share[0]),
        kl=style.fmt_sig(r.total[0], 3),
        level=level,
        relation=style.relation(clip.LOW_KL_NATS, low),
        low=low,
    )


def minimum_note(clip: KLSweep, r: SweepResult) -> str:
    i = r.min_index
    return t(
        "The model moves along its path, shifting and widening; watch the two shares trade places. It stops"
        " where the total is lowest: {kl} nats at frame {frame}, with μ = {mu} and σ = {sigma}. The path"
        " never passes through N(0, 1) itself, so even the best fit costs something, and there the tails"
        " carry {tails} of it.",
        kl=style.fmt_sig(r.total[i], 3),
        frame=style.fmt_fixed(r.frames[i], 1),
        mu=style.fmt_fixed(r.mu[i]),
        sigma=style.fmt_fixed(r.sigma[i]),
        tails=style.fmt_percent(r.tail_share[i]),
    ) + twins_note(lowest(clip)[1])


def takeaway_note(clip: KLSweep, r: SweepResult) -> str:
    """The last beat's note: the worst fit, and how large the tail share gets when the total is high."""
    j = int(np.argmax(r.total))
    note = t(
        "On to frame {last}, the end of the path. The total climbs to {kl} nats near frame {frame}, and"
        " there the center carries {center} of it: a model that is badly wrong is wrong mostly where the"
        " probability mass is.",
        last=style.fmt_fixed(r.frames[-1], 0),
        kl=style.fmt_sig(r.total[j], 3),
        frame=style.fmt_fixed(r.frames[j], 1),
        center=style.fmt_percent(r.center_share[j]),
    )
    high = r.total >= clip.LOW_KL_NATS
    if high.any():
        note += " " + t(
            "Whenever the total is High, the tails carry at most {tails}.",
            tails=style.fmt_percent(float(r.tail_share[high].max())),
        )
    return (
        note + " " + _("Back at the minimum, the takeaway: a large tail share comes only with a small total.")
    )


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
        return t(
            "The same sweep as {count} points (tail share, center KL, total KL) in slowly turning 3-D axes",
            count=style.fmt_int(cls.FRAMES),
        )

    @classmethod
    def sources(cls) -> tuple[str, ...]:
        return sweep_sources()

    def color(self, total: float) -> str:
        return style.ramp_color(total, self.COLOR_LOW_NATS, self.COLOR_HIGH_NATS)

    def construct(self) -> None:
        self.prepare()
        self.beat(landscape_opening_note(self))
        self.intro()
        self.beat(landscape_points_note(self, self.result, self.lowest))
        self.grow()
        self.beat(landscape_takeaway_note(self.result))
        self.wait(0.5)

    def intro(self) -> None:
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

    def grow(self) -> None:
        """The points appear one per frame while the camera turns; then the lowest total is ringed."""
        self.begin_ambient_camera_rotation(rate=self.ROTATION_RATE)
        self.add(self.dots, self.marker, self.drop)
        self.dots.add_updater(self._follow_tracker)
        run_time = (self.FRAMES - 1) * self.SECONDS_PER_FRAME
        self.play(self.frame.animate.set_value(self.FRAMES - 1), run_time=run_time, rate_func=linear)
        self.dots.remove_updater(self._follow_tracker)
        self.show_frame(self.FRAMES - 1)
        self.read(0, "lowest", self.lowest)
        self.play(
            FadeOut(self.marker),
            FadeOut(self.drop),
            FadeIn(self.min_mark),
            FadeIn(self.caption),
            run_time=1.0,
        )
        self.wait(2.5)
        self.stop_ambient_camera_rotation()

    def prepare(self) -> None:
        """Numbers from mathcore (once), the axes, the points and the text fixed in the frame."""
        self.result = self.compute_sweep()
        self.lowest = sweep(np.array([lowest(self)[0]]), grid=self.GRID, center=self.CENTER)  # KLSweep's too
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
        self.show_frame(0)

    def _build_axes(self) -> None:
        self.box = SweepBox(self.result)
        self.axes, self.axes_drawn, self.axis_labels = self.box.axes, self.box.axes_drawn, self.box.labels
        self.add_fixed_orientation_mobjects(*self.axis_labels, use_static_center_func=True)  # face the camera
        self.remove(*self.axis_labels)

    def _build_points(self) -> None:
        self.points = SweepPoints(self.axes, self.result, self.lowest, self.color)
        self.dots, self.marker, self.drop = self.points.dots, self.points.marker, self.points.drop
        self.min_mark = self.points.min_mark
        # Points turn to face the camera; those that never move keep a center computed once, not per frame.
        self.add_fixed_orientation_mobjects(*self.dots, self.min_mark, use_static_center_func=True)
        self.add_fixed_orientation_mobjects(self.marker)
        self.remove(*self.dots, self.marker, self.min_mark)
        self.points.hide()
        self.floor = self.box.floor

    def _build_frame_text(self) -> None:
        self.title = Header(_("Every frame of the sweep as a point"), align="left")
        self.readout = PointReadout(self.result, self.LOW_KL_NATS)
        self.readout_labels, self.readout_live = self.readout.labels, self.readout.live
        for name in ("frame_counter", "tail_counter", "center_counter", "total_counter"):
            setattr(self, name, getattr(self.readout, name))
        self.colorbar = total_colorbar(
            self.COLOR_LOW_NATS, self.COLOR_HIGH_NATS, self.color, self.LOW_KL_NATS
        )
        self.caption = fitted(
            _("High total KL (red) comes with a small tail share: the center carries the loss."),
            config.frame_width - 2 * style.MARGIN,
            centred=True,
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
        if self.points.show(i):
            self.read(i, "newest")

    def read(self, i: int, head: str = "lowest", result: SweepResult | None = None) -> None:
        """The readout shows sample `i` of the sweep (or of `result`), under the heading "newest point" or
        "lowest total KL"."""
        self.readout.show(i, head, result)

    def _follow_tracker(self, mob) -> None:
        self.show_frame(self.frame.get_value())


# --- KLLandscape's notes --------------------------------------------------------------------------------
def landscape_opening_note(clip: KLLandscape) -> str:
    low = style.fmt_sig(clip.LOW_KL_NATS, 2)
    return t(
        "The same sweep, one point per frame, in three dimensions: across, the tail share of the KL; in"
        " depth, the center's KL; up, the total KL, both in nats. A point's colour follows its total (the"
        " bar at the right): Low below the threshold of {relation} {low} nats, High above.",
        relation=style.relation(clip.LOW_KL_NATS, low),
        low=low,
    )


def landscape_points_note(clip: KLLandscape, r: SweepResult, m: SweepResult) -> str:
    """The points beat's note: `m` is the path's lowest total (one sample), as KLSweep shows it."""
    f = float(m.frames[0])
    between = (
        t(
            ", between the points of frames {before} and {after}",
            before=style.fmt_fixed(_math.floor(f), 0),
            after=style.fmt_fixed(_math.ceil(f), 0),
        )
        if not f.is_integer()
        else ""
    )
    return t(
        "The {count} points appear one per frame while the axes turn; the read-out follows the newest point,"
        " whose height above the floor is its total. At the end the lowest total on the path is ringed:"
        " frame {frame}{between}, {kl} nats, with a tail share of {tails}.",
        count=style.fmt_int(len(r.frames)),
        frame=frame_text(f),
        between=between,
        kl=style.fmt_sig(m.total[0], 3),
        tails=style.fmt_percent(m.tail_share[0]),
    ) + twins_note(lowest(clip)[1])


def landscape_takeaway_note(r: SweepResult) -> str:
    j = int(np.argmax(r.total))
    return t(
        "The takeaway: the highest points all stand at small tail shares. The highest, {kl} nats at frame"
        " {frame}, has a tail share of only {tails}: when the total KL is high, the center carries the loss.",
        kl=style.fmt_sig(r.total[j], 3),
        frame=frame_text(r.frames[j]),
        tails=style.fmt_percent(r.tail_share[j]),
    )
