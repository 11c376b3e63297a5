"""Where a scene's words are, from their mobjects' bounding boxes: texts that leave the frame, texts that
overlap another text. Words are the leaves a scene draws text with: labels (scenes/kit/text.py), Text,
Typst formulas, the counters and the word switches of scenes/kit/widgets.py.

In a 3-D scene only the mobjects fixed in the frame are measured (the others are projected by the camera).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import MathTypst, Text, ThreeDScene, config

from scenes.kit.text import Label
from scenes.kit.widgets import GlyphCounter, OutlineSwitch

WORDS = (Label, Text, MathTypst, GlyphCounter, OutlineSwitch)
TOLERANCE = 0.02  # scene units (a 480p pixel is 0.017): touching is not overlapping
GAP = 0.04  # between two texts: less reads as one word ("KL der Mitte0,0544")
EDGE = 0.1  # from the frame's edge: a text closer is cut by a projector's overscan


@dataclass(frozen=True)
class Box:
    what: str
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box) -> bool:
        return (
            min(self.x1, other.x1) - max(self.x0, other.x0) > -GAP
            and min(self.y1, other.y1) - max(self.y0, other.y0) > TOLERANCE
        )


def describe(mob) -> str:
    text = getattr(mob, "text", None) or getattr(mob, "key", None) or getattr(mob, "typst_code", None)
    return f"{type(mob).__name__} {str(text)[:60]!r}"


def visible(mob) -> bool:
    members = mob.family_members_with_points()
    return any(
        m.get_fill_opacity() > 0.01 or (m.get_stroke_width() > 0 and m.get_stroke_opacity() > 0.01)
        for m in members
    )


def word_boxes(scene) -> list[Box]:
    """The bounding box of every visible word on screen (each mobject once)."""
    tops = [*scene.mobjects, *scene.foreground_mobjects]
    if isinstance(scene, ThreeDScene):
        fixed = scene.renderer.camera.fixed_in_frame_mobjects
        tops = [m for m in tops if m in fixed]
    seen: set[int] = set()
    boxes = []

    def walk(mob) -> None:
        if id(mob) in seen:
            return
        seen.add(id(mob))
        if getattr(mob, "words", None) and getattr(mob, "box", None):  # a flattened drawing: its words' boxes
            if visible(mob):
                boxes.extend(moved(mob))
            return
        if isinstance(mob, WORDS):
            if len(mob.get_all_points()) and visible(mob):
                (x0, y0, _), (x1, y1, _) = (
                    mob.get_critical_point((-1, -1, 0)),
                    mob.get_critical_point((1, 1, 0)),
                )
                boxes.append(Box(describe(mob), x0, y0, x1, y1))
            return
        for sub in mob.submobjects:
            walk(sub)

    for top in tops:
        walk(top)
    return boxes


def moved(flat) -> list[Box]:
    """The words of a flattened drawing (scenes/kit/widgets.py flatten), where the drawing is now."""
    (ox0, oy0, ox1, oy1) = flat.box
    (nx0, ny0, _), (nx1, ny1, _) = flat.get_critical_point((-1, -1, 0)), flat.get_critical_point((1, 1, 0))
    sx = (nx1 - nx0) / (ox1 - ox0) if ox1 > ox0 else 1.0
    sy = (ny1 - ny0) / (oy1 - oy0) if oy1 > oy0 else 1.0
    return [
        Box(what, nx0 + (x0 - ox0) * sx, ny0 + (y0 - oy0) * sy, nx0 + (x1 - ox0) * sx, ny0 + (y1 - oy0) * sy)
        for what, x0, y0, x1, y1 in flat.words
    ]


def problems(scene) -> list[str]:
    """Every text out of the frame and every pair of texts that overlap, one line each."""
    w, h = config.frame_width / 2 - EDGE, config.frame_height / 2 - EDGE
    boxes = word_boxes(scene)
    out = []
    for b in boxes:
        if b.x0 < -w or b.x1 > w or b.y0 < -h or b.y1 > h:
            out.append(f"leaves the frame: {b.what} at x {b.x0:.2f}..{b.x1:.2f}, y {b.y0:.2f}..{b.y1:.2f}")
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if a.overlaps(b) and not _same_place(a, b):
                out.append(f"overlap: {a.what} and {b.what}")
    return out


def _same_place(a: Box, b: Box) -> bool:
    """Two copies of one text drawn on the same spot (a morph's start and end) do not overlap each other."""
    return a.what == b.what and np.allclose([a.x0, a.y0, a.x1, a.y1], [b.x0, b.y0, b.x1, b.y1], atol=1e-6)
