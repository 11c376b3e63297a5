"""The command-line options' values and their checks, one function per option.

Every value from the command line (or a make variable) is checked at the boundary, before anything is
rendered or written: a bad one raises :class:`BadInput` with a one-line message naming the option, what it
may hold and what it got (the commands print it and exit 2). The opening that render, slides, figures and
the preview share is lecture_scenes/command.py.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable
from pathlib import Path

from lecture_scenes.catalogue import ROOT, Entry
from scenes.kit import theme as themes
from scenes.kit import words
from scenes.kit.talkfile import NO_VOICE

MEDIA = ROOT / "media"
QUALITIES = {"l": "854x480 15 fps", "m": "1280x720 30 fps", "h": "1920x1080 60 fps", "k": "3840x2160 60 fps"}
EXTRA_FORMATS = ("webm", "gif")


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


def themed_media(media_dir: str | os.PathLike, theme: themes.Theme) -> Path:
    """Where a theme's files go: `media_dir` for dark, `media_dir`/<theme> for any other, so that the
    outputs of two themes never overwrite each other."""
    return Path(media_dir) if theme.name == themes.DARK.name else Path(media_dir) / theme.name


def language_media(media_dir: str | os.PathLike, language: str) -> Path:
    """Where a language's files go: `media_dir` for English, `media_dir`/<tag> for any other (media/de/,
    media/zh-Hans/), so that the outputs of two languages never overwrite each other; a theme's folder goes
    inside (media/de/light/)."""
    return Path(media_dir) if language == words.SOURCE else Path(media_dir) / language


def voiced_media(media_dir: str | os.PathLike, voice: str) -> Path:
    """Where a narrated talk's files go: `media_dir`/narrated/<voice> (media/narrated/default/, inside a
    language's and a theme's folder), so that narrated and silent outputs, and two voices', never overwrite
    each other; `media_dir` itself for a silent talk."""
    return Path(media_dir) if voice == NO_VOICE else Path(media_dir) / "narrated" / voice


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
