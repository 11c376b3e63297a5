"""The PPTX deck's poster frames: the frame each slide ends on, not the one it starts on.

manim-slides 5.7's PowerPoint converter (``manim_slides.convert.PowerPoint.convert_to``) gives every slide's
video a poster image, what PowerPoint shows before the video plays and what "Save as PDF" prints: the
video's *first* frame (``read_image_from_video_file(file, frame_index=FrameIndex.first)``). A slide starts
where the one before it ended, so its first frame is the previous slide's content, and a scene's first
slide starts blank (LibreOffice Impress exported slides 1 and 5 of 35 empty, issue 25). Its own
``poster_frame_image`` option is one image for every slide.

:func:`apply` wraps ``PowerPoint.convert_to`` so that, while it runs, the frame it reads is the video's last:
the slide with everything it shows. The registry (scenes/kit/patches/__init__.py) applies it on the
manim-slides it was verified on; the converter must also still read the first frame by that call
(:func:`needed`), otherwise nothing changes. The deck build converts through lecture_scenes/convert.py,
which applies it.
"""

from __future__ import annotations

import functools
import inspect

from packaging.specifiers import SpecifierSet

NAME = "PPTX posters at the slide's last frame"
MANIM_SLIDES = SpecifierSet(">=5.7,<5.8")


def needed() -> bool:
    """Whether this manim-slides' PowerPoint converter reads each poster from the video's first frame."""
    from manim_slides.convert import PowerPoint

    try:
        source = inspect.getsource(getattr(PowerPoint.convert_to, "__wrapped__", PowerPoint.convert_to))
    except (OSError, TypeError):
        return False
    return "frame_index=FrameIndex.first" in source and "read_image_from_video_file(" in source


def apply() -> bool:
    """Make the PPTX converter take each poster from the slide video's last frame; idempotent. Whether the
    converter now does."""
    from manim_slides import convert

    current = convert.PowerPoint.convert_to
    if getattr(current, "_lecture_patch", None) == NAME:
        return True
    if not needed():
        return False

    @functools.wraps(current)
    def convert_to(self, dest):
        reader = convert.read_image_from_video_file

        def last_frame(file, frame_index=None):
            return reader(file, frame_index=convert.FrameIndex.last)

        convert.read_image_from_video_file = last_frame
        try:
            return current(self, dest)
        finally:
            convert.read_image_from_video_file = reader

    convert_to._lecture_patch = NAME
    convert.PowerPoint.convert_to = convert_to
    return True
