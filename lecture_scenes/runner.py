"""Running Manim and FFmpeg in subprocesses: a log per run, one line that says why a run failed.

Every tool's output is appended to the scene's log (``<media>/.work/<Scene>/render.log``) as it comes, and a
non-zero exit raises :class:`Failed` with the error line of that output. Manim renders each scene in its own
media folder (:func:`manim_media`), shared by `make render` and `make slides` under a lock
(:func:`scene_lock`), so that parallel runs never write into one another's caches.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

from lecture_scenes import forkserver, locks
from lecture_scenes.catalogue import ROOT
from scenes.kit import talk as talks
from scenes.kit.talkfile import Talk

ERROR_LINE = re.compile(r"^\s*([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt)\b.*)$")


class Failed(Exception):
    """A step of a scene's render failed; the message is the one-line reason."""


# Every Manim and FFmpeg run of this process, so that an interrupt ends them all (stop_all) and no new one
# starts: a Ctrl-C reaches the children of a terminal's foreground job, but a SIGINT sent to this process
# alone (kill -INT, a CI runner) would not, and the thread pool would wait for every queued scene.
_running: set[subprocess.Popen] = set()
_running_lock = threading.Lock()
_stopped = threading.Event()


def stop_all() -> None:
    """Kill every running child and refuse to start new ones (after an interrupt)."""
    _stopped.set()
    with _running_lock:
        children = list(_running)
    for proc in children:
        proc.kill()


def resume() -> None:
    """Allow runs again (a new command in the same process, e.g. the tests)."""
    _stopped.clear()


def _track(proc: subprocess.Popen | None, add: bool) -> None:
    with _running_lock:
        if add:
            _running.add(proc)
        else:
            _running.discard(proc)
    if add and _stopped.is_set():  # stop_all() ran while this one was starting
        proc.kill()


def reason_from_log(text: str) -> str:
    """The line that says why a run failed: the last "SomethingError: ..." line, else the last line."""
    lines = [ln.strip(" │|").strip() for ln in text.splitlines() if ln.strip(" │|─╭╮╰╯").strip()]
    for line in reversed(lines):
        match = ERROR_LINE.match(line)
        if match:
            return match.group(1)[:300]
    return lines[-1][:300] if lines else "no output"


def manim_env(extra: dict[str, str] | None = None, talk: Talk | None = None) -> dict[str, str]:
    """Environment for a Manim subprocess: wide log lines (parsed for progress), this repo importable, and
    the talk it draws through the channel of scenes/kit/talk.py (its file's absolute path and its theme)."""
    env = dict(os.environ, COLUMNS="250", PYTHONUNBUFFERED="1", **(extra or {}))
    if talk is not None:
        env.update(talks.environment(talk))
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def run_logged(
    cmd: list[str], log: Path, *, cwd: Path = ROOT, env: dict | None = None, on_line: Callable | None = None
) -> None:
    """Run `cmd`, appending its output to `log` and passing each line to `on_line`; Failed on exit != 0.

    ``python -m manim ...`` goes through the fork server while one serves (lecture_scenes.forkserver): the
    same render, its output and exit status, without importing Manim again."""
    if _stopped.is_set():
        raise Failed("interrupted")
    run = forkserver.wrap(cmd)
    with open(log, "a", encoding="utf-8") as out:
        via = "  # through the fork server" if run[:3] != [str(c) for c in cmd[:3]] else ""
        out.write(f"$ {' '.join(map(str, cmd))}{via}\n")
        out.flush()
        proc = subprocess.Popen(
            run,
            cwd=cwd,
            env=env or manim_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            errors="replace",
        )
        captured = []
        _track(proc, add=True)
        try:
            assert proc.stdout is not None
            for line in proc.stdout:
                out.write(line)
                captured.append(line)
                if on_line:
                    on_line(line)
            proc.wait()
        finally:
            if proc.poll() is None:  # interrupted: do not leave a renderer running
                proc.kill()
                proc.wait()
            _track(proc, add=False)
        if _stopped.is_set():
            raise Failed("interrupted")
        if proc.returncode:
            raise Failed(reason_from_log("".join(captured[-200:])))


def ffmpeg(*args: object, log: Path) -> None:
    run_logged(["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y", *args], log)


def video_seconds(path: Path) -> float:
    """The length of a video file in seconds (0 when it has none or cannot be read)."""
    import av

    try:
        with av.open(str(path)) as container:
            return float(container.duration or 0) / av.time_base
    except (av.FFmpegError, OSError):
        return 0.0


def manim_media(media_dir: Path, name: str) -> Path:
    """Manim's own media folder for scene `name`: its caches (Text, Typst, partial movies) and raw output.

    ``make render`` and ``make slides`` share it, so the slides reuse the video's partial movie files.
    """
    return Path(media_dir) / ".work" / name / "media"


@contextlib.contextmanager
def scene_lock(media_dir: Path, name: str):
    """Hold scene `name`'s Manim folder alone (a render and a slides build of one scene may overlap)."""
    with locks.held(Path(media_dir) / ".work" / name, name=".lock"):
        yield


def rendered_file(media: Path, name: str, suffix: str, since: float) -> Path:
    """The file Manim just wrote for scene `name` under `media`/videos (not a partial movie file)."""
    found = [
        p
        for p in (media / "videos").glob(f"*/*/{name}{suffix}")
        if p.is_file() and p.stat().st_mtime >= since - 1
    ]
    if not found:
        raise Failed(f"manim ended without writing {name}{suffix} under {media / 'videos'}")
    return max(found, key=lambda p: p.stat().st_mtime)
