"""Text's glyph outlines read straight from the SVG that Pango writes for ``Text``: the same points, cheaper.

``Text`` spends ~50 ms a string in svgelements and in one VMobject per glyph; the scenes typeset some 150
strings. This reader asks ``Text`` for Pango's SVG only (the file ``Text`` would parse), reads its glyph
symbols (cairo writes only absolute M, L, C and Z) and builds the cubic points exactly as SVGMobject and Text
build them: lines as cubics with handles at the thirds, a line back to each curve's start, then Text's flip
about the centre, centring and scaling by ``TEXT_MOB_SCALE_FACTOR``. Anything unexpected in the SVG returns
None and the caller typesets with ``Text`` itself. tests/kit/test_patches.py compares the points with Text's
for every string the scenes show.
"""

from __future__ import annotations

import re

import numpy as np
from manim import Text
from manim.mobject.text.text_mobject import TEXT_MOB_SCALE_FACTOR

NAME = "glyph outlines from Pango's SVG"


class _PangoSVG(Text):
    """Text stopped at its SVG: Pango's file for exactly what Text would typeset (`file_name`), not parsed."""

    def init_svg_mobject(self, use_svg_cache: bool) -> _PangoSVG:
        return self


_SYMBOL = re.compile(r'<symbol[^>]*\bid="([^"]+)"[^>]*>\s*<path[^>]*\bd="([^"]*)"')
_USE = re.compile(r"<use\b([^>]*)/>")
_ATTR = re.compile(r'([\w:]+)="([^"]*)"')
_TOKEN = re.compile(r"[A-Za-z]|-?[\d.]+(?:e-?\d+)?")


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
    """One glyph's cubic points in SVG coordinates: SVGMobject's path commands, then Text's line back to
    each curve's start."""
    toks = _TOKEN.findall(d)
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


def glyph_points(s: str, size: float, font: str) -> tuple[np.ndarray, ...] | None:
    """Text(s, font=font, font_size=size)'s glyph points, one array per glyph, or None when the SVG holds
    anything this reader does not know."""
    with open(_PangoSVG(s, font=font, font_size=size).file_name, encoding="utf-8") as f:
        content = f.read()
    symbols = dict(_SYMBOL.findall(content))
    glyphs = []
    for attrs in _USE.findall(content):
        a = dict(_ATTR.findall(attrs))
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


def apply() -> None:
    """Nothing to replace: scenes.kit.text reads outlines here when this module's versions match."""
