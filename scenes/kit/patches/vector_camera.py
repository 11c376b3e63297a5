"""Vector figures: the same mobjects Manim's Cairo camera draws, drawn onto a PDF or SVG page instead.

Manim's camera has no vector output ("the Camera only manipulates pixel arrays", ManimCommunity/manim#3151),
but it draws every VMobject through a Cairo context. :class:`VectorCamera` hands it a context on a
``cairo.PDFSurface`` or ``cairo.SVGSurface`` with the same frame-to-page matrix, paints the background
itself, and undoes the raster camera's red/blue swap in the colour call (an ARGB32 image stores blue
first; a vector page does not). ``draw(..., like=scene.camera)`` takes the scene's camera class and view,
so a 3-D scene's page has its camera's angles and zoom and the mobjects it keeps fixed in the frame. Paths
stay paths and text stays glyph outlines (no font needed to open the file). Images and point clouds are
drawn straight into pixels by Manim and would be missing: :func:`draw` refuses a frame that holds one.
Verified on the Manim versions scenes.kit.patches.REGISTRY lists; tests/kit/test_vector_camera.py compares
each figure, rasterised, with Manim's own PNG of the same frame.
"""

from __future__ import annotations

import re
from pathlib import Path

import cairo
import numpy as np
from manim import ImageMobject, ManimColor, PMobject, VMobject
from manim.camera.camera import Camera
from manim.camera.three_d_camera import ThreeDCamera

from scenes.kit.patches import versions

MANIM = versions.BOTH  # verified on: the registry reads it from here
NAME = "vector figures"
FIXED_DATE = "2026-01-01T00:00:00Z"  # written as the PDF's dates: two runs give byte-identical files


class VectorPage:
    """Mixin for a Cairo camera class: its context draws on `surface` (a PDF or SVG page of pixel_width ×
    pixel_height points) instead of its pixel array."""

    def __init__(self, surface: cairo.Surface, **kwargs) -> None:
        self.surface = surface
        super().__init__(**kwargs)
        self._ctx: cairo.Context | None = None

    def get_cairo_context(self, pixel_array) -> cairo.Context:
        if self._ctx is None:
            pw, ph, fw, fh, fc = (
                self.pixel_width,
                self.pixel_height,
                self.frame_width,
                self.frame_height,
                self.frame_center,
            )
            ctx = cairo.Context(self.surface)
            ctx.set_matrix(
                cairo.Matrix(pw / fw, 0, 0, -(ph / fh), pw / 2 - fc[0] * pw / fw, ph / 2 + fc[1] * ph / fh)
            )
            self._ctx = ctx
        return self._ctx

    def set_cairo_context_color(self, ctx, rgbas, vmobject):
        swapped = np.array(rgbas, dtype=float)
        swapped[:, [0, 2]] = swapped[:, [2, 0]]  # Manim reverses RGB for its ARGB32 image; a page is RGB
        return super().set_cairo_context_color(ctx, swapped, vmobject)


VectorCamera = type("VectorCamera", (VectorPage, Camera), {"__module__": __name__})


def _like(
    camera: Camera, surface: cairo.Surface, width: int, height: int, frame: tuple[float, float]
) -> Camera:
    """A vector camera of `camera`'s class with its view: for a 3-D camera, the same angles, distance, zoom,
    centre, and the same mobjects fixed in the frame or turned towards it."""
    cls = type(f"Vector{type(camera).__name__}", (VectorPage, type(camera)), {"__module__": __name__})
    size = {"pixel_width": width, "pixel_height": height, "frame_width": frame[0], "frame_height": frame[1]}
    vector = cls(surface, **size)
    if isinstance(camera, ThreeDCamera):
        vector.set_phi(camera.get_phi())
        vector.set_theta(camera.get_theta())
        vector.set_gamma(camera.get_gamma())
        vector.set_focal_distance(camera.get_focal_distance())
        vector.set_zoom(camera.get_zoom())
        vector._frame_center.move_to(camera._frame_center.get_center())
        vector.fixed_in_frame_mobjects = set(camera.fixed_in_frame_mobjects)
        vector.fixed_orientation_mobjects = dict(camera.fixed_orientation_mobjects)
        vector.should_apply_shading = camera.should_apply_shading
    return vector


def draw(
    mobjects,
    path: Path,
    *,
    width: float,
    height: float,
    frame_width: float,
    frame_height: float,
    background: str,
    like: Camera | None = None,
) -> Path:
    """Draw `mobjects` (a scene's, in order) on a page of `width` × `height` points, showing
    `frame_width` × `frame_height` scene units: a PDF or an SVG by `path`'s suffix."""
    versions.require(NAME, MANIM)
    family = [m for mob in mobjects for m in mob.get_family()]
    if any(isinstance(m, ImageMobject | PMobject) for m in family):
        raise ValueError(f"{path.name}: the frame holds an image or a point cloud, which has no vector form")
    path = Path(path)
    if path.suffix == ".pdf":
        surface = cairo.PDFSurface(str(path), width, height)
        surface.set_metadata(cairo.PDFMetadata.CREATE_DATE, FIXED_DATE)
        surface.set_metadata(cairo.PDFMetadata.MOD_DATE, FIXED_DATE)
    elif path.suffix == ".svg":
        surface = cairo.SVGSurface(str(path), width, height)
        surface.set_document_unit(cairo.SVGUnit.PT)
    else:
        raise ValueError(f"{path.name}: a figure must end in .pdf or .svg")
    camera = _like(like or Camera(), surface, round(width), round(height), (frame_width, frame_height))
    page = cairo.Context(surface)
    page.set_source_rgb(*ManimColor(background).to_rgb())
    page.paint()
    camera.capture_mobjects([m for m in mobjects if isinstance(m, VMobject) or m.submobjects])
    surface.finish()
    if path.suffix == ".svg":  # cairo numbers its surfaces per process: the same figure, the same bytes
        path.write_text(re.sub(r'id="surface\d+"', 'id="surface1"', path.read_text()))
    return path


def apply() -> None:
    """Nothing to replace: figures are drawn by :class:`VectorCamera`, never by the render camera."""
