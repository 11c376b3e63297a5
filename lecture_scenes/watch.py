"""The preview's watch: a warm parent, a forked child per render, a page on localhost that reloads.

One process keeps Manim, the kit and mathcore imported and redraws whenever a file the scene depends on (its
module and every module of this repository it imports), the talk file or manim.cfg changes. Each redraw
runs in a forked child, so nothing of one render leaks into the next; a save during a redraw stops it and
starts the next. A small page on localhost shows the newest picture and reloads itself when a new one
lands. An error in the edited code prints one line and the traceback of this repository's code only; the
last good picture stays, and the watch goes on. Ctrl-C stops the child and the page, and leaves no
half-written file.
"""

from __future__ import annotations

import http.server
import importlib
import json
import logging
import os
import signal
import sys
import threading
import time
import traceback
import webbrowser
from pathlib import Path

import watchfiles
from manim import config

from lecture_scenes.catalogue import ROOT
from lecture_scenes.still import PROJECT_PACKAGES, Request, run_once, scene_class
from scenes.kit import patches
from scenes.kit import talk as talks
from scenes.kit.patches import output, skipping
from scenes.kit.talkfile import TalkError

KEPT = ("scenes.kit.patches",)  # installed into Manim's classes once: never imported twice in a process


def _all_project_files() -> set[Path]:
    return {p for pkg in PROJECT_PACKAGES for p in (ROOT / pkg).rglob("*.py")}


def preload(req: Request) -> dict[Path, int]:
    """Import what every render needs (Manim, the kit, mathcore) once; the versions of the files they were
    read from, so a child knows when to import them afresh."""
    for name in PRELOAD:
        importlib.import_module(name)
    patches.install()
    return _versions(req)


# What the parent imports before it forks: Manim and every module of the kit and mathcore a scene uses.
PRELOAD = (
    "manim",
    "mathcore.compression",
    "mathcore.decay",
    "mathcore.kl",
    "mathcore.presets",
    "mathcore.schedules",
    "scenes.kit.bars",
    "scenes.kit.base",
    "scenes.kit.paper",
    "scenes.kit.plots",
    "scenes.kit.style",
    "scenes.kit.text",
    "scenes.kit.widgets",
    "scenes.kit.patches.skipping",
)


def warm_up(req: Request) -> None:
    """Draw the scene once in this process, writing nothing, so that the children forked from it find the
    typeset outlines of its labels and formulas in memory (caches keyed on the text itself, right whatever
    the next edit changes). The modules of this repository imported on the way are forgotten again: a child
    always imports the scene as it is on disk."""
    before = set(sys.modules)
    try:
        config.update({**output.keys(), "disable_caching": True, "verbosity": "ERROR"})
        config.media_dir = str(req.media / ".work" / "preview" / req.name / "media")
        with talks.using(req.talk):
            skipping.run(scene_class(req)(skip_animations=True), beat=req.beat, at=req.at)
    except (Exception, SystemExit):  # the first child says what is wrong, in one line
        pass
    finally:
        for name in set(sys.modules) - before:
            if name.split(".")[0] in PROJECT_PACKAGES or name.startswith("_preview_"):
                del sys.modules[name]


def _versions(req: Request) -> dict[Path, int]:
    """The file versions of the project modules imported in this process, and of the talk file."""
    files = {Path(req.talk.path).resolve()}
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] in PROJECT_PACKAGES and getattr(module, "__file__", None):
            files.add(Path(module.__file__).resolve())
    return {p: p.stat().st_mtime_ns for p in files if p.exists()}


def _fresh(req: Request, loaded: dict[Path, int]) -> Request:
    """In a child: forget the project's modules when any file the parent imported them from changed since,
    so this render imports what is on disk now, and load the talk again when its file changed. The scene's
    own module is never imported by the parent: editing it (the usual case) costs no re-import of the kit."""
    changed = {p for p, v in loaded.items() if not p.exists() or p.stat().st_mtime_ns != v}
    talk_file = Path(req.talk.path).resolve()
    if talk_file in changed:
        req = req.reloaded()
    if not changed - {talk_file}:
        return req
    for name in list(sys.modules):
        if name.split(".")[0] in PROJECT_PACKAGES and not name.startswith(KEPT):
            del sys.modules[name]
    return req


class Page:
    """The newest preview for a browser: ``/`` a page that polls ``/state`` and reloads ``/file``."""

    HTML = """<!doctype html><meta charset="utf-8"><title>preview: {name}</title>
<style>body{{margin:0;background:#111;color:#ddd;font:14px system-ui,sans-serif}}
#msg{{padding:6px 10px;white-space:pre-wrap}} .err{{background:#5a1d1d}}
img,video{{display:block;margin:auto;max-width:100vw;max-height:calc(100vh - 40px)}}</style>
<div id="msg">waiting for the first render</div><div id="view"></div>
<script>
let shown = -1;
async function poll() {{
  try {{
    const s = await (await fetch("/state", {{cache: "no-store"}})).json();
    const msg = document.getElementById("msg");
    msg.textContent = s.message; msg.className = s.ok ? "" : "err";
    if (s.version !== shown && s.version > 0) {{
      shown = s.version;
      const url = "/file?v=" + s.version;
      document.getElementById("view").innerHTML = s.kind === "mp4"
        ? `<video src="${{url}}" autoplay loop muted controls></video>`
        : `<img src="${{url}}" alt="preview">`;
    }}
  }} catch (e) {{ document.getElementById("msg").textContent = "the preview has stopped"; }}
  setTimeout(poll, 300);
}}
poll();
</script>"""

    def __init__(self, req: Request, port: int = 0):
        self.req, self.version, self.message, self.ok = req, 0, "waiting for the first render", True
        self.lock = threading.Lock()
        page = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the standard library's name)
                path = self.path.split("?")[0]
                if path == "/":
                    body, kind = Page.HTML.format(name=page.req.name).encode(), "text/html; charset=utf-8"
                elif path == "/state":
                    with page.lock:
                        state = {"version": page.version, "message": page.message, "ok": page.ok}
                    state["kind"] = page.req.output.suffix[1:]
                    body, kind = json.dumps(state).encode(), "application/json"
                elif path == "/file" and page.req.output.is_file():
                    body = page.req.output.read_bytes()
                    kind = "video/mp4" if page.req.clip else "image/png"
                else:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Cache-Control", "no-store")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):  # one line per render is what the terminal shows
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def landed(self, ok: bool, message: str) -> None:
        with self.lock:
            self.ok, self.message = ok, message
            if ok:
                self.version += 1

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Child:
    """One render in a forked child; its line comes back through a pipe."""

    def __init__(self, req: Request, loaded: dict[Path, int]):
        read, write = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        self.started = time.monotonic()
        self.pid = os.fork()
        if self.pid == 0:  # the child: render, report, leave without the parent's clean-up
            os.close(read)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            code = 1
            try:
                out, err_out = _Tee(write, sys.stdout), _Tee(write, sys.stderr)
                try:
                    mine = _fresh(req, loaded)
                except TalkError as err:
                    print(f"preview: {req.name} failed: {err}", file=out, flush=True)
                    code = 1
                else:
                    code = run_once(mine, out=out, err_out=err_out)
            except BaseException:
                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        os.close(write)
        self.read = read
        self._lock = threading.Lock()
        self._result: tuple[int, str] | None = None

    def wait(self) -> tuple[int, str]:
        """The child's exit code (negative: killed by that signal) and its line, once it has ended."""
        with self._lock:
            if self._result is None:
                _, status = os.waitpid(self.pid, 0)
                with os.fdopen(self.read) as pipe:
                    lines = pipe.read().strip().splitlines()
                self._result = os.waitstatus_to_exitcode(status), (lines[0] if lines else "")
            return self._result

    def stop(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.wait()


class _Tee:
    """A stream that also sends the child's first line to the parent."""

    def __init__(self, fd: int, stream):
        self.fd, self.stream, self.sent = fd, stream, False

    def write(self, text: str) -> int:
        self.stream.write(text)
        if not self.sent and text.strip():
            os.write(self.fd, text.encode())
            self.sent = True
        return len(text)

    def flush(self) -> None:
        self.stream.flush()


def watch(req: Request, port: int = 0, open_page: bool = False) -> int:
    logging.getLogger("watchfiles").setLevel(logging.WARNING)  # a line per render is what the terminal shows
    preload(req)
    warm_up(req)
    loaded = _versions(req)
    page = Page(req, port)
    hint = "" if open_page else " (--open opens it in your browser)"
    print(
        f"preview: watching {req.name}; the newest picture is at {page.url}{hint}; Ctrl-C stops", flush=True
    )
    if open_page:
        webbrowser.open(page.url)
    child: Child | None = None
    stop = threading.Event()
    done = threading.Lock()

    def start() -> None:
        nonlocal child
        if child is not None:
            child.stop()
        for old in req.output.parent.glob(f".{req.output.name}.*.tmp"):  # a stopped child's half file
            old.unlink(missing_ok=True)
        child = Child(req, loaded)
        me = child

        def report() -> None:
            code, line = me.wait()
            with done:
                if child is me and code >= 0:
                    page.landed(code == 0, line or f"{req.name} failed (exit {code})")
                    if code:
                        print("preview: the last good picture stays; save again to redraw", flush=True)

        threading.Thread(target=report, daemon=True).start()

    try:
        dirs = sorted({p.parent for p in req.sources() | _all_project_files()})
        watching = watchfiles.watch(
            *dirs,
            recursive=False,
            debounce=30,
            step=20,
            stop_event=stop,
            yield_on_timeout=True,
            rust_timeout=200,
        )
        for changes in watching:  # the first yield comes once the watcher is set up: no save is missed
            if child is None:
                start()
            elif changes and any(Path(path).resolve() in req.sources() for _, path in changes):
                start()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        if child is not None:
            child.stop()
        for old in req.output.parent.glob(f".{req.output.name}.*.tmp"):
            old.unlink(missing_ok=True)
        page.close()
    print("preview: interrupted", file=sys.stderr, flush=True)
    return 130
