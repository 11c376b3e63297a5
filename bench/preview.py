"""The live preview against a cold Manim, scene by scene, measured side by side in one run (issue 18's goals).

    .venv/bin/python bench/preview.py [--repeat 3] [--write docs/benchmarks.md] [SCENE ...]

For each scene (default: the talk's), all wall-clock seconds, medians of --repeat runs, alternating:

- cold still: ``python -m manim -ql -s`` (a fresh process: import Manim, run the scene with its animations
  skipped, draw the last frame);
- watch still: ``lecture-scenes preview SCENE --watch`` already running; the scene's file is saved (same
  content) and the clock stops when the new PNG has been renamed into place;
- --beat: ``lecture-scenes preview SCENE --beat K`` in a fresh process, K = the last slide;
- cold clip: ``python -m manim -ql`` (no cache); watch clip: ``preview --clip --watch``, file saved as above.
  The saved scene is unchanged, so Manim reuses every partial movie: a lecturer's edit re-renders the
  animations it touches and reuses the rest.

Every process shares the same warm typeset cache (one untimed render first). Prints a table of the medians and
the ratios against the goals; --write replaces the "Preview" section of that markdown file with it.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOALS = {"watch still": 0.45, "--beat": 0.6, "watch clip": 0.8}


def run(cmd: list[str], env: dict) -> float:
    started = time.monotonic()
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, capture_output=True)
    return time.monotonic() - started


class Watch:
    """A running ``preview --watch``; :meth:`save` rewrites the scene's file and times the new output."""

    def __init__(self, scene: str, file: Path, media: Path, env: dict, clip: bool):
        self.file, self.out = file, media / "preview" / f"{scene}.{'mp4' if clip else 'png'}"
        cmd = [sys.executable, "-m", "lecture_scenes.preview", scene, "--watch", "--media-dir", str(media)]
        self.proc = subprocess.Popen(
            [*cmd, *(["--clip"] if clip else [])], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
        )
        self._wait_for(lambda: self.out.exists(), 300)

    def _wait_for(self, done, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not done():
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise SystemExit(f"bench: the watch of {self.file.name} gave no output")
            time.sleep(0.005)

    def save(self) -> float:
        before = self.out.stat().st_mtime_ns
        started = time.monotonic()
        self.file.write_bytes(self.file.read_bytes())
        self._wait_for(lambda: self.out.stat().st_mtime_ns != before, 300)
        return time.monotonic() - started

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait()


def measure(scene: str, module: str, repeat: int, env: dict, media: Path) -> dict[str, float]:
    file = ROOT / (module.replace(".", "/") + ".py")
    manim = [sys.executable, "-m", "manim", "render", "-ql", "--disable_caching", "--media_dir", str(media)]
    manim += ["--progress_bar", "none"]
    preview = [sys.executable, "-m", "lecture_scenes.preview", scene, "--media-dir", str(media)]
    from lecture_scenes.catalogue import builtin_names
    from lecture_scenes.catalogue import scene as entry
    from scenes.kit import talk
    from scenes.kit.patches import skipping

    slides = _slides(entry(talk.load(builtin_scenes=builtin_names()), scene).load(), skipping)
    run([*manim, "-s", str(file), scene], env)  # untimed: warms the typeset cache and the disk
    times: dict[str, list[float]] = {k: [] for k in ("cold still", "watch still", "--beat", "cold clip")}
    times["watch clip"] = []
    # One watch at a time (both would redraw on the same save); runs alternate, so that other load on the
    # machine hits each alike.
    still = Watch(scene, file, media / "w", env, False)
    try:
        for _ in range(repeat):
            times["cold still"].append(run([*manim, "-s", str(file), scene], env))
            times["watch still"].append(still.save())
            times["--beat"].append(run([*preview, "--beat", str(slides)], env))
    finally:
        still.stop()
    clip = Watch(scene, file, media / "c", env, True)
    try:
        for _ in range(repeat):
            times["cold clip"].append(run([*manim, str(file), scene], env))
            times["watch clip"].append(clip.save())
    finally:
        clip.stop()
    return {k: statistics.median(v) for k, v in times.items()}


def _slides(cls, skipping) -> int:
    from manim import tempconfig

    from scenes.kit.patches import output

    with tempconfig({**output.keys(), "disable_caching": True, "verbosity": "ERROR"}):
        return skipping.run(cls(skip_animations=True)).slide


def table(results: dict[str, dict[str, float]]) -> str:
    head = "| scene | cold `manim -ql -s` | watch still | ratio | `--beat` last | ratio | cold clip |"
    rows = [head + " watch clip | ratio |", "|---|---|---|---|---|---|---|---|---|"]
    for scene, t in results.items():
        r_still, r_beat = t["watch still"] / t["cold still"], t["--beat"] / t["cold still"]
        r_clip = t["watch clip"] / t["cold clip"]
        rows.append(
            f"| {scene} | {t['cold still']:.2f} s | {t['watch still']:.2f} s | {r_still:.2f} |"
            f" {t['--beat']:.2f} s | {r_beat:.2f} | {t['cold clip']:.2f} s | {t['watch clip']:.2f} s |"
            f" {r_clip:.2f} |"
        )
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("scenes", nargs="*")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", help="a markdown file whose '## Preview' section gets the table")
    args = parser.parse_args()
    from lecture_scenes.catalogue import load

    entries = [e for e in load() if not args.scenes or e.name in args.scenes]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, LECTURE_SCENES_CACHE=str(Path(tmp) / "cache"), PYTHONUNBUFFERED="1")
        for entry in entries:
            results[entry.name] = measure(entry.name, entry.module, args.repeat, env, Path(tmp) / entry.name)
            print(
                f"bench: {entry.name}: " + ", ".join(f"{k} {v:.2f} s" for k, v in results[entry.name].items())
            )
    text = table(results)
    goals = ", ".join(f"{k} <= {v}x" for k, v in GOALS.items())
    print(f"\n{text}\n\ngoals: {goals}")
    if args.write:
        path = Path(args.write)
        section = (
            "## Preview\n\n`bench/preview.py` (wall-clock medians of "
            f"{args.repeat} alternating runs, 2 shared cores; goals: {goals}):\n\n{text}\n"
        )
        old = path.read_text()
        new = (
            re.sub(r"## Preview\n.*?(?=\n## |\Z)", section, old, flags=re.S)
            if "## Preview\n" in old
            else None
        )
        path.write_text(new if new is not None else old.rstrip() + "\n\n" + section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
