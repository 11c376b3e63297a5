"""Two renders of the same scene at once on one MEDIA: the second waits for the first (saying so in one
line), both end well, and neither breaks the other. A failed render removes its staging files and Manim's
output of that run (its log stays), and the last good files stay in place."""

from __future__ import annotations

import threading
import time

import av
import pytest

from tests.tool.robust_helpers import digests, render, start


@pytest.fixture(scope="module")
def rendered_once(tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    proc = render(media, "--no-reel", "TinyCircle")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return media


def _wait_for_manim(media, name: str, timeout: float = 60.0) -> None:
    """Until the scene's render has started Manim (its log names the command)."""
    log = media / ".work" / name / "render.log"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.is_file() and "-m manim render" in log.read_text(errors="replace"):
            return
        time.sleep(0.05)
    raise AssertionError(f"{name} never started Manim")


def _read_until(proc, text: str, timeout: float = 60.0) -> str:
    """Lines of `proc`'s stdout until one holds `text` (what was read, joined)."""
    lines: list[str] = []
    reader = threading.Thread(target=lambda: _collect(proc, text, lines), daemon=True)
    reader.start()
    reader.join(timeout)
    return "".join(lines)


def _collect(proc, text: str, lines: list[str]) -> None:
    for line in proc.stdout:
        lines.append(line)
        if text in line:
            return


def _overlapping(media, second_args: list[str], tmp_path):
    """A first render of TinyCircle held inside Manim until a second one, started meanwhile, says it waits;
    returns (first's output, second's output, second's process)."""
    hold = tmp_path / "go"
    (media / ".work" / "TinyCircle" / "render.log").unlink(missing_ok=True)  # a log of this render only
    first = start(media, "--no-reel", "--force", "TinyCircle", env={"LECTURE_TEST_HOLD": str(hold)})
    _wait_for_manim(media, "TinyCircle")
    second = start(media, "--no-reel", *second_args, "TinyCircle")
    said = _read_until(second, "waiting for it")
    hold.touch()
    out1, err1 = first.communicate(timeout=180)
    out2, err2 = second.communicate(timeout=180)
    assert first.returncode == 0, out1 + err1
    assert second.returncode == 0, said + out2 + err2
    return out1, said + out2


def test_a_second_render_of_a_scene_waits_for_the_first(rendered_once, tmp_path):
    media = rendered_once
    out1, out2 = _overlapping(media, ["--force"], tmp_path)
    assert f"TinyCircle: another render of it is running in {media}; waiting for it" in out2
    assert "TinyCircle: ok" in out1 and "TinyCircle: ok" in out2
    with av.open(str(media / "TinyCircle" / "TinyCircle.mp4")) as clip:
        assert clip.duration > 0


def test_a_render_that_finds_the_scene_busy_then_finds_it_current(rendered_once, tmp_path):
    media = rendered_once
    _, out2 = _overlapping(media, [], tmp_path)  # no --force: the first's result is current
    assert "waiting for it" in out2 and "TinyCircle: cached" in out2


def test_a_failed_render_cleans_its_staging_files_and_keeps_its_log(rendered_once):
    media = rendered_once
    before = digests(media / "TinyCircle")
    proc = render(media, "--no-reel", "--force", "TinyCircle", env={"LECTURE_TEST_FAIL": "TinyCircle"})
    assert proc.returncode == 1
    assert "FAILED TinyCircle: RuntimeError: forced failure of TinyCircle" in proc.stderr
    work = media / ".work" / "TinyCircle"
    assert not (work / "out").exists() and not (work / "media").exists()
    assert "forced failure of TinyCircle" in (work / "render.log").read_text()
    assert digests(media / "TinyCircle") == before  # the last good files, untouched
