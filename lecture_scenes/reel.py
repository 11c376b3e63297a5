"""The talk reel: every scene's clip in catalogue order, in one mp4 with a chapter per scene.

Clips are joined without re-encoding (FFmpeg's concat demuxer, ``-c copy``), so every clip must come from a
finished render at one quality (one size and frame rate); otherwise the reel is skipped and the last one
stays. The reel is built in ``<media>/.work/reel/`` and renamed into place; a stamp of the clips' digests,
the quality and the title makes a re-run with nothing changed "cached". Beside it, its text tracks
(lecture_scenes/captions.py): ``talk_reel.chapters.vtt`` (a chapter per scene) and
``talk_reel.descriptions.vtt`` (a cue per beat, its note).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lecture_scenes import captions, locks, mp4s, narrated
from lecture_scenes.catalogue import Entry
from lecture_scenes.media_dir import concat_line
from lecture_scenes.options import MEDIA
from lecture_scenes.runner import Failed, ffmpeg, video_seconds
from lecture_scenes.stamps import PIPELINE_VERSION, STAMP, read_stamp, write_atomically
from scenes.kit import notes
from scenes.kit.talkfile import DEFAULT_TITLE

REEL = "talk_reel.mp4"
CHAPTERS = "talk_reel.chapters.vtt"
DESCRIPTIONS = "talk_reel" + captions.DESCRIPTIONS
CAPTIONS = (
    "talk_reel.vtt"  # a narrated reel's captions (silent clips have none: their notes are descriptions)
)


@dataclass
class Reel:
    """The concatenated talk: status "ok", "cached" or "skipped" (with the reason)."""

    status: str
    path: Path | None = None
    seconds: float = 0.0
    chapters: int = 0
    reason: str = ""


def build_reel(
    entries: Sequence[Entry],
    media_dir: Path = MEDIA,
    quality: str = "l",
    title: str = DEFAULT_TITLE,
    language: str = "en",
) -> Reel:
    """`_build_reel` holding the reel's lock: two renders on one MEDIA build it one after the other (the
    second finds it cached), never into one temporary file at once."""
    with locks.held(Path(media_dir).resolve() / ".work" / "reel"):
        return _build_reel(entries, media_dir, quality, title, language)


def _build_reel(
    entries: Sequence[Entry], media_dir: Path, quality: str, title: str, language: str = "en"
) -> Reel:
    """Concatenate every entry's mp4, in order, into `media_dir`/talk_reel.mp4 with one chapter per scene.

    Built only when every entry has a finished render at `quality` (clips of one size and frame rate);
    otherwise skipped, leaving the last reel in place.
    """
    media_dir = Path(media_dir).resolve()
    if not entries:
        return Reel("skipped", reason="no scenes")
    clips, digests, missing = [], [], []
    for e in entries:
        stamp = read_stamp(media_dir / e.name)
        clip = media_dir / e.name / f"{e.name}.mp4"
        if stamp.get("quality") != quality or not clip.is_file():
            missing.append(e.name)
        clips.append((e.name, clip, stamp.get("seconds", 0.0)))
        digests.append(stamp.get("digest"))
    if missing:
        shown = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
        return Reel("skipped", reason=f"needs every scene at quality {quality}; missing {shown}")
    reel = media_dir / REEL
    key = (PIPELINE_VERSION, quality, title, language, [c[0] for c in clips], digests)
    digest = hashlib.sha256(repr(key).encode()).hexdigest()
    stamp_file = media_dir / ".work" / "reel" / STAMP
    total = sum(c[2] for c in clips)
    tracks = [media_dir / CHAPTERS]
    try:
        current = json.loads(stamp_file.read_text()).get("digest") == digest
        if current and reel.is_file() and all(t.is_file() for t in tracks):
            return Reel("cached", reel, video_seconds(reel), len(clips))
    except (OSError, ValueError):
        pass
    work = stamp_file.parent
    work.mkdir(parents=True, exist_ok=True)
    log = work / "render.log"
    log.write_text("")
    listing = work / "clips.txt"
    listing.write_text("".join(concat_line(c[1]) for c in clips), encoding="utf-8")
    meta = [";FFMETADATA1", f"title={_ffmeta(title)}"]
    start = 0.0
    for name, clip, _ in clips:
        length = video_seconds(clip)
        meta += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={round(start * 1000)}"]
        meta += [f"END={round((start + length) * 1000)}", f"title={_ffmeta(name)}"]
        start += length
    (work / "chapters.txt").write_text("\n".join(meta) + "\n")
    tmp = work / REEL
    try:
        concat = ["-f", "concat", "-safe", "0", "-i", listing, "-i", work / "chapters.txt", "-map", "0"]
        chapters = ["-map_metadata", "1", "-map_chapters", "1"]
        exact = ["-movie_timescale", str(mp4s.track_timescale(clips[0][1]) or 1000)]  # lecture_scenes/mp4s.py
        ffmpeg(*concat, *chapters, "-c", "copy", "-movflags", "+faststart", *exact, tmp, log=log)
    except Failed as err:
        return Reel("failed", reason=f"ffmpeg concat: {err} (log: {log})")
    seconds = video_seconds(tmp)
    if seconds < 0.9 * total:
        return Reel(
            "failed", reason=f"reel is {seconds:.1f} s, the clips add up to {total:.1f} s (log: {log})"
        )
    scenes = []
    for name, clip, _ in clips:
        sidecar = clip.with_name(f"{name}{notes.SIDECAR_SUFFIX}")
        line = notes.read_sidecar(sidecar) if sidecar.is_file() else None
        title = f"{name}: {line.description}" if line and line.description else name
        scenes.append((title, video_seconds(clip), line))
    made = captions.write_reel_tracks(scenes, work / CHAPTERS, work / DESCRIPTIONS)
    if scenes and all(line is not None and line.narrated for _, _, line in scenes):
        # a narrated reel: captions a viewer can read, each clip's timed to its voice; no description track
        cues, start = [], 0.0
        for _, length, line in scenes:
            cues += narrated.caption_cues(line, language, start)
            start += length
        made = [made[0], narrated.write_captions(cues, work / CAPTIONS, language)]
        (media_dir / DESCRIPTIONS).unlink(missing_ok=True)
    else:  # the notes of silent clips are no captions (a description track): none offered
        (media_dir / CAPTIONS).unlink(missing_ok=True)
    stamp_file.unlink(missing_ok=True)
    for track in made:
        os.replace(track, media_dir / track.name)
    os.replace(tmp, reel)
    write_atomically(stamp_file, json.dumps({"digest": digest}))
    return Reel("ok", reel, seconds, len(clips))


def _ffmeta(text: str) -> str:
    """`text` escaped for an FFmpeg metadata file (=, ;, #, backslash and newline are special)."""
    return re.sub(r"([=;#\\\n])", r"\\\1", text)
