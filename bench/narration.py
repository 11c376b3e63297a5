"""Render time per second of video: the narrated talk against the silent one, side by side in one run.

    .venv/bin/python bench/narration.py [SCENE ...]     (default: LRSchedules Forgetting124M1x KLSweep)

Each scene is rendered at quality l, one at a time, silent and narrated by the default voice, alternately,
into fresh media folders (nothing cached), with a speech cache that is empty for the first narrated render
and full for the second, then:

- render seconds per second of video, silent and narrated, and their ratio (the goal: narrated <= silent;
  a narrated clip is longer, its extra seconds a held last frame, which costs little to draw and encode);
- the same with the speech cached (a re-render with unchanged notes synthesises nothing).

The voice's own speed (seconds of speech per second of synthesis) is bench/voice.py's.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lecture_scenes import catalogue  # noqa: E402
from lecture_scenes.render import render_one  # noqa: E402
from scenes.kit import talk as talks  # noqa: E402

DEFAULT = ("LRSchedules", "Forgetting124M1x", "KLSweep")


def timed(entry, media: Path, talk) -> tuple[float, float]:
    started = time.monotonic()
    result = render_one(entry, media, talk, "l", force=True)
    if not result.ok:
        raise SystemExit(f"{entry.name}: {result.reason}")
    return time.monotonic() - started, result.seconds


def main(names: list[str]) -> None:
    silent = talks.load()
    voiced = silent.in_voice("default")
    entries = {e.name: e for e in catalogue.of(silent)}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        os.environ["XDG_CACHE_HOME"] = str(root / "cache")  # the speech cache: empty at the start
        for name in names or DEFAULT:
            entry = entries[name]
            s_wall, s_video = timed(entry, root / "silent", silent)
            n_wall, n_video = timed(entry, root / "narrated", voiced)  # synthesises its speech
            c_wall, c_video = timed(entry, root / "again", voiced)  # the speech from the cache
            rows.append((name, s_wall / s_video, n_wall / n_video, c_wall / c_video, s_video, n_video))
    print(f"{'scene':22s} {'silent':>8s} {'narrated':>9s} {'cached':>8s}  render s per video s; lengths")
    for name, s, n, c, sv, nv in rows:
        print(f"{name:22s} {s:8.2f} {n:9.2f} {c:8.2f}  {sv:5.1f} s silent, {nv:5.1f} s narrated")
    total = [sum(r[i] * r[4 if i == 1 else 5] for r in rows) for i in (1, 2, 3)]
    video = [sum(r[4] for r in rows), sum(r[5] for r in rows), sum(r[5] for r in rows)]
    s, n, c = (t / v for t, v in zip(total, video, strict=True))
    print(f"all: narrated / silent = {n / s:.2f} (speech synthesised), {c / s:.2f} (speech cached)")


if __name__ == "__main__":
    main(sys.argv[1:])
