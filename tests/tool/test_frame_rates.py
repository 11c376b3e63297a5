"""Every quality renders: at 15, 30 and 60 fps a clip's frames, its beats, its captions and its slides cut the
clip at the same frames (issue 25: at 30 fps a clip ended 4 ms before its frames, and its captions ran past
it).

Two tiny scenes (tests/fixtures_scenes.py) whose animations last fractions of a millisecond more than whole
milliseconds at each rate (0.23 s is 7 frames at 30 fps, 233.33 ms) render for real through the render
pipeline (clip, beats, captions) and the slides pipeline, at qualities l, m and h.
"""

from __future__ import annotations

import json
import math
from fractions import Fraction
from pathlib import Path

import av
import pytest
import webvtt
from manim import tempconfig

from lecture_scenes import mp4s, reel, render, runner, slides
from lecture_scenes.options import QUALITIES
from scenes.kit import notes
from scenes.kit.patches import exact_lengths
from tests.fixtures_scenes import CATALOGUE as TINY
from tests.fixtures_scenes import TINY_STEPS
from tests.the_talk import TALK

ENTRIES = (TINY[0], TINY_STEPS)  # TinyCircle (0.23, 0.27 and 0.5 s), TinySteps (a wait between plays)
FPS = {"l": 15, "m": 30, "h": 60}


@pytest.fixture(scope="module", params=["l", "m", "h"])
def rendered(request, tmp_path_factory):
    """The tiny scenes rendered at one quality: as clips (make render) and as slides (make slides)."""
    quality = request.param
    assert f"{FPS[quality]} fps" in QUALITIES[quality]
    media = tmp_path_factory.mktemp(f"media_{quality}")
    for entry in ENTRIES:
        result = render.render_one(entry, media, TALK, quality)
        assert result.ok, f"{entry.name}: {result.reason}\n{result.log.read_text()[-3000:]}"
        result = slides.render_slides_one(entry, media, TALK, quality)
        assert result.ok, f"{entry.name} slides: {result.reason}\n{result.log.read_text()[-3000:]}"
    made = reel.build_reel(ENTRIES, media, quality)
    assert made.status == "ok", made.reason
    return quality, media


def presentation_times(path: Path) -> list[Fraction]:
    """Every frame's presentation time in seconds, in order, exactly."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        return sorted(
            Fraction(p.pts) * stream.time_base for p in container.demux(stream) if p.pts is not None
        )


def test_every_frame_of_the_clip_is_shown_at_its_frame_time(rendered):
    quality, media = rendered
    fps = FPS[quality]
    for entry in ENTRIES:
        clip = media / entry.name / f"{entry.name}.mp4"
        line = notes.read_sidecar(clip.with_name(f"{entry.name}{notes.SIDECAR_SUFFIX}"))
        assert line.fps == fps
        times = presentation_times(clip)
        assert len(times) == line.frames == notes.frames_in(clip)
        assert times == [Fraction(k, fps) for k in range(line.frames)], f"{entry.name} at {fps} fps"
        # the file says the length its frames make: no clock but the frames
        assert runner.video_seconds(clip) == pytest.approx(line.frames / fps, abs=1e-6)


def test_every_partial_movie_states_the_length_of_its_frames(rendered):
    """The root of the drift: Manim's partial movies, joined by their stated lengths."""
    quality, media = rendered
    with tempconfig({"frame_rate": FPS[quality]}):
        for entry in ENTRIES:
            partials = list(
                (runner.manim_media(media, entry.name) / "videos").rglob("partial_movie_files/*/*.mp4")
            )
            assert len(partials) >= 3
            for path in partials:
                assert exact_lengths.stated_exactly(path), path


def test_each_description_cue_starts_in_its_beats_first_frame_and_the_last_ends_with_the_clip(rendered):
    quality, media = rendered
    fps = FPS[quality]
    for entry in ENTRIES:
        folder = media / entry.name
        line = notes.read_sidecar(folder / f"{entry.name}{notes.SIDECAR_SUFFIX}")
        cues = webvtt.read(str(folder / f"{entry.name}.descriptions.vtt")).captions
        assert len(cues) == len(line.beats) > 1
        for cue, beat in zip(cues, line.beats, strict=True):
            # the frame on screen when the cue starts (frame k is shown from k / fps to (k + 1) / fps)
            assert math.floor(cue.start_time.in_milliseconds() * fps / 1000) == beat.frame
        for cue, after in zip(cues, cues[1:], strict=False):
            assert cue.end_time.in_milliseconds() == after.start_time.in_milliseconds()
        end = cues[-1].end_time.in_milliseconds()
        assert 0 <= end - line.frames * 1000 / fps < 1  # the clip's end, to the millisecond above it


def test_each_slide_is_its_beats_frames_of_the_clip(rendered):
    quality, media = rendered
    for entry in ENTRIES:
        line = notes.read_sidecar(media / entry.name / f"{entry.name}{notes.SIDECAR_SUFFIX}")
        ends = [b.frame for b in line.beats[1:]] + [line.frames]
        spans = [end - b.frame for b, end in zip(line.beats, ends, strict=True)]
        work = media / ".work" / "slides" / entry.name
        shown = json.loads((work / "slides" / f"{entry.name}.json").read_text())["slides"]
        assert [notes.frames_in(work / s["file"]) for s in shown] == spans


def test_the_reel_shows_every_frame_at_its_time_and_its_descriptions_cut_at_the_clips_beats(rendered):
    quality, media = rendered
    fps = FPS[quality]
    lines = [notes.read_sidecar(media / e.name / f"{e.name}{notes.SIDECAR_SUFFIX}") for e in ENTRIES]
    frames = sum(line.frames for line in lines)
    assert presentation_times(media / reel.REEL) == [Fraction(k, fps) for k in range(frames)]
    firsts, start = [], 0
    for line in lines:
        firsts += [start + b.frame for b in line.beats]
        start += line.frames
    cues = webvtt.read(str(media / reel.DESCRIPTIONS)).captions
    assert [math.floor(c.start_time.in_milliseconds() * fps / 1000) for c in cues] == firsts


def test_every_mp4_written_has_its_index_before_its_media_data(rendered):
    """The clips, the reel and the slides' videos (the decks are made of these files): fast start."""
    _, media = rendered
    written = [media / reel.REEL] + [media / e.name / f"{e.name}.mp4" for e in ENTRIES]
    written += list((media / ".work" / "slides").rglob("slides/files/*/*.mp4"))
    assert len(written) >= 1 + len(ENTRIES) * 3
    for path in written:
        assert mp4s.index_first(path), f"{path}: {mp4s.top_level_boxes(path)}"
