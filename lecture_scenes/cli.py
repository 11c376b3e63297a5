"""`lecture-scenes`: the talk from the command line, for those who prefer it to make.

    lecture-scenes list                      the talk's scenes in order (from talk.toml)
    lecture-scenes check [talk.toml]         every problem of a talk file, one line each; exit 2 if any
    lecture-scenes render [NAME ...] [-q h]  render scenes (all by default), as `make render`
    lecture-scenes slides [NAME ...]         the offline HTML deck and the PPTX, as `make slides`

`--talk FILE` (or LECTURE_TALK=FILE) uses another talk file. A talk file with problems stops every command
before anything is drawn or written, with exit status 2.
"""

from __future__ import annotations

import argparse
import os
import sys

from lecture_scenes import catalogue
from scenes.kit import talkfile


def _use_talk(path: str | None) -> tuple[catalogue.Entry, ...]:
    """Check the talk file and return its scenes; subprocesses (manim) read the same file."""
    if path:
        os.environ[talkfile.ENV_VAR] = os.path.abspath(path)
    return catalogue.load()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="lecture-scenes", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="{list,check,render,slides}")
    p_list = sub.add_parser("list", help="the talk's scenes in order")
    p_list.add_argument("--talk", help="the talk file (default: talk.toml)")
    p_check = sub.add_parser("check", help="check a talk file")
    p_check.add_argument("talk", nargs="?", help="the talk file (default: talk.toml)")
    for name in ("render", "slides"):
        p = sub.add_parser(name, help=f"as make {name}", add_help=False)
        p.add_argument("--talk", help="the talk file (default: talk.toml)")
    args, rest = parser.parse_known_args(argv)
    if args.command in ("list", "check") and rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    try:
        entries = _use_talk(args.talk)
    except talkfile.TalkError as err:
        print(err, file=sys.stderr)
        return 2
    if args.command == "list":
        for i, e in enumerate(entries, 1):
            print(f"{i:2d}  {e.name:24s} {e.seconds:4.0f} s  {e.file:24s} {e.description}")
        return 0
    if args.command == "check":
        path = talkfile.talk_path(args.talk)
        print(f"{path}: ok, {len(entries)} scenes")
        return 0
    if args.command == "render":
        from lecture_scenes import render

        return render.main(rest, catalogue=entries)
    from lecture_scenes import slides

    return slides.main(rest, catalogue=entries)


if __name__ == "__main__":
    sys.exit(main())
