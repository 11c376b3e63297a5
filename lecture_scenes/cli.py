"""`lecture-scenes`: the talk from the command line, for those who prefer it to make.

    lecture-scenes list                      the talk's scenes in order (from talk.toml)
    lecture-scenes check [talk.toml]         every problem of a talk file, one line each; exit 2 if any
    lecture-scenes render [NAME ...] [-q h]  render scenes (all by default), as `make render`
    lecture-scenes slides [NAME ...]         the offline HTML deck and the PPTX, as `make slides`
    lecture-scenes figures [NAME ...]        PDF, SVG and PNG figures (light theme), as `make figures`
    lecture-scenes preview SCENE [--watch] [--beat N | --at SECONDS | --clip]   one frame or clip, redrawn
                                             on every save with --watch, as `make preview`
    lecture-scenes palette [--theme NAME] [--json]   every colour role, its contrast, the pairs' distances
    lecture-scenes translate --init TAG      a new catalogue to fill in, locale/<TAG>/LC_MESSAGES/lecture.po
    lecture-scenes voices                    the voices installed, for VOICE= (docs/narration.md)

`--talk FILE` (or LECTURE_TALK=FILE) uses another talk file; `--language TAG` (render, slides, figures,
preview; or LECTURE_LANGUAGE=TAG) another language than the file's (docs/languages.md); `--voice NAME`
(render, slides; or LECTURE_VOICE=NAME) narrates the clips (docs/narration.md). A talk file with
problems stops every command before anything is drawn or written, with exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys

from lecture_scenes import catalogue, figures, messages, preview, render, slides
from lecture_scenes.interrupts import quiet_when_piped
from scenes.kit import accessibility, words
from scenes.kit import talk as talks
from scenes.kit.talkfile import Talk, TalkError

COMMANDS = {"render": render.main, "slides": slides.main, "figures": figures.main, "preview": preview.main}


@quiet_when_piped
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="lecture-scenes", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(
        dest="command",
        required=True,
        metavar="{list,check,palette,translate,voices," + ",".join(COMMANDS) + "}",
    )
    sub.add_parser("voices", help="the voices installed, for --voice")
    p_list = sub.add_parser("list", help="the talk's scenes in order")
    p_list.add_argument("--talk", help="the talk file (default: talk.toml)")
    p_check = sub.add_parser("check", help="check a talk file")
    p_check.add_argument("talk", nargs="?", help="the talk file (default: talk.toml)")
    p_palette = sub.add_parser("palette", help="the colour roles, their contrast and distances")
    p_palette.add_argument(
        "--theme", default=None, help="a theme's name (default: $LECTURE_THEME, else talk.toml's, else dark)"
    )
    p_palette.add_argument("--talk", help="the talk file (default: talk.toml)")
    p_palette.add_argument("--json", action="store_true", help="print JSON for other tools")
    p_translate = sub.add_parser("translate", help="start a catalogue for another language")
    p_translate.add_argument("--init", required=True, metavar="TAG", help="the language, a BCP 47 tag (fr)")
    p_check.add_argument("--language", default=None, help="the language to check (default: the talk's)")
    for name in COMMANDS:
        p = sub.add_parser(name, help=f"as make {name}", add_help=False)
        p.add_argument("--talk", help="the talk file (default: talk.toml)")
    args, rest = parser.parse_known_args(argv)
    if args.command in ("list", "check", "palette", "translate", "voices") and rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    if args.command == "translate":
        return translate(args.init)
    if args.command == "voices":
        return voices()
    try:  # the talk, loaded once for the whole command and handed down
        talk = talks.load(
            args.talk,
            theme=getattr(args, "theme", None),
            theme_from="--theme",
            builtin_scenes=catalogue.builtin_names(),
            language=getattr(args, "language", None),
            language_from="--language",
        )
    except TalkError as err:
        print(err, file=sys.stderr)
        return 2
    if args.command == "palette":
        return palette(talk, args.json)
    if args.command == "list":
        for i, e in enumerate(catalogue.of(talk), 1):
            print(f"{i:2d}  {e.name:24s} {e.seconds:4.0f} s  {e.file:24s} {e.description}")
        return 0
    if args.command == "check":
        try:
            line = messages.status(talk.language)
        except words.LanguageError as err:
            print(err, file=sys.stderr)
            return 2
        heard = recordings_problems(talk)
        for problem in heard:
            print(problem, file=sys.stderr)
        if heard:
            return 2
        print(f"{talk.path}: ok, {len(talk.scenes)} scenes")
        print(line)
        return 0
    return COMMANDS[args.command](rest, talk=talk)


def voices() -> int:
    """`lecture-scenes voices`: every voice installed, the language it speaks, its engine and licence."""
    from scenes.kit import voice

    for v in voice.installed():
        default = " (VOICE=default for " + v.language + ")" if voice.named("default", v.language) == v else ""
        print(f"{v.name:16s} {v.language:8s} {v.engine:10s} {v.licence}{default}")
    return 0


def recordings_problems(talk: Talk) -> list[str]:
    """The problems of the lecturer's own recordings (scenes/kit/recordings.py), one line each."""
    if not talk.recordings_dir.is_dir():
        return []
    from scenes.kit import recordings

    return recordings.check(talk.recordings_dir)


def translate(language: str) -> int:
    """`lecture-scenes translate --init TAG`: the new catalogue's path, or one line and exit 2."""
    try:
        path = messages.init(language)
    except ValueError as err:
        print(f"translate: {err}", file=sys.stderr)
        return 2
    left, total = words.missing(words.tag(language))
    print(f"translate: {path}: {total} messages to translate (msgstr); see docs/languages.md")
    return 0


def palette(talk: Talk, as_json: bool) -> int:
    """Print every role of the talk's theme with its value and contrast, and every pair with its worst
    simulated distance."""
    chosen = talk.theme
    report = accessibility.report(chosen)
    if as_json:
        print(json.dumps(report, indent=1, ensure_ascii=False))
        return 0
    print(f"theme {chosen.name}, background {chosen.background}")
    needs = dict.fromkeys(report["text_roles"], accessibility.TEXT_CONTRAST)
    needs |= dict.fromkeys(report["graphic_roles"], accessibility.GRAPHIC_CONTRAST)
    for role, value in report["roles"].items():
        ratio, need = report["contrast"][role], needs.get(role)
        verdict = "decoration" if need is None else f"needs {need:g}:1 {'ok' if ratio >= need else 'TOO LOW'}"
        print(f"  {role:10s} {value}  {ratio:5.2f}:1  {verdict}")
    print("pairs (CAM02-UCS distance: normal vision, then simulated deutan / protan / tritan):")
    for pair, d in report["distances"].items():
        worst = min(d[k] for k in accessibility.DEFICIENCIES)
        verdict = "ok" if worst >= accessibility.PAIR_DISTANCE else "TOO CLOSE"
        print(
            f"  {pair:16s} {d['normal']:5.1f}  {d['deutan']:5.1f} / {d['protan']:5.1f} / {d['tritan']:5.1f}"
            f"  {verdict}"
        )
    problems = accessibility.problems(chosen)
    print(f"{len(problems)} rule(s) broken" + (":" if problems else ""))
    for line in problems:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
