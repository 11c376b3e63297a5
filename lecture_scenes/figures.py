"""Figures for papers and handouts: every catalogue scene's frames and paper figures as PDF, SVG and PNG.

    python -m lecture_scenes.figures [--theme dark|light] [--dpi N] [--jobs N] [--media-dir DIR] [SCENE..]

Light theme unless asked otherwise (print). For each scene, into ``<media>/figures/<theme>/<Scene>/``:

    <Scene>-<k>.pdf .svg .png        the frame at the end of slide k (the last one: the clip's last frame),
                                     a 16:9 page 7.1 in (512 pt) wide
    <Scene>_<what>_column.pdf ...    its paper figures (scenes/kit/paper.py): 3.5 in wide (one column)
    <Scene>_<what>_full.pdf ...      and 7 in wide (the full text width); not every clip has them

PDF and SVG are vector (paths; text as glyph outlines, so no font is needed to open them); the PNG beside
each is drawn by Manim's own camera at ``--dpi`` (default 300) at that print size. Each scene runs in its
own process (lecture_scenes/figure_job.py); like ``make render``, files are written in a work folder and
renamed into place, a failed run leaves the last good files, and a scene whose inputs (sources, talk file,
theme, DPI) did not change since its last run is not drawn again.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lecture_scenes import command
from lecture_scenes.catalogue import ROOT, Entry
from lecture_scenes.interrupts import exits_on_interrupt
from lecture_scenes.options import BadInput
from lecture_scenes.progress import Progress, Result
from lecture_scenes.runner import Failed, manim_env, run_logged, scene_lock
from lecture_scenes.stamps import STAMP, input_digest, move_into_place, read_stamp, write_atomically
from lecture_scenes.table import aligned, human_size, shown
from scenes.kit.talkfile import Talk

DEFAULT_THEME = "light"  # figures are for paper: light unless asked otherwise
DEFAULT_DPI = 300
DPI_RANGE = (36, 1200)
# What draws the figures besides the scene's own sources: a change here redraws every figure.
DRAWING = [
    ROOT / "lecture_scenes" / "figure_job.py",
    ROOT / "scenes" / "kit" / "patches" / "vector_camera.py",
    ROOT / "scenes" / "kit" / "patches" / "skipping.py",
]


def parse_dpi(value: str | int) -> int:
    """The PNGs' resolution in dots per inch at print size, a whole number in DPI_RANGE; else BadInput."""
    try:
        dpi = int(value)
    except (TypeError, ValueError):
        dpi = 0
    low, high = DPI_RANGE
    if not low <= dpi <= high:
        raise BadInput(f"DPI (--dpi) must be a whole number from {low} to {high}; got {value!r}")
    return dpi


def figures_folder(media_dir: Path, theme: str) -> Path:
    """Where a theme's figures go: `media_dir`/figures/<theme>."""
    return Path(media_dir) / "figures" / theme


def figure_one(entry: Entry, media_dir: Path, talk: Talk, dpi: int, *, force=False, progress=None) -> Result:
    """Draw one scene's figures into figures/<theme>/<Scene>/; never raises."""
    name, theme = entry.name, talk.theme.name
    folder = figures_folder(media_dir, theme) / name
    work = media_dir / ".work" / f"figures-{theme}" / name
    log = work / "figures.log"
    drawing = hashlib.sha256(b"".join(p.read_bytes() for p in DRAWING)).hexdigest()
    digest = input_digest(entry, talk, "figures", dpi, drawing)
    stamp = read_stamp(folder)
    files = [folder / f for f in stamp.get("files", [])]
    if not force and stamp.get("digest") == digest and files and all(f.is_file() for f in files):
        result = Result(name, "cached", 0.0, files, 0.0, log=log)
        if progress:
            progress.end(result)
        return result
    started = time.monotonic()
    if progress:
        progress.start(name, None)
    try:
        with scene_lock(media_dir, f"figures-{theme}/{name}"):
            log.write_text("")
            staging = work / "out"
            shutil.rmtree(staging, ignore_errors=True)
            job = [sys.executable, "-m", "lecture_scenes.figure_job", entry.module, name, staging, str(dpi)]
            run_logged(job, log, env=manim_env(talk=talk))
            listing = json.loads((staging / "figures.json").read_text())
            staged = [staging / f"{f['name']}.{suffix}" for f in listing for suffix in ("pdf", "svg", "png")]
            for path in staged:
                if not path.is_file() or path.stat().st_size == 0:
                    raise Failed(f"{path.name} was not written")
            (folder / STAMP).unlink(
                missing_ok=True
            )  # until every file is in place, the folder is not current
            final = move_into_place(staged, folder)
            for old in files:
                if old not in final:  # a figure the scene no longer makes
                    old.unlink(missing_ok=True)
            stamp = {"digest": digest, "dpi": dpi, "figures": listing, "files": [p.name for p in final]}
            write_atomically(folder / STAMP, json.dumps(stamp, indent=1))
            shutil.rmtree(staging, ignore_errors=True)
    except Exception as err:  # Failed, or a bug here: it must not stop the other scenes either
        reason = str(err) if isinstance(err, Failed) else repr(err)
        shutil.rmtree(work / "out", ignore_errors=True)  # the log stays; a full disk gets its space back
        kept = bool(files) and all(f.is_file() for f in files)
        result = Result(name, "failed", elapsed=time.monotonic() - started, reason=reason, log=log, kept=kept)
    else:
        result = Result(name, "ok", 0.0, final, time.monotonic() - started, log=log)
    if progress:
        progress.end(result)
    return result


def draw_figures(
    entries: Sequence[Entry], media_dir: Path, talk: Talk, dpi: int, jobs: int, *, force=False, stream=None
) -> list[Result]:
    """Draw `entries`' figures (options checked), up to `jobs` scenes at once; one Result per entry."""
    media_dir = Path(media_dir).resolve()
    with (
        Progress(len(entries), stream, doing="drawing") as progress,
        ThreadPoolExecutor(max_workers=jobs) as pool,
    ):
        futures = [
            pool.submit(figure_one, e, media_dir, talk, dpi, force=force, progress=progress) for e in entries
        ]
        return [f.result() for f in futures]


def format_table(results: Sequence[Result]) -> str:
    rows = [("scene", "status", "frames", "paper figures", "size", "took")]
    for r in results:
        pdfs = [f for f in r.files if f.suffix == ".pdf"]
        frames = sum(1 for f in pdfs if f.stem.startswith(f"{r.name}-"))
        took = f"{r.elapsed:.1f} s" if r.status == "ok" else ""
        rows.append((r.name, r.status, str(frames), str(len(pdfs) - frames), human_size(r.size_bytes), took))
    return "\n".join(aligned(rows, right={2, 3, 4, 5}, rule=True))


@exits_on_interrupt("figures")
def main(argv: list[str] | None = None, talk: Talk | None = None) -> int:
    parser = command.arguments("python -m lecture_scenes.figures", __doc__.split("\n")[0], quality=False)
    parser.set_defaults(theme=DEFAULT_THEME)
    parser.add_argument("--dpi", default=DEFAULT_DPI, help=f"the PNGs' resolution (default {DEFAULT_DPI})")
    try:
        req = command.start(parser, argv, talk, themed=False)
        dpi = parse_dpi(req.args.dpi)
    except BadInput as err:
        return command.refuse("figures", err)
    if not req.entries:
        print("figures: the catalogue holds no scenes; nothing to draw.")
        return 0
    theme, media_dir = req.talk.theme, req.media_dir
    print(f"figures: {len(req.entries)} scene(s), {theme.name} theme, PNG at {dpi} dpi, {req.jobs} at a time")
    started = time.monotonic()
    results = draw_figures(req.entries, media_dir, req.talk, dpi, req.jobs, force=req.force)
    print()
    print(format_table(results))
    where = shown(figures_folder(media_dir.resolve(), theme.name))
    print(f"\nfigures: {len(results)} scene(s) in {time.monotonic() - started:.1f} s, in {where}/")
    failed = [r for r in results if not r.ok]
    for r in failed:
        print(f"figures: FAILED {r.name}: {r.reason} (log: {shown(r.log)})", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
