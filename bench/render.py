"""Render time of every catalogue scene against its floor: start-up plus encoding of a still frame.

    .venv/bin/python bench/render.py                          # every scene, 1080p60 and 480p15, + the seed
    .venv/bin/python bench/render.py --scenes KLSweep --qualities h --repeat 3
    .venv/bin/python bench/render.py --no-seed --no-write     # quick look, docs/benchmarks.md untouched

For every scene and quality the bench runs, each in a fresh process and with caching disabled,

    python -m manim render --disable_caching -q{h|l} --media_dir <tmp> <file> <Scene>

twice: first with an empty typeset-outline cache (*cold*, scenes/kit/patches/typeset_cache.py), then with the
cache that run filled (*warm*, what a lecturer's re-render pays); and then a *floor*: a generated scene that
shows the scene's own last frame (an ImageMobject) and waits for the scene's measured video length. Manim
freezes a static wait and only re-encodes the frame, so the floor costs start-up plus encoding, the least any
scene of that length and resolution can cost. The runs alternate (cold, warm, floor, cold, warm, floor, ...)
so that the other agents' load on this shared machine hits them alike; the reported ratio is the median over
--repeat rounds. CPU time (user + system of the child, from os.wait4) is the primary figure; wall time is
printed beside it. Peak memory is the child's max RSS.

Separately, in this process, mathcore's precomputation for each scene is timed from cold caches (median of
three). Last, the seed comparison: the seed notebook's KL animation cell (../shared/seeds/000_*.txt) is run
as a script in a throw-away venv outside the project (default /tmp/seedvenv, with matplotlib, scipy,
pillow) writing its 89-frame GIF at 1600x1000, and timed against KLSweep's sweep at the same size and frame
count (89 frames at 10 fps, 1600x1000; a bench-only subclass, generated below).

The matplotlib side is never a module of this project: its text is read from the seed file at run time and
written to a temporary directory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lecture_scenes.catalogue import Entry  # noqa: E402
from tests.the_talk import CATALOGUE  # noqa: E402

QUALITIES = {"h": ("1080p60", 1.25), "l": ("480p15", 1.5)}  # flag: (name, goal ratio to the floor)
MEMORY_GOAL_MIB = 1024
SEED_FILE = ROOT.parent / "shared" / "seeds" / "000_66df5a473e1d6be2.txt"
SEED_GOAL = 0.25  # KLSweep at the seed's size in at most a quarter of the seed's GIF time
RECORDED_SEED_SECONDS = 30.0  # the seed's GIF on this machine, 2026-11, if it cannot be re-run
NOTES_MARKER = "<!-- hand-written notes below: kept by bench/render.py when it rewrites this file -->"


@dataclass
class Run:
    """One child process: wall and CPU seconds, peak RSS in MiB, and the video it wrote."""

    wall: float
    cpu: float
    rss_mib: float
    video: Path | None


def timed(cmd: list[str], log: Path, cwd: Path = ROOT, env: dict | None = None) -> tuple[float, float, float]:
    """(wall s, CPU s, max RSS MiB) of running `cmd` to completion; output goes to `log`."""
    with open(log, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        tail = log.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"{' '.join(map(str, cmd))} exited {proc.returncode}:\n{tail}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def render(
    file: str | Path, scene: str, quality: str, work: Path, *extra: str, typeset: Path | None = None
) -> Run:
    """Render `scene` of `file` without Manim's cache into a fresh media dir under `work`.

    `typeset` is the typeset-outline cache folder to use (scenes/kit/patches/typeset_cache.py); None: a new,
    empty one."""
    media = Path(tempfile.mkdtemp(prefix=f"{scene}-", dir=work))
    cmd = [sys.executable, "-m", "manim", "render", "--disable_caching", f"-q{quality}"]
    cmd += ["--media_dir", str(media), "--progress_bar", "none", "-v", "WARNING", *extra, str(file), scene]
    env = {**os.environ, "LECTURE_SCENES_CACHE": str(typeset or media / "typeset")}
    wall, cpu, rss = timed(cmd, media / "log.txt", env=env)
    videos = [p for p in media.rglob(f"{scene}.*") if p.suffix in (".mp4", ".mov", ".gif")]
    videos = [p for p in videos if "partial_movie_files" not in p.parts]
    return Run(wall, cpu, rss, videos[0] if videos else None)


def length_and_last_frame(video: Path, png: Path) -> float:
    """The video's length in seconds; its last frame is written to `png`."""
    import av
    from PIL import Image

    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        length = float(container.duration / av.time_base)
        container.seek(max(0, container.duration - 2 * av.time_base))
        last = None
        for frame in container.decode(stream):
            last = frame
        Image.fromarray(last.to_ndarray(format="rgb24")).save(png)
    return length


FLOOR = """\
from manim import Camera, Scene


class FloorCamera(Camera):
    def __init__(self, **kwargs):
        super().__init__(background_image={png!r}, **kwargs)


class Floor(Scene):
    def __init__(self, **kwargs):
        super().__init__(camera_class=FloorCamera, **kwargs)

    def construct(self):
        self.wait({seconds!r})
"""


def measure(entry: Entry, quality: str, repeat: int, work: Path) -> dict:
    """Scene and floor runs, alternating, `repeat` times: the scene with an empty typeset cache (cold), again
    with the cache the cold run filled (warm: a lecturer's re-render), then the floor. The median ratios."""
    pairs = []
    for k in range(repeat):
        typeset = Path(tempfile.mkdtemp(prefix="typeset-", dir=work))
        cold = render(ROOT / entry.file, entry.name, quality, work, typeset=typeset)
        if cold.video is not None:
            shutil.rmtree(cold.video.parents[3], ignore_errors=True)
        scene = render(ROOT / entry.file, entry.name, quality, work, typeset=typeset)
        if scene.video is None:
            raise RuntimeError(f"{entry.name}: no video written")
        png = work / f"{entry.name}-{quality}-{k}.png"
        seconds = length_and_last_frame(scene.video, png)
        floor_file = work / f"floor_{entry.name}_{quality}_{k}.py"
        floor_file.write_text(FLOOR.format(png=str(png), seconds=seconds))
        floor = render(floor_file, "Floor", quality, work)
        pairs.append((scene, floor, seconds, cold))
        shutil.rmtree(scene.video.parents[3], ignore_errors=True)  # <media>/videos/<module>/<quality>/<file>
        print(
            f"  {entry.name} {QUALITIES[quality][0]} run {k + 1}: scene {scene.cpu:.1f} s CPU /"
            f" {scene.wall:.1f} s wall (cold cache {cold.cpu:.1f} / {cold.wall:.1f}), floor {floor.cpu:.1f} /"
            f" {floor.wall:.1f}, {seconds:.2f} s of video, peak {max(scene.rss_mib, cold.rss_mib):.0f} MiB",
            flush=True,
        )
    return {
        "seconds": pairs[0][2],
        "cpu": statistics.median(s.cpu for s, _, _, _ in pairs),
        "cold_cpu": statistics.median(c.cpu for _, _, _, c in pairs),
        "wall": statistics.median(s.wall for s, _, _, _ in pairs),
        "floor_cpu": statistics.median(f.cpu for _, f, _, _ in pairs),
        "floor_wall": statistics.median(f.wall for _, f, _, _ in pairs),
        "cpu_ratio": statistics.median(s.cpu / f.cpu for s, f, _, _ in pairs),
        "cold_ratio": statistics.median(c.cpu / f.cpu for _, f, _, c in pairs),
        "wall_ratio": statistics.median(s.wall / f.wall for s, f, _, _ in pairs),
        "rss": max(max(s.rss_mib, c.rss_mib) for s, _, _, c in pairs),
    }


# --- mathcore's share ------------------------------------------------------------------------------------
def precompute(entry: Entry):
    """A function doing, from cold caches, the mathcore work that `entry`'s scene does before drawing."""
    import mathcore.decay
    from scenes import forgetting

    cls = entry.load()
    scene = object.__new__(cls)  # the compute methods read class attributes only; no camera, no renderer

    def cold() -> None:
        mathcore.decay._arrays.cache_clear()
        mathcore.decay._blocks.cache_clear()
        forgetting.forgetting_data.cache_clear()

    if hasattr(cls, "compute_sweep"):
        work = scene.compute_sweep
    elif hasattr(cls, "compute"):
        work = scene.compute
    elif issubclass(cls, forgetting.ForgettingScene):

        def work():
            return forgetting.forgetting_data(cls.RUN)
    elif issubclass(cls, forgetting.ForgettingAcrossRuns):

        def work():
            return [forgetting.forgetting_data(run) for run in cls.RUNS]
    elif issubclass(cls, forgetting.LRSchedules):

        def work():
            return [forgetting.schedule_data(run) for run in (cls.SEED_RUN, cls.RUN)]
    else:
        return None

    def timed_work() -> float:
        cold()
        start = time.perf_counter()
        work()
        return time.perf_counter() - start

    return timed_work


def precompute_ms(entry: Entry) -> float | None:
    timed_work = precompute(entry)
    if timed_work is None:
        return None
    return 1000 * statistics.median(timed_work() for _ in range(3))


# --- the seed comparison ---------------------------------------------------------------------------------
def seed_script() -> str:
    """The seed's KL animation cell as a script, with its use-before-define fixed: x, gt_mu, gt_sigma and
    gt_dist are defined before the first loop reads them (the notebook had them from an earlier run)."""
    text = SEED_FILE.read_text()
    start = text.index("In [104]:")
    end = text.index("print(\"Animation saved as 'kl_divergence_animation.gif'\")", start)
    lines = text[start:end].splitlines()[1:] + ["print('Animation saved')"]
    moved = [
        "gt_mu, gt_sigma = 0, 1",
        "x = np.linspace(-4, 4, 1000)",
        "gt_dist = gaussian(x, gt_mu, gt_sigma)",
    ]
    lines = [line for line in lines if line.strip() not in moved]
    first_loop = lines.index("# First loop to find global minimum")
    return "\n".join(lines[:first_loop] + moved + lines[first_loop:]) + "\n"


SEED_SIZE_SWEEP = """\
import sys

sys.path.insert(0, {root!r})
from manim import VGroup, config, linear

from scenes.kl_sweep import KLSweep

# 1600x1000 is 16:10: keep the talk's frame width (the whole layout) and let the height follow
config.frame_width = 8 * 16 / 9
config.frame_height = config.frame_width * 1000 / 1600


class SeedSizeKLSweep(KLSweep):
    \"\"\"Only the sweep: the seed's 89 frames, one video frame each at the seed's 10 fps.\"\"\"

    def construct(self):
        self.prepare()
        self.add(self.title, self.axes_drawn, self.axis_labels, self.truth_curve, self.center_area)
        self.add(self.tail_areas, self.legend, self.panel_static)
        self.live = VGroup(self.model_curve, self.counters, self.center_bar, self.tail_bar, self.level_tag)
        self.add(self.live)
        for mob in self.mobjects[:-1]:
            mob.suspend_updating()
        self.live.add_updater(self._follow_tracker)
        frames = self.FRAMES
        self.play(self.frame.animate.set_value(frames - 1), run_time=frames / 10, rate_func=linear)
"""


def seed_comparison(work: Path, seed_python: Path) -> dict:
    """Seed GIF vs KLSweep's sweep at 1600x1000, 89 frames at 10 fps."""
    result = {}
    if seed_python.exists():
        script = work / "seed_kl_animation.py"
        script.write_text(seed_script())
        env = {**os.environ, "MPLBACKEND": "Agg"}
        try:
            wall, cpu, rss = timed([str(seed_python), str(script)], work / "seed.log", cwd=work, env=env)
            result["seed"] = {"wall": wall, "cpu": cpu, "rss": rss, "measured": True}
        except RuntimeError as err:
            print(f"the seed script failed, using the recorded figure: {err}", file=sys.stderr)
    if "seed" not in result:
        result["seed"] = {"wall": RECORDED_SEED_SECONDS, "cpu": None, "rss": None, "measured": False}
    file = work / "seed_size_sweep.py"
    file.write_text(SEED_SIZE_SWEEP.format(root=str(ROOT)))
    run = render(file, "SeedSizeKLSweep", "h", work, "--resolution", "1600,1000", "--frame_rate", "10")
    result["manim"] = {"wall": run.wall, "cpu": run.cpu, "rss": run.rss_mib}
    if run.video is not None:
        import av

        with av.open(str(run.video)) as c:
            result["frames"] = sum(1 for _ in c.decode(video=0))
    return result


# --- the report ------------------------------------------------------------------------------------------
def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def table(rows: list[tuple[Entry, float | None, dict]], qualities: list[str]) -> str:
    head = ["scene", "video s", "mathcore ms"]
    for q in qualities:
        name, goal = QUALITIES[q]
        head += [
            f"{name} CPU s: warm, cold (floor)",
            f"{name} CPU ratio warm (goal ≤ {goal})",
            f"{name} CPU ratio cold",
            f"{name} wall ratio warm",
        ]
    if "h" in qualities:
        head.append("peak RSS 1080p MiB")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for entry, ms, res in rows:
        first = res[qualities[0]]
        cells = [f"`{entry.name}`", f"{first['seconds']:.1f}", "n/a" if ms is None else f"{ms:.1f}"]
        for q in qualities:
            r, goal = res[q], QUALITIES[q][1]
            mark = "" if r["cpu_ratio"] <= goal else " ✗"
            cold_mark = "" if r["cold_ratio"] <= goal else " ✗"
            cells += [
                f"{r['cpu']:.1f}, {r['cold_cpu']:.1f} ({r['floor_cpu']:.1f})",
                f"**{r['cpu_ratio']:.2f}**{mark}",
                f"{r['cold_ratio']:.2f}{cold_mark}",
                f"{r['wall_ratio']:.2f}",
            ]
        if "h" in qualities:
            rss = res["h"]["rss"]
            cells.append(f"{rss:.0f}" + ("" if rss <= MEMORY_GOAL_MIB else " ✗"))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def seed_lines(seed: dict) -> str:
    s, m = seed["seed"], seed["manim"]
    if s["measured"]:
        seed_text = f"{s['wall']:.1f} s wall, {s['cpu']:.1f} s CPU (re-run here, in a temporary venv)"
    else:
        seed_text = f"{s['wall']:.0f} s wall (the recorded figure, 2026-11; not re-run)"
    ratio = m["wall"] / s["wall"]
    mark = "✓" if ratio <= SEED_GOAL else "✗"
    frames = seed.get("frames", "?")
    return "\n".join(
        [
            "| what | time |",
            "|---|---|",
            f"| seed notebook, KL animation cell writing its 89-frame GIF at 1600×1000 | {seed_text} |",
            f"| `KLSweep`'s sweep, {frames} frames at 10 fps, 1600×1000, caches empty (cold) |"
            f" {m['wall']:.1f} s wall,"
            f" {m['cpu']:.1f} s CPU, peak {m['rss']:.0f} MiB |",
            f"| ratio (wall, goal ≤ {SEED_GOAL}) | **{ratio:.2f}** {mark} |",
        ]
    )


def report(rows, qualities, seed, repeat, took) -> str:
    import manim

    today = dt.date.today().isoformat()
    parts = [
        "# Render benchmarks",
        "",
        f"Measured {today} on {os.cpu_count()} cores ({cpu_model()}), shared with other renders; manim"
        f" {manim.__version__}, Python {platform.python_version()}; median of {repeat} scene/floor pair(s);"
        f" the run took {took / 60:.0f} min.",
        "",
        "Reproduce: `.venv/bin/python bench/render.py` (all scenes, both qualities and the seed comparison;"
        " `--scenes A B`, `--qualities h l`, `--repeat N`, `--no-seed`). Each render is a fresh"
        " `python -m manim render --disable_caching` process. The *floor* is a scene of the same length and"
        " resolution that shows the scene's last frame and waits (Manim re-encodes the frozen frame): the"
        " cost of start-up plus encoding. Ratios are scene / floor, CPU time (user + system of the child,"
        " the primary figure: it is less sensitive to the other agents on the machine) and wall time;"
        " ✗ marks a miss. *warm*: the scene rendered a second time with the typeset-outline cache its first"
        " render filled (scenes/kit/patches/typeset_cache.py; what a lecturer re-rendering after a change"
        " pays); *cold*:"
        " that first render, with an empty cache (a new machine, or every string new). Peak RSS is the larger"
        " of the two. mathcore ms: the scene's mathcore precomputation from cold caches, in process.",
        "",
        table(rows, qualities),
    ]
    if seed is not None:
        parts += ["", "## Against the seed's matplotlib GIF", "", seed_lines(seed)]
    return "\n".join(parts) + "\n"


def kept_notes(output: Path) -> str:
    """The hand-written part of `output`, from NOTES_MARKER on, so that a re-run keeps the profile notes."""
    try:
        text = output.read_text()
    except OSError:
        return ""
    at = text.find(NOTES_MARKER)
    return "" if at < 0 else "\n" + text[at:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenes", nargs="+", help="catalogue scene names (default: all)")
    parser.add_argument("--qualities", nargs="+", choices=sorted(QUALITIES), default=["h", "l"])
    parser.add_argument("--repeat", type=int, default=1, help="scene/floor pairs per scene and quality")
    parser.add_argument("--no-seed", action="store_true", help="skip the seed comparison")
    parser.add_argument("--seed-python", type=Path, default=Path("/tmp/seedvenv/bin/python"))
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    args = parser.parse_args(argv)

    entries = list(CATALOGUE)
    if args.scenes:
        known = {e.name: e for e in entries}
        unknown = [s for s in args.scenes if s not in known]
        if unknown:
            parser.error(f"not in the catalogue: {', '.join(unknown)}; choose from {', '.join(known)}")
        entries = [known[s] for s in args.scenes]
    qualities = [q for q in QUALITIES if q in args.qualities]

    started = time.perf_counter()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-render-") as tmp:
        work = Path(tmp)
        for k, entry in enumerate(entries, 1):
            print(f"{entry.name}:", flush=True)
            res = {q: measure(entry, q, args.repeat, work) for q in qualities}
            rows.append((entry, precompute_ms(entry), res))
            if not args.no_write and k < len(entries):  # a long run interrupted still leaves its table
                partial = report(rows, qualities, None, args.repeat, time.perf_counter() - started)
                partial += f"\n(partial: {k} of {len(entries)} scenes measured)\n"
                args.output.write_text(partial + kept_notes(args.output))
        seed = None if args.no_seed else seed_comparison(work, args.seed_python)
    text = report(rows, qualities, seed, args.repeat, time.perf_counter() - started)
    print()
    print(text)
    if not args.no_write:
        args.output.write_text(text + kept_notes(args.output))
        print(f"written to {args.output.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
