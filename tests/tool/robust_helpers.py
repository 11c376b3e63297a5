"""Shared by the tests/tool/test_robust_*.py modules: drive `python -m lecture_scenes.render` on the tiny
fixture scenes, and read what is on disk."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from lecture_scenes.catalogue import ROOT

FIXTURES = "tests.fixtures_scenes:CATALOGUE"


def render_cmd(media: Path | str, *args: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "lecture_scenes.render",
        "--catalogue",
        FIXTURES,
        "--media-dir",
        str(media),
        *args,
    ]


def render(media: Path | str, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        render_cmd(media, *args), cwd=ROOT, capture_output=True, text=True, env={**os.environ, **(env or {})}
    )


def start(media: Path | str, *args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        render_cmd(media, *args),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def digests(folder: Path) -> dict[str, str]:
    """Every file under `folder` (not the work folder) and the SHA-256 of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".work" not in p.relative_to(folder).parts
    }


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid`, from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    """Whether process `pid` exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def stderr_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]
