"""The talk's script in the talk's language (lecture_scenes/script.py): its headings and fixed texts from the
catalogue, like the notes, and the clips' descriptions and sources in the language too."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from lecture_scenes import script
from scenes import kl_sweep
from scenes.kit import notes, words
from tests.the_talk import CATALOGUE

ENGLISH_FIXED = re.compile(
    r"\b(?:Beat|Sources|scenes|beats|of video|long, at|the talk's script|the end of)\b"
)


def write(tmp_path, language: str, note: str, description: str, source: str):
    """A script of one stand-in clip (two beats, a still each) written in `language`."""
    entry = CATALOGUE[0]
    folder = tmp_path / entry.name
    folder.mkdir()
    beats = (notes.Beat(note, 0, 0), notes.Beat(note, 1, 45))
    line = notes.Timeline(entry.name, 30.0, 90, beats, (source,), description)
    notes.write_sidecar(folder / f"{entry.name}{notes.SIDECAR_SUFFIX}", line)
    for k in (1, 2):
        Image.new("RGB", (16, 9)).save(folder / f"beat{k}.png")
    made = script.build_script([entry], tmp_path, "Vortrag", language)
    assert made.status == "ok", made.reason
    return (tmp_path / script.MARKDOWN).read_text(), (tmp_path / script.HTML).read_text()


@pytest.mark.parametrize(
    ("language", "heading", "beat", "sources"),
    [
        (
            "de",
            "# Vortrag: das Skript zum Vortrag",
            "### Abschnitt 1 von 2 · 0:00.0–0:01.5",
            "Woher die Zahlen",
        ),
        ("zh-Hans", "# Vortrag：讲稿", "### 第 1 段，共 2 段 · 0:00.0–0:01.5", "数字的来源"),
    ],
)
def test_the_script_reads_in_the_talks_language(tmp_path, language, heading, beat, sources):
    text, page = write(tmp_path, language, "Ein Satz.", "Beschreibung", "Quelle")
    assert text.splitlines()[0] == heading
    assert beat in text and sources in text
    assert not ENGLISH_FIXED.findall(text), ENGLISH_FIXED.findall(text)
    soup = BeautifulSoup(page, "html.parser")
    assert soup.html["lang"] == language and soup.title.string == heading.removeprefix("# ")


def test_the_english_script_is_as_before(tmp_path):
    text, page = write(tmp_path, "en", "A sentence.", "What it shows", "A source")
    assert text.splitlines()[0] == "# Vortrag: the talk's script"
    assert "1 scene, 2 beats, 0:03.0 of video. Every scene in talk order" in text
    assert "### Beat 2 of 2 · 0:01.5–0:03.0" in text and "**Sources of the numbers**" in text
    assert "*What it shows* (0:03.0 long, at 0:00.0 in the talk reel)." in text


def test_a_clips_description_and_sources_are_in_the_language_in_force():
    english = kl_sweep.KLSweep.describe(), kl_sweep.KLSweep.sources()
    with words.use("de"):
        german = kl_sweep.KLSweep.describe(), kl_sweep.KLSweep.sources()
    assert (
        english[0].startswith("A model Gaussian sweeps past N(0, 1)")
        and "0.101 nats at frame 26.8" in english[0]
    )
    assert (
        german[0].startswith("Ein Gauß-Modell wandert an N(0, 1) vorbei")
        and "0,101 nats bei Bild 26,8" in german[0]
    )
    assert all("mathcore.kl." in s for s in german[1]) and german[1] != english[1]
    for entry in CATALOGUE:  # every clip's, none left in English words
        with words.use(words.PSEUDO):
            cls = entry.load()
            assert "[" in cls.describe() and "[" in cls.sources()[-1], entry.name  # the data stay as they are
