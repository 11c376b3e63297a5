"""The talk as one value: loaded once per process, at a named moment, and handed down.

A :class:`~scenes.kit.talkfile.Talk` holds everything per talk: the title, the scenes in order, the models
and runs of the talk file, and the choices made for this run (the theme; the language and the voice go here
too). It is loaded

- by the command line, once, when a command starts (:func:`load`), and handed down as a value (the tool's
  ``Request``);
- in a scene's process, once, when the first scene is built (:func:`in_force`, called by scenes/kit/base.py),
  never at import. The one exception is scenes/talk.py: Manim finds the talk's own scene classes by
  importing it, so that import loads the talk (the same value, kept for the scene's build).

**The channel** from the tool to its scene processes is the environment, read here and nowhere else
(:func:`choices`): ``LECTURE_TALK`` (the talk file's path), ``LECTURE_THEME`` (the theme chosen by name) and
``LECTURE_LANGUAGE`` (the language chosen, a BCP 47 tag) and ``LECTURE_VOICE`` (the narration's voice,
"none" for silent clips). The tool writes them for every child
(:func:`environment`); a user may set them too (``LECTURE_THEME=light manim -pql ...``). Each is checked
where it enters: a bad value is a :class:`~scenes.kit.talkfile.TalkError` naming the variable, like every
problem of the file.
"""

from __future__ import annotations

import os
from pathlib import Path

from scenes.kit import talkfile, words
from scenes.kit import theme as themes
from scenes.kit.talkfile import DEFAULT_PATH, Talk, TalkError

TALK_VAR = "LECTURE_TALK"  # the talk file's path
THEME_VAR = "LECTURE_THEME"  # the theme chosen by name (dark, light)
LANGUAGE_VAR = "LECTURE_LANGUAGE"  # the language chosen, a BCP 47 tag (en, de, zh-Hans)
VOICE_VAR = "LECTURE_VOICE"  # the narration's voice by name (scenes/kit/voice.py); "none": silent


def choices(environ: dict | None = None) -> dict[str, str | None]:
    """The choices the environment makes (the channel): the talk file's path, the theme, the language."""
    environ = os.environ if environ is None else environ
    return {
        "path": environ.get(TALK_VAR) or None,
        "theme": environ.get(THEME_VAR) or None,
        "language": environ.get(LANGUAGE_VAR) or None,
        "voice": environ.get(VOICE_VAR) or None,
    }


def load(
    path: str | os.PathLike | None = None,
    *,
    theme: str | None = None,
    theme_from: str = "THEME (--theme)",
    builtin_scenes: tuple[str, ...] | None = None,
    environ: dict | None = None,
    language: str | None = None,
    language_from: str = "LANGUAGE (--language)",
    voice: str | None = None,
) -> Talk:
    """Read and check the talk file and apply this run's choices: the talk at `path` (else $LECTURE_TALK, else
    talk.toml at the repository root) in `theme` (else $LECTURE_THEME, else the file's own, else dark) and in
    `language` (else $LECTURE_LANGUAGE, else the file's [talk] language, else en), narrated by `voice` (else
    $LECTURE_VOICE, else the file's [narration] voice, else none: silent).

    TalkError with every problem, one line each: the file's, or a choice's (naming `theme_from`,
    `language_from` or the variable it came from). `builtin_scenes`: see talkfile.load."""
    env = choices(environ)
    file = Path(path or env["path"] or DEFAULT_PATH)
    if theme is None and env["theme"] is not None:
        theme, theme_from = env["theme"], THEME_VAR
    if language is None and env["language"] is not None:
        language, language_from = env["language"], LANGUAGE_VAR
    if theme is not None:  # a wrong name is reported before the file is read
        _checked_theme(theme, theme_from)
    if language is not None:
        _checked_language(language, language_from)
    talk = talkfile.load(file, builtin_scenes=builtin_scenes)
    voice = voice if voice is not None else env["voice"]
    return talk.in_theme(theme, theme_from).in_language(language, language_from).in_voice(voice)


def _checked_language(value: str, what: str) -> None:
    try:
        words.tag(value, what)
    except words.LanguageError as err:
        raise TalkError([str(err)]) from None


def _checked_theme(name: str, what: str) -> None:
    try:
        themes.named(name, what)
    except ValueError as err:
        raise TalkError([str(err)]) from None


def environment(talk: Talk) -> dict[str, str]:
    """The channel's variables for a child process that is to draw `talk` (its file, its theme, its
    language, its voice)."""
    return {
        TALK_VAR: str(Path(talk.path).resolve()),
        THEME_VAR: talk.theme.name,
        LANGUAGE_VAR: talk.language,
        VOICE_VAR: talk.voice,
    }


# --- in a scene's process: the talk the scenes are built with -----------------------------------------------
_in_force: Talk | None = None


def in_force() -> Talk:
    """The talk that scenes are built with in this process: the one given to :class:`using`, else the one
    the channel names, loaded on the first call (TalkError if it has problems)."""
    global _in_force
    if _in_force is None:
        _in_force = load()
    return _in_force


def forget() -> None:
    """Load the talk again at the next :func:`in_force` (the preview's watch, after the talk file or a
    catalogue changed)."""
    global _in_force
    _in_force = None
    words.translations.cache_clear()


class using:  # noqa: N801 (a function to call, that also works as a context manager)
    """Build scenes with `talk` from now on; as ``with talk.using(t):``, only inside the block."""

    def __init__(self, talk: Talk):
        global _in_force
        self.previous, _in_force = _in_force, talk

    def __enter__(self) -> Talk:
        return _in_force

    def __exit__(self, *exc) -> None:
        global _in_force
        _in_force = self.previous
