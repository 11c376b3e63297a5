"""Figures as objects (lecture_scenes/notebook.py): the pages `make figures` writes for the same clip, shown
inline as vector SVG (PNG on request), saved by suffix; a run or model of the cell is checked as talk.toml's
tables are, and bad arguments are one line naming the parameter."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
from pypdf import PdfReader

from lecture_scenes import notebook as nb
from lecture_scenes.catalogue import ROOT
from mathcore.presets import RUNS
from scenes.kit import talkfile, theme
from tests.rasters import pdf_raster, share_close

DPI = 300
# make figures' files -> the notebook's call for the same figure
SAME = {
    ("scenes.forgetting", "Forgetting124M1x"): {
        f"Forgetting124M1x_{what}_{width}": (make, "gpt2-124m-1x", width)
        for what, make in (("decay", nb.decay_figure), ("composition", nb.composition_figure))
        for width in ("column", "full")
    },
    ("scenes.forgetting", "ForgettingOLMo7B"): {  # a run read two ways (mathcore.presets.READINGS)
        f"ForgettingOLMo7B_{what}_full": (make, "olmo-7b", "full")
        for what, make in (("decay", nb.decay_figure), ("composition", nb.composition_figure))
    },
    ("scenes.compression", "CompressionCircle"): {
        f"CompressionCircle_circles_{width}": (nb.circles_figure, None, width) for width in ("column", "full")
    },
    ("scenes.kl_sweep", "KLSweep"): {
        "KLSweep_minimum_column": (nb.kl_split_figure, "minimum", "column"),
        "KLSweep_maximum_column": (nb.kl_split_figure, "maximum", "column"),
        "KLSweep_full": (nb.kl_split_figure, "minimum", "full"),
    },
}
TABLE = {
    "name": "My run",
    "total_steps": 200_000,
    "warmup_steps": 2000,
    "max_lr": 3e-4,
    "min_lr": 3e-5,
    "weight_decay": 0.05,
    "schedule": "cosine",
    "source": "a what-if",
}


@pytest.fixture(scope="module", params=list(SAME), ids=[name for _, name in SAME])
def made_both_ways(request, tmp_path_factory):
    """figure_job's files for one clip (light theme, as `make figures`), and the notebook's of the same."""
    module, name = request.param
    out = tmp_path_factory.mktemp(f"job-{name}")
    env = {**os.environ, "LECTURE_THEME": "light", "LECTURE_TALK": str(ROOT / "talk.toml")}
    job = [sys.executable, "-m", "lecture_scenes.figure_job", module, name, str(out / "files"), str(DPI)]
    done = subprocess.run(job, cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    ours = {}
    for stem, (make, what, width) in SAME[request.param].items():
        figure = make(what, width=width, theme="light")
        ours[stem] = {
            suffix: figure.save(out / "ours" / f"{stem}.{suffix}") for suffix in ("pdf", "svg", "png")
        }
    return out / "files", ours


def test_the_same_pages_as_make_figures(made_both_ways, tmp_path):
    files, ours = made_both_ways
    for stem, saved in ours.items():
        theirs = files / f"{stem}.pdf"
        (page,), (mine,) = PdfReader(theirs).pages, PdfReader(saved["pdf"]).pages
        assert (float(mine.mediabox.width), float(mine.mediabox.height)) == (
            float(page.mediabox.width),
            float(page.mediabox.height),
        ), stem
        a = pdf_raster(theirs, tmp_path / f"{stem}-job", dpi=DPI)
        b = pdf_raster(saved["pdf"], tmp_path / f"{stem}-nb", dpi=DPI)
        assert a.shape == b.shape and share_close(a, b) >= 0.99, stem
        png_job = np.asarray(__import__("PIL.Image").Image.open(files / f"{stem}.png").convert("RGB")).astype(
            int
        )
        png_nb = np.asarray(__import__("PIL.Image").Image.open(saved["png"]).convert("RGB")).astype(int)
        assert png_job.shape == png_nb.shape and share_close(png_job, png_nb) >= 0.99, stem


def test_saved_svg_is_vector_and_the_files_svg(made_both_ways):
    """One drawing: the same bytes as make figures' SVG, whatever theme this process imported the clip in."""
    files, ours = made_both_ways
    for stem, saved in ours.items():
        text = saved["svg"].read_text()
        assert "<path" in text and "<image" not in text and "<text" not in text, stem
        assert text == (files / f"{stem}.svg").read_text(), stem


def test_inline_is_svg_with_paths_and_png_on_request():
    figure = nb.decay_figure("olmo-7b")
    svg = figure._repr_svg_()
    assert svg.startswith("<?xml") and "<path" in svg and "<image" not in svg and "<text" not in svg
    assert figure._repr_png_() is None  # one format inline: SVG, unless asked otherwise
    other = nb.composition_figure("olmo-7b")
    ids = lambda s: set(__import__("re").findall(r'id="([^"]+)"', s))  # noqa: E731
    assert not ids(svg) & ids(other._repr_svg_())  # two figures on one page do not share ids
    nb.inline_format("png")
    try:
        png = figure._repr_png_()
        assert png.startswith(b"\x89PNG") and figure._repr_svg_() is None
    finally:
        nb.inline_format("svg")


def test_theme_is_the_figures_own():
    dark = nb.decay_figure("olmo-7b", theme="dark")
    light = nb.decay_figure("olmo-7b", theme="light")
    assert dark.background == theme.named("dark").background
    assert light.background == theme.named("light").background
    assert light.page == dark.page
    assert nb.decay_figure("olmo-7b", width="full").page[0] == 504


def test_a_run_of_the_cell_is_a_talk_table(tmp_path):
    """nb.run(...) gives what the same [runs.KEY] table of a talk file gives, and refuses what it refuses,
    with the same line (the file's name aside)."""
    lines = ["[talk]", 'scenes = ["ForgettingMyRun"]', "[runs.my-run]"]
    lines += [f"{k} = {v!r}".replace("'", '"') for k, v in TABLE.items()]
    path = tmp_path / "talk.toml"
    path.write_text("\n".join(lines) + "\n")
    assert nb.run("my-run", **TABLE) == talkfile.load(path).runs["my-run"]
    bad = {**TABLE, "weight_decay": -0.05}
    path.write_text(path.read_text().replace("weight_decay = 0.05", "weight_decay = -0.05"))
    with pytest.raises(talkfile.TalkError) as from_file:
        talkfile.load(path)
    with pytest.raises(talkfile.TalkError) as from_cell:
        nb.run("my-run", **bad)
    assert str(from_cell.value) == "run: [runs.my-run] weight_decay = -0.05: must be >= 0 and finite"
    assert str(from_file.value) == f"{path}: [runs.my-run] weight_decay = -0.05: must be >= 0 and finite"
    mine = nb.run("my-run", **TABLE)
    assert nb.decay_figure(mine).name == "ForgettingMyRun_decay_column"
    assert nb.decay_figure(RUNS["olmo-7b"]).page == nb.decay_figure("olmo-7b").page  # a TrainingRun too


def test_a_model_of_the_cell_is_a_talk_table():
    table = dict(name="OLMo 7B", tokens=2.46e12, parameters=6.9e9, bytes_per_token=4, bytes_per_parameter=2)
    figure = nb.circles_figure(nb.model("olmo-7b", **table, source="Groeneveld et al. 2024"))
    assert figure.name == "CompressionOlmo7b_circles_column" and "<path" in figure.svg()
    with pytest.raises(talkfile.TalkError, match=r"^model: \[models.m\] tokens = -1: must be"):
        nb.model("m", **{**table, "tokens": -1}, source="s")


@pytest.mark.parametrize(
    ("call", "line"),
    [
        (lambda: nb.decay_figure("olmo-7b", width="half"), "width must be one of column, full; got 'half'"),
        (lambda: nb.decay_figure("olmo-7b", theme="sepia"), "theme must be one of dark, light; got 'sepia'"),
        (lambda: nb.composition_figure("olmo-8b"), "run must be one of gpt2-124m-1x, "),
        (lambda: nb.circles_figure("llama"), "model must be one of None (the seeds' model)"),
        (lambda: nb.kl_split_figure("middle"), "moment must be one of minimum, maximum; got 'middle'"),
        (lambda: nb.inline_format("jpeg"), "fmt must be one of svg, png; got 'jpeg'"),
        (lambda: nb.decay_figure("olmo-7b").save("x.jpg"), "path must end in .pdf, .svg, .png; got 'x.jpg'"),
        (lambda: nb.run("r", **{**TABLE, "schedule": "cosin"}), "run: [runs.r] schedule = 'cosin': must be"),
    ],
)
def test_bad_arguments_are_one_line_naming_the_parameter(call, line):
    with pytest.raises((ValueError, talkfile.TalkError)) as err:
        call()
    message = str(err.value)
    assert "\n" not in message and message.startswith(line), message
