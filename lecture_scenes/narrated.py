"""A narrated clip's sound and captions, in the tool: the parts that come after Manim (issue 25).

The scene gives each beat its speech and holds the beat until the voice is done (scenes/kit/narration.py);
Manim puts the speech on the clip's sound track (``Scene.add_sound``). Here:

- :func:`finish_clip`: the clip's sound track re-encoded as AAC (48 kHz mono, 128 kb/s) and padded with
  silence to the clip's exact length, so that the talk reel joins clips without drift; the index first
  (faststart). Its loudness is then measured (EBU R128, ffmpeg's ``ebur128``): each beat's speech is
  normalised to -16 LUFS with a true peak of at most -2 dBTP (scenes/kit/audio.py), so the clip is too;
  :func:`loudness_problems` says where it is not.
- :func:`caption_cues`: captions a viewer can read (lecture_scenes/captions.py's rules), timed to the voice:
  each written sentence of a note is shown while its spoken form is heard (the voice says each sentence
  apart, so its time is exact), its cues spread by characters within it. A sentence too short to stay 1 s
  on screen shares its cue with the next one.
- :func:`voice_slides`: each slide video of a narrated deck gets its beat's speech (manim-slides writes its
  slide videos from Manim's silent partial movies).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

from lecture_scenes import captions, mp4s
from lecture_scenes.runner import Failed, ffmpeg
from scenes.kit.notes import Timeline
from scenes.kit.talkfile import Talk

AAC = ["-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-ac", "1"]
CAPTIONS = ".vtt"  # <Scene>.vtt beside a narrated clip; talk_reel.vtt beside a narrated reel
LINGER = 1.5  # seconds a sentence's caption may stay after its voice ends, if the next sentence waits


def inputs(talk: Talk, scene: str) -> tuple:
    """What a narrated clip depends on beyond its scene: the voice (its engine and model) and the
    lecturer's recordings of the scene (their bytes); nothing for a silent talk."""
    if not talk.narrated:
        return ()
    from scenes.kit import recordings, voice

    own = talk.recordings_dir / scene
    files = sorted(p for p in own.iterdir() if p.suffix in recordings.SUFFIXES) if own.is_dir() else []
    heard = [(p.name, hashlib.sha256(p.read_bytes()).hexdigest()) for p in files]
    return ("narrated", voice.named(talk.voice, talk.language).identity, heard)


def finish_clip(source: Path, dest: Path, seconds: float, log: Path) -> Path:
    """Manim's narrated mp4 `source` as `dest`: the video copied, the sound AAC padded to `seconds`, the
    index first, the movie's length exact (lecture_scenes/mp4s.py)."""
    scale = mp4s.track_timescale(source)
    if not scale:
        raise Failed(f"{Path(source).name} is not a readable video")
    tmp = dest.with_name(f".{dest.stem}.{os.getpid()}.voiced{dest.suffix}")
    try:
        pad = f"apad=whole_dur={seconds:.6f},atrim=end={seconds:.6f}"
        ffmpeg(
            *("-i", source, "-map", "0:v:0", "-map", "0:a:0", "-c:v", "copy", "-af", pad, *AAC),
            *("-movflags", "+faststart", "-movie_timescale", str(scale), "-f", "mp4", tmp),
            log=log,
        )
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    return dest


def loudness_problems(path: Path) -> list[str]:
    """How the sound of `path` misses the loudness goals: -16 LUFS integrated (within 1 LU), a true peak of
    at most -1 dBTP."""
    from scenes.kit import audio

    level = audio.measure(path)
    found = []
    if abs(level.integrated - audio.TARGET_LUFS) > 1.0:
        found.append(f"{path.name}: {level.integrated:.1f} LUFS integrated, not {audio.TARGET_LUFS:g} ± 1")
    if level.true_peak > -1.0:
        found.append(f"{path.name}: a true peak of {level.true_peak:.1f} dBTP, at most -1")
    return found


def caption_cues(line: Timeline, language: str = "en", offset: float = 0.0) -> list[captions.Cue]:
    """Readable captions for the narrated clip `line`, shifted by `offset` seconds (the reel)."""
    cues: list[captions.Cue] = []
    for k, beat in enumerate(line.beats):
        start, end = line.start(k), line.end(k)
        groups = _groups(list(beat.sentences), start, end, language)
        for text, first, last in groups:
            cues += _split(text, offset + first, offset + last, language)
    return cues


def _groups(sentences: list, start: float, end: float, language: str) -> list[tuple[str, float, float]]:
    """The beat's written sentences with the times their captions may show (from the voice's start of the
    sentence to the next sentence's start, at most LINGER after the voice ends, never past the beat), joined
    where a sentence alone would be too short to read."""
    timed = []
    for i, (text, said_from, said_to) in enumerate(sentences):
        following = start + sentences[i + 1][1] if i + 1 < len(sentences) else end
        timed.append([text, start + said_from, min(following, start + said_to + LINGER, end)])
    groups: list[list] = []
    for item in timed:
        if groups and not _fits(*groups[-1], language):
            groups[-1] = [f"{groups[-1][0]} {item[0]}", groups[-1][1], item[2]]
        else:
            groups.append(item)
    while len(groups) > 1 and not _fits(
        *groups[-1], language
    ):  # the last one too short: joined to the one before
        last = groups.pop()
        groups[-1] = [f"{groups[-1][0]} {last[0]}", groups[-1][1], last[2]]
    return [tuple(g) for g in groups]


def _split(text: str, first: float, last: float, language: str) -> list[captions.Cue]:
    return captions.split_cues(text, first, last, language=language)


def _fits(text: str, first: float, last: float, language: str) -> bool:
    try:
        _split(text, first, last, language)
    except captions.TooShort:
        return False
    return True


def write_captions(cues: Sequence[captions.Cue], path: Path, language: str = "en") -> Path:
    """The cues as WebVTT at `path`, checked against the language's rules (Failed with the first
    problems)."""
    captions.write_cues(cues, path)
    if found := captions.readable_problems(path, language=language):
        raise Failed("; ".join(found[:2]))
    return path


def voice_slides(slides: Sequence[Path], line: Timeline, log: Path) -> None:
    """Slide k's video (beat k's) with beat k's speech from its first frame, padded with silence to its end;
    a video already voiced with that speech is left as it is."""
    if len(slides) != len(line.beats):
        raise Failed(f"{line.scene}: {len(slides)} slides for {len(line.beats)} beats")
    for video, beat in zip(slides, line.beats, strict=True):
        mark = video.with_suffix(".voice")
        want = hashlib.sha256(Path(beat.audio).read_bytes()).hexdigest()
        if mark.is_file() and mark.read_text() == want:
            continue
        tmp = video.with_name(f".{video.stem}.voiced.mp4")
        try:
            ffmpeg(
                *("-i", video, "-i", beat.audio, "-map", "0:v:0", "-map", "1:a:0", "-c:v", "copy"),
                *("-af", "apad", "-shortest", *AAC, "-movflags", "+faststart", "-f", "mp4", tmp),
                log=log,
            )
            os.replace(tmp, video)
        finally:
            tmp.unlink(missing_ok=True)
        mark.write_text(want)
