"""Render catalogue scenes into media/ in parallel, print a table of what was written, build the talk reel.

    python -m lecture_scenes.render [--quality l|m|h|k] [--jobs N] [--formats "webm gif"]
                                    [--media-dir DIR] [SCENE..]

Each scene renders in its own subprocess (``python -m manim render``, forked from a server that imported
Manim once for the run, :mod:`lecture_scenes.forkserver`; a plain one with ``LECTURE_FORKSERVER=off``) with
its own media folder (``<media>/.work/<Scene>/``: Text/Typst caches and partial movie files never collide
between parallel runs).
The finished files are written in that work folder and then renamed into ``<media>/<Scene>/``, so a failed
or interrupted render never replaces a good file:

    <media>/<Scene>/<Scene>.mp4     the clip
    <media>/<Scene>/poster.png      its last frame
    <media>/<Scene>/first.png       its first frame
    <media>/<Scene>/<Scene>.descriptions.vtt   its description track: a cue per beat, the beat's note
                                    (lecture_scenes/captions.py)
    <media>/<Scene>/<Scene>.beats.json   its beats: notes, first frames, the sources of its numbers
    <media>/<Scene>/beat1.png ...   the last frame of each beat, for the talk's script
    <media>/<Scene>/<Scene>.webm    --formats webm: VP9 with a transparent background, for overlays
    <media>/<Scene>/<Scene>.gif     --formats gif: small (480 px wide, 10 fps) for quick embeds
    <media>/talk_reel.mp4           every catalogue scene in order, one chapter per scene
    <media>/talk_reel.chapters.vtt  its chapters; talk_reel.descriptions.vtt, its description track
    <media>/talk_script.md, .html   the talk's script: every beat's still and note (lecture_scenes/script.py)

A scene whose inputs (its source files and the local modules they import, manim.cfg, quality, Manim's
version) hash to the stamp beside its outputs, and which has every format asked for, is not rendered again
("cached"). When it is, files of its previous version that this run does not make again are removed.

The steps live in modules of their own: the options and their checks (:mod:`lecture_scenes.options`), the
inputs and stamps (:mod:`~lecture_scenes.stamps`), Manim and FFmpeg runs (:mod:`~lecture_scenes.runner`),
the progress lines (:mod:`~lecture_scenes.progress`), the reel (:mod:`~lecture_scenes.reel`) and the table
(:mod:`~lecture_scenes.table`). They take the catalogue as an argument (tests pass tiny scenes;
``--catalogue module:NAME`` does the same from the command line): :func:`render_scenes`,
:func:`~lecture_scenes.reel.build_reel`, :func:`~lecture_scenes.table.format_table`.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from pathlib import Path

from lecture_scenes import captions, command, forkserver, locks, mp4s, narrated
from lecture_scenes.catalogue import ROOT, Entry
from lecture_scenes.interrupts import exits_on_interrupt
from lecture_scenes.options import EXTRA_FORMATS, QUALITIES, BadInput, parse_formats
from lecture_scenes.progress import Progress, Result, Watcher
from lecture_scenes.reel import Reel, build_reel
from lecture_scenes.runner import (
    Failed,
    ffmpeg,
    manim_env,
    manim_media,
    rendered_file,
    run_logged,
    scene_lock,
    video_seconds,
)
from lecture_scenes.script import Script, build_script
from lecture_scenes.stamps import STAMP, input_digest, move_into_place, read_stamp, write_atomically
from lecture_scenes.table import format_table, shown
from scenes.kit import notes
from scenes.kit.talkfile import Talk

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


@locks.one_at_a_time(lambda entry, media_dir: media_dir / ".work" / entry.name)
def render_one(
    entry: Entry,
    media_dir: Path,
    talk: Talk,
    quality: str = "l",
    formats: Sequence[str] = (),
    *,
    force: bool = False,
    progress: Progress | None = None,
) -> Result:
    """Render one scene into `media_dir`/<Scene>/ (mp4, poster.png, first.png and `formats`); never raises."""
    job = Job(entry, media_dir, talk, quality, force)
    stamp = read_stamp(job.folder)
    files = [job.folder / f for f in stamp.get("files", [])]
    # Extra formats add up: a run without FORMATS after one with FORMATS=webm is still current.
    current = stamp.get("digest") == job.digest and files and all(f.is_file() for f in files)
    done = set(stamp.get("formats", []))
    if not force and current and set(formats) <= done:
        result = Result(entry.name, "cached", stamp.get("seconds", 0.0), files, 0.0, log=job.log)
        if progress:
            progress.end(result)
        return result
    reuse = current and not force  # same inputs, a format more: keep the clip, make only what is missing
    todo = [f for f in formats if f not in done] if reuse else list(formats)
    started = time.monotonic()
    if progress:
        progress.start(entry.name, stamp.get("animations"))
    watch = Watcher(entry.name, progress)
    try:
        job.prepare()
        if reuse:
            mp4, seconds, staged = job.folder / f"{entry.name}.mp4", stamp.get("seconds", 0.0), []
        else:
            mp4, seconds, staged = job.clip(watch)
        staged += job.extras(mp4, todo, watch)
        for path in staged:
            if not path.is_file() or path.stat().st_size == 0:
                raise Failed(f"{path.name} was not written")
    except Exception as err:  # Failed, or a bug here: it must not stop the other scenes either
        reason = str(err) if isinstance(err, Failed) else repr(err)
        discard_leftovers(media_dir, entry.name)
        kept = bool(files) and all(f.is_file() for f in files)
        elapsed = time.monotonic() - started
        result = Result(entry.name, "failed", elapsed=elapsed, reason=reason, log=job.log, kept=kept)
    else:
        final = job.put_in_place(staged, stamp, files, formats, seconds, watch.played)
        result = Result(entry.name, "ok", seconds, final, time.monotonic() - started, log=job.log)
    if progress:
        progress.end(result)
    return result


class Job:
    """One scene's render, step by step: its folders, its Manim command, its digest."""

    def __init__(self, entry: Entry, media_dir: Path, talk: Talk, quality: str, force: bool):
        self.entry, self.name, self.talk = entry, entry.name, talk
        self.folder = media_dir / entry.name
        self.work = media_dir / ".work" / entry.name
        self.log = self.work / "render.log"
        self.staging = self.work / "out"
        self.media_dir, self.media = media_dir, manim_media(media_dir, entry.name)
        self.digest = input_digest(entry, talk, quality, *narrated.inputs(talk, entry.name))
        self.quality = quality
        self.manim = [sys.executable, "-m", "manim", "render", f"-q{quality}", "--media_dir", self.media]
        self.manim += ["--progress_bar", "none", "--silent"]

    def prepare(self) -> None:
        """A fresh log and an empty staging folder."""
        self.work.mkdir(parents=True, exist_ok=True)
        self.log.write_text("")
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staging.mkdir()

    def clip(self, watch: Watcher) -> tuple[Path, float, list[Path]]:
        """Render the mp4 and stage it with its posters, description track and beat stills."""
        name, since = self.name, time.time()
        sidecar = self.staging / f"{name}{notes.SIDECAR_SUFFIX}"  # the scene writes its beats here
        env = manim_env({notes.ENV_VAR: str(sidecar)}, self.talk)
        with scene_lock(self.media_dir, name):
            cmd = [*self.manim, "--format", "mp4", self.entry.file, name]
            run_logged(cmd, self.log, env=env, on_line=watch)
            made = rendered_file(self.media, name, ".mp4", since)
            mp4 = mp4s.fast_start(made, self.staging / f"{name}.mp4", self.log)
        seconds = video_seconds(mp4)
        if self.talk.narrated:  # the sound track made to last the clip's frames, its loudness checked
            watch.stage("sound")
            line = notes.read_sidecar(sidecar) if sidecar.is_file() else None
            exact = line.seconds if line else seconds
            mp4 = narrated.finish_clip(mp4, mp4, exact, self.log)
            if found := narrated.loudness_problems(mp4):
                raise Failed("; ".join(found))
            seconds = video_seconds(mp4)
        if seconds <= 0:
            raise Failed(f"{mp4.name} is not a readable video")
        watch.stage("posters")
        ffmpeg("-i", mp4, "-frames:v", "1", self.staging / "first.png", log=self.log)
        # Seek near the end and keep overwriting one image: the last decoded frame stays.
        ffmpeg("-sseof", "-3", "-i", mp4, "-update", "1", self.staging / "poster.png", log=self.log)
        watch.stage("captions")
        stills = beat_files(name, mp4, sidecar, seconds, self.log, self.talk.language)
        return mp4, seconds, [mp4, self.staging / "poster.png", self.staging / "first.png", *stills]

    def extras(self, mp4: Path, todo: Sequence[str], watch: Watcher) -> list[Path]:
        """The extra formats asked for (webm, gif), staged."""
        staged = []
        if "webm" in todo:
            watch.stage("transparent webm")
            # Manim's own `--format webm -t` encodes VP9 at libvpx's slowest settings (minutes per clip even
            # at 480p15); its lossless transparent mov (qtrle, alpha) re-encoded by FFmpeg is ~10x faster.
            since, webm = time.time(), self.staging / f"{self.name}.webm"
            with scene_lock(self.media_dir, self.name):
                cmd = [*self.manim, "--format", "mov", "--transparent", self.entry.file, self.name]
                run_logged(cmd, self.log, env=manim_env(talk=self.talk))
                mov = rendered_file(self.media, self.name, ".mov", since)
                ffmpeg("-i", mov, *WEBM_ENCODE, webm, log=self.log)
            staged.append(webm)
        if "gif" in todo:
            watch.stage("gif")
            gif = self.staging / f"{self.name}.gif"
            ffmpeg("-i", mp4, "-vf", GIF_FILTER, "-loop", "0", gif, log=self.log)
            staged.append(gif)
        return staged

    def put_in_place(
        self, staged: list[Path], stamp: dict, files: list[Path], formats, seconds: float, played
    ) -> list[Path]:
        """Move the staged files into the scene's folder, drop what is out of date, write the new stamp."""
        name = self.name
        (self.folder / STAMP).unlink(missing_ok=True)  # until every file is in place, not current
        final = move_into_place(staged, self.folder)
        same_inputs = stamp.get("digest") == self.digest
        for old in [f for f in files if f not in final]:
            if same_inputs and old.is_file():  # e.g. a WebM of this same version: still current
                final.append(old)
            else:  # made from the scene's previous version: out of date now
                old.unlink(missing_ok=True)
        made = set(formats) | (set(stamp.get("formats", [])) if same_inputs else set())
        order = [f"{name}.mp4", "poster.png", "first.png", f"{name}.webm", f"{name}.gif"]
        order += [
            f"{name}{captions.DESCRIPTIONS}",
            f"{name}{narrated.CAPTIONS}",
            f"{name}{notes.SIDECAR_SUFFIX}",
        ]
        order += [f"beat{k}.png" for k in range(1, 1000)]
        final.sort(key=lambda p: order.index(p.name) if p.name in order else len(order))
        new = {
            "digest": self.digest,
            "quality": self.quality,
            "formats": [f for f in EXTRA_FORMATS if f in made],
            "seconds": round(seconds, 3),
            "animations": played or stamp.get("animations"),
            "files": [p.name for p in final],
        }
        write_atomically(self.folder / STAMP, json.dumps(new, indent=1))
        return final


def beat_files(
    name: str, mp4: Path, sidecar: Path, seconds: float, log: Path, language: str = "en"
) -> list[Path]:
    """From the beats the scene wrote: its description track (a narrated clip: its captions, timed to the
    voice) and a still of each beat's last frame."""
    if not sidecar.is_file():
        raise Failed(
            f"{name} marks no beats: start each with self.beat(note), the first before any animation"
        )
    line = notes.read_sidecar(sidecar)
    if line.frames != notes.frames_in(mp4):
        raise Failed(f"{name}: its beats count {line.frames} frames, {mp4.name} has {notes.frames_in(mp4)}")
    # One clock: the frames. The file must say the length they make (to a millisecond), else a player, the
    # reel and the captions would each cut the clip somewhere else.
    if abs(seconds - line.seconds) > 0.001:
        raise Failed(
            f"{mp4.name} says it lasts {seconds:.4f} s, its {line.frames} frames {line.seconds:.4f} s"
        )
    if line.narrated:
        vtt = narrated.write_captions(
            narrated.caption_cues(line, language), mp4.with_name(f"{name}{narrated.CAPTIONS}"), language
        )
    else:
        vtt = captions.write_descriptions(line, mp4.with_name(f"{name}{captions.DESCRIPTIONS}"))
        if found := captions.problems(vtt, line, line.seconds):
            raise Failed("; ".join(found[:2]))
    lasts = [line.last_frame(k) for k in range(len(line.beats))]
    select = "+".join(f"eq(n\\,{f})" for f in lasts)
    stills = mp4.parent / "beat%d.png"
    ffmpeg("-i", mp4, "-vf", f"select={select}", "-fps_mode", "passthrough", stills, log=log)
    stills = [mp4.parent / f"beat{k}.png" for k in range(1, len(lasts) + 1)]
    return [vtt, sidecar, *stills]


def discard_leftovers(media_dir: Path, name: str) -> None:
    """After a failed render: remove its staging files and Manim's output of this run (a full disk gets its
    space back); the log stays, and so do the files of the last good render."""
    shutil.rmtree(media_dir / ".work" / name / "out", ignore_errors=True)
    with scene_lock(media_dir, name):  # Manim's folder is shared with `make slides`
        shutil.rmtree(manim_media(media_dir, name), ignore_errors=True)


def render_scenes(
    entries: Sequence[Entry],
    media_dir: Path,
    talk: Talk,
    quality: str = "l",
    jobs: int = 1,
    formats: Sequence[str] = (),
    *,
    force: bool = False,
    stream=None,
) -> list[Result]:
    """Render `entries` (of `talk`, with checked options) with up to `jobs` in parallel; one Result per entry,
    in the entries' order. A failing scene does not stop the others and leaves its last good files."""
    media_dir = Path(media_dir).resolve()
    server = (
        forkserver.serving(manim_env(talk=talk), ROOT, log=sys.stderr)
        if forkserver.enabled()
        else nullcontext()
    )
    with (
        server,
        Progress(len(entries), stream) as progress,
        ThreadPoolExecutor(max_workers=jobs) as pool,
    ):
        futures = [
            pool.submit(render_one, e, media_dir, talk, quality, formats, force=force, progress=progress)
            for e in entries
        ]
        return [f.result() for f in futures]


@exits_on_interrupt("render")
def main(argv: list[str] | None = None, talk: Talk | None = None) -> int:
    parser = command.arguments("python -m lecture_scenes.render", __doc__.split("\n")[0], voice=True)
    parser.add_argument("--formats", default="", help='extra formats: "webm gif"')
    parser.add_argument("--no-reel", action="store_true", help="do not build the talk reel")
    try:
        req = command.start(parser, argv, talk)
        formats = parse_formats(req.args.formats)
    except BadInput as err:
        return command.refuse("render", err)
    if not req.entries:
        print("render: the catalogue holds no scenes; nothing to render.")
        return 0
    quality, media_dir, title = req.quality, req.media_dir, req.talk.title
    print(
        f"render: {len(req.entries)} scene(s) at quality {quality} ({QUALITIES[quality]}),"
        f" {req.talk.theme.name} theme, {req.jobs} at a time"
        + (f", narrated by the voice {req.talk.voice}" if req.talk.narrated else "")
    )
    started = time.monotonic()
    results = render_scenes(req.entries, media_dir, req.talk, quality, req.jobs, formats, force=req.force)
    failed = [r for r in results if not r.ok]
    reel = None
    if not req.args.no_reel:
        reel = (
            Reel("skipped", reason="a scene failed")
            if failed
            else build_reel(req.catalogue, media_dir, quality, title, req.talk.language)
        )
    talk_script = (
        Script("skipped", [], "a scene failed")
        if failed
        else build_script(req.catalogue, media_dir, title, req.talk.language)
    )
    print()
    print(format_table(results, reel, media_dir))
    if talk_script.status == "ok":
        print(f"\nrender: the talk's script: {', '.join(shown(f) for f in talk_script.files)}")
    else:
        print(f"\nrender: the talk's script: {talk_script.status} ({talk_script.reason}); the last one stays")
    print(f"\nrender: {len(results)} scene(s) in {time.monotonic() - started:.1f} s")
    for r in failed:
        print(f"render: FAILED {r.name}: {r.reason} (log: {shown(r.log)})", file=sys.stderr)
    if reel is not None and reel.status == "failed":
        print(f"render: the talk reel failed: {reel.reason}", file=sys.stderr)
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
