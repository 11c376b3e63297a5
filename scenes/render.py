"""Render catalogue scenes into media/ and print a table of what was written.

python -m scenes.render [--quality l|m|h|k] [SCENE ...]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from scenes.catalogue import CATALOGUE, ROOT, by_name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scenes.render", description=__doc__)
    parser.add_argument("--quality", default="l", choices=list("lmhk"))
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--formats", default="")
    parser.add_argument("scenes", nargs="*")
    args = parser.parse_args(argv)
    if not CATALOGUE:
        print("render: the catalogue (scenes/catalogue.py) holds no scenes yet; nothing to render.")
        return 0
    try:
        entries = [by_name(n) for n in args.scenes] if args.scenes else list(CATALOGUE)
    except ValueError as err:
        print(f"render: {err}", file=sys.stderr)
        return 2
    rows, failed = [], []
    for entry in entries:
        start = time.monotonic()
        cmd = [sys.executable, "-m", "manim", "render", f"-q{args.quality}", entry.file, entry.name]
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        status = "ok" if proc.returncode == 0 else "FAILED"
        if proc.returncode:
            failed.append(entry.name)
        rows.append((entry.name, status, time.monotonic() - start))
    for name, status, seconds in rows:
        print(f"{name:30s} {status:8s} {seconds:6.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
