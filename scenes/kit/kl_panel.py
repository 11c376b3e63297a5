"""The KL sweep's read-out panel: the KL formula, the model's parameters, the center/tail shares of the KL
with a bar that splits like them, and the total in nats with its Low/High tag, all updated per video frame
without typesetting."""

from __future__ import annotations

import numpy as np
from manim import DOWN, ORIGIN, RIGHT, Line, Polygon, VGroup

from mathcore.kl import SweepResult
from scenes.kit import style
from scenes.kit.density import formula
from scenes.kit.text import fitted, label
from scenes.kit.widgets import GlyphCounter, OutlineSwitch, flatten, readout_row
from scenes.kit.words import _, t


class KLPanel(VGroup):
    """The right column: the formula, the model's parameters, the center/tail shares of the KL with a bar
    that splits like them, and the total in nats with its Low/High tag.

    `static` never changes (one path per colour); `counters`, `center_bar`, `tail_bar`, `level_tag` (together
    `live`) change every frame through :meth:`show`; `kl_row` is what the minimum beat circles.
    """

    LEFT, RIGHT = 2.45, 6.75

    def __init__(self, result: SweepResult, low_kl: float):
        self.result, self.low_kl = result, low_kl
        left, right = self.LEFT, self.RIGHT
        r = result

        def row(name, y, counter=None, unit="", baseline=True) -> VGroup:
            return readout_row(name, y, left, right - 0.95, counter, unit, baseline=baseline, right=right)

        head = formula('D_"KL" (p || q) = integral (p ln p/q - p + q) dif x', 16.5)
        head.move_to(np.array([(left + right) / 2, 2.45, 0.0]))
        names = label(_("p: ground truth,  q: model"), style.SMALL_SIZE, style.MUTED).next_to(
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
            row(label(_("frame")), 1.15, self.frame_counter, t("of {last}", last=last)),
            row(formula("mu"), 0.62, self.mu_counter, baseline=False),
            row(formula("sigma"), 0.09, self.sigma_counter, baseline=False),
            row(label(_("share of the KL"), style.SMALL_SIZE, style.MUTED), -0.62),
            row(label(_("center"), color=style.CENTER), -1.1, self.center_counter),
            row(label(_("tails"), color=style.TAILS), -1.6, self.tail_counter),
            row(label(_("total KL")), -2.78, self.kl_counter, _("nats")),
        )
        rules = VGroup(
            *[Line([left, y, 0], [right, y, 0]).set_stroke(style.FAINT, style.THIN) for y in (-0.27, -2.4)]
        )
        self.bar_box = (left, -2.14, right, -1.92)  # x0, y0, x1, y1 of the share bar
        self.center_bar = Polygon(*[ORIGIN] * 4, stroke_width=0, fill_color=style.CENTER, fill_opacity=0.85)
        self.tail_bar = Polygon(*[ORIGIN] * 4, stroke_width=0, fill_color=style.TAILS, fill_opacity=0.85)
        shown = style.fmt_sig(low_kl, 2)
        tags = {"Low": label(_("Low"), color=style.LOW), "High": label(_("High"), color=style.HIGH)}
        room = right - left - max(tag.width for tag in tags.values()) - 0.2  # beside the Low/High tag
        threshold = fitted(
            t("threshold {relation} {kl} nats", relation=style.relation(low_kl, shown), kl=shown),
            room,
            style.SMALL_SIZE,
            style.MUTED,
            centred=True,
        )
        row(threshold, -3.3)
        threshold.align_to(rows[-1][-1], RIGHT)
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
        self.live = VGroup(self.counters, self.center_bar, self.tail_bar, self.level_tag)  # all that changes
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


def sweep_sources() -> tuple[str, ...]:
    """Where the sweep's numbers come from (the script's source list), in the language in force."""
    return (
        t(
            "the sweep, its shares and totals: {sweep} on the seed's grid (seed notebook 000, part 2)",
            sweep="mathcore.kl.sweep",
        ),
        t(
            "the lowest total KL: {lowest}, the path's minimum between samples",
            lowest="mathcore.kl.lowest_frame",
        ),
        t(
            "the Low/High threshold: the seed's threshold in nats, {units}",
            units="mathcore.kl.seed_units_to_nats",
        ),
    )
