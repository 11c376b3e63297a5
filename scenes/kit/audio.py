"""Speech files: loudness normalised, measured, their silences and lengths found (ffmpeg and ffprobe).

Every speech file of a clip, synthesised (scenes/kit/voice.py) or recorded (scenes/kit/recordings.py), is
made by :func:`normalise`: 48 kHz mono 16-bit WAV at -16 LUFS integrated (EBU R128), its true peak at most
-2 dBTP, so that the AAC encoding in the clip's mp4 stays at or below -1 dBTP. :func:`measure` reads
loudness back from any file with audio (wav, mp4), :func:`silences` finds the pauses, :func:`seconds` the
length.

No manim here: the tool and the scene process both import it.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

RATE = 48000  # every speech file is made 48 kHz mono s16 WAV
TARGET_LUFS = -16.0  # EBU R128 integrated loudness
TARGET_PEAK = -2.0  # dBTP: AAC encoding lifts true peaks by up to ~0.5 dB; the mp4 must stay <= -1 dBTP
PASSES = 6  # normalise's passes at most (one where no peak is limited; three or four for TTS speech)
PEAK_MARGIN = 0.3  # dB under TARGET_PEAK that the limiter aims at: resampling and s16 move peaks a little
FFMPEG = "ffmpeg"
FFPROBE = "ffprobe"


class AudioError(ValueError):
    """One line naming the file and what is wrong with it."""


@dataclass(frozen=True)
class Loudness:
    integrated: float  # LUFS (EBU R128); -70.0 or below: silence, or too short to measure
    true_peak: float  # dBTP


def _run(path: Path, cmd: list[str], what: str) -> str:
    """Run ffmpeg/ffprobe `cmd` about `path`; its stderr (ffmpeg's reports) or an AudioError."""
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, errors="replace", check=False)
    except FileNotFoundError:
        raise AudioError(
            f"{path}: cannot {what}: {cmd[0]} is not on the PATH (tools/setup.sh installs it)"
        ) from None
    if proc.returncode:
        last = (proc.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise AudioError(f"{path}: cannot {what}: {cmd[0]} says: {last}")
    return proc.stdout + proc.stderr


def _ffmpeg_filter(path: Path, af: str, what: str) -> str:
    """Decode the first audio stream of `path` through the filter chain `af`; ffmpeg's report."""
    cmd = [FFMPEG, "-nostdin", "-hide_banner", "-nostats", "-i", str(path), "-map", "0:a:0", "-af", af]
    return _run(path, [*cmd, "-f", "null", "-"], what)


def _number(text: str) -> float:
    return -math.inf if text.strip() in ("-inf", "-nan", "nan") else float(text)


def measure(path: Path) -> Loudness:
    """The integrated loudness (LUFS) and true peak (dBTP) of the first audio stream of `path`."""
    path = Path(path)
    return _summary(_ffmpeg_filter(path, "ebur128=peak=true", "measure its loudness"), path)


def _summary(report: str, path: Path) -> Loudness:
    summary = report[report.rfind("Summary:") :]
    integrated = re.search(r"I:\s+(\S+) LUFS", summary)
    peak = re.search(r"True peak:\s+Peak:\s+(\S+) dBFS", summary)
    if not integrated or not peak:
        raise AudioError(f"{path}: cannot measure its loudness: no EBU R128 summary from ffmpeg")
    return Loudness(_number(integrated[1]), _number(peak[1]))


def seconds(path: Path) -> float:
    """The length of the first audio stream of `path`, in seconds."""
    path = Path(path)
    cmd = [FFPROBE, "-v", "error", "-select_streams", "a:0", "-of", "json"]
    report = _run(path, [*cmd, "-show_entries", "stream=duration:format=duration", str(path)], "read it")
    try:
        info = json.loads(report[report.find("{") : report.rfind("}") + 1])
    except ValueError:
        info = {}
    streams = info.get("streams") or []
    if not streams:
        raise AudioError(f"{path}: cannot read its length: it has no audio stream")
    for value in (streams[0].get("duration"), info.get("format", {}).get("duration")):
        if value not in (None, "N/A"):
            return float(value)
    raise AudioError(f"{path}: cannot read its length: ffprobe gives none")


def silences(path: Path, noise_db: float = -40.0, min_seconds: float = 0.1) -> list[tuple[float, float]]:
    """The (start, end) in seconds of every stretch quieter than `noise_db` dBFS for at least
    `min_seconds` (ffmpeg silencedetect); a silence running to the end ends at the file's length."""
    path = Path(path)
    report = _ffmpeg_filter(path, f"silencedetect=noise={noise_db}dB:d={min_seconds}", "find its silences")
    length = seconds(path)
    found: list[tuple[float, float]] = []
    start: float | None = None
    for kind, value in re.findall(r"silence_(start|end): (-?[\d.e+-]+)", report):
        if kind == "start":
            start = max(0.0, float(value))
        elif start is not None:
            found.append((start, min(float(value), length)))
            start = None
    if start is not None:
        found.append((start, length))
    return found


def _write(src: Path, dst: Path, af: str) -> None:
    """`src` through the filter chain `af`, resampled to RATE mono s16 WAV, atomically into `dst`."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dst.stem}.", suffix=".wav", dir=dst.parent)
    os.close(fd)
    try:
        cmd = [FFMPEG, "-nostdin", "-hide_banner", "-nostats", "-y", "-i", str(src), "-map", "0:a:0"]
        cmd += ["-af", af, "-ar", str(RATE), "-ac", "1", "-c:a", "pcm_s16le", "-f", "wav", tmp]
        _run(src, cmd, "normalise it")
        os.replace(tmp, dst)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def normalise(src: Path, dst: Path) -> None:
    """`src` (any file ffmpeg decodes, any rate, any channels) as a RATE mono s16 WAV at TARGET_LUFS with
    its true peak at most TARGET_PEAK, written atomically to `dst` (a temporary file, then os.replace).

    Measured (EBU R128, after the mix-down to mono), then one gain to the target; where that gain would
    lift the true peak over the ceiling, a look-ahead limiter at four times the output rate (so that its
    sample peaks are the true peaks) holds the peaks down. Limiting takes a little loudness away: the result
    is measured again and the gain corrected, until it is within 0.2 LU (at most PASSES passes).

    Not ffmpeg's loudnorm: its first pass gives no usable measurement on files under 3 s (ffmpeg 5.1:
    target_offset "inf"), and with TTS speech, whose peaks stand 18-20 dB above its loudness, its linear
    mode falls back to the dynamic one, which ended 1.6-3.4 LU under the target here."""
    src, dst = Path(src), Path(dst)
    mono = "aformat=sample_fmts=dbl:channel_layouts=mono"  # any channel count, mixed down before measuring
    before = _measure_filtered(src, mono)
    gain = TARGET_LUFS - before.integrated
    ceiling = 10 ** ((TARGET_PEAK - PEAK_MARGIN) / 20)
    resample = f"aresample={RATE}:resampler=soxr:precision=28" if _has_soxr() else f"aresample={RATE}"
    previous: tuple[float, float] | None = None  # (gain, loudness) of the pass before
    overshot = False  # a pass's true peak went over: limit from then on, whatever the gain
    for _ in range(PASSES):
        limited = overshot or before.true_peak + gain > TARGET_PEAK - PEAK_MARGIN
        if not limited:  # one gain, nothing else touched
            chain = f"{mono},volume={gain:.4f}dB,{resample}"
        else:
            limiter = f"alimiter=limit={ceiling:.5f}:attack=5:release=20:level=false:latency=true"
            chain = f"{mono},volume={gain:.4f}dB,aresample={4 * RATE},{limiter},{resample}"
        _write(src, dst, chain)
        got = measure(dst)
        if abs(TARGET_LUFS - got.integrated) <= 0.2 and got.true_peak <= TARGET_PEAK:
            return
        if got.true_peak > TARGET_PEAK:
            overshot = True
            ceiling *= 10 ** ((TARGET_PEAK - got.true_peak - 0.1) / 20)
        # the limiter turns a dB of gain into less than a dB of loudness: secant steps on gain -> loudness
        slope = 0.6 if limited else 1.0  # a first guess: speech limited by 3-6 dB gave 0.5-0.6 here
        if previous and abs(got.integrated - previous[1]) > 0.05:
            slope = min(1.0, max(0.15, (got.integrated - previous[1]) / (gain - previous[0])))
        previous = (gain, got.integrated)
        gain += (TARGET_LUFS - got.integrated) / slope
    raise AudioError(
        f"{src}: cannot normalise it: still {got.integrated:.1f} LUFS, true peak {got.true_peak:.1f} dBTP"
        f" after {PASSES} passes (target {TARGET_LUFS} LUFS, at most {TARGET_PEAK} dBTP)"
    )


def _measure_filtered(path: Path, af: str) -> Loudness:
    """The loudness of `path` through the filter chain `af`; an AudioError if it is silent or too short."""
    report = _ffmpeg_filter(path, f"{af},ebur128=peak=true", "measure its loudness")
    loudness = _summary(report, path)
    if loudness.integrated <= -70.0:
        raise AudioError(
            f"{path}: cannot normalise it: no loudness to measure (silent, or shorter than 0.4 s)"
        )
    return loudness


_SOXR: list[bool] = []


def _has_soxr() -> bool:
    """Whether this ffmpeg resamples with libsoxr (Debian's does); else its own resampler."""
    if not _SOXR:
        try:
            out = subprocess.run(
                [FFMPEG, "-hide_banner", "-buildconf"], capture_output=True, text=True
            ).stdout
        except FileNotFoundError:
            out = ""
        _SOXR.append("--enable-libsoxr" in out)
    return _SOXR[0]


def file_sha256(path: Path) -> str:
    """The sha256 of the file at `path`, read a MiB at a time (a voice model, a recording)."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
