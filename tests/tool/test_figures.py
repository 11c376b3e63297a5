"""`make figures` (lecture_scenes/figures.py): real clips drawn as PDF, SVG and PNG, in both themes.

Checked on the files written: every slide's end and every paper figure is there; PDF and SVG are vector
(no image, text as outlines); rasterised by poppler, each is the PNG Manim's own camera drew of the same
frame; pages have the print size asked for and no line under 0.5 pt; a second run writes the same bytes,
a third is cached; bad input is one line and exit 2; a failed run keeps the last good files.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader

from lecture_scenes.catalogue import ROOT
from scenes.kit import theme
from tests.rasters import pdf_raster, share_close

# scene -> its slides (beats + 1): each slide's last frame is a figure
SLIDES = {"KLSweep": 3, "Forgetting124M1x": 3, "KLLandscape": 3}
PAPER = {
    "KLSweep": ["KLSweep_minimum_column", "KLSweep_maximum_column", "KLSweep_full"],
    "Forgetting124M1x": [
        f"Forgetting124M1x_{what}_{width}"
        for what in ("decay", "composition")
        for width in ("column", "full")
    ],
    "KLLandscape": [],
}
RUNS = {"light": list(SLIDES), "dark": ["KLSweep"]}  # default theme: light; dark on request
DPI = 300  # the default; at 150 dpi or less, poppler and Cairo anti-alias the edges of fills differently


def figures_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "lecture_scenes.figures", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="module", params=list(RUNS))
def drawn(request, tmp_path_factory):
    name = request.param
    media = tmp_path_factory.mktemp(f"figures-{name}")
    args = ["--media-dir", str(media), "--dpi", str(DPI), *RUNS[name]]
    if name != "light":
        args += ["--theme", name]
    done = figures_cli(*args)
    assert done.returncode == 0, done.stdout + done.stderr
    return theme.named(name), media / "figures" / name, media, args


def files(folder: Path, suffix: str) -> list[Path]:
    return sorted(folder.glob(f"*/*.{suffix}"))


def test_every_slide_end_and_every_paper_figure_is_written(drawn):
    _, folder, _, args = drawn
    for scene in [a for a in args if a in SLIDES]:
        stems = {p.stem for p in (folder / scene).iterdir() if p.suffix == ".pdf"}
        frames = {f"{scene}-{k}" for k in range(1, SLIDES[scene] + 1)}
        assert stems == frames | set(PAPER[scene])
        for stem in stems:
            for suffix in ("svg", "png"):
                assert (folder / scene / f"{stem}.{suffix}").stat().st_size > 0


def test_pdfs_are_paths_only_at_print_size(drawn):
    _, folder, _, _ = drawn
    for pdf in files(folder, "pdf"):
        (page,) = PdfReader(pdf).pages
        xobjects = (page.get("/Resources") or {}).get("/XObject") or {}
        assert not [k for k, v in xobjects.items() if v.get_object().get("/Subtype") == "/Image"], pdf.name
        content = page.get_contents().get_data().decode("latin-1")
        assert re.search(r" c\b", content), pdf.name  # Bézier paths: curves and glyph outlines
        width = float(page.mediabox.width)
        if "_column" in pdf.stem:
            assert width == 252  # 3.5 in
        elif pdf.stem.endswith("_full"):
            assert width == 504  # 7 in
        else:
            assert (width, float(page.mediabox.height)) == (512, 288)  # a frame: 16:9, 7.1 in
        if "-" not in pdf.stem:  # paper figures: no line under 0.5 pt, drawn at unit scale
            scales = re.findall(r"(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) -?[\d.]+ -?[\d.]+ cm", content)
            assert all(abs(float(a)) == 1 and abs(float(d)) == 1 for a, _, _, d in scales), pdf.name
            widths = [float(w) for w in re.findall(r"([\d.]+) w\b", content)]
            assert widths and min(widths) >= 0.5, (pdf.name, min(widths))


def test_svgs_are_paths_only(drawn):
    _, folder, _, _ = drawn
    for svg in files(folder, "svg"):
        text = svg.read_text()
        assert "<path" in text and "<image" not in text and "<text" not in text, svg.name


def test_rasterised_every_figure_is_manims_png(drawn, tmp_path):
    """A frame's PNG is the whole page at whole pixels of 16:9; a paper figure's is the page at the DPI asked
    for, whole pixels from its top-left corner."""
    _, folder, _, _ = drawn
    for pdf in files(folder, "pdf"):
        png = np.asarray(Image.open(pdf.with_suffix(".png")).convert("RGB")).astype(int)
        h, w = png.shape[:2]
        if re.search(r"-\d+$", pdf.stem):
            page = pdf_raster(pdf, tmp_path / pdf.stem, size=(w, h))
        else:
            page = pdf_raster(pdf, tmp_path / pdf.stem, dpi=DPI)
            assert abs(page.shape[0] - h) <= 1 and abs(page.shape[1] - w) <= 1, pdf.name
            h, w = min(h, page.shape[0]), min(w, page.shape[1])
            page, png = page[:h, :w], png[:h, :w]
        assert page.shape == png.shape, pdf.name
        assert share_close(page, png) >= 0.99, (pdf.name, share_close(page, png))


def test_colours_are_the_themes(drawn, tmp_path):
    """The model's curve is the theme's model colour, not that colour with red and blue exchanged."""
    chosen, folder, _, _ = drawn
    pdf = folder / "KLSweep" / "KLSweep-2.pdf"
    page = pdf_raster(pdf, tmp_path / "colours", size=(1024, 576))
    model = np.array([int(chosen.model[i : i + 2], 16) for i in (1, 3, 5)])

    def near(rgb):
        return int((np.abs(page - rgb).max(axis=2) <= 12).sum())

    assert near(model) > 200
    assert near(model[::-1]) < near(model) / 20
    assert tuple(page[2, 2]) == tuple(int(chosen.background[i : i + 2], 16) for i in (1, 3, 5))


def test_a_second_run_writes_the_same_bytes_and_a_third_is_cached(drawn):
    _, folder, _, args = drawn
    before = {p: p.read_bytes() for p in sorted(folder.glob("KLSweep/*.*"))}
    again = figures_cli(*[a for a in args if a not in SLIDES], "KLSweep", "--force")
    assert again.returncode == 0, again.stderr
    after = {p: p.read_bytes() for p in sorted(folder.glob("KLSweep/*.*"))}
    assert after.keys() == before.keys()
    assert [p.name for p in before if after[p] != before[p]] == []
    mtimes = {p: p.stat().st_mtime_ns for p in after}
    cached = figures_cli(*[a for a in args if a not in SLIDES], "KLSweep")
    assert cached.returncode == 0 and "KLSweep: cached" in cached.stdout
    assert {p: p.stat().st_mtime_ns for p in after} == mtimes


def test_the_stamp_lists_the_figures_with_their_pages(drawn):
    _, folder, _, _ = drawn
    stamp = json.loads((folder / "KLSweep" / ".stamp.json").read_text())
    assert [f["slide"] for f in stamp["figures"] if f["kind"] == "frame"] == [1, 2, 3]
    assert {f["name"]: f["width"] for f in stamp["figures"] if f["kind"] == "paper"} == {
        "KLSweep_minimum_column": "column",
        "KLSweep_maximum_column": "column",
        "KLSweep_full": "full",
    }


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--dpi", "0"], "figures: DPI (--dpi) must be a whole number from 36 to 1200; got '0'"),
        (["--dpi", "lots"], "figures: DPI (--dpi) must be a whole number from 36 to 1200; got 'lots'"),
        (["--theme", "sepia"], "figures: THEME (--theme) must be one of dark, light; got 'sepia'"),
        (["NoSuchScene"], "figures: SCENES: unknown scene 'NoSuchScene'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args, says, tmp_path):
    done = figures_cli("--media-dir", str(tmp_path), *args)
    assert done.returncode == 2
    assert done.stderr.strip().startswith(says) and len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "figures").exists()


def test_a_failed_run_keeps_the_last_good_figures(tmp_path):
    tiny = ["--media-dir", str(tmp_path), "--dpi", "36", "--catalogue", "tests.fixtures_scenes:CATALOGUE"]
    assert figures_cli(*tiny, "TinyCircle").returncode == 0
    folder = tmp_path / "figures" / "light" / "TinyCircle"
    good = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert {"TinyCircle-1.pdf", "TinyCircle-2.pdf", "TinyCircle-2.png", ".stamp.json"} <= good.keys()
    failed = figures_cli(*tiny, "TinyCircle", "--force", env={"LECTURE_TEST_FAIL": "TinyCircle"})
    assert failed.returncode == 1
    assert "FAILED TinyCircle: RuntimeError: forced failure of TinyCircle" in failed.stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == good
