"""scenes/kit/patches/slides_compat.py: manim-slides 5.7 renders slides on the Manim that runs the tests.

Every test runs on Manim 0.21 and 0.22 alike: on 0.21 the patch must do nothing (and the slides still
render), on 0.22 it must make them render.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import av
import pytest
from manim import Circle, Create, FadeOut, Sphere, Square, Transform, config, tempconfig
from manim_slides import Slide, ThreeDSlide
from manim_slides.config import PresentationConfig

from scenes.kit import patches
from scenes.kit.patches import slides_compat
from tests.conftest import TEST_CONFIG

ROOT = Path(__file__).resolve().parents[2]


def seconds(video: Path) -> float:
    with av.open(str(video)) as container:
        return float(container.duration) / av.time_base


class TwoSlides(Slide):
    """Two slides: a circle appears; it becomes a square, which fades out (three animations)."""

    def construct(self) -> None:
        circle = Circle()
        self.play(Create(circle), run_time=0.4)
        self.next_slide()
        self.play(Transform(circle, Square()), run_time=0.4)
        self.play(FadeOut(circle), run_time=0.4)


class TwoSlides3D(ThreeDSlide):
    def construct(self) -> None:
        sphere = Sphere(resolution=(6, 6))
        self.play(Create(sphere), run_time=0.4)
        self.next_slide()
        self.play(FadeOut(sphere), run_time=0.4)


def render_slides(scene_cls: type, tmp_path: Path, **overrides) -> list:
    """Render `scene_cls` as manim-slides does and return the slides of the JSON it writes."""
    patches.apply(slides_compat)
    folder = tmp_path / "slides"
    with tempconfig({**TEST_CONFIG, "media_dir": str(tmp_path / "media"), **overrides}):
        scene_cls(output_folder=folder).render()
    deck = folder / f"{scene_cls.__name__}.json"
    assert deck.is_file()
    return PresentationConfig.from_file(deck).slides


def test_applies_only_to_manim_022_with_manim_slides_57():
    assert patches.needed(slides_compat, "0.22.0") and patches.verified(slides_compat, "0.22.0", "5.7.0")
    assert not patches.needed(slides_compat, "0.21.0")
    for manim_version, slides_version in [("0.23.0", "5.7.0"), ("0.22.0", "5.8.0"), ("0.22.1", "5.7.0")]:
        assert not patches.verified(slides_compat, manim_version, slides_version)


def test_apply_changes_slide_only_where_it_applies_and_once():
    patches.apply(slides_compat)
    patched = Slide.__dict__["__init__"], Slide.__dict__["render"]
    if patches.enabled(slides_compat):
        slides_compat.apply()
    assert (Slide.__dict__["__init__"], Slide.__dict__["render"]) == patched  # idempotent
    from_manim_slides = [f.__module__ == "manim_slides.slide.manim" for f in patched]
    if patches.enabled(slides_compat):
        assert from_manim_slides == [False, False] and Slide._lecture_compat == slides_compat.NAME
        assert ThreeDSlide.render is Slide.render  # inherited, so patched too
    else:  # e.g. Manim 0.21: manim-slides' own methods, untouched
        assert from_manim_slides == [True, True] and not hasattr(Slide, "_lecture_compat")


@pytest.mark.parametrize(("scene_cls", "lengths"), [(TwoSlides, (0.4, 0.8)), (TwoSlides3D, (0.4, 0.4))])
def test_a_slide_scene_renders_its_slides_json_and_videos(scene_cls, lengths, tmp_path):
    slides = render_slides(scene_cls, tmp_path)
    assert len(slides) == 2
    for slide in slides:
        assert slide.file.is_file() and slide.rev_file.is_file()
        assert slide.file.parent == tmp_path / "slides" / "files" / scene_cls.__name__
        assert seconds(slide.file) == pytest.approx(seconds(slide.rev_file), abs=0.15)
    assert [seconds(s.file) for s in slides] == pytest.approx(lengths, abs=0.15)


def test_manim_keeps_every_partial_movie_file_until_the_slides_are_cut(tmp_path):
    """manim-slides lifts Manim's cache limit for the render: with a limit of one file Manim would delete
    the partial movie files of the first animations before the slides are made of them. On 0.22 the limit
    must be lifted when the scene is built, not in render() (where 5.7 does it), and restored after."""
    slides = render_slides(TwoSlides, tmp_path, max_files_cached=1, disable_caching=False)
    assert seconds(slides[1].file) == pytest.approx(0.8, abs=0.15)  # made of two partial movie files
    assert config.max_files_cached == TEST_CONFIG.get("max_files_cached", 100)


def test_a_lecture_scene_renders_as_slides_from_the_command_line(tmp_path):
    """What `make slides` does per scene: `manim render` with LECTURE_SLIDES=1 (scenes/kit/base.py)."""
    env = {**os.environ, "LECTURE_SLIDES": "1", "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "manim", "render", "-ql", "--media_dir", str(tmp_path / "media")]
    cmd += ["--progress_bar", "none", str(ROOT / "tests" / "fixtures_scenes.py"), "TinyCircle"]
    proc = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    deck = json.loads((tmp_path / "slides" / "TinyCircle.json").read_text())
    assert len(deck["slides"]) == 2
    for slide in deck["slides"]:
        for key in ("file", "rev_file"):
            assert seconds(tmp_path / slide[key]) > 0.3  # paths relative to where manim ran


@pytest.mark.parametrize(
    ("live", "fmt", "transparent", "expected"),
    [
        (True, "auto", False, "mp4"),
        (True, "auto", True, "mov"),
        (True, "png", False, "png"),  # asked for: left alone
        (False, "auto", False, "auto"),  # 0.22 writes a video then anyway
    ],
)
def test_write_to_movie_in_022s_terms(live, fmt, transparent, expected):
    cfg = SimpleNamespace(live_preview=live, enable_gui=False, format=fmt, transparent=transparent)
    slides_compat._write_video(cfg)
    assert cfg.format == expected
