"""`make render` of the whole talk with the fork server against without it, side by side, and the same files.

    .venv/bin/python bench/render_forkserver.py                      # every scene, 480p15, 3 runs each
    .venv/bin/python bench/render_forkserver.py --repeat 5 --jobs 2 KLSweep CompressionCircle

Each run is ``python -m lecture_scenes.render --force --no-reel`` (what `make render` runs, the reel left
out) into a fresh temporary media folder, with ``LECTURE_FORKSERVER=on`` or ``off``; the runs alternate
(off, on, on, off, off, on, ...) so that other load on the machine hits both alike. One untimed run first
fills a typeset cache that every run shares (as a lecturer's re-render finds it). Wall seconds, and CPU
seconds (user + system of the render and every process it waited for: Manim, FFmpeg, the fork server and
its children), median of the runs, and the ratio on / off. Then the last run of each is compared file by
file: every frame of each clip decoded (PyAV) and every PNG as pixel arrays, captions and beats as bytes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import av
import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent


def render(media: Path, mode: str, args: argparse.Namespace, cache: Path) -> tuple[float, float]:
    """One `make render`-equivalent run; its wall and CPU seconds."""
    env = dict(os.environ, LECTURE_FORKSERVER=mode, LECTURE_SCENES_CACHE=str(cache))
    cmd = [sys.executable, "-m", "lecture_scenes.render", "--force", "--no-reel", "--quality", args.quality]
    cmd += ["--media-dir", str(media), *(["--jobs", str(args.jobs)] if args.jobs else []), *args.scenes]
    started = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - started
    if status:
        raise SystemExit(f"bench: the render with LECTURE_FORKSERVER={mode} failed:\n{out.decode()[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime


def frames(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as clip:
        return [f.to_ndarray(format="rgb24") for f in clip.decode(video=0)]


def compare(a: Path, b: Path) -> list[str]:
    """What differs between two media folders' scene files (empty: the same files, frame for frame)."""
    found = []
    for folder in sorted(p for p in a.iterdir() if p.is_dir() and not p.name.startswith(".")):
        other = b / folder.name
        names = sorted(p.name for p in folder.iterdir() if p.name != ".stamp.json")
        if names != sorted(p.name for p in other.iterdir() if p.name != ".stamp.json"):
            found.append(f"{folder.name}: different files")
            continue
        for name in names:
            x, y = folder / name, other / name
            if name.endswith(".mp4"):
                fx, fy = frames(x), frames(y)
                same = len(fx) == len(fy) and all(np.array_equal(p, q) for p, q in zip(fx, fy, strict=True))
                if not same:
                    found.append(f"{folder.name}/{name}: {len(fx)} and {len(fy)} frames, not all equal")
            elif name.endswith(".png"):
                if not np.array_equal(np.asarray(Image.open(x)), np.asarray(Image.open(y))):
                    found.append(f"{folder.name}/{name}: pixels differ")
            elif x.read_bytes() != y.read_bytes():
                found.append(f"{folder.name}/{name}: bytes differ")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each (default 3)")
    parser.add_argument("--quality", default="l", choices=["l", "m", "h", "k"])
    parser.add_argument("--jobs", type=int, default=None, help="as make render's JOBS (default: the cores)")
    parser.add_argument("scenes", nargs="*", help="default: every scene of the talk")
    args = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cache = tmp / "cache"
        render(tmp / "warm-up", "off", args, cache)  # untimed: fills the typeset cache
        times: dict[str, list[tuple[float, float]]] = {"off": [], "on": []}
        for k in range(args.repeat):
            for mode in ("off", "on") if k % 2 == 0 else ("on", "off"):
                media = tmp / mode
                if media.exists():
                    subprocess.run(["rm", "-rf", str(media)], check=True)
                times[mode].append(render(media, mode, args, cache))
                wall, cpu = times[mode][-1]
                print(f"  run {k + 1} {mode:3s}: {wall:6.1f} s wall, {cpu:6.1f} s CPU", flush=True)
        differences = compare(tmp / "off", tmp / "on")
    med = {m: [statistics.median(t[i] for t in times[m]) for i in (0, 1)] for m in times}
    scenes = " ".join(args.scenes) or "the whole talk"
    print(
        f"\nbench: {scenes}, quality {args.quality}, jobs {args.jobs or os.cpu_count()},"
        f" {args.repeat} alternating runs each, medians ({time.monotonic() - started:.0f} s in all)\n"
    )
    print("| fork server | wall s | CPU s |")
    print("|---|---|---|")
    print(f"| off (one `python -m manim` per scene) | {med['off'][0]:.1f} | {med['off'][1]:.1f} |")
    print(f"| on | {med['on'][0]:.1f} | {med['on'][1]:.1f} |")
    wall, cpu = (med["on"][i] / med["off"][i] for i in (0, 1))
    print(f"| ratio on / off | **{wall:.2f}** | **{cpu:.2f}** |")
    print(f"\nall runs (wall, CPU): off {times['off']}, on {times['on']}")
    if differences:
        print("\nbench: the files differ:\n  " + "\n  ".join(differences))
        return 1
    print("\nbench: the same files: every clip frame for frame, every PNG pixel for pixel, captions, beats")
    return 0


if __name__ == "__main__":
    sys.exit(main())
