"""One preview render, in this process (a forked child when watching): the still or the clip a
:class:`Request` asks for, written atomically, and the one line that says what was drawn.

A still does not draw the frames before it: the animations up to the frame asked for are skipped
(scenes/kit/patches/skipping.py). The scene is built with the request's talk (scenes/kit/talk.py), so its
theme is the one asked for, whatever was drawn before in this process.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import time
import traceback
from dataclasses import dataclass, replace
from pathlib import Path

from lecture_scenes import mp4s
from lecture_scenes.catalogue import ROOT
from lecture_scenes.options import MEDIA, BadInput
from lecture_scenes.stamps import source_files
from scenes.kit import words
from scenes.kit.talkfile import Talk

PROJECT_PACKAGES = ("scenes", "mathcore")  # the user's code: what a watch child imports afresh when changed
MANIM_QUALITY = {"l": "low_quality", "m": "medium_quality", "h": "high_quality", "k": "fourk_quality"}


class SceneError(Exception):
    """The scene's own code failed; the message is one line, `trace` the frames of this repository."""

    def __init__(self, line: str, trace: str):
        super().__init__(line)
        self.trace = trace


@dataclass(frozen=True)
class Request:
    """What to preview: the scene (`module` imported by name, or `file` loaded from a path), which frame, with
    which talk (`theme`, `language`: the choices by name, for a talk loaded again after its file changed)."""

    name: str
    talk: Talk
    module: str | None = None
    file: Path | None = None
    beat: int | None = None
    at: float | None = None
    clip: bool = False
    quality: str = "l"
    media: Path = MEDIA
    theme: str | None = None
    language: str | None = None  # the language chosen by tag, as `theme`

    @property
    def output(self) -> Path:
        return self.media / "preview" / f"{self.name}.{'mp4' if self.clip else 'png'}"

    def sources(self) -> set[Path]:
        """The files whose change redraws the preview: the scene's file and the repository modules it
        imports (transitively), the talk file and manim.cfg."""
        files = {
            ROOT / "manim.cfg",
            Path(self.talk.path).resolve(),
            *words.catalogue_files(self.talk.language),
        }
        return files | set(source_files(self.module, file=self.file))

    def reloaded(self) -> Request:
        """This request with its talk loaded again from its file (TalkError if the file now has problems)."""
        from scenes.kit import talk as talks  # as in render(): the kit as it is on disk now

        return replace(self, talk=talks.load(self.talk.path, theme=self.theme, language=self.language))


def scene_class(req: Request) -> type:
    if req.module:
        module = importlib.import_module(req.module)
    else:
        spec = importlib.util.spec_from_file_location(f"_preview_{req.name}", req.file)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    from manim import Scene

    cls = getattr(module, req.name, None)
    if not (isinstance(cls, type) and issubclass(cls, Scene)):
        where = req.file or module.__name__
        scenes = [n for n, v in vars(module).items() if isinstance(v, type) and issubclass(v, Scene)]
        scenes = [n for n in scenes if getattr(module, n).__module__ == module.__name__]
        what = "has no class" if cls is None else "has no Scene class"
        raise BadInput(f"SCENE: {where} {what} {req.name!r}; its scenes: {', '.join(scenes) or '(none)'}")
    return cls


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

    # Imported here, not at the top: a watch child may have imported the kit afresh from disk, and the scene
    # reads the talk from the kit's module as it is now.
    from scenes.kit import talk as talks
    from scenes.kit.patches import output, skipping

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
        cls = scene_class(req)
        talks.using(req.talk)  # the scene's theme and settings: this request's talk
        if req.clip:
            scene = cls()
            scene.render()
            movie = Path(scene.renderer.file_writer.movie_file_path)
            req.output.parent.mkdir(parents=True, exist_ok=True)
            mp4s.fast_start(movie, req.output, log=work / "ffmpeg.log")  # index first, written atomically
            return f"{req.name}: clip ({scene.renderer.time:.1f} s)"
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
