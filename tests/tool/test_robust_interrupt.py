"""An interrupt (SIGINT, as Ctrl-C sends it) during a render: one line, exit status 130, no child process
left running, and every good file as it was. The signal goes to the render alone (as `kill -INT` or a CI
runner sends it), the hardest case: a terminal's Ctrl-C also reaches the children."""

from __future__ import annotations

import signal
import time

import pytest

from tests.tool.robust_helpers import alive, children, digests, render, start, stderr_lines


@pytest.fixture(scope="module")
def rendered_once(tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    proc = render(media, "--jobs", "2")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return media


def test_an_interrupt_is_one_line_exit_130_and_loses_nothing(rendered_once, tmp_path):
    media = rendered_once
    before = digests(media)
    hold = {"LECTURE_TEST_HOLD": str(tmp_path / "never")}  # the scene waits inside Manim until interrupted
    log = media / ".work" / "TinyCircle" / "render.log"
    log.unlink()  # the fixture's: wait for this render's own
    proc = start(media, "--force", "--jobs", "1", env=hold)  # one scene at a time: the other is still queued
    deadline = time.monotonic() + 60
    kids: list[int] = []
    while time.monotonic() < deadline and not kids:
        if log.is_file() and "-m manim render" in log.read_text(errors="replace"):
            kids = children(proc.pid)
        time.sleep(0.05)
    assert kids, "the render started no Manim"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, out + err
    assert "Traceback" not in err + out
    assert stderr_lines(err) == ["render: interrupted; every scene's last good files are in place"]
    assert not any(alive(pid) for pid in kids)
    square_log = media / ".work" / "TinySquare" / "render.log"
    assert "manim" not in square_log.read_text()  # the queued scene started no Manim
    assert digests(media) == before
    assert not list((media / ".work").glob("*/out"))
