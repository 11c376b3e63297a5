"""The talk's script (lecture_scenes/script.py): every scene in talk order, a still and note per beat.

Built here from the catalogue's clips as the tests render them (their beats, as `make render` leaves them
beside each clip): the script's text for each beat is the clip's note, and its numbers are mathcore's
through the style formatters, checked as tests/clips/test_notes.py checks the notes.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from lecture_scenes import script
from scenes.kit import notes
from tests.clips.test_notes import assert_numbers, expected_notes
from tests.the_talk import CATALOGUE


@pytest.fixture(scope="module")
def written(rendered, tmp_path_factory):
    """The script of the catalogue, from each clip's beats (and a stand-in still per beat)."""
    media = tmp_path_factory.mktemp("media")
    for entry in CATALOGUE:
        line = rendered(entry.load()).scene.timeline
        folder = media / entry.name
        folder.mkdir()
        notes.write_sidecar(folder / f"{entry.name}{notes.SIDECAR_SUFFIX}", line)
        for k in range(len(line.beats)):
            Image.new("RGB", (16, 9)).save(folder / f"beat{k + 1}.png")
    made = script.build_script(CATALOGUE, media, "How LLMs learn and forget")
    assert made.status == "ok", made.reason
    return media, made, (media / script.MARKDOWN).read_text()


def sections(text: str) -> dict[str, list[str]]:
    """Scene name -> the text of each of its beats (the Markdown between one beat's heading and the next)."""
    out: dict[str, list[str]] = {}
    for part in re.split(r"^## \d+\. ", text, flags=re.MULTILINE)[1:]:
        name, _, body = part.partition("\n")
        beats = re.split(r"^### Beat .*$", body.split("**Sources of the numbers**")[0], flags=re.MULTILINE)
        out[name] = [re.sub(r"!\[[^\]]*\]\([^)]*\)", "", b).strip() for b in beats[1:]]
    return out


def test_the_script_has_every_scene_in_talk_order_and_every_beat(written, rendered):
    _, made, text = written
    found = sections(text)
    assert list(found) == [e.name for e in CATALOGUE]
    for entry in CATALOGUE:
        beats = rendered(entry.load()).scene.beats
        assert [script.escaped(b.note) for b in beats] == found[entry.name]
    assert made.beats == sum(len(v) for v in found.values())


@pytest.mark.parametrize("entry", CATALOGUE, ids=[e.name for e in CATALOGUE])
def test_the_numbers_in_the_script_are_mathcores_through_the_formatters(written, entry):
    _, _, text = written
    expected, names = expected_notes(entry.load())
    said = [s.replace("\\", "") for s in sections(text)[entry.name]]  # Markdown's escapes off
    assert len(said) == len(expected)
    for beat, shown in zip(said, expected, strict=True):
        assert_numbers(beat, shown, names)


def test_each_scene_says_where_its_numbers_come_from(written):
    _, _, text = written
    assert text.count("**Sources of the numbers**") == len(CATALOGUE)
    assert "Meta, Llama 3 model card (2024)" in text
    assert "weight decay 0.1 is assumed (not published)" in text  # Llama 3 405B's, where its numbers are


def test_the_html_script_opens_offline_with_a_still_per_beat(written):
    media, made, text = written
    soup = BeautifulSoup((media / script.HTML).read_text(), "html.parser")
    assert soup.html["lang"] == "en" and soup.title.string.endswith("the talk's script")
    images = soup.find_all("img")
    assert len(images) == made.beats and all(img["alt"] for img in images)
    assert all((media / img["src"]).is_file() for img in images)
    links = [t.get("href") or t.get("src") for t in soup.find_all(["a", "link", "script", "img"])]
    assert not [link for link in links if link and re.match(r"^[a-z]+:|^//", link)]
    assert [h.get_text() for h in soup.find_all("h2")] == [
        f"{i}. {e.name}" for i, e in enumerate(CATALOGUE, 1)
    ]


def test_a_scene_without_beats_leaves_the_script_alone(tmp_path):
    made = script.build_script(CATALOGUE[:1], tmp_path)
    assert made.status == "skipped" and CATALOGUE[0].name in made.reason
    assert not (tmp_path / script.MARKDOWN).exists()


@pytest.mark.parametrize(
    "text", ["a_b *x* _c_ [l](u) <t> # h \\ | ~", "mathcore.kl.seed_units_to_nats", "1 < 2"]
)
def test_a_note_shows_in_markdown_exactly_as_written(text):
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").render(script.escaped(text))
    assert BeautifulSoup(rendered, "html.parser").get_text().strip() == text
