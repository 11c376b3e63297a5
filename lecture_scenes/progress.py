"""What a scene's render gave (:class:`Result`) and how far the renders are (:class:`Progress`).

`make render` and `make slides` print one line per scene as it starts and ends; while scenes run, a status
line says how far each one is (animation k/n, read from Manim's log by a :class:`Watcher`, against the count
its last render played) and for how long.
"""

from __future__ import annotations

import re
import shutil
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ANIMATION_DONE = re.compile(r"Animation (\d+) ?: (?:Partial movie file written|Using cached data)")
PLAYED = re.compile(r"Played (\d+) animations")


@dataclass
class Result:
    """What rendering one scene gave: status is "ok", "cached" or "failed"."""

    name: str
    status: str
    seconds: float = 0.0  # length of the clip
    files: list[Path] = field(default_factory=list)
    elapsed: float = 0.0  # wall-clock time of the render
    reason: str = ""  # one line, for "failed"
    log: Path | None = None
    kept: bool = False  # "failed", but the files of the last good render are still in place

    @property
    def size_bytes(self) -> int:
        return sum(f.stat().st_size for f in self.files if f.exists())

    @property
    def ok(self) -> bool:
        return self.status != "failed"


class Progress:
    """One line per scene start and end; while scenes run, how far each is (animation k/n) and for how long.

    On a terminal a status line is rewritten in place every second; elsewhere (CI, logs) a line per running
    scene every `every` seconds.
    """

    def __init__(self, total: int, stream=None, every: float = 30.0, doing: str = "rendering"):
        self.total, self.stream, self.every, self.doing = total, stream or sys.stdout, every, doing
        self.tty = self.stream.isatty()
        self.lock = threading.Lock()
        # name -> [start time, animations done, animations expected, what it does now]
        self.running: dict[str, list] = {}
        self.done = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._tick, daemon=True)

    def __enter__(self) -> Progress:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self._clear()

    def _clear(self) -> None:
        if self.tty:
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def say(self, line: str) -> None:
        with self.lock:
            self._clear()
            self.stream.write(line + "\n")
            self.stream.flush()

    def start(self, name: str, expected: int | None) -> None:
        with self.lock:
            self.running[name] = [time.monotonic(), 0, expected, ""]
        self.say(f"[{self.done + len(self.running)}/{self.total}] {name}: {self.doing}")

    def animation(self, name: str, done: int) -> None:
        with self.lock:
            if name in self.running:
                self.running[name][1] = max(self.running[name][1], done)

    def stage(self, name: str, what: str) -> None:
        """What the scene's render does after its animations: "posters", "webm", "gif"."""
        with self.lock:
            if name in self.running:
                self.running[name][3] = what

    def end(self, result: Result) -> None:
        with self.lock:
            self.running.pop(result.name, None)
            self.done += 1
        clip = f" ({result.seconds:.1f} s clip)" if result.seconds else ""
        if result.status == "cached":
            how = f"cached{clip}"
        elif result.status == "failed":
            how = f"FAILED after {result.elapsed:.1f} s: {result.reason}"
        else:
            how = f"ok in {result.elapsed:.1f} s{clip}"
        self.say(f"[{self.done}/{self.total}] {result.name}: {how}")

    def _status(self) -> list[str]:
        now = time.monotonic()
        out = []
        for name, (start, done, expected, stage) in self.running.items():
            how_far = stage or (f"animation {done}/{expected}" if expected else f"animation {done}")
            if self.doing != "rendering":  # no animations to count
                how_far = stage or self.doing
            out.append(f"{name} {how_far}, {now - start:.0f} s")
        return out

    def _tick(self) -> None:
        last = time.monotonic()
        while not self._stop.wait(1.0):
            with self.lock:
                status = self._status()
                if not status:
                    continue
                if self.tty:
                    line = "  running: " + " | ".join(status)
                    width = shutil.get_terminal_size().columns - 1
                    self.stream.write("\r\x1b[K" + line[:width])
                    self.stream.flush()
                elif time.monotonic() - last >= self.every:
                    last = time.monotonic()
                    for item in status:
                        self.stream.write(f"  ... {item}\n")
                    self.stream.flush()


class Watcher:
    """Reads a Manim log line by line: animations done (for the progress line) and how many were played."""

    def __init__(self, name: str, progress: Progress | None):
        self.name, self.progress, self.played = name, progress, 0

    def __call__(self, line: str) -> None:
        if m := ANIMATION_DONE.search(line):
            if self.progress:
                self.progress.animation(self.name, int(m.group(1)) + 1)
        elif m := PLAYED.search(line):
            self.played = int(m.group(1))

    def stage(self, what: str) -> None:
        if self.progress:
            self.progress.stage(self.name, what)
