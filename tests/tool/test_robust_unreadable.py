"""A talk file that cannot be read (not UTF-8, binary, a directory, a symbolic-link loop) is one line and exit
2 through every door: `lecture-scenes check FILE`, LECTURE_TALK=FILE, and `manim scenes/talk.py`. A UTF-8
byte-order mark is skipped, not a syntax error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lecture_scenes.catalogue import ROOT
from scenes.kit import talk as talks
from scenes.kit import talkfile

GOOD = '[talk]\nscenes = ["KLSweep"]\n\n[runs.mine]\nname = "Müller’s run"\n'
GOOD += "total_steps = 1000\nwarmup_steps = 10\n"
GOOD += 'max_lr = 1e-3\nmin_lr = 1e-4\nweight_decay = 0.1\nschedule = "cosine"\nsource = "s"\n'


def latin1(path: Path) -> Path:
    path.write_bytes(GOOD.encode("latin-1", errors="replace").replace(b"\x92", b"'"))
    return path


def binary(path: Path) -> Path:
    path.write_bytes(bytes(range(256)) * 4)
    return path


def nul_bytes(path: Path) -> Path:
    path.write_bytes(b"[talk]\x00\x00\n")
    return path


def directory(path: Path) -> Path:
    path.mkdir()
    return path


def link_loop(path: Path) -> Path:
    other = path.with_name("other.toml")
    path.symlink_to(other)
    other.symlink_to(path)
    return path


UNREADABLE = {
    "latin-1": (latin1, "is not UTF-8 text (byte 0xFC at line 5); save it as UTF-8"),
    "binary": (binary, "is not UTF-8 text (byte 0x80 at line 2)"),
    "nul bytes": (nul_bytes, "is a binary file (it holds NUL bytes), not a TOML file"),
    "directory": (directory, "is a directory; the talk file must be a TOML file"),
    "link loop": (link_loop, "cannot be read: a symbolic-link loop"),
}


def one_line(proc: subprocess.CompletedProcess, path: Path, expected: str) -> None:
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert lines == [f"{path}: {expected}"] or (
        len(lines) == 1 and lines[0].startswith(f"{path}: ") and expected in lines[0]
    ), lines


def tool(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).parent / "lecture-scenes"
    return subprocess.run(
        [exe, *args], capture_output=True, text=True, cwd=ROOT, env={**os.environ, **(env or {})}
    )


@pytest.mark.parametrize(("make", "expected"), UNREADABLE.values(), ids=UNREADABLE.keys())
def test_check_says_why_in_one_line(tmp_path, make, expected):
    path = make(tmp_path / "talk.toml")
    one_line(tool("check", str(path)), path, expected)


@pytest.mark.parametrize(("make", "expected"), UNREADABLE.values(), ids=UNREADABLE.keys())
def test_lecture_talk_says_why_in_one_line(tmp_path, make, expected):
    path = make(tmp_path / "talk.toml")
    one_line(tool("list", env={talks.TALK_VAR: str(path)}), path, expected)
    media = tmp_path / "media"
    proc = tool("render", "--media-dir", str(media), env={talks.TALK_VAR: str(path)})
    one_line(proc, path, expected)
    assert not media.exists()


@pytest.mark.parametrize(("make", "expected"), UNREADABLE.values(), ids=UNREADABLE.keys())
def test_manim_on_the_talk_scenes_says_why_in_one_line(tmp_path, make, expected):
    path = make(tmp_path / "talk.toml")
    media = tmp_path / "m"
    cmd = [sys.executable, "-m", "manim", "render", "-ql", "--media_dir", str(media), "scenes/talk.py", "X"]
    env = {**os.environ, talks.TALK_VAR: str(path)}
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and f"{path}: {expected}" in proc.stderr
    assert not any(p.suffix == ".mp4" for p in media.rglob("*"))


def test_a_byte_order_mark_is_skipped(tmp_path):
    path = tmp_path / "talk.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    proc = tool("check", str(path))
    assert proc.returncode == 0, proc.stderr
    assert talkfile.load(path, builtin_scenes=None).runs["mine"].run.name == "Müller’s run"


def test_a_missing_file_is_still_one_line(tmp_path):
    path = tmp_path / "nowhere.toml"
    one_line(tool("check", str(path)), path, "no such file")
