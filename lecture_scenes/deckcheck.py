"""Open an HTML slide deck in headless Chromium, offline, step through every slide and check its video.

    python -m lecture_scenes.deckcheck media/slides/talk.html [--screenshots DIR]

Chromium (Debian's ``chromium``) is driven over the DevTools protocol on ``--remote-debugging-pipe``: JSON
messages ended by a NUL byte on file descriptors 3 (to Chromium) and 4 (from it), so no WebDriver and no
extra package. Every host name resolves to nothing, so a deck that needs the internet fails here.

For each slide (advanced with ``Reveal.next()``, as a presenter would) the background video must load
(``readyState >= 2``, a decoded frame, no media error); the page must raise no JavaScript error, log no
console error and request nothing but local files. A screenshot of every slide is saved.
"""

from __future__ import annotations

import argparse
import base64
import fcntl
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
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
    "--remote-debugging-pipe",
]

# Waits for reveal.js, then reports the current slide's background video once it has a frame (or an error).
SLIDE_STATE_JS = """
(async () => {
  const wait = ms => new Promise(r => setTimeout(r, ms));
  for (let i = 0; i < 200 && !(window.Reveal && Reveal.isReady && Reveal.isReady()); i++) await wait(50);
  if (!(window.Reveal && Reveal.isReady && Reveal.isReady())) return {error: "reveal.js did not start"};
  const slide = Reveal.getCurrentSlide();
  let video = null;
  const t0 = performance.now();
  while (performance.now() - t0 < %(timeout_ms)d) {
    const bg = slide.slideBackgroundContentElement;
    video = bg ? bg.querySelector("video") : null;
    // A missing file shows as networkState NO_SOURCE when the video has <source> children (reveal's way).
    if (video && (video.error || video.networkState === 3)) break;
    if (video && video.readyState >= 2 && video.videoWidth > 0) break;
    await wait(50);
  }
  return {
    index: Reveal.getIndices().h, total: Reveal.getTotalSlides(), last: Reveal.isLastSlide(),
    expects_video: slide.hasAttribute("data-background-video"),
    src: video ? video.currentSrc : null,
    ready: video ? video.readyState : -1, width: video ? video.videoWidth : 0,
    duration: video ? video.duration : 0,
    error: !video ? null : video.error ? `media error ${video.error.code} ${video.error.message}`
      : video.networkState === 3 ? "no playable source" : null,
  };
})()
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

    @property
    def problems(self) -> list[str]:
        out = list(self.errors)
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
        return (
            f"{len(self.slides)} slides, {videos} videos loaded, {len(self.errors)} page errors, "
            f"{len(self.requests)} outside requests"
        )


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    return None


class _Pipe:
    """A DevTools session over Chromium's debugging pipe."""

    def __init__(self, proc: subprocess.Popen, to_browser: int, from_browser: int, timeout: float):
        self.proc, self.out, self.inp, self.timeout = proc, to_browser, from_browser, timeout
        self.next_id, self.buffer, self.events = 0, b"", []
        self.session: str | None = None

    def send(self, method: str, params: dict | None = None, *, session: bool = True) -> dict:
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self.out, json.dumps(msg).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise DeckError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_event(self, method: str) -> dict:
        for i, event in enumerate(self.events):
            if event.get("method") == method:
                return self.events.pop(i)
        while True:
            event = self._read()
            if event.get("method") == method:
                return event
            self.events.append(event)

    def _read(self) -> dict:
        deadline = time.monotonic() + self.timeout
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self.inp], [], [], max(left, 0))
            if not ready:
                raise DeckError(f"Chromium did not answer within {self.timeout:.0f} s")
            chunk = os.read(self.inp, 1 << 20)
            if not chunk:
                raise DeckError(f"Chromium exited (code {self.proc.poll()})")
            self.buffer += chunk
        raw, _, self.buffer = self.buffer.partition(b"\0")
        return json.loads(raw)


def check_deck(
    html: Path,
    screenshots: Path | None = None,
    *,
    size: tuple[int, int] = (1280, 720),
    video_timeout: float = 10.0,
    chromium: str | None = None,
) -> DeckReport:
    """Step through the deck at `html` in headless Chromium; a DeckReport (see its ``problems``)."""
    html = Path(html).resolve()
    chromium = chromium or find_chromium()
    if chromium is None:
        raise DeckError("chromium is not installed (apt-get install chromium; `make test` installs it)")
    deck_dir = str(html.parent)
    report = DeckReport()
    # Chromium's helper processes may still write to the profile while it exits: never fail on cleanup.
    with tempfile.TemporaryDirectory(prefix="deckcheck-", ignore_cleanup_errors=True) as profile:
        to_r, to_w = os.pipe()  # we write, Chromium reads on fd 3
        from_r, from_w = os.pipe()  # Chromium writes on fd 4, we read
        # Chromium's ends, moved above fd 10 (close-on-exec) so that placing them on 3 and 4 clobbers nothing.
        child_r = fcntl.fcntl(to_r, fcntl.F_DUPFD_CLOEXEC, 10)
        child_w = fcntl.fcntl(from_w, fcntl.F_DUPFD_CLOEXEC, 10)
        for fd in (to_r, from_w):
            os.close(fd)

        def wire_fds() -> None:  # in the child, before exec: dup2 leaves 3 and 4 open across exec
            os.setsid()  # its own process group: Chromium and all its helpers end together below
            os.dup2(child_r, 3)
            os.dup2(child_w, 4)

        flags = [*CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={size[0]},{size[1]}"]
        proc = subprocess.Popen(
            [chromium, *flags, "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,  # Python's own descriptors are close-on-exec; 3 and 4 must stay
            preexec_fn=wire_fds,
        )
        os.close(child_r)
        os.close(child_w)
        cdp = _Pipe(proc, to_w, from_r, timeout=60.0)
        try:
            target = cdp.send("Target.createTarget", {"url": "about:blank"})["targetId"]
            cdp.session = cdp.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
                "sessionId"
            ]
            for domain in ("Page", "Runtime", "Log", "Network"):
                cdp.send(f"{domain}.enable")
            cdp.send(
                "Emulation.setDeviceMetricsOverride",
                {"width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": False},
            )
            cdp.send("Page.navigate", {"url": html.as_uri()})
            cdp.wait_event("Page.loadEventFired")
            if screenshots:
                screenshots.mkdir(parents=True, exist_ok=True)
            js = SLIDE_STATE_JS % {"timeout_ms": int(video_timeout * 1000)}
            for _ in range(1000):
                state = cdp.send(
                    "Runtime.evaluate", {"expression": js, "awaitPromise": True, "returnByValue": True}
                )
                if "exceptionDetails" in state:
                    report.errors.append(f"check script: {state['exceptionDetails'].get('text')}")
                    break
                value = state["result"].get("value") or {}
                if "index" not in value:
                    report.errors.append(value.get("error", "reveal.js did not report a slide"))
                    break
                if screenshots:
                    shot = cdp.send("Page.captureScreenshot", {"format": "png"})
                    path = screenshots / f"slide-{value['index']:03d}.png"
                    path.write_bytes(base64.b64decode(shot["data"]))
                    report.screenshots.append(path)
                report.slides.append(value)
                if value["last"]:
                    break
                cdp.send("Runtime.evaluate", {"expression": "Reveal.next()"})
            _collect(cdp.events, report, deck_dir)
        finally:
            _shut_down(proc, cdp)
            os.close(to_w)
            os.close(from_r)
    return report


def _shut_down(proc: subprocess.Popen, cdp: _Pipe) -> None:
    """Close the browser politely, then end whatever is left of its process group (renderers, helpers)."""
    if proc.poll() is None:
        try:
            cdp.timeout = 5.0
            cdp.send("Browser.close", session=False)
        except (DeckError, OSError):
            pass
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # the group Chromium leads (setsid above)
    except (ProcessLookupError, PermissionError):
        pass
    if proc.poll() is None:
        proc.wait()


def _collect(events: list[dict], report: DeckReport, deck_dir: str) -> None:
    urls = {
        e["params"]["requestId"]: e["params"].get("request", {}).get("url", "")
        for e in events
        if e.get("method") == "Network.requestWillBeSent"
    }
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            text = details.get("exception", {}).get("description") or details.get("text")
            report.errors.append(f"JavaScript error: {text}")
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            report.errors.append(
                "console error: " + " ".join(str(a.get("value")) for a in params.get("args", []))
            )
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            entry = params["entry"]
            report.errors.append(f"{entry.get('text')} {entry.get('url', '')}".strip())
        elif method == "Network.loadingFailed" and not params.get("canceled"):
            url = urls.get(params.get("requestId"), "?")
            report.errors.append(f"failed to load {url}: {params.get('errorText')}")
        elif method == "Network.requestWillBeSent":
            url = params.get("request", {}).get("url", "")
            local = url.startswith("data:") or url.startswith("about:")
            if url.startswith("file://"):
                local = _file_path(url).startswith(deck_dir)
            if not local:
                report.requests.append(url)


def _file_path(url: str) -> str:
    from urllib.parse import unquote, urlparse

    return unquote(urlparse(url).path)


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
