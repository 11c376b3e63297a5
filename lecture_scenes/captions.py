"""Text alternatives for the clips (WCAG 2.1 SC 1.2.1) as WebVTT: description tracks, chapters, captions.

- ``<Scene>.descriptions.vtt`` beside each silent clip: one cue per beat, from the beat's first frame to the
  next beat's (the last to the end of the clip), its text the beat's note: what the clip shows, for a
  ``<track kind="descriptions">`` (and the talk's script). Not captions: the notes are some 13 minutes of
  speech for 3 minutes of video (a cue of 190 characters for 0.47 s), which no viewer can read.
- ``talk_reel.chapters.vtt``: one cue per scene of the talk reel (``<track kind="chapters">``), and
  ``talk_reel.descriptions.vtt``: every beat of the reel, as the clips' description tracks.
- Captions a viewer can read (:func:`split_cues`, :func:`write_cues`): a beat's note cut into cues of at most
  2 lines of 42 characters, on screen 1 to 7 s, at most 20 characters a second, broken where a phrase ends
  and timed by characters. They need a beat as long as its note takes to say (a narrated clip's); the
  splitter refuses a beat too short (:class:`TooShort`) rather than break a rule.

Written and read back with webvtt-py: :func:`problems` checks a description track against the beats,
:func:`readable_problems` a caption track against the rules.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
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


DESCRIPTIONS = ".descriptions.vtt"  # <Scene>.descriptions.vtt, talk_reel.descriptions.vtt


def write_descriptions(line: Timeline, path: Path) -> Path:
    """The clip's description track at `path`: one cue per beat, its note."""
    track(beat_cues(line)).save(str(path))
    return path


def write_reel_tracks(
    scenes: Sequence[tuple[str, float, Timeline | None]], chapters: Path, descriptions: Path
) -> list[Path]:
    """The reel's chapters (one cue per scene: (title, clip length, beats)) and its descriptions (every
    beat's note)."""
    chapter_cues, caption_cues, start = [], [], 0.0
    for i, (title, seconds, line) in enumerate(scenes, 1):
        chapter_cues.append((start, start + seconds, f"chapter-{i}", title))
        if line is not None:
            caption_cues += beat_cues(line, start, f"scene-{i}-")
        start += seconds
    track(chapter_cues).save(str(chapters))
    track(caption_cues).save(str(descriptions))
    return [chapters, descriptions]


def problems(path: Path, line: Timeline, seconds: float) -> list[str]:
    """What is wrong with the description track at `path` for the beats `line` of a clip `seconds` long: each
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


# Captions a viewer can read (issue 25): broadcast rules, e.g. Netflix's timed-text style guide for English.
MAX_LINE = 42  # characters a line
MAX_LINES = 2
MIN_MS, MAX_MS = 1000, 7000  # on screen at least 1 s, at most 7 s
MAX_CPS = 20  # characters (spaces included, the line break not) a second
# A line or a cue may end after these words only at a cost: "the | model" reads badly.
_CLINGING = frozenset(
    "a an the of to in on at by for from with into onto over under than as and or but nor if so that which"
    " who whose is are was were be its their his her our your my this these those each every no not".split()
)
# A new phrase starts at these words: a good place for a break.
_OPENING = frozenset(
    "and but or so because which who where when while then if that though although since until unless"
    " whereas".split()
)
_PREPOSITIONS = frozenset(
    "of to in on at by for from with into over under through between after before".split()
)


class TooShort(ValueError):
    """A beat too short for its note: read at 20 characters a second, or shown 1 s, it needs more time."""


@dataclass(frozen=True)
class Cue:
    """One caption: from `start` to `end` (milliseconds), its lines."""

    start: int
    end: int
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.lines)


def cue_problems(cue: Cue) -> list[str]:
    """How `cue` breaks the rules for readable captions (none: an empty list)."""
    found = []
    if not 1 <= len(cue.lines) <= MAX_LINES or any(not line for line in cue.lines):
        found.append(f"{len(cue.lines)} lines, 1 to {MAX_LINES} allowed")
    if long := [line for line in cue.lines if len(line) > MAX_LINE]:
        found.append(f"a line of {len(long[0])} characters, at most {MAX_LINE}")
    ms = cue.end - cue.start
    if not MIN_MS <= ms <= MAX_MS:
        found.append(f"on screen {ms / 1000:g} s, {MIN_MS // 1000} to {MAX_MS // 1000} s allowed")
    elif len(cue.text) * 1000 > MAX_CPS * ms:
        found.append(f"{len(cue.text) * 1000 / ms:.1f} characters a second, at most {MAX_CPS}")
    return found


def _words(text: str) -> list[str]:
    """The words of `text`, none longer than a line: split at spaces, tabs and newlines only (the thin
    spaces inside numbers, "4 730", stay)."""
    words = []
    for word in re.split(r"[ \t\r\n]+", text.strip()):
        words += [word[i : i + MAX_LINE] for i in range(0, len(word), MAX_LINE)] if word else []
    return words


def characters(note: str) -> int:
    """The characters `note` shows as captions (what 20 a second counts): its words joined by single spaces,
    a word longer than a line cut in pieces of a line, a space between them."""
    return len(" ".join(_words(note)))


def _break_cost(before: str, after: str) -> int:
    """What a line or cue break between the words `before` and `after` costs: 0 at the end of a sentence,
    little after a comma or before a new phrase, much inside one (after "the", between a number and its
    unit)."""
    bare_before, bare_after = before.lower().strip("\"'(“‘"), after.lower().strip("\"'(“‘),.;:")
    if before[-1] in ".!?…" or before.endswith((".”", ".'", '."')):
        return 0
    if before[-1] in ",;:" or after in {"—", "–", "-"} or before in {"—", "–"}:
        return 1
    if bare_before.rstrip(",.;:") in _CLINGING:
        return 12
    if any(c.isdigit() for c in before) and not any(c.isdigit() for c in after) and len(bare_after) <= 5:
        return 10  # "0.857 | of", "60 | TB": keep a number with its unit
    if bare_after in _OPENING:
        return 2
    if bare_after in _PREPOSITIONS:
        return 3
    return 6


def _lines(words: Sequence[str]) -> tuple[tuple[str, ...], int] | None:
    """`words` laid out as one line, or as two broken where it reads best; with the cost of the break. None
    when they do not fit in two lines."""
    text = " ".join(words)
    if len(text) <= MAX_LINE:
        return (text,), 0
    best = None
    for k in range(1, len(words)):
        top, bottom = " ".join(words[:k]), " ".join(words[k:])
        if len(top) > MAX_LINE or len(bottom) > MAX_LINE:
            continue
        # the top line no longer than the bottom one reads better (a pyramid), but the phrase comes first
        cost = 3 * _break_cost(words[k - 1], words[k]) + abs(len(top) - len(bottom)) // 8
        if best is None or cost < best[1]:
            best = (top, bottom), cost
    return best


def split_cues(note: str, start: float, end: float) -> list[Cue]:
    """`note` as readable captions for a beat from `start` to `end` seconds: cues of at most 2 lines of 42
    characters, on screen 1 to 7 s, at most 20 characters a second, broken where a phrase ends.

    The beat's time is spread over its words by their characters (the speaker's pace, where no voice says
    when each word is spoken), so a cue starts when its first word would be said; a cue that would stay
    longer than 7 s leaves the screen at 7 s until the next. TooShort when the beat is too short for its
    note: its characters at 20 a second, or less than 1 s in all.
    """
    words = _words(note)
    chars = characters(note)
    first, last = milliseconds(start), milliseconds(end)
    span = last - first
    if not words:
        raise ValueError("a caption needs a note with words")
    if chars * 1000 > MAX_CPS * span or span < MIN_MS:
        need = max(chars * 1000 / MAX_CPS, MIN_MS) / 1000
        raise TooShort(
            f"a beat of {span / 1000:g} s is too short for its note: its {chars} characters need {need:g} s"
            f" at {MAX_CPS} characters a second"
        )
    # Cheapest split into cues (dynamic programming over the words): each cue fits in two lines and holds
    # enough characters to stay 1 s at the beat's pace (its characters times span / chars >= 1000 ms).
    n = len(words)
    best: list[tuple[int, int, tuple[str, ...]] | None] = [None] * (n + 1)  # (cost, previous cut, lines)
    best[0] = (0, -1, ())
    for j in range(1, n + 1):
        for i in range(j - 1, -1, -1):
            size = len(" ".join(words[i:j]))
            if size > MAX_LINES * MAX_LINE + 1:
                break
            if best[i] is None or size * span < MIN_MS * chars:
                continue
            laid = _lines(words[i:j])
            if laid is None:
                continue
            lines, cost = laid
            # a cue ending mid-sentence costs more than a line break there; every cue costs a little
            cost += best[i][0] + 5 + (4 * _break_cost(words[j - 1], words[j]) if j < n else 0)
            cost += 8 * sum(1 for w in words[i : j - 1] if w[-1] in ".!?") if len(lines) == 1 else 0
            if best[j] is None or cost < best[j][0]:
                best[j] = (cost, i, lines)
    if best[n] is None:
        raise TooShort(f"a beat of {span / 1000:g} s: its note cannot be cut into cues of 1 s or more")
    parts, j = [], n
    while j > 0:
        _, i, lines = best[j]
        parts.append(lines)
        j = i
    parts.reverse()
    # Each cue's time: its characters' share of the beat, in whole milliseconds (floor: the shares add up to
    # at most the span, and each is >= 1000 ms and >= 50 ms a character because span >= 50 ms * chars).
    cues, done = [], 0
    for lines in parts:
        size = len(" ".join(lines))
        at = first + done * span // chars
        share = size * span // chars
        cues.append(Cue(at, at + min(share, MAX_MS), lines))
        done += size + 1
    return cues


def write_cues(cues: Sequence[Cue], path: Path) -> Path:
    """Readable captions (:func:`split_cues`) as a WebVTT file at `path`, a line break between lines."""
    vtt = webvtt.WebVTT()
    for k, cue in enumerate(cues, 1):
        text = "\n".join(cue_text(line) for line in cue.lines)
        vtt.captions.append(
            webvtt.Caption(
                start=timestamp(cue.start / 1000), end=timestamp(cue.end / 1000), text=text, identifier=str(k)
            )
        )
    vtt.save(str(path))
    return path


def readable_problems(path: Path) -> list[str]:
    """How the caption file at `path` breaks the rules for readable captions, a line per cue that does, and
    cues out of order."""
    try:
        read = webvtt.read(str(path)).captions
    except (webvtt.errors.MalformedFileError, OSError) as err:
        return [f"{path.name} does not parse as WebVTT: {err}"]
    found, last = [], 0
    for k, caption in enumerate(read, 1):
        start, end = caption.start_time.in_milliseconds(), caption.end_time.in_milliseconds()
        lines = tuple(html.unescape(line) for line in caption.text.split("\n"))
        where = f"{path.name}: cue {k} ({caption.start} --> {caption.end})"
        found += [f"{where}: {problem}" for problem in cue_problems(Cue(start, end, lines))]
        if start < last:
            found.append(f"{where}: starts before the cue before it ends")
        last = end
    return found
