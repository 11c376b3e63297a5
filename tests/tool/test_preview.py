"""`lecture-scenes preview` (lecture_scenes/preview.py): a still of one frame, the clip, and the watch.

The watch is tested as a user meets it: a copy of a scene file is edited while the preview runs, and the PNG
changes; a syntax error gives one error line, keeps the picture and the watch; fixing it draws again; the
page on localhost reports each new picture; Ctrl-C leaves no process and no half-written file.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from queue import Queue

import av
import numpy as np
import pytest
from PIL import Image

from lecture_scenes import mp4s
from lecture_scenes.catalogue import ROOT
from tests.drawn_frames import frames_and_slide_ends
from tests.fixtures_scenes import TinySteps

TINY = f"{ROOT / 'tests' / 'fixtures_scenes.py'}:TinyCircle"
STEPS = f"{ROOT / 'tests' / 'fixtures_scenes.py'}:TinySteps"
LOW = {"pixel_width": 854, "pixel_height": 480, "frame_rate": 15}  # --quality l


def preview(*args: str, media: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "lecture_scenes.preview", *args, "--media-dir", str(media)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def pixels(path: Path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("RGB"))


@pytest.fixture(scope="module")
def full(tmp_path_factory):
    """TinySteps rendered in full at preview quality: every frame, and how many had been written when each
    slide after the first began."""
    return frames_and_slide_ends(TinySteps, tmp_path_factory.mktemp("full"), **LOW)


def test_beat_n_is_the_full_renders_frame_at_the_end_of_slide_n(full, tmp_path):
    frames, beats = full
    assert beats == [6, 15]  # 0.4 s, then 0.6 s more, at 15 fps
    for slide, index in enumerate(beats, start=1):
        done = preview(STEPS, "--beat", str(slide), media=tmp_path)
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(f"preview: TinySteps, end of slide {slide} (")
        np.testing.assert_array_equal(pixels(tmp_path / "preview" / "TinySteps.png"), frames[index])


def test_at_a_time_is_the_full_renders_frame_then(full, tmp_path):
    frames, _ = full
    for index in (3, 8, 13, 17):  # mid-play in each slide, and in the wait
        done = preview(STEPS, "--at", repr(index / 15), media=tmp_path)
        assert done.returncode == 0, done.stderr
        np.testing.assert_array_equal(pixels(tmp_path / "preview" / "TinySteps.png"), frames[index])


def test_a_catalogue_scene_by_name_in_the_light_theme(tmp_path):
    done = preview("KLSweep", "--beat", "2", "--theme", "light", media=tmp_path)
    assert done.returncode == 0, done.stderr
    picture = pixels(tmp_path / "light" / "preview" / "KLSweep.png")
    assert picture.shape == (480, 854, 3) and tuple(picture[2, 2]) == (255, 255, 255)


def test_the_clip(tmp_path):
    done = preview(STEPS, "--clip", media=tmp_path)
    assert done.returncode == 0, done.stderr
    with av.open(str(tmp_path / "preview" / "TinySteps.mp4")) as clip:
        assert float(clip.duration) / av.time_base == pytest.approx(1.4, abs=0.05)
    assert mp4s.index_first(tmp_path / "preview" / "TinySteps.mp4")  # plays before it is all loaded


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["NoSuchScene"], "preview: SCENE: scene must be one of CompressionCircle, "),
        (
            [TINY, "--beat", "3"],
            "preview: BEAT (--beat) must be from 1 to 2 (TinyCircle has 2 slides); got 3",
        ),
        ([TINY, "--beat", "0"], "preview: BEAT (--beat) must be a slide number >= 1; got '0'"),
        ([TINY, "--at", "-1"], "preview: AT (--at) must be a time in seconds >= 0; got '-1'"),
        ([TINY, "--at", "nan"], "preview: AT (--at) must be a time in seconds >= 0; got 'nan'"),
        ([STEPS, "--at", "9"], "preview: AT (--at) must be from 0 to 1.4 s (TinySteps's length); got 9"),
        ([TINY, "--beat", "1", "--clip"], "preview: --beat, --at and --clip each choose what to draw"),
        (["nowhere.py:Scene"], "preview: SCENE: no file 'nowhere.py'"),
        ([TINY, "--open"], "preview: --open and --port go with --watch"),
        ([TINY, "--watch", "--port", "99999"], "preview: --port must be a TCP port from 0"),
        (
            [f"{ROOT / 'scenes' / 'kl_sweep.py'}:np"],
            "preview: SCENE: "
            + str(ROOT / "scenes" / "kl_sweep.py")
            + " has no Scene class 'np'; its scenes: ",
        ),
        ([f"{ROOT / 'scenes' / 'kl_sweep.py'}:Nope"], "preview: SCENE: "),
        ([TINY, "--theme", "sepia"], "preview: THEME (--theme) must be one of dark, light; got 'sepia'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args, says, tmp_path):
    done = preview(*args, media=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith(says) and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert not (tmp_path / "preview").exists() or not any((tmp_path / "preview").iterdir())


def page_state(url: str, wanted, seconds: float = 10.0) -> dict:
    """The page's state once `wanted(state)` holds (it follows the child's exit by a moment)."""
    deadline = time.monotonic() + seconds
    while True:
        state = json.loads(urllib.request.urlopen(url + "state").read())
        if wanted(state) or time.monotonic() > deadline:
            return state
        time.sleep(0.05)


def test_watch_redraws_on_save_survives_an_error_and_stops_cleanly(tmp_path):
    scene_file = tmp_path / "edited.py"
    shutil.copyfile(ROOT / "tests" / "fixtures_scenes.py", scene_file)
    media = tmp_path / "media"
    png = media / "preview" / "TinyCircle.png"
    proc = subprocess.Popen(
        [sys.executable, "-m", "lecture_scenes.preview", f"{scene_file}:TinyCircle", "--watch"]
        + ["--media-dir", str(media)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    queue: Queue[str] = Queue()
    threading.Thread(target=lambda: [queue.put(line) for line in proc.stdout], daemon=True).start()

    def line_with(text: str, seconds: float = 90.0) -> str:
        deadline = time.monotonic() + seconds
        while True:
            line = queue.get(timeout=max(deadline - time.monotonic(), 0.01))
            lines.append(line.rstrip("\n"))
            if text in line:
                return line

    try:
        first = line_with("the newest picture is at ")
        url = first.split("the newest picture is at ")[1].split()[0]
        assert line_with("TinyCircle, last frame")
        before = pixels(png)
        assert "<title>preview: TinyCircle</title>" in urllib.request.urlopen(url).read().decode()
        state = page_state(url, lambda s: s["version"] == 1)
        assert state["ok"] and state["kind"] == "png"

        def edit(old: str, new: str) -> None:
            text = scene_file.read_text()
            assert old in text
            scene_file.write_text(text.replace(old, new))

        edit("Square(color=style.TAILS)", "Square(color=style.LOW, side_length=3)")
        assert line_with("TinyCircle, last frame")
        changed = pixels(png)
        assert (changed != before).any()
        assert page_state(url, lambda s: s["version"] == 2)

        edit("side_length=3)", "side_length=3")  # a syntax error
        error = line_with("TinyCircle failed")
        assert "SyntaxError: " in error and error.count("\n") == 1  # one line
        assert line_with("the last good picture stays")
        assert not [ln for ln in lines if "site-packages" in ln or "<frozen" in ln]
        np.testing.assert_array_equal(pixels(png), changed)
        state = page_state(url, lambda s: not s["ok"])
        assert state["version"] == 2 and "SyntaxError" in state["message"]
        assert proc.poll() is None

        edit("side_length=3", "side_length=1)")
        assert line_with("TinyCircle, last frame")
        assert (pixels(png) != changed).any()
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    time.sleep(0.2)  # the reader thread takes the last lines
    rest = []
    while not queue.empty():
        rest.append(queue.get().strip())
    assert proc.returncode == 130
    assert rest and rest[-1] == "preview: interrupted"
    assert [p.name for p in png.parent.iterdir()] == ["TinyCircle.png"]  # no half-written file
    children = subprocess.run(["pgrep", "-f", f"{scene_file}:TinyCircle"], capture_output=True, text=True)
    assert children.stdout.strip() == "", "a render was left running"
    assert os.path.exists(png)


def test_the_watched_files_of_a_scene_being_edited(tmp_path):
    """The files a watch follows: the scene's file and the repository modules it imports; a scene that does
    not parse at the moment (half-way through an edit) still has its own file watched, and nothing fails."""
    from lecture_scenes import stamps

    good = tmp_path / "good.py"
    good.write_text("from scenes.kit import style\nimport mathcore.kl\n")
    files = set(stamps.source_files(file=good))
    assert {good, ROOT / "scenes" / "kit" / "style.py", ROOT / "mathcore" / "kl.py"} <= files
    broken = tmp_path / "broken.py"
    broken.write_text("from scenes.kit import style\nclass Broken(:\n")
    assert stamps.source_files(file=broken) == [broken]
    assert ROOT / "scenes" / "kl_sweep.py" in stamps.source_files("scenes.kl_sweep")
