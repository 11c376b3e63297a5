"""Text alternatives for the silent clips (WCAG 2.1 SC 1.2.1): WebVTT caption tracks and the reel's chapters.

- ``<Scene>.vtt`` beside each clip: one cue per beat, from the beat's first frame to the next beat's (the last
  to the end of the clip), its text the beat's note. PowerPoint takes it with Insert Captions, a browser as a
  ``<track kind="captions">``.
- ``talk_reel.chapters.vtt``: one cue per scene of the talk reel (``<track kind="chapters">``), and
  ``talk_reel.vtt``: every beat of the reel, for the reel as the clips' captions are for the clips.

Written and read back with webvtt-py: :func:`problems` parses a file and checks it against the beats.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from pathlib import Path

import webvtt

from scenes.kit.notes import Timeline


def milliseconds(seconds: float) -> int:
    """`seconds` up to the next whole millisecond: a cue at frame k's time k / fps starts while frame k is on
    screen (rounded down, it would start during frame k - 1, as 13.566 s does for frame 407 at 30 fps)."""
    return math.ceil(round(seconds * 1000, 6))


def timestamp(seconds: float) -> str:
    """WebVTT's hh:mm:ss.ttt, to the millisecond (:func:`milliseconds`)."""
    ms = milliseconds(seconds)
    hours, ms = divmod(ms, 3_600_000)
    minutes, ms = divmod(ms, 60_000)
    secs, ms = divmod(ms, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{ms:03d}"


def cue_text(text: str) -> str:
    """`text` as WebVTT cue text: &, < and > escaped (the cue text may hold tags), one line."""
    return html.escape(" ".join(text.split("\n")), quote=False)


def read_text(caption: webvtt.Caption) -> str:
    """A cue's text as it was given to :func:`cue_text`."""
    return html.unescape(caption.text)


def track(cues: Sequence[tuple[float, float, str, str]]) -> webvtt.WebVTT:
    """A WebVTT file of (start s, end s, identifier, text) cues."""
    vtt = webvtt.WebVTT()
    for start, end, ident, text in cues:
        vtt.captions.append(
            webvtt.Caption(start=timestamp(start), end=timestamp(end), text=cue_text(text), identifier=ident)
        )
    return vtt


def beat_cues(line: Timeline, offset: float = 0.0, prefix: str = "") -> list[tuple[float, float, str, str]]:
    """One cue per beat of `line`, shifted by `offset` seconds."""
    return [
        (offset + line.start(k), offset + line.end(k), f"{prefix}beat-{k + 1}", beat.note)
        for k, beat in enumerate(line.beats)
    ]


def write_clip_captions(line: Timeline, path: Path) -> Path:
    """The clip's caption track at `path`: one cue per beat, its note."""
    track(beat_cues(line)).save(str(path))
    return path


def write_reel_tracks(
    scenes: Sequence[tuple[str, float, Timeline | None]], chapters: Path, captions: Path
) -> list[Path]:
    """The reel's chapters (one cue per scene: (title, clip length, beats)) and its captions (every beat)."""
    chapter_cues, caption_cues, start = [], [], 0.0
    for i, (title, seconds, line) in enumerate(scenes, 1):
        chapter_cues.append((start, start + seconds, f"chapter-{i}", title))
        if line is not None:
            caption_cues += beat_cues(line, start, f"scene-{i}-")
        start += seconds
    track(chapter_cues).save(str(chapters))
    track(caption_cues).save(str(captions))
    return [chapters, captions]


def problems(path: Path, line: Timeline, seconds: float) -> list[str]:
    """What is wrong with the caption file at `path` for the beats `line` of a clip `seconds` long: each
    cue must start while its beat's first frame is on screen, and end by the end of the clip."""
    try:
        cues = webvtt.read(str(path)).captions
    except (webvtt.errors.MalformedFileError, OSError) as err:
        return [f"{path.name} does not parse as WebVTT: {err}"]
    found = []
    if len(cues) != len(line.beats):
        found.append(f"{path.name}: {len(cues)} cues for {len(line.beats)} beats")
    last = 0
    for k, (cue, beat) in enumerate(zip(cues, line.beats, strict=False), 1):
        start, end = cue.start_time.in_milliseconds(), cue.end_time.in_milliseconds()
        if not last <= start < end <= milliseconds(seconds):
            found.append(f"{path.name}: cue {k} ({cue.start} --> {cue.end}) is out of order or past the clip")
        elif beat.frame is not None and math.floor(start * line.fps / 1000) != beat.frame:
            found.append(f"{path.name}: cue {k} starts at {cue.start}, not in beat {k}'s first frame")
        if read_text(cue) != beat.note:
            found.append(f"{path.name}: cue {k} is not beat {k}'s note")
        last = end
    return found
