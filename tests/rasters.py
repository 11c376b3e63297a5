"""Vector figures against Manim's pixels: a PDF page rasterised by poppler's Cairo backend, and how much of
it matches a PNG (the issue's measure: pixels within 8/255 after a 2× downscale, which forgives the
anti-aliasing of an edge but not a misplaced or miscoloured shape)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
from PIL import Image


def pdf_raster(
    pdf: Path, out: Path, size: tuple[int, int] | None = None, dpi: int | None = None
) -> np.ndarray:
    """The PDF's page as an RGB int array: scaled to `size` (w, h), or at `dpi`."""
    scale = ["-scale-to-x", str(size[0]), "-scale-to-y", str(size[1])] if size else ["-r", str(dpi)]
    subprocess.run(["pdftocairo", "-png", "-singlefile", *scale, str(pdf), str(out)], check=True)
    return np.asarray(Image.open(f"{out}.png").convert("RGB")).astype(int)


def share_close(a: np.ndarray, b: np.ndarray, tolerance: int = 8) -> float:
    """The share of pixels of two same-size RGB images within `tolerance` after a 2× downscale."""
    h, w = a.shape[0] // 2 * 2, a.shape[1] // 2 * 2

    def halve(x: np.ndarray) -> np.ndarray:
        return x[:h, :w].reshape(h // 2, 2, w // 2, 2, 3).mean(axis=(1, 3))

    return float((np.abs(halve(a) - halve(b)).max(axis=2) <= tolerance).mean())
