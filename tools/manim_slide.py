"""``python -m tools.manim_slide render ...``: Manim's command line, for scenes that are manim-slides Slides.

Same arguments as ``python -m manim``. One compatibility fix is applied first: manim-slides 5.7 reads the
camera's background with ``.to_hex()``, which fails with "'str' object has no attribute 'to_hex'" when a
scene sets ``camera.background_color`` to a plain hex string (scenes/base.py does, from scenes.style). The
colour is converted to a ManimColor there; with a ManimColor the original property runs unchanged.
"""

from __future__ import annotations

import sys

from manim import ManimColor
from manim.__main__ import main
from manim_slides.slide import manim as slide_module

_original = slide_module.Slide._background_color


def _background_color(self) -> str:
    try:
        return _original.fget(self)
    except AttributeError:
        return ManimColor(self.renderer.camera.background_color).to_hex()


slide_module.Slide._background_color = property(_background_color)

if __name__ == "__main__":
    sys.exit(main(prog_name="manim"))
