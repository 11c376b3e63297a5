"""This checkout's render time against another checkout's, scene by scene, measured side by side.

    .venv/bin/python bench/versus.py --base /path/to/old/checkout KLSweep CompressionCircle
    .venv/bin/python bench/versus.py --base ../old --qualities l h --repeat 3

For each scene and quality, each checkout renders it in a fresh process (``python -m manim render
--disable_caching``, its own folder on PYTHONPATH, its own warm typeset cache filled by one untimed render
first); the timed runs alternate (base, this, base, this, ...) so that other load on the machine hits both
alike. Prints the median CPU seconds (user + system of the child) of each and their ratio this / base.
Both checkouts run with this interpreter, so they share Manim and every other package.
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

ROOT = Path(__file__).resolve().parent.parent


def scene_file(checkout: Path, scene: str) -> str:
    """The file that defines `scene` in `checkout` (the first scenes/*.py with its class)."""
    for path in sorted((checkout / "scenes").glob("*.py")):
        if f"class {scene}(" in path.read_text():
            return str(path.relative_to(checkout))
    raise SystemExit(f"versus: no scenes/*.py in {checkout} defines {scene}")


def cpu_seconds(checkout: Path, scene: str, quality: str, cache: Path) -> float:
    """CPU time (user + system) of one render of `scene` by `checkout`."""
    env = dict(os.environ, PYTHONPATH=str(checkout), LECTURE_SCENES_CACHE=str(cache))
    with tempfile.TemporaryDirectory() as media:
        cmd = [sys.executable, "-m", "manim", "render", "--disable_caching", f"-q{quality}", "--media_dir"]
        cmd += [media, "--progress_bar", "none", scene_file(checkout, scene), scene]
        proc = subprocess.Popen(cmd, cwd=checkout, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        if status:
            raise SystemExit(
                f"versus: {checkout} failed to render {scene}: {proc.stderr.read().decode()[-500:]}"
            )
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True, help="the other checkout")
    parser.add_argument("--qualities", nargs="+", default=["l"], choices=["l", "m", "h", "k"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("scenes", nargs="+")
    args = parser.parse_args()
    checkouts = {"base": args.base.resolve(), "this": ROOT}
    started = time.monotonic()
    print(f"versus: base {checkouts['base']}, this {ROOT}, {args.repeat} timed runs each, CPU seconds")
    with tempfile.TemporaryDirectory() as caches:
        for quality in args.qualities:
            for scene in args.scenes:
                times: dict[str, list[float]] = {"base": [], "this": []}
                for name, checkout in checkouts.items():  # untimed: fills each checkout's typeset cache
                    cpu_seconds(checkout, scene, quality, Path(caches) / name)
                for _ in range(args.repeat):
                    for name, checkout in checkouts.items():
                        times[name].append(cpu_seconds(checkout, scene, quality, Path(caches) / name))
                base, this = (statistics.median(times[k]) for k in ("base", "this"))
                ratio = this / base
                print(f"  {scene:22s} -q{quality}  base {base:6.1f}  this {this:6.1f}  this/base {ratio:.2f}")
    print(f"versus: {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
