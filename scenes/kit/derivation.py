"""The compression clip's derivation: the bytes of training text and of weights, and their ratio, as Typst
formulas (`15 T tokens × 4 bytes/token = 60 TB (≈ 54.6 TiB)`), every number through the style formatters and
'≈' wherever one is rounded."""

from __future__ import annotations

from manim import DOWN, LEFT, UP, MathTypst, VGroup

from mathcore.compression import CompressionStats
from scenes.kit import style
from scenes.kit.text import label, math, part
from scenes.kit.words import _, t


def sizes(decimal: float, dec_unit: str, binary: float, bin_unit: str) -> str:
    """Typst for '= 60 TB (≈ 54.6 TiB)', signs chosen by style.relation: '≈' wherever we rounded."""
    dec, bnr = style.fmt_size(decimal, dec_unit), style.fmt_size(binary, bin_unit)
    approx = f'{style.relation(binary, bnr)} "{bnr}"'
    return f"{style.relation(decimal, dec)} {part(dec, 'result')} space ({approx})"


def product(count: str, per: float, per_unit: str, size: str, color: str) -> MathTypst:
    """'15 T tokens × 4 bytes/token = 60 TB (≈ 54.6 TiB)': count (with its noun) × bytes each = size (in
    `color`)."""
    each = style.fmt_size(per, per_unit)
    return math(f'"{quoted(count)}" times "{quoted(each)}" {size}', result=color)


def quoted(words: str) -> str:
    """`words` inside a Typst string literal (a translation may hold a quote or a backslash)."""
    return words.replace("\\", "\\\\").replace('"', '\\"')


def data_line(s: CompressionStats) -> MathTypst:
    """15 T tokens × 4 bytes/token = 60 TB (≈ 54.6 TiB)."""
    size = sizes(s.data_tb, "TB", s.data_tib, "TiB")
    count = t("{count} tokens", count=style.fmt_count(s.num_tokens))
    return product(count, s.bytes_per_token, _("bytes/token"), size, style.DATA)


def weights_line(s: CompressionStats) -> MathTypst:
    """8 B params × 4 bytes/param = 32 GB (≈ 29.8 GiB)."""
    size = sizes(s.model_gb, "GB", s.model_gib, "GiB")
    count = t("{count} params", count=style.fmt_count(s.num_params))
    return product(count, s.bytes_per_param, _("bytes/param"), size, style.WEIGHTS)


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


def derivation(s: CompressionStats, weight_format: str, alt: CompressionStats | None, alt_format) -> VGroup:
    """The derivation's blocks (a header and its formulas each), one under the other."""
    blocks = [
        VGroup(label(_("training text"), color=style.DATA), data_line(s)),
        VGroup(
            label(t("model weights ({format})", format=weight_format), color=style.WEIGHTS), weights_line(s)
        ),
        VGroup(label(_("compression rate")), rate_line(s)),
    ]
    if alt is not None:
        header = label(t("the same weights in {format}", format=alt_format), color=style.WEIGHTS)
        blocks.append(VGroup(header, weights_line(alt), rate_line(alt)))
    for block in blocks:
        block.arrange(DOWN, aligned_edge=LEFT, buff=0.16)
    return VGroup(*blocks).arrange(DOWN, aligned_edge=LEFT, buff=0.4)


def place_column(column: VGroup, left: float, top: float, floor: float) -> VGroup:
    """The derivation flush left at `left` with its top at `top`, shrunk if it would reach below `floor` (an
    unusually long derivation stays between the title and the source line)."""
    room = top - floor
    if column.height > room:
        column.scale(room / column.height)
    return column.shift([left, top, 0] - column.get_corner(UP + LEFT))
