"""How much smaller an LLM is than the text it was trained on: the opening clip of the talk.

`CompressionCircle` derives the bytes of training text and of weights (Llama 3 8B: 15 T tokens x 4 bytes =
60 TB against 8 B parameters x 4 bytes = 32 GB, a rate of 1875x), then shrinks a circle whose area stands for
the text into one whose area stands for the weights: the area ratio is the rate, so the radius ratio is its
square root (43.3), not the seed's double square root. The seed faded the circle white -> black on a white
page, from "like the page" to "full contrast"; on this dark slate that is a faint fill becoming an opaque,
bright one. A live counter shows the current area ratio.

Every number comes from `mathcore.compression` and is formatted by `scenes.kit.style`. Another model is a
subclass that changes the class attributes (see `CompressionCircleLlama2`).
"""

from __future__ import annotations

from functools import partial

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Circle,
    DashedVMobject,
    FadeIn,
    GrowFromCenter,
    ManimColor,
    MathTypst,
    UpdateFromAlphaFunc,
    VGroup,
    VMobject,
    Write,
    config,
    interpolate,
    interpolate_color,
    smooth,
)

from mathcore.compression import BYTES_PER_PARAM, CompressionStats, circle_radii, compression_stats
from scenes.kit import paper, style
from scenes.kit.base import LectureScene
from scenes.kit.text import label, math, part
from scenes.kit.widgets import GlyphCounter, Header, one_path


def counter_text(rate: float, ratio: float) -> str:
    """The counter's text: whole numbers while the circle shrinks, the exact `rate` at the end.

    A module function (not a method): animations deep-copy the counter, and with it its formatter.
    """
    return style.fmt_rate(ratio if ratio == rate else float(round(ratio)))


# --- the derivation: formulas, each number through the style formatters -----------------------------------
def sizes(decimal: float, dec_unit: str, binary: float, bin_unit: str) -> str:
    """Typst for '= 60 TB (≈ 54.6 TiB)', signs chosen by style.relation: '≈' wherever we rounded."""
    dec, bnr = style.fmt_size(decimal, dec_unit), style.fmt_size(binary, bin_unit)
    approx = f'{style.relation(binary, bnr)} "{bnr}"'
    return f"{style.relation(decimal, dec)} {part(dec, 'result')} space ({approx})"


def sized(x: float, unit: str) -> str:
    """'60 TB' when that is exact, '≈ 54.6 TiB' when rounded: a size as a note says it."""
    shown = style.fmt_size(x, unit)
    return shown if style.relation(x, shown) == "=" else f"≈ {shown}"


def product(count: float, noun: str, per: float, per_unit: str, size: str, color: str) -> MathTypst:
    """'15 T tokens × 4 bytes/token = 60 TB (≈ 54.6 TiB)': count × bytes each = size (in `color`)."""
    each = style.fmt_size(per, per_unit)
    return math(f'"{style.fmt_count(count)} {noun}" times "{each}" {size}', result=color)


def data_line(s: CompressionStats) -> MathTypst:
    """15 T tokens × 4 bytes/token = 60 TB (≈ 54.6 TiB)."""
    size = sizes(s.data_tb, "TB", s.data_tib, "TiB")
    return product(s.num_tokens, "tokens", s.bytes_per_token, "bytes/token", size, style.DATA)


def weights_line(s: CompressionStats) -> MathTypst:
    """8 B params × 4 bytes/param = 32 GB (≈ 29.8 GiB)."""
    size = sizes(s.model_gb, "GB", s.model_gib, "GiB")
    return product(s.num_params, "params", s.bytes_per_param, "bytes/param", size, style.WEIGHTS)


def rate_line(s: CompressionStats) -> MathTypst:
    """60 TB / 32 GB = 1875×, as a fraction."""
    rate = style.fmt_rate(s.rate)
    return math(
        f"({part(style.fmt_size(s.data_tb, 'TB'), 'data')})"
        f"/({part(style.fmt_size(s.model_gb, 'GB'), 'model')})"
        f' {style.relation(s.rate, rate)} "{rate}"',
        size=style.BODY_SIZE,
        data=style.DATA,
        model=style.WEIGHTS,
    )


def data_label(s: CompressionStats) -> VMobject:
    """The training text's circle: 'training text: 60 TB'."""
    return label(f"training text: {style.fmt_size(s.data_tb, 'TB')}", color=style.DATA)


def weights_label(s: CompressionStats, weight_format: str) -> VGroup:
    """The weights' circle, two short lines: narrow enough to sit inside the large circle under a small
    circle of rate 10."""
    return VGroup(
        label(f"weights ({weight_format})", color=style.WEIGHTS),
        label(style.fmt_size(s.model_gb, "GB"), color=style.WEIGHTS),
    ).arrange(DOWN, buff=0.1)


def scale_words(to_scale: bool) -> str:
    return "drawn to scale" if to_scale else "small circle enlarged: not to scale"


def derivation(s: CompressionStats, weight_format: str, alt: CompressionStats | None, alt_format) -> VGroup:
    """The derivation's blocks (a header and its formulas each), one under the other."""
    blocks = [
        VGroup(label("training text", color=style.DATA), data_line(s)),
        VGroup(label(f"model weights ({weight_format})", color=style.WEIGHTS), weights_line(s)),
        VGroup(label("compression rate"), rate_line(s)),
    ]
    if alt is not None:
        header = label(f"the same weights in {alt_format}", color=style.WEIGHTS)
        blocks.append(VGroup(header, weights_line(alt), rate_line(alt)))
    for block in blocks:
        block.arrange(DOWN, aligned_edge=LEFT, buff=0.16)
    return VGroup(*blocks).arrange(DOWN, aligned_edge=LEFT, buff=0.4)


PAPER_DERIVATION_SCALE = 0.84


class CompressionCircle(LectureScene):
    """An LLM's weights against its training text: the derivation, then a circle shrinking by the rate.

    Subclass and change the class attributes for another model; every number follows from them (MODEL and
    SOURCE are shown as given). Beats (slide breaks): after the derivation, before the shrink, before the
    ALT_FORMAT line. For tests: `stats`, `alt_stats`, `true_radii` (mathcore's), `drawn_radii`, `to_scale`,
    `large_circle`, `small_circle`, `counter` (`.value`, `.text`), `blocks`, the labels and `scale_note`.
    """

    MODEL = "Llama 3 8B"
    NUM_TOKENS = 15e12  # "pretrained on over 15 trillion tokens"
    NUM_PARAMS = 8e9
    BYTES_PER_TOKEN = 4  # a token is ~4 characters of ~1 byte each (UTF-8, mostly ASCII)
    BYTES_PER_PARAM = 4
    WEIGHT_FORMAT = "fp32"
    ALT_FORMAT: str | None = "bf16"  # the last beat: the same model stored in this format; None skips it
    SOURCE = "Meta, Llama 3 model card (2024)"

    MAX_RADIUS = 2.6  # scene units: the training text's circle, at most; smaller if the layout needs it
    MIN_RADIUS_PX = 4.0  # the model's circle is never drawn smaller than this, in pixels of the output
    MIN_RADIUS_PT = 1.0  # nor, in a paper figure, than this many points

    SECONDS = 15  # the clip's length at normal speed (the tests check it against the render)

    # --- the numbers ------------------------------------------------------------------------------------
    @classmethod
    def numbers(cls) -> tuple[CompressionStats, CompressionStats | None]:
        """The stats to show, from mathcore, and the same model in the alternative weight format (or None)."""
        known = BYTES_PER_PARAM.get(cls.WEIGHT_FORMAT)
        if known is not None and known != cls.BYTES_PER_PARAM:
            raise ValueError(
                f"BYTES_PER_PARAM must be {known} for WEIGHT_FORMAT {cls.WEIGHT_FORMAT!r}, "
                f"got {cls.BYTES_PER_PARAM!r}"
            )
        if cls.ALT_FORMAT is not None and cls.ALT_FORMAT not in BYTES_PER_PARAM:
            raise ValueError(
                f"ALT_FORMAT must be None or one of {sorted(BYTES_PER_PARAM)}, got {cls.ALT_FORMAT!r}"
            )
        stats = compression_stats(cls.NUM_TOKENS, cls.NUM_PARAMS, cls.BYTES_PER_TOKEN, cls.BYTES_PER_PARAM)
        if cls.ALT_FORMAT is None or cls.ALT_FORMAT == cls.WEIGHT_FORMAT:
            return stats, None
        alt = BYTES_PER_PARAM[cls.ALT_FORMAT]
        return stats, compression_stats(cls.NUM_TOKENS, cls.NUM_PARAMS, cls.BYTES_PER_TOKEN, alt)

    @classmethod
    def describe(cls) -> str:
        """What the clip shows, with its numbers (the catalogue and the README's scene table)."""
        s, alt = cls.numbers()
        text = (
            f"{cls.MODEL}: {style.fmt_size(s.data_tb, 'TB')} of text vs {style.fmt_size(s.model_gb, 'GB')} of"
            f" weights ({cls.WEIGHT_FORMAT}), a circle shrinking by area {style.fmt_rate(s.rate)}"
        )
        return text + (f" ({cls.ALT_FORMAT}: {style.fmt_rate(alt.rate)})" if alt else "")

    @classmethod
    def sources(cls) -> tuple[str, ...]:
        return (
            f"{cls.MODEL}: {cls.SOURCE}",
            f"{style.fmt_size(cls.BYTES_PER_TOKEN, 'bytes')} per token is an estimate: a token is about that"
            " many characters of mostly-ASCII text, a byte each in UTF-8",
            "sizes and rate: mathcore.compression.compression_stats;"
            " radii: mathcore.compression.circle_radii",
        )

    def compute(self) -> None:
        self.stats, self.alt_stats = self.numbers()

    @classmethod
    def paper_figures(cls) -> list[paper.PaperFigure]:
        """The two circles as the clip ends (areas in the ratio of the bytes) with their labels, one column;
        at full width with the derivation beside them."""
        s, alt = cls.numbers()
        figures = [paper.PaperFigure(f"{cls.__name__}_circles_column", "column", cls.circles(s, 1.45))]
        # its words at 8 pt, the rate at 10 pt (the clip's sizes are for a screen)
        column = derivation(s, cls.WEIGHT_FORMAT, alt, cls.ALT_FORMAT).scale(PAPER_DERIVATION_SCALE)
        both = VGroup(cls.circles(s, 1.6), column).arrange(RIGHT, buff=0.8)
        figures.append(paper.PaperFigure(f"{cls.__name__}_circles_full", "full", both))
        return figures

    @classmethod
    def circles(cls, s: CompressionStats, large: float) -> VGroup:
        """The training text's circle of radius `large` and the weights' circle inside it, area ratio the
        rate (the small one enlarged to MIN_RADIUS_PT on paper if it would be smaller), with their labels,
        the rate and whether it is drawn to scale."""
        unit_large, _ = circle_radii(s.rate, 1.0)
        _, r_small = circle_radii(s.rate, large / unit_large)
        least = cls.MIN_RADIUS_PT / paper.PT_PER_UNIT
        outer = Circle(radius=large, color=style.DATA, stroke_width=style.THIN).set_fill(style.DATA, 0.3)
        inner = Circle(radius=max(r_small, least), color=style.INK, stroke_width=style.HAIRLINE)
        inner.set_fill(style.WEIGHTS, 1.0)
        small_label = weights_label(s, cls.WEIGHT_FORMAT)
        small_label.next_to(inner, DOWN, 0.2)
        rate = VGroup(label("area ratio", color=style.MUTED), label(style.fmt_rate(s.rate)))
        note = VGroup(
            label("circle areas ∝ bytes", style.SMALL_SIZE, style.MUTED),
            label(scale_words(r_small >= least), style.SMALL_SIZE, style.MUTED),
        )
        below = VGroup(rate.arrange(RIGHT, buff=0.2), note.arrange(DOWN, buff=0.08)).arrange(DOWN, buff=0.15)
        below.next_to(outer, DOWN, 0.2)
        return VGroup(data_label(s).next_to(outer, UP, 0.2), outer, inner, small_label, below)

    def set_radii(self, large: float) -> None:
        """The circles' radii for a large circle of radius `large`: mathcore's (area ratio = rate), and the
        drawn ones, where the small circle is at least MIN_RADIUS_PX pixels of the output."""
        unit_large, _ = circle_radii(self.stats.rate, 1.0)
        self.true_radii = circle_radii(self.stats.rate, large / unit_large)
        min_radius = self.MIN_RADIUS_PX * config.frame_height / config.pixel_height
        self.to_scale = self.true_radii[1] >= min_radius
        self.drawn_radii = (self.true_radii[0], max(self.true_radii[1], min_radius))

    def build(self) -> None:
        """Every mobject of the clip at its final place; construct() only animates them in."""
        frame_w, frame_h = config.frame_width, config.frame_height
        left, right = -frame_w / 2 + style.MARGIN + 0.1, frame_w / 2 - style.MARGIN
        bottom = -frame_h / 2 + style.MARGIN

        title, source = f"{self.MODEL}: weights vs. training text", f"Source: {self.SOURCE}"
        self.header = Header(title, source=source, align="left")
        self.title, self.source = self.header.title, self.header.source

        self.column = derivation(self.stats, self.WEIGHT_FORMAT, self.alt_stats, self.ALT_FORMAT)
        self.blocks = list(self.column)
        below_title = self.title.get_bottom()[1] - 0.4
        room = below_title - (self.source.get_top()[1] + 0.4)
        if self.column.height > room:  # an unusually long derivation: keep it between title and source
            self.column.scale(room / self.column.height)
        self.column.shift([left, below_title, 0] - self.column.get_corner(UP + LEFT))

        # Right of the column, top to bottom: label, circle, counter, note. The circle takes what is left.
        s = self.stats
        self.large_label = data_label(s)
        self.small_label = weights_label(s, self.WEIGHT_FORMAT)
        final = style.fmt_rate(s.rate)
        self.counter_label = label("area ratio", color=style.MUTED)
        self.counter = GlyphCounter(
            partial(counter_text, s.rate), s.rate, slots=len(final), font_size=style.BODY_SIZE
        )
        counter_line = VGroup(self.counter_label, self.counter).arrange(RIGHT, buff=0.25)
        self.counter_label.align_to(self.counter.corner(), DOWN)
        # Two lines of note whatever they say: the radius can be chosen before the wording.
        self.scale_note = VGroup(label("circle areas ∝ bytes", size=style.SMALL_SIZE, color=style.MUTED))
        x0, y0 = self.column.get_right()[0] + 0.5, self.title.get_bottom()[1] - 0.3
        if self.source.get_right()[0] > x0 - 0.3:  # a long source line: the circles stay above it
            bottom = self.source.get_top()[1] + 0.2
        free_h = y0 - bottom - self.large_label.height - counter_line.height - 4 * 0.2
        free_h -= 2 * self.scale_note.height + 0.1
        self.set_radii(min(self.MAX_RADIUS, (right - x0) / 2, free_h / 2))
        self.scale_note.add(label(scale_words(self.to_scale), size=style.SMALL_SIZE, color=style.MUTED))
        self.scale_note.arrange(DOWN, buff=0.1)
        r_large, r_small = self.drawn_radii

        # small_circle starts as large as the training text's circle and shrinks in place; large_circle is
        # the dashed outline it leaves behind.
        self._unit_circle = Circle(radius=1.0).points.copy()
        self.small_circle = Circle(radius=r_large, color=style.DATA, stroke_width=style.THIN)
        self.small_circle.set_fill(style.DATA, opacity=0.3)
        right_column = VGroup(self.large_label, self.small_circle, counter_line, self.scale_note)
        right_column.arrange(DOWN, buff=0.2)
        right_column.move_to([(x0 + right) / 2, (y0 + bottom) / 2, 0])
        self.circle_center = self.small_circle.get_center()
        self.large_circle = one_path(
            DashedVMobject(
                Circle(radius=r_large, stroke_width=style.THIN, color=style.DATA).move_to(self.circle_center),
                num_dashes=72,
            )
        )
        self.small_label.move_to(self.circle_center + DOWN * (r_small + 0.2 + self.small_label.height / 2))
        self.counter.set_value(1.0)

    def set_ratio(self, ratio: float, alpha: float) -> None:
        """The shrinking circle at area ratio `ratio` (1 .. rate) and the counter showing it."""
        unit_large, _ = circle_radii(ratio, 1.0)  # area ratio `ratio` <=> radius ratio unit_large
        r_large, r_small = self.drawn_radii
        radius = max(r_large / unit_large, r_small)
        self.small_circle.set_points(self._unit_circle * radius + self.circle_center)
        self.small_circle.set_fill(
            interpolate_color(ManimColor(style.DATA), ManimColor(style.WEIGHTS), alpha),
            opacity=interpolate(0.3, 1.0, alpha),
        )
        self.small_circle.set_stroke(interpolate_color(ManimColor(style.DATA), ManimColor(style.INK), alpha))
        self.counter.set_value(self.stats.rate if alpha >= 1.0 else ratio)

    # --- the clip -----------------------------------------------------------------------------------------
    def construct(self) -> None:
        self.compute()
        self.build()
        s, alt = self.stats, self.alt_stats

        self.beat(
            f"The arithmetic first. {self.MODEL} was trained on {style.fmt_count(s.num_tokens)} tokens of"
            f" text at about {style.fmt_size(s.bytes_per_token, 'bytes')} each: {sized(s.data_tb, 'TB')}"
            f" ({sized(s.data_tib, 'TiB')}: TB counts decimal bytes, TiB binary ones). Its"
            f" {style.fmt_count(s.num_params)} parameters at {style.fmt_size(s.bytes_per_param, 'bytes')}"
            f" each ({self.WEIGHT_FORMAT}) take {sized(s.model_gb, 'GB')}. Divide the two: the weights are"
            f" {style.fmt_rate(s.rate)} smaller than the text they were trained on, so the model cannot be"
            " storing its training text; it has to compress it."
        )
        self.play(FadeIn(self.title, shift=0.2 * DOWN), FadeIn(self.source), run_time=0.8)
        for block in self.blocks[:3]:
            self.show_block(block)

        self.beat(
            f"Now the picture. The area of this circle stands for the {style.fmt_size(s.data_tb, 'TB')} of"
            " training text. Areas, not radii, carry the bytes, so the next step shows the ratio honestly."
        )
        self.play(
            GrowFromCenter(self.small_circle),
            FadeIn(self.large_label, shift=0.1 * DOWN),
            FadeIn(self.counter_label),
            FadeIn(self.counter),
            run_time=1.0,
        )

        radius = style.fmt_sig(self.true_radii[0] / self.true_radii[1], 3)
        scale = (
            "The small circle is drawn to scale: point at how little is left."
            if self.to_scale
            else "At this resolution the true small circle would be smaller than a few pixels, so it is"
            " drawn larger and labelled not to scale."
        )
        self.beat(
            f"Watch the counter: the circle shrinks until its area is {style.fmt_rate(s.rate)} smaller, the"
            f" {style.fmt_size(s.model_gb, 'GB')} of weights; the dashed outline keeps the text's size. An"
            f" area {style.fmt_rate(s.rate)} smaller is a radius only"
            f" {style.relation(self.true_radii[0] / self.true_radii[1], radius)} {radius}× smaller. {scale}"
        )
        self.add(self.large_circle)
        self.bring_to_front(self.small_circle)
        rate = self.stats.rate
        self.play(
            UpdateFromAlphaFunc(
                VGroup(self.small_circle, self.counter),
                # In log space: equal steps of (smoothed) time multiply the area ratio by equal factors.
                lambda _, a: self.set_ratio(rate**a, a),
                rate_func=smooth,
                run_time=3.0,
            )
        )
        self.play(FadeIn(self.small_label, shift=0.1 * UP), FadeIn(self.scale_note), run_time=0.8)
        self.wait(1.0)

        if alt is not None:
            self.beat(
                f"One more line: stored in {self.ALT_FORMAT}, {style.fmt_size(alt.bytes_per_param, 'bytes')}"
                f" per parameter, the same weights take {sized(alt.model_gb, 'GB')} and the rate becomes"
                f" {style.fmt_rate(alt.rate)}. The rate depends on how the weights are stored: always quote"
                " it with the number format."
            )
            self.show_block(self.blocks[3])
        self.wait(1.2)

    def show_block(self, block: VGroup) -> None:
        """A header and its formulas, written line by line."""
        header, first, *rest = block
        self.play(FadeIn(header, shift=0.1 * RIGHT), Write(first), run_time=1.2)
        for formula in rest:
            self.play(Write(formula), run_time=0.8)
        self.wait(0.4)


class CompressionCircleLlama2(CompressionCircle):
    """Llama 2 7B: 2.0 T tokens, 7 B parameters (Touvron et al. 2023, arXiv 2307.09288, Table 1)."""

    MODEL, NUM_TOKENS, NUM_PARAMS = "Llama 2 7B", 2e12, 7e9
    SOURCE = "Touvron et al., Llama 2 (arXiv 2307.09288), Table 1"
