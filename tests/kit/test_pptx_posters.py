"""scenes/kit/patches/pptx_posters.py: which manim-slides it is for, and that it finds the line it changes.

What it does to a deck (each PPTX poster is its slide video's last frame) is tested on a real deck in
tests/tool/test_slides.py.
"""

from __future__ import annotations

from scenes.kit.patches import pptx_posters


def test_it_is_for_manim_slides_5_7_only():
    assert pptx_posters.verified("5.7.0") and pptx_posters.verified("5.7.3")
    assert not pptx_posters.verified("5.8.0") and not pptx_posters.verified("5.6.2")


def test_the_installed_converter_reads_the_first_frame_and_the_patch_wraps_it_once():
    from manim_slides.convert import PowerPoint

    assert pptx_posters.needed()  # manim-slides still takes the first frame: the patch has work to do
    assert pptx_posters.apply() and pptx_posters.apply()
    assert PowerPoint.convert_to._lecture_patch == pptx_posters.NAME
    assert not hasattr(PowerPoint.convert_to.__wrapped__, "_lecture_patch")  # wrapped once, not twice


def test_the_command_line_refuses_anything_but_convert(capsys):
    assert pptx_posters.main(["present"]) == 2
    assert "usage" in capsys.readouterr().err
