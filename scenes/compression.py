"""How much smaller an LLM is than the text it was trained on: the opening clip of the talk.

`CompressionCircle` derives the bytes of training text and of weights (Llama 3 8B: 15 T tokens x 4 bytes =
60 TB against 8 B parameters x 4 bytes = 32 GB, a rate of 1875x), then shrinks a circle whose area stands for
the text into one whose area stands for the weights: the area ratio is the rate, so the radius ratio is its
square root (43.3), not the seed's double square root. The seed faded the circle white -> black on a white
page, from "like the page" to "full contrast"; on this dark slate that is a faint fill becoming an opaque,
bright one. A live counter shows the current area ratio.

Every number comes from `mathcore.compression` and is formatted by `scenes.kit.style`. Another model is a
subclass that changes the class attributes (see `CompressionCircleLlama2`). The formulas are built in
`scenes/kit/derivation.py`, the circles, their labels and the counter in `scenes/kit/circles.py`.
"""

from __future__ import annotations

from manim import (
    DOWN,
    RIGHT,
    UP,
    FadeIn,
    VGroup,
    Write,
    config,
)

from mathcore.compression import BYTES_PER_PARAM, CompressionStats, compression_stats
from scenes.kit import paper, style
from scenes.kit.base import LectureScene
from scenes.kit.circles import ShrinkingCircle, circle_sizes, paper_circles
from scenes.kit.derivation import derivation, place_column
from scenes.kit.widgets import Header
from scenes.kit.words import _, t

PAPER_DERIVATION_SCALE = 0.84
# what the scene shows of its ShrinkingCircle under the same names (the tests read them on the scene)
CIRCLE_PARTS = (
    "large_label small_label counter_label counter scale_note small_circle large_circle circle_center"
)
RADII = ("circle_center", "true_radii", "to_scale", "drawn_radii")


def model_numbers(clip: type) -> tuple[CompressionStats, CompressionStats | None]:
    """A clip's stats from mathcore for its class attributes, and the same model in its ALT_FORMAT (or None);
    a weight format whose bytes per parameter are known must match BYTES_PER_PARAM."""
    known = BYTES_PER_PARAM.get(clip.WEIGHT_FORMAT)
    if known is not None and known != clip.BYTES_PER_PARAM:
        raise ValueError(
            f"BYTES_PER_PARAM must be {known} for WEIGHT_FORMAT {clip.WEIGHT_FORMAT!r}, "
            f"got {clip.BYTES_PER_PARAM!r}"
        )
    if clip.ALT_FORMAT is not None and clip.ALT_FORMAT not in BYTES_PER_PARAM:
        raise ValueError(
            f"ALT_FORMAT must be None or one of {sorted(BYTES_PER_PARAM)}, got {clip.ALT_FORMAT!r}"
        )
    stats = compression_stats(clip.NUM_TOKENS, clip.NUM_PARAMS, clip.BYTES_PER_TOKEN, clip.BYTES_PER_PARAM)
    if clip.ALT_FORMAT is None or clip.ALT_FORMAT == clip.WEIGHT_FORMAT:
        return stats, None
    alt = BYTES_PER_PARAM[clip.ALT_FORMAT]
    return stats, compression_stats(clip.NUM_TOKENS, clip.NUM_PARAMS, clip.BYTES_PER_TOKEN, alt)


def model_description(clip: type) -> str:
    """What a compression clip shows, with its numbers, in the talk's language."""
    s, alt = clip.numbers()
    text = t(
        "{model}: {data} of text vs {weights} of weights ({format}), a circle shrinking by area {rate}",
        model=clip.MODEL,
        data=style.fmt_size(s.data_tb, "TB"),
        weights=style.fmt_size(s.model_gb, "GB"),
        format=clip.WEIGHT_FORMAT,
        rate=style.fmt_rate(s.rate),
    )
    return text + (f" ({clip.ALT_FORMAT}: {style.fmt_rate(alt.rate)})" if alt else "")


def model_sources(clip: type) -> tuple[str, ...]:
    """Where a compression clip's numbers come from, in the talk's language."""
    each = _("bytes")  # not inside t(): the extractor does not see a message in another's arguments
    return (
        f"{clip.MODEL}: {clip.SOURCE}",
        t(
            "{size} per token is an estimate: a token is about that many characters of mostly-ASCII text,"
            " a byte each in UTF-8",
            size=style.fmt_size(clip.BYTES_PER_TOKEN, each),
        ),
        t(
            "sizes and rate: {stats}; radii: {radii}",
            stats="mathcore.compression.compression_stats",
            radii="mathcore.compression.circle_radii",
        ),
    )


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
        return model_numbers(cls)

    @classmethod
    def describe(cls) -> str:
        """What the clip shows, with its numbers (the catalogue and the README's scene table)."""
        return model_description(cls)

    @classmethod
    def sources(cls) -> tuple[str, ...]:
        return model_sources(cls)

    def compute(self) -> None:
        self.stats, self.alt_stats = self.numbers()

    @classmethod
    def paper_figures(cls, only: str = "") -> list[paper.PaperFigure]:
        """The two circles as the clip ends (areas in the ratio of the bytes) with their labels, one column;
        at full width with the derivation beside them; `only` those named *`only`."""
        s, alt = cls.numbers()
        least = cls.MIN_RADIUS_PT / paper.PT_PER_UNIT
        column_circles = paper_circles(s, cls.WEIGHT_FORMAT, 1.45, least)
        figures = [paper.PaperFigure(f"{cls.__name__}_circles_column", "column", column_circles)]
        # its words at 8 pt, the rate at 10 pt (the clip's sizes are for a screen)
        column = derivation(s, cls.WEIGHT_FORMAT, alt, cls.ALT_FORMAT).scale(PAPER_DERIVATION_SCALE)
        both = VGroup(paper_circles(s, cls.WEIGHT_FORMAT, 1.6, least), column).arrange(RIGHT, buff=0.8)
        figures.append(paper.PaperFigure(f"{cls.__name__}_circles_full", "full", both))
        return [f for f in figures if f.name.endswith(only)]

    def min_radius(self) -> float:
        """MIN_RADIUS_PX in scene units at the output's resolution."""
        return self.MIN_RADIUS_PX * config.frame_height / config.pixel_height

    def set_radii(self, large: float) -> None:
        """The circles' radii for a large circle of radius `large`: mathcore's (area ratio = rate), and the
        drawn ones, where the small circle is at least MIN_RADIUS_PX pixels of the output."""
        self.true_radii, self.to_scale, self.drawn_radii = circle_sizes(
            self.stats.rate, large, self.min_radius()
        )

    def build(self) -> None:
        """Every mobject of the clip at its final place; construct() only animates them in."""
        frame_w, frame_h = config.frame_width, config.frame_height
        left, right = -frame_w / 2 + style.MARGIN + 0.1, frame_w / 2 - style.MARGIN
        bottom = -frame_h / 2 + style.MARGIN

        title = t("{model}: weights vs. training text", model=self.MODEL)
        source = t("Source: {source}", source=self.SOURCE)
        self.header = Header(title, source=source, align="left")
        self.title, self.source = self.header.title, self.header.source

        self.column = derivation(self.stats, self.WEIGHT_FORMAT, self.alt_stats, self.ALT_FORMAT)
        self.blocks = list(self.column)
        place_column(self.column, left, self.title.get_bottom()[1] - 0.4, self.source.get_top()[1] + 0.4)

        # Right of the column, top to bottom: label, circle, counter, note. The circle takes what is left.
        x0, y0 = self.column.get_right()[0] + 0.5, self.title.get_bottom()[1] - 0.3
        if self.source.get_right()[0] > x0 - 0.3:  # a long source line: the circles stay above it
            bottom = self.source.get_top()[1] + 0.2
        box = (x0, y0, right, bottom)
        self.circles = ShrinkingCircle(
            self.stats, self.WEIGHT_FORMAT, box, self.MAX_RADIUS, self.min_radius()
        )
        for name in (*CIRCLE_PARTS.split(), *RADII):
            setattr(self, name, getattr(self.circles, name))

    def set_ratio(self, ratio: float, alpha: float) -> None:
        """The shrinking circle at area ratio `ratio` (1 .. rate) and the counter showing it."""
        self.circles.set_ratio(ratio, alpha)

    # --- the clip -----------------------------------------------------------------------------------------
    def construct(self) -> None:
        self.compute()
        self.build()
        self.beat(derivation_note(self))
        self.derive()
        self.beat(picture_note(self))
        self.picture()
        self.beat(shrink_note(self))
        self.shrink()
        if self.alt_stats is not None:
            self.beat(alt_note(self))
            self.show_block(self.blocks[3])
        self.wait(1.2)

    def derive(self) -> None:
        """The title, then the derivation's first three blocks: text, weights, rate."""
        self.play(FadeIn(self.title, shift=0.2 * DOWN), FadeIn(self.source), run_time=0.8)
        for block in self.blocks[:3]:
            self.show_block(block)

    def picture(self) -> None:
        """The training text's circle, its label and the counter at 1."""
        self.play(*self.circles.appear(), run_time=1.0)

    def shrink(self) -> None:
        """The circle shrinks to the weights' area, leaving a dashed outline; then its label and the note."""
        self.add(self.large_circle)
        self.bring_to_front(self.small_circle)
        self.play(self.circles.shrink(run_time=3.0))
        self.play(FadeIn(self.small_label, shift=0.1 * UP), FadeIn(self.scale_note), run_time=0.8)
        self.wait(1.0)

    def show_block(self, block: VGroup) -> None:
        """A header and its formulas, written line by line."""
        header, first, *rest = block
        self.play(FadeIn(header, shift=0.1 * RIGHT), Write(first), run_time=1.2)
        for formula in rest:
            self.play(Write(formula), run_time=0.8)
        self.wait(0.4)


# --- the notes: what the lecturer says at each beat, every number from mathcore through the formatters ------
def sized(x: float, unit: str) -> str:
    """'60 TB' when that is exact, '≈ 54.6 TiB' when rounded: a size as a note says it."""
    shown = style.fmt_size(x, unit)
    return shown if style.relation(x, shown) == "=" else t("≈ {size}", size=shown)


def derivation_note(clip: CompressionCircle) -> str:
    s = clip.stats
    each = _("bytes")  # not inside t(): Babel's extractor does not see a message inside another's arguments
    return t(
        "The arithmetic first. {model} was trained on {tokens} tokens of text at about {per_token} each:"
        " {data_tb} ({data_tib}: TB counts decimal bytes, TiB binary ones). Its {params} parameters at"
        " {per_param} each ({format}) take {model_gb}. Divide the two: the weights are {rate} smaller than"
        " the text they were trained on, so the model cannot be storing its training text; it has to"
        " compress it.",
        model=clip.MODEL,
        tokens=style.fmt_count(s.num_tokens),
        per_token=style.fmt_size(s.bytes_per_token, each),
        data_tb=sized(s.data_tb, "TB"),
        data_tib=sized(s.data_tib, "TiB"),
        params=style.fmt_count(s.num_params),
        per_param=style.fmt_size(s.bytes_per_param, each),
        format=clip.WEIGHT_FORMAT,
        model_gb=sized(s.model_gb, "GB"),
        rate=style.fmt_rate(s.rate),
    )


def picture_note(clip: CompressionCircle) -> str:
    s = clip.stats
    return t(
        "Now the picture. The area of this circle stands for the {data_tb} of training text. Areas, not"
        " radii, carry the bytes, so the next step shows the ratio honestly.",
        data_tb=style.fmt_size(s.data_tb, "TB"),
    )


def shrink_note(clip: CompressionCircle) -> str:
    s, (large, small) = clip.stats, clip.true_radii
    radius = style.fmt_sig(large / small, 3)
    scale = (
        _("The small circle is drawn to scale: point at how little is left.")
        if clip.to_scale
        else _(
            "At this resolution the true small circle would be smaller than a few pixels, so it is"
            " drawn larger and labelled not to scale."
        )
    )
    return t(
        "Watch the counter: the circle shrinks until its area is {rate} smaller, the {model_gb} of weights;"
        " the dashed outline keeps the text's size. An area {rate} smaller is a radius only {relation}"
        " {radius}× smaller. {scale}",
        rate=style.fmt_rate(s.rate),
        model_gb=style.fmt_size(s.model_gb, "GB"),
        relation=style.relation(large / small, radius),
        radius=radius,
        scale=scale,
    )


def alt_note(clip: CompressionCircle) -> str:
    alt = clip.alt_stats
    each = _("bytes")
    return t(
        "One more line: stored in {format}, {per_param} per parameter, the same weights take {model_gb} and"
        " the rate becomes {rate}. The rate depends on how the weights are stored: always quote it with the"
        " number format.",
        format=clip.ALT_FORMAT,
        per_param=style.fmt_size(alt.bytes_per_param, each),
        model_gb=sized(alt.model_gb, "GB"),
        rate=style.fmt_rate(alt.rate),
    )


class CompressionCircleLlama2(CompressionCircle):
    """Llama 2 7B: 2.0 T tokens, 7 B parameters (Touvron et al. 2023, arXiv 2307.09288, Table 1)."""

    MODEL, NUM_TOKENS, NUM_PARAMS = "Llama 2 7B", 2e12, 7e9
    SOURCE = "Touvron et al., Llama 2 (arXiv 2307.09288), Table 1"
