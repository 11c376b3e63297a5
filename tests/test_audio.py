"""scenes/kit/audio.py on real audio from ffmpeg's sources: loudness reached, silences and lengths found."""

from __future__ import annotations

import subprocess
import sys
import wave
from pathlib import Path

import pytest

from scenes.kit import audio


def make(path: Path, source: str, *args: str) -> Path:
    """`path` from ffmpeg's lavfi `source` (e.g. "sine=f=440:d=2"), then `args` (filters, codecs)."""
    cmd = ["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", source, *args, str(path)]
    subprocess.run(cmd, check=True)
    return path


def speechlike(
    path: Path, gain_db: float, seconds: float = 4.0, rate: int = 22050, channels: int = 1
) -> Path:
    """Pink noise in 0.35 s bursts with gaps, peaks far above its loudness as speech's are, at `gain_db`."""
    gate = "volume='if(lt(mod(t,0.6),0.35),1,0)':eval=frame"
    return make(
        path,
        f"anoisesrc=d={seconds}:c=pink:r={rate}:a=0.5:s=7",
        "-af",
        f"{gate},volume={gain_db}dB",
        "-ac",
        str(channels),
    )


def assert_normalised(path: Path) -> None:
    got = audio.measure(path)
    assert abs(got.integrated - audio.TARGET_LUFS) <= 1.0, got
    assert got.true_peak <= audio.TARGET_PEAK + 0.1, got
    with wave.open(str(path)) as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (audio.RATE, 1, 2)


@pytest.mark.parametrize("gain_db", [-30.0, 0.0])
def test_a_quiet_and_a_loud_input_are_both_made_minus_16_lufs_under_the_peak_ceiling(tmp_path, gain_db):
    src = speechlike(tmp_path / "in.wav", gain_db)
    before = audio.measure(src)
    assert abs(before.integrated - audio.TARGET_LUFS) > 3  # the test means something: far from the target
    dst = tmp_path / "out" / "speech.wav"
    audio.normalise(src, dst)
    assert_normalised(dst)
    assert abs(audio.seconds(dst) - audio.seconds(src)) < 0.01
    assert [p.name for p in dst.parent.iterdir()] == ["speech.wav"]  # no temporary file left


def test_a_steady_tone_gets_a_plain_gain_and_a_stereo_file_becomes_mono(tmp_path):
    src = make(tmp_path / "tone.flac", "sine=f=330:d=2:r=44100", "-af", "volume=-25dB", "-ac", "2")
    audio.normalise(src, tmp_path / "tone.wav")
    assert_normalised(tmp_path / "tone.wav")


def test_measure_reads_the_audio_of_an_mp4(tmp_path):
    src = speechlike(tmp_path / "in.wav", -10.0)
    wav = tmp_path / "n.wav"
    audio.normalise(src, wav)
    mp4 = tmp_path / "clip.mp4"
    cmd = ["ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i", "color=c=black:s=64x64:d=4:r=10"]
    cmd += ["-i", str(wav), "-c:v", "libx264", "-c:a", "aac", "-b:a", "192k", "-shortest", str(mp4)]
    subprocess.run(cmd, check=True)
    got = audio.measure(mp4)
    assert abs(got.integrated - audio.TARGET_LUFS) <= 1.0
    assert got.true_peak <= -1.0  # the AAC's overshoot stays inside the 0.5 dB left for it


def test_silences_are_found_where_they_are_and_one_running_to_the_end_ends_at_the_length(tmp_path):
    # 1 s tone, 0.5 s silence, 1 s tone, 0.7 s silence
    tone = "sine=f=440:d=1:r=48000"
    path = make(
        tmp_path / "gaps.wav",
        f"{tone}[a];anullsrc=r=48000:cl=mono:d=0.5[b];{tone}[c];anullsrc=r=48000:cl=mono:d=0.7[d];"
        "[a][b][c][d]concat=n=4:v=0:a=1",
    )
    assert audio.seconds(path) == pytest.approx(3.2, abs=0.002)
    found = audio.silences(path)
    assert len(found) == 2
    assert found[0] == pytest.approx((1.0, 1.5), abs=0.01)
    assert found[1] == pytest.approx((2.5, 3.2), abs=0.01)
    assert audio.silences(path, min_seconds=0.6) == [pytest.approx((2.5, 3.2), abs=0.01)]


def test_a_file_ffmpeg_cannot_read_is_one_line_naming_it(tmp_path):
    bad = tmp_path / "noise.wav"
    bad.write_bytes(bytes(range(256)) * 40)
    for call in (
        audio.measure,
        audio.seconds,
        audio.silences,
        lambda p: audio.normalise(p, tmp_path / "o.wav"),
    ):
        with pytest.raises(audio.AudioError) as e:
            call(bad)
        assert str(bad) in str(e.value) and "\n" not in str(e.value)


def test_a_silent_file_cannot_be_normalised(tmp_path):
    silent = make(tmp_path / "silent.wav", "anullsrc=r=48000:cl=mono:d=1")
    with pytest.raises(audio.AudioError, match="silent"):
        audio.normalise(silent, tmp_path / "o.wav")


def test_the_audio_modules_import_no_manim():
    code = (
        "import sys; import scenes.kit.audio, scenes.kit.voice, scenes.kit.recordings;"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'manim', 'manim_slides', 'piper'}))"
    )
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root)
    out = out.stdout
    assert out.strip() == "[]"  # and Piper is loaded only when joe speaks
