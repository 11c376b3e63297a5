"""Narrated clips (issue 25): a tiny three-beat scene rendered for real with the default voice, measured.

The audio is measured, not heard: its loudness and true peak (ffmpeg's ebur128), the silences at the beat
boundaries (silencedetect), when speech starts in each beat, and the clip's length against its beats. The
captions are read back and held to the rules; a recording of one's own replaces its beat's voice.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import av
import pytest

from lecture_scenes import captions, mp4s, narrated
from lecture_scenes.catalogue import ROOT
from lecture_scenes.render import render_one
from scenes.kit import audio, narration, notes
from scenes.kit import talk as talks
from tests.fixtures_scenes import TINY_TALK

NAME = TINY_TALK.name


@pytest.fixture(scope="module")
def speech_cache(tmp_path_factory):
    """Speech made by these tests goes to a cache of their own (scenes/kit/narration.py: XDG_CACHE_HOME)."""
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    yield Path(os.environ["XDG_CACHE_HOME"])
    if before is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = before


def narrated_talk(recordings: Path):
    """A talk file narrated by the default voice, the recordings in `recordings`, beside that folder (the
    scene processes read the talk from its file)."""
    path = recordings.parent / f"talk-{recordings.name}.toml"
    path.write_text(
        f'[talk]\nscenes = ["KLSweep"]\n\n[narration]\nvoice = "default"\nrecordings = "{recordings}"\n'
    )
    return talks.load(path)


@pytest.fixture(scope="module")
def clip(tmp_path_factory, speech_cache):
    """TinyTalk rendered narrated at quality l: (folder, timeline)."""
    media = tmp_path_factory.mktemp("narrated")
    result = render_one(TINY_TALK, media, narrated_talk(tmp_path_factory.mktemp("none")), "l")
    assert result.ok, result.reason + "\n" + Path(result.log).read_text()[-3000:]
    folder = media / NAME
    return folder, notes.read_sidecar(folder / f"{NAME}{notes.SIDECAR_SUFFIX}")


def test_the_clip_has_aac_sound_and_its_index_first(clip):
    folder, _ = clip
    mp4 = folder / f"{NAME}.mp4"
    with av.open(str(mp4)) as movie:
        assert [s.codec_context.name for s in movie.streams.audio] == ["aac"]
    assert mp4s.index_first(mp4)


def test_loudness_is_minus_16_lufs_and_the_true_peak_at_most_minus_1(clip):
    folder, _ = clip
    level = audio.measure(folder / f"{NAME}.mp4")
    assert abs(level.integrated - audio.TARGET_LUFS) <= 1.0, level
    assert level.true_peak <= -1.0, level


def test_every_beat_boundary_falls_in_a_silence_and_speech_starts_within_half_a_second(clip):
    folder, line = clip
    quiet = audio.silences(folder / f"{NAME}.mp4", noise_db=-40.0, min_seconds=0.1)
    for k in range(1, len(line.beats)):
        at = line.start(k)
        assert any(a <= at <= b for a, b in quiet), (k, at, quiet)
    for k in range(len(line.beats)):
        at = line.start(k)
        # the silence the beat starts in ends (speech starts) within 0.5 s of its first frame
        starts = [b for a, b in quiet if a <= at + 1e-3 <= b] or [at]
        assert starts[0] - at <= 0.5, (k, at, starts)


def test_each_beat_lasts_at_least_its_voice_and_the_clip_is_the_sum_of_its_beats(clip):
    folder, line = clip
    assert line.narrated
    for k, beat in enumerate(line.beats):
        assert line.end(k) - line.start(k) >= beat.voiced + narration.PAUSE - 1 / line.fps, k
    lengths = [line.end(k) - line.start(k) for k in range(len(line.beats))]
    assert sum(lengths) == pytest.approx(line.seconds)
    with av.open(str(folder / f"{NAME}.mp4")) as movie:
        video = movie.streams.video[0]
        assert float(video.duration * video.time_base) == pytest.approx(line.seconds, abs=1e-3)
        sound = movie.streams.audio[0]
        assert float(sound.duration * sound.time_base) == pytest.approx(line.seconds, abs=0.05)


def test_the_beat_that_animates_longer_than_its_voice_keeps_its_own_length(clip):
    _, line = clip
    # beat 2 plays 0.4 s and waits 2.4 s: longer than "It moves right." said, so nothing is added
    assert line.end(1) - line.start(1) == pytest.approx(2.8, abs=1 / line.fps)
    assert line.beats[1].voiced < 2.8


def test_the_captions_are_readable_in_order_inside_the_clip_and_say_every_word(clip):
    folder, line = clip
    vtt = folder / f"{NAME}.vtt"
    assert captions.readable_problems(vtt) == []
    import webvtt

    cues = webvtt.read(str(vtt)).captions
    assert cues[-1].end_time.in_milliseconds() <= captions.milliseconds(line.seconds)
    shown = " ".join(captions.read_text(c).replace("\n", " ") for c in cues)
    assert shown.split() == " ".join(b.note for b in line.beats).split()
    assert not (folder / f"{NAME}{captions.DESCRIPTIONS}").exists()


def test_each_sentence_caption_starts_when_its_voice_does(clip):
    _, line = clip
    cues = narrated.caption_cues(line)
    first_sentence_starts = [line.start(k) + b.sentences[0][1] for k, b in enumerate(line.beats)]
    for at in first_sentence_starts:
        assert any(abs(c.start / 1000 - at) < 0.01 for c in cues), (at, cues)


def test_a_rerender_with_the_same_notes_synthesises_nothing(clip, speech_cache, tmp_path):
    before = {p: p.stat().st_mtime_ns for p in speech_cache.rglob("*.wav")}
    result = render_one(TINY_TALK, tmp_path, narrated_talk(tmp_path / "none"), "l")
    assert result.ok, result.reason
    after = {p: p.stat().st_mtime_ns for p in speech_cache.rglob("*.wav")}
    assert after == before


def test_a_recording_of_ones_own_replaces_its_beat_and_the_timing_follows_it(clip, tmp_path, speech_cache):
    own = tmp_path / "narration" / NAME
    own.mkdir(parents=True)
    # 4 s of the lecturer (a tone here), at 44.1 kHz in stereo: beat 1 now lasts at least that long
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=220:duration=4", "-ac", "2"]
        + ["-ar", "44100", own / "beat1.flac"],
        check=True,
    )
    result = render_one(TINY_TALK, tmp_path / "media", narrated_talk(tmp_path / "narration"), "l")
    assert result.ok, result.reason + Path(result.log).read_text()[-2000:]
    line = notes.read_sidecar(tmp_path / "media" / NAME / f"{NAME}{notes.SIDECAR_SUFFIX}")
    assert line.beats[0].voiced == pytest.approx(4.0, abs=0.15)
    assert line.end(0) - line.start(0) >= 4.0
    _, silent_voice = clip
    assert line.beats[1].audio == silent_voice.beats[1].audio  # the other beats: the voice, from the cache
    assert "no recording for beat2, beat3" in Path(result.log).read_text()


def test_bad_recordings_are_one_line_each_and_check_exits_2(tmp_path):
    own = tmp_path / "narration" / NAME
    own.mkdir(parents=True)
    (own / "beat1.wav").write_bytes(os.urandom(2000))
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "anullsrc=r=48000:cl=mono",
            "-t",
            "2",
            own / "beat2.wav",
        ],
        check=True,
    )
    talk_file = tmp_path / "talk.toml"
    talk_file.write_text('[talk]\nscenes = ["KLSweep"]\n\n[narration]\nvoice = "default"\n')
    proc = subprocess.run(
        [sys.executable, "-m", "lecture_scenes.cli", "check", str(talk_file)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert any("beat1.wav" in line for line in lines) and any("beat2.wav" in line for line in lines), lines
    assert "Traceback" not in proc.stderr


def test_an_unknown_voice_is_one_line_and_exit_2(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "lecture_scenes.render", "--voice", "nobody", "--media-dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "nobody" in proc.stderr and "default" in proc.stderr


def test_narrated_outputs_sit_apart_from_the_silent_ones():
    from lecture_scenes.options import voiced_media

    assert voiced_media("media", "none") == Path("media")
    assert voiced_media("media", "default") == Path("media/narrated/default")


def test_the_sidecar_keeps_each_beats_voice(clip):
    folder, _ = clip
    data = json.loads((folder / f"{NAME}{notes.SIDECAR_SUFFIX}").read_text())
    for beat in data["beats"]:
        assert beat["voiced"] > 0.5 and Path(beat["audio"]).is_file()
        assert [s[0] for s in beat["sentences"]] == narration.spoken.sentences(beat["note"])


@pytest.fixture(scope="module")
def narrated_deck(tmp_path_factory, speech_cache):
    """`make slides VOICE=default` of TinyTalk: its deck, HTML and PPTX."""
    media = tmp_path_factory.mktemp("deck")
    cmd = ["make", "--no-print-directory", "slides", f"MEDIA={media}", "VOICE=default"]
    cmd += ["CATALOGUE=tests.fixtures_scenes:NARRATED", f"VENV={Path(sys.executable).parent}"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return media / "narrated" / "default" / "slides", proc


def test_every_slide_video_of_the_deck_speaks_its_beat(narrated_deck, tmp_path):
    import pptx

    folder, proc = narrated_deck
    assets = sorted((folder / "talk_assets").glob("*.mp4"))
    assert len(assets) == 3
    for video in assets:
        with av.open(str(video)) as movie:
            assert movie.streams.audio, video.name
        assert audio.measure(video).integrated > -20.0, video.name
        assert mp4s.index_first(video)
    assert "data-background-video-muted" not in (folder / "talk.html").read_text()
    for k, slide in enumerate(pptx.Presentation(str(folder / "talk.pptx")).slides, 1):
        (blob,) = [r.target_part.blob for r in slide.part.rels.values() if r.reltype.endswith("/video")]
        (tmp_path / f"{k}.mp4").write_bytes(blob)
        with av.open(str(tmp_path / f"{k}.mp4")) as movie:
            assert movie.streams.audio, f"slide {k} of the PPTX is silent"
    assert "3 videos loaded" in proc.stdout


def test_the_narrated_reel_has_the_clips_sound_and_captions(clip):
    from lecture_scenes.reel import CAPTIONS, build_reel

    folder, line = clip
    reel = build_reel([TINY_TALK], folder.parent, "l")
    assert reel.status == "ok" and reel.seconds == pytest.approx(line.seconds, abs=0.05)
    with av.open(str(reel.path)) as movie:
        assert movie.streams.audio
    assert captions.readable_problems(folder.parent / CAPTIONS) == []
    assert not (folder.parent / "talk_reel.descriptions.vtt").exists()


def test_at_30_fps_too_the_beats_captions_and_sound_agree(tmp_path, speech_cache):
    """QUALITY=m (720p30): a held frame lasts a whole number of frames at any frame rate."""
    result = render_one(TINY_TALK, tmp_path, narrated_talk(tmp_path / "none"), "m")
    assert result.ok, result.reason
    line = notes.read_sidecar(tmp_path / NAME / f"{NAME}{notes.SIDECAR_SUFFIX}")
    assert line.fps == 30
    for k, beat in enumerate(line.beats):
        assert line.end(k) - line.start(k) >= beat.voiced + narration.PAUSE - 1 / line.fps
    assert captions.readable_problems(tmp_path / NAME / f"{NAME}.vtt") == []
    assert audio.measure(tmp_path / NAME / f"{NAME}.mp4").true_peak <= -1.0


def test_the_script_gives_each_beat_its_spoken_length(clip):
    from lecture_scenes import script

    _, line = clip
    text = script.markdown([line], "A narrated talk")
    for beat in line.beats:
        assert f"spoken for {script.clock(beat.voiced)}" in text
