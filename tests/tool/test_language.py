"""The talk's language as part of the talk value: chosen in the file, on the command line or through the
channel, checked where it enters (one line, exit 2), in the outputs' folders and in the stamps."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lecture_scenes import catalogue, command, options, stamps
from lecture_scenes.catalogue import ROOT
from lecture_scenes.options import BadInput
from scenes.kit import talk as talks
from scenes.kit import words
from scenes.kit.talkfile import TalkError
from tests.the_talk import CATALOGUE, TALK

EXE = str(Path(sys.executable).parent / "lecture-scenes")
BUILTIN = catalogue.builtin_names()


@pytest.mark.parametrize(
    ("given", "tag"),
    [("en", "en"), ("de", "de"), ("zh-Hans", "zh-Hans"), ("zh-hans", "zh-Hans"), ("de_DE", "de-DE"),
     ("en-XA", "en-XA"), ("en-xa", "en-XA")],
)  # fmt: skip
def test_a_tag_is_checked_with_babel_and_written_the_bcp_47_way(given, tag):
    assert words.tag(given) == tag


@pytest.mark.parametrize("bad", ["xx", "klingon", "", " ", "de--DE", 7, None])
def test_an_unknown_tag_is_one_line_naming_what_gave_it(bad):
    with pytest.raises(words.LanguageError) as err:
        words.tag(bad, "LANGUAGE (--language)")
    assert str(err.value).startswith("LANGUAGE (--language) must be a BCP 47 language tag")
    assert "\n" not in str(err.value) and repr(bad) in str(err.value)


def test_the_talk_file_names_its_language_and_the_choices_override_it(tmp_path):
    path = tmp_path / "talk.toml"
    path.write_text('[talk]\nscenes = ["KLSweep"]\nlanguage = "de"\n')
    assert talks.load(path, builtin_scenes=BUILTIN, environ={}).language == "de"
    env = {talks.LANGUAGE_VAR: "zh-Hans"}
    assert talks.load(path, builtin_scenes=BUILTIN, environ=env).language == "zh-Hans"
    chosen = talks.load(path, builtin_scenes=BUILTIN, environ=env, language="en")
    assert chosen.language == "en"
    assert talks.environment(chosen)[talks.LANGUAGE_VAR] == "en"
    assert TALK.language == "en"  # the repository's talk speaks English


def test_a_bad_language_in_the_file_is_a_problem_of_the_file(tmp_path):
    path = tmp_path / "talk.toml"
    path.write_text('[talk]\nscenes = ["KLSweep"]\nlanguage = "xx-YY"\n')
    with pytest.raises(TalkError) as err:
        talks.load(path, builtin_scenes=BUILTIN, environ={})
    (line,) = err.value.problems
    assert line.startswith(f"{path}: [talk] language = 'xx-YY': must be a BCP 47 language tag")


@pytest.mark.parametrize(
    ("args", "env", "says"),
    [
        (["render", "--jobs", "1", "--language", "xx", "KLSweep"], {}, "LANGUAGE (--language) must be"),
        (["preview", "KLSweep", "--language", "xx"], {}, "LANGUAGE (--language) must be"),
        (["list"], {talks.LANGUAGE_VAR: "klingon"}, "LECTURE_LANGUAGE must be"),
        (["render", "--jobs", "1", "KLSweep"], {talks.LANGUAGE_VAR: "klingon"}, "LECTURE_LANGUAGE must be"),
    ],
)
def test_a_bad_language_stops_the_command_with_one_line(args, env, says):
    proc = subprocess.run([EXE, *args], cwd=ROOT, capture_output=True, text=True, env={**os.environ, **env})
    assert proc.returncode == 2, proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert says in line and "Traceback" not in proc.stderr


def test_outputs_of_two_languages_never_share_a_folder(tmp_path):
    parser = command.arguments("test", "test")
    english = command.start(parser, ["--media-dir", str(tmp_path)], TALK)
    german = command.start(parser, ["--media-dir", str(tmp_path), "--language", "de"], TALK)
    german_light = command.start(
        parser, ["--media-dir", str(tmp_path), "--language", "de", "--theme", "light"], TALK
    )
    assert english.media_dir == tmp_path  # English as today
    assert german.media_dir == tmp_path / "de" and german.talk.language == "de"
    assert german_light.media_dir == tmp_path / "de" / "light"
    assert options.language_media(tmp_path, "zh-Hans") == tmp_path / "zh-Hans"
    with pytest.raises(BadInput):
        command.start(parser, ["--media-dir", str(tmp_path), "--language", "nope"], TALK)


def test_the_stamps_know_the_language():
    entry = CATALOGUE[0]
    digests = {
        lang: stamps.input_digest(entry, dataclasses.replace(TALK, language=lang))
        for lang in ("en", "de", "zh-Hans", "en-XA")
    }
    assert len(set(digests.values())) == len(digests)
    assert digests["en"] == stamps.input_digest(entry, TALK)


def test_the_scripts_page_says_its_language():
    from lecture_scenes import script

    assert '<html lang="de">' in script.to_html("# Skript", "Vortrag", "de")
    assert '<html lang="en">' in script.to_html("# Script", "Talk")


@pytest.fixture
def locale_dir(tmp_path, monkeypatch):
    """An empty locale folder in place of the repository's (the catalogues a test makes go there)."""
    folder = tmp_path / "locale"
    folder.mkdir()
    monkeypatch.setattr(words, "LOCALE_DIR", folder)
    words.translations.cache_clear()
    yield folder
    words.translations.cache_clear()


def test_translate_init_writes_a_catalogue_to_fill_in_and_check_counts_what_is_left(locale_dir, capsys):
    from lecture_scenes import cli

    assert cli.main(["translate", "--init", "fr"]) == 0
    path = locale_dir / "fr" / "LC_MESSAGES" / "lecture.po"
    assert path.is_file() and str(path) in capsys.readouterr().out
    left, total = words.missing("fr")
    assert len(left) == total > 100  # every message, none translated yet
    assert cli.main(["translate", "--init", "fr"]) == 2  # never overwrites a translator's work
    assert "exists already" in capsys.readouterr().err
    assert cli.main(["translate", "--init", "xx"]) == 2
    assert "LANGUAGE must be a BCP 47 language tag" in capsys.readouterr().err

    assert cli.main(["check", "--language", "fr"]) == 0
    out = capsys.readouterr().out
    assert f"language fr: {total} of {total} messages not translated, shown in English" in out
    assert "{title}: the talk's script" in out  # the first few, named (the template's first: the script's)


def test_a_render_warns_in_one_line_about_strings_shown_in_english(locale_dir, capsys):
    parser = command.arguments("render", "test")
    request = command.start(parser, ["--language", "fr"], TALK)
    assert request.talk.language == "fr"
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("render: warning: language fr:") and "shown in English" in line


def test_a_catalogue_that_does_not_parse_stops_check_and_render_naming_file_and_line(locale_dir, capsys):
    from lecture_scenes import cli

    path = locale_dir / "de" / "LC_MESSAGES" / "lecture.po"
    path.parent.mkdir(parents=True)
    path.write_text(
        'msgid ""\nmsgstr ""\n\nmsgid "center"\nmsgstr "Mitte"\n\nmsgid "broken\n', encoding="utf-8"
    )
    assert cli.main(["check", "--language", "de"]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"{path}:7: the catalogue does not parse")
    with pytest.raises(BadInput, match=f"{path}:7: the catalogue does not parse"):
        command.start(command.arguments("render", "test"), ["--language", "de"], TALK)


def test_the_decks_page_says_its_language(tmp_path):
    from lecture_scenes import slides

    page = tmp_path / "talk.html"
    page.write_text("<!doctype html>\n<html>\n<head></head>\n</html>\n", encoding="utf-8")
    slides.with_language(page, "zh-Hans")
    assert '<html lang="zh-Hans">' in page.read_text(encoding="utf-8")
