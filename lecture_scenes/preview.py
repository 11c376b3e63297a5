"""Edit, save, look: one scene's frame (or clip) at preview quality, redrawn on every save with --watch.

    lecture-scenes preview SCENE [--beat N | --at SECONDS] [--clip] [--watch] [--open]
                                 [--theme dark|light] [--quality l|m|h|k] [--media-dir DIR] [--port P]
    make preview SCENE=KLSweep [BEAT=2 | AT=7.5] [CLIP=1] [WATCH=1]

SCENE is a catalogue name (``lecture-scenes list``) or ``path/to/file.py:SceneClass``. Without --clip it draws
one still: the frame at the end of slide N (``--beat``, slide N of the deck ends at the scene's N-th
``beat()``), at SECONDS into the clip (``--at``), or the last frame; the animations before it are skipped,
never drawn (scenes/kit/patches/skipping.py). With --clip it renders the whole clip. The result goes to
``<media>/preview/<Scene>.png`` (or ``.mp4``; ``<media>/<theme>/preview/`` for a theme other than dark),
written under another name and renamed, so a viewer never sees half a file.

``--watch`` keeps one process with Manim, the kit and mathcore imported and redraws whenever a file the scene
depends on (its module and every module of this repository it imports), the talk file or manim.cfg changes.
Each redraw runs in a forked child, so nothing of one render leaks into the next; a save during a redraw
stops it and starts the next. A small page on localhost shows the newest picture and reloads itself when a
new one lands. An error in the edited code prints one line and the traceback of this repository's code only;
the last good picture stays, and the watch goes on. Ctrl-C stops the child and the page, and leaves no
half-written file.
"""

from __future__ import annotations

import argparse
import http.server
import importlib
import importlib.util
import json
import math
import os
import signal
import sys
import threading
import time
import traceback
import webbrowser
from dataclasses import dataclass, replace
from pathlib import Path

from lecture_scenes import media_dir as media_folder
from lecture_scenes.catalogue import ROOT
from lecture_scenes.options import MEDIA, QUALITIES, BadInput, parse_quality, parse_theme, themed_media

PROJECT_PACKAGES = ("scenes", "mathcore")  # what a child imports afresh when its sources changed
KEPT = ("scenes.kit.patches",)  # installed into Manim's classes once: never imported twice in a process
MANIM_QUALITY = {"l": "low_quality", "m": "medium_quality", "h": "high_quality", "k": "fourk_quality"}


class SceneError(Exception):
    """The scene's own code failed; the message is one line, `trace` the frames of this repository."""

    def __init__(self, line: str, trace: str):
        super().__init__(line)
        self.trace = trace


@dataclass(frozen=True)
class Request:
    """What to preview: the scene (`module` imported by name, or `file` loaded from a path), which frame."""

    name: str
    module: str | None = None
    file: Path | None = None
    beat: int | None = None
    at: float | None = None
    clip: bool = False
    quality: str = "l"
    media: Path = MEDIA

    @property
    def output(self) -> Path:
        return self.media / "preview" / f"{self.name}.{'mp4' if self.clip else 'png'}"

    def sources(self) -> set[Path]:
        """The files whose change redraws the preview: the scene's file and the repository modules it
        imports (transitively), the talk file and manim.cfg."""
        from lecture_scenes.stamps import source_files
        from scenes.kit import talkfile

        files = {ROOT / "manim.cfg", talkfile.talk_path().resolve()}
        return files | set(source_files(self.module, file=self.file))


def _all_project_files() -> set[Path]:
    return {p for pkg in PROJECT_PACKAGES for p in (ROOT / pkg).rglob("*.py")}


def parse_scene(spec: str, catalogue=None) -> Request:
    """A Request for `spec`: a catalogue name, or FILE.py:Class; else BadInput naming what is allowed."""
    file, sep, name = spec.rpartition(":")
    if sep and file.endswith(".py"):
        path = Path(file).resolve()
        if not path.is_file():
            raise BadInput(f"SCENE: no file {file!r} (give a catalogue name or path/to/file.py:SceneClass)")
        if not name.isidentifier():
            raise BadInput(f"SCENE: {name!r} after the colon must be a class name")
        return Request(name=name, file=path)
    from lecture_scenes import catalogue as talk_catalogue
    from scenes.kit import talkfile

    try:
        entries = catalogue if catalogue is not None else talk_catalogue.load()
        entry = talk_catalogue.by_name(spec, tuple(entries))
    except talkfile.TalkError as err:
        raise BadInput(str(err)) from None
    except ValueError as err:
        raise BadInput(f"SCENE: {err} (or path/to/file.py:SceneClass)") from None
    return Request(name=entry.name, module=entry.module)


def parse_beat(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        beat = int(value)
    except ValueError:
        beat = 0
    if beat < 1:
        raise BadInput(f"BEAT (--beat) must be a slide number >= 1; got {value!r}")
    return beat


def parse_at(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        at = float(value)
    except ValueError:
        at = -1.0
    if not (math.isfinite(at) and at >= 0):
        raise BadInput(f"AT (--at) must be a time in seconds >= 0; got {value!r}")
    return at


# --- one render, in this process (a forked child when watching) ---------------------------------------------
def _scene_class(req: Request) -> type:
    if req.module:
        module = importlib.import_module(req.module)
    else:
        spec = importlib.util.spec_from_file_location(f"_preview_{req.name}", req.file)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    try:
        return getattr(module, req.name)
    except AttributeError:
        raise BadInput(f"SCENE: {module.__name__} has no class {req.name!r}") from None


def _write_atomically(path: Path, write) -> None:
    """`write(tmp)` then rename over `path`: a reader sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def render(req: Request) -> str:
    """Draw the still (or clip) `req` asks for into req.output; the one line that says what was drawn.
    BadInput for a beat or time the scene does not have; SceneError when the scene's code fails."""
    from manim import config

    from scenes.kit.patches import output

    config.quality = MANIM_QUALITY[req.quality]
    work = req.media / ".work" / "preview" / req.name
    config.update(
        {
            "media_dir": str(work / "media"),
            **output.keys(movie="mp4" if req.clip else None),
            "disable_caching": not req.clip,  # a clip reuses the partial movies of unchanged animations
            "progress_bar": "none",
            "verbosity": "ERROR",
        }
    )
    try:
        cls = _scene_class(req)
        if req.clip:
            scene = cls()
            scene.render()
            movie = Path(scene.renderer.file_writer.movie_file_path)
            _write_atomically(req.output, lambda tmp: tmp.write_bytes(movie.read_bytes()))
            return f"{req.name}: clip ({scene.renderer.time:.1f} s)"
        from scenes.kit.patches import skipping

        scene = cls(skip_animations=True)
        reached = skipping.run(scene, beat=req.beat, at=req.at)
        picture = skipping.image(scene)
    except BadInput:
        raise
    except (Exception, SystemExit) as err:
        raise SceneError(_one_line(err), _project_trace(err)) from None
    if req.beat is not None and (reached.end and reached.slide < req.beat):
        raise BadInput(
            f"BEAT (--beat) must be from 1 to {reached.slide} ({req.name} has {reached.slide} slides);"
            f" got {req.beat}"
        )
    if req.at is not None and reached.end and req.at > reached.time + 1e-9:
        raise BadInput(
            f"AT (--at) must be from 0 to {reached.time:g} s ({req.name}'s length); got {req.at:g}"
        )
    _write_atomically(req.output, lambda tmp: picture.save(tmp, format="PNG"))
    if reached.end:
        where = f"last frame ({reached.time:.1f} s)"
    elif req.at is not None:
        where = f"frame at {req.at:g} s (slide {reached.slide})"
    else:
        where = f"end of slide {reached.slide} ({reached.time:.1f} s)"
    return f"{req.name}, {where}"


def _one_line(err: BaseException) -> str:
    return "".join(traceback.format_exception_only(type(err), err)).strip().splitlines()[-1]


def _project_trace(err: BaseException) -> str:
    """The traceback's frames in this repository's scenes and mathcore (the user's code), and for a syntax
    error the line it points at."""
    keep = [str(ROOT / pkg) for pkg in PROJECT_PACKAGES]
    frames = [
        f
        for f in traceback.extract_tb(err.__traceback__)
        if any(f.filename.startswith(k) for k in keep) or not f.filename.startswith(str(ROOT))
        if "site-packages" not in f.filename and "/lib/python" not in f.filename and f.filename[0] != "<"
    ]
    lines = traceback.format_list(frames)
    if isinstance(err, SyntaxError):
        lines += traceback.format_exception_only(type(err), err)[:-1]
    return "".join(lines).rstrip()


def run_once(req: Request, out=None, err_out=None) -> int:
    """One render and its line: 0 drawn, 1 the scene failed, 2 a beat or time it does not have."""
    out, err_out = out or sys.stdout, err_out or sys.stderr
    started = time.monotonic()
    try:
        what = render(req)
    except BadInput as err:
        print(f"preview: {err}", file=err_out, flush=True)
        return 2
    except SceneError as err:
        print(
            f"preview: {req.name} failed after {time.monotonic() - started:.1f} s: {err}",
            file=out,
            flush=True,
        )
        if err.trace:
            print(err.trace, file=out, flush=True)
        return 1
    print(
        f"preview: {what} -> {_shown(req.output)} in {time.monotonic() - started:.1f} s", file=out, flush=True
    )
    return 0


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# --- the watch: a warm parent, a forked child per render, a page that reloads ------------------------------
def preload() -> dict[Path, int]:
    """Import what every render needs (Manim, the kit, mathcore) once; the versions of the files they were
    read from, so a child knows when to import them afresh."""
    import manim  # noqa: F401

    import mathcore.compression  # noqa: F401
    import mathcore.decay  # noqa: F401
    import mathcore.kl  # noqa: F401
    import mathcore.presets  # noqa: F401
    import mathcore.schedules  # noqa: F401
    from scenes.kit import bars, base, paper, patches, plots, style, text, widgets  # noqa: F401
    from scenes.kit.patches import skipping  # noqa: F401

    patches.install()
    return _versions()


def warm_up(req: Request) -> None:
    """Draw the scene once in this process, writing nothing, so that the children forked from it find the
    typeset outlines of its labels and formulas in memory (caches keyed on the text itself, right whatever
    the next edit changes). The modules of this repository imported on the way are forgotten again: a child
    always imports the scene as it is on disk."""
    before = set(sys.modules)
    try:
        from manim import config

        from scenes.kit.patches import output, skipping

        config.update({**output.keys(), "disable_caching": True, "verbosity": "ERROR"})
        config.media_dir = str(req.media / ".work" / "preview" / req.name / "media")
        skipping.run(_scene_class(req)(skip_animations=True), beat=req.beat, at=req.at)
    except (Exception, SystemExit):  # the first child says what is wrong, in one line
        pass
    finally:
        for name in set(sys.modules) - before:
            if name.split(".")[0] in PROJECT_PACKAGES or name.startswith("_preview_"):
                del sys.modules[name]


def _versions() -> dict[Path, int]:
    """The file versions of the project modules imported in this process, and of the talk file (the style
    reads its theme at import)."""
    from scenes.kit import talkfile

    files = {talkfile.talk_path().resolve()}
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] in PROJECT_PACKAGES and getattr(module, "__file__", None):
            files.add(Path(module.__file__).resolve())
    return {p: p.stat().st_mtime_ns for p in files if p.exists()}


def _fresh_imports(loaded: dict[Path, int]) -> None:
    """In a child: forget the project's modules when any file the parent imported them from (or the talk
    file) changed since, so this render imports what is on disk now. The scene's own module is never
    imported by the parent: editing it (the usual case) costs no re-import of the kit."""
    if all(p.exists() and p.stat().st_mtime_ns == v for p, v in loaded.items()):
        return
    for name in list(sys.modules):
        if name.split(".")[0] in PROJECT_PACKAGES and not name.startswith(KEPT):
            del sys.modules[name]


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
                _fresh_imports(loaded)
                code = run_once(req, out=_Tee(write, sys.stdout), err_out=_Tee(write, sys.stderr))
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
    import logging

    import watchfiles

    logging.getLogger("watchfiles").setLevel(logging.WARNING)  # a line per render is what the terminal shows
    preload()
    warm_up(req)
    loaded = _versions()
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


def main(argv: list[str] | None = None, catalogue=None) -> int:
    parser = argparse.ArgumentParser(prog="lecture-scenes preview", description=__doc__.split("\n")[0])
    parser.add_argument("scene", help="a catalogue name, or path/to/file.py:SceneClass")
    parser.add_argument("--beat", help="the frame at the end of slide N (default: the last frame)")
    parser.add_argument("--at", help="the frame at this many seconds into the clip")
    parser.add_argument("--clip", action="store_true", help="the whole clip, as mp4")
    parser.add_argument("--watch", action="store_true", help="redraw on every save, show it on a local page")
    parser.add_argument("--open", action="store_true", help="with --watch: open the page in the browser")
    parser.add_argument("--port", type=int, default=0, help="with --watch: the page's port (default: any)")
    parser.add_argument("--quality", "-q", default="l", help=f"one of {', '.join(QUALITIES)} (default l)")
    parser.add_argument("--theme", default=None, help="dark or light (default: as make render)")
    parser.add_argument("--media-dir", default=str(MEDIA), help="where preview/ goes (default: media/)")
    args = parser.parse_args(argv)
    try:
        chosen = [f"--{k}" for k in ("beat", "at", "clip") if getattr(args, k) not in (None, False)]
        if len(chosen) > 1:
            given = " ".join(chosen)
            raise BadInput(f"--beat, --at and --clip each choose what to draw: give one; got {given}")
        if not args.watch and (args.open or args.port):
            raise BadInput("--open and --port go with --watch (the page shows the watched preview)")
        quality = parse_quality(args.quality)
        theme = parse_theme(args.theme)
        req = parse_scene(args.scene, catalogue)
        req = replace(
            req,
            beat=parse_beat(args.beat),
            at=parse_at(args.at),
            clip=args.clip,
            quality=quality,
            media=media_folder.checked(themed_media(media_folder.checked(args.media_dir), theme)),
        )
    except BadInput as err:
        print(f"preview: {err}", file=sys.stderr)
        return 2
    if args.watch:
        return watch(req, args.port, args.open)
    try:
        return run_once(req)
    except KeyboardInterrupt:
        print("preview: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
