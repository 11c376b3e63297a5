"""The one opening of `render`, `slides`, `figures` and `preview`: the shared options, the talk loaded once,
every value checked; a :class:`Request` that the command hands down.

    request = command.start(parser, argv, talk)   # BadInput: one line, the command exits 2

The talk is loaded here when the command line has not loaded it already (``lecture-scenes render`` has;
``python -m lecture_scenes.render``, which make runs, has not), and the command's ``--theme`` is applied to
it. Everything the command then does takes its settings from the request, and its scene processes get the
talk through the one channel of scenes/kit/talk.py.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from lecture_scenes import catalogue as talk_catalogue
from lecture_scenes import media_dir as media_folder
from lecture_scenes.catalogue import Entry
from lecture_scenes.options import (
    MEDIA,
    BadInput,
    language_media,
    load_catalogue,
    parse_jobs,
    parse_quality,
    themed_media,
    voiced_media,
)
from scenes.kit import talk as talks
from scenes.kit import words
from scenes.kit.talkfile import NO_VOICE, Talk, TalkError

THEME_OPTION = "THEME (--theme)"
LANGUAGE_OPTION = "LANGUAGE (--language)"
VOICE_OPTION = "VOICE (--voice)"


class Request(NamedTuple):
    """A command's checked settings: the talk, what to draw, how, where."""

    talk: Talk
    quality: str
    jobs: int
    catalogue: tuple[Entry, ...]  # the talk's scenes in order (or --catalogue's)
    entries: list[Entry]  # the scenes asked for
    media_dir: Path  # checked and writable; under <language>/ for a language other than en, then under
    # <theme>/ for a theme other than dark (not for figures), then under narrated/<voice>/ when narrated
    force: bool
    args: argparse.Namespace  # the command's own options, parsed (not checked here)


def arguments(
    prog: str, description: str, *, quality: bool = True, voice: bool = False
) -> argparse.ArgumentParser:
    """The options that render, slides and figures share (`quality`: not figures; `voice`: render and
    slides)."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    if quality:
        parser.add_argument("--quality", "-q", default="l", help="l (480p15, default), m, h or k (2160p60)")
    parser.add_argument("--jobs", "-j", default=None, help="scenes rendered at once (default: cores)")
    parser.add_argument("--media-dir", default=str(MEDIA), help="where files go (default: media/)")
    parser.add_argument(
        "--theme", default=None, help="dark or light (default: $LECTURE_THEME, else talk.toml's, else dark)"
    )
    parser.add_argument(
        "--language",
        default=None,
        help="the talk's language, a BCP 47 tag: en, de, zh-Hans, ... (default: $LECTURE_LANGUAGE, else"
        " talk.toml's [talk] language, else en)",
    )
    if voice:
        parser.add_argument(
            "--voice",
            default=None,
            help="narrate the clips with this voice: default, or one of `lecture-scenes voices`; none: silent"
            " (default: $LECTURE_VOICE, else talk.toml's [narration] voice, else none)",
        )
    parser.add_argument("--catalogue", default=None, help="module:NAME of the list of scenes to use")
    parser.add_argument("--force", action="store_true", help="render even when the stamp says cached")
    parser.add_argument("scenes", nargs="*", help="scene names (default: the whole catalogue)")
    return parser


def start(
    parser: argparse.ArgumentParser, argv: list[str] | None, talk: Talk | None, *, themed: bool = True
) -> Request:
    """Parse `argv`, load the talk (unless given), check every shared option, cheap ones first; BadInput."""
    args = parser.parse_args(argv)
    quality = parse_quality(getattr(args, "quality", "l"))
    jobs = parse_jobs(args.jobs)
    talk = with_theme(talk, args.theme, getattr(args, "language", None))
    talk = with_voice(talk, getattr(args, "voice", None) if hasattr(args, "voice") else NO_VOICE)
    fallback(parser.prog, talk.language)
    catalogue = load_catalogue(args.catalogue) if args.catalogue else talk_catalogue.of(talk)
    entries = select(talk, catalogue, args.scenes, own_catalogue=bool(args.catalogue))
    media_dir = language_media(args.media_dir, talk.language)
    media_dir = themed_media(media_dir, talk.theme) if themed else media_dir
    media_dir = voiced_media(media_dir, talk.voice)
    if not str(args.media_dir).strip():  # checked as given: empty must not become the theme's folder
        media_folder.checked(args.media_dir)
    return Request(talk, quality, jobs, catalogue, entries, media_folder.checked(media_dir), args.force, args)


def with_theme(talk: Talk | None, theme: str | None, language: str | None = None) -> Talk:
    """`talk` (loaded here if None: the channel's file, the built-in scenes known) in the theme `theme`
    chose and the language `language` chose; BadInput with every problem of the file, or the choice's."""
    try:
        if talk is None:
            return talks.load(
                theme=theme,
                theme_from=THEME_OPTION,
                builtin_scenes=talk_catalogue.builtin_names(),
                language=language,
                language_from=LANGUAGE_OPTION,
            )
        return talk.in_theme(theme, THEME_OPTION).in_language(language, LANGUAGE_OPTION)
    except (TalkError, ValueError) as err:
        raise BadInput(str(err)) from None


def with_voice(talk: Talk, name: str | None) -> Talk:
    """`talk` narrated by the voice `name` chose (None: the file's or the channel's choice), checked against
    the voices installed for the talk's language; BadInput naming the voices there are."""
    from scenes.kit import voice as voices  # the engines load only when a talk is narrated

    talk = talk.in_voice(name)
    if talk.narrated:
        try:
            voices.named(talk.voice, talk.language)
        except voices.VoiceError as err:
            raise BadInput(str(err)) from None
    return talk


def fallback(prog: str, language: str) -> None:
    """One warning line when `language`'s catalogue leaves messages untranslated (they are shown in
    English); BadInput naming the file and line when it does not parse."""
    try:
        left, total = words.missing(language)
    except words.LanguageError as err:
        raise BadInput(str(err)) from None
    if left:
        print(
            f"{prog}: warning: language {language}: {len(left)} of {total} messages not translated, shown in"
            " English (lecture-scenes check lists them)",
            file=sys.stderr,
        )


def select(
    talk: Talk, catalogue: Sequence[Entry], names: Iterable[str], *, own_catalogue: bool = False
) -> list[Entry]:
    """The entries called `names`, in the order given (all of the catalogue when none). A scene the talk
    defines but [talk] scenes does not list is rendered too; anything else is BadInput naming the scenes."""
    names = list(dict.fromkeys(names))
    if not names:
        return list(catalogue)
    known = {e.name: e for e in catalogue}
    chosen = []
    for name in names:
        if name in known:
            chosen.append(known[name])
            continue
        if not own_catalogue:
            try:
                chosen.append(talk_catalogue.scene(talk, name))
                continue
            except ValueError:
                pass
        allowed = ", ".join(known) or "(the catalogue is empty)"
        if not own_catalogue:
            more = [n for n in [*talk_catalogue.builtin_names(), *talk.generated()] if n not in known]
            allowed += f"; not in [talk] scenes but defined: {', '.join(more)}" if more else ""
        raise BadInput(f"SCENES: unknown scene {name!r}; allowed: {allowed}")
    return chosen


def refuse(prog: str, err: BadInput) -> int:
    """A bad input's one line, and the exit status that says so."""
    print(f"{prog}: {err}", file=sys.stderr)
    return 2
