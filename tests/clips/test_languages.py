"""Every word on screen goes through the catalogue: each scene of the talk built in the pseudo-locale en-XA
(every message accented, longer and in brackets), its texts read at the end of every beat. A text that still
holds an English word is a string that was not marked; the test names it, with its scene and beat."""

from __future__ import annotations

import dataclasses
import re

import pytest
from babel.numbers import parse_decimal
from manim import tempconfig

from mathcore.presets import RUNS
from scenes.kit import talk as talks
from scenes.kit import words
from scenes.kit.patches import skipping
from tests.clips.test_notes import expected_notes, numbers, without_names
from tests.conftest import TEST_CONFIG
from tests.the_talk import CATALOGUE, TALK

PSEUDO_TALK = dataclasses.replace(TALK, language=words.PSEUDO)
GERMAN_TALK = dataclasses.replace(TALK, language="de")
#: A number as German writes it: '1.200.000', '0,101', '−0,45', '2,5e-4'.
GERMAN_NUMBER = re.compile(r"[−-]?\d+(?:[.,]\d+)*(?:e-?\d+)?")
#: Words that are data, not messages: units and the names and sources of the runs and models shown.
UNITS = {"TB", "GB", "TiB", "GiB", "KL"}
INNER = re.compile(r"\[[^\[\]]*\]")  # a pseudo-locale message with nothing pseudo inside it
WORD = re.compile(r"[A-Za-z]{3,}")


def data_words(scene_cls) -> set[str]:
    """The words of the names and sources the scene shows as they are (the talk's data)."""
    texts = [r.name for r in RUNS.values()] + [r.source for r in RUNS.values()]
    for item in [*TALK.models.values(), *TALK.runs.values()]:
        run = getattr(item, "run", item)
        texts += [run.name, run.source]
    for attr in ("MODEL", "SOURCE", "WEIGHT_FORMAT", "ALT_FORMAT"):
        texts.append(str(getattr(scene_cls, attr, "") or ""))
    run = getattr(scene_cls, "RUN", None)
    if run is not None:
        texts += [run.name, run.source]
    return {w for text in texts for w in WORD.findall(text)} | UNITS


TYPST_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def shown_texts(scene) -> list[str]:
    """The strings of every Text and label on screen, and the words in the Typst formulas' string
    literals (each mobject once)."""
    seen, out = set(), []
    for top in [*scene.mobjects, *scene.foreground_mobjects]:
        for mob in top.get_family():
            if id(mob) in seen:
                continue
            seen.add(id(mob))
            text = getattr(mob, "text", None)
            if isinstance(text, str) and text.strip():
                out.append(text)
            code = getattr(mob, "typst_code", None)
            if isinstance(code, str):  # manimgrp("name", ...) names a part: not shown
                code = re.sub(r'manimgrp\("[^"]*",', "manimgrp(", code)
                out += [s for s in TYPST_STRING.findall(code) if s.strip()]
    return out


def untranslated(text: str, allowed: set[str]) -> list[str]:
    """The English words of `text` outside every pseudo-locale message."""
    rest, before = text, None
    while rest != before:
        before, rest = rest, INNER.sub(" ", rest)
    return [w for w in WORD.findall(rest) if w not in allowed]


@pytest.mark.parametrize("entry", CATALOGUE, ids=lambda e: e.name)
def test_every_text_on_screen_comes_from_the_catalogue(entry, tmp_path):
    scene_cls = entry.load()
    allowed = data_words(scene_cls)
    misses: dict[str, set[str]] = {}

    def check(where: str) -> None:
        for text in shown_texts(scene):
            found = untranslated(text, allowed)
            if found:
                misses.setdefault(text, set()).add(where)

    with talks.using(PSEUDO_TALK), tempconfig({**TEST_CONFIG, "media_dir": str(tmp_path)}):
        scene = scene_cls(skip_animations=True)
        reached = skipping.run(scene, on_beat=lambda k: check(f"beat {k}"))
        check(f"beat {reached.slide} (the end)")
        notes = [b.note for b in scene.beats]
    assert not misses, f"{entry.name}: texts not from the catalogue: " + "; ".join(
        f"{text!r} at {', '.join(sorted(where))}" for text, where in misses.items()
    )
    for note in notes:  # the notes too: every sentence a message
        assert not untranslated(note, allowed), (entry.name, note)


def test_the_check_names_an_english_word_outside_the_messages():
    with words.use(words.PSEUDO):
        marked = words.t("frame {frame}", frame="26.8") + ": " + words._("lowest total KL")
    assert untranslated(marked, UNITS) == []
    assert untranslated("frame 26.8", UNITS) == ["frame"]
    assert untranslated(f"{marked}  ·  warm-up 700 steps", UNITS) == ["warm", "steps"]


def german_numbers(text: str) -> list[float]:
    """Every number of a German text, read with Babel's German number parser."""
    out = []
    for token in GERMAN_NUMBER.findall(text):
        token = token.replace("−", "-")
        mantissa, e, exponent = token.partition("e")
        value = parse_decimal(mantissa, locale="de", strict=True)
        out.append(float(value.scaleb(int(exponent)) if e else value))
    return out


def english_value(number: str) -> float:
    return float(number.replace("\u2009", "").replace("−", "-"))


@pytest.mark.parametrize("entry", CATALOGUE, ids=lambda e: e.name)
def test_the_german_notes_quote_mathcores_numbers_as_german_writes_them(entry, tmp_path):
    """The numbers of every German note, parsed with Babel's German rules, are the numbers the English note
    quotes from mathcore (tests/clips/test_notes.py): every one of them, and no other."""
    scene_cls = entry.load()
    expected, names = expected_notes(scene_cls)  # in English, the language the tests run in
    with talks.using(GERMAN_TALK), tempconfig({**TEST_CONFIG, "media_dir": str(tmp_path)}):
        scene = scene_cls(skip_animations=True)
        skipping.run(scene)
    notes = [b.note for b in scene.beats]
    assert len(notes) == len(expected)
    for note, shown in zip(notes, expected, strict=True):
        want = {english_value(n) for text in shown for n in numbers(text)}
        got = german_numbers(without_names(note, names))
        assert set(got) <= want, f"numbers not from mathcore {sorted(set(got) - want)} in: {note}"
        assert want <= set(got), f"{sorted(want - set(got))} missing from: {note}"
        english = ENGLISH.findall(without_names(note, names))
        assert not english, f"English words {english} in: {note}"  # every sentence translated


#: English words a German sentence does not hold (a sentence left in English holds several).
ENGLISH = re.compile(r"\b(?:the|and|of|is|at|with|from|to|its|which|where|bytes|steps)\b")
