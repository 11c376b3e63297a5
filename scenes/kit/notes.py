"""A clip's beats and their notes: what to say during each beat, and where each beat starts in the video.

A clip marks every narrative beat with ``self.beat(note)`` (scenes/kit/base.py), the first before its first
animation, so every moment of the clip belongs to a beat. A beat starts at an animation (Manim's "play"
index); where that falls in the video is known only once the clip is rendered: the final video is Manim's
partial movie files joined in order, so a beat starts at the sum of the frames of the partial movies before
its animation (:func:`start_frames`). The rendered clip writes its beats into a sidecar,
``<Scene>.beats.json`` (:func:`write_sidecar`), from which the tool makes the captions, the stills and the
talk's script.

No manim here: the tool reads sidecars with :func:`read_sidecar`.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from scenes.kit import spoken

ENV_VAR = "LECTURE_BEATS"  # the sidecar's path, set by the render pipeline; unset: no sidecar
SIDECAR_SUFFIX = ".beats.json"


@dataclass(frozen=True)
class Beat:
    """One beat: the note to say, the animation it starts at and, once rendered, its first frame."""

    note: str
    play: int  # the index of the first animation of the beat
    frame: int | None = None  # the first frame of the beat in the rendered video
    said: str = ""  # the note's spoken form where the clip gives it; else the rules make it (`spoken`)
    # Narrated (scenes/kit/narration.py): the beat's voice, how long it speaks, and each written sentence of
    # the note with the time (seconds from the beat's first frame) its voice says it.
    audio: str = ""  # the speech file (normalised WAV); "" in a silent clip
    voiced: float | None = None  # seconds of speech, its lead of silence included
    sentences: tuple[tuple[str, float, float], ...] = ()

    @property
    def spoken(self) -> str:
        """What a voice says for this beat: the note in words (scenes/kit/spoken.py)."""
        return self.said or spoken.say(self.note)


@dataclass(frozen=True)
class Timeline:
    """A rendered clip's beats with their frames: `fps` frames per second, `frames` frames in all."""

    scene: str
    fps: float
    frames: int
    beats: tuple[Beat, ...]
    sources: tuple[str, ...] = ()
    description: str = ""  # what the clip shows (its describe())

    @property
    def seconds(self) -> float:
        return self.frames / self.fps

    @property
    def narrated(self) -> bool:
        """Whether a voice says the beats (each has its speech)."""
        return bool(self.beats) and all(b.voiced is not None for b in self.beats)

    def start(self, k: int) -> float:
        """Beat `k`'s start in seconds."""
        return self.beats[k].frame / self.fps

    def end(self, k: int) -> float:
        """Beat `k`'s end in seconds: the next beat's start, or the end of the clip."""
        return self.start(k + 1) if k + 1 < len(self.beats) else self.seconds

    def last_frame(self, k: int) -> int:
        """The last frame of beat `k`: where everything the beat shows is on screen."""
        end = self.beats[k + 1].frame if k + 1 < len(self.beats) else self.frames
        return max(end - 1, self.beats[k].frame)


def checked_note(note: object) -> str:
    """The note as a single paragraph; ValueError if it is not a non-empty string."""
    if not isinstance(note, str) or not note.strip():
        raise ValueError(f"a beat's note must be a non-empty string (what to say), got {note!r}")
    return re.sub(r"[ \t\r\n]+", " ", note).strip()  # thin spaces inside numbers stay


def start_frames(plays: Sequence[int], frames_per_play: Sequence[int]) -> list[int]:
    """The first frame of beats that start at animations `plays`, given each animation's frame count."""
    ends = [0]
    for n in frames_per_play:
        ends.append(ends[-1] + n)
    return [ends[min(p, len(frames_per_play))] for p in plays]


def frames_in(path: str | os.PathLike) -> int:
    """The number of video frames in a movie file (decoded and counted when the container does not say)."""
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        if stream.frames:
            return int(stream.frames)
        return sum(1 for _ in container.decode(stream))


def timeline(
    scene: str,
    beats: Sequence[Beat],
    partial_movies: Sequence,
    fps: float,
    sources: Sequence[str] = (),
    description: str = "",
) -> Timeline:
    """The beats placed in the video made of `partial_movies` (one per animation; None: not written)."""
    counts = [frames_in(p) if p else 0 for p in partial_movies]
    firsts = start_frames([b.play for b in beats], counts)
    placed = tuple(replace(b, frame=f) for b, f in zip(beats, firsts, strict=True))
    return Timeline(scene, float(fps), sum(counts), placed, tuple(sources), description)


def write_sidecar(path: Path, line: Timeline) -> None:
    """The timeline as JSON at `path` (written under another name and renamed: never half a file)."""
    data = {**asdict(line), "beats": [asdict(b) for b in line.beats]}
    tmp = Path(path).with_name(Path(path).name + ".tmp")
    tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False))
    os.replace(tmp, path)


def read_sidecar(path: Path) -> Timeline:
    """The timeline a rendered clip wrote."""
    data = json.loads(Path(path).read_text())
    beats = tuple(
        Beat(**{**b, "sentences": tuple(tuple(s) for s in b.get("sentences", ()))}) for b in data["beats"]
    )
    sources = tuple(data.get("sources", ()))
    return Timeline(data["scene"], data["fps"], data["frames"], beats, sources, data.get("description", ""))
