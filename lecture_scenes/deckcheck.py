"""Open an HTML slide deck in headless Chromium, offline, step through every slide and check its video.

    python -m lecture_scenes.deckcheck media/slides/talk.html [--screenshots DIR]

Playwright drives Debian's ``chromium`` (its own browser downloads are never used). Every host name
resolves to nothing, so a deck that needs the internet fails here, as it would in a lecture hall.

For each slide (advanced with ``Reveal.next()``, as a presenter would) the background video must load
(``readyState >= 2``, a decoded frame, no media error); the page must raise no JavaScript error, log no
console error and request nothing but files in the deck's folder. A screenshot of every slide is saved.

A deck with speaker notes must have one on every slide, and the presenter must see it: reveal.js's notes
plugin must load, and its speaker view (the S key, a window of its own) must open and show, slide after
slide, the note of the slide on screen.
Chromium is closed on every path, a timeout included: leaving Playwright's session ends it and its helpers.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

# Playwright adds --headless, --remote-debugging-pipe and a throw-away --user-data-dir itself.
CHROMIUM_FLAGS = [
    "--no-sandbox",  # the tests run as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--mute-audio",
    "--hide-scrollbars",
    "--autoplay-policy=no-user-gesture-required",
    # Offline, whatever the machine can reach: a deck that links a CDN fails instead of loading it.
    "--host-resolver-rules=MAP * ~NOTFOUND",
]

# Waits for reveal.js, then reports the current slide's background video once it has a frame (or an error).
SLIDE_STATE_JS = r"""
async (timeoutMs) => {
  const wait = ms => new Promise(r => setTimeout(r, ms));
  for (let i = 0; i < 200 && !(window.Reveal && Reveal.isReady && Reveal.isReady()); i++) await wait(50);
  if (!(window.Reveal && Reveal.isReady && Reveal.isReady())) return {error: "reveal.js did not start"};
  const slide = Reveal.getCurrentSlide();
  let video = null;
  const t0 = performance.now();
  while (performance.now() - t0 < timeoutMs) {
    const bg = slide.slideBackgroundContentElement;
    video = bg ? bg.querySelector("video") : null;
    // A missing file shows as networkState NO_SOURCE when the video has <source> children (reveal's way).
    if (video && (video.error || video.networkState === 3)) break;
    if (video && video.readyState >= 2 && video.videoWidth > 0) break;
    await wait(50);
  }
  const notes = document.createElement("div");
  notes.innerHTML = (Reveal.getSlideNotes ? Reveal.getSlideNotes(slide) : "") || "";
  return {
    index: Reveal.getIndices().h, total: Reveal.getTotalSlides(), last: Reveal.isLastSlide(),
    notes: notes.textContent.replace(/\s+/g, " ").trim(),
    expects_video: slide.hasAttribute("data-background-video"),
    src: video ? video.currentSrc : null,
    ready: video ? video.readyState : -1, width: video ? video.videoWidth : 0,
    duration: video ? video.duration : 0,
    error: !video ? null : video.error ? `media error ${video.error.code} ${video.error.message}`
      : video.networkState === 3 ? "no playable source" : null,
  };
}
"""


# Whether the deck has speaker notes, and whether reveal.js's notes plugin (the speaker view) is running.
NOTES_JS = """
() => ({
  has_notes: document.querySelector(".slides aside.notes, .slides [data-notes]") !== null,
  plugin: !!(window.Reveal && Reveal.hasPlugin && Reveal.hasPlugin("notes")),
})
"""
# The note the speaker view shows, once it shows `expected` (or whatever it shows after `timeoutMs`).
SPEAKER_NOTES_JS = r"""
async ([expected, timeoutMs]) => {
  const read = () => {
    const el = document.querySelector(".speaker-controls-notes .value");
    return el ? el.textContent.replace(/\s+/g, " ").trim() : null;
  };
  const t0 = performance.now();
  while (read() !== expected && performance.now() - t0 < timeoutMs) await new Promise(r => setTimeout(r, 50));
  return read();
}
"""


class DeckError(RuntimeError):
    """The deck could not be checked at all (no Chromium, it died, a timeout)."""


@dataclass
class DeckReport:
    """What the check saw: one dict per slide, page errors, non-local requests, screenshot files."""

    slides: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    screenshots: list[Path] = field(default_factory=list)
    has_notes: bool = False
    notes_plugin: bool = False
    speaker_view: bool = False  # the speaker view opened

    @property
    def problems(self) -> list[str]:
        out = list(self.errors)
        if self.has_notes:
            if not self.notes_plugin:
                out.append("the deck has speaker notes, but reveal.js's notes plugin did not load")
            elif not self.speaker_view:
                out.append("the speaker view (S) did not open")
            for s in self.slides:
                if not s.get("notes"):
                    out.append(f"slide {s.get('index')}: no speaker note")
                elif self.speaker_view and s.get("speaker_notes") != s.get("notes"):
                    out.append(f"slide {s.get('index')}: the speaker view shows {s.get('speaker_notes')!r}")
        out += [f"request outside the deck's folder: {url}" for url in self.requests]
        for s in self.slides:
            if s.get("error") or (s.get("expects_video") and (s.get("ready", -1) < 2 or not s.get("width"))):
                out.append(f"slide {s.get('index')}: video {s.get('src')} did not load ({s.get('error')})")
        if not self.slides:
            out.append("no slide was shown")
        return out

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        videos = sum(1 for s in self.slides if s.get("ready", -1) >= 2 and s.get("width"))
        noted = sum(1 for s in self.slides if s.get("notes"))
        shown = sum(1 for s in self.slides if s.get("notes") and s.get("speaker_notes") == s.get("notes"))
        notes = f", {noted} speaker notes ({shown} in the speaker view)" if self.has_notes else ""
        return (
            f"{len(self.slides)} slides, {videos} videos loaded{notes}, {len(self.errors)} page errors, "
            f"{len(self.requests)} outside requests"
        )


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    return None


def check_deck(
    html: Path,
    screenshots: Path | None = None,
    *,
    size: tuple[int, int] = (1280, 720),
    video_timeout: float = 10.0,
    chromium: str | None = None,
    timeout: float = 60.0,
) -> DeckReport:
    """Step through the deck at `html` in headless Chromium; a DeckReport (see its ``problems``).

    `timeout` bounds every single step (start, load, one slide, a screenshot): past it, DeckError.
    """
    chromium = chromium or find_chromium()
    if chromium is None:
        raise DeckError("chromium is not installed (apt-get install chromium; `make test` installs it)")
    try:
        from playwright.async_api import Error
    except ImportError:
        raise DeckError("playwright is not installed (pip install playwright)") from None
    try:
        return asyncio.run(_check(Path(html).resolve(), screenshots, size, video_timeout, chromium, timeout))
    except Error as err:  # Playwright's own, e.g. Chromium would not start or died
        raise DeckError(f"Chromium: {err.message.splitlines()[0]}") from None


async def _check(
    html: Path,
    screenshots: Path | None,
    size: tuple[int, int],
    video_timeout: float,
    chromium: str,
    timeout: float,
) -> DeckReport:
    from playwright.async_api import Error, async_playwright

    report = DeckReport()

    async def within_timeout(step):
        # Playwright has no timeout of its own for evaluate(): a page stuck in a loop would hang us.
        try:
            return await asyncio.wait_for(step, timeout)
        except TimeoutError:
            raise DeckError(f"Chromium did not answer within {timeout:.0f} s") from None

    # Leaving this block stops Playwright's driver, which kills any browser still running.
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium,
            args=[*CHROMIUM_FLAGS, f"--window-size={size[0]},{size[1]}"],
            timeout=timeout * 1000,
        )
        try:
            context = await browser.new_context(
                viewport={"width": size[0], "height": size[1]}, device_scale_factor=1
            )
            context.set_default_timeout(timeout * 1000)
            _listen(context, report, str(html.parent))
            page = await context.new_page()
            await page.goto(html.as_uri())  # returns once the load event fired
            if screenshots:
                screenshots.mkdir(parents=True, exist_ok=True)
            speaker = await _speaker_view(page, context, report, within_timeout)
            for _ in range(1000):
                try:
                    state = await within_timeout(page.evaluate(SLIDE_STATE_JS, video_timeout * 1000))
                except Error as err:
                    report.errors.append(f"check script: {err.message.splitlines()[0]}")
                    break
                if "index" not in state:
                    report.errors.append(state.get("error", "reveal.js did not report a slide"))
                    break
                if screenshots:
                    path = screenshots / f"slide-{state['index']:03d}.png"
                    await page.screenshot(path=path)
                    report.screenshots.append(path)
                if speaker is not None:
                    state["speaker_notes"] = await within_timeout(
                        speaker.evaluate(SPEAKER_NOTES_JS, [state["notes"], 5000])
                    )
                report.slides.append(state)
                if state["last"]:
                    break
                await within_timeout(page.evaluate("Reveal.next()"))
        finally:
            # Ask politely first; a browser that does not answer is killed when the driver stops.
            try:
                await asyncio.wait_for(browser.close(), 10)
            except (TimeoutError, Error):
                pass
    return report


async def _speaker_view(page, context, report: DeckReport, within_timeout):
    """Open reveal.js's speaker view (the S key) when the deck has notes; its page, or None."""
    from playwright.async_api import Error

    try:
        await within_timeout(page.wait_for_function("window.Reveal && Reveal.isReady && Reveal.isReady()"))
        found = await within_timeout(page.evaluate(NOTES_JS))
    except Error as err:
        report.errors.append(f"check script: {err.message.splitlines()[0]}")
        return None
    report.has_notes, report.notes_plugin = found["has_notes"], found["plugin"]
    if not (report.has_notes and report.notes_plugin):
        return None
    try:
        async with context.expect_page(timeout=10_000) as opened:
            await page.keyboard.press("s")
        speaker = await opened.value
        await speaker.wait_for_selector(".speaker-controls-notes", timeout=10_000)
    except Error:
        return None
    report.speaker_view = True
    return speaker


def _listen(context, report: DeckReport, deck_dir: str) -> None:
    """Record, as they happen, the page's errors and every request that is not a file of the deck."""

    def on_request(request) -> None:
        url = request.url
        local = url.startswith(("data:", "about:"))
        if url.startswith("file://"):
            local = Path(unquote(urlparse(url).path)).is_relative_to(deck_dir)
        if not local:
            report.requests.append(url)

    def on_failed(request) -> None:
        # ERR_ABORTED is a load the page itself cancelled (a video seeking, say), not a missing file.
        if request.failure != "net::ERR_ABORTED":
            report.errors.append(f"failed to load {request.url}: {request.failure}")

    def on_console(message) -> None:
        # Chromium's own log errors come here too ("Failed to load resource", CSP, ...): say where.
        if message.type in ("error", "assert"):
            report.errors.append(f"console error: {message.text} ({message.location.get('url')})")

    context.on("request", on_request)
    context.on("page", lambda page: page.on("websocket", lambda ws: report.requests.append(ws.url)))
    context.on("requestfailed", on_failed)
    context.on("console", on_console)
    context.on("weberror", lambda err: report.errors.append(f"JavaScript error: {err.error.stack}"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m lecture_scenes.deckcheck", description=__doc__.split("\n")[0]
    )
    parser.add_argument("html", type=Path)
    parser.add_argument("--screenshots", type=Path, default=None, help="folder for one PNG per slide")
    args = parser.parse_args(argv)
    if not args.html.is_file():
        print(f"deckcheck: html must be an existing file; got {str(args.html)!r}", file=sys.stderr)
        return 2
    try:
        report = check_deck(args.html, args.screenshots)
    except DeckError as err:
        print(f"deckcheck: {err}", file=sys.stderr)
        return 1
    print(f"deckcheck: {report.summary()}")
    for problem in report.problems:
        print(f"deckcheck: {problem}", file=sys.stderr)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
