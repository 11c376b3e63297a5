"""scenes/kit/recordings.py on real files: a voice's speech in four formats, broken ones made by ffmpeg."""

from __future__ import annotations

import subprocess
import wave
from pathlib import Path

import pytest

from scenes.kit import audio, recordings, voice

SENTENCES = ["This is the lecturer speaking.", "The second sentence of the beat."]


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *args], check=True)


@pytest.fixture(scope="module")
def speech(tmp_path_factory) -> voice.Speech:
    """A recording stand-in: espeak-ng's speech, normalised, with 0.5 s of silence before and 0.7 s after."""
    folder = tmp_path_factory.mktemp("said")
    s = voice.speak(SENTENCES, voice.named("espeak-en", "en"), folder)
    padded = folder / "padded.wav"
    ffmpeg("-i", str(s.path), "-af", "adelay=500:all=1,apad=pad_dur=0.7", str(padded))
    return voice.Speech(padded, audio.seconds(padded), ())


FORMATS = {  # suffix: how ffmpeg writes it
    ".wav": ["-ar", "44100", "-ac", "2"],
    ".flac": ["-ar", "48000"],
    ".mp3": ["-ar", "44100", "-b:a", "128k"],
    ".m4a": ["-ar", "44100", "-ac", "2", "-c:a", "aac", "-b:a", "128k"],
}


@pytest.mark.parametrize("suffix", list(FORMATS))
def test_a_recording_in_each_format_is_accepted_and_normalised(tmp_path, speech, suffix):
    path = tmp_path / "narration" / "KLSweep" / f"beat1{suffix}"
    path.parent.mkdir(parents=True)
    ffmpeg("-i", str(speech.path), *FORMATS[suffix], str(path))
    assert recordings.problems(path) == []
    assert recordings.find(tmp_path / "narration", "KLSweep", 1) == path
    assert recordings.check(tmp_path / "narration") == []
    got = recordings.recorded(path, tmp_path / "cache")
    loud = audio.measure(got.path)
    assert abs(loud.integrated - audio.TARGET_LUFS) <= 1.0 and loud.true_peak <= audio.TARGET_PEAK + 0.1
    with wave.open(str(got.path)) as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (audio.RATE, 1, 2)
    (start, end), length = got.sentences[0], speech.seconds
    assert len(got.sentences) == 1
    assert got.seconds == pytest.approx(length, abs=0.08)  # mp3 and AAC add a frame or two of priming
    assert start == pytest.approx(0.5, abs=0.08) and end == pytest.approx(length - 0.7, abs=0.1)


def test_a_recording_is_made_once_and_found_again_by_its_content(tmp_path, speech):
    cache = tmp_path / "cache"
    first = recordings.recorded(speech.path, cache)
    made = first.path.stat().st_mtime_ns
    copy = tmp_path / "beat3.wav"
    copy.write_bytes(speech.path.read_bytes())
    again = recordings.recorded(copy, cache)
    assert again == first and first.path.stat().st_mtime_ns == made
    assert sorted(p.suffix for p in cache.iterdir()) == [".json", ".lock", ".wav"]


def broken(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "Scene"
    folder.mkdir(parents=True)
    unreadable = folder / "beat1.wav"
    unreadable.write_bytes(bytes((i * 7919) % 251 for i in range(20000)))
    silent = folder / "beat2.flac"
    ffmpeg("-f", "lavfi", "-i", "anullsrc=r=44100:cl=mono:d=2", str(silent))
    clipped = folder / "beat3.wav"  # a sine lifted 6 dB, written as 16-bit: hard-clipped at full scale
    ffmpeg(
        "-f", "lavfi", "-i", "sine=f=220:d=2:r=48000", "-af", "volume=8", "-c:a", "pcm_s16le", str(clipped)
    )
    return {"unreadable": unreadable, "silent": silent, "clipped": clipped}


def test_an_unreadable_a_silent_and_a_clipped_file_each_give_one_line_naming_it(tmp_path):
    for what, path in broken(tmp_path).items():
        found = recordings.problems(path)
        assert len(found) == 1 and "\n" not in found[0], found
        assert found[0].startswith(f"{path}: {what}"), found


@pytest.mark.parametrize("suffix", [".mp3", ".m4a"])
def test_a_clipped_recording_is_found_clipped_after_a_lossy_codec_too(tmp_path, suffix):
    clipped = broken(tmp_path)["clipped"]
    lossy = clipped.with_suffix(suffix)
    ffmpeg("-i", str(clipped), "-b:a", "128k", str(lossy))
    found = recordings.problems(lossy)
    assert len(found) == 1 and found[0].startswith(f"{lossy}: clipped"), found


def test_clean_speech_that_reaches_full_scale_now_and_then_is_not_clipped(tmp_path, speech):
    loud = tmp_path / "loud.wav"  # the speech peak-normalised to 0 dBFS: a few samples at full scale
    peak = audio.measure(speech.path).true_peak
    ffmpeg("-i", str(speech.path), "-af", f"volume={-peak:.2f}dB", "-c:a", "pcm_s16le", str(loud))
    assert recordings.problems(loud) == []
    assert recordings.problems(speech.path) == []


def test_check_names_every_problem_of_a_narration_folder(tmp_path, speech):
    folder = tmp_path / "narration"
    bad = broken(folder)
    scene = folder / "KLSweep"
    scene.mkdir()
    for name in ("beat1.wav", "beat2.m4a", "beat4.mp3"):
        ffmpeg("-i", str(speech.path), str(scene / name))
    (scene / "beat2.ogg").write_bytes(b"")
    (scene / "take2.wav").write_bytes(b"")
    (scene / ".DS_Store").write_bytes(b"")
    found = recordings.check(folder)
    expected_starts = [
        f"{scene / 'beat2.ogg'}: the suffix must be one of .wav, .flac, .mp3, .m4a",
        f"{scene / 'take2.wav'}: the name must be beat<k>.<suffix>",
        f"{scene}: no recording for beat 3 of 4",
        *(f"{path}: {what}" for what, path in bad.items()),
    ]
    for start in expected_starts:
        assert sum(line.startswith(start) for line in found) == 1, (start, found)
    assert len(found) == len(expected_starts), found
    with_beats = recordings.check(folder, {"KLSweep": 5, "Scene": 3, "Other": 2})
    assert f"{scene}: no recording for beat 5 of 5 (beat5.<suffix>)" in with_beats
    assert not any("Other" in line for line in with_beats)  # no folder: its beats are the voice's
    assert f"{scene / 'beat4.mp3'}: KLSweep has 3 beats, no beat 4" in recordings.check(
        folder, {"KLSweep": 3, "Scene": 3}
    )


def test_two_files_for_one_beat_are_an_error_naming_both(tmp_path, speech):
    scene = tmp_path / "KLSweep"
    scene.mkdir()
    for suffix in (".wav", ".mp3"):
        ffmpeg("-i", str(speech.path), str(scene / f"beat2{suffix}"))
    with pytest.raises(audio.AudioError) as e:
        recordings.find(tmp_path, "KLSweep", 2)
    assert str(scene / "beat2.mp3") in str(e.value) and str(scene / "beat2.wav") in str(e.value)
    assert recordings.find(tmp_path, "KLSweep", 1) is None and recordings.find(tmp_path, "Nope", 1) is None
    assert any("two recordings for beat 2" in line for line in recordings.check(tmp_path))
