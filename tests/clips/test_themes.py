"""Every clip in every theme: its background is the theme's, its text reads against it, and the light theme's
transparent overlay reads on a white slide."""

from __future__ import annotations

import os
import subprocess
import sys

import av
import numpy as np
import pytest
from PIL import Image

from lecture_scenes.catalogue import BUILTIN, ROOT
from scenes.kit import accessibility, theme


def hex_of(rgb) -> str:
    return "#{:02X}{:02X}{:02X}".format(*(int(v) for v in rgb[:3]))


@pytest.fixture(scope="module")
def posters(tmp_path_factory):
    """theme name -> folder with the last frame of every built-in clip, rendered in that theme."""
    out = {}
    procs = []
    for name in theme.THEMES:
        folder = tmp_path_factory.mktemp(f"posters-{name}")
        env = dict(os.environ, LECTURE_THEME=name)
        cmd = [sys.executable, "-m", "tests.theme_posters", str(folder)]
        procs.append(subprocess.Popen(cmd, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True))
        out[name] = folder
    for proc in procs:
        assert proc.wait() == 0, proc.stderr.read()[-2000:]
    return out


@pytest.mark.parametrize("name", list(theme.THEMES))
@pytest.mark.parametrize("entry", BUILTIN, ids=[e.name for e in BUILTIN])
def test_each_clip_has_the_themes_background_and_readable_ink(posters, name, entry):
    t = theme.THEMES[name]
    pixels = np.asarray(Image.open(posters[name] / f"{entry.name}.png").convert("RGB")).reshape(-1, 3)
    corner = pixels[0]
    assert hex_of(corner) == t.background  # the top-left corner is background in every clip
    # The pixel farthest from the background in luminance is the ink of the text (anti-aliased edges are
    # between): it reaches the 4.5:1 that text promises.
    luminance = pixels @ np.array([0.2126, 0.7152, 0.0722])
    far = pixels[np.argmax(np.abs(luminance - luminance[0]))]
    assert accessibility.contrast(hex_of(far), t.background) >= accessibility.TEXT_CONTRAST


def test_the_light_overlay_reads_on_a_white_slide(tmp_path):
    """The transparent render of the light theme, laid over white: its text keeps 4.5:1 (the dark theme's
    near-white text would vanish)."""
    env = dict(os.environ, LECTURE_THEME="light")
    cmd = [
        sys.executable,
        "-m",
        "manim",
        "render",
        "-ql",
        "-t",
        "--format",
        "mov",
        "--media_dir",
        str(tmp_path),
    ]
    cmd += ["--disable_caching", "--progress_bar", "none", "tests/fixtures_scenes.py", "PatchProbe"]
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, capture_output=True)
    (movie,) = tmp_path.rglob("PatchProbe.mov")
    with av.open(str(movie)) as container:
        frames = [f.to_ndarray(format="rgba") for f in container.decode(video=0)]
    frame = frames[len(frames) // 2].astype(float) / 255
    assert frame[0, 0, 3] == 0  # the slide shows through where nothing is drawn
    alpha = frame[..., 3:4]
    over_white = frame[..., :3] * alpha + (1 - alpha)  # straight alpha over a white slide
    luminance = over_white @ np.array([0.2126, 0.7152, 0.0722])
    darkest = over_white.reshape(-1, 3)[np.argmin(luminance)] * 255
    assert accessibility.contrast(hex_of(darkest), "#FFFFFF") >= accessibility.TEXT_CONTRAST


def test_one_process_builds_a_clip_in_the_dark_theme_then_the_light_one(tmp_path):
    """The theme is the talk's, taken when the scene is built: no re-import between two themes."""
    from manim import VMobject, tempconfig

    from scenes.kit import style
    from scenes.kit import talk as talks
    from scenes.kit.patches import skipping
    from scenes.kl_sweep import KLSweep
    from tests.conftest import TEST_CONFIG
    from tests.the_talk import TALK

    for name in ("dark", "light"):
        t = theme.THEMES[name]
        with talks.using(TALK.in_theme(name)), tempconfig({**TEST_CONFIG, "media_dir": str(tmp_path)}):
            scene = KLSweep(skip_animations=True)
            skipping.run(scene)
            pixels = np.asarray(skipping.image(scene).convert("RGB"))
            assert style.THEME is t and style.MODEL == t.model
        assert hex_of(pixels[0, 0]) == t.background
        strokes = {
            m.get_stroke_color().to_hex().upper()
            for top in scene.mobjects
            for m in top.get_family()
            if isinstance(m, VMobject) and m.get_stroke_width() > 0
        }
        assert {t.model, t.truth, t.muted} <= strokes  # the model and the truth curves, the axes
        other = theme.THEMES["light" if name == "dark" else "dark"]
        assert other.model not in strokes and other.muted not in strokes
