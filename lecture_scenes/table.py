"""The closing tables of `make render` and `make slides`: aligned columns, file sizes, paths as shown.

:func:`format_table` is `make render`'s table (a row per scene and one for the talk reel); `make slides`
builds its own rows and lays them out with :func:`aligned`. Paths are shown relative to the current folder
when they lie below it, sizes in decimal units (kB, MB, GB) as file managers show them.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from pathlib import Path

from lecture_scenes.options import MEDIA
from lecture_scenes.progress import Result
from lecture_scenes.reel import Reel


def human_size(n: int) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    raise AssertionError


def disk_size(path: Path) -> int:
    """The size of a file, or of every file below a folder, in bytes."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def shown(path: Path | None) -> str:
    """`path` as the user should see it: relative to the current folder when it lies below it."""
    if path is None:
        return ""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def length(result: Result) -> str:
    """The clip's length, for a table column ("-" when the render failed)."""
    return f"{result.seconds:.1f} s" if result.ok else "-"


def took(result: Result) -> str:
    """The render's wall-clock time, for a table column ("-" when it was cached)."""
    return "-" if result.status == "cached" else f"{result.elapsed:.1f} s"


def aligned(rows: Sequence[Sequence[str]], right: Collection[int] = (), *, rule: bool = False) -> list[str]:
    """`rows` as lines, columns two spaces apart and as wide as their widest cell.

    Columns whose index is in `right` are right-aligned (numbers), the others left-aligned; with `rule`, a
    line of dashes under the first row (the header).
    """
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    if rule:
        lines.insert(1, "  ".join("-" * w for w in widths))
    return lines


def short_names(names: Sequence[str]) -> list[str]:
    """File names for the table, the beats' stills as one: ['beat1.png', 'beat2.png'] -> 'beat1-2.png'."""
    stills = [n for n in names if re.fullmatch(r"beat\d+\.png", n)]
    if len(stills) < 2:
        return list(names)
    numbers = sorted(int(n[4:-4]) for n in stills)
    rest = [n for n in names if n not in stills]
    return [*rest, f"beat{numbers[0]}-{numbers[-1]}.png"]


def format_table(results: Sequence[Result], reel: Reel | None = None, media_dir: Path = MEDIA) -> str:
    """The closing table: scene, status, clip length, render time, files written, their size."""
    media_dir = Path(media_dir)
    rows = [("scene", "status", "length", "took", f"files (in {shown(media_dir)}/<scene>/)", "size")]
    for r in results:
        if r.files:
            files = " ".join(short_names([f.name for f in r.files]))
        else:
            files = ("last good files kept; " if r.kept else "") + f"log: {shown(r.log)}"
        rows.append(
            (r.name, r.status, length(r), took(r), files, human_size(r.size_bytes) if r.files else "-")
        )
    if reel is not None:
        if reel.path and reel.status in ("ok", "cached"):
            files = f"{shown(reel.path)} ({reel.chapters} chapters)"
            size = human_size(disk_size(reel.path))
            rows.append(("(talk reel)", reel.status, f"{reel.seconds:.1f} s", "", files, size))
        else:
            rows.append(("(talk reel)", reel.status, "-", "", reel.reason, "-"))
    return "\n".join(aligned(rows, right={2, 3, 5}, rule=True))
