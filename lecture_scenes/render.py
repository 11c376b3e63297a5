"""Render catalogue scenes into media/ in parallel, print a table of what was written, build the talk reel.

    python -m lecture_scenes.render [--quality l|m|h|k] [--jobs N] [--formats "webm gif"]
                                    [--media-dir DIR] [SCENE..]

Each scene renders in its own subprocess (``python -m manim render``) with its own media folder
(``<media>/.work/<Scene>/``: Text/Typst caches and partial movie files never collide between parallel runs).
The finished files are written in that work folder and then renamed into ``<media>/<Scene>/``, so a failed
or interrupted render never replaces a good file:

    <media>/<Scene>/<Scene>.mp4     the clip
    <media>/<Scene>/poster.png      its last frame
    <media>/<Scene>/first.png       its first frame
    <media>/<Scene>/<Scene>.webm    --formats webm: VP9 with a transparent background, for overlays
    <media>/<Scene>/<Scene>.gif     --formats gif: small (480 px wide, 10 fps) for quick embeds
    <media>/talk_reel.mp4           every catalogue scene in order, one chapter per scene

A scene whose inputs (its source files and the local modules they import, manim.cfg, quality, Manim's
version) hash to the stamp beside its outputs, and which has every format asked for, is not rendered again
("cached"). When it is, files of its previous version that this run does not make again are removed.

The functions take the catalogue as an argument (tests pass tiny scenes; ``--catalogue module:NAME`` does
the same from the command line): :func:`render_scenes`, :func:`build_reel`, :func:`format_table`.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import fcntl
import hashlib
import importlib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from lecture_scenes import catalogue as talk_catalogue
from lecture_scenes.catalogue import ROOT, Entry
from scenes.kit import talkfile

MEDIA = ROOT / "media"
QUALITIES = {"l": "854x480 15 fps", "m": "1280x720 30 fps", "h": "1920x1080 60 fps", "k": "3840x2160 60 fps"}
EXTRA_FORMATS = ("webm", "gif")
REEL = "talk_reel.mp4"
DEFAULT_TITLE = "How LLMs learn and forget"  # the reel's and the slide deck's title without a talk file
STAMP = ".stamp.json"
# Bump when what this module writes changes (file names, GIF settings...): every stamp becomes stale.
PIPELINE_VERSION = 1
# VP9 with an alpha plane, from Manim's transparent mov: constant quality, libvpx's fast real-time mode.
WEBM_ENCODE = [
    "-c:v",
    "libvpx-vp9",
    "-pix_fmt",
    "yuva420p",
    "-b:v",
    "0",
    "-crf",
    "30",
    "-deadline",
    "realtime",
]
WEBM_ENCODE += ["-cpu-used", "8", "-row-mt", "1", "-auto-alt-ref", "0", "-an"]
GIF_FILTER = (
    "fps=10,scale=480:-2:flags=lanczos,split[a][b];"
    "[a]palettegen=max_colors=128[p];[b][p]paletteuse=dither=bayer"
)


class BadInput(ValueError):
    """A parameter with a value outside what is allowed; the message names both, in one line."""


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


# --- validation at the boundary ------------------------------------------------------------------------
def parse_quality(value: str) -> str:
    """`value` if it is one of Manim's quality letters l, m, h, k; else BadInput."""
    if value not in QUALITIES:
        raise BadInput(f"QUALITY (--quality) must be one of {', '.join(QUALITIES)}; got {value!r}")
    return value


def parse_formats(value: str | Iterable[str]) -> tuple[str, ...]:
    """Extra formats from "webm gif" or "webm,gif" (mp4 and PNGs are always written); else BadInput."""
    words = value.replace(",", " ").split() if isinstance(value, str) else list(value)
    for word in words:
        if word not in EXTRA_FORMATS:
            allowed = ", ".join(EXTRA_FORMATS)
            raise BadInput(
                f"FORMATS (--formats) may hold {allowed} (mp4 and PNGs are always made); got {word!r}"
            )
    return tuple(f for f in EXTRA_FORMATS if f in words)


def parse_jobs(value: str | int | None) -> int:
    """A positive number of parallel renders; None means the number of cores."""
    if value is None or value == "":
        return os.cpu_count() or 1
    try:
        jobs = int(value)
    except (TypeError, ValueError):
        jobs = 0
    if jobs < 1:
        raise BadInput(f"JOBS (--jobs) must be a whole number >= 1; got {value!r}")
    return jobs


def select(catalogue: Sequence[Entry], names: Iterable[str]) -> list[Entry]:
    """The entries called `names`, in the order given (all of the catalogue when none); else BadInput."""
    names = list(dict.fromkeys(names))
    if not names:
        return list(catalogue)
    known = {e.name: e for e in catalogue}
    for name in names:
        if name not in known:
            allowed = ", ".join(known) or "(the catalogue is empty)"
            raise BadInput(f"SCENES: unknown scene {name!r}; allowed: {allowed}")
    return [known[n] for n in names]


def default_catalogue() -> tuple[Entry, ...]:
    """The talk's scenes from talk.toml (scenes.catalogue); BadInput with every problem of a broken file."""
    try:
        return tuple(talk_catalogue.CATALOGUE)
    except talkfile.TalkError as err:
        raise BadInput(str(err)) from None


def talk_title() -> str:
    """The talk's title from the talk file, for the reel's and the deck's metadata."""
    try:
        return talkfile.load(builtin_scenes=talk_catalogue.builtin_names()).title
    except (talkfile.TalkError, OSError):
        return DEFAULT_TITLE


def load_catalogue(spec: str) -> tuple[Entry, ...]:
    """The entries named by "package.module:NAME" (default NAME: CATALOGUE); else BadInput."""
    module, _, attr = spec.partition(":")
    try:
        entries = tuple(getattr(importlib.import_module(module), attr or "CATALOGUE"))
    except (ImportError, AttributeError, TypeError) as err:
        raise BadInput(
            f"CATALOGUE (--catalogue) must name a list of Entry as module:NAME; got {spec!r} ({err})"
        ) from None
    if not all(isinstance(e, Entry) for e in entries):
        raise BadInput(f"CATALOGUE (--catalogue) must name a list of Entry; got {spec!r}")
    return entries


# --- what a scene depends on -----------------------------------------------------------------------------
def _module_file(module: str) -> Path | None:
    base = ROOT / module.replace(".", "/")
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def source_files(module: str) -> list[Path]:
    """The module's file and every file of this repository it imports, transitively (with package inits)."""
    seen: dict[str, Path] = {}
    todo = [module]
    while todo:
        name = todo.pop()
        parts = name.split(".")
        for i in range(1, len(parts) + 1):  # importing a.b.c runs a/__init__ and a/b/__init__ too
            prefix = ".".join(parts[:i])
            if prefix in seen:
                continue
            path = _module_file(prefix)
            if path is None:
                continue
            seen[prefix] = path
            package = prefix if path.name == "__init__.py" else prefix.rpartition(".")[0]
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if isinstance(node, ast.Import):
                    todo += [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom):
                    base = node.module or ""
                    if node.level:
                        anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                        base = ".".join([*anchor, base] if base else anchor)
                    todo.append(base)
                    todo += [f"{base}.{a.name}" for a in node.names]
    return sorted(set(seen.values()))


def input_digest(entry: Entry, *parts: object) -> str:
    """A hash of everything a scene's outputs depend on: its sources, manim.cfg, Manim's version, `parts`."""
    from importlib.metadata import version

    h = hashlib.sha256()
    for item in (PIPELINE_VERSION, entry.module, entry.name, version("manim"), *parts):
        h.update(repr(item).encode() + b"\0")
    sources = source_files(entry.module)
    for path in [*sources, ROOT / "manim.cfg"]:
        if path.is_file():
            h.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    talk = talkfile.talk_path()
    if (
        ROOT / "scenes" / "kit" / "talkfile.py" in sources and talk.is_file()
    ):  # scenes made from talk.toml's numbers
        h.update(b"talk file\0" + talk.read_bytes())
    return h.hexdigest()


def read_stamp(folder: Path) -> dict:
    try:
        return json.loads((folder / STAMP).read_text())
    except (OSError, ValueError):
        return {}


def write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def move_into_place(staged: Sequence[Path], folder: Path) -> list[Path]:
    """Rename each staged file into `folder` (same file system: atomic per file); the final paths."""
    folder.mkdir(parents=True, exist_ok=True)
    final = []
    for src in staged:
        dst = folder / src.name
        os.replace(src, dst)
        final.append(dst)
    return final


# --- running tools ---------------------------------------------------------------------------------------
ANIMATION_DONE = re.compile(r"Animation (\d+) ?: (?:Partial movie file written|Using cached data)")
PLAYED = re.compile(r"Played (\d+) animations")
ERROR_LINE = re.compile(r"^\s*([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt)\b.*)$")


class Failed(Exception):
    """A step of a scene's render failed; the message is the one-line reason."""


def reason_from_log(text: str) -> str:
    """The line that says why a run failed: the last "SomethingError: ..." line, else the last line."""
    lines = [ln.strip(" │|").strip() for ln in text.splitlines() if ln.strip(" │|─╭╮╰╯").strip()]
    for line in reversed(lines):
        match = ERROR_LINE.match(line)
        if match:
            return match.group(1)[:300]
    return lines[-1][:300] if lines else "no output"


def manim_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for a Manim subprocess: wide log lines (parsed for progress), this repo importable."""
    env = dict(os.environ, COLUMNS="250", PYTHONUNBUFFERED="1", **(extra or {}))
    if env.get(talkfile.ENV_VAR):  # the slides render runs in another folder: keep a relative path valid
        env[talkfile.ENV_VAR] = os.path.abspath(env[talkfile.ENV_VAR])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def run_logged(
    cmd: list[str], log: Path, *, cwd: Path = ROOT, env: dict | None = None, on_line: Callable | None = None
) -> None:
    """Run `cmd`, appending its output to `log` and passing each line to `on_line`; Failed on exit != 0."""
    with open(log, "a", encoding="utf-8") as out:
        out.write(f"$ {' '.join(map(str, cmd))}\n")
        out.flush()
        proc = subprocess.Popen(
            [str(c) for c in cmd],
            cwd=cwd,
            env=env or manim_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            errors="replace",
        )
        captured = []
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


# --- progress ----------------------------------------------------------------------------------------------
class Progress:
    """One line per scene start and end; while scenes run, how far each is (animation k/n) and for how long.

    On a terminal a status line is rewritten in place every second; elsewhere (CI, logs) a line per running
    scene every `every` seconds.
    """

    def __init__(self, total: int, stream=None, every: float = 30.0):
        self.total, self.stream, self.every = total, stream or sys.stdout, every
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
        self.say(f"[{self.done + len(self.running)}/{self.total}] {name}: rendering")

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
        if result.status == "cached":
            how = f"cached ({result.seconds:.1f} s clip)"
        elif result.status == "failed":
            how = f"FAILED after {result.elapsed:.1f} s: {result.reason}"
        else:
            how = f"ok in {result.elapsed:.1f} s ({result.seconds:.1f} s clip)"
        self.say(f"[{self.done}/{self.total}] {result.name}: {how}")

    def _status(self) -> list[str]:
        now = time.monotonic()
        out = []
        for name, (start, done, expected, stage) in self.running.items():
            how_far = stage or (f"animation {done}/{expected}" if expected else f"animation {done}")
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


# --- one scene -------------------------------------------------------------------------------------------
def manim_media(media_dir: Path, name: str) -> Path:
    """Manim's own media folder for scene `name`: its caches (Text, Typst, partial movies) and raw output.

    ``make render`` and ``make slides`` share it, so the slides reuse the video's partial movie files.
    """
    return Path(media_dir) / ".work" / name / "media"


@contextlib.contextmanager
def scene_lock(media_dir: Path, name: str):
    """Hold scene `name`'s Manim folder alone (a render and a slides build of one scene may overlap)."""
    lock = Path(media_dir) / ".work" / name / ".lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


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


def _rendered_file(media: Path, name: str, suffix: str, since: float) -> Path:
    """The file Manim just wrote for scene `name` under `media`/videos (not a partial movie file)."""
    found = [
        p
        for p in (media / "videos").glob(f"*/*/{name}{suffix}")
        if p.is_file() and p.stat().st_mtime >= since - 1
    ]
    if not found:
        raise Failed(f"manim ended without writing {name}{suffix} under {media / 'videos'}")
    return max(found, key=lambda p: p.stat().st_mtime)


def render_one(
    entry: Entry,
    quality: str = "l",
    formats: Sequence[str] = (),
    media_dir: Path = MEDIA,
    *,
    force: bool = False,
    progress: Progress | None = None,
) -> Result:
    """Render one scene into `media_dir`/<Scene>/ (mp4, poster.png, first.png and `formats`); never raises."""
    name = entry.name
    folder = media_dir / name
    work = media_dir / ".work" / name
    log = work / "render.log"
    digest = input_digest(entry, quality)
    stamp = read_stamp(folder)
    files = [folder / f for f in stamp.get("files", [])]
    # Extra formats add up: a run without FORMATS after one with FORMATS=webm is still current.
    current = stamp.get("digest") == digest and files and all(f.is_file() for f in files)
    if not force and current and set(formats) <= set(stamp.get("formats", [])):
        result = Result(name, "cached", stamp.get("seconds", 0.0), files, 0.0, log=log)
        if progress:
            progress.end(result)
        return result

    # Same inputs, a format more: keep the clip and posters, make only what is missing.
    todo = (
        [f for f in formats if f not in stamp.get("formats", [])] if current and not force else list(formats)
    )
    started = time.monotonic()
    if progress:
        progress.start(name, stamp.get("animations"))
    watch = Watcher(name, progress)
    media = manim_media(media_dir, name)
    manim = [sys.executable, "-m", "manim", "render", f"-q{quality}", "--media_dir", media]
    manim += ["--progress_bar", "none", "--silent"]
    try:
        work.mkdir(parents=True, exist_ok=True)
        log.write_text("")
        staging = work / "out"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        staged = []
        if current and not force:
            mp4, seconds = folder / f"{name}.mp4", stamp.get("seconds", 0.0)
        else:
            since = time.time()
            with scene_lock(media_dir, name):
                run_logged([*manim, "--format", "mp4", entry.file, name], log, on_line=watch)
                mp4 = staging / f"{name}.mp4"
                shutil.copyfile(_rendered_file(media, name, ".mp4", since), mp4)
            seconds = video_seconds(mp4)
            if seconds <= 0:
                raise Failed(f"{mp4.name} is not a readable video")
            staged = [mp4, staging / "poster.png", staging / "first.png"]
            watch.stage("posters")
            ffmpeg("-i", mp4, "-frames:v", "1", staging / "first.png", log=log)
            # Seek near the end and keep overwriting one image: the last decoded frame stays.
            ffmpeg("-sseof", "-3", "-i", mp4, "-update", "1", staging / "poster.png", log=log)
        if "webm" in todo:
            watch.stage("transparent webm")
            # Manim's own `--format webm -t` encodes VP9 at libvpx's slowest settings (minutes per clip even
            # at 480p15); its lossless transparent mov (qtrle, alpha) re-encoded by FFmpeg is ~10x faster.
            since = time.time()
            with scene_lock(media_dir, name):
                run_logged([*manim, "--format", "mov", "--transparent", entry.file, name], log)
                mov = _rendered_file(media, name, ".mov", since)
                ffmpeg("-i", mov, *WEBM_ENCODE, staging / f"{name}.webm", log=log)
            staged.append(staging / f"{name}.webm")
        if "gif" in todo:
            watch.stage("gif")
            ffmpeg("-i", mp4, "-vf", GIF_FILTER, "-loop", "0", staging / f"{name}.gif", log=log)
            staged.append(staging / f"{name}.gif")
        for path in staged:
            if not path.is_file() or path.stat().st_size == 0:
                raise Failed(f"{path.name} was not written")
    except Exception as err:  # Failed, or a bug here: it must not stop the other scenes either
        reason = str(err) if isinstance(err, Failed) else repr(err)
        kept = bool(files) and all(f.is_file() for f in files)
        result = Result(name, "failed", elapsed=time.monotonic() - started, reason=reason, log=log, kept=kept)
    else:
        (folder / STAMP).unlink(missing_ok=True)  # until every file is in place, the folder is not current
        final = move_into_place(staged, folder)
        same_inputs = stamp.get("digest") == digest
        for old in [f for f in files if f not in final]:
            if same_inputs and old.is_file():  # e.g. a WebM of this same version: still current
                final.append(old)
            else:  # made from the scene's previous version: out of date now
                old.unlink(missing_ok=True)
        made = set(formats) | (set(stamp.get("formats", [])) if same_inputs else set())
        order = [f"{name}.mp4", "poster.png", "first.png", f"{name}.webm", f"{name}.gif"]
        final.sort(key=lambda p: order.index(p.name) if p.name in order else len(order))
        stamp = {
            "digest": digest,
            "quality": quality,
            "formats": [f for f in EXTRA_FORMATS if f in made],
            "seconds": round(seconds, 3),
            "animations": watch.played or stamp.get("animations"),
            "files": [p.name for p in final],
        }
        write_atomically(folder / STAMP, json.dumps(stamp, indent=1))
        result = Result(name, "ok", seconds, final, time.monotonic() - started, log=log)
    if progress:
        progress.end(result)
    return result


def render_scenes(
    entries: Sequence[Entry],
    quality: str = "l",
    jobs: int | None = None,
    formats: Sequence[str] = (),
    media_dir: Path = MEDIA,
    *,
    force: bool = False,
    stream=None,
) -> list[Result]:
    """Render `entries` with up to `jobs` in parallel; one Result per entry, in the entries' order.

    A failing scene does not stop the others and leaves the files of its last good render in place.
    """
    quality = parse_quality(quality)
    formats = parse_formats(formats)
    jobs = parse_jobs(jobs)
    media_dir = Path(media_dir).resolve()
    with Progress(len(entries), stream) as progress, ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [
            pool.submit(render_one, e, quality, formats, media_dir, force=force, progress=progress)
            for e in entries
        ]
        return [f.result() for f in futures]


# --- the talk reel -----------------------------------------------------------------------------------------
@dataclass
class Reel:
    """The concatenated talk: status "ok", "cached" or "skipped" (with the reason)."""

    status: str
    path: Path | None = None
    seconds: float = 0.0
    chapters: int = 0
    reason: str = ""


def build_reel(
    entries: Sequence[Entry], media_dir: Path = MEDIA, quality: str = "l", title: str = DEFAULT_TITLE
) -> Reel:
    """Concatenate every entry's mp4, in order, into `media_dir`/talk_reel.mp4 with one chapter per scene.

    Built only when every entry has a finished render at `quality` (clips of one size and frame rate);
    otherwise skipped, leaving the last reel in place.
    """
    media_dir = Path(media_dir).resolve()
    if not entries:
        return Reel("skipped", reason="no scenes")
    clips, digests, missing = [], [], []
    for e in entries:
        stamp = read_stamp(media_dir / e.name)
        clip = media_dir / e.name / f"{e.name}.mp4"
        if stamp.get("quality") != quality or not clip.is_file():
            missing.append(e.name)
        clips.append((e.name, clip, stamp.get("seconds", 0.0)))
        digests.append(stamp.get("digest"))
    if missing:
        shown = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
        return Reel("skipped", reason=f"needs every scene at quality {quality}; missing {shown}")
    reel = media_dir / REEL
    key = (PIPELINE_VERSION, quality, title, [c[0] for c in clips], digests)
    digest = hashlib.sha256(repr(key).encode()).hexdigest()
    stamp_file = media_dir / ".work" / "reel" / STAMP
    total = sum(c[2] for c in clips)
    try:
        if reel.is_file() and json.loads(stamp_file.read_text()).get("digest") == digest:
            return Reel("cached", reel, video_seconds(reel), len(clips))
    except (OSError, ValueError):
        pass
    work = stamp_file.parent
    work.mkdir(parents=True, exist_ok=True)
    log = work / "render.log"
    log.write_text("")
    listing = work / "clips.txt"
    listing.write_text("".join(f"file '{c[1]}'\n" for c in clips))
    meta = [";FFMETADATA1", f"title={_ffmeta(title)}"]
    start = 0.0
    for name, clip, _ in clips:
        length = video_seconds(clip)
        meta += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={round(start * 1000)}"]
        meta += [f"END={round((start + length) * 1000)}", f"title={_ffmeta(name)}"]
        start += length
    (work / "chapters.txt").write_text("\n".join(meta) + "\n")
    tmp = work / REEL
    try:
        concat = ["-f", "concat", "-safe", "0", "-i", listing, "-i", work / "chapters.txt", "-map", "0"]
        chapters = ["-map_metadata", "1", "-map_chapters", "1"]
        ffmpeg(*concat, *chapters, "-c", "copy", "-movflags", "+faststart", tmp, log=log)
    except Failed as err:
        return Reel("failed", reason=f"ffmpeg concat: {err} (log: {log})")
    seconds = video_seconds(tmp)
    if seconds < 0.9 * total:
        return Reel(
            "failed", reason=f"reel is {seconds:.1f} s, the clips add up to {total:.1f} s (log: {log})"
        )
    stamp_file.unlink(missing_ok=True)
    os.replace(tmp, reel)
    write_atomically(stamp_file, json.dumps({"digest": digest}))
    return Reel("ok", reel, seconds, len(clips))


def _ffmeta(text: str) -> str:
    """`text` escaped for an FFmpeg metadata file (=, ;, #, backslash and newline are special)."""
    return re.sub(r"([=;#\\\n])", r"\\\1", text)


# --- the table ---------------------------------------------------------------------------------------------
def human_size(n: int) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    raise AssertionError


def format_table(results: Sequence[Result], reel: Reel | None = None, media_dir: Path = MEDIA) -> str:
    """The closing table: scene, status, clip length, render time, files written, their size."""
    media_dir = Path(media_dir)
    rows = [("scene", "status", "length", "took", f"files (in {_shown(media_dir)}/<scene>/)", "size")]
    for r in results:
        if r.files:
            files = " ".join(f.name for f in r.files)
        else:
            files = ("last good files kept; " if r.kept else "") + f"log: {_shown(r.log)}"
        took = "-" if r.status == "cached" else f"{r.elapsed:.1f} s"
        length = f"{r.seconds:.1f} s" if r.ok else "-"
        rows.append((r.name, r.status, length, took, files, human_size(r.size_bytes) if r.files else "-"))
    if reel is not None:
        if reel.path and reel.status in ("ok", "cached"):
            files = f"{_shown(reel.path)} ({reel.chapters} chapters)"
            size = human_size(reel.path.stat().st_size)
            rows.append(("(talk reel)", reel.status, f"{reel.seconds:.1f} s", "", files, size))
        else:
            rows.append(("(talk reel)", reel.status, "-", "", reel.reason, "-"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    right = {2, 3, 5}
    lines = []
    for row in rows:
        cells = [
            c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _shown(path: Path | None) -> str:
    if path is None:
        return ""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# --- command line ------------------------------------------------------------------------------------------
def scene_arguments(prog: str, description: str) -> argparse.ArgumentParser:
    """The options that `make render` and `make slides` share (scenes.render and scenes.slides)."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--quality", "-q", default="l", help="l (480p15, default), m, h or k (2160p60)")
    parser.add_argument("--jobs", "-j", default=None, help="scenes rendered at once (default: cores)")
    parser.add_argument("--media-dir", default=str(MEDIA), help="where files go (default: media/)")
    parser.add_argument("--catalogue", default=None, help="module:NAME of the list of scenes to use")
    parser.add_argument("--force", action="store_true", help="render even when the stamp says cached")
    parser.add_argument("scenes", nargs="*", help="scene names (default: the whole catalogue)")
    return parser


class Request(NamedTuple):
    """The shared options, checked: what to render, how, under which title."""

    quality: str
    jobs: int
    title: str
    catalogue: Sequence[Entry]
    entries: list[Entry]


def checked_request(args: argparse.Namespace, catalogue: Sequence[Entry] | None) -> Request:
    """The shared options checked, cheap ones first (the catalogue may import manim); else BadInput."""
    quality = parse_quality(args.quality)
    jobs = parse_jobs(args.jobs)
    title = DEFAULT_TITLE if args.catalogue else talk_title()
    if catalogue is None:
        catalogue = load_catalogue(args.catalogue) if args.catalogue else default_catalogue()
    return Request(quality, jobs, title, catalogue, select(catalogue, args.scenes))


def main(argv: list[str] | None = None, catalogue: Sequence[Entry] | None = None) -> int:
    parser = scene_arguments("python -m lecture_scenes.render", __doc__.split("\n")[0])
    parser.add_argument("--formats", default="", help='extra formats: "webm gif"')
    parser.add_argument("--no-reel", action="store_true", help="do not build the talk reel")
    args = parser.parse_args(argv)
    try:
        formats = parse_formats(args.formats)
        quality, jobs, title, catalogue, entries = checked_request(args, catalogue)
    except BadInput as err:
        print(f"render: {err}", file=sys.stderr)
        return 2
    if not entries:
        print("render: the catalogue (scenes/catalogue.py) holds no scenes yet; nothing to render.")
        return 0
    media_dir = Path(args.media_dir)
    print(f"render: {len(entries)} scene(s) at quality {quality} ({QUALITIES[quality]}), {jobs} at a time")
    started = time.monotonic()
    results = render_scenes(entries, quality, jobs, formats, media_dir, force=args.force)
    failed = [r for r in results if not r.ok]
    reel = None
    if not args.no_reel:
        reel = (
            Reel("skipped", reason="a scene failed")
            if failed
            else build_reel(catalogue, media_dir, quality, title)
        )
    print()
    print(format_table(results, reel, media_dir))
    print(f"\nrender: {len(results)} scene(s) in {time.monotonic() - started:.1f} s")
    for r in failed:
        print(f"render: FAILED {r.name}: {r.reason} (log: {_shown(r.log)})", file=sys.stderr)
    if reel is not None and reel.status == "failed":
        print(f"render: the talk reel failed: {reel.reason}", file=sys.stderr)
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
