"""`make slides` on two tiny scenes: an offline reveal.js deck that plays in headless Chromium, and a PPTX.

Needs what `make test` sets up: Debian's chromium and reveal.js's files (tools/fetch_reveal.sh). The
screenshots of every slide land in media/test_deck/ to be looked at.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from collections import deque
from pathlib import Path

import av
import numpy as np
import pptx
import pytest
from PIL import Image

from lecture_scenes import mp4s, slides
from lecture_scenes.catalogue import ROOT
from lecture_scenes.deckcheck import check_deck
from scenes.kit import notes
from tests.fixtures_scenes import CATALOGUE as TINY

FIXTURES = "tests.fixtures_scenes:CATALOGUE"
SCREENSHOTS = ROOT / "media" / "test_deck"
SLIDE_COUNT = 4  # two scenes, two beats each
NOTES = ["A circle appears.", "It becomes a square.", "A square appears.", "It fades out."]  # their beats'


def run_slides(media: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "lecture_scenes.slides",
            "--catalogue",
            FIXTURES,
            "--media-dir",
            str(media),
            *args,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    """One real `make slides` of the two tiny scenes."""
    media = tmp_path_factory.mktemp("media")
    cmd = ["make", "--no-print-directory", "slides", f"MEDIA={media}", f"CATALOGUE={FIXTURES}", "JOBS=2"]
    cmd.append(f"VENV={Path(sys.executable).parent}")  # the Manim under test, not always .venv's
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return media, proc


def test_make_slides_writes_the_html_deck_the_pptx_and_checks_the_deck(deck):
    media, proc = deck
    for name in (e.name for e in TINY):
        assert (media / "slides" / f"{name}.json").is_file()  # a manim-slides folder: `present` plays it
    assert (media / "slides" / "talk.html").is_file() and (media / "slides" / "talk.pptx").is_file()
    n = SLIDE_COUNT
    summary = f"{n} slides, {n} videos loaded, {n} speaker notes ({n} in the speaker view), 0 page errors"
    assert summary + ", 0 outside requests" in proc.stdout


def test_every_slide_of_the_html_deck_carries_its_beats_note(deck):
    from bs4 import BeautifulSoup

    media, _ = deck
    soup = BeautifulSoup((media / "slides" / "talk.html").read_text(), "html.parser")
    sections = soup.select(".slides section[data-background-video]")
    assert [s.select_one("aside.notes").get_text(strip=True) for s in sections] == NOTES
    # reveal.js's notes plugin (the speaker view) ships in the deck's folder and is loaded from there
    assert "talk_assets/reveal.js/dist/plugin/notes.js" in slides.deck_links(media / "slides" / "talk.html")
    assert (media / "slides" / "talk_assets" / "reveal.js" / "dist" / "plugin" / "notes.js").is_file()


def test_every_slide_of_the_pptx_has_its_note_on_its_notes_page(deck):
    media, _ = deck
    deck_pptx = pptx.Presentation(str(media / "slides" / "talk.pptx"))
    assert [s.has_notes_slide for s in deck_pptx.slides] == [True] * SLIDE_COUNT
    assert [s.notes_slide.notes_text_frame.text for s in deck_pptx.slides] == NOTES


def test_the_html_deck_links_only_files_beside_it(deck):
    media, _ = deck
    html = media / "slides" / "talk.html"
    links = slides.deck_links(html)
    assert sum(link.endswith(".mp4") for link in links) == SLIDE_COUNT
    assert any(link.endswith("reveal.js/dist/reveal.js") for link in links)
    assert slides.offline_problems(html) == []


def test_the_deck_plays_offline_in_headless_chromium(deck):
    media, _ = deck
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    report = check_deck(media / "slides" / "talk.html", SCREENSHOTS)
    assert report.problems == []
    assert [s["index"] for s in report.slides] == list(range(SLIDE_COUNT))
    # the presenter's view: reveal.js's speaker view opened offline and showed each slide's note in turn
    assert report.notes_plugin and report.speaker_view
    assert [s["notes"] for s in report.slides] == [s["speaker_notes"] for s in report.slides] == NOTES
    for state in report.slides:
        assert state["ready"] >= 2 and state["width"] == 854 and state["duration"] > 0
        assert state["src"].startswith((media / "slides" / "talk_assets").resolve().as_uri())
    # Each screenshot shows the slide's video: more than the flat background.
    shot = np.asarray(Image.open(report.screenshots[1]).convert("RGB"))
    assert shot.shape == (720, 1280, 3) and len(np.unique(shot.reshape(-1, 3), axis=0)) > 10


def test_the_check_catches_a_missing_video_and_a_cdn_link(deck, tmp_path):
    media, _ = deck
    broken = tmp_path / "slides"
    shutil.copytree(media / "slides", broken)
    video = next((broken / "talk_assets").glob("s1_*.mp4"))
    video.unlink()
    html = broken / "talk.html"
    cdn = '<script src="https://cdn.jsdelivr.net/npm/reveal.js@6.0.1/dist/reveal.js"></script>'
    html.write_text(html.read_text().replace("</body>", cdn + "</body>"))
    assert any(video.name in p for p in slides.offline_problems(html))
    problems = check_deck(html).problems
    assert any("cdn.jsdelivr.net" in p for p in problems)
    assert any(video.name in p for p in problems)


def test_the_pptx_has_one_video_per_slide(deck):
    media, _ = deck
    deck_pptx = pptx.Presentation(str(media / "slides" / "talk.pptx"))
    assert len(deck_pptx.slides) == SLIDE_COUNT
    for slide in deck_pptx.slides:
        videos = [r for r in slide.part.rels.values() if r.reltype.endswith("/video")]
        assert len(videos) == 1


def slide_media(slide, kind: str) -> list[bytes]:
    """The blobs a PPTX slide links of `kind` ("video" or "image": the video's poster frame)."""
    return [r.target_part.blob for r in slide.part.rels.values() if r.reltype.endswith("/" + kind)]


def last_frame(video: bytes, folder: Path) -> np.ndarray:
    path = folder / "slide.mp4"
    path.write_bytes(video)
    with av.open(str(path)) as container:
        (frame,) = deque(container.decode(video=0), maxlen=1)
        return frame.to_ndarray(format="rgb24")


def test_each_pptx_slides_poster_is_the_frame_the_slide_ends_on(deck, tmp_path):
    """Not the first: a scene's first slide starts blank, and "Save as PDF" prints the posters."""
    media, _ = deck
    for k, slide in enumerate(pptx.Presentation(str(media / "slides" / "talk.pptx")).slides, 1):
        (video,), (poster,) = slide_media(slide, "video"), slide_media(slide, "image")
        end = last_frame(video, tmp_path).astype(int)
        shown = np.asarray(Image.open(io.BytesIO(poster)).convert("RGB")).astype(int)
        assert shown.shape == end.shape
        assert np.abs(shown - end).mean() < 1.0, f"slide {k}: its poster is not its last frame"


def test_every_video_of_the_decks_has_its_index_first(deck, tmp_path):
    """The HTML deck's videos and the PPTX's play before they are fully loaded (fast start)."""
    media, _ = deck
    assets = sorted((media / "slides" / "talk_assets").glob("*.mp4"))
    assert len(assets) == SLIDE_COUNT
    for path in assets:
        assert mp4s.index_first(path), f"{path.name}: {mp4s.top_level_boxes(path)}"
    for k, slide in enumerate(pptx.Presentation(str(media / "slides" / "talk.pptx")).slides, 1):
        (video,) = slide_media(slide, "video")
        (tmp_path / f"{k}.mp4").write_bytes(video)
        assert mp4s.index_first(tmp_path / f"{k}.mp4"), f"slide {k}'s video"


def test_a_failing_scene_leaves_the_last_deck(deck):
    media, _ = deck
    html = media / "slides" / "talk.html"
    before = html.read_bytes()
    proc = run_slides(media, "--force", "--no-check", env={"LECTURE_TEST_FAIL": "TinyCircle"})
    assert proc.returncode == 1
    assert "FAILED TinyCircle: RuntimeError: forced failure of TinyCircle" in proc.stderr
    assert html.read_bytes() == before and (media / "slides" / "talk.pptx").is_file()


def test_bad_quality_is_one_line_and_exit_2(tmp_path):
    proc = run_slides(tmp_path, "--quality", "z")
    assert proc.returncode == 2
    assert proc.stderr == "slides: QUALITY (--quality) must be one of l, m, h, k; got 'z'\n"


def test_each_slide_is_exactly_its_beats_frames_in_the_rendered_clip(deck):
    """make render of the same scenes: the slides cut each clip where its captions do, frame for frame."""
    media, _ = deck
    cmd = ["make", "--no-print-directory", "render", f"MEDIA={media}", f"CATALOGUE={FIXTURES}", "JOBS=2"]
    proc = subprocess.run(
        [*cmd, f"VENV={Path(sys.executable).parent}"], cwd=ROOT, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for entry in TINY:
        line = notes.read_sidecar(media / entry.name / f"{entry.name}{notes.SIDECAR_SUFFIX}")
        ends = [b.frame for b in line.beats[1:]] + [line.frames]
        spans = [end - b.frame for b, end in zip(line.beats, ends, strict=True)]
        shown = json.loads((media / "slides" / f"{entry.name}.json").read_text())["slides"]
        assert [notes.frames_in(media / s["file"]) for s in shown] == spans
        assert [s["notes"] for s in shown] == [b.note for b in line.beats]
