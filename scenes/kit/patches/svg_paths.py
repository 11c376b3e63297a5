"""Copies of Text/MathTypst glyphs share their parsed SVG path instead of deep-copying it.

Every glyph of a Text or MathTypst keeps the svgelements ``Path`` it was built from (``path_obj``); Manim
reads it only to generate the glyph's points, but ``Mobject.copy`` deep-copies it with everything else,
~1 ms a glyph: most of what a copy of a formula cost. The points, colours and everything drawn are still
copied. Manim offers no door for this: it wraps ``VMobjectFromSVGPath.__init__``.
"""

from __future__ import annotations

from manim.mobject.svg import svg_mobject as _svg

NAME = "shared SVG paths"


class SharedPath:
    """A glyph's parsed SVG path; copies share it."""

    __slots__ = ("path",)

    def __init__(self, path) -> None:
        self.path = path

    def __iter__(self):
        return iter(self.path)

    def __getattr__(self, name: str):
        return getattr(self.path, name)

    def __deepcopy__(self, memo: dict) -> SharedPath:
        return self


ORIGINAL = _svg.VMobjectFromSVGPath.__init__


def __init__(self, *args, **kwargs) -> None:
    ORIGINAL(self, *args, **kwargs)
    self.path_obj = SharedPath(self.path_obj)


def apply() -> None:
    """Wrap ``VMobjectFromSVGPath.__init__``. Idempotent."""
    _svg.VMobjectFromSVGPath.__init__ = __init__


def remove() -> None:
    _svg.VMobjectFromSVGPath.__init__ = ORIGINAL
