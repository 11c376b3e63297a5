"""Clips inline (lecture_scenes/notebook.py): a still of a beat is the preview's frame
(lecture_scenes/still.py, the same skipping), drawn as a vector page too, with that beat's note; a clip is
the video with every note; either theme; bad arguments one line naming the parameter."""

from __future__ import annotations

import av
import numpy as np
import pytest
from manim import PointCloudDot, tempconfig
from PIL import Image

from lecture_scenes import notebook as nb
from lecture_scenes import still as preview
from scenes.kit import theme
from scenes.kit.base import LectureScene
from tests.fixtures_scenes import TinySteps
from tests.rasters import share_close
from tests.the_talk import TALK


@pytest.mark.parametrize("name", ["dark", "light"])
def test_a_still_is_the_previews_frame_with_its_note(name, tmp_path):
    still = nb.still("KLSweep", beat=2, theme=name)
    with tempconfig({}):  # the preview sets Manim's configuration for its process
        req = preview.Request(
            "KLSweep", TALK.in_theme(name), module="scenes.kl_sweep", beat=2, media=tmp_path
        )
        preview.render(req)
    theirs = np.asarray(Image.open(req.output).convert("RGB")).astype(int)
    ours = np.asarray(Image.open(still.save(tmp_path / "ours.png")).convert("RGB")).astype(int)
    assert ours.shape == theirs.shape and share_close(ours, theirs) >= 0.999
    assert still.beat == 2 and still.note.startswith("The model moves along its path")
    assert still._background == theme.named(name).background
    svg = still.svg()
    assert "<path" in svg and "<image" not in svg and "<text" not in svg
    pdf = still.save(tmp_path / "still.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_a_clip_is_the_video_with_every_note():
    clip = nb.clip(TinySteps, theme="light")
    assert clip.notes == ("A disc grows.", "It moves right and stays.", "It becomes a square.")
    with av.open(str(clip.path)) as movie:
        stream = movie.streams.video[0]
        assert (stream.width, stream.height) == (854, 480)  # the preview's quality
        assert float(stream.duration * stream.time_base) == pytest.approx(TinySteps.SECONDS, abs=0.15)


def test_a_still_of_the_cells_run(tmp_path):
    mine = nb.run_like("gpt2-124m-1x", "tiny-wd", weight_decay=0.05, name="GPT-2 124M, weight decay 0.05")
    still = nb.still(mine, beat=1, theme="light")
    assert still.name == "ForgettingTinyWd" and "weight decay 0.05" in still.note


class WithPoints(LectureScene):
    def construct(self) -> None:
        self.beat("A point cloud, which has no vector form.")
        self.add(PointCloudDot(radius=1.0))
        self.wait(0.1)


def test_a_frame_with_a_point_cloud_shows_as_png():
    still = nb.still(WithPoints)
    assert not still.vector and still._repr_svg_() is None
    assert still._repr_png_().startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("call", "line"),
    [
        (lambda: nb.still("KLSweeps"), "scene must be one of CompressionCircle, KLSweep, "),
        (lambda: nb.still("KLSweep", beat=9), "beat must be from 1 to 3 (KLSweep has 3 beats); got 9"),
        (lambda: nb.still("KLSweep", beat=0), "beat must be a whole number from 1; got 0"),
        (lambda: nb.still("KLSweep", theme="sepia"), "theme must be one of dark, light; got 'sepia'"),
        (lambda: nb.clip("KLSweep", quality="4k"), "quality must be one of l, m, h; got '4k'"),
    ],
)
def test_bad_arguments_are_one_line_naming_the_parameter(call, line):
    with pytest.raises(ValueError) as err:
        call()
    message = str(err.value)
    assert "\n" not in message and message.startswith(line), message
