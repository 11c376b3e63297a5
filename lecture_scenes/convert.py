"""manim-slides' ``convert``, offline, with each PPTX slide's poster at the frame the slide ends on.

    python -m lecture_scenes.convert --folder DIR SCENE... OUT --to html|pptx [-c KEY=VALUE ...]

The deck build (lecture_scenes/slides.py) converts through this: it applies scenes/kit/patches/pptx_posters.py
where the registry says it is verified, then runs manim-slides' own ``convert`` command directly, without
the check for a newer release on PyPI that its top-level command makes (the deck builds offline).
"""

from __future__ import annotations

import sys

from scenes.kit import patches
from scenes.kit.patches import pptx_posters


def main(argv: list[str] | None = None) -> int:
    from manim_slides.convert import convert

    argv = sys.argv[1:] if argv is None else argv
    if not patches.apply(pptx_posters):
        print(f"lecture-scenes: {pptx_posters.NAME!r} not applied: the PPTX posters are first frames")
    return convert.main(args=argv, prog_name="manim-slides convert", standalone_mode=True) or 0


if __name__ == "__main__":
    sys.exit(main())
