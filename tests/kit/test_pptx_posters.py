"""scenes/kit/patches/pptx_posters.py: which manim-slides it is for, and that it finds the line it changes.

What it does to a deck (each PPTX poster is its slide video's last frame) is tested on a real deck in
tests/tool/test_slides.py.
"""

from __future__ import annotations

from scenes.kit import patches
from scenes.kit.patches import pptx_posters


def test_it_is_for_manim_slides_5_7_only():
    assert patches.verified(pptx_posters, slides_version="5.7.0")
    assert not patches.verified(pptx_posters, slides_version="5.8.0")
    assert not patches.verified(pptx_posters, slides_version="5.6.2")


def test_the_installed_converter_reads_the_first_frame_and_the_patch_wraps_it_once():
    from manim_slides.convert import PowerPoint

    assert pptx_posters.needed()  # manim-slides still takes the first frame: the patch has work to do
    assert pptx_posters.apply() and pptx_posters.apply()
    assert PowerPoint.convert_to._lecture_patch == pptx_posters.NAME
    assert not hasattr(PowerPoint.convert_to.__wrapped__, "_lecture_patch")  # wrapped once, not twice
