"""The lecturer's own voice: a recording per beat, in place of a synthetic voice.

``narration/<Scene>/beat<k>.<suffix>``, k from 1 (the scene's first beat), suffix one of :data:`SUFFIXES`:
one file per beat, any rate, any channel count. :func:`find` finds a beat's file, :func:`problems` says what
is wrong with one (unreadable, silent, clipped), :func:`check` with everything under the folder (names,
suffixes, missing beats), :func:`recorded` makes a file into a normalised Speech (scenes/kit/voice.py),
cached by its content. docs/narration.md, "Your own recordings".

No manim here: the tool and the scene process both import it.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np

from scenes.kit import audio
from scenes.kit.audio import AudioError
from scenes.kit.voice import Speech, cached, locked, store

SUFFIXES = (".wav", ".flac", ".mp3", ".m4a")
NAME = re.compile(r"beat([1-9][0-9]*)(\.[^.]+)")  # beat<k>.<suffix>, k from 1, no leading zero
SILENT_DB = -50.0  # a recording whose loudest sample is quieter than this (dBFS) is silent
FULL_SCALE = 0.98  # a sample at least this far up (of full scale) is at full scale
CLIPPED_SHARE = (
    1e-4  # more than this share of samples flat at full scale (and more than CLIPPED_MIN): clipped
)
CLIPPED_MIN = 20
PINNED_DB, PINNED_SHARE = 0.5, 0.05  # a lossy file of a clipped signal: 5 % of samples within 0.5 dB of peak
SPEECH_DB = -40.0  # quieter than this (dBFS) for 0.1 s or more: a pause, before or after the speech


def _beat(path: Path) -> int | None:
    """k of a file named beat<k>.<suffix> with a known suffix (any case), else None."""
    m = NAME.fullmatch(path.name)
    return int(m[1]) if m and m[2].lower() in SUFFIXES else None


def find(folder: Path, scene: str, k: int) -> Path | None:
    """The recording of beat `k` (from 1) of `scene` under the narration `folder`, or None; two files for
    one beat (beat2.wav and beat2.mp3): AudioError naming both."""
    here = Path(folder) / scene
    if not here.is_dir():
        return None
    found = sorted(p for p in here.iterdir() if p.is_file() and _beat(p) == k)
    if len(found) > 1:
        names = " and ".join(str(p) for p in found)
        raise AudioError(f"{names}: two recordings for beat {k} of {scene}; keep one")
    return found[0] if found else None


def _decoded(path: Path) -> np.ndarray:
    """Every sample of the first audio stream of `path`, float32, one column a channel (no resampling)."""
    probe = [audio.FFPROBE, "-v", "error", "-select_streams", "a:0", "-show_entries", "stream=channels"]
    proc = subprocess.run([*probe, "-of", "csv=p=0", str(path)], capture_output=True, text=True, check=False)
    channels = proc.stdout.split()
    if proc.returncode or not channels or not channels[0].isdigit():
        why = (proc.stderr.strip().splitlines() or ["no audio stream"])[-1]
        raise AudioError(f"{path}: unreadable: ffmpeg cannot decode it ({why})")
    cmd = [audio.FFMPEG, "-nostdin", "-v", "error", "-i", str(path), "-map", "0:a:0", "-f", "f32le"]
    proc = subprocess.run([*cmd, "-c:a", "pcm_f32le", "-"], capture_output=True, check=False)
    if proc.returncode:
        why = (proc.stderr.decode(errors="replace").strip().splitlines() or ["no audio stream"])[-1]
        raise AudioError(f"{path}: unreadable: ffmpeg cannot decode it ({why})")
    samples = np.frombuffer(proc.stdout, dtype="<f4")
    n = max(1, int(channels[0]))
    return samples[: len(samples) // n * n].reshape(-1, n)


def _clipped_samples(samples: np.ndarray) -> int:
    """Samples that show clipping: flat tops at full scale (the same value as the sample before, at least
    FULL_SCALE); where a lossy codec rounded the flat tops off, samples beyond full scale (its overshoot)
    or, a waveform pinned at its peak, all those within PINNED_DB of a peak near full scale when they are
    more than PINNED_SHARE of the samples (speech has 0.3-0.6 % there, even limited to its ceiling)."""
    magnitude = np.abs(samples)
    flat = (samples[1:] == samples[:-1]) & (magnitude[1:] >= FULL_SCALE)
    found = int(np.count_nonzero(flat) + np.count_nonzero(magnitude > 1.0))
    peak = float(magnitude.max())
    if peak >= FULL_SCALE * 10 ** (-3 / 20):
        pinned = int(np.count_nonzero(magnitude >= peak * 10 ** (-PINNED_DB / 20)))
        if pinned > PINNED_SHARE * magnitude.size:
            found = max(found, pinned)
    return found


def problems(path: Path) -> list[str]:
    """What is wrong with the recording `path`, one line each naming it: unreadable (ffmpeg cannot decode
    it), silent (its loudest sample under SILENT_DB dBFS, or no audio), clipped (many samples flat at full
    scale). Empty: it is fine; speech limited to its ceiling and then lifted to 0 dBFS is fine too."""
    path = Path(path)
    try:
        samples = _decoded(path)
    except AudioError as e:
        return [str(e)]
    if not samples.size:
        return [f"{path}: silent: it holds no audio samples"]
    peak = float(np.abs(samples).max())
    peak_db = 20 * np.log10(peak) if peak > 0 else -np.inf
    if peak_db < SILENT_DB:
        return [
            f"{path}: silent: its loudest sample is {peak_db:.0f} dBFS (a recording must reach"
            f" {SILENT_DB:.0f})"
        ]
    clipped = _clipped_samples(samples)
    if clipped > CLIPPED_MIN and clipped > CLIPPED_SHARE * samples.size:
        return [
            f"{path}: clipped: {clipped} samples ({clipped / samples.size:.2%}) pinned at full scale; record"
            " it again with the input gain lower"
        ]
    return []


def check(folder: Path, beats: dict[str, int] | None = None) -> list[str]:
    """Every problem with the recordings under the narration `folder`, one line each: files that are not
    beat<k>.<suffix> or have another suffix, two files for a beat, unreadable, silent or clipped files, and
    missing beats. With `beats` (scene -> its number of beats): in a scene folder with any recording,
    every beat of 1..n without one, beats past n, and folders of unknown scenes; without: the gaps below
    the highest beat recorded. Hidden files (.DS_Store) are passed over."""
    folder = Path(folder)
    if not folder.is_dir():
        return [f"{folder}: no such folder (the narration folder: <Scene>/beat<k>.<suffix> in it)"]
    found: list[str] = []
    allowed = ", ".join(SUFFIXES)
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        if not entry.is_dir():
            found.append(
                f"{entry}: not in a scene's folder; recordings go in {folder}/<Scene>/beat<k>.<suffix>"
            )
            continue
        scene, have = entry.name, {}
        if beats is not None and scene not in beats:
            found.append(f"{entry}: no scene {scene} in the talk (scenes: {', '.join(sorted(beats))})")
        for path in sorted(entry.iterdir()):
            if path.name.startswith("."):
                continue
            m = NAME.fullmatch(path.name)
            if path.is_dir() or not m:
                found.append(f"{path}: the name must be beat<k>.<suffix>, k from 1, suffix one of {allowed}")
            elif m[2].lower() not in SUFFIXES:
                found.append(f"{path}: the suffix must be one of {allowed}; got {m[2]!r}")
            elif int(m[1]) in have:
                found.append(
                    f"{have[int(m[1])]} and {path}: two recordings for beat {m[1]} of {scene}; keep one"
                )
            else:
                have[int(m[1])] = path
                found += problems(path)
        if not have:
            continue
        n = beats.get(scene) if beats is not None else max(have)
        if n is None:
            continue
        found += [
            f"{entry}: no recording for beat {k} of {n} (beat{k}.<suffix>)"
            for k in range(1, n + 1)
            if k not in have
        ]
        found += [f"{have[k]}: {scene} has {n} beats, no beat {k}" for k in sorted(have) if k > n]
    return found


def recorded(path: Path, cache: Path) -> Speech:
    """The recording `path` as a Speech: decoded (any rate and channel count), normalised to a RATE mono
    WAV (scenes/kit/audio.py), cached in `cache` by the file's sha256 (the same recording again: nothing
    decoded). One span: from the end of the silence it starts with to the start of the one it ends with
    (silences of SPEECH_DB dBFS and 0.1 s, found in the normalised file)."""
    path, cache = Path(path), Path(cache)
    key = "recording-" + audio.file_sha256(path)
    wav = cache / f"{key}.wav"
    if (hit := cached(wav)) is not None:
        return hit
    with locked(cache / f"{key}.lock"):
        if (hit := cached(wav)) is not None:
            return hit
        audio.normalise(path, wav)
        length = audio.seconds(wav)
        start, end = 0.0, length
        quiet = audio.silences(wav, noise_db=SPEECH_DB)
        if quiet and quiet[0][0] <= 0.001:
            start = quiet[0][1]
        if quiet and quiet[-1][1] >= length - 0.001 and quiet[-1][0] > start:
            end = quiet[-1][0]
        if start >= end:  # all of it below SPEECH_DB: the whole file
            start, end = 0.0, length
        return store(wav, length, [(start, end)])
