"""Build the talk's slide decks: every catalogue scene as manim-slides slides, an offline HTML deck, a PPTX.

    python -m lecture_scenes.slides [--quality l|m|h|k] [--jobs N] [--media-dir DIR] [--no-check] [SCENE ...]

1. Each scene renders with ``LECTURE_SLIDES=1`` (scenes/kit/base.py makes it a manim-slides ``Slide`` whose
   ``beat()`` is ``next_slide()``) in its own folder ``<media>/.work/slides/<Scene>/``, in parallel, cached
   like ``make render`` (a stamp of the scene's inputs).
2. The slides of all scenes are gathered, in catalogue order, into a fresh folder and converted there with
   ``manim-slides convert``: ``talk.html`` (reveal.js; videos in ``talk_assets/``, reveal.js's own files
   from the npm package, fetched by tools/fetch_reveal.sh, in ``talk_assets/reveal.js/``) and ``talk.pptx``.
   The HTML deck must link nothing outside its folder, else the build fails. Every slide carries its beat's
   note (``self.beat(note)``): in the HTML deck for reveal.js's speaker view (S; the notes plugin comes
   from the same npm package), in the PPTX on the slide's notes page.
3. Only then the folder replaces ``<media>/slides/``, which is also a manim-slides folder:
   ``manim-slides present --folder media/slides Scene1 Scene2 ...`` plays it.
4. With Chromium installed, lecture_scenes/deckcheck.py steps through the HTML deck offline, with the speaker
   view open, and saves a screenshot of every slide in ``<media>/slides_check/``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from lecture_scenes import command, locks, mp4s, narrated
from lecture_scenes.catalogue import ROOT, Entry
from lecture_scenes.interrupts import exits_on_interrupt
from lecture_scenes.options import QUALITIES, BadInput
from lecture_scenes.progress import Progress, Result, Watcher
from lecture_scenes.runner import Failed, manim_env, manim_media, run_logged, scene_lock, video_seconds
from lecture_scenes.stamps import STAMP, input_digest, read_stamp, write_atomically
from lecture_scenes.table import aligned, disk_size, human_size, length, shown, took
from scenes.kit import notes
from scenes.kit.talkfile import Talk

REVEAL_VERSION = "6.0.1"  # the version manim-slides 5.7's template is written for
REVEAL_DIR = ROOT / "build" / f"reveal.js-{REVEAL_VERSION}"
FETCH_REVEAL = ROOT / "tools" / "fetch_reveal.sh"
DECK = "talk"  # talk.html, talk_assets/, talk.pptx
HTML_OPTIONS = {  # manim-slides' RevealJS options (`manim-slides convert --show-config`), with the title
    "reveal_version": REVEAL_VERSION,
    "cdn_url": f"{DECK}_assets/reveal.js",  # relative to talk.html: reveal.js lies beside the deck
    "slide_number": "c/t",
    "progress": "true",
}
LINK_ATTRIBUTES = ("src", "href", "data-src", "data-background-video", "data-background-image", "poster")


@dataclass
class Deck:
    """The built decks: status "ok", "cached", "skipped" or "failed", the files and the check's verdict."""

    status: str
    files: list[Path] = field(default_factory=list)
    reason: str = ""
    check: str = ""
    screenshots: list[Path] = field(default_factory=list)


def fetch_reveal() -> Path:
    """reveal.js's dist/ folder, fetched from the npm registry the first time; Failed if it cannot be."""
    proc = subprocess.run(["bash", str(FETCH_REVEAL)], capture_output=True, text=True)
    if proc.returncode:
        raise Failed(
            proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "fetch_reveal.sh failed"
        )
    return REVEAL_DIR / "dist"


def slides_digest(entry: Entry, talk: Talk, quality: str) -> str:
    voiced = narrated.inputs(talk, entry.name)
    return input_digest(entry, talk, quality, "slides", version("manim-slides"), *voiced)


@locks.one_at_a_time(lambda entry, media_dir, *_: media_dir / ".work" / "slides" / entry.name)
def render_slides_one(
    entry: Entry,
    media_dir: Path,
    talk: Talk,
    quality: str,
    *,
    force: bool = False,
    progress: Progress | None = None,
) -> Result:
    """Render one scene as slides into `media_dir`/.work/slides/<Scene>/slides/; never raises."""
    name = entry.name
    work = media_dir / ".work" / "slides" / name
    log = work / "render.log"
    digest = slides_digest(entry, talk, quality)
    stamp = read_stamp(work)
    config = work / "slides" / f"{name}.json"
    if not force and stamp.get("digest") == digest and config.is_file():
        result = Result(name, "cached", stamp.get("seconds", 0.0), [config], log=log)
        if progress:
            progress.end(result)
        return result
    started = time.monotonic()
    if progress:
        progress.start(name, stamp.get("animations"))
    try:
        work.mkdir(parents=True, exist_ok=True)
        (work / STAMP).unlink(missing_ok=True)
        config.unlink(missing_ok=True)
        log.write_text("")
        # manim-slides writes ./slides/<Scene>.json and ./slides/files/<Scene>/: run in the scene's folder.
        media = manim_media(media_dir, name)  # shared with make render: its partial movies are reused
        cmd = [sys.executable, "-m", "manim", "render", f"-q{quality}", "--media_dir", media]
        cmd += [
            "--config_file",
            ROOT / "manim.cfg",
            "--progress_bar",
            "none",
            "--silent",
            ROOT / entry.file,
            name,
        ]
        watch = Watcher(name, progress)
        sidecar = work / f"{name}{notes.SIDECAR_SUFFIX}"  # the beats: a narrated slide's voice
        env = manim_env({"LECTURE_SLIDES": "1", notes.ENV_VAR: str(sidecar)}, talk)
        with scene_lock(media_dir, name):
            run_logged(cmd, log, cwd=work, env=env, on_line=watch)
        if not config.is_file():
            raise Failed(f"manim-slides wrote no {config.name}")
        slides = json.loads(config.read_text())["slides"]
        if talk.narrated:  # each slide's video gets its beat's voice
            narrated.voice_slides([work / s["file"] for s in slides], notes.read_sidecar(sidecar), log)
        for video in {work / s[key] for s in slides for key in ("file", "rev_file") if s.get(key)}:
            if not mp4s.index_first(video):  # manim-slides writes the index last; a cached one is done
                mp4s.fast_start(video, video, log)
        seconds = sum(video_seconds(work / s["file"]) for s in slides)
    except Failed as err:
        result = Result(name, "failed", elapsed=time.monotonic() - started, reason=str(err), log=log)
    except Exception as err:  # keep the other scenes going
        result = Result(name, "failed", elapsed=time.monotonic() - started, reason=repr(err), log=log)
    else:
        stamp = {"digest": digest, "quality": quality, "slides": len(slides), "seconds": round(seconds, 3)}
        stamp["animations"] = watch.played or None
        write_atomically(work / STAMP, json.dumps(stamp, indent=1))
        result = Result(name, "ok", seconds, [config], time.monotonic() - started, log=log)
    if progress:
        progress.end(result)
    return result


def deck_links(html: Path) -> list[str]:
    """Every file or URL the deck's HTML links (scripts, styles, background videos and images)."""
    from bs4 import BeautifulSoup  # manim-slides' own dependency

    soup = BeautifulSoup(html.read_text(), "html.parser")
    return [tag[a] for tag in soup.find_all(True) for a in LINK_ATTRIBUTES if tag.has_attr(a)]


def copy_reveal(html: Path, package: Path, dest: Path) -> None:
    """Copy the reveal.js files that `html` links under `dest` from the npm `package`, with its licence."""
    prefix = dest.relative_to(html.parent).as_posix() + "/"
    for link in deck_links(html):
        if link.startswith(prefix):
            target = dest / link[len(prefix) :]
            target.parent.mkdir(parents=True, exist_ok=True)
            source = package / link[len(prefix) :]
            if source.is_file():  # a missing one is reported by offline_problems
                shutil.copy2(source, target)
    shutil.copy2(package / "LICENSE", dest / "LICENSE")


def offline_problems(html: Path) -> list[str]:
    """Links of the deck that are remote or point at a missing file (an offline deck has none)."""
    problems = []
    for link in deck_links(html):
        if link.startswith(("data:", "#")):
            continue
        if re.match(r"^[a-z][a-z0-9+.-]*:|^//", link, re.IGNORECASE):
            problems.append(f"remote link {link}")
        elif not (html.parent / link.split("#")[0].split("?")[0]).is_file():
            problems.append(f"missing file {link}")
    return problems


def build_decks(entries: Sequence[Entry], media_dir: Path, talk: Talk, quality: str, *, force=False) -> Deck:
    """Convert the rendered slides of `entries` into `media_dir`/slides/{talk.html, talk_assets/, talk.pptx}.

    Everything is built in a fresh folder and swapped in whole at the end: a failure leaves the last deck.
    """
    media_dir = Path(media_dir).resolve()
    works = [media_dir / ".work" / "slides" / e.name for e in entries]
    stamps = [read_stamp(w) for w in works]
    if any(s.get("quality") != quality for s in stamps):
        return Deck("skipped", reason=f"needs every scene's slides at quality {quality}")
    final = media_dir / "slides"
    outputs = [final / f"{DECK}.html", final / f"{DECK}.pptx"]
    html_options = {**HTML_OPTIONS, "background_color": talk.theme.background, "title": talk.title}
    scenes = [(e.name, s["digest"]) for e, s in zip(entries, stamps, strict=True)]
    key = (REVEAL_VERSION, version("manim-slides"), html_options, scenes, talk.language, talk.voice)
    digest = hashlib.sha256(repr(key).encode()).hexdigest()
    if not force and read_stamp(final).get("digest") == digest and all(p.is_file() for p in outputs):
        return Deck("cached", outputs)
    try:
        reveal = fetch_reveal()
        build = media_dir / ".work" / "slides" / "deck"
        shutil.rmtree(build, ignore_errors=True)
        folder = build / "slides"  # a manim-slides folder: its JSON names files as slides/files/<Scene>/...
        (folder / "files").mkdir(parents=True)
        for entry, work in zip(entries, works, strict=True):
            shutil.copy2(work / "slides" / f"{entry.name}.json", folder)
            shutil.copytree(
                work / "slides" / "files" / entry.name, folder / "files" / entry.name, copy_function=_link
            )
        log = build / "convert.log"
        names = [e.name for e in entries]
        html = folder / f"{DECK}.html"
        options = [f"-c{k}={v}" for k, v in html_options.items()]
        # manim-slides' convert, offline, PPTX posters at each slide's last frame (lecture_scenes/convert.py)
        convert = [sys.executable, "-m", "lecture_scenes.convert", "--folder", folder, *names]
        run_logged([*convert, html, "--to", "html", *options], log)
        copy_reveal(html, reveal.parent, folder / f"{DECK}_assets" / "reveal.js")
        with_language(html, talk.language)
        if talk.narrated:  # manim-slides mutes the first slide's video (for autoplay): a narrated one speaks
            html.write_text(html.read_text(encoding="utf-8").replace("data-background-video-muted", ""))
        if problems := offline_problems(html):
            raise Failed(f"{html.name} is not self-contained: {'; '.join(problems[:3])}")
        run_logged([*convert, folder / f"{DECK}.pptx", "--to", "pptx"], log)  # 1280x720: PowerPoint's 16:9
        write_atomically(folder / STAMP, json.dumps({"digest": digest, "scenes": names}))
        # Swap the finished folder in: the old one is removed only once the new one is in place.
        old = build / "previous"
        if final.exists():
            os.replace(final, old)
        os.replace(folder, final)
        shutil.rmtree(old, ignore_errors=True)
    except Failed as err:
        return Deck("failed", reason=str(err))
    return Deck("ok", outputs)


def with_language(html: Path, language: str) -> None:
    """The deck's page says the talk's language (manim-slides writes a bare <html>): screen readers,
    hyphenation and the browser's choice of CJK glyphs follow it."""
    text = html.read_text(encoding="utf-8")
    html.write_text(text.replace("<html>", f'<html lang="{language}">', 1), encoding="utf-8")


def _link(src: str, dst: str) -> None:
    """Hard-link instead of copying the slide videos (same file system); copy where that fails."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def check(deck: Deck, media_dir: Path) -> None:
    """Step through the HTML deck in headless Chromium when it is installed; the verdict into `deck`."""
    from lecture_scenes.deckcheck import DeckError, check_deck, find_chromium

    if find_chromium() is None:
        deck.check = "skipped: chromium is not installed (`make test` installs it)"
        return
    shots = Path(media_dir).resolve() / "slides_check"
    shutil.rmtree(shots, ignore_errors=True)
    try:
        report = check_deck(deck.files[0], shots)
    except DeckError as err:
        deck.check, deck.status = f"failed: {err}", "failed"
        return
    deck.screenshots = report.screenshots
    deck.check = report.summary()
    if not report.ok:
        deck.status = "failed"
        deck.reason = "offline check: " + "; ".join(report.problems[:3])


@exits_on_interrupt("slides")
def main(argv: list[str] | None = None, talk: Talk | None = None) -> int:
    parser = command.arguments("python -m lecture_scenes.slides", __doc__.split("\n")[0], voice=True)
    parser.add_argument("--no-check", action="store_true", help="do not open the deck in headless Chromium")
    try:
        req = command.start(parser, argv, talk)
    except BadInput as err:
        return command.refuse("slides", err)
    if not req.entries:
        print("slides: the catalogue holds no scenes; nothing to build.")
        return 0
    entries, media_dir, quality = req.entries, req.media_dir.resolve(), req.quality
    print(
        f"slides: {len(entries)} scene(s) at quality {quality} ({QUALITIES[quality]}), {req.jobs} at a time"
    )
    started = time.monotonic()
    with Progress(len(entries)) as progress, ThreadPoolExecutor(max_workers=req.jobs) as pool:
        futures = [
            pool.submit(
                render_slides_one, e, media_dir, req.talk, quality, force=req.force, progress=progress
            )
            for e in entries
        ]
        results = [f.result() for f in futures]
    failed = [r for r in results if not r.ok]
    if failed:
        deck = Deck("skipped", reason="a scene failed; the last deck stays")
    else:
        deck = build_decks(entries, media_dir, req.talk, quality, force=req.force)
        if deck.status in ("ok", "cached") and not req.args.no_check:
            check(deck, media_dir)
    print()
    rows = [("scene", "status", "slides", "length", "took")]
    for r in results:
        count = read_stamp(media_dir / ".work" / "slides" / r.name).get("slides", "-") if r.ok else "-"
        rows.append((r.name, r.status, str(count), length(r), took(r)))
    print("\n".join(aligned(rows, right={2, 3, 4})))
    print(f"\nslides: deck {deck.status}" + (f" ({deck.reason})" if deck.reason else ""))
    for path in deck.files:
        if path.is_file():
            print(f"  {shown(path)}  {human_size(disk_size(path))}")
    if deck.files and (assets := deck.files[0].parent / f"{DECK}_assets").is_dir():
        print(f"  {shown(assets)}/  {human_size(disk_size(assets))} (videos and reveal.js)")
    if deck.check:
        print(f"slides: offline check in headless Chromium: {deck.check}")
    if deck.screenshots:
        print(f"slides: screenshots in {shown(deck.screenshots[0].parent)}/")
    print(f"slides: {time.monotonic() - started:.1f} s")
    for r in failed:
        print(f"slides: FAILED {r.name}: {r.reason} (log: {shown(r.log)})", file=sys.stderr)
    if deck.status == "failed":
        print(f"slides: the deck failed: {deck.reason or deck.check}", file=sys.stderr)
    return 1 if failed or deck.status == "failed" else 0


if __name__ == "__main__":
    sys.exit(main())
