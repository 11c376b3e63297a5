"""One scene's figures, in a process of its own (lecture_scenes/figures.py starts one per scene):

    python -m lecture_scenes.figure_job MODULE SCENE OUT_DIR DPI

1. The scene's frames: the scene runs with its animations skipped (as ``manim -s``: each animation jumps to
   its end state), and at every ``beat()`` and at its end the frame on screen is written as
   ``<Scene>-<k>.pdf``, ``.svg`` (vector, scenes/kit/patches/vector_camera.py) and ``.png`` (Manim's own
   camera, at DPI on a 7.1 × 4 in page): file k is the frame at the end of slide k of the deck.
2. Its paper figures (the clip's ``paper_figures()``, scenes/kit/paper.py), each as PDF, SVG and PNG.

Everything is written into OUT_DIR, then ``figures.json`` lists the files; the caller moves them into place.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

# A frame figure's page in points: 16:9 in whole points (7.1 × 4 in), about a page's text width.
FRAME_PAGE = (512.0, 288.0)


def frame_pixels(dpi: int) -> tuple[int, int]:
    """The frame's PNG at `dpi`: whole pixels, 16:9 exactly (the width a multiple of 16)."""
    width = 16 * max(1, round(FRAME_PAGE[0] / 72 * dpi / 16))
    return width, width * 9 // 16


PAPER_FORMATS = ("pdf", "svg", "png")


def save_paper(figure, path: Path, *, dpi: int, background: str) -> Path:
    """Write one paper figure (scenes/kit/paper.py's PaperFigure) to `path`, the format by its suffix: PDF or
    SVG (vector, scenes/kit/patches/vector_camera.py) or PNG (Manim's own camera, at `dpi` at print size) on
    a `background` page. The one drawing of a paper figure: `make figures` and the notebooks'
    (lecture_scenes/notebook.py) figures both come here."""
    from manim import Camera

    from scenes.kit import paper
    from scenes.kit.patches.vector_camera import draw

    path = Path(path)
    (w, h), (fw, fh) = figure.page, figure.frame
    suffix = path.suffix.lower().lstrip(".")
    if suffix in ("pdf", "svg"):
        return draw(
            figure.mobjects(),
            path,
            width=w,
            height=h,
            frame_width=fw,
            frame_height=fh,
            background=background,
        )
    if suffix != "png":
        raise ValueError(f"{path.name}: a figure is saved as {', '.join('.' + f for f in PAPER_FORMATS)}")
    # Whole pixels at `dpi`, the scale of the page exactly: the PNG's frame is the page's top-left part (a
    # fraction of a pixel short or long at the right and bottom edges).
    px, py = round(w * dpi / 72), round(h * dpi / 72)
    fx, fy = px * 72 / dpi / paper.PT_PER_UNIT, py * 72 / dpi / paper.PT_PER_UNIT
    camera = Camera(
        pixel_width=px,
        pixel_height=py,
        frame_width=fx,
        frame_height=fy,
        frame_center=[(fx - fw) / 2, (fh - fy) / 2, 0],
        background_color=background,
    )
    camera.capture_mobjects(figure.mobjects())
    camera.get_image().convert("RGB").save(path, format="PNG")
    return path


def main(argv: list[str]) -> int:
    module, name, out, dpi = argv[0], argv[1], Path(argv[2]), int(argv[3])
    from manim import config
    from manim.utils.iterables import list_update

    from scenes.kit.patches import output

    width_px, height_px = frame_pixels(dpi)
    config.update(
        {
            "media_dir": str(out.parent / "manim"),
            "pixel_width": width_px,
            "pixel_height": height_px,
            **output.keys(),
            "disable_caching": True,
            "progress_bar": "none",
            "verbosity": "WARNING",
        }
    )
    from scenes.kit import style, words
    from scenes.kit import talk as talks
    from scenes.kit.patches import skipping
    from scenes.kit.patches.vector_camera import draw

    talk = talks.in_force()  # the talk the tool handed down through the channel (its file, its theme)
    style.use(talk.theme)  # the paper figures are drawn outside the scene's build, in the same theme
    words.use(talk.language)  # and in the same language
    cls = getattr(importlib.import_module(module), name)
    out.mkdir(parents=True, exist_ok=True)
    listing: list[dict] = []
    page = FRAME_PAGE

    scene = cls(skip_animations=True)

    def snapshot(slide: int) -> None:
        mobjects = list_update(scene.mobjects, scene.foreground_mobjects)
        stem = f"{name}-{slide}"
        for suffix in ("pdf", "svg"):
            draw(
                mobjects,
                out / f"{stem}.{suffix}",
                width=page[0],
                height=page[1],
                frame_width=config.frame_width,
                frame_height=config.frame_height,
                background=style.BACKGROUND,
                like=scene.camera,
            )
        skipping.image(scene).save(out / f"{stem}.png")
        listing.append({"kind": "frame", "name": stem, "slide": slide, "page_pt": list(page)})

    reached = skipping.run(scene, on_beat=snapshot)
    snapshot(reached.slide)

    for figure in getattr(cls, "paper_figures", lambda: [])():
        for suffix in ("pdf", "svg", "png"):
            save_paper(figure, out / f"{figure.name}.{suffix}", dpi=dpi, background=style.BACKGROUND)
        listing.append(
            {"kind": "paper", "name": figure.name, "width": figure.width, "page_pt": list(figure.page)}
        )

    (out / "figures.json").write_text(json.dumps(listing, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
