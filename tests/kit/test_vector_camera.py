"""Vector figures (scenes/kit/patches/vector_camera.py): a clip's frame as PDF and SVG is vector through and
through, deterministic, the size asked for, and, rasterised by poppler's Cairo backend, the same picture as
Manim's own PNG of that frame."""

from __future__ import annotations

import numpy as np
import pytest
from manim import ImageMobject, config
from pypdf import PdfReader

from scenes.compression import CompressionCircle
from scenes.forgetting import Forgetting124M1x
from scenes.kit import style
from scenes.kit.patches.vector_camera import draw
from scenes.kl_sweep import KLLandscape, KLSweep
from tests.conftest import render_scene
from tests.rasters import pdf_raster, share_close

W, H = 960, 540  # points; the raster is rendered at the same size in pixels (72 dpi)
CLIPS = [CompressionCircle, KLSweep, Forgetting124M1x, KLLandscape]  # a 3-D camera too


@pytest.fixture(scope="module", params=CLIPS, ids=[c.__name__ for c in CLIPS])
def figure(request, tmp_path_factory):
    """A clip's last frame: Manim's PNG, and the same mobjects drawn as PDF and SVG."""
    folder = tmp_path_factory.mktemp(request.param.__name__)
    scene = render_scene(
        request.param, folder / "media", save_last_frame=True, pixel_width=W, pixel_height=H
    ).scene
    png = np.asarray(scene.camera.get_image().convert("RGB")).astype(int)
    size = {"width": W, "height": H, "frame_width": config.frame_width, "frame_height": config.frame_height}
    files = {
        kind: draw(
            scene.mobjects, folder / f"f.{kind}", **size, background=style.BACKGROUND, like=scene.camera
        )
        for kind in ("pdf", "svg")
    }
    return scene, png, files


def test_the_pdf_is_paths_only_at_the_size_asked_for(figure):
    _, _, files = figure
    (page,) = PdfReader(files["pdf"]).pages
    assert [float(v) for v in page.mediabox] == [0, 0, W, H]
    resources = page.get("/Resources") or {}
    xobjects = resources.get("/XObject") or {}
    images = [k for k, v in xobjects.items() if v.get_object().get("/Subtype") == "/Image"]
    assert images == []
    content = page.get_contents().get_data()
    assert b" c\n" in content or b" c " in content  # Bézier curves: paths, glyph outlines included


def test_the_svg_is_paths_only(figure):
    _, _, files = figure
    svg = files["svg"].read_text()
    assert "<image" not in svg and "<path" in svg and "<text" not in svg  # text as outlines


def test_rasterised_the_pdf_is_manims_frame(figure, tmp_path):
    _, png, files = figure
    page = pdf_raster(files["pdf"], tmp_path / "page", dpi=72)
    assert page.shape == png.shape
    assert share_close(page, png) >= 0.99  # colours right too: a red/blue swap would miss by far


def test_two_runs_write_the_same_bytes(figure, tmp_path):
    scene, _, files = figure
    size = {"width": W, "height": H, "frame_width": config.frame_width, "frame_height": config.frame_height}
    for kind, first in files.items():
        again = draw(
            scene.mobjects, tmp_path / f"again.{kind}", **size, background=style.BACKGROUND, like=scene.camera
        )
        assert again.read_bytes() == first.read_bytes()


def test_an_image_has_no_vector_form(tmp_path):
    image = ImageMobject(np.zeros((4, 4, 3), dtype=np.uint8))
    with pytest.raises(ValueError, match="image or a point cloud"):
        draw(
            [image],
            tmp_path / "f.pdf",
            width=100,
            height=100,
            frame_width=14,
            frame_height=8,
            background="#FFFFFF",
        )
