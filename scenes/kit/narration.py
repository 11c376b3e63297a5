"""A narrated clip: each beat's note said by a voice, and the beat held until the voice is done (issue 25).

With a voice chosen (``[narration] voice`` in talk.toml, ``VOICE=``, ``--voice``), each beat of a clip
(scenes/kit/base.py) starts by getting its speech:

- the lecturer's own recording, ``narration/<Scene>/beat<k>.wav`` (or .flac, .mp3, .m4a), where there is one
  (scenes/kit/recordings.py);
- else the voice's: the note cut into its written sentences, each said in words (scenes/kit/spoken.py) and
  synthesised apart, so that the time of each sentence is known (scenes/kit/voice.py). The captions show
  each written sentence while its spoken form is heard.

The speech is loudness-normalised and cached by its text and voice (a re-render with unchanged notes
synthesises nothing), and placed on the clip's sound track at the beat's first frame with Manim's own
``Scene.add_sound``. The beat's animations then play as written, from its first frame; when they are done
before the voice, the beat's last frame holds (a ``wait``) until the voice has finished and a pause of
:data:`PAUSE` has passed. So one beat's voice never runs into the next beat's change, and the viewer hears
about a change while seeing it, rather than the animation being slowed to the voice.

No ffmpeg or engine work at import: the voices load only when a narrated scene is built.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

from scenes.kit import notes, recordings, spoken, voice
from scenes.kit.talkfile import Talk
from scenes.kit.voice import VoiceError  # noqa: F401 (a scene that cannot be narrated: base.py catches it)

PAUSE = 0.4  # seconds of silence after a beat's voice before the next beat starts


def cache_dir() -> Path:
    """Where speech is kept between renders: the user's cache (``$XDG_CACHE_HOME``, else ~/.cache)."""
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root) / "lecture-scenes" / "speech"


class Narrator:
    """The voice of one narrated scene: its speech for each beat, on the clip's sound track."""

    def __init__(self, talk: Talk, scene: str):
        self.voice = voice.named(talk.voice, talk.language)  # VoiceError: one line
        self.language, self.scene = talk.language, scene
        self.recordings = talk.recordings_dir
        self.cache = cache_dir()
        self.started = 0.0  # the current beat's start, in scene seconds
        self.missing: list[int] = []

    def speak(self, k: int, beat: notes.Beat) -> notes.Beat:
        """Beat `k` (from 1) with its speech: the recording of it, else the voice's."""
        own = recordings.find(self.recordings, self.scene, k)
        written = spoken.sentences(beat.note, self.language)
        if own is not None:
            speech = recordings.recorded(own, self.cache)
            spans = _spread(written, speech.sentences[0][0], speech.sentences[-1][1])
        else:
            if self.recordings.joinpath(self.scene).is_dir():
                self.missing.append(k)
            # the clip's own spoken form where it gives one, else each written sentence said by the rules
            said = (
                spoken.sentences(beat.said, self.language)
                if beat.said
                else [spoken.say(s, self.language) for s in written]
            )
            speech = voice.speak(said, self.voice, self.cache)
            if len(said) == len(written):
                spans = tuple(
                    (w, start, end) for w, (start, end) in zip(written, speech.sentences, strict=True)
                )
            else:  # a spoken form of its own, cut otherwise: the written sentences spread over the speech
                spans = _spread(written, speech.sentences[0][0], speech.sentences[-1][1])
        return replace(beat, audio=str(speech.path), voiced=speech.seconds, sentences=spans)

    def warn_missing(self) -> None:
        """One line when the scene has recordings but not for every beat: the voice says the others."""
        if self.missing:
            beats = ", ".join(f"beat{k}" for k in self.missing)
            print(
                f"narration: {self.recordings / self.scene}: no recording for {beats}; the voice"
                f" {self.voice.name} says them",
                file=sys.stderr,
            )


def _spread(sentences: list[str], start: float, end: float) -> tuple[tuple[str, float, float], ...]:
    """The sentences' times when only the whole speech's is known: shared by their characters."""
    total = sum(len(s) for s in sentences) or 1
    spans, at = [], start
    for s in sentences:
        length = (end - start) * len(s) / total
        spans.append((s, round(at, 3), round(at + length, 3)))
        at += length
    return tuple(spans)
