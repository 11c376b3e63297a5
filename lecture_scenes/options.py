"""The command-line options that `make render` and `make slides` share, and their checks.

Every value from the command line (or a make variable) is checked here, at the boundary, before anything is
rendered or written: a bad one raises :class:`BadInput` with a one-line message naming the option, what it
may hold and what it got (the commands print it and exit 2). The catalogue is loaded last, since it may
import Manim.
"""

from __future__ import annotations

import argparse
import importlib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from lecture_scenes import catalogue as talk_catalogue
from lecture_scenes.catalogue import ROOT, Entry
from scenes.kit import talkfile
from scenes.kit import theme as themes

MEDIA = ROOT / "media"
QUALITIES = {"l": "854x480 15 fps", "m": "1280x720 30 fps", "h": "1920x1080 60 fps", "k": "3840x2160 60 fps"}
EXTRA_FORMATS = ("webm", "gif")
DEFAULT_TITLE = "How LLMs learn and forget"  # the reel's and the slide deck's title without a talk file


class BadInput(ValueError):
    """A parameter with a value outside what is allowed; the message names both, in one line."""


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
    """The talk's scenes from talk.toml (catalogue.py); BadInput with every problem of a broken file."""
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


def scene_arguments(prog: str, description: str, *, quality: bool = True) -> argparse.ArgumentParser:
    """The options that `make render`, `make slides` and `make figures` share (`quality`: not figures)."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    if quality:
        parser.add_argument("--quality", "-q", default="l", help="l (480p15, default), m, h or k (2160p60)")
    parser.add_argument("--jobs", "-j", default=None, help="scenes rendered at once (default: cores)")
    parser.add_argument("--media-dir", default=str(MEDIA), help="where files go (default: media/)")
    parser.add_argument(
        "--theme", default=None, help="dark or light (default: $LECTURE_THEME, else talk.toml's, else dark)"
    )
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
    theme: themes.Theme


def parse_theme(value: str | None) -> themes.Theme:
    """The theme to render in: `value` (a shipped theme's name) or, when None, the active one; else BadInput.

    The choice goes into $LECTURE_THEME, so the renders this process starts use it too."""
    if value:
        try:
            themes.named(value)
        except ValueError:
            raise BadInput(
                f"THEME (--theme) must be one of {', '.join(themes.THEMES)}; got {value!r}"
            ) from None
        os.environ[themes.ENV] = value
    return themes.active()


def themed_media(media_dir: str | os.PathLike, theme: themes.Theme) -> Path:
    """Where a theme's files go: `media_dir` for dark, `media_dir`/<theme> for any other, so that the
    outputs of two themes never overwrite each other."""
    return Path(media_dir) if theme.name == themes.DARK.name else Path(media_dir) / theme.name


def checked_request(args: argparse.Namespace, catalogue: Sequence[Entry] | None) -> Request:
    """The shared options checked, cheap ones first (the catalogue may import manim); else BadInput."""
    quality = parse_quality(getattr(args, "quality", "l"))
    jobs = parse_jobs(args.jobs)
    theme = parse_theme(args.theme)
    title = DEFAULT_TITLE if args.catalogue else talk_title()
    if catalogue is None:
        catalogue = load_catalogue(args.catalogue) if args.catalogue else default_catalogue()
    return Request(quality, jobs, title, catalogue, select(catalogue, args.scenes), theme)
