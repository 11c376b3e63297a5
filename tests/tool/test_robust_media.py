"""The output folder is checked once, before anything renders: a file in its place, a folder that cannot be
made or written, an empty MEDIA= give one line and exit 2, and nothing is written. A folder whose path holds
an apostrophe renders (Manim's list of partial movies and the reel's list quote it)."""

from __future__ import annotations

import re
import resource
import subprocess
import sys
from pathlib import Path

import av

from lecture_scenes import media_dir
from lecture_scenes.catalogue import ROOT
from tests.tool.robust_helpers import FIXTURES, digests, render, render_cmd, stderr_lines

UNWRITABLE = Path("/proc/1")  # a folder no process can create files in, root included


def one_line(proc: subprocess.CompletedProcess, prog: str, expected: str) -> None:
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    # make adds its own line: "make: ***", or "make[1]: ***" when the tests themselves run under `make test`
    lines = [ln for ln in stderr_lines(proc.stderr) if not re.match(r"make(\[\d+\])?: \*\*\*", ln)]
    assert (
        len(lines) == 1 and lines[0].startswith(f"{prog}: MEDIA (--media-dir) ") and expected in lines[0]
    ), lines
    assert "rendering" not in proc.stdout  # nothing started


def test_a_file_in_place_of_the_folder(tmp_path):
    target = tmp_path / "media"
    target.write_text("my notes")
    one_line(render(target), "render", f"must be a folder; {target} is a file")
    assert target.read_text() == "my notes"


def test_a_folder_that_cannot_be_made(tmp_path):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("x")
    one_line(
        render(blocker / "media"), "render", f"{blocker / 'media'}: cannot make the folder: Not a directory"
    )
    assert digests(tmp_path) == {"notes.txt": digests(tmp_path)["notes.txt"]}


def test_a_folder_that_cannot_be_written(tmp_path):
    assert UNWRITABLE.is_dir()
    one_line(render(UNWRITABLE), "render", f"{UNWRITABLE}: cannot write there")


def test_a_folder_without_room_is_found_before_anything_renders(tmp_path):
    """No room (simulated with a file-size limit below the check's probe: writes fail as on a full disk,
    with EFBIG instead of ENOSPC); the good files already there stay as they are."""
    media = tmp_path / "media"
    (media / "TinyCircle").mkdir(parents=True)
    (media / "TinyCircle" / "TinyCircle.mp4").write_bytes(b"a good clip")
    limit = media_dir.PROBE_BYTES // 2

    def small_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    cmd = render_cmd(media)
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, preexec_fn=small_files)
    one_line(proc, "render", f"{media}: cannot write there: no room for a file of 1 MiB (File too large)")
    assert digests(media) == {"TinyCircle/TinyCircle.mp4": digests(media)["TinyCircle/TinyCircle.mp4"]}
    assert (media / "TinyCircle" / "TinyCircle.mp4").read_bytes() == b"a good clip"


def test_an_empty_media_never_writes_into_the_repository():
    before = sorted(p.name for p in ROOT.iterdir())
    cmd = ["make", "--no-print-directory", "render", "MEDIA=", f"CATALOGUE={FIXTURES}"]
    cmd.append(f"VENV={Path(sys.executable).parent}")
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    one_line(proc, "render", "must name a folder; got ''")
    assert sorted(p.name for p in ROOT.iterdir()) == before


def test_slides_check_the_folder_too(tmp_path):
    target = tmp_path / "media"
    target.write_text("x")
    cmd = [sys.executable, "-m", "lecture_scenes.slides", "--catalogue", FIXTURES, "--media-dir", str(target)]
    one_line(subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True), "slides", "is a file")


def test_the_check_leaves_nothing_behind(tmp_path):
    folder = media_dir.checked(tmp_path / "new" / "media")
    assert folder.is_dir() and not any(folder.iterdir())


def test_concat_lines_quote_any_path():
    assert media_dir.concat_line("/a/Dr O'Neil's/x.mp4") == "file '/a/Dr O'\\''Neil'\\''s/x.mp4'\n"


def test_a_path_with_an_apostrophe_renders_scenes_and_reel(tmp_path):
    media = tmp_path / "Dr O'Neil's talk" / "media"
    proc = render(media, "--jobs", "2")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for name in ("TinyCircle", "TinySquare"):
        assert (media / name / f"{name}.mp4").stat().st_size > 1000
    with av.open(str(media / "talk_reel.mp4")) as reel:
        assert len(reel.chapters()) == 2
