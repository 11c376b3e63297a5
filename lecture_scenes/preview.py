"""Edit, save, look: one scene's frame (or clip) at preview quality, redrawn on every save with --watch.

    lecture-scenes preview SCENE [--beat N | --at SECONDS] [--clip] [--watch] [--open]
                                 [--theme dark|light] [--language TAG] [--quality l|m|h|k] [--media-dir DIR]
                                 [--port P]
    make preview SCENE=KLSweep [BEAT=2 | AT=7.5] [CLIP=1] [WATCH=1]

SCENE is a catalogue name (``lecture-scenes list``) or ``path/to/file.py:SceneClass``. Without --clip it draws
one still: the frame at the end of slide N (``--beat``, slide N of the deck ends at the scene's N-th
``beat()``), at SECONDS into the clip (``--at``), or the last frame; the animations before it are skipped,
never drawn (scenes/kit/patches/skipping.py). With --clip it renders the whole clip. The result goes to
``<media>/preview/<Scene>.png`` (or ``.mp4``; ``<media>/<theme>/preview/`` for a theme other than dark,
``<media>/<language>/...`` for a language other than en),
written under another name and renamed, so a viewer never sees half a file.

The options are checked here; one render is lecture_scenes/still.py, the watch (``--watch``: redraw on every
save, a page on localhost) lecture_scenes/watch.py.
"""

from __future__ import annotations

import argparse
import math
import sys
from dataclasses import replace
from pathlib import Path

from lecture_scenes import catalogue as talk_catalogue
from lecture_scenes import command
from lecture_scenes import media_dir as media_folder
from lecture_scenes.options import MEDIA, QUALITIES, BadInput, language_media, parse_quality, themed_media
from lecture_scenes.still import Request, run_once
from scenes.kit.talkfile import Talk


def parse_scene(spec: str, talk: Talk) -> Request:
    """A Request for `spec`: a catalogue name, or FILE.py:Class; else BadInput naming what is allowed."""
    file, sep, name = spec.rpartition(":")
    if sep and file.endswith(".py"):
        path = Path(file).resolve()
        if not path.is_file():
            raise BadInput(f"SCENE: no file {file!r} (give a catalogue name or path/to/file.py:SceneClass)")
        if not name.isidentifier():
            raise BadInput(f"SCENE: {name!r} after the colon must be a class name")
        return Request(name=name, talk=talk, file=path)
    try:
        entry = talk_catalogue.scene(talk, spec)
    except ValueError as err:
        raise BadInput(f"SCENE: {err} (or path/to/file.py:SceneClass)") from None
    return Request(name=entry.name, talk=talk, module=entry.module)


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


def parse_port(value: int) -> int:
    if not 0 <= value <= 65535:
        raise BadInput(f"--port must be a TCP port from 0 (any free one) to 65535; got {value}")
    return value


def main(argv: list[str] | None = None, talk: Talk | None = None) -> int:
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
    parser.add_argument(
        "--language", default=None, help="a BCP 47 tag: en, de, zh-Hans (default: as make render)"
    )
    parser.add_argument("--media-dir", default=str(MEDIA), help="where preview/ goes (default: media/)")
    args = parser.parse_args(argv)
    try:
        chosen = [f"--{k}" for k in ("beat", "at", "clip") if getattr(args, k) not in (None, False)]
        if len(chosen) > 1:
            given = " ".join(chosen)
            raise BadInput(f"--beat, --at and --clip each choose what to draw: give one; got {given}")
        if not args.watch and (args.open or args.port):
            raise BadInput("--open and --port go with --watch (the page shows the watched preview)")
        quality, port = parse_quality(args.quality), parse_port(args.port)
        talk = command.with_theme(talk, args.theme, args.language)
        req = replace(
            parse_scene(args.scene, talk),
            beat=parse_beat(args.beat),
            at=parse_at(args.at),
            clip=args.clip,
            quality=quality,
            media=media_folder.checked(
                themed_media(language_media(args.media_dir, talk.language), talk.theme)
            ),
            theme=args.theme,
            language=args.language,
        )
    except BadInput as err:
        return command.refuse("preview", err)
    if args.watch:
        from lecture_scenes import watch  # watchfiles, only for a watch

        return watch.watch(req, port, args.open)
    try:
        return run_once(req)
    except KeyboardInterrupt:
        print("preview: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
