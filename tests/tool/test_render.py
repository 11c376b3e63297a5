"""`make render` of two tiny scenes (tests/fixtures_scenes.py) at the lowest quality into a temporary folder.

The scenes render for real: clips, posters, captions, transparent WebM, GIF, the reel with its chapters; a
re-run is cached; a failing scene leaves the other's files and its own last good ones, and names itself.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import av
import numpy as np
import pytest
import webvtt
from PIL import Image

from lecture_scenes import captions, runner, stamps
from lecture_scenes.catalogue import ROOT
from scenes.kit import notes, theme
from tests.fixtures_scenes import CATALOGUE as TINY

NAMES = [e.name for e in TINY]
FIXTURES = "tests.fixtures_scenes:CATALOGUE"


def make_render(media: Path, *variables: str, env: dict | None = None) -> subprocess.CompletedProcess:
    cmd = ["make", "--no-print-directory", "render", f"MEDIA={media}", f"CATALOGUE={FIXTURES}", "QUALITY=l"]
    cmd.append(f"VENV={Path(sys.executable).parent}")  # the Manim under test, not always .venv's
    return subprocess.run(
        [*cmd, *variables], cwd=ROOT, capture_output=True, text=True, env={**os.environ, **(env or {})}
    )


def cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "lecture_scenes.render", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    """One real `make render` of the two tiny scenes, with the transparent WebM."""
    media = tmp_path_factory.mktemp("media")
    proc = make_render(media, "JOBS=2", "FORMATS=webm")
    return media, proc


def test_make_render_exits_zero_and_prints_the_table(first_run):
    _, proc = first_run
    assert proc.returncode == 0, proc.stdout + proc.stderr
    header = next(line for line in proc.stdout.splitlines() if line.startswith("scene"))
    assert header.split()[:4] == ["scene", "status", "length", "took"]
    for name in NAMES:
        row = next(line for line in proc.stdout.splitlines() if line.startswith(name + " "))
        assert " ok " in row and f"{name}.mp4 poster.png first.png {name}.webm" in row
    assert re.search(r"^\(talk reel\)\s+ok\s.*talk_reel.mp4 \(2 chapters\)", proc.stdout, re.MULTILINE)


def test_every_scene_has_its_clip_posters_webm_and_gif(first_run):
    media, _ = first_run
    for entry in TINY:
        folder = media / entry.name
        with av.open(str(folder / f"{entry.name}.mp4")) as clip:
            assert clip.duration / av.time_base == pytest.approx(entry.seconds, abs=0.2)
        first, last = (np.asarray(Image.open(folder / f).convert("RGB")) for f in ("first.png", "poster.png"))
        assert first.shape == last.shape == (480, 854, 3)
        assert not np.array_equal(first, last)  # the poster is the end of the clip, not its start
        assert not any(p.name.endswith(".tmp") for p in folder.iterdir())


def test_webm_is_vp9_with_a_transparent_background(first_run):
    media, _ = first_run
    with av.open(str(media / "TinyCircle" / "TinyCircle.webm")) as webm:
        stream = webm.streams.video[0]
        assert stream.codec_context.name == "vp9"
        # libvpx-vp9 decodes the alpha plane; FFmpeg's native vp9 decoder would drop it.
        ctx = av.CodecContext.create("libvpx-vp9", "r")
        frames = [f for p in webm.demux(stream) for f in ctx.decode(p)]
        rgba = frames[-1].to_ndarray(format="rgba")
    assert rgba[0, 0, 3] == 0  # the corner (background) is transparent
    assert rgba[..., 3].max() == 255  # the drawing is not


def test_the_reel_holds_every_scene_in_order_with_one_chapter_each(first_run):
    media, _ = first_run
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_chapters", "-show_format", "-of", "json", media / "talk_reel.mp4"],
        capture_output=True,
        text=True,
        check=True,
    )
    info = json.loads(probe.stdout)
    assert [c["tags"]["title"] for c in info["chapters"]] == NAMES
    assert float(info["format"]["duration"]) == pytest.approx(sum(e.seconds for e in TINY), abs=0.3)
    assert float(info["chapters"][1]["start_time"]) == pytest.approx(TINY[0].seconds, abs=0.2)


def test_every_clip_has_its_description_track_one_cue_per_beat_inside_the_clip(first_run):
    """<Scene>.descriptions.vtt parses (webvtt-py), holds one cue per beat in order, each inside the clip, its
    text the beat's note; each beat's still is the video's frame at the end of the beat's cue. The notes are
    not offered as captions: no <Scene>.vtt."""
    media, _ = first_run
    for entry in TINY:
        folder = media / entry.name
        line = notes.read_sidecar(folder / f"{entry.name}.beats.json")
        notes_said = [b.note for b in line.beats]
        assert len(notes_said) == 2 and all(notes_said)
        assert not (folder / f"{entry.name}.vtt").exists()
        cues = webvtt.read(str(folder / f"{entry.name}.descriptions.vtt")).captions
        assert [c.text for c in cues] == notes_said
        starts = [c.start_time.in_milliseconds() for c in cues]
        ends = [c.end_time.in_milliseconds() for c in cues]
        with av.open(str(folder / f"{entry.name}.mp4")) as clip:
            clip_ms = clip.duration / av.time_base * 1000
        assert starts[0] == 0 and starts == sorted(starts) and ends[:-1] == starts[1:]
        assert all(s < e for s, e in zip(starts, ends, strict=True)) and ends[-1] <= clip_ms + 1
        assert captions.problems(folder / f"{entry.name}.descriptions.vtt", line, clip_ms / 1000) == []
        with av.open(str(folder / f"{entry.name}.mp4")) as clip:
            frames = [f.to_ndarray(format="rgb24") for f in clip.decode(video=0)]
        for k in range(len(line.beats)):
            still = np.asarray(Image.open(folder / f"beat{k + 1}.png").convert("RGB")).astype(int)
            assert np.abs(still - frames[line.last_frame(k)]).mean() < 3  # the same frame, as PNG


def test_the_reel_has_a_chapter_track_and_every_beat_in_its_description_track(first_run):
    media, _ = first_run
    chapters = webvtt.read(str(media / "talk_reel.chapters.vtt")).captions
    assert [c.text.split(":")[0] for c in chapters] == NAMES
    assert chapters[1].start_time.in_milliseconds() == chapters[0].end_time.in_milliseconds()
    assert chapters[1].start_time.in_milliseconds() == pytest.approx(TINY[0].seconds * 1000, abs=200)
    assert not (media / "talk_reel.vtt").exists()
    cues = webvtt.read(str(media / "talk_reel.descriptions.vtt")).captions
    assert [c.text for c in cues] == [
        "A circle appears.",
        "It becomes a square.",
        "A square appears.",
        "It fades out.",
    ]
    assert cues[2].start_time.in_milliseconds() == chapters[1].start_time.in_milliseconds()


def test_the_talks_script_has_every_beats_still_and_note(first_run):
    media, proc = first_run
    text = (media / "talk_script.md").read_text()
    assert "render: the talk's script: " in proc.stdout
    assert text.index("## 1. TinyCircle") < text.index("## 2. TinySquare")
    for name, beats in (("TinyCircle", 2), ("TinySquare", 2)):
        for k in range(1, beats + 1):
            assert f"]({name}/beat{k}.png)" in text
    for note in ("A circle appears.", "It becomes a square.", "A square appears.", "It fades out."):
        assert text.count(note) == 1
    assert (media / "talk_script.html").read_text().count("<img ") == 4


def test_a_format_more_is_made_alone_from_the_current_clip(first_run):
    media, _ = first_run
    clips = [media / n / f"{n}.mp4" for n in NAMES]
    before = [c.stat().st_mtime_ns for c in clips]
    proc = make_render(media, "JOBS=2", "FORMATS=webm gif")
    assert proc.returncode == 0, proc.stderr
    assert [c.stat().st_mtime_ns for c in clips] == before  # the clips were not rendered again
    for name in NAMES:
        assert f"{name}: ok" in proc.stdout
        assert (media / name / f"{name}.gif").read_bytes()[:6] == b"GIF89a"
        assert "manim render" not in (media / ".work" / name / "render.log").read_text()


def test_a_rerun_with_nothing_changed_is_cached(first_run):
    media, _ = first_run
    proc = make_render(media, "JOBS=2")  # fewer formats than the first run: what is there is still current
    assert proc.returncode == 0, proc.stderr
    for name in NAMES:
        assert f"{name}: cached" in proc.stdout
        assert (media / name / f"{name}.webm").is_file()
    assert re.search(r"^\(talk reel\)\s+cached", proc.stdout, re.MULTILINE)


def test_a_failing_scene_keeps_the_others_and_its_last_good_files(first_run):
    media, _ = first_run
    before = {p: p.read_bytes() for p in (media / "TinySquare").iterdir()}
    proc = cli(
        "--catalogue", FIXTURES, "--media-dir", str(media), "--force", env={"LECTURE_TEST_FAIL": "TinySquare"}
    )
    assert proc.returncode == 1
    assert "FAILED TinySquare: RuntimeError: forced failure of TinySquare" in proc.stderr
    assert "TinyCircle: ok" in proc.stdout and "TinySquare: FAILED" in proc.stdout
    assert (media / "TinyCircle" / "TinyCircle.mp4").stat().st_size > 1000
    assert {p: p.read_bytes() for p in (media / "TinySquare").iterdir()} == before  # nothing lost


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--quality", "x"], "render: QUALITY (--quality) must be one of l, m, h, k; got 'x'"),
        (["--formats", "webm png"], "render: FORMATS (--formats) may hold webm, gif"),
        (["--jobs", "zero"], "render: JOBS (--jobs) must be a whole number >= 1; got 'zero'"),
        (["NoSuchScene"], "render: SCENES: unknown scene 'NoSuchScene'; allowed: TinyCircle, TinySquare"),
        (["--catalogue", "no.such.module"], "render: CATALOGUE (--catalogue) must name a list of Entry"),
        (["--theme", "sepia"], "render: THEME (--theme) must be one of dark, light; got 'sepia'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args, message, tmp_path):
    proc = cli("--catalogue", FIXTURES, "--media-dir", str(tmp_path), *args)
    assert proc.returncode == 2
    assert proc.stderr.startswith(message) and proc.stderr.count("\n") == 1
    assert "Traceback" not in proc.stderr and not any(tmp_path.iterdir())


def test_sources_of_a_scene_are_its_file_and_the_local_modules_it_imports():
    files = {p.relative_to(ROOT).as_posix() for p in stamps.source_files("tests.fixtures_scenes")}
    assert {
        "tests/fixtures_scenes.py",
        "scenes/kit/base.py",
        "scenes/kit/style.py",
        "lecture_scenes/catalogue.py",
    } <= files
    assert not any(".venv" in f for f in files)


def test_the_reason_of_a_failure_is_the_error_line():
    log = (
        "INFO rendering\n╭─ Traceback ─╮\n│ x = 1/0 │\n╰─────────────╯\nZeroDivisionError: division by zero\n"
    )
    assert runner.reason_from_log(log) == "ZeroDivisionError: division by zero"
    assert runner.reason_from_log("something odd\n\n") == "something odd"


def test_another_theme_renders_beside_the_first_never_over_it(first_run):
    """THEME=light writes under MEDIA/light/, leaves the dark files as they were, and the dark ones stay
    cached: the stamps know the theme."""
    media, _ = first_run
    dark = media / "TinyCircle"
    before = {p.name: p.read_bytes() for p in dark.iterdir() if p.is_file()}
    proc = make_render(media, "THEME=light", "SCENES=TinyCircle", "JOBS=1")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "light theme" in proc.stdout
    light = media / "light" / "TinyCircle"
    assert (light / "TinyCircle.mp4").is_file() and (light / "poster.png").is_file()
    corner = Image.open(light / "poster.png").convert("RGB").getpixel((0, 0))
    assert "#{:02X}{:02X}{:02X}".format(*corner) == theme.LIGHT.background
    assert {p.name: p.read_bytes() for p in dark.iterdir() if p.is_file()} == before
    again = make_render(media, "SCENES=TinyCircle", "JOBS=1")
    row = next(line for line in again.stdout.splitlines() if line.startswith("TinyCircle "))
    assert " cached " in row
